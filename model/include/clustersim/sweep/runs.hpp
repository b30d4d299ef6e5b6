// The runs of a sweep, without the parallel machinery: the design of input values, and one run
// (copy the prototype's spec, set the inputs, build, simulate, keep what the sweep follows).
// engine.hpp runs these rows in parallel; the simulator page (WebAssembly, one thread per Web
// Worker) runs them in chunks itself, so both give the same numbers for the same seed.
#pragma once

#include <Eigen/Core>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clustersim/core/simulate.hpp"
#include "clustersim/scenario/scenario.hpp"
#include "clustersim/sweep/sampling.hpp"
#include "clustersim/sweep/sensitivity.hpp"
#include "clustersim/sweep/spec.hpp"

namespace clustersim::sweep {

enum class Method { MonteCarlo, Oat, Morris, Sobol };
std::string_view method_name(Method m);  // "mc", "oat", "morris", "sobol"
std::optional<Method> parse_method(std::string_view name);

struct SweepOptions {
  Method method = Method::MonteCarlo;
  Sampler sampler = Sampler::LatinHypercube;  // mc; Sobol's design uses it for A and B
  long n = 1000;  // mc: runs; morris: trajectories; sobol: base rows (runs = n (d + 2)); oat: unused
  std::uint64_t seed = 20240101;
  int threads = 0;          // 0: all cores
  int resamples = 500;      // bootstrap resamples for confidence intervals
  double confidence = 0.95;
  int morris_levels = 4;
  long chunk = 2000;        // runs per chunk kept in the work directory
  // Baseline reproduction tolerance of each run: looser than a single run's 1e-5, since a sweep
  // asks for distributions; 1e-4 (0.01 %) is far inside the 0.5 % the model promises.
  double baseline_tolerance = 1e-4;

  std::string validate() const;  // empty when valid
};

// Variables whose percentile bands an mc sweep reports, per cluster and year.
inline constexpr std::array<ClusterVar, 5> kBandVariables = {
    ClusterVar::Output, ClusterVar::Investment, ClusterVar::Workforce, ClusterVar::Capital,
    ClusterVar::SpaceLand};

// Everything the runs produced, one row per run in design order.
struct RunTable {
  Eigen::MatrixXd inputs;      // runs x d, the input values
  Eigen::MatrixXd outputs;     // runs x outputs, the followed scalars (NaN when failed)
  Eigen::MatrixXd projected;   // runs x targets, canonical 亿元
  Eigen::MatrixXi first_year;  // runs x targets, 0 when not reached within the horizon
  Eigen::MatrixXf bands;       // runs x (clusters x band variables x years), mc only
  std::vector<std::uint8_t> ok;
  std::vector<std::string> errors;  // "" when ok
  long failed() const;
};

struct SweepResult {
  Method method = Method::MonteCarlo;
  RunTable table;
  long base_n = 0;  // Sobol base rows, Morris trajectories
  double wall_seconds = 0.0;
  double prototype_run_us = 0.0;  // the bare prototype run (for the overhead figure)
  int threads = 1;
  long resumed_runs = 0;  // runs read back from the work directory
};

// The design for `options`: rows of input values (through each distribution's quantiles), runs
// x d. mc: `sampler` points with Iman–Conover correlations; oat: the scenario's own values (the
// deterministic run, the tornado's base), then each input low and high; morris and sobol: their
// designs (correlations are not imposed: their estimators assume independent inputs).
Eigen::MatrixXd make_design(const Uncertainty& u, const SweepOptions& options, long* base_n);

// Size every column of `table` but the inputs (already set: runs x d) for `outputs` followed
// scalars and the scenario's targets, with bands when `bands`; all runs marked not done.
void size_run_table(RunTable& table, const scenario::Scenario& scenario, std::size_t outputs,
                    bool bands);

// The options of each run: the sweep's baseline tolerance, and the baseline hint of the
// prototype run (the scenario as it stands), which starts every run's baseline reproduction near
// its answer. `prototype_run_us` (optional) receives the prototype run's time.
RunOptions sweep_run_options(const scenario::Scenario& scenario, const SweepOptions& options,
                             double* prototype_run_us = nullptr);

// One run per call: row r of table.inputs in, row r of the other columns out. A run that throws
// or gives a non-finite output is marked failed with its reason. Const and thread-safe for
// distinct rows.
class RunEvaluator {
 public:
  RunEvaluator(const scenario::Scenario& scenario, const Uncertainty& uncertainty,
               const std::vector<OutputSpec>& outputs, const RunOptions& run_options, bool bands)
      : s_(scenario), u_(uncertainty), outs_(outputs), run_options_(run_options), bands_(bands) {}

  void operator()(Eigen::Index r, RunTable& t) const;

 private:
  void keep(const RunResult& run, Eigen::Index r, RunTable& t) const;
  void fail(Eigen::Index r, RunTable& t, const std::string& why) const;

  const scenario::Scenario& s_;
  const Uncertainty& u_;
  const std::vector<OutputSpec>& outs_;
  RunOptions run_options_;
  bool bands_;
};

}  // namespace clustersim::sweep
