// What `clustersim optimize` asks, prints and writes (docs/calibration.md "What would it take:
// seek and optimize"): the request from the command's options, the report text and the --out
// files. The command and clustersim._core call it.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "clustersim/calibration/outputs.hpp"
#include "clustersim/scenario/detail/text.hpp"

namespace clustersim::calibration {
namespace {

const scenario::SourceLocation kCommandLine = scenario::command_line("optimize");

std::string fx(double v, int d) { return std::isfinite(v) ? fmt::format("{:.{}f}", v, d) : std::string("n/a"); }
std::string gx(double v) { return std::isfinite(v) ? fmt::format("{:.3g}", v) : std::string("n/a"); }

}  // namespace

OptimizeRequest optimize_request(const scenario::Scenario& s, OptimizeRequest req,
                                 const std::string& objective, double budget,
                                 const std::vector<std::string>& targets,
                                 const std::vector<std::string>& bounds) {
  auto bad = [](const std::string& key, const std::string& msg) {
    throw scenario::ScenarioError(kCommandLine, key, msg);
  };
  // The command's option checks (CLI11 validators there), for callers that bypass them.
  if (objective != "cost" && objective != "count" && objective != "value")
    bad("--objective", fmt::format("must be cost, count or value, not '{}'", objective));
  if (!(req.max_multiplier > 0.0 && std::isfinite(req.max_multiplier)))
    bad("--max-multiplier", fmt::format("must be a positive number, not {}", req.max_multiplier));
  if (req.max_evaluations < 10 || req.max_evaluations > 10'000'000)
    bad("--max-evaluations", fmt::format("must be 10 to 10000000, not {}", req.max_evaluations));
  if (req.starts < 1 || req.starts > 3) bad("--starts", fmt::format("must be 1 to 3, not {}", req.starts));
  if (!(req.reach_tolerance >= 0.0 && req.reach_tolerance < 1.0))
    bad("--reach-tolerance", fmt::format("must be a fraction in [0, 1), not {}", req.reach_tolerance));
  for (const auto& [key, v] : {std::pair{"--cost-land", req.costs.land}, std::pair{"--cost-floor", req.costs.floor},
                               std::pair{"--cost-talent", req.costs.talent}})
    if (!(v >= 0.0 && std::isfinite(v))) bad(key, fmt::format("must be a number >= 0, not {}", v));

  if (!std::isnan(budget) && !(budget >= 0.0 && std::isfinite(budget)))
    bad("--budget", fmt::format("must be ≥ 0 亿元, got '{}' (see 'clustersim optimize --help')", budget));
  req.objective = objective == "count"   ? Objective::Count
                  : objective == "value" ? Objective::Value
                                         : Objective::Cost;
  if (!std::isnan(budget)) req.budget = budget;
  if (req.objective != Objective::Cost && !req.budget)
    bad("--budget", fmt::format("--objective {} needs a --budget", objective));
  req.targets.clear();
  if (targets.empty()) {
    int last = 0;
    for (const auto& t : s.targets) last = std::max(last, t.year);
    for (std::size_t k = 0; k < s.targets.size(); ++k)
      if (s.targets[k].year == last) req.targets.push_back(static_cast<int>(k));
    if (req.targets.empty()) bad("--targets", "the scenario has no targets");
  } else {
    for (const auto& t : targets) {
      try {
        req.targets.push_back(parse_target(s, t));
      } catch (const std::invalid_argument& e) {
        bad("--targets", e.what());
      }
    }
  }
  for (const auto& text : bounds) {
    const auto eq = text.find('=');
    if (eq == std::string::npos) bad("--bound", fmt::format("'{}' is not KIND[:CLUSTER]=MAX, e.g. land=1.44", text));
    LeverRow row;
    try {
      row = parse_lever(s, text.substr(0, eq));
    } catch (const std::invalid_argument& e) {
      bad("--bound", e.what());
    }
    double v = kNaN;
    try {
      std::size_t used = 0;
      v = std::stod(text.substr(eq + 1), &used);
      if (used != text.size() - eq - 1) v = kNaN;
    } catch (const std::exception&) {
      v = kNaN;
    }
    if (!(v >= 0.0 && std::isfinite(v)))
      bad("--bound", fmt::format("'{}': the bound must be a number >= 0 (a multiplier)", text));
    req.bounds.emplace_back(row, v);
  }
  return req;
}

OptimizeResult run_optimize(const scenario::Scenario& s, const OptimizeRequest& req) {
  try {
    return optimize(s, req);
  } catch (const std::invalid_argument& e) {
    throw scenario::ScenarioError(kCommandLine, "optimize", e.what());
  }
}

std::string optimize_report(const scenario::Scenario& s, const OptimizeRequest& req, const OptimizeResult& r) {
  std::string out = fmt::format(
      "Objective: {}{}; policy years {}–{}; {} simulations in {:.1f} s\n", objective_name(r.objective),
      req.budget ? fmt::format(" (budget {} 亿元)", scenario::detail::format_number(*req.budget)) : "",
      r.first_year, r.last_year, r.evaluations, r.seconds);
  out += fmt::format("{:<16} {:>10} {:>14} {:>14} {:>10} {:>12} {:>12}\n", "lever", "multiplier", "amount",
                     "scenario", "cost 亿元", "gain/unit", "gain/亿元");
  for (const auto& row : r.rows) {
    out += fmt::format("{:<16} {:>10} {:>14} {:>14} {:>10} {:>12} {:>12}  {}\n", row.label,
                       fx(row.multiplier, 3), fx(row.amount, 1), fx(row.scenario_amount, 1), fx(row.cost, 1),
                       gx(row.gain_per_unit), gx(row.gain_per_yi), row.unit);
  }
  {
    std::vector<std::string> bounded;
    for (const auto& row : r.rows)
      if (row.upper_basis != "--max-multiplier")
        bounded.push_back(fmt::format("{} ≤ ×{} ({})", row.label, fx(row.upper, 3),
                                      row.upper_basis == "scenario" ? "the top of the scenario's uncertainty range"
                                                                    : row.upper_basis));
    out += fmt::format("Bounds: {}{}every other row ≤ ×{} (--max-multiplier)\n", fmt::join(bounded, ", "),
                       bounded.empty() ? "" : "; ", scenario::detail::format_number(req.max_multiplier));
  }
  out += fmt::format("Total public cost {:.1f} 亿元 (scenario's allocation: {:.1f} 亿元)\n", r.total_cost,
                     r.scenario_cost);
  out += "Targets:\n";
  for (const auto& t : r.targets) {
    const std::string name =
        t.row.cluster == "all" ? std::string("各集群合计") : s.clusters[s.targets[t.index].cluster_index].name;
    out += fmt::format("  {:<12} {} {} {:>8} target, projected {:>9} (scenario {:>9})  {}{}\n",
                       t.row.cluster + ":" + std::to_string(t.row.year), name, t.row.unit,
                       scenario::detail::format_number(t.row.target), fx(t.row.projected, 1),
                       fx(t.scenario_projected, 1), t.row.reached ? "met" : "NOT met",
                       t.reachable ? ""
                       : r.objective == Objective::Cost
                           ? fmt::format(" (out of reach even at the bounds: joint best {}, held at ≥ {}; binding here: {})",
                                         fx(t.best_projected, 1), fx(t.held_at, 1), clustersim::name(t.row.binding))
                           : fmt::format(" (out of reach even at the bounds; binding here: {})",
                                         clustersim::name(t.row.binding)));
  }
  out += fmt::format("{} of {} targets met. {}\n", r.met, r.targets.size(), r.message);
  if (r.objective == Objective::Cost)
    out += "Shadow values: gain/unit = rise of Σ projected/target over the targets (out of reach ones too) per one more unit\n"
           "of the lever's total over the policy years (亿元, ha, 万m², person); gain/亿元 = the same per 亿元 spent on it.\n";
  else
    out += fmt::format("Shadow values: gain/unit = rise of the surrogate Σ w·min(projected/target, 1) (weights sum to 1)\n"
                       "per one more unit of the lever's total over the policy years; gain/亿元 = the same per 亿元.\n"
                       "One more 亿元 of budget raises the surrogate by {} (re-optimised with a 5% larger budget).\n",
                       gx(r.budget_shadow));
  return out;
}

std::vector<io::OutputFile> optimize_files(const scenario::Scenario& s, const OptimizeRequest& req,
                                           const OptimizeResult& r, const std::string& scenario_file,
                                           const std::vector<std::string>& overrides) {
  io::check_finite(s, r.run, r.all_targets);
  std::string alloc =
      "lever,cluster,first_year,last_year,unit,multiplier,amount,scenario_amount,unit_cost,cost,gain_per_unit,gain_per_yi\n";
  for (const auto& row : r.rows) {
    const auto colon = row.label.find(':');
    alloc += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", row.label.substr(0, colon),
                         row.label.substr(colon + 1), r.first_year, r.last_year, io::csv_field(row.unit),
                         io::format_double(row.multiplier), io::format_double(row.amount),
                         io::format_double(row.scenario_amount), io::format_double(row.unit_cost),
                         io::format_double(row.cost), io::format_double(row.gain_per_unit),
                         std::isfinite(row.gain_per_yi) ? io::format_double(row.gain_per_yi) : "");
  }
  std::vector<analysis::TargetRow> rows;
  for (const auto& t : r.targets) rows.push_back(t.row);
  nlohmann::ordered_json j;
  j["objective"] = objective_name(r.objective);
  j["budget"] = req.budget ? nlohmann::ordered_json(*req.budget) : nlohmann::ordered_json(nullptr);
  j["policy_years"] = {r.first_year, r.last_year};
  j["unit_costs"] = {{"fund", req.costs.fund}, {"land", req.costs.land}, {"floor", req.costs.floor},
                     {"talent", req.costs.talent}};
  j["max_multiplier"] = req.max_multiplier;
  j["reach_tolerance"] = req.reach_tolerance;
  {
    auto b = nlohmann::ordered_json::object();
    for (const auto& row : r.rows)
      if (row.upper_basis != "--max-multiplier") b[row.label] = {{"max", row.upper}, {"basis", row.upper_basis}};
    j["bounds"] = b;
  }
  j["total_cost"] = r.total_cost;
  j["scenario_cost"] = r.scenario_cost;
  j["targets_met"] = r.met;
  j["targets_total"] = r.targets.size();
  j["feasible"] = r.feasible;
  j["progress"] = r.progress;
  j["budget_shadow"] =
      std::isfinite(r.budget_shadow) ? nlohmann::ordered_json(r.budget_shadow) : nlohmann::ordered_json(nullptr);
  j["evaluations"] = r.evaluations;
  j["seconds"] = r.seconds;
  j["message"] = r.message;
  j["scenario_file"] = scenario_file;
  j["overrides"] = overrides;
  return {{"allocation.csv", alloc}, {"targets.csv", io::targets_csv(s, rows)}, {"summary.json", io::dump_json(j)}};
}

}  // namespace clustersim::calibration
