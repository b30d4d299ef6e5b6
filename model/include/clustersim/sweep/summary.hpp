// The summaries of a Monte Carlo sweep's runs: each target's probability of being reached and
// when, and the percentile bands of the followed variables. No file or thread machinery, so the
// simulator page (WebAssembly) summarises its runs with the same code as `clustersim sweep`.
#pragma once

#include <Eigen/Core>
#include <optional>
#include <utility>
#include <vector>

#include "clustersim/scenario/scenario.hpp"
#include "clustersim/sweep/runs.hpp"
#include "clustersim/sweep/statistics.hpp"

namespace clustersim::sweep {

struct TargetProbability {
  int target = 0;  // index into scenario.targets
  long runs = 0;   // successful runs
  long reached = 0;
  Proportion probability;           // reached / runs, Wilson interval
  double p05 = 0, p50 = 0, p95 = 0;  // projected, in the target's unit
  std::optional<double> first_year_median;  // over the runs that reach it within the horizon
  double never_share = 0.0;                 // runs that never reach it within the horizon
  std::vector<std::pair<int, double>> first_years;  // (year, share); year 0: never
};
std::vector<TargetProbability> target_probabilities(const scenario::Scenario& scenario,
                                                    const SweepResult& result, double confidence);


// The percentiles bands.csv reports.
inline const std::vector<double> kBandProbabilities = {0.05, 0.25, 0.5, 0.75, 0.95};

// Percentiles (kBandProbabilities) and mean over the successful runs of one band variable of one
// cluster in one year, in the variable's unit (output in the cluster's baseline unit).
struct Band {
  int cluster = 0;
  ClusterVar variable = ClusterVar::Output;
  int year = 0;
  Eigen::VectorXd percentiles;
  double mean = 0.0;  // NaN when no run succeeded
};
// In bands.csv's order: cluster, then kBandVariables, then year.
std::vector<Band> bands(const scenario::Scenario& scenario, const SweepResult& result);

}  // namespace clustersim::sweep
