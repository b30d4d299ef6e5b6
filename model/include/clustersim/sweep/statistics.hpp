// The small statistics a sweep reports: quantiles, and a proportion with its Wilson interval.
#pragma once

#include <Eigen/Core>
#include <vector>

namespace clustersim::sweep {

// Quantiles of the finite values by linear interpolation (Hyndman & Fan type 7, numpy's
// default); NaN when there are none.
Eigen::VectorXd quantiles(std::vector<double> values, const std::vector<double>& probabilities);

struct Proportion {
  double estimate = 0.0, low = 0.0, high = 0.0;
};
// k successes in n trials with the Wilson score interval at `confidence`.
Proportion proportion(long k, long n, double confidence = 0.95);

}  // namespace clustersim::sweep
