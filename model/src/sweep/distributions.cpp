#include "clustersim/sweep/distributions.hpp"

#include <algorithm>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <sstream>

namespace clustersim::sweep {

namespace {

using Kind = Distribution::Kind;

// Keep a coordinate strictly inside (0, 1): quantile functions are infinite at the ends.
double open_unit(double u) {
  constexpr double eps = 1e-15;
  return std::clamp(u, eps, 1.0 - eps);
}

std::string fmt(double v) {
  std::ostringstream os;
  os.precision(6);
  os << v;
  return os.str();
}

// Inverse CDF of a distribution F truncated to [low, high]: F^-1(F(low) + u (F(high) - F(low))).
template <class Dist>
double truncated_quantile(const Dist& dist, double low, double high, double u) {
  using boost::math::cdf;
  using boost::math::quantile;
  const double a = std::isfinite(low) ? cdf(dist, low) : 0.0;
  const double b = std::isfinite(high) ? cdf(dist, high) : 1.0;
  const double p = open_unit(a + u * (b - a));
  return std::clamp(quantile(dist, p), low, high);
}

double lognormal_low(double low) { return std::isfinite(low) ? std::max(low, 0.0) : 0.0; }

}  // namespace

std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::Uniform: return "uniform";
    case Kind::Triangular: return "triangular";
    case Kind::Normal: return "normal";
    case Kind::Lognormal: return "lognormal";
    case Kind::Discrete: return "discrete";
  }
  return "?";
}

std::string Distribution::validate() const {
  auto finite = [](double v) { return std::isfinite(v); };
  switch (kind) {
    case Kind::Uniform:
      if (!finite(low) || !finite(high)) return "uniform needs finite low and high";
      if (!(high > low)) return "high must exceed low";
      return {};
    case Kind::Triangular:
      if (!finite(low) || !finite(high) || !finite(mode)) {
        return "triangular needs finite low, mode and high";
      }
      if (!(high > low)) return "high must exceed low";
      if (mode < low || mode > high) return "mode must lie between low and high";
      return {};
    case Kind::Normal:
      if (!finite(mean)) return "normal needs a finite mean";
      if (!(sd > 0.0) || !finite(sd)) return "sd must be positive";
      if (!(high > low)) return "high must exceed low";
      if (high < mean - 8 * sd || low > mean + 8 * sd) {
        return "the bounds leave no probability (more than 8 sd from the mean)";
      }
      return {};
    case Kind::Lognormal:
      if (!(median > 0.0) || !finite(median)) return "median must be positive";
      if (!(sigma > 0.0) || !finite(sigma)) return "sigma must be positive";
      if (!(high > low)) return "high must exceed low";
      if (!(high > 0.0)) return "high must be positive for a lognormal";
      return {};
    case Kind::Discrete:
      if (values.empty()) return "discrete needs at least one value";
      for (double v : values) {
        if (!finite(v)) return "values must be finite";
      }
      if (!weights.empty()) {
        if (weights.size() != values.size()) return "weights must be as many as values";
        double total = 0.0;
        for (double w : weights) {
          if (!(w >= 0.0) || !finite(w)) return "weights must be non-negative";
          total += w;
        }
        if (!(total > 0.0)) return "weights must not all be 0";
      }
      return {};
  }
  return "unknown distribution";
}

double Distribution::quantile(double u) const {
  u = open_unit(u);
  switch (kind) {
    case Kind::Uniform: return low + u * (high - low);
    case Kind::Triangular: {
      const double width = high - low;
      const double split = (mode - low) / width;
      if (u < split) return low + std::sqrt(u * width * (mode - low));
      return high - std::sqrt((1.0 - u) * width * (high - mode));
    }
    case Kind::Normal:
      return truncated_quantile(boost::math::normal(mean, sd), low, high, u);
    case Kind::Lognormal:
      return truncated_quantile(boost::math::lognormal(std::log(median), sigma),
                                lognormal_low(low), high, u);
    case Kind::Discrete: {
      // The inverse CDF of the values in increasing order, whatever order they are listed in (so
      // strata and rank correlations act on the value): the smallest v with F(v) > u. Quadratic
      // in the (few) values, without allocating.
      auto weight = [&](std::size_t k) { return weights.empty() ? 1.0 : weights[k]; };
      double total = 0.0;
      for (std::size_t k = 0; k < values.size(); ++k) total += weight(k);
      const double target = u * total;
      double best = kInf;
      for (double v : values) {
        if (v >= best) continue;
        double cumulative = 0.0;
        for (std::size_t k = 0; k < values.size(); ++k) {
          if (values[k] <= v) cumulative += weight(k);
        }
        if (target < cumulative) best = v;
      }
      return std::isfinite(best) ? best : *std::max_element(values.begin(), values.end());
    }
  }
  return std::nan("");
}

double Distribution::lower_value() const {
  if (kind == Kind::Discrete) return *std::min_element(values.begin(), values.end());
  return quantile(0.05);
}

double Distribution::upper_value() const {
  if (kind == Kind::Discrete) return *std::max_element(values.begin(), values.end());
  return quantile(0.95);
}

double Distribution::support_low() const {
  switch (kind) {
    case Kind::Uniform:
    case Kind::Triangular:
    case Kind::Normal: return low;
    case Kind::Lognormal: return lognormal_low(low);
    case Kind::Discrete: return *std::min_element(values.begin(), values.end());
  }
  return low;
}

double Distribution::support_high() const {
  if (kind == Kind::Discrete) return *std::max_element(values.begin(), values.end());
  return high;
}

std::string Distribution::describe() const {
  auto bounds = [&] {
    std::string s;
    if (std::isfinite(low)) s += ", low " + fmt(low);
    if (std::isfinite(high)) s += ", high " + fmt(high);
    return s;
  };
  switch (kind) {
    case Kind::Uniform: return "uniform(" + fmt(low) + ", " + fmt(high) + ")";
    case Kind::Triangular:
      return "triangular(" + fmt(low) + ", " + fmt(mode) + ", " + fmt(high) + ")";
    case Kind::Normal: return "normal(mean " + fmt(mean) + ", sd " + fmt(sd) + bounds() + ")";
    case Kind::Lognormal:
      return "lognormal(median " + fmt(median) + ", sigma " + fmt(sigma) + bounds() + ")";
    case Kind::Discrete: {
      std::string s = "discrete(";
      for (std::size_t k = 0; k < values.size(); ++k) s += (k ? ", " : "") + fmt(values[k]);
      return s + ")";
    }
  }
  return "?";
}

}  // namespace clustersim::sweep
