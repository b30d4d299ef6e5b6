// Shared parts of the clustersim command (common.hpp).
#include "common.hpp"

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <regex>

#include <unistd.h>

#include "clustersim/core/errors.hpp"
#include "clustersim/scenario/detail/text.hpp"
#include "clustersim/scenario/units.hpp"

namespace clustersim::cli {

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

void add_set_option(CLI::App* cmd, RunOptionsCli& o, const std::string& help) {
  // One value per --set (repeatable), so that `--set k=v scenario.yaml` keeps the positional.
  cmd->add_option("--set", o.sets, help)->type_name("KEY=VALUE")->allow_extra_args(false);
  cmd->add_flag("--allow-implausible", o.allow_implausible,
                "Accept values orders of magnitude outside their plausible range (still warned)");
}

// CLI11's PositiveNumber prints DBL_MAX in full in its message.
const CLI::Validator kPositive(
    [](std::string& text) -> std::string {
      double v = 0.0;
      if (!CLI::detail::lexical_cast(text, v) || !(v > 0.0) || !std::isfinite(v))
        return "must be a positive number, got '" + text + "'";
      return {};
    },
    "");

CLI::Validator whole_number(long long min, long long max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        const std::string_view t = scenario::detail::trim(text);
        long long v = 0;
        const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
        if (t.empty() || ec != std::errc() || end != t.data() + t.size() || v < min || v > max)
          return fmt::format("must be a whole number from {} to {}, got {}", min, max,
                             scenario::detail::quote(text));
        text = std::to_string(v);
        return {};
      },
      "");
}

const CLI::Validator kSeed(
    [](std::string& text) -> std::string {
      const std::string_view t = scenario::detail::trim(text);
      std::uint64_t v = 0;
      const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
      if (t.empty() || ec != std::errc() || end != t.data() + t.size())
        return "must be a whole number from 0 to 18446744073709551615, got " +
               scenario::detail::quote(text);
      text = std::to_string(v);
      return {};
    },
    "");

CLI::Validator quantity_in(std::string unit, double min, bool exclusive) {
  return CLI::Validator(
      [unit, min, exclusive](std::string& text) -> std::string {
        double v = 0.0;
        if (const auto bare = scenario::detail::parse_number(text)) {
          v = *bare;  // a bare number is in `unit`
        } else {
          try {
            v = scenario::convert(text, unit);
          } catch (const std::invalid_argument& e) {
            return e.what();
          }
        }
        if (!std::isfinite(v) || (exclusive ? !(v > min) : !(v >= min))) {
          return fmt::format("must be {} {} {}, got {}", exclusive ? ">" : "≥",
                             scenario::detail::format_number(min), unit,
                             scenario::detail::quote(text));
        }
        text = fmt::format("{:.17g}", v);
        return {};
      },
      "");
}

const CLI::Validator kPath(
    [](std::string& text) -> std::string {
      if (text.empty()) return "must name a file or directory, got ''";
      if (scenario::detail::check_value_text(text, false))
        return "holds a control character: " + scenario::detail::quote(text);
      return {};
    },
    "");

namespace {
std::string g_command = "run";  // the command guarded() runs (one per process)
// The scenario loaded last: a ModelError found only when the model runs (e.g. intermediate
// demand above demand at baseline) is located in its files.
std::shared_ptr<const scenario::Scenario> g_scenario;
}  // namespace

void bad_option(const std::string& option, const std::string& message) {
  throw scenario::ScenarioError(scenario::command_line(g_command), option, message);
}

void check_out_dir(const std::string& option, const std::string& dir) {
  if (dir.empty()) return;
  std::error_code ec;
  const auto status = std::filesystem::status(dir, ec);
  if (std::filesystem::exists(status) && !std::filesystem::is_directory(status))
    bad_option(option, scenario::detail::quote(dir) + " exists and is not a directory");
}

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


std::pair<scenario::Scenario, Model> load_checked(const std::string& file,
                                                  const std::vector<scenario::Override>& ov,
                                                  bool allow_implausible) {
  scenario::Scenario s = scenario::load(file, ov, {allow_implausible});
  g_scenario = std::make_shared<const scenario::Scenario>(s);
  Model model = scenario::build_model(s);
  if (const std::string problem = s.solver.validate(); !problem.empty())
    throw scenario::ScenarioError(s.locate("solver"), "solver", problem);
  // Warnings once the scenario is known to be usable: bad input gets its one error line alone.
  for (const auto& w : scenario::implausible_values(s)) print_error(w.text());
  return {std::move(s), std::move(model)};
}

std::pair<scenario::Scenario, Model> load_checked(const std::string& file,
                                                  const RunOptionsCli& o) {
  return load_checked(file, overrides(o, true), o.allow_implausible);
}

Run load_and_run(const std::string& file, const RunOptionsCli& o, bool with_sets,
                 const analysis::AnalysisOptions& analysis) {
  Run r;
  auto [s, model] = load_checked(file, overrides(o, with_sets), o.allow_implausible);
  r.scenario = std::move(s);
  const auto start = std::chrono::steady_clock::now();
  try {
    r.result = simulate(model, r.scenario.solver);
  } catch (const ModelError& e) {  // e.g. a fixed step too long for the model: name the key
    throw scenario::located(r.scenario, e);
  }
  r.info.wall_time_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  r.info.solver = r.scenario.solver;
  if (with_sets) r.info.overrides = o.sets;
  r.info.analysis = analysis::analyse_run(r.scenario, model, r.result, analysis);
  r.targets = analysis::evaluate_targets(r.scenario, r.result);
  io::check_finite(r.scenario, r.result, r.targets);
  return r;
}


ProgressBar::ProgressBar(bool on, std::string label)
    : on_(on), label_(std::move(label)), start_(std::chrono::steady_clock::now()) {}

void ProgressBar::operator()(long done, long total) {
  if (!on_) return;
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = s > 0 ? static_cast<double>(done - first_) / s : 0.0;
  const int width = 24;
  const int fill = total > 0 ? static_cast<int>(width * done / total) : width;
  const double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0.0;
  std::fprintf(stderr, "\r%s[%s%s] %ld/%ld runs  %.0f runs/s  ETA %.0f s ", label_.c_str(),
               std::string(static_cast<std::size_t>(fill), '#').c_str(),
               std::string(static_cast<std::size_t>(width - fill), ' ').c_str(), done, total, rate,
               eta);
  if (done >= total) std::fprintf(stderr, "\n");
  std::fflush(stderr);
}

bool stderr_is_terminal() { return isatty(STDERR_FILENO) != 0; }

int guarded(const std::string& command, const std::function<int()>& body) {
  g_command = command;
  try {
    return body();
  } catch (const scenario::ScenarioError& e) {
    print_error(e.what());
    return kExitBadInput;
  } catch (const ModelError& e) {
    print_error(g_scenario ? scenario::located(*g_scenario, e).what()
                           : fmt::format("clustersim: error: {}: {}", e.path(), e.what()));
    return kExitBadInput;
  } catch (const NumericalError& e) {
    // The core's message names the variable, the cluster and the time; values written outside
    // their plausible range are named as the likely cause, located, as bad input.
    if (g_scenario) {
      if (const auto cause = scenario::traced(*g_scenario, e)) {
        print_error(cause->what());
        return kExitBadInput;
      }
    }
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

std::string usage_message(const CLI::ParseError& e) {
  const std::string what = e.what();
  std::smatch m;
  // CLI11's own wordings, turned around so that the option comes first.
  static const std::regex convert("^Could not convert: (\\S+) = (.*)$");
  static const std::regex required("^(\\S+) is required$");
  static const std::regex extras("^The following arguments? (?:was|were) not expected: (.*)$");
  if (std::regex_match(what, m, convert))
    return fmt::format("{}: cannot read {}", m[1].str(), scenario::detail::quote(m[2].str()));
  if (std::regex_match(what, m, required)) return m[1].str() + ": required";
  if (std::regex_match(what, m, extras)) return m[1].str() + ": not an option of this command";
  return what;
}

std::vector<Command>& commands() {
  static std::vector<Command> registry;
  return registry;
}

}  // namespace clustersim::cli
