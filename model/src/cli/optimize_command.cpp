// clustersim optimize: least-cost or budget-constrained allocation of the levers
// (docs/calibration.md "What would it take: seek and optimize").
#ifdef CLUSTERSIM_HAVE_CALIBRATION
#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <memory>

#include "clustersim/calibration/outputs.hpp"
#include "clustersim/sweep/spec.hpp"
#include "common.hpp"

namespace clustersim::cli {
namespace {

const char* kOptimizeFooter = R"(Decision variables: a multiplier (0 to --max-multiplier) on each lever row the scenario
funds in the policy years (the year after the baseline to the last target year): fund per
cluster, land/floor/talent per cluster or region pool. Rows the scenario leaves at zero are not
varied. Public cost = Σ amount × unit cost over those years, in 亿元; the unit costs of land,
floor and talent are assumptions (defaults below), fund costs its amount. Land and floor are
physically limited: a land or floor row the scenario's `uncertainty:` section gives a range is
bounded at its top (Pingshan: land ×1.5, floor ×1.1; --no-declared-bounds drops this), and
--bound sets any row's bound (e.g. --bound land=1.44: 1,000 ha over 2024–2030).
  --objective cost   least cost meeting every target of --targets (default: the scenario's
                     targets in its last target year); --budget, if given, caps the cost.
                     A target out of reach even at the bounds is first brought as close as
                     the levers can get it, then held within --reach-tolerance (1%) of that
                     while the cost is minimised: a fund that still buys progress stays.
  --objective count  under --budget, most targets met (surrogate Σ min(projected/target, 1))
  --objective value  as count, each target weighted by its value
Shadow values: the objective's progress per one more unit (and per 亿元) of each lever row at
the optimum; under a budget, also d(progress)/d(budget). See docs/calibration.md.

Examples:
  clustersim optimize scenarios/pingshan-2024.yaml
  clustersim optimize scenarios/pingshan-2024.yaml --bound land=1.44 --bound floor=1
  clustersim optimize scenarios/pingshan-2024.yaml --objective count --budget 200 --out results/opt
)";

struct OptimizeState {
  RunOptionsCli opts;
  std::string file, objective = "cost", out_dir;
  std::vector<std::string> targets, bounds;
  double budget = kNaN;
  calibration::OptimizeRequest req;
  bool quiet = false;
  bool no_declared_bounds = false;
};

std::function<int()> setup_optimize(CLI::App& app) {
  auto st = std::make_shared<OptimizeState>();
  auto* cmd = app.add_subcommand("optimize", "What would it take: least-cost or budget-constrained allocation of fund, land, floor and talent");
  cmd->add_option("scenario", st->file, "Scenario (YAML)")->required()->type_name("SCENARIO.yaml");
  cmd->add_option("--budget", st->budget, "Public money over the policy years, e.g. 200 or '200 亿元' (required for count/value)")
      ->transform(quantity_in("亿元", 0.0, false))->type_name("AMOUNT");
  cmd->add_option("--targets", st->targets, "Targets to reach (default: the scenario's targets in its last target year)")
      ->delimiter(',')->type_name("CLUSTER:YEAR,...");
  cmd->add_option("--objective", st->objective, "cost, count or value")
      ->check(one_of({"cost", "count", "value"}))->capture_default_str();
  cmd->add_option("--max-multiplier", st->req.max_multiplier, "Upper bound of every multiplier")
      ->check(kPositive)->capture_default_str();
  cmd->add_option("--bound", st->bounds, "Upper bound of one row's multiplier, e.g. land=1.44 (repeatable)")
      ->type_name("KIND[:CLUSTER]=MAX");
  cmd->add_flag("--no-declared-bounds", st->no_declared_bounds,
                "Do not bound land and floor rows at the top of the scenario's uncertainty range");
  cmd->add_option("--reach-tolerance", st->req.reach_tolerance,
                  "cost: a target out of reach is held within this fraction of the most the levers get it to")
      ->check(CLI::Range(0.0, 0.999))->capture_default_str();
  cmd->add_option("--max-evaluations", st->req.max_evaluations, "Simulations over all starts")
      ->check(whole_number(10, 10'000'000))->capture_default_str();
  cmd->add_option("--starts", st->req.starts, "Optimiser starts (1-3: scenario, half bound, bound)")
      ->check(whole_number(1, 3))->capture_default_str();
  cmd->add_option("--cost-land", st->req.costs.land, "亿元 per ha of land (assumption; units as in scenarios, e.g. '300 万元/亩')")->transform(quantity_in("亿元/ha", 0.0, false))->capture_default_str();
  cmd->add_option("--cost-floor", st->req.costs.floor, "亿元 per 万m² of floor (assumption)")->transform(quantity_in("亿元/万m²", 0.0, false))->capture_default_str();
  cmd->add_option("--cost-talent", st->req.costs.talent, "亿元 per person of talent (assumption)")->transform(quantity_in("亿元/person", 0.0, false))->capture_default_str();
  cmd->add_option("-o,--out", st->out_dir, "Write allocation.csv, targets.csv and summary.json into DIR")->check(kPath)->type_name("DIR");
  add_set_option(cmd, st->opts, "Override a scenario key (repeatable)");
  cmd->add_flag("-q,--quiet", st->quiet, "Print nothing on stdout (errors still go to stderr)");
  cmd->footer(kOptimizeFooter);
  return [st, cmd]() -> int {
    if (!cmd->parsed()) return -1;
    return guarded("optimize", [&]() -> int {
      check_out_dir("--out", st->out_dir);
      const scenario::SourceLocation cli = scenario::command_line("optimize");
      if (!std::isnan(st->budget) && !(st->budget >= 0.0 && std::isfinite(st->budget)))
        throw scenario::ScenarioError(cli, "--budget", fmt::format("must be a number >= 0 (亿元), not {}", st->budget));
      auto [s, model] = load_checked(st->file, st->opts);
      calibration::OptimizeRequest req =
          calibration::optimize_request(s, st->req, st->objective, st->budget, st->targets, st->bounds);
      if (!st->no_declared_bounds)
        for (const auto& l : sweep::physical_lever_limits(s)) req.declared_bounds.push_back({{l.lever, l.row}, l.high});
      const bool tty = isatty(STDERR_FILENO) != 0 && !st->quiet;
      if (tty) {
        req.progress = [](int done, int total) {
          if (done % 50 == 0) std::fprintf(stderr, "\roptimize: %d/%d simulations ", done, total), std::fflush(stderr);
        };
      }
      const calibration::OptimizeResult r = calibration::run_optimize(s, req);
      if (tty) std::fprintf(stderr, "\r%40s\r", "");

      std::string out = calibration::optimize_report(s, req, r);
      if (!st->out_dir.empty()) {
        io::write_atomic(st->out_dir, calibration::optimize_files(s, req, r, st->file, st->opts.sets));
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
