// clustersim optimize: least-cost or budget-constrained allocation of the levers
// (docs/calibration.md "What would it take: seek and optimize").
#ifdef CLUSTERSIM_HAVE_CALIBRATION
#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <memory>

#include "clustersim/calibration/optimize.hpp"
#include "clustersim/scenario/detail/text.hpp"
#include "common.hpp"

namespace clustersim::cli {
namespace {

const char* kOptimizeFooter = R"(Decision variables: a multiplier (0 to --max-multiplier) on each lever row the scenario
funds in the policy years (the year after the baseline to the last target year): fund per
cluster, land/floor/talent per cluster or region pool. Rows the scenario leaves at zero are not
varied. Public cost = Σ amount × unit cost over those years, in 亿元; the unit costs of land,
floor and talent are assumptions (defaults below), fund costs its amount.
  --objective cost   least cost meeting every target of --targets (default: the scenario's
                     targets in its last target year); --budget, if given, caps the cost
  --objective count  under --budget, most targets met (surrogate Σ min(projected/target, 1))
  --objective value  as count, each target weighted by its value
Shadow values: the objective's progress per one more unit (and per 亿元) of each lever row at
the optimum; under a budget, also d(progress)/d(budget). See docs/calibration.md.

Examples:
  clustersim optimize scenarios/pingshan-2024.yaml
  clustersim optimize scenarios/pingshan-2024.yaml --objective count --budget 200 --out results/opt
)";

struct OptimizeState {
  RunOptionsCli opts;
  std::string file, objective = "cost", out_dir;
  std::vector<std::string> targets;
  double budget = kNaN;
  calibration::OptimizeRequest req;
  bool quiet = false;
};

std::string fx(double v, int d) { return std::isfinite(v) ? fmt::format("{:.{}f}", v, d) : std::string("n/a"); }
std::string gx(double v) { return std::isfinite(v) ? fmt::format("{:.3g}", v) : std::string("n/a"); }

std::function<int()> setup_optimize(CLI::App& app) {
  auto st = std::make_shared<OptimizeState>();
  auto* cmd = app.add_subcommand("optimize", "What would it take: least-cost or budget-constrained allocation of fund, land, floor and talent");
  cmd->add_option("scenario", st->file, "Scenario (YAML)")->required()->type_name("SCENARIO.yaml");
  cmd->add_option("--budget", st->budget, "Public money over the policy years, 亿元 (required for count/value)")
      ->type_name("AMOUNT");
  cmd->add_option("--targets", st->targets, "Targets to reach (default: the scenario's targets in its last target year)")
      ->delimiter(',')->type_name("CLUSTER:YEAR,...");
  cmd->add_option("--objective", st->objective, "cost, count or value")
      ->check(one_of({"cost", "count", "value"}))->capture_default_str();
  cmd->add_option("--max-multiplier", st->req.max_multiplier, "Upper bound of every multiplier")
      ->check(kPositive)->capture_default_str();
  cmd->add_option("--max-evaluations", st->req.max_evaluations, "Simulations over all starts")
      ->check(CLI::Range(10, 10'000'000))->capture_default_str();
  cmd->add_option("--starts", st->req.starts, "Optimiser starts (1-3: scenario, half bound, bound)")
      ->check(CLI::Range(1, 3))->capture_default_str();
  cmd->add_option("--cost-land", st->req.costs.land, "亿元 per ha of land (assumption)")->check(CLI::NonNegativeNumber)->capture_default_str();
  cmd->add_option("--cost-floor", st->req.costs.floor, "亿元 per 万m² of floor (assumption)")->check(CLI::NonNegativeNumber)->capture_default_str();
  cmd->add_option("--cost-talent", st->req.costs.talent, "亿元 per person of talent (assumption)")->check(CLI::NonNegativeNumber)->capture_default_str();
  cmd->add_option("-o,--out", st->out_dir, "Write allocation.csv, targets.csv and summary.json into DIR")->type_name("DIR");
  add_set_option(cmd, st->opts, "Override a scenario key (repeatable)");
  cmd->add_flag("-q,--quiet", st->quiet, "Print nothing on stdout (errors still go to stderr)");
  cmd->footer(kOptimizeFooter);
  return [st, cmd]() -> int {
    if (!cmd->parsed()) return -1;
    return guarded([&]() -> int {
      const scenario::SourceLocation cli{"<command line>", 0, 0};
      if (!std::isnan(st->budget) && !(st->budget >= 0.0 && std::isfinite(st->budget)))
        throw scenario::ScenarioError(cli, "--budget", fmt::format("must be a number >= 0 (亿元), not {}", st->budget));
      auto [s, model] = load_checked(st->file, overrides(st->opts, true));
      auto& req = st->req;
      req.objective = st->objective == "count" ? calibration::Objective::Count
                      : st->objective == "value" ? calibration::Objective::Value
                                                 : calibration::Objective::Cost;
      if (!std::isnan(st->budget)) req.budget = st->budget;
      if (req.objective != calibration::Objective::Cost && !req.budget)
        throw scenario::ScenarioError(cli, "--budget", fmt::format("--objective {} needs a --budget", st->objective));
      if (st->targets.empty()) {
        int last = 0;
        for (const auto& t : s.targets) last = std::max(last, t.year);
        for (std::size_t k = 0; k < s.targets.size(); ++k)
          if (s.targets[k].year == last) req.targets.push_back(static_cast<int>(k));
        if (req.targets.empty()) throw scenario::ScenarioError(cli, "--targets", "the scenario has no targets");
      } else {
        for (const auto& t : st->targets) {
          try {
            req.targets.push_back(calibration::parse_target(s, t));
          } catch (const std::invalid_argument& e) {
            throw scenario::ScenarioError(cli, "--targets", e.what());
          }
        }
      }
      const bool tty = isatty(STDERR_FILENO) != 0 && !st->quiet;
      if (tty) {
        req.progress = [](int done, int total) {
          if (done % 50 == 0) std::fprintf(stderr, "\roptimize: %d/%d simulations ", done, total), std::fflush(stderr);
        };
      }
      calibration::OptimizeResult r;
      try {
        r = calibration::optimize(s, req);
      } catch (const std::invalid_argument& e) {
        throw scenario::ScenarioError(cli, "optimize", e.what());
      }
      if (tty) std::fprintf(stderr, "\r%40s\r", "");

      std::string out = fmt::format(
          "Objective: {}{}; policy years {}–{}; {} simulations in {:.1f} s\n",
          calibration::objective_name(r.objective),
          req.budget ? fmt::format(" (budget {} 亿元)", scenario::detail::format_number(*req.budget)) : "",
          r.first_year, r.last_year, r.evaluations, r.seconds);
      out += fmt::format("{:<16} {:>10} {:>14} {:>14} {:>10} {:>12} {:>12}\n", "lever", "multiplier",
                         "amount", "scenario", "cost 亿元", "gain/unit", "gain/亿元");
      for (const auto& row : r.rows) {
        out += fmt::format("{:<16} {:>10} {:>14} {:>14} {:>10} {:>12} {:>12}  {}\n", row.label,
                           fx(row.multiplier, 3), fx(row.amount, 1), fx(row.scenario_amount, 1),
                           fx(row.cost, 1), gx(row.gain_per_unit), gx(row.gain_per_yi), row.unit);
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
                           t.reachable ? "" : fmt::format(" (out of reach even at ×{}; binding here: {})", req.max_multiplier, clustersim::name(t.row.binding)));
      }
      out += fmt::format("{} of {} targets met. {}\n", r.met, r.targets.size(), r.message);
      if (r.objective == calibration::Objective::Cost)
        out += "Shadow values: gain/unit = rise of Σ projected/target over the reachable targets per one more unit\n"
               "of the lever's total over the policy years (亿元, ha, 万m², person); gain/亿元 = the same per 亿元 spent on it.\n";
      else
        out += fmt::format("Shadow values: gain/unit = rise of the surrogate Σ w·min(projected/target, 1) (weights sum to 1)\n"
                           "per one more unit of the lever's total over the policy years; gain/亿元 = the same per 亿元.\n"
                           "One more 亿元 of budget raises the surrogate by {} (re-optimised with a 5% larger budget).\n",
                           gx(r.budget_shadow));
      if (!st->out_dir.empty()) {
        io::check_finite(s, r.run, r.all_targets);
        std::string alloc = "lever,cluster,first_year,last_year,unit,multiplier,amount,scenario_amount,unit_cost,cost,gain_per_unit,gain_per_yi\n";
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
        j["objective"] = calibration::objective_name(r.objective);
        j["budget"] = req.budget ? nlohmann::ordered_json(*req.budget) : nlohmann::ordered_json(nullptr);
        j["policy_years"] = {r.first_year, r.last_year};
        j["unit_costs"] = {{"fund", req.costs.fund}, {"land", req.costs.land}, {"floor", req.costs.floor},
                           {"talent", req.costs.talent}};
        j["max_multiplier"] = req.max_multiplier;
        j["total_cost"] = r.total_cost;
        j["scenario_cost"] = r.scenario_cost;
        j["targets_met"] = r.met;
        j["targets_total"] = r.targets.size();
        j["feasible"] = r.feasible;
        j["progress"] = r.progress;
        j["budget_shadow"] = std::isfinite(r.budget_shadow) ? nlohmann::ordered_json(r.budget_shadow) : nlohmann::ordered_json(nullptr);
        j["evaluations"] = r.evaluations;
        j["seconds"] = r.seconds;
        j["message"] = r.message;
        j["scenario_file"] = st->file;
        j["overrides"] = st->opts.sets;
        io::write_atomic(st->out_dir, {{"allocation.csv", alloc},
                                       {"targets.csv", io::targets_csv(s, rows)},
                                       {"summary.json", io::dump_json(j)}});
        out += fmt::format("Wrote {} (allocation.csv, targets.csv, summary.json)\n", st->out_dir);
      }
      if (!st->quiet) print(out);
      return 0;
    });
  };
}

const CommandRegistration kOptimize({70, "optimize", setup_optimize});

}  // namespace
}  // namespace clustersim::cli
#endif  // CLUSTERSIM_HAVE_CALIBRATION
