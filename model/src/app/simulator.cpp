#include "clustersim/app/simulator.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "clustersim/analysis/likelihood.hpp"
#include "clustersim/analysis/targets.hpp"
#include "clustersim/analysis/marginal.hpp"
#include "clustersim/core/simulate.hpp"
#include "clustersim/scenario/detail/json_reader.hpp"
#include "clustersim/scenario/json.hpp"
#include "clustersim/sweep/json.hpp"
#include "clustersim/sweep/runs.hpp"
#include "clustersim/sweep/summary.hpp"

namespace clustersim::app {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;
using scenario::detail::json_number;

std::string error(const std::exception& e) {
  return ordered_json{{"error", std::string(e.what())}}.dump();
}

template <class F>
std::string guarded(F&& f) {
  try {
    return f();
  } catch (const std::exception& e) {
    return error(e);
  }
}

ordered_json optional_number(const std::optional<double>& v) {
  return v ? json_number(*v) : ordered_json();
}

const char* kind_name(Control::Kind k) { return k == Control::Kind::Scale ? "scale" : "amount"; }

// A cluster variable per cluster and year, divided by `scale(i)` (e.g. the cluster's unit factor).
template <class Scale>
ordered_json series(const RunResult& r, ClusterVar v, Scale scale) {
  const Eigen::MatrixXd& m = r.cluster[static_cast<int>(v)];
  ordered_json out = ordered_json::array();
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    ordered_json row = ordered_json::array();
    for (Eigen::Index y = 0; y < m.cols(); ++y) row.push_back(json_number(m(i, y) / scale(i)));
    out.push_back(row);
  }
  return out;
}

ordered_json binding_json(const RunResult& r) {
  ordered_json out = ordered_json::array();
  for (Eigen::Index i = 0; i < r.binding.rows(); ++i) {
    ordered_json row = ordered_json::array();
    for (Eigen::Index y = 0; y < r.binding.cols(); ++y) {
      row.push_back(std::string(name(static_cast<Constraint>(r.binding(i, y)))));
    }
    out.push_back(row);
  }
  return out;
}

std::string note_for(const scenario::Scenario& s, const std::string& key) {
  for (const auto& n : s.notes) {
    if (n.key == key) return n.text;
  }
  return {};
}

}  // namespace

namespace {

// The document number a title ends with, in brackets: "…意见（深坪府[2024]1号）" -> "深坪府[2024]1号";
// empty when there is none.
std::string document_number(const std::string& title) {
  for (const auto& [open, close] : {std::pair<std::string, std::string>{"（", "）"}, {"(", ")"}}) {
    const std::size_t a = title.rfind(open);
    const std::size_t b = title.rfind(close);
    if (a == std::string::npos || b == std::string::npos || b < a) continue;
    const std::string inner = title.substr(a + open.size(), b - a - open.size());
    if (inner.find('[') != std::string::npos && inner.find("号") != std::string::npos) return inner;
  }
  return {};
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// "[id]" -> the document's number, from the scenario's sources file (a cited document whose title
// ends with its number) or from a scenario source "[id] <document> <title>".
std::string cite_ids(std::string text, const scenario::Scenario& s) {
  for (const auto& d : s.cited_sources) {
    if (const std::string number = document_number(d.title); !number.empty()) {
      replace_all(text, "[" + d.id + "]", number);
    }
  }
  for (const auto& full : s.sources) {
    if (full.empty() || full.front() != '[') continue;
    const std::size_t close = full.find(']');
    if (close == std::string::npos) continue;
    const std::size_t b = full.find_first_not_of(' ', close + 1);
    if (b == std::string::npos) continue;
    replace_all(text, full.substr(0, close + 1), full.substr(b, full.find(' ', b) - b));
  }
  return text;
}

}  // namespace

std::string cite(const std::string& text, const scenario::Scenario& s) {
  const std::string source = cite_ids(text, s);
  // Each scenario source "<short name>: <document> <title>" names a document; a source that
  // starts with that short name (then a comma, space or colon, or nothing) gets the document.
  for (const auto& full : s.sources) {
    std::size_t colon = std::min(full.find(':'), full.find("："));
    if (colon == std::string::npos || colon == 0) continue;
    const std::string name = full.substr(0, colon);
    const std::size_t after = colon + (full.compare(colon, 1, ":") == 0 ? 1 : std::string("：").size());
    const auto b = full.find_first_not_of(' ', after);
    if (b == std::string::npos || source.rfind(name, 0) != 0) continue;
    const std::string doc = full.substr(b, full.find(' ', b) - b);
    std::string rest = source.substr(name.size());
    if (!rest.empty() && std::string(",: ").find(rest.front()) == std::string::npos &&
        rest.rfind("，", 0) != 0 && rest.rfind("：", 0) != 0) {
      continue;  // "<name>0" is another name
    }
    const std::size_t comma = rest.rfind("，", 0) == 0 ? std::string("，").size()
                              : rest.rfind(",", 0) == 0 ? 1
                                                         : 0;
    rest = rest.substr(comma);
    while (!rest.empty() && rest.front() == ' ') rest.erase(0, 1);
    const bool colon_next = rest.rfind(":", 0) == 0 || rest.rfind("：", 0) == 0;
    std::string out = doc;  // appended step by step (gcc 12 warns falsely on a + " " + b)
    if (!rest.empty() && !colon_next) out += ' ';
    out += rest;
    return out;
  }
  return source;
}

struct Simulator::MonteCarlo {
  scenario::Scenario scenario;
  sweep::Uncertainty uncertainty;
  std::vector<std::string> dropped;
  std::vector<sweep::OutputSpec> outputs;
  sweep::SweepOptions options;
  sweep::SweepResult result;
  std::unique_ptr<sweep::RunEvaluator> evaluate;
  long done = 0;
};

Simulator::Simulator(const std::string& document) {
  const json doc = json::parse(document);
  scenario_ = scenario::scenario_from_json(doc);
  if (doc.contains("uncertainty") && !doc["uncertainty"].is_null()) {
    uncertainty_ = doc["uncertainty"];
    (void)sweep::uncertainty_from_json(*uncertainty_, scenario_);  // check it once
  }
  controls_ = app::controls(scenario_);
}

Simulator::~Simulator() = default;

State Simulator::state_of(const std::string& text) const {
  return state_from_json(json::parse(text.empty() ? std::string("{}") : text), scenario_, controls_);
}

std::string Simulator::info() const {
  const scenario::Scenario& s = scenario_;
  const ModelSpec& spec = s.spec;
  ordered_json j;
  j["scenario"] = {{"name", s.name},
                   {"title", s.title},
                   {"description", s.description},
                   {"file", s.file.filename().string()},
                   {"region", s.region_name},
                   {"region_en", s.region_name_en}};
  ordered_json years = ordered_json::array();
  for (int y = spec.start_year; y <= spec.end_year; ++y) years.push_back(y);
  j["years"] = years;
  ordered_json clusters = ordered_json::array();
  for (std::size_t i = 0; i < s.clusters.size(); ++i) {
    const auto& c = s.clusters[i];
    clusters.push_back({{"id", c.id},
                        {"name", c.name},
                        {"name_en", c.name_en.empty() ? c.id : c.name_en},
                        {"unit", c.unit},
                        {"unit_factor", c.unit_factor},
                        {"baseline", spec.clusters[i].baseline_output / c.unit_factor},
                        {"baseline_source", cite(c.baseline_source, s)},
                        {"share_market", spec.clusters[i].share_market}});
  }
  j["clusters"] = clusters;
  ordered_json controls = ordered_json::array();
  for (const Control& c : controls_) {
    const std::string row = c.row == spec.num_clusters()
                                ? std::string("region")
                                : spec.clusters[static_cast<std::size_t>(c.row)].id;
    controls.push_back({{"id", c.id},
                        {"lever", std::string(clustersim::info(c.lever).key)},
                        {"lever_zh", std::string(clustersim::info(c.lever).label_zh)},
                        {"lever_en", std::string(clustersim::info(c.lever).label_en)},
                        {"row", row},
                        {"kind", kind_name(c.kind)},
                        {"base", c.base},
                        {"min", c.min},
                        {"max", c.max},
                        {"step", c.step},
                        {"reference", c.reference},
                        {"first_year", c.first_year},
                        {"last_year", c.last_year},
                        {"unit", c.unit},
                        {"source", cite(note_for(s, "levers." + c.id), s)}});
  }
  j["controls"] = controls;
  // What one unit of each lever is in "what the levers buy" (analysis::lever_quote_unit).
  ordered_json quotes = ordered_json::object();
  for (int l = 0; l < kNumLevers; ++l) {
    const auto lever = static_cast<Lever>(l);
    quotes[std::string(clustersim::info(lever).key)] = {
        {"unit", analysis::lever_quote_unit(lever)},
        {"label", std::string(analysis::lever_quote_label(lever))}};
  }
  j["lever_quotes"] = quotes;
  ordered_json events = ordered_json::array();
  for (const EventSpec& e : spec.events) {
    events.push_back({{"name", e.name},
                      {"kind", "event"},
                      {"start", e.start},
                      {"end", e.end},
                      {"source", cite(note_for(s, "events." + e.name), s)}});
  }
  for (const ProjectSpec& p : spec.projects) {
    events.push_back({{"name", p.name},
                      {"kind", "project"},
                      {"cluster", spec.clusters[static_cast<std::size_t>(p.cluster)].id},
                      {"capex", p.capex},
                      {"start", p.start},
                      {"end", p.start + p.construction_time},
                      {"site", json_number(p.site)},
                      {"site_type", p.site_type == SpaceType::Floor ? "floor" : "land"},
                      {"fund_share", p.fund_share},
                      {"source", cite(note_for(s, "events." + p.name), s)}});
  }
  j["events"] = events;
  ordered_json targets = ordered_json::array();
  for (const auto& t : s.targets) {
    targets.push_back({{"cluster", t.cluster},
                       {"year", t.year},
                       {"value", t.value / t.unit_factor},
                       {"unit", t.unit},
                       {"label", t.label},
                       {"source", cite(t.source, s)}});
  }
  j["targets"] = targets;
  // The documents the scenario cites by [id] (its sources file), for the page's source list.
  ordered_json cited = ordered_json::array();
  for (const auto& d : s.cited_sources) cited.push_back(scenario::to_json(d));
  j["cited_sources"] = cited;
  ordered_json scale = ordered_json::array();
  for (const auto& w : analysis::kLikelihoodInfo) {
    scale.push_back({{"key", std::string(w.key)},
                     {"en", std::string(w.en)},
                     {"zh", std::string(w.zh)},
                     {"low", w.low},
                     {"high", w.high}});
  }
  j["likelihood"] = scale;
  ordered_json constraints = ordered_json::array();
  for (const auto& c : kConstraintNames) constraints.push_back(std::string(c));
  j["constraints"] = constraints;
  if (uncertainty_) {
    j["uncertainty"] = {{"inputs", (*uncertainty_)["inputs"].size()},
                        {"correlations", (*uncertainty_)["correlations"].size()}};
  } else {
    j["uncertainty"] = nullptr;
  }
  return j.dump();
}

std::string Simulator::run(const std::string& state) const {
  return guarded([&] {
    const scenario::Scenario s = apply(scenario_, controls_, state_of(state));
    const RunResult r = simulate(Model(s.spec), s.solver);
    const auto rows = analysis::evaluate_targets(s, r);
    const auto& out = r.cluster[static_cast<int>(ClusterVar::Output)];
    const auto unit = [&](Eigen::Index i) {
      return s.clusters[static_cast<std::size_t>(i)].unit_factor;
    };
    const auto one = [](Eigen::Index) { return 1.0; };
    ordered_json total = ordered_json::array();
    for (int y = 0; y < out.cols(); ++y) total.push_back(json_number(out.col(y).sum()));
    ordered_json targets = ordered_json::array();
    for (const auto& t : rows) {
      targets.push_back({{"projected", json_number(t.projected)},
                         {"gap_pct", optional_number(t.gap_pct)},
                         {"reached", t.reached},
                         {"first_year", t.first_year_reached ? ordered_json(*t.first_year_reached)
                                                             : ordered_json()},
                         {"cagr_required", optional_number(t.cagr_required)},
                         {"cagr_projected", optional_number(t.cagr_projected)}});
    }
    ordered_json j;
    j["output"] = series(r, ClusterVar::Output, unit);
    j["total"] = total;
    j["market_share"] = series(r, ClusterVar::MarketShare, one);
    j["fund_committed"] = series(r, ClusterVar::FundCommitted, one);  // 亿元 over the year
    j["fund_deployed"] = series(r, ClusterVar::FundDeployed, one);    // 亿元 over the year
    j["fund_undeployed"] = series(r, ClusterVar::FundUndeployed, one);  // 亿元 at the year's end
    j["limit"] = binding_json(r);  // the smallest limit of output (E9), not the binding factor
    j["targets"] = targets;
    j["stats"] = {{"rhs_evaluations", r.stats.rhs_evaluations},
                  {"steps", r.stats.steps},
                  {"baseline_error", r.stats.max_baseline_error}};
    return j.dump();
  });
}

std::string Simulator::analyse(const std::string& state) const {
  return guarded([&] {
    // As `clustersim run` (cli load_and_run with analysis::analyse_run, bar the reality checks):
    // the projection, then the perturbed runs from its initial state.
    const scenario::Scenario s = apply(scenario_, controls_, state_of(state));
    const Model model(s.spec);
    RunResult r = simulate(model, s.solver);
    analysis::compute_marginal_binding(model, s.solver, r);
    const auto levers = analysis::lever_responses(model, s.solver, r);
    const auto rows = analysis::evaluate_targets(s, r);
    const auto unit = [&](std::size_t i) { return s.clusters[i].unit_factor; };

    // gains[cluster][year] = output gained by relieving capital, labour, space, demand by 1%.
    ordered_json gains = ordered_json::array();
    for (int i = 0; i < model.num_clusters(); ++i) {
      ordered_json per_year = ordered_json::array();
      for (int y = 0; y < r.num_years(); ++y) {
        ordered_json g = ordered_json::array();
        for (const auto& f : r.binding_gains) {
          g.push_back(json_number(f(i, y) / unit(static_cast<std::size_t>(i))));
        }
        per_year.push_back(g);
      }
      gains.push_back(per_year);
    }
    ordered_json targets = ordered_json::array();
    for (const auto& t : rows) targets.push_back({{"binding", std::string(name(t.binding))}});
    ordered_json lever_rows = ordered_json::array();
    for (const auto& l : levers) {
      const auto i = static_cast<std::size_t>(l.cluster);
      ordered_json per = ordered_json::array();
      for (Eigen::Index y = 0; y < l.per_unit.size(); ++y) {
        per.push_back(json_number(l.per_unit(y) / unit(i)));
      }
      lever_rows.push_back({{"cluster", s.clusters[i].id},
                            {"lever", std::string(clustersim::info(l.lever).key)},
                            {"step", l.step},
                            {"first_year", l.first_year},
                            {"per_unit", per}});
    }
    return ordered_json{{"binding", binding_json(r)},
                        {"gains", gains},
                        {"targets", targets},
                        {"levers", lever_rows},
                        {"runs", 2 * (kNumFactors * model.num_clusters() + 1) + 1}}
        .dump();
  });
}

std::string Simulator::whatif(const std::string& state, const std::string& name,
                              const std::string& title) const {
  return guarded([&] {
    std::optional<sweep::Uncertainty> u;
    if (uncertainty_) u = sweep::uncertainty_from_json(*uncertainty_, scenario_);
    return ordered_json{{"yaml", whatif_yaml(scenario_, controls_, state_of(state),
                                             u ? &*u : nullptr, name, title)}}
        .dump();
  });
}

std::string Simulator::mc_start(const std::string& state, long runs, double seed) {
  return guarded([&] {
    mc_.reset();
    if (!uncertainty_) throw std::invalid_argument("the scenario declares no uncertain inputs");
    if (!(seed >= 0.0 && seed <= 9007199254740992.0 && seed == std::floor(seed))) {
      throw std::invalid_argument("the seed must be a whole number in [0, 2^53]");
    }
    auto mc = std::make_unique<MonteCarlo>();
    mc->scenario = apply(scenario_, controls_, state_of(state));
    mc->uncertainty = sweep::uncertainty_from_json(*uncertainty_, mc->scenario, &mc->dropped);
    mc->options.n = runs;
    mc->options.seed = static_cast<std::uint64_t>(seed);
    if (const std::string problem = mc->options.validate(); !problem.empty()) {
      throw std::invalid_argument(problem);
    }
    sweep::RunTable& t = mc->result.table;
    t.inputs = sweep::make_design(mc->uncertainty, mc->options, &mc->result.base_n);
    sweep::size_run_table(t, mc->scenario, 0, true);
    (void)Model(mc->scenario.spec);  // a state the model cannot build fails here, not per run
    const RunOptions options = sweep::sweep_run_options(mc->scenario, mc->options);
    mc->evaluate = std::make_unique<sweep::RunEvaluator>(mc->scenario, mc->uncertainty,
                                                         mc->outputs, options, true);
    mc_ = std::move(mc);
    return ordered_json{{"runs", runs}, {"dropped", mc_->dropped}}.dump();
  });
}

long Simulator::mc_step(long runs) {
  if (!mc_) return 0;
  const long total = static_cast<long>(mc_->result.table.inputs.rows());
  const long end = std::min(total, mc_->done + std::max(runs, 1L));
  for (; mc_->done < end; ++mc_->done) (*mc_->evaluate)(mc_->done, mc_->result.table);
  return mc_->done;
}

std::string Simulator::mc_result() const {
  return guarded([&] {
    if (!mc_) throw std::invalid_argument("no Monte Carlo started");
    const long total = static_cast<long>(mc_->result.table.inputs.rows());
    if (mc_->done < total) throw std::invalid_argument("the Monte Carlo is not finished");
    const scenario::Scenario& s = mc_->scenario;
    ordered_json targets = ordered_json::array();
    for (const auto& p : sweep::target_probabilities(s, mc_->result, mc_->options.confidence)) {
      const bool any = p.runs > 0;
      targets.push_back(
          {{"probability", any ? json_number(p.probability.estimate) : ordered_json()},
           {"low", json_number(p.probability.low)},
           {"high", json_number(p.probability.high)},
           {"p05", json_number(p.p05)},
           {"p50", json_number(p.p50)},
           {"p95", json_number(p.p95)},
           {"first_year_median", optional_number(p.first_year_median)},
           {"never_share", p.never_share},
           {"likelihood", any ? ordered_json(std::string(analysis::info(
                                    analysis::likelihood(p.probability.estimate)).key))
                              : ordered_json()}});
    }
    // Output bands (in each cluster's unit): cluster x year x {p05, p25, p50, p75, p95, mean}.
    ordered_json bands = ordered_json::array();
    for (std::size_t i = 0; i < s.clusters.size(); ++i) bands.push_back(ordered_json::array());
    for (const sweep::Band& b : sweep::bands(s, mc_->result)) {
      if (b.variable != ClusterVar::Output) continue;
      ordered_json q = ordered_json::array();
      for (Eigen::Index k = 0; k < b.percentiles.size(); ++k) q.push_back(json_number(b.percentiles(k)));
      q.push_back(json_number(b.mean));
      bands[static_cast<std::size_t>(b.cluster)].push_back(q);
    }
    ordered_json failures = ordered_json::array();
    const auto& t = mc_->result.table;
    for (Eigen::Index r = 0; r < t.inputs.rows() && failures.size() < 5; ++r) {
      if (!t.ok[static_cast<std::size_t>(r)]) failures.push_back(t.errors[static_cast<std::size_t>(r)]);
    }
    return ordered_json{{"runs", total},
                        {"failed", t.failed()},
                        {"first_failures", failures},
                        {"seed", mc_->options.seed},
                        {"dropped", mc_->dropped},
                        {"targets", targets},
                        {"bands", bands}}
        .dump();
  });
}

}  // namespace clustersim::app
