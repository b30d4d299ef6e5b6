// What a sweep varies and what it watches: the scenario's `uncertainty` section resolved against
// the scenario (inputs by path with their distributions, rank correlations), and the scalar
// outputs that OAT, Morris and Sobol analyse.
#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

#include "clustersim/analysis/inputs.hpp"
#include "clustersim/scenario/scenario.hpp"
#include "clustersim/sweep/sampling.hpp"

namespace clustersim::sweep {

struct UncertainInput {
  analysis::Input input;
  Distribution distribution;
  std::string source;
  scenario::SourceLocation where;
  // Taken jointly from the posterior draws (uncertainty.posterior) instead of `distribution`.
  bool joint = false;
};

struct Uncertainty {
  // Declared inputs first, then the joint inputs of the posterior draws (if any).
  std::vector<UncertainInput> inputs;
  Eigen::MatrixXd rank_correlation;  // declared x declared; identity when none are declared
  bool correlated = false;
  // Joint draws (draws x joint inputs, in the order of the joint inputs), e.g. a calibration's
  // MCMC sample; each Monte Carlo run takes one row, drawn with the seed.
  Eigen::MatrixXd posterior;
  std::string posterior_file;
  int declared() const;  // inputs with a distribution
};

// Read and check the scenario's `uncertainty` section. Throws scenario::ScenarioError (file,
// line, column, key) for a missing section, an unknown input path, a distribution with bad
// parameters or values outside the input's admissible range, a correlation naming an undeclared
// input, and correlations that are not jointly possible.
Uncertainty read_uncertainty(const scenario::Scenario& scenario);
// Whether the scenario (or a file it extends) has an `uncertainty` section.
bool declares_uncertainty(const scenario::Scenario& scenario);

// Land and floor are physically limited. Where the `uncertainty:` section gives a land or floor
// row (levers.land.<row>, levers.floor.<row>) a range, its top is the most the scenario holds
// possible, as a multiplier on the row's path (Pingshan: land ×1.5, "the 1,000 ha consolidation
// programme would support the high end"; floor ×1.1). `optimize` bounds those rows there by
// default and `seek` notes an answer beyond it. Empty without the section.
struct LeverLimit {
  Lever lever = Lever::Land;
  int row = 0;  // cluster index; n = the region's pool
  double high = 0.0;
};
std::vector<LeverLimit> physical_lever_limits(const scenario::Scenario& scenario);

// A scalar the analysis follows. Written on the command line as
//   CLUSTER:YEAR        the cluster's output in YEAR (the cluster's baseline unit; `all`: 亿元)
//   gap:CLUSTER:YEAR    the gap to the scenario's target for CLUSTER in YEAR, % of the target
//   reached:CLUSTER:YEAR  1 when that target is reached, else 0
//   CLUSTER             the cluster's output in every year of the horizon (per-year analyses)
struct OutputSpec {
  enum class Kind { Value, Gap, Reached };
  Kind kind = Kind::Value;
  int cluster = -1;  // -1: the sum over clusters ("all")
  int year = 0;
  int target = -1;   // the scenario target (Gap and Reached)
  double unit_factor = 1.0;  // canonical per output unit (Value)
  std::string name;  // as written ("ic:2030"); for a per-year series the cluster id alone
  std::string unit;  // "亿元", "%", "1"
};

// Parse output specifications; none given: the projected value of every target. Throws
// std::invalid_argument with a one-line reason (unknown cluster with "did you mean", a year
// outside the horizon, a gap or reached output without a target).
std::vector<OutputSpec> parse_outputs(const scenario::Scenario& scenario,
                                      const std::vector<std::string>& texts);

}  // namespace clustersim::sweep
