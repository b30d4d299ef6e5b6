// The sweep engine: a prototype scenario plus a design of input values, run in parallel. Each
// run copies the prototype's spec, sets its inputs, builds the model and simulates it; runs share
// nothing mutable and land in their own rows, so a seed gives the same bits on any thread count.
// Runs are done in chunks; a work directory keeps each finished chunk, so an interrupted sweep
// resumes without redoing them and ends with the same results.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
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
// x d. mc: `sampler` points with Iman–Conover correlations; oat: the central row, then each input
// low and high; morris and sobol: their designs (correlations are not imposed: their estimators
// assume independent inputs).
Eigen::MatrixXd make_design(const Uncertainty& u, const SweepOptions& options, long* base_n);

struct Progress {
  std::function<void(long done, long total)> report;  // called from one thread at a time
  const std::atomic<bool>* stop = nullptr;           // set to stop after the current chunk
  std::function<void(const std::string&)> warn;      // e.g. a damaged chunk that is run again
};

// Runs in the design for `options`: mc n, oat 1 + 2d, morris n (d + 1), sobol n (d + 2).
double design_runs(const Uncertainty& u, const SweepOptions& options);
// Bytes a sweep of `outputs` outputs holds in memory at its peak (the design, the run table,
// mc's bands, the text of runs.csv), for refusing a -n the machine cannot hold before anything is
// allocated.
double sweep_bytes(const scenario::Scenario& scenario, const Uncertainty& u, std::size_t outputs,
                   const SweepOptions& options);
// Why this machine cannot hold such a sweep (it would need more than half its memory), or "".
std::string memory_problem(const scenario::Scenario& scenario, const Uncertainty& u,
                           std::size_t outputs, const SweepOptions& options);

// Run the sweep. With a `work_dir`, each finished chunk is stored there (with a CRC-32 of its
// bytes) and chunks already there are read back instead of run; a chunk whose checksum or design
// does not match is run again (with a warning when damaged). Throws std::runtime_error when
// stopped (the finished chunks stay).
SweepResult run_sweep(const scenario::Scenario& scenario, const Uncertainty& uncertainty,
                      const std::vector<OutputSpec>& outputs, const SweepOptions& options,
                      const std::filesystem::path& work_dir = {}, const Progress& progress = {});

}  // namespace clustersim::sweep
