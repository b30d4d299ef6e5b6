// Affine-invariant ensemble sampler (Goodman & Weare 2010, stretch move a = 2, two
// half-ensembles updated in turn as in emcee) with split R-hat and effective sample size.
#pragma once

#include <Eigen/Core>
#include <functional>
#include <string>
#include <vector>

#include "clustersim/calibration/fit.hpp"

namespace clustersim::calibration {

struct EnsembleOptions {
  int walkers = 32;  // even, at least 2 x dimension
  int steps = 2000;
  int burn = 500;
  int thin = 1;
  unsigned long long seed = 1;
  double a = 2.0;
  std::function<void(int step)> progress;  // called after each step (optional)
};

struct Chains {
  // samples[w] is (kept steps) x dim for walker w, after burn-in and thinning.
  std::vector<Eigen::MatrixXd> samples;
  Eigen::VectorXd rhat;  // split R-hat per dimension
  Eigen::VectorXd ess;   // effective sample size per dimension (Geyer initial monotone sequence)
  double acceptance = 0;
  Eigen::MatrixXd pooled() const;  // all kept draws, walker-major order
};

// Sample exp(log_density). `start` holds one point per walker (finite log density each).
Chains sample_ensemble(const std::function<double(const Eigen::VectorXd&)>& log_density,
                       const std::vector<Eigen::VectorXd>& start, const EnsembleOptions& options);

// Split R-hat (Gelman et al. BDA3) and ESS of one dimension over several chains.
double split_rhat(const std::vector<Eigen::VectorXd>& chains);
double effective_sample_size(const std::vector<Eigen::VectorXd>& chains);

// Log posterior of a calibration: priors (flat within the bounds when none) + Gaussian log
// likelihood of the log residuals with sd `sigma`; -inf outside the bounds or for a failed run.
std::function<double(const Eigen::VectorXd&)> log_posterior(const Problem& problem, double sigma);

}  // namespace clustersim::calibration
