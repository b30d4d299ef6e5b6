// Shared parts of the clustersim command: exit codes, error printing, the options every
// scenario-running command takes, and the registry through which each command file adds itself.
#pragma once

#include <CLI/CLI.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "clustersim/analysis/targets.hpp"
#include "clustersim/core/simulate.hpp"
#include "clustersim/io/outputs.hpp"
#include "clustersim/scenario/scenario.hpp"

namespace clustersim::cli {

constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;

// Error messages are exactly one line (stderr), whatever the exception carried.
void print_error(const std::string& message);
// Text to stdout, flushed.
void print(const std::string& text);

// Options shared by the commands that load and run scenarios.
struct RunOptionsCli {
  std::vector<std::string> sets;
  std::string solver;
  std::string rtol, atol, dt;  // as typed: passed on to the scenario as YAML
  std::string format = "table";
  bool allow_implausible = false;  // --allow-implausible
};

void add_set_option(CLI::App* cmd, RunOptionsCli& o, const std::string& help);
void add_solver_options(CLI::App* cmd, RunOptionsCli& o);
void add_format_option(CLI::App* cmd, RunOptionsCli& o);
// A finite number > 0, with a short message.
extern const CLI::Validator kPositive;
// One of `choices`, listed in the type name.
CLI::Validator one_of(std::vector<std::string> choices);
// Option values are checked like scenario values: each validator's message follows the option's
// name ("clustersim sweep: error: -n: must be a whole number from 2 to ..., got 'abc'").
// A whole number in [min, max].
CLI::Validator whole_number(long long min, long long max);
// A seed: a whole number from 0 to 2^64 - 1 (no sign, so that -1 cannot wrap around).
extern const CLI::Validator kSeed;
// A quantity written as in scenarios ("100 亿元", "100亿元", "1e6 万元", or a bare number in
// `unit`), converted to a number in `unit` before the option reads it; at least `min` (above it
// when `exclusive`).
CLI::Validator quantity_in(std::string unit, double min, bool exclusive);
// A file or directory name: not empty, no control characters.
extern const CLI::Validator kPath;

// A bad command-line value found after parsing: printed as "clustersim COMMAND: error: OPTION:
// message" and exit 2 (a ScenarioError at scenario::command_line(COMMAND), the option as its key,
// as the layers below throw it too; COMMAND is the one guarded() runs).
[[noreturn]] void bad_option(const std::string& option, const std::string& message);
// `--out DIR` must be a directory or not exist yet (checked before any work).
void check_out_dir(const std::string& option, const std::string& dir);

// --set arguments (when `with_sets`), then the solver flags, which win over a --set of the same key.
std::vector<scenario::Override> overrides(const RunOptionsCli& o, bool with_sets);

// Load, build and check the solver settings (a --rtol or --set may change them after merging).
// Prints a warning per value outside its plausible range; refuses (exit 2) a value orders of
// magnitude outside it unless `allow_implausible`.
std::pair<scenario::Scenario, Model> load_checked(const std::string& file,
                                                  const std::vector<scenario::Override>& ov,
                                                  bool allow_implausible = false);
// The same with the --set, solver and --allow-implausible options of `o`.
std::pair<scenario::Scenario, Model> load_checked(const std::string& file,
                                                  const RunOptionsCli& o);

struct Run {
  scenario::Scenario scenario;
  RunResult result;
  std::vector<analysis::TargetRow> targets;
  io::RunInfo info;
};
// Load, run and analyse (marginal binding, lever response, reality checks as `analysis` says).
Run load_and_run(const std::string& file, const RunOptionsCli& o, bool with_sets,
                 const analysis::AnalysisOptions& analysis = {});

// "[#########           ] 45000/100000 runs  12345 runs/s  ETA 4 s" on stderr, rewritten in
// place; `label` goes first. Prints nothing unless `on` (callers: stderr is a terminal and no
// --quiet).
class ProgressBar {
 public:
  explicit ProgressBar(bool on, std::string label = {});
  void operator()(long done, long total);
  void skip_to(long done) { first_ = done; }

 private:
  bool on_;
  std::string label_;
  long first_ = 0;
  std::chrono::steady_clock::time_point start_;
};
// True when stderr is a terminal (where a progress line belongs).
bool stderr_is_terminal();

// Runs a command body, turning every exception into one stderr line and an exit code:
// ScenarioError/ModelError 2, NumericalError/OutputError/others 1.
int guarded(const std::string& command, const std::function<int()>& body);

// CLI11's parse error as "OPTION: message" (the form of every command-line error).
std::string usage_message(const CLI::ParseError& e);

// A subcommand. Each command file registers one with a static CommandRegistration; `order` sets
// its place in --help. `setup` adds the subcommand to the app and returns what to run when it was
// parsed (the callable may capture state owned by the setup's closure via shared_ptr).
struct Command {
  int order;
  std::string name;
  std::function<std::function<int()>(CLI::App&)> setup;
};
std::vector<Command>& commands();
struct CommandRegistration {
  explicit CommandRegistration(Command c) { commands().push_back(std::move(c)); }
};

}  // namespace clustersim::cli
