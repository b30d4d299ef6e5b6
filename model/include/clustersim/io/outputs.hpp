// The files a run writes (docs/outputs.md): trajectories.csv, binding.csv, targets.csv and
// summary.json, built in memory as strings and written all together or not at all.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "clustersim/analysis/run_analysis.hpp"
#include "clustersim/analysis/targets.hpp"
#include "clustersim/core/simulate.hpp"
#include "clustersim/scenario/scenario.hpp"

namespace clustersim::io {

// clustersim's version (the CMake project version).
std::string_view version();

// Value of the `cluster` column for region-wide variables in trajectories.csv. Cluster ids match
// [a-z][a-z0-9_]* and `region` is reserved for the region's shared pools in scenario files (the
// levers' `region` row), so it cannot name a cluster; writing refuses a run where one does.
inline constexpr std::string_view kRegionRow = "region";

// Output cannot be produced or written (non-finite value, I/O failure). The CLI exits with 1.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What the run metadata records beyond the scenario and the result.
struct RunInfo {
  SolverOptions solver;                // the options the run used
  double wall_time_ms = 0.0;           // simulate() alone, baseline calibration included
  std::vector<std::string> overrides;  // the --set arguments, as given
  analysis::RunAnalysis analysis;      // lever response and reality checks, when computed
  // The sweep behind the targets' odds (TargetRow::odds), when one was run.
  std::optional<analysis::OddsSweep> sweep;
};

// Throws OutputError naming cluster, variable and year of the first non-finite value among the
// run's series, the target rows and the solver statistics.
void check_finite(const scenario::Scenario& scenario, const RunResult& run,
                  const std::vector<analysis::TargetRow>& targets);

// Long format `scenario,cluster,variable,year,value`: every cluster variable per cluster and
// year (output in the cluster's baseline unit), then the region variables under kRegionRow.
std::string trajectories_csv(const scenario::Scenario& scenario, const RunResult& run);
// `scenario,cluster,year,binding,gain_capital,gain_labour,gain_space,gain_demand`: the binding
// factor and the output gained by relieving each factor by 1% (empty when not computed).
std::string binding_csv(const scenario::Scenario& scenario, const RunResult& run);
// `scenario,cluster,lever,year,step,gain,per_unit,unit`: what each lever buys (docs/outputs.md).
std::string levers_csv(const scenario::Scenario& scenario, const RunResult& run,
                       const std::vector<analysis::LeverResponse>& levers);
// One row per target, the columns of the summary's `targets` entries.
std::string targets_csv(const scenario::Scenario& scenario,
                        const std::vector<analysis::TargetRow>& targets);
// `scenario,check,passed,expected,got,describe,describe_en`.
std::string checks_csv(const scenario::Scenario& scenario,
                       const std::vector<analysis::CheckResult>& checks);
// summary.json (keys in documented order).
nlohmann::ordered_json summary_json(const scenario::Scenario& scenario, const RunResult& run,
                                    const std::vector<analysis::TargetRow>& targets,
                                    const RunInfo& info);
nlohmann::ordered_json target_json(const analysis::TargetRow& row);

// Comparison of two runs (clustersim compare --format csv|json).
std::string comparison_csv(const std::vector<analysis::ComparisonRow>& rows);
nlohmann::ordered_json comparison_json(const scenario::Scenario& a, const scenario::Scenario& b,
                                       const std::vector<analysis::ComparisonRow>& rows);

// JSON text as written: two-space indent, UTF-8 (not \u-escaped), final newline.
std::string dump_json(const nlohmann::ordered_json& j);

// A CSV field, quoted (RFC 4180) when it holds a comma, quote or line break.
std::string csv_field(std::string_view text);
// Shortest representation that reads back to the same double; -0 is written as 0.
std::string format_double(double v);

struct OutputFile {
  std::string name;  // plain file name, no directory part
  std::string content;
};

// Write `files` into `dir` atomically: into a temporary sibling directory first (each file
// flushed to disk), then a new `dir` is that directory renamed, an existing `dir` receives each
// file by rename (each replaced atomically; other files in it are left alone). Missing parent
// directories are created. On any failure, the temporary directory and any parent created are
// removed, an existing `dir` is unchanged, and OutputError is thrown.
void write_atomic(const std::filesystem::path& dir, const std::vector<OutputFile>& files);

// Everything `clustersim run --out DIR` writes: check_finite, then the files atomically
// (levers.csv when the lever response was computed).
void write_run(const std::filesystem::path& dir, const scenario::Scenario& scenario,
               const RunResult& run, const std::vector<analysis::TargetRow>& targets,
               const RunInfo& info);

}  // namespace clustersim::io
