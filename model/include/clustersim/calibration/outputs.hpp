// What `clustersim calibrate` and `clustersim optimize` compute, print and write
// (docs/calibration.md), shared by the command and the Python module (clustersim._core):
//   calibrate: run_calibration (checks, fit, optional MCMC), calibration_report (the printed
//              text), calibration_files (estimates.csv, correlation.csv, fitted.csv, series.csv,
//              backtest.csv, posterior.csv, summary.json, fitted.yaml);
//   optimize:  optimize_request (the request from the command's options), optimize_report,
//              optimize_files (allocation.csv, targets.csv, summary.json).
// Bad options throw scenario::ScenarioError located at scenario::command_line("calibrate" or
// "optimize") with the option as key.
#pragma once

#include <Eigen/Core>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "clustersim/calibration/fit.hpp"
#include "clustersim/calibration/mcmc.hpp"
#include "clustersim/calibration/optimize.hpp"
#include "clustersim/calibration/spec.hpp"
#include "clustersim/io/outputs.hpp"

namespace clustersim::calibration {

// ---- calibrate -------------------------------------------------------------------------------

// The options of `clustersim calibrate` (seed and starts default to the spec's).
struct CalibrateOptions {
  std::optional<int> until;
  bool mcmc = false;
  int walkers = 32, steps = 2000, burn = 500, thin = 1;
  std::optional<unsigned long long> seed;
  std::optional<int> starts;
  int threads = 0;
  std::function<void(int step, int steps)> progress;  // MCMC, after each step (optional)
};

struct PosteriorSummary {
  double sigma = 0;
  bool sigma_given = false;  // from the spec, else the fit's
  Chains chains;
  Eigen::MatrixXd draws;  // pooled, walker-major
  Eigen::VectorXd mean, sd, q025, q975;
};

struct Calibration {
  CalibrationSpec spec;
  CalibrateOptions options;
  FitOptions fit_options;  // as used (seed and starts resolved)
  FitResult result;
  std::optional<PosteriorSummary> posterior;  // with options.mcmc
};

// Check the options, load the spec, fit, and with options.mcmc draw the posterior sample.
Calibration run_calibration(const std::filesystem::path& spec_file, const CalibrateOptions& options);

// The text `clustersim calibrate` prints.
std::string calibration_report(const Calibration& c);

// The files of `clustersim calibrate --out DIR`; fitted.yaml's `extends:` is relative to
// `out_dir` (absolute when it is empty).
std::vector<io::OutputFile> calibration_files(const Calibration& c, const std::filesystem::path& out_dir);

// ---- optimize --------------------------------------------------------------------------------

// `request` carries max_multiplier, max_evaluations, starts and costs; objective ("cost",
// "count", "value"), budget (NaN: none) and targets ("CLUSTER:YEAR"; empty: the scenario's in
// its last target year) and bounds ("KIND[:CLUSTER]=MAX", --bound) are checked and filled in as
// `clustersim optimize` does.
OptimizeRequest optimize_request(const scenario::Scenario& scenario, OptimizeRequest request,
                                 const std::string& objective, double budget,
                                 const std::vector<std::string>& targets,
                                 const std::vector<std::string>& bounds = {});

// calibration::optimize with its std::invalid_argument reported against the command line.
OptimizeResult run_optimize(const scenario::Scenario& scenario, const OptimizeRequest& request);

// The text `clustersim optimize` prints (without the "Wrote DIR" line).
std::string optimize_report(const scenario::Scenario& scenario, const OptimizeRequest& request,
                            const OptimizeResult& result);

// The files of `clustersim optimize --out DIR`. Throws io::OutputError on a non-finite value.
std::vector<io::OutputFile> optimize_files(const scenario::Scenario& scenario,
                                           const OptimizeRequest& request,
                                           const OptimizeResult& result,
                                           const std::string& scenario_file,
                                           const std::vector<std::string>& overrides);

}  // namespace clustersim::calibration
