// Distributions of uncertain inputs: uniform, triangular, normal and lognormal (truncated to
// bounds) and discrete, each mapped from the unit interval by its inverse distribution function.
#pragma once

#include <limits>
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
  // Discrete: values (any order) with weights (relative; empty = equal); its quantile is that
  // of the values sorted, so central() is the weighted median.
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

}  // namespace clustersim::sweep
