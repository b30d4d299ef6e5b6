// The clustersim command (docs/cli.md). Exit codes: 0 success, 2 bad input (scenario errors and
// usage errors), 1 other failures (numerical failure, output errors). Errors are one line on
// stderr; stdout carries only the requested output, so that it can be piped.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "clustersim/analysis/targets.hpp"
#include "clustersim/core/errors.hpp"
#include "clustersim/core/simulate.hpp"
#include "clustersim/io/outputs.hpp"
#include "clustersim/io/report.hpp"
#include "clustersim/scenario/scenario.hpp"

namespace {

using namespace clustersim;

constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;

// Error messages are exactly one line, whatever the exception carried.
void print_error(const std::string& message) {
  std::string line = message;
  for (char& c : line)
    if (c == '\n' || c == '\r') c = ' ';
  std::cerr << line << '\n' << std::flush;
}

void print(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

// Options shared by the commands that load and run scenarios.
struct RunOptionsCli {
  std::vector<std::string> sets;
  std::string solver;
  std::string rtol, atol, dt;  // as typed: passed on to the scenario as YAML
  std::string format = "table";
};

void add_set_option(CLI::App* cmd, RunOptionsCli& o, const std::string& help) {
  // One value per --set (repeatable), so that `--set k=v scenario.yaml` keeps the positional.
  cmd->add_option("--set", o.sets, help)->type_name("KEY=VALUE")->allow_extra_args(false);
}

// A finite number > 0, with a short message (CLI11's PositiveNumber prints DBL_MAX in full).
const CLI::Validator kPositive(
    [](std::string& text) -> std::string {
      double v = 0.0;
      if (!CLI::detail::lexical_cast(text, v) || !(v > 0.0) || !std::isfinite(v))
        return "must be a positive number, got '" + text + "'";
      return {};
    },
    "");

// One of `choices`, listed in the type name instead of CLI11's ":{...}" suffix.
CLI::Validator one_of(std::vector<std::string> choices) {
  return CLI::IsMember(std::move(choices)).description("");
}

void add_solver_options(CLI::App* cmd, RunOptionsCli& o) {
  cmd->add_option("--solver", o.solver,
                  "Integration method (overrides the scenario's solver.method)")
      ->check(one_of({"dopri5", "rk4", "euler"}))
      ->type_name("dopri5|rk4|euler");
  cmd->add_option("--rtol", o.rtol, "Relative tolerance of dopri5 (solver.rtol)")
      ->check(kPositive)
      ->type_name("X");
  cmd->add_option("--atol", o.atol, "Absolute tolerance of dopri5 (solver.atol)")
      ->check(kPositive)
      ->type_name("X");
  cmd->add_option("--dt", o.dt, "Step of rk4 and euler, initial step of dopri5, in years (solver.dt)")
      ->check(kPositive)
      ->type_name("YEARS");
}

void add_format_option(CLI::App* cmd, RunOptionsCli& o) {
  cmd->add_option("--format", o.format, "What to print on stdout (default: table)")
      ->check(one_of({"table", "csv", "json"}))
      ->type_name("table|csv|json");
}

// --set arguments, then the solver flags, which therefore win over a --set of the same key.
std::vector<scenario::Override> overrides(const RunOptionsCli& o, bool with_sets) {
  std::vector<scenario::Override> out;
  if (with_sets)
    for (const auto& s : o.sets) out.push_back(scenario::parse_override(s));
  if (!o.solver.empty()) out.push_back({"solver.method", o.solver});
  if (!o.rtol.empty()) out.push_back({"solver.rtol", o.rtol});
  if (!o.atol.empty()) out.push_back({"solver.atol", o.atol});
  if (!o.dt.empty()) out.push_back({"solver.dt", o.dt});
  return out;
}

struct Run {
  scenario::Scenario scenario;
  RunResult result;
  std::vector<analysis::TargetRow> targets;
  io::RunInfo info;
};

// Load and build; solver settings are checked here too, because a --rtol or --set may change
// them after the scenario layer merged the files.
std::pair<scenario::Scenario, Model> load_checked(const std::string& file,
                                                  const std::vector<scenario::Override>& ov) {
  scenario::Scenario s = scenario::load(file, ov);
  Model model = scenario::build_model(s);
  if (const std::string problem = s.solver.validate(); !problem.empty())
    throw scenario::ScenarioError(s.locate("solver"), "solver", problem);
  return {std::move(s), std::move(model)};
}

Run load_and_run(const std::string& file, const RunOptionsCli& o, bool with_sets) {
  Run r;
  auto [s, model] = load_checked(file, overrides(o, with_sets));
  r.scenario = std::move(s);
  const auto start = std::chrono::steady_clock::now();
  r.result = simulate(model, r.scenario.solver);
  r.info.wall_time_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  r.info.solver = r.scenario.solver;
  if (with_sets) r.info.overrides = o.sets;
  r.targets = analysis::evaluate_targets(r.scenario, r.result);
  io::check_finite(r.scenario, r.result, r.targets);
  return r;
}

std::string label(const std::string& file, const std::vector<std::string>& sets) {
  std::string out = file;
  for (const auto& s : sets) out += " --set " + s;
  return out;
}

// Runs a command body, turning every exception into one stderr line and an exit code.
template <class F>
int guarded(F&& body) {
  try {
    return body();
  } catch (const scenario::ScenarioError& e) {
    print_error(e.what());
    return kExitBadInput;
  } catch (const ModelError& e) {
    print_error(fmt::format("clustersim: error: {}: {}", e.path(), e.what()));
    return kExitBadInput;
  } catch (const NumericalError& e) {
    // The core's message already names the variable, the cluster and the time.
    print_error(fmt::format("clustersim: error: the run failed: {}", e.what()));
    return kExitFailure;
  } catch (const io::OutputError& e) {
    print_error(fmt::format("clustersim: error: {}", e.what()));
    return kExitFailure;
  } catch (const std::exception& e) {
    print_error(fmt::format("clustersim: error: {}", e.what()));
    return kExitFailure;
  }
}

const char* kMainFooter = R"(Examples:
  clustersim validate scenarios/pingshan-2024.yaml
  clustersim run scenarios/pingshan-2024.yaml --out results/pingshan-2024
  clustersim run scenarios/pingshan-2024.yaml --set 'levers.land.region=198 ha/yr' --format csv
  clustersim compare scenarios/pingshan-2024.yaml scenarios/pingshan-2024.yaml --set 'levers.land.region=198 ha/yr'
  clustersim schema > docs/scenario.schema.json

Exit codes: 0 success, 2 bad input (scenario or command line), 1 other failures.
Documentation: docs/cli.md, docs/outputs.md, docs/scenario-format.md.
)";

const char* kRunFooter = R"(Prints the target table (annual figures of each target year against the target),
a one-line run summary and notes. Nothing is written unless --out is given; the files
(trajectories.csv, binding.csv, targets.csv, summary.json) appear all together or not at all.

Examples:
  clustersim run scenarios/pingshan-2024.yaml
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

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"clustersim: system-dynamics simulator of regional industrial clusters",
               "clustersim"};
  app.set_version_flag("--version", "clustersim " + std::string(io::version()));
  app.require_subcommand(1);
  app.footer(kMainFooter);

  RunOptionsCli run_opts, cmp_opts, val_opts;
  std::string run_file, out_dir, cmp_a, cmp_b, val_file;
  bool quiet = false;

  auto* run = app.add_subcommand("run", "Run a scenario and print how its targets fare");
  run->add_option("scenario", run_file, "Scenario file (YAML)")->required()->type_name("SCENARIO.yaml");
  run->add_option("-o,--out", out_dir,
                  "Write trajectories.csv, binding.csv, targets.csv and summary.json into DIR")
      ->type_name("DIR");
  add_set_option(run, run_opts, "Override a scenario key, e.g. horizon.end=2035 (repeatable)");
  add_solver_options(run, run_opts);
  run->add_flag("-q,--quiet", quiet, "Print nothing on stdout (errors still go to stderr)");
  add_format_option(run, run_opts);
  run->footer(kRunFooter);

  auto* cmp = app.add_subcommand("compare", "Run two scenarios and compare them target by target");
  cmp->add_option("A", cmp_a, "Scenario A (YAML): the reference")->required()->type_name("A.yaml");
  cmp->add_option("B", cmp_b, "Scenario B (YAML): the alternative, --set applies to it")
      ->required()
      ->type_name("B.yaml");
  add_set_option(cmp, cmp_opts, "Override a key of scenario B only (repeatable)");
  add_solver_options(cmp, cmp_opts);
  add_format_option(cmp, cmp_opts);
  cmp->footer(kCompareFooter);

  auto* val = app.add_subcommand("validate", "Check a scenario without running it");
  val->add_option("scenario", val_file, "Scenario file (YAML)")->required()->type_name("SCENARIO.yaml");
  add_set_option(val, val_opts, "Override a scenario key (repeatable)");
  val->footer(kValidateFooter);

  auto* schema = app.add_subcommand("schema", "Print the JSON Schema of the scenario format");
  schema->footer(kSchemaFooter);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --help-all, --version: stdout, exit 0
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11 would exit with its own codes (105, 106, ...); every usage error is bad input.
    std::string where = "clustersim";
    for (const auto* sub : app.get_subcommands()) where += " " + sub->get_name();
    if (app.get_subcommands().empty() && argc > 1 && argv[1][0] != '-') {
      print_error(fmt::format("clustersim: error: unknown command '{}' (commands: run, compare, "
                              "validate, schema; see 'clustersim --help')",
                              argv[1]));
      return kExitBadInput;
    }
    print_error(fmt::format("{}: error: {} (see '{} --help')", where, e.what(), where));
    return kExitBadInput;
  }

  if (run->parsed()) {
    return guarded([&] {
      const Run r = load_and_run(run_file, run_opts, true);
      std::string text;
      if (run_opts.format == "csv")
        text = io::targets_csv(r.scenario, r.targets);
      else if (run_opts.format == "json")
        text = io::dump_json(io::summary_json(r.scenario, r.result, r.targets, r.info));
      else
        text = io::run_report(r.scenario, r.result, r.targets, r.info);
      if (!out_dir.empty()) io::write_run(out_dir, r.scenario, r.result, r.targets, r.info);
      if (!quiet) print(text);
      return 0;
    });
  }
  if (cmp->parsed()) {
    return guarded([&] {
      const Run a = load_and_run(cmp_a, cmp_opts, false);
      const Run b = load_and_run(cmp_b, cmp_opts, true);
      const auto rows = analysis::compare(a.targets, b.targets);
      if (cmp_opts.format == "csv")
        print(io::comparison_csv(rows));
      else if (cmp_opts.format == "json")
        print(io::dump_json(io::comparison_json(a.scenario, b.scenario, rows)));
      else
        print(io::comparison_report(a.scenario, a.result, a.info, label(cmp_a, {}), b.scenario,
                                    b.result, b.info, label(cmp_b, cmp_opts.sets), rows));
      return 0;
    });
  }
  if (val->parsed()) {
    return guarded([&] {
      const auto [s, model] = load_checked(val_file, overrides(val_opts, true));
      print(fmt::format("OK: {}: {} clusters, {} targets, years {}–{}\n", s.name,
                        s.clusters.size(), s.targets.size(), s.spec.start_year,
                        s.spec.end_year));
      return 0;
    });
  }
  if (schema->parsed()) {
    return guarded([&] {
      std::string text = scenario::json_schema();
      if (text.empty() || text.back() != '\n') text += '\n';
      print(text);
      return 0;
    });
  }
  return 0;
}
