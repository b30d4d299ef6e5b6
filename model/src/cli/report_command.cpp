// clustersim report: the review pack (PDF, charts as PNG and SVG, .xlsx workbook), and
// clustersim import-levers: a workbook of lever schedules into a what-if scenario. Both are
// written by the Python package (python3 -m clustersim.report / clustersim.import_levers,
// docs/python.md) with the interpreter and package directory of this build. The options are
// parsed here too, so that usage errors and --help look like the other commands'.
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "common.hpp"

extern char** environ;

namespace clustersim::cli {
namespace {

const char* kReportFooter = R"(Writes into DIR (created if missing):
  <scenario>-review.pdf    summary of the targets (verdict; probability with --sweep), projections
                           against targets, binding constraints, one page per cluster, sensitivity
                           (with --sweep), assumptions and sources
  charts/*.png, *.svg      every chart of the PDF, for slides and editing
  <scenario>-tables.xlsx   the tables behind the charts, and one sheet per lever that
                           clustersim import-levers reads back
With --compare B.yaml: <A>-vs-<B>-review.pdf, charts and tables comparing the two (--set applies
to B). A --sweep of another scenario's model inputs is refused (exit 2) unless --allow-other-sweep.
Runs `python3 -m clustersim.report` from this build (docs/python.md).

Examples:
  clustersim report scenarios/pingshan-2024.yaml --out review/pingshan
  clustersim sweep scenarios/sweeps/pingshan-uncertainty.yaml --out results/mc
  clustersim report scenarios/pingshan-2024.yaml --sweep results/mc --out review/pingshan
  clustersim report scenarios/pingshan-2024.yaml --set 'levers.land.region=198 ha/yr' --out review/more-land
  clustersim report scenarios/pingshan-2024.yaml --lang en --out review/pingshan-en
  clustersim report scenarios/pingshan-2024.yaml --compare scenarios/pingshan-ic-fund-doubled.yaml --out review/fund
)";

const char* kImportFooter = R"(Reads the lever sheets of SCHEDULE.xlsx (a sheet per lever named fund, land, floor, talent or
their Chinese or English names as the review pack writes them: row 1 the years, row 2 the unit of
each year's column, then one row per cluster id or name, or 'region'), and writes WHATIF.yaml,
which extends SCENARIO.yaml and replaces every lever row whose amounts differ. Errors name the
sheet, cell and key; exit 2; nothing is written.
Runs `python3 -m clustersim.import_levers` from this build (docs/cli.md).

Examples:
  clustersim report scenarios/pingshan-2024.yaml --out review/pingshan
  clustersim import-levers review/pingshan/pingshan-2024-tables.xlsx --scenario scenarios/pingshan-2024.yaml --out scenarios/whatif.yaml
)";

struct ReportState {
  std::string file, out_dir, sweep, compare, lang = "zh", dpi;
  std::vector<std::string> sets;
  bool quiet = false, allow_other_sweep = false;
};

// Run `python -m module args...`, the build's package first on PYTHONPATH; its exit code.
[[maybe_unused]] int run_python(const std::string& python, const std::string& package_dir,
                                const std::string& module, const std::vector<std::string>& args) {
  std::vector<std::string> env;
  std::string pythonpath = "PYTHONPATH=" + package_dir;
  for (char** e = environ; *e; ++e) {
    if (std::strncmp(*e, "PYTHONPATH=", 11) == 0) {
      if ((*e)[11] != '\0') pythonpath += ":" + std::string(*e + 11);
    } else {
      env.emplace_back(*e);
    }
  }
  env.push_back(pythonpath);
  std::vector<char*> envp, argv;
  for (auto& s : env) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> all = {python, "-m", module};
  all.insert(all.end(), args.begin(), args.end());
  for (auto& s : all) argv.push_back(s.data());
  argv.push_back(nullptr);

  pid_t pid = 0;
  if (const int err = posix_spawn(&pid, python.c_str(), nullptr, nullptr, argv.data(), envp.data());
      err != 0) {
    print_error(fmt::format("clustersim: error: cannot start {}: {}", python, std::strerror(err)));
    return kExitFailure;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return kExitFailure;
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  print_error(fmt::format("clustersim: error: {} stopped by signal {}", python,
                          WIFSIGNALED(status) ? WTERMSIG(status) : 0));
  return kExitFailure;
}

int run_module(const std::string& command, const std::string& module,
               const std::vector<std::string>& args);

std::function<int()> setup_report(CLI::App& app) {
  auto st = std::make_shared<ReportState>();
  auto* cmd = app.add_subcommand(
      "report", "Write the review pack: PDF, charts as PNG and SVG, .xlsx tables");
  cmd->add_option("scenario", st->file, "Scenario file (YAML)")
      ->required()
      ->type_name("SCENARIO.yaml");
  cmd->add_option("-o,--out", st->out_dir, "Directory to write into (created if missing)")
      ->required()
      ->type_name("DIR");
  cmd->add_option("--set", st->sets, "Override a scenario key, as for run (repeatable)")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  cmd->add_option("--sweep", st->sweep,
                  "A sweep's directory (clustersim sweep --out DIR), or a scenario with an "
                  "uncertainty section (an mc sweep of 1,000 runs is then run): adds target "
                  "probabilities and sensitivity pages")
      ->type_name("DIR|SWEEP.yaml");
  cmd->add_flag("--allow-other-sweep", st->allow_other_sweep,
               "Accept a sweep of another scenario's model inputs: its probabilities are then "
               "labelled with that scenario and left out of the verdicts");
  cmd->add_option("--compare", st->compare,
                  "Write the comparison pack of SCENARIO (A) and B: targets side by side, "
                  "trajectories overlaid, what differs in the inputs (--set applies to B)")
      ->type_name("B.yaml");
  cmd->add_option("--lang", st->lang, "Language of the charts and tables (default: zh)")
      ->check(one_of({"zh", "en"}))
      ->type_name("zh|en");
  cmd->add_option("--dpi", st->dpi, "Resolution of the PNG charts (default 200)")
      ->check(CLI::Range(50, 1200).description(""))
      ->type_name("N");
  cmd->add_flag("-q,--quiet", st->quiet, "Print nothing on success");
  cmd->footer(kReportFooter);
  return [st, cmd]() -> int {
    if (!cmd->parsed()) return -1;
    std::vector<std::string> args = {st->file, "--out", st->out_dir, "--lang", st->lang};
    for (const auto& s : st->sets) {
      args.push_back("--set");
      args.push_back(s);
    }
    if (!st->sweep.empty()) {
      args.push_back("--sweep");
      args.push_back(st->sweep);
    }
    if (!st->dpi.empty()) {
      args.push_back("--dpi");
      args.push_back(st->dpi);
    }
    if (!st->compare.empty()) {
      args.push_back("--compare");
      args.push_back(st->compare);
    }
    if (st->allow_other_sweep) args.push_back("--allow-other-sweep");
    if (st->quiet) args.push_back("--quiet");
    return run_module("report", "clustersim.report", args);
  };
}

// The Python module of this build, or the message that the build has none.
int run_module(const std::string& command, const std::string& module,
               const std::vector<std::string>& args) {
#if defined(CLUSTERSIM_REPORT_PYTHON) && defined(CLUSTERSIM_REPORT_PYTHONPATH)
  (void)command;
  return run_python(CLUSTERSIM_REPORT_PYTHON, CLUSTERSIM_REPORT_PYTHONPATH, module, args);
#else
  (void)module;
  (void)args;
  print_error("clustersim " + command +
              ": error: this command needs the Python module, which this build does not have "
              "(install pybind11-dev, python3-dev and python3-numpy, and configure with "
              "-DCLUSTERSIM_BUILD_PYTHON=ON)");
  return kExitFailure;
#endif
}

struct ImportState {
  std::string workbook, scenario, out;
  bool quiet = false, force = false;
};

std::function<int()> setup_import(CLI::App& app) {
  auto st = std::make_shared<ImportState>();
  auto* cmd = app.add_subcommand(
      "import-levers", "Turn a workbook of lever schedules (.xlsx) into a what-if scenario");
  cmd->add_option("workbook", st->workbook, "Workbook with lever sheets (.xlsx)")
      ->required()
      ->type_name("SCHEDULE.xlsx");
  cmd->add_option("--scenario", st->scenario, "The scenario the what-if extends")
      ->required()
      ->type_name("S.yaml");
  cmd->add_option("-o,--out", st->out, "The what-if to write (YAML)")
      ->required()
      ->type_name("WHATIF.yaml");
  cmd->add_flag("--force", st->force, "Replace WHATIF.yaml when it exists");
  cmd->add_flag("-q,--quiet", st->quiet, "Print nothing on success");
  cmd->footer(kImportFooter);
  return [st, cmd]() -> int {
    if (!cmd->parsed()) return -1;
    std::vector<std::string> args = {st->workbook, "--scenario", st->scenario, "--out", st->out};
    if (st->force) args.push_back("--force");
    if (st->quiet) args.push_back("--quiet");
    return run_module("import-levers", "clustersim.import_levers", args);
  };
}

const CommandRegistration kReport({60, "report", setup_report});
const CommandRegistration kImportLevers({61, "import-levers", setup_import});

}  // namespace
}  // namespace clustersim::cli
