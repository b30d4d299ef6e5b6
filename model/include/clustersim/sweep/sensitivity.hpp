// Sensitivity designs and estimators on scalar outputs: Saltelli's design with the Saltelli
// (2010) first-order and Jansen (1999) total-effect estimators, Morris's elementary effects
// (Campolongo et al. 2007's μ*), with bootstrap confidence intervals.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "clustersim/sweep/sampling.hpp"
#include "clustersim/sweep/statistics.hpp"

namespace clustersim::sweep {

// Saltelli's design in the unit cube: A and B are the two halves of one n x 2d sample; the
// rows come in blocks of n: A, B, AB_1 .. AB_d, where AB_i is A with column i taken from B.
// n (d + 2) rows in all.
Eigen::MatrixXd saltelli_design(Eigen::Index n, int d, Sampler s, std::uint64_t seed);

struct SobolIndices {
  Eigen::VectorXd first, first_low, first_high;  // S_i and its confidence interval
  Eigen::VectorXd total, total_low, total_high;  // S_Ti and its confidence interval
  Eigen::Index used = 0;  // base rows whose n (d + 2) outputs were all finite
  double variance = 0.0;  // of the output over A and B
};

// y holds one output per row of saltelli_design(n, d, ...), in its order. With f_A, f_B, f_ABi
// and V the variance over A and B:
//   S_i  = (1/n) Σ f_B (f_ABi − f_A) / V          (Saltelli et al. 2010, table 2 (b))
//   S_Ti = (1/2n) Σ (f_A − f_ABi)² / V            (Jansen 1999)
// The output is centred on its mean over A and B first (the indices do not change in
// expectation; the first-order estimator's variance does not grow with the mean). Percentile
// intervals from `resamples` bootstrap resamples of the base rows (seeded; one engine in a fixed
// order, so independent of threads); resamples <= 0 gives zero-width intervals. Rows with a
// non-finite output are dropped (`used` counts the others); fewer than 2 left gives NaN. An output
// equal on every used row gives indices of 0 (nothing to apportion), with zero-width intervals.
// Cost: one pass over y, then one (2d + 2) x rows x resamples matrix product.
SobolIndices sobol_indices(const Eigen::VectorXd& y, Eigen::Index n, int d, int resamples,
                           double confidence, std::uint64_t seed);

// Morris trajectories on a grid of `levels` values per input, the cell centres (k + ½) / levels
// (inside (0, 1), so they map through any inverse distribution function); levels even, and the
// step is levels / 2 cells, Δ = ½ (Morris's p / (2 (p − 1)) on the centred grid). Each
// trajectory starts at a random grid point and moves one input at a time, in random order and
// direction, by Δ. Rows: trajectory by trajectory, d + 1 rows each.
Eigen::MatrixXd morris_design(int trajectories, int d, int levels, std::uint64_t seed);

struct MorrisIndices {
  Eigen::VectorXd mu, mu_star, sigma;        // mean, mean absolute, sd of elementary effects
  Eigen::VectorXd mu_star_low, mu_star_high;  // bootstrap interval of μ*
  int trajectories_used = 0;
};

// Elementary effects EE_i = Δy / Δu per unit-cube step of input i, so that inputs of different
// units compare (each input's step spans the same share of its distribution). Trajectories with
// a non-finite output are dropped; intervals by bootstrap over trajectories.
MorrisIndices morris_indices(const Eigen::MatrixXd& design, const Eigen::VectorXd& y,
                             int trajectories, int d, int resamples, double confidence,
                             std::uint64_t seed);

}  // namespace clustersim::sweep
