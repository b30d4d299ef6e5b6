// The scenario commands: run, compare, validate, schema (docs/cli.md).
#include <fmt/format.h>

#include <memory>

#include "clustersim/analysis/targets.hpp"
#include "clustersim/io/outputs.hpp"
#include "clustersim/io/report.hpp"
#include "clustersim/sweep/odds.hpp"
#include "common.hpp"

namespace clustersim::cli {
namespace {

std::string label(const std::string& file, const std::vector<std::string>& sets) {
  std::string out = file;
  for (const auto& s : sets) out += " --set " + s;
  return out;
}

const char* kRunFooter = R"(Prints the target table (annual figures of each target year against the target),
a one-line run summary and notes. Nothing is written unless --out is given; the files
(trajectories.csv, binding.csv, targets.csv, summary.json) appear all together or not at all.

When the scenario declares uncertainty (an `uncertainty:` section, here or in a file it
extends), run also sweeps it: 2,000 seeded Monte Carlo runs (Latin hypercube, seed 20240101,
all cores; ~1-2 s for Pingshan on 2 cores) give each target's probability of being reached and
its word on the IPCC likelihood scale (likely, about as likely as not, ...), beside the
projection. --quick-sweep N takes N runs, --no-sweep none; --quick skips the sweep unless
--quick-sweep is given. Probabilities appear in the table, targets.csv and summary.json.

Examples:
  clustersim run scenarios/pingshan-2024.yaml
  clustersim run scenarios/pingshan-2024.yaml --no-sweep
  clustersim run scenarios/pingshan-2024.yaml --quick --quick-sweep 200
  clustersim run scenarios/pingshan-2024.yaml --out results/base
  clustersim run scenarios/pingshan-2024.yaml --set 'levers.land.region=198 ha/yr' --set horizon.end=2035
  clustersim run scenarios/pingshan-2024.yaml --solver rk4 --dt 0.01 --format json > base.json
  clustersim run scenarios/pingshan-2024.yaml --out results/base --quiet
)";

const char* kCompareFooter = R"(Runs both scenarios and prints, per target (matched by cluster, year and measure),
the two projections, their difference B - A and whether each run reaches the target.
--set applies to B only, so one file compared with itself under --set is a what-if:

Examples:
  clustersim compare scenarios/pingshan-2024.yaml scenarios/pingshan-2024.yaml --set 'levers.fund.ic=40 亿元/yr'
  clustersim compare scenarios/pingshan-2024.yaml scenarios/other.yaml
  clustersim compare a.yaml b.yaml --format csv > diff.csv
)";

const char* kValidateFooter = R"(Loads the scenario (and the files it extends), applies --set, checks everything and
builds the model without running it. Prints "OK: <name>: N clusters, M targets, years a–b".

Examples:
  clustersim validate scenarios/pingshan-2024.yaml
  clustersim validate scenarios/pingshan-2024.yaml --set horizon.end=2040
)";

const char* kSchemaFooter = R"(Prints the JSON Schema (draft 2020-12) of the scenario format, for editors.

Example:
  clustersim schema > docs/scenario.schema.json
)";


struct RunState {
  RunOptionsCli opts;
  std::string file, out_dir;
  bool quiet = false;
  bool quick = false;
  bool no_sweep = false;
  long sweep_runs = sweep::kOddsRuns;
};

std::function<int()> setup_run(CLI::App& app) {
  auto st = std::make_shared<RunState>();
  auto* run = app.add_subcommand("run", "Run a scenario and print how its targets fare");
  run->add_option("scenario", st->file, "Scenario file (YAML)")->required()->type_name("SCENARIO.yaml");
  run->add_option("-o,--out", st->out_dir,
                  "Write trajectories.csv, binding.csv, targets.csv and summary.json into DIR")
      ->check(kPath)
      ->type_name("DIR");
  add_set_option(run, st->opts, "Override a scenario key, e.g. horizon.end=2035 (repeatable)");
  add_solver_options(run, st->opts);
  run->add_flag("-q,--quiet", st->quiet, "Print nothing on stdout (errors still go to stderr)");
  run->add_flag("--quick", st->quick,
                "Only the projection: no marginal binding (the static one instead), no lever "
                "response, no reality checks, no uncertainty sweep (unless --quick-sweep)");
  auto* quick_sweep =
      run->add_option("--quick-sweep", st->sweep_runs,
                      "Runs of the uncertainty sweep behind the probabilities (default 2000)")
          ->check(whole_number(10, 10'000'000))
          ->type_name("N");
  auto* no_sweep = run->add_flag("--no-sweep", st->no_sweep,
                                 "No uncertainty sweep: the projection without probabilities");
  no_sweep->excludes(quick_sweep);
  add_format_option(run, st->opts);
  run->footer(kRunFooter);
  return [st, run, quick_sweep]() -> int {
    if (!run->parsed()) return -1;
    return guarded("run", [&] {
      check_out_dir("--out", st->out_dir);
      analysis::AnalysisOptions analysis;
      if (st->quick) analysis = {false, false, false};
      Run r = load_and_run(st->file, st->opts, true, analysis);
      const long asked = st->no_sweep ? 0 : quick_sweep->count() > 0 ? st->sweep_runs : -1;
      const long runs = sweep::odds_runs(r.scenario, st->quick, asked);
      if (asked > 0 && runs == 0) {
        print_error("clustersim run: warning: --quick-sweep: the scenario declares no uncertain "
                    "inputs (no `uncertainty:` section), so there are no probabilities to give");
      }
      if (runs > 0) {
        ProgressBar bar(stderr_is_terminal() && !st->quiet, "uncertainty sweep ");
        sweep::Progress progress;
        progress.report = [&](long done, long total) { bar(done, total); };
        sweep::OddsOptions odds;
        odds.runs = runs;
        r.info.sweep = sweep::attach_odds(r.scenario, r.targets, odds, progress);
        if (r.info.sweep->failed > 0) {
          print_error(fmt::format("clustersim run: warning: {} of {} runs of the uncertainty "
                                  "sweep failed and are left out of the probabilities "
                                  "(clustersim sweep --out DIR lists them in runs.csv)",
                                  r.info.sweep->failed, r.info.sweep->runs));
        }
      }
      std::string text;
      if (st->opts.format == "csv")
        text = io::targets_csv(r.scenario, r.targets);
      else if (st->opts.format == "json")
        text = io::dump_json(io::summary_json(r.scenario, r.result, r.targets, r.info));
      else
        text = io::run_report(r.scenario, r.result, r.targets, r.info);
      if (!st->out_dir.empty()) io::write_run(st->out_dir, r.scenario, r.result, r.targets, r.info);
      if (!st->quiet) print(text);
      return 0;
    });
  };
}

struct CompareState {
  RunOptionsCli opts;
  std::string a, b;
};

std::function<int()> setup_compare(CLI::App& app) {
  auto st = std::make_shared<CompareState>();
  auto* cmp = app.add_subcommand("compare", "Run two scenarios and compare them target by target");
  cmp->add_option("A", st->a, "Scenario A (YAML): the reference")->required()->type_name("A.yaml");
  cmp->add_option("B", st->b, "Scenario B (YAML): the alternative, --set applies to it")
      ->required()
      ->type_name("B.yaml");
  add_set_option(cmp, st->opts, "Override a key of scenario B only (repeatable)");
  add_solver_options(cmp, st->opts);
  add_format_option(cmp, st->opts);
  cmp->footer(kCompareFooter);
  return [st, cmp]() -> int {
    if (!cmp->parsed()) return -1;
    return guarded("compare", [&] {
      const analysis::AnalysisOptions binding_only{true, false, false};
      const Run a = load_and_run(st->a, st->opts, false, binding_only);
      const Run b = load_and_run(st->b, st->opts, true, binding_only);
      const auto rows = analysis::compare(a.targets, b.targets);
      if (st->opts.format == "csv")
        print(io::comparison_csv(rows));
      else if (st->opts.format == "json")
        print(io::dump_json(io::comparison_json(a.scenario, b.scenario, rows)));
      else
        print(io::comparison_report(a.scenario, a.result, a.info, label(st->a, {}), b.scenario,
                                    b.result, b.info, label(st->b, st->opts.sets), rows));
      return 0;
    });
  };
}

struct ValidateState {
  RunOptionsCli opts;
  std::string file;
};

std::function<int()> setup_validate(CLI::App& app) {
  auto st = std::make_shared<ValidateState>();
  auto* val = app.add_subcommand("validate", "Check a scenario without running it");
  val->add_option("scenario", st->file, "Scenario file (YAML)")->required()->type_name("SCENARIO.yaml");
  add_set_option(val, st->opts, "Override a scenario key (repeatable)");
  val->footer(kValidateFooter);
  return [st, val]() -> int {
    if (!val->parsed()) return -1;
    return guarded("validate", [&] {
      const auto [s, model] = load_checked(st->file, st->opts);
      print(fmt::format("OK: {}: {} clusters, {} targets, years {}–{}\n", s.name,
                        s.clusters.size(), s.targets.size(), s.spec.start_year,
                        s.spec.end_year));
      return 0;
    });
  };
}

const char* kCheckFooter = R"(Runs the scenario's reality checks (the `checks:` section, docs/scenario-format.md):
each changes the scenario (inputs set, a project added, an input varied), runs it and compares
the result with what the check expects. Prints one line per check; exit code 1 when any fails.

Examples:
  clustersim check scenarios/pingshan-2024.yaml
  clustersim check scenarios/pingshan-new-fab.yaml --format csv
)";

struct CheckState {
  RunOptionsCli opts;
  std::string file;
};

std::function<int()> setup_check(CLI::App& app) {
  auto st = std::make_shared<CheckState>();
  auto* chk = app.add_subcommand("check", "Run a scenario's reality checks");
  chk->add_option("scenario", st->file, "Scenario file (YAML)")->required()->type_name("SCENARIO.yaml");
  add_set_option(chk, st->opts, "Override a scenario key (repeatable)");
  add_solver_options(chk, st->opts);
  add_format_option(chk, st->opts);
  chk->footer(kCheckFooter);
  return [st, chk]() -> int {
    if (!chk->parsed()) return -1;
    return guarded("check", [&] {
      const Run r = load_and_run(st->file, st->opts, true, {false, false, true});
      const auto& checks = r.info.analysis.checks;
      if (st->opts.format == "csv") {
        print(io::checks_csv(r.scenario, checks));
      } else if (st->opts.format == "json") {
        print(io::dump_json(io::summary_json(r.scenario, r.result, r.targets, r.info)["checks"]));
      } else {
        print(io::checks_report(r.scenario, checks));
      }
      for (const auto& c : checks) {
        if (!c.passed) return kExitFailure;
      }
      return 0;
    });
  };
}

std::function<int()> setup_schema(CLI::App& app) {
  auto* schema = app.add_subcommand("schema", "Print the JSON Schema of the scenario format");
  schema->footer(kSchemaFooter);
  return [schema]() -> int {
    if (!schema->parsed()) return -1;
    return guarded("schema", [&] {
      std::string text = scenario::json_schema();
      if (text.empty() || text.back() != '\n') text += '\n';
      print(text);
      return 0;
    });
  };
}

const CommandRegistration kRun({10, "run", setup_run});
const CommandRegistration kCompare({20, "compare", setup_compare});
const CommandRegistration kValidate({30, "validate", setup_validate});
const CommandRegistration kCheck({35, "check", setup_check});
const CommandRegistration kSchema({90, "schema", setup_schema});

}  // namespace
}  // namespace clustersim::cli
