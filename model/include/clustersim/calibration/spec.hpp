// Calibration specs (docs/calibration.md, "The calibration spec"): the scenario, the inputs to fit
// (by analysis::resolve_input path) with bounds and optional priors, the historical series to
// match, and overrides that move the scenario's start back to the first observation.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "clustersim/analysis/inputs.hpp"
#include "clustersim/calibration/history.hpp"
#include "clustersim/core/variables.hpp"
#include "clustersim/scenario/scenario.hpp"

namespace clustersim::calibration {

struct Prior {
  enum class Kind { None, Normal, Lognormal };
  Kind kind = Kind::None;  // None: flat within the bounds
  double a = 0, b = 0;     // normal: mean, sd; lognormal: mu, sigma of log
};

struct Parameter {
  std::string path;
  double lower = 0, upper = 0;
  Prior prior;
  analysis::Input input;
  scenario::SourceLocation where;
};

struct Series {
  std::string name;   // series name in the history file
  std::string scope;  // the one scope fitted
  std::filesystem::path file;
  int cluster = 0;
  std::string cluster_id;
  ClusterVar variable = ClusterVar::Output;
  double weight = 1.0;
  double scale = 1.0;  // model value × scale is compared with the observation
  std::vector<Observation> observations;  // in the horizon, qualifier = or ≈, after the start year
  int skipped = 0;  // rows of the series/scope left out (>, range, baseline year, outside horizon)
  scenario::SourceLocation where;
};

struct CalibrationSpec {
  std::filesystem::path file;
  std::filesystem::path scenario_file;
  std::vector<scenario::Override> sets;  // applied to the scenario for fitting only
  scenario::Scenario scenario;           // with `sets`
  std::vector<Parameter> parameters;
  std::vector<Series> series;
  int starts = 8;
  unsigned long long seed = 1;
  std::optional<double> sigma;  // residual sd on the log scale for MCMC; estimated when absent
};

// Read and check a spec. Throws scenario::ScenarioError with file:line:column and key.
CalibrationSpec load_spec(const std::filesystem::path& file);

}  // namespace clustersim::calibration
