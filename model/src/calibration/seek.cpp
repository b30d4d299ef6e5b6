// clustersim seek: bracketing + TOMS 748 on g(x) = projected(x) - target (seek.hpp).
#include "clustersim/calibration/seek.hpp"

#include <fmt/format.h>

#include <boost/math/tools/toms748_solve.hpp>
#include <cmath>
#include <stdexcept>

#include "clustersim/analysis/marginal.hpp"
#include "clustersim/scenario/detail/text.hpp"
#include "clustersim/scenario/paths.hpp"

namespace clustersim::calibration {
namespace {

namespace text = scenario::detail;

// Default upper bound of an annual amount when the scenario's path is zero, per lever unit:
// large enough to be "more than any plausible programme" for Pingshan-sized clusters
// (assumption): 1,000 亿元/yr of fund, 1,000 ha/yr of land (Pingshan's ≈10 km² consolidation
// in a year), 2,000 万m²/yr of floor (all of Shenzhen's 工业上楼 programme), 200,000 persons/yr.
double default_amount_floor(Lever l) {
  switch (l) {
    case Lever::Fund: return 1000.0;
    case Lever::Land: return 1000.0;
    case Lever::Floor: return 2000.0;
    case Lever::Talent: return 200000.0;
    default: return 1000.0;
  }
}

}  // namespace

std::string_view status_name(SeekResult::Status s) {
  switch (s) {
    case SeekResult::Status::Found: return "found";
    case SeekResult::Status::AlreadyReached: return "already_reached";
    case SeekResult::Status::Unreachable: return "unreachable";
  }
  return "?";
}

std::string_view mode_name(SeekMode m) { return m == SeekMode::Scale ? "scale" : "amount"; }

LeverRow parse_lever(const scenario::Scenario& scenario, const std::string& text_in) {
  const auto colon = text_in.find(':');
  const std::string kind = text_in.substr(0, colon);
  const auto lever = find_lever(kind);
  if (!lever) {
    std::vector<std::string> kinds;
    for (const auto& li : kLeverInfo) kinds.emplace_back(li.key);
    throw std::invalid_argument(fmt::format("unknown lever kind '{}'{}; expected one of {}", kind,
                                            text::did_you_mean(kind, kinds), text::join(kinds, ", ")));
  }
  const int n = scenario.spec.num_clusters();
  LeverRow out{*lever, n};
  if (colon == std::string::npos || text_in.substr(colon + 1) == "region") {
    if (!info(*lever).region_allowed) {
      throw std::invalid_argument(fmt::format(
          "lever '{}' has no region row: name a cluster, e.g. {}:{}", kind, kind,
          n > 0 ? scenario.clusters.front().id : std::string("ic")));
    }
    return out;
  }
  const std::string id = text_in.substr(colon + 1);
  const scenario::ClusterNames clusters = scenario::cluster_names(scenario);
  const auto row = scenario::find_cluster(clusters, id);
  if (!row) throw std::invalid_argument(scenario::unknown_cluster(clusters, id));
  out.row = *row;
  return out;
}

std::string lever_label(const scenario::Scenario& scenario, const LeverRow& lever) {
  const int n = scenario.spec.num_clusters();
  return fmt::format("{}:{}", info(lever.lever).key,
                     lever.row == n ? std::string("region") : scenario.clusters[lever.row].id);
}

int parse_target(const scenario::Scenario& scenario, const std::string& t) {
  std::vector<std::string> available;
  for (const auto& tg : scenario.targets) available.push_back(fmt::format("{}:{}", tg.cluster, tg.year));
  const auto colon = t.find(':');
  const auto year = colon == std::string::npos ? std::nullopt
                                               : text::parse_number(t.substr(colon + 1));
  if (colon != std::string::npos && year) {
    // A cluster by id or by name (半导体与集成电路:2030), or 'all'.
    const scenario::ClusterNames clusters = scenario::cluster_names(scenario);
    const std::string written = t.substr(0, colon);
    const auto c = scenario::find_cluster(clusters, written);
    const std::string id = c ? clusters.ids[static_cast<std::size_t>(*c)] : written;
    for (std::size_t k = 0; k < scenario.targets.size(); ++k) {
      if (scenario.targets[k].cluster == id && scenario.targets[k].year == static_cast<int>(*year))
        return static_cast<int>(k);
    }
    if (!c && written != "all") throw std::invalid_argument(scenario::unknown_cluster(clusters, written));
  }
  throw std::invalid_argument(fmt::format(
      "the scenario has no target '{}' (CLUSTER:YEAR); its targets: {}", t,
      available.empty() ? std::string("none") : text::join(available, ", ")));
}

void apply_level(ModelSpec& spec, const LeverRow& lever, SeekMode mode, double level,
                 int first_year, int last_year) {
  auto& m = spec.levers[static_cast<int>(lever.lever)];
  if (mode == SeekMode::Scale) {
    for (int y = first_year; y <= last_year; ++y) m(lever.row, y - spec.start_year) *= level;
    return;
  }
  for (int y = first_year; y <= last_year; ++y) m(lever.row, y - spec.start_year) = level;
}

SeekResult seek(const scenario::Scenario& scenario, const SeekRequest& req) {
  if (req.target < 0 || req.target >= static_cast<int>(scenario.targets.size()))
    throw std::invalid_argument("target index out of range");
  const scenario::Target& target = scenario.targets[req.target];
  const ModelSpec& base = scenario.spec;

  SeekResult r;
  r.mode = req.mode;
  r.lever = req.lever;
  // Both modes cover the policy years: the year after the baseline to the target year (the
  // baseline year is history, reproduced by the run, and a multiplier on it would release land or
  // spend money in a year already past; later years cannot affect the target).
  r.first_year = std::min(base.start_year + 1, target.year);
  r.last_year = target.year;
  const auto& path = base.levers[static_cast<int>(req.lever.lever)];
  if (req.mode == SeekMode::Scale) {
    double total = 0.0;
    for (int y = r.first_year; y <= r.last_year; ++y) total += std::abs(path(req.lever.row, y - base.start_year));
    if (total == 0.0) {
      throw std::invalid_argument(fmt::format(
          "the scenario's {} path is zero in {}–{}, so a multiplier on it changes nothing: use --mode amount",
          lever_label(scenario, req.lever), r.first_year, r.last_year));
    }
    r.current = 1.0;
  } else {
    double sum = 0.0;
    for (int y = r.first_year; y <= r.last_year; ++y) sum += base.lever(req.lever.lever, req.lever.row, y);
    r.current = sum / (r.last_year - r.first_year + 1);
  }
  r.max = std::isnan(req.max) ? (req.mode == SeekMode::Scale
                                     ? 20.0
                                     : std::max(20.0 * r.current, default_amount_floor(req.lever.lever)))
                              : req.max;
  if (!(r.max > 0.0) || !std::isfinite(r.max))
    throw std::invalid_argument("the search bound --max must be a finite number > 0");
  r.target = target.value / target.unit_factor;

  // No warm start of the baseline reproduction: a re-run of the answer from scratch (as `run`
  // does) must give the same figure bit for bit.
  const RunOptions options;
  struct Eval {
    double g;
    RunResult run;
    std::vector<analysis::TargetRow> rows;
  };
  auto evaluate = [&](double x) {
    ModelSpec spec = base;
    apply_level(spec, req.lever, req.mode, x, r.first_year, r.last_year);
    Eval e;
    e.run = simulate(Model(std::move(spec)), scenario.solver, options);
    e.rows = analysis::evaluate_targets(scenario, e.run);
    ++r.evaluations;
    e.g = e.rows[req.target].projected - e.rows[req.target].target;
    return e;
  };
  // The result at `level` (the run there in `e`), with the bracket [low, level].
  // The binding factor at the answer is the marginal one (E10: the factor whose 1% relief gains
  // the most output, by perturbed runs), as `run` reports it, not the static smallest limit.
  auto settle = [&](Eval& e, double level) {
    r.spec = base;
    apply_level(r.spec, req.lever, req.mode, level, r.first_year, r.last_year);
    analysis::compute_marginal_binding(Model(r.spec), scenario.solver, e.run);
    e.rows = analysis::evaluate_targets(scenario, e.run);
    r.projected = e.rows[req.target].projected;
    r.binding = e.rows[req.target].binding;
    r.run = std::move(e.run);
    r.targets = std::move(e.rows);
  };
  auto finish = [&](double low, double level, Eval e) -> SeekResult {
    r.level = r.bracket_high = level;
    r.bracket_low = low;
    settle(e, level);
    return std::move(r);  // the caller returns it at once
  };

  Eval at_current = evaluate(r.current);
  r.projected_current = at_current.rows[req.target].projected;
  r.projected_scenario = r.projected_current;
  if (req.mode == SeekMode::Amount) {
    r.projected_scenario = analysis::evaluate_targets(scenario, simulate(Model(base), scenario.solver, options))[req.target].projected;
    ++r.evaluations;
  }

  double lo = 0.0, hi = 0.0;
  double g_lo = 0.0, g_hi = 0.0;
  if (at_current.g >= 0.0) {
    r.status = SeekResult::Status::AlreadyReached;
    Eval at_zero = evaluate(0.0);
    if (at_zero.g >= 0.0 || r.current == 0.0) {
      // Reached without the lever at all: the smallest level is 0.
      r.level = r.bracket_low = r.bracket_high = 0.0;
      settle(at_zero, 0.0);
      return r;
    }
    lo = 0.0, g_lo = at_zero.g, hi = r.current, g_hi = at_current.g;
  } else {
    // Expand geometrically from the current level (or from 1/64 of the bound) up to the bound.
    lo = r.current, g_lo = at_current.g;
    hi = r.current > 0.0 ? std::min(2.0 * r.current, r.max) : r.max / 64.0;
    if (hi <= lo) hi = r.max;
    for (;;) {
      Eval e = evaluate(hi);
      if (e.g >= 0.0) {
        g_hi = e.g;
        break;
      }
      if (hi >= r.max) {
        r.status = SeekResult::Status::Unreachable;
        return finish(hi, hi, std::move(e));
      }
      lo = hi, g_lo = e.g;
      hi = std::min(2.0 * hi, r.max);
    }
  }

  if (g_hi > 0.0) {
    // toms748 needs a strict sign change; g_hi == 0 is already the answer.
    const double abs_tol = req.abs_tol, rel_tol = req.rel_tol;
    auto stop = [abs_tol, rel_tol](double a, double b) {
      return std::abs(b - a) <= abs_tol + rel_tol * std::abs(b);
    };
    auto g = [&](double x) { return evaluate(x).g; };
    std::uintmax_t iterations = static_cast<std::uintmax_t>(req.max_iterations);
    const auto bracket = boost::math::tools::toms748_solve(g, lo, hi, g_lo, g_hi, stop, iterations);
    lo = bracket.first;
    hi = bracket.second;
  }
  Eval at_level = evaluate(hi);
  // Under the monotonicity assumption g(hi) >= 0; numerical noise of the adaptive solver could
  // break that by a hair, so step up within the tolerance until the re-run reaches the target.
  for (int k = 0; k < 20 && at_level.g < 0.0; ++k) {
    hi += req.abs_tol + req.rel_tol * std::abs(hi);
    at_level = evaluate(hi);
  }
  if (r.status != SeekResult::Status::AlreadyReached) r.status = SeekResult::Status::Found;
  return finish(lo, hi, std::move(at_level));
}

}  // namespace clustersim::calibration
