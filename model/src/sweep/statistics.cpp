#include "clustersim/sweep/statistics.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>

namespace clustersim::sweep {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

Eigen::VectorXd quantiles(std::vector<double> values, const std::vector<double>& probabilities) {
  values.erase(std::remove_if(values.begin(), values.end(),
                              [](double v) { return !std::isfinite(v); }),
               values.end());
  Eigen::VectorXd q(static_cast<Eigen::Index>(probabilities.size()));
  if (values.empty()) return q.setConstant(kNaN);
  std::sort(values.begin(), values.end());
  const double last = static_cast<double>(values.size() - 1);
  for (std::size_t k = 0; k < probabilities.size(); ++k) {
    const double h = std::clamp(probabilities[k], 0.0, 1.0) * last;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, values.size() - 1);
    q(static_cast<Eigen::Index>(k)) = values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
  }
  return q;
}

Proportion proportion(long k, long n, double confidence) {
  if (n <= 0) return {kNaN, kNaN, kNaN};
  const double z = boost::math::quantile(boost::math::normal(), 0.5 + 0.5 * confidence);
  const double p = static_cast<double>(k) / static_cast<double>(n);
  const double nn = static_cast<double>(n);
  const double denom = 1.0 + z * z / nn;
  const double centre = (p + z * z / (2.0 * nn)) / denom;
  const double half = z * std::sqrt(p * (1.0 - p) / nn + z * z / (4.0 * nn * nn)) / denom;
  return {p, std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

}  // namespace clustersim::sweep
