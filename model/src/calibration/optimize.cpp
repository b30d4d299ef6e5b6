// clustersim optimize: multipliers on lever rows by NLopt COBYLA from several starts (optimize.hpp).
#include "clustersim/calibration/optimize.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/tools/toms748_solve.hpp>
#include <chrono>
#include <cmath>
#include <nlopt.hpp>
#include <numeric>
#include <stdexcept>

#include "clustersim/analysis/marginal.hpp"
#include "clustersim/core/errors.hpp"

namespace clustersim::calibration {

double UnitCosts::of(Lever l) const {
  switch (l) {
    case Lever::Fund: return fund;
    case Lever::Land: return land;
    case Lever::Floor: return floor;
    case Lever::Talent: return talent;
    default: return 0.0;
  }
}

std::string_view objective_name(Objective o) {
  switch (o) {
    case Objective::Cost: return "cost";
    case Objective::Count: return "count";
    case Objective::Value: return "value";
  }
  return "?";
}

std::vector<LeverRow> decision_rows(const scenario::Scenario& s, int first_year, int last_year) {
  std::vector<LeverRow> rows;
  const int n = s.spec.num_clusters();
  for (int k = 0; k < kNumLevers; ++k) {
    for (int row = 0; row <= n; ++row) {
      double total = 0.0;
      for (int y = first_year; y <= last_year; ++y) total += std::abs(s.spec.lever(static_cast<Lever>(k), row, y));
      if (total > 0.0) rows.push_back({static_cast<Lever>(k), row});
    }
  }
  return rows;
}

ModelSpec apply_allocation(const ModelSpec& base, const std::vector<LeverRow>& rows,
                           const std::vector<double>& m, int first_year, int last_year) {
  ModelSpec spec = base;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    auto& path = spec.levers[static_cast<int>(rows[r].lever)];
    for (int y = first_year; y <= last_year; ++y) path(rows[r].row, y - spec.start_year) *= m[r];
  }
  return spec;
}

namespace {

struct Problem {
  const scenario::Scenario& s;
  const OptimizeRequest& req;
  std::vector<LeverRow> rows;
  int first = 0, last = 0;
  std::vector<double> row_cost;   // 亿元 at multiplier 1
  std::vector<double> row_units;  // lever units over the years at multiplier 1
  std::vector<double> upper;      // upper bound of each row's multiplier
  std::vector<int> active;        // targets the optimiser works on (indices into req.targets)
  // Cost: the projected/target ratio each active target must reach: 1 for a target reachable at
  // the bound; for one out of reach, what the scenario's own allocation achieves (the optimiser
  // may not buy the reachable targets by giving up ground on those it cannot reach).
  std::vector<double> floor;
  std::vector<char> reachable;    // per req.targets entry: met with every multiplier at its bound
  // A point known to satisfy every floor (the attainment optimum): repairs move towards it.
  std::vector<double> anchor;
  std::vector<double> weights;    // per req.targets entry, summing to 1 over `active`
  int evaluations = 0;
  int failed_runs = 0;
  std::vector<double> last_x;
  std::vector<double> last_ratio;  // projected/target per req.targets entry

  const std::vector<double>& ratios(const std::vector<double>& x) {
    if (x == last_x) return last_ratio;
    ++evaluations;
    if (req.progress) req.progress(evaluations, req.max_evaluations);
    last_ratio.assign(req.targets.size(), 0.0);
    last_x = x;
    RunResult run;
    try {
      run = simulate(Model(apply_allocation(s.spec, rows, x, first, last)), s.solver);
    } catch (const NumericalError&) {
      // An allocation the solver cannot integrate counts as reaching nothing, so the optimiser
      // moves away from it; the count is reported.
      ++failed_runs;
      return last_ratio;
    }
    const auto tr = analysis::evaluate_targets(s, run);
    for (std::size_t k = 0; k < req.targets.size(); ++k) {
      const auto& t = tr[req.targets[k]];
      last_ratio[k] = t.target > 0.0 ? t.projected / t.target : (t.projected >= t.target ? 1.0 : 0.0);
    }
    return last_ratio;
  }
  double cost(const std::vector<double>& x) const {
    double c = 0.0;
    for (std::size_t r = 0; r < x.size(); ++r) c += x[r] * row_cost[r];
    return c;
  }
  // Σ w min(ratio, 1) over the active targets (Count/Value), Σ ratio over them (Cost).
  double progress(const std::vector<double>& x) {
    const auto& r = ratios(x);
    double v = 0.0;
    for (int k : active)
      v += req.objective == Objective::Cost ? r[k] : weights[k] * std::min(r[k], 1.0);
    return v;
  }
  // Smallest ratio − floor over the active targets: >= 0 when every one is met (Cost). A target
  // out of reach is held at its floor up to a relative kHoldTolerance (its floor is itself a
  // computed figure; a reachable target must be met exactly).
  double min_slack(const std::vector<double>& x) {
    const auto& r = ratios(x);
    double m = kInf;
    for (int k : active) m = std::min(m, r[k] - floor[k] * (reachable[k] ? 1.0 : 1.0 - kHoldTolerance));
    return m;
  }
  // Σ min(ratio, 1) over the targets out of reach: how close they get (the attainment phase).
  double attainment(const std::vector<double>& x) {
    const auto& r = ratios(x);
    double v = 0.0;
    for (int k : active)
      if (!reachable[k]) v += std::min(r[k], 1.0);
    return v;
  }
  static constexpr double kHoldTolerance = 1e-6;
};

struct Ctx {
  Problem* p;
  int k;  // target entry (constraint) or -1
  double budget;
};

double f_cost(const std::vector<double>& x, std::vector<double>&, void* d) {
  auto* c = static_cast<Ctx*>(d);
  const double scale = std::max(c->p->cost(std::vector<double>(x.size(), 1.0)), 1e-12);
  return c->p->cost(x) / scale;
}
double c_target(const std::vector<double>& x, std::vector<double>&, void* d) {
  auto* c = static_cast<Ctx*>(d);
  return c->p->floor[c->k] - c->p->ratios(x)[c->k];
}
double c_budget(const std::vector<double>& x, std::vector<double>&, void* d) {
  auto* c = static_cast<Ctx*>(d);
  return (c->p->cost(x) - c->budget) / std::max(c->budget, 1.0);
}
double f_progress(const std::vector<double>& x, std::vector<double>&, void* d) {
  return static_cast<Ctx*>(d)->p->progress(x);
}
double f_attainment(const std::vector<double>& x, std::vector<double>&, void* d) {
  return static_cast<Ctx*>(d)->p->attainment(x);
}

struct Candidate {
  std::vector<double> x;
  double value = 0.0;  // cost (Cost) or progress (Count/Value)
  bool feasible = false;
  std::string message;
};

// One COBYLA run from x0. Cost: min cost s.t. every active target at its floor (and cost <=
// budget); Count/Value: max progress s.t. cost <= budget; `attain`: max attainment of the targets
// out of reach s.t. the reachable ones met (and cost <= budget).
Candidate solve_once(Problem& p, std::vector<double> x0, double budget, int max_eval, double step,
                     bool attain = false) {
  const int n = static_cast<int>(p.rows.size());
  nlopt::opt opt(nlopt::LN_COBYLA, static_cast<unsigned>(n));
  opt.set_lower_bounds(std::vector<double>(n, 0.0));
  opt.set_upper_bounds(p.upper);
  opt.set_maxeval(std::max(max_eval, 1));
  opt.set_xtol_rel(1e-5);
  // Steps of equal cost: a row whose multiplier costs little per unit (a small fund) moves further
  // than one that costs much (the region's land), so that COBYLA's simplex is not lopsided.
  double mean_cost = 0.0;
  for (double c : p.row_cost) mean_cost += c / n;
  std::vector<double> steps(n, step);
  for (int r = 0; r < n; ++r)
    if (p.row_cost[r] > 0.0 && mean_cost > 0.0)
      steps[r] = std::clamp(step * mean_cost / p.row_cost[r], 0.1 * step, std::max(step, 0.5 * p.upper[r]));
  opt.set_initial_step(steps);
  std::vector<Ctx> ctx;
  ctx.reserve(p.active.size() + 2);
  ctx.push_back({&p, -1, budget});
  if (attain) {
    opt.set_max_objective(f_attainment, &ctx[0]);
    for (int k : p.active) {
      if (!p.reachable[k]) continue;
      ctx.push_back({&p, k, budget});
      opt.add_inequality_constraint(c_target, &ctx.back(), 1e-7);
    }
  } else if (p.req.objective == Objective::Cost) {
    opt.set_min_objective(f_cost, &ctx[0]);
    for (int k : p.active) {
      ctx.push_back({&p, k, budget});
      opt.add_inequality_constraint(c_target, &ctx.back(), 1e-7);
    }
  } else {
    opt.set_max_objective(f_progress, &ctx[0]);
  }
  if (std::isfinite(budget)) {
    ctx.push_back({&p, -1, budget});
    opt.add_inequality_constraint(c_budget, &ctx.back(), 1e-9);
  }
  Candidate c;
  double fx = 0.0;
  try {
    const auto res = opt.optimize(x0, fx);
    c.message = fmt::format("NLopt COBYLA: {}", static_cast<int>(res) == 5 ? "max evaluations reached" : "converged");
  } catch (const nlopt::roundoff_limited&) {
    c.message = "NLopt COBYLA: stopped by round-off";
  } catch (const std::runtime_error& e) {
    // NLopt's generic failure; a NumericalError from a simulation is not a runtime_error subclass
    // we can recover from, so rethrow anything that is not NLopt's own.
    if (std::string(e.what()).find("nlopt") == std::string::npos) throw;
    c.message = fmt::format("NLopt COBYLA: {}", e.what());
  }
  c.x = x0;
  return c;
}

}  // namespace

namespace {
OptimizeResult optimize_impl(const scenario::Scenario& s, const OptimizeRequest& req, bool shadow);
}

OptimizeResult optimize(const scenario::Scenario& s, const OptimizeRequest& req) {
  return optimize_impl(s, req, true);
}

namespace {

OptimizeResult optimize_impl(const scenario::Scenario& s, const OptimizeRequest& req, bool shadow) {
  const auto t0 = std::chrono::steady_clock::now();
  if (req.targets.empty()) throw std::invalid_argument("no targets to optimise for");
  if (req.budget && !(*req.budget >= 0.0 && std::isfinite(*req.budget)))
    throw std::invalid_argument(fmt::format("the budget must be a finite number >= 0 (亿元), not {}", *req.budget));
  if (req.objective != Objective::Cost && !req.budget)
    throw std::invalid_argument(fmt::format("--objective {} needs a --budget", objective_name(req.objective)));
  if (!(req.max_multiplier > 0.0)) throw std::invalid_argument("the multiplier bound must be > 0");
  if (!(req.reach_tolerance >= 0.0 && req.reach_tolerance < 1.0))
    throw std::invalid_argument(fmt::format("the reach tolerance must be in [0, 1), not {}", req.reach_tolerance));

  OptimizeResult out;
  out.objective = req.objective;
  out.first_year = s.spec.start_year + 1;
  out.last_year = s.spec.start_year + 1;
  for (int k : req.targets) out.last_year = std::max(out.last_year, s.targets.at(k).year);
  out.last_year = std::min(out.last_year, s.spec.end_year);

  Problem p{s, req, decision_rows(s, out.first_year, out.last_year), out.first_year, out.last_year,
            {}, {}, {}, {}, {}, {}, {}, {}, 0, 0, {}, {}};
  if (p.rows.empty())
    throw std::invalid_argument(fmt::format("the scenario has no lever amounts in {}–{} to reallocate",
                                            out.first_year, out.last_year));
  std::vector<std::string> upper_basis;
  for (const auto& r : p.rows) {
    double units = 0.0;
    for (int y = out.first_year; y <= out.last_year; ++y) units += s.spec.lever(r.lever, r.row, y);
    p.row_units.push_back(units);
    p.row_cost.push_back(units * req.costs.of(r.lever));
    double ub = req.max_multiplier;
    std::string basis = "--max-multiplier";
    for (const auto& [row, bound] : req.declared_bounds)
      if (row.lever == r.lever && row.row == r.row && std::isfinite(bound) && bound >= 0.0) ub = bound, basis = "scenario";
    for (const auto& [row, bound] : req.bounds)
      if (row.lever == r.lever && row.row == r.row) ub = bound, basis = "--bound";
    p.upper.push_back(ub);
    upper_basis.push_back(basis);
  }
  for (const auto& [row, bound] : req.bounds) {
    if (!(bound >= 0.0 && std::isfinite(bound)))
      throw std::invalid_argument(fmt::format("the bound of {} must be a finite number >= 0, not {}",
                                              lever_label(s, row), bound));
    if (std::none_of(p.rows.begin(), p.rows.end(),
                     [&](const LeverRow& r) { return r.lever == row.lever && r.row == row.row; }))
      throw std::invalid_argument(fmt::format("{} is not varied: the scenario has no amounts for it in {}–{}",
                                              lever_label(s, row), out.first_year, out.last_year));
  }
  const int n = static_cast<int>(p.rows.size());
  const std::vector<double> ones(n, 1.0), at_max = p.upper;
  const double budget = req.budget ? *req.budget : kInf;

  // Targets out of reach with every lever at its bound cannot be constraints as they stand.
  const std::vector<double> scenario_ratio = p.ratios(ones);
  const std::vector<double> max_ratio = p.ratios(at_max);
  p.floor.assign(req.targets.size(), 1.0);
  p.reachable.assign(req.targets.size(), 1);
  bool any_out_of_reach = false;
  for (std::size_t k = 0; k < req.targets.size(); ++k) {
    p.active.push_back(static_cast<int>(k));
    if (max_ratio[k] < 1.0) {
      p.reachable[k] = 0;
      p.floor[k] = 0.0;
      any_out_of_reach = true;
    }
  }
  p.weights.assign(req.targets.size(), 0.0);
  {
    double wsum = 0.0;
    for (int k : p.active) {
      p.weights[k] = req.objective == Objective::Value ? s.targets[req.targets[k]].value : 1.0;
      wsum += p.weights[k];
    }
    for (auto& w : p.weights) w = wsum > 0 ? w / wsum : 0.0;
  }
  auto fit_budget = [&](std::vector<double>& x) {
    const double c = p.cost(x);
    if (c > budget && c > 0) for (auto& v : x) v *= budget / c;
  };
  // Move x towards `to` (a point meeting every floor) until it meets them too: the smallest such
  // step by TOMS 748 (COBYLA ends a hair outside its constraints).
  auto repair = [&](std::vector<double>& x, const std::vector<double>& to) {
    if (p.active.empty() || p.min_slack(x) >= 0.0) return;
    const std::vector<double> x0 = x;
    auto along = [&](double t) {
      std::vector<double> y(n);
      for (int r = 0; r < n; ++r) y[r] = x0[r] + t * (to[r] - x0[r]);
      return y;
    };
    auto g = [&](double t) { return p.min_slack(along(t)); };
    const double g0 = g(0.0), g1 = g(1.0);
    if (g1 < 0.0) return;
    double hi = 1.0;
    if (g1 > 0.0) {
      std::uintmax_t it = 60;
      hi = boost::math::tools::toms748_solve(
               g, 0.0, 1.0, g0, g1, [](double a, double b) { return std::abs(b - a) <= 1e-9; }, it)
               .second;
    }
    x = along(hi);
  };
  const double step0 = std::max(0.05, 0.1 * req.max_multiplier);

  // Cost with targets out of reach: first how close they can get (lexicographic attainment).
  // Maximise Σ min(projected/target, 1) over them, the reachable targets met, from every
  // multiplier at its bound (a quarter of the evaluations); then hold each one within
  // req.reach_tolerance of its projection there, never below the scenario's own projection
  // (unless even the bounds fall short of it). The least-cost search below may then save money
  // only where it costs the targets out of reach (almost) nothing: a lever that still buys them
  // progress is not given up for a cheaper one.
  p.anchor = at_max;
  fit_budget(p.anchor);
  std::vector<double> best_ratio = max_ratio;
  if (req.objective == Objective::Cost && any_out_of_reach) {
    const int phase = std::max(1, req.max_evaluations / 4);
    std::vector<double> x1 = p.anchor;
    double a1 = p.attainment(x1);
    for (double step = step0; step > 0.02 * step0 && p.evaluations < phase; step *= 0.25) {
      Candidate c = solve_once(p, x1, budget, std::max(1, phase - p.evaluations), step, true);
      repair(c.x, p.anchor);
      if (p.min_slack(c.x) >= 0.0 && p.cost(c.x) <= budget * (1 + 1e-9) && p.attainment(c.x) > a1 * (1 + 1e-12)) {
        x1 = c.x;
        a1 = p.attainment(x1);
      }
    }
    p.anchor = x1;
    best_ratio = p.ratios(p.anchor);
    for (int k : p.active)
      if (!p.reachable[k])
        p.floor[k] = std::max(best_ratio[k] * (1.0 - req.reach_tolerance), std::min(scenario_ratio[k], best_ratio[k]));
  }

  // Starts: the scenario's allocation, everything at half the bound and the anchor (every
  // multiplier at its bound, or the attainment optimum); under a budget, each scaled down to fit.
  std::vector<double> half(n);
  for (int r = 0; r < n; ++r) half[r] = 0.5 * p.upper[r];
  std::vector<std::vector<double>> starts{ones, half, p.anchor};
  for (int r = 0; r < n; ++r) starts[0][r] = std::min(1.0, p.upper[r]);
  if (req.objective != Objective::Cost || std::isfinite(budget))
    for (auto& x : starts) fit_budget(x);
  starts.resize(std::min<std::size_t>(starts.size(), std::max(req.starts, 1)));

  std::optional<Candidate> best;
  auto feasible_cost = [&](Candidate& c) {
    repair(c.x, p.anchor);
    c.feasible = (p.active.empty() || p.min_slack(c.x) >= 0.0) && p.cost(c.x) <= budget * (1 + 1e-9);
    c.value = p.cost(c.x);
  };
  // A third of the evaluations is kept for polishing the best start.
  const int per_start =
      std::max(1, (2 * (req.max_evaluations - p.evaluations) / 3) / static_cast<int>(starts.size()));
  auto better = [&](const Candidate& c) {
    if (req.objective == Objective::Cost) return c.feasible && (!best->feasible || c.value < best->value * (1 - 1e-9));
    return c.value > best->value * (1 + 1e-9);
  };
  auto evaluate_candidate = [&](Candidate& c) {
    if (req.objective == Objective::Cost) {
      feasible_cost(c);
      return;
    }
    if (p.cost(c.x) > budget) {  // scale down onto the budget
      const double k = budget / p.cost(c.x);
      for (auto& v : c.x) v *= k;
    }
    c.feasible = true;
    c.value = p.progress(c.x);
  };
  // The scenario's own allocation (within the bounds) is a candidate: COBYLA may end elsewhere
  // short of a constraint, and the answer is never worse than what the scenario already does.
  {
    Candidate c;
    c.x = starts[0];
    c.message = "the scenario's allocation";
    evaluate_candidate(c);
    best = c;
  }
  for (const auto& x0 : starts) {
    if (p.evaluations >= req.max_evaluations) break;
    Candidate c = solve_once(p, x0, budget, std::min(per_start, req.max_evaluations - p.evaluations), step0);
    evaluate_candidate(c);
    if (!best || better(c)) best = c;
  }
  // COBYLA's simplex can stall where the binding constraint of a cluster switches (the model's
  // smooth minimum is steep there): restart it from the best point with shrinking steps.
  for (double step = 0.5 * step0; step > 1e-3 && p.evaluations < req.max_evaluations; step *= 0.5) {
    Candidate c = solve_once(p, best->x, budget,
                             std::max(1, std::min(per_start, req.max_evaluations - p.evaluations)), step);
    evaluate_candidate(c);
    if (better(c)) best = c;
  }
  std::vector<double> x = best->x;
  const double surrogate_optimum = req.objective == Objective::Cost ? kNaN : p.progress(x);
  out.feasible = best->feasible;
  out.message = best->message;

  if (req.objective == Objective::Count && shadow) {
    // The surrogate spreads money over targets it cannot finish. Greedy on the count itself:
    // add, one at a time, the reachable target whose least-cost package together with those
    // already chosen is cheapest, while that package fits the budget; keep whichever of the two
    // allocations meets more targets (the surrogate breaks ties).
    auto count_met = [&](const std::vector<double>& xx) {
      const auto& rr = p.ratios(xx);
      int c = 0;
      for (double v : rr) c += v >= 1.0 ? 1 : 0;
      return c;
    };
    std::vector<int> chosen;  // indices into req.targets
    std::vector<double> greedy_x;
    for (;;) {
      double best_cost = kInf;
      int best_k = -1;
      std::vector<double> best_xk;
      for (std::size_t k = 0; k < req.targets.size(); ++k) {
        if (max_ratio[k] < 1.0 || std::find(chosen.begin(), chosen.end(), static_cast<int>(k)) != chosen.end())
          continue;
        OptimizeRequest sub = req;
        sub.objective = Objective::Cost;
        // Least cost without the cap (checked against the budget below): a cap inside COBYLA
        // only adds a constraint it may end a hair outside of.
        sub.budget.reset();
        sub.progress = nullptr;
        sub.targets.clear();
        for (int c : chosen) sub.targets.push_back(req.targets[c]);
        sub.targets.push_back(req.targets[k]);
        sub.max_evaluations = std::max(200, req.max_evaluations / 4);
        const OptimizeResult r = optimize_impl(s, sub, false);
        p.evaluations += r.evaluations;
        if (r.feasible && r.met == static_cast<int>(sub.targets.size()) && r.total_cost <= budget &&
            r.total_cost < best_cost) {
          best_cost = r.total_cost;
          best_k = static_cast<int>(k);
          best_xk.clear();
          for (const auto& row : r.rows) best_xk.push_back(row.multiplier);
        }
      }
      if (best_k < 0) break;
      chosen.push_back(best_k);
      greedy_x = best_xk;
    }
    if (!greedy_x.empty()) {
      const int cg = count_met(greedy_x), cs = count_met(x);
      if (cg > cs || (cg == cs && p.progress(greedy_x) > p.progress(x))) {
        x = greedy_x;
        out.message = fmt::format("greedy on the count: least-cost package for {} target(s) within the budget "
                                  "(beats the surrogate's optimum, which meets {})", cg, cs);
      }
    }
  }

  // Shadow values: the progress measure per unit and per 亿元 of each resource, by a forward
  // difference of 1% of the multiplier (at least 0.001).
  const double base_progress = p.progress(x);
  out.progress = base_progress;
  for (int r = 0; r < n; ++r) {
    AllocationRow row;
    row.lever = p.rows[r];
    row.label = lever_label(s, p.rows[r]);
    // Totals over the policy years: the lever's unit without "/yr".
    row.unit = std::string(info(p.rows[r].lever).unit);
    if (const auto slash = row.unit.rfind("/yr"); slash != std::string::npos) row.unit.erase(slash);
    row.multiplier = x[r];
    row.upper = p.upper[r];
    row.upper_basis = upper_basis[r];
    row.scenario_amount = p.row_units[r];
    row.amount = x[r] * p.row_units[r];
    row.unit_cost = req.costs.of(p.rows[r].lever);
    row.cost = x[r] * p.row_cost[r];
    const double h = std::max(0.01 * x[r], 1e-3);
    std::vector<double> xh = x;
    xh[r] += h;
    const double gain = p.progress(xh) - base_progress;
    row.gain_per_unit = gain / (h * p.row_units[r]);
    row.gain_per_yi = row.unit_cost > 0 ? row.gain_per_unit / row.unit_cost : kNaN;
    out.rows.push_back(row);
  }
  if (shadow && req.objective != Objective::Cost && budget > 0.0) {
    // d(progress)/d(budget): the whole optimisation again with 5% more money (its optimum is at
    // least the current one, which stays affordable).
    const double db = 0.05 * budget;
    OptimizeRequest more = req;
    more.budget = budget + db;
    more.progress = nullptr;
    const OptimizeResult r2 = optimize_impl(s, more, false);  // surrogate only, no greedy
    p.evaluations += r2.evaluations;
    // Measured on the surrogate problem: against the surrogate's optimum at this budget, even
    // when the count's greedy allocation was chosen instead.
    out.budget_shadow = std::max(0.0, r2.progress - surrogate_optimum) / db;
  }

  {
    const Model at(apply_allocation(s.spec, p.rows, x, out.first_year, out.last_year));
    out.run = simulate(at, s.solver);
    // The binding factor reported at the allocation is the marginal one (E10), as `run` reports.
    if (shadow) analysis::compute_marginal_binding(at, s.solver, out.run);
  }
  out.all_targets = analysis::evaluate_targets(s, out.run);
  out.total_cost = p.cost(x);
  out.scenario_cost = p.cost(ones);
  for (std::size_t k = 0; k < req.targets.size(); ++k) {
    TargetOutcome t;
    t.index = req.targets[k];
    t.row = out.all_targets[t.index];
    t.scenario_projected = scenario_ratio[k] * t.row.target;
    t.reachable = max_ratio[k] >= 1.0;
    t.best_projected = best_ratio[k] * t.row.target;
    t.held_at = t.reachable ? t.row.target : p.floor[k] * t.row.target;
    out.met += t.row.reached ? 1 : 0;
    out.targets.push_back(t);
  }
  std::vector<std::string> out_of_reach;
  for (const auto& t : out.targets)
    if (!t.reachable) out_of_reach.push_back(fmt::format("{}:{}", t.row.cluster, t.row.year));
  if (req.objective == Objective::Cost && !out_of_reach.empty()) {
    out.feasible = false;
    out.message += fmt::format("; cannot be met even with every multiplier at its bound: {} (each held within "
                               "{}% of the most the levers can get it to, and not below the scenario's projection)",
                               fmt::join(out_of_reach, ", "), 100.0 * req.reach_tolerance);
  }
  out.evaluations = p.evaluations;
  out.failed_runs = p.failed_runs;
  if (p.failed_runs > 0)
    out.message += fmt::format("; {} of the allocations tried could not be simulated (numerical failure) and counted as reaching nothing", p.failed_runs);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace
}  // namespace clustersim::calibration
