// Distributions of uncertain inputs and the designs that sample them: plain Monte Carlo, Latin
// hypercube and Sobol low-discrepancy points in the unit cube, mapped through each input's
// inverse distribution function, with rank correlations imposed by Iman and Conover's method.
// Every design is generated up front from its seed alone, so results never depend on threads.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clustersim::sweep {

struct Distribution {
  enum class Kind { Uniform, Triangular, Normal, Lognormal, Discrete };
  static constexpr double kInf = std::numeric_limits<double>::infinity();

  Kind kind = Kind::Uniform;
  // Uniform: low, high. Triangular: low, mode, high. Normal: mean, sd, truncated to [low, high]
  // (either may be infinite). Lognormal: median and sigma (sd of the log), truncated likewise.
  // Discrete: values with weights (normalised; empty = equal).
  double low = -kInf, high = kInf;
  double mode = 0.0, mean = 0.0, sd = 0.0, median = 0.0, sigma = 0.0;
  std::vector<double> values, weights;

  // Empty when valid, otherwise one short reason ("high must exceed low").
  std::string validate() const;
  // Inverse distribution function at u in (0, 1) (Boost.Math for the normal and lognormal;
  // truncation maps u into [F(low), F(high)]).
  double quantile(double u) const;
  // The median: where OAT and Morris hold an input that is not being moved.
  double central() const { return quantile(0.5); }
  // The low and high values of a one-at-a-time (tornado) run: the 5% and 95% quantiles;
  // for a discrete input its smallest and largest value.
  double lower_value() const;
  double upper_value() const;
  // The smallest and largest value the distribution can take (may be infinite).
  double support_low() const;
  double support_high() const;
  // "triangular(0.5, 1, 3)" for tables and summaries.
  std::string describe() const;
};

std::string_view kind_name(Distribution::Kind k);

enum class Sampler { MonteCarlo, LatinHypercube, Sobol };
std::string_view sampler_name(Sampler s);                    // "mc", "lhs", "sobol"
std::optional<Sampler> parse_sampler(std::string_view name);  // inverse of sampler_name

// n x d points strictly inside the unit cube, a function of (sampler, n, d, seed) only.
// MonteCarlo: mt19937_64. LatinHypercube: one point in each of the n strata of every column,
// strata in independent random orders, uniform within the stratum. Sobol: Boost.Random's
// sobol engine (which skips the origin) with a random digital shift drawn from the seed (each
// coordinate's 64 bits XOR-ed with one random word per dimension), which keeps the net
// structure and makes seeds give different sequences.
Eigen::MatrixXd unit_sample(Sampler s, Eigen::Index n, int d, std::uint64_t seed);

// Iman–Conover: reorder each column of `sample` so that its Spearman rank correlation approaches
// `rank_correlation` (d x d, symmetric, unit diagonal, positive definite; std::invalid_argument
// otherwise). Columns stay permutations of themselves, so the marginals do not change.
void impose_rank_correlation(Eigen::MatrixXd& sample, const Eigen::MatrixXd& rank_correlation,
                             std::uint64_t seed);

// Spearman rank correlation matrix of the columns (average ranks for ties).
Eigen::MatrixXd spearman(const Eigen::MatrixXd& sample);

}  // namespace clustersim::sweep
