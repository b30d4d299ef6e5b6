// Distributions of uncertain inputs against their closed forms and Boost.Math's cdfs.
#include <catch2/catch.hpp>

#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>

#include "clustersim/sweep/distributions.hpp"

using namespace clustersim::sweep;
using Kind = Distribution::Kind;

namespace {
Distribution of(Kind k) {
  Distribution d;
  d.kind = k;
  return d;
}
}  // namespace

TEST_CASE("distribution quantiles match their closed forms", "[distributions]") {
  Distribution u = of(Kind::Uniform);
  u.low = 2;
  u.high = 6;
  CHECK(u.quantile(0.25) == Approx(3.0));
  CHECK(u.lower_value() == Approx(2.2));
  CHECK(u.upper_value() == Approx(5.8));

  Distribution t = of(Kind::Triangular);
  t.low = 0;
  t.mode = 1;
  t.high = 3;
  // F(x) = x² / 3 on [0, 1]: F^-1(1/12) = 0.5; and 1 - (3 - x)² / 6 above the mode.
  CHECK(t.quantile(1.0 / 12.0) == Approx(0.5));
  CHECK(t.quantile(1.0 - 1.0 / 6.0) == Approx(2.0));
  CHECK(t.quantile(1.0 / 3.0) == Approx(1.0));

  Distribution n = of(Kind::Normal);
  n.mean = 1;
  n.sd = 0.2;
  n.low = 0.9;
  n.high = 2.0;
  const boost::math::normal nd(1, 0.2);
  for (double p : {0.01, 0.3, 0.5, 0.99}) {
    const double x = n.quantile(p);
    CHECK(x >= 0.9);
    CHECK(x <= 2.0);
    const double fa = boost::math::cdf(nd, 0.9), fb = boost::math::cdf(nd, 2.0);
    CHECK((boost::math::cdf(nd, x) - fa) / (fb - fa) == Approx(p).margin(1e-9));
  }

  Distribution ln = of(Kind::Lognormal);
  ln.median = 3;
  ln.sigma = 0.5;
  CHECK(ln.central() == Approx(3.0));
  CHECK(ln.quantile(0.8413447460685429) == Approx(3.0 * std::exp(0.5)).epsilon(1e-8));

  Distribution d = of(Kind::Discrete);
  d.values = {1, 2, 4};
  d.weights = {1, 1, 2};
  CHECK(d.quantile(0.2) == 1);
  CHECK(d.quantile(0.3) == 2);
  CHECK(d.quantile(0.6) == 4);
  CHECK(d.lower_value() == 1);
  CHECK(d.upper_value() == 4);
}

TEST_CASE("invalid distributions are named", "[distributions]") {
  Distribution u = of(Kind::Uniform);
  u.low = 2;
  u.high = 1;
  CHECK(u.validate() == "high must exceed low");
  Distribution t = of(Kind::Triangular);
  t.low = 0;
  t.high = 1;
  t.mode = 2;
  CHECK(t.validate() == "mode must lie between low and high");
  Distribution n = of(Kind::Normal);
  n.mean = 1;
  CHECK(n.validate() == "sd must be positive");
  Distribution d = of(Kind::Discrete);
  d.values = {1, 2};
  d.weights = {1};
  CHECK(d.validate() == "weights must be as many as values");
  d.weights = {1, 1};
  CHECK(d.validate().empty());
}

TEST_CASE("a normal truncated on one side is the half-normal", "[distributions]") {
  // N(0, 1) truncated to [0, ∞): F(x) = 2 Φ(x) − 1, so F^-1(u) = Φ^-1((1 + u) / 2).
  Distribution n = of(Kind::Normal);
  n.mean = 0;
  n.sd = 1;
  n.low = 0;
  const boost::math::normal standard;
  for (double u : {0.05, 0.5, 0.95}) {
    CHECK(n.quantile(u) == Approx(boost::math::quantile(standard, 0.5 + 0.5 * u)).epsilon(1e-10));
  }
  CHECK(n.central() == Approx(0.6744897501960817).epsilon(1e-10));
  CHECK(n.validate().empty());
  CHECK(n.support_low() == 0.0);
  CHECK(std::isinf(n.support_high()));
}

TEST_CASE("a truncated lognormal stays in its bounds and matches Boost's cdf", "[distributions]") {
  // median 2, sigma 0.8 truncated to [1, 4] = [median e^-ln2, median e^ln2]: symmetric in the log,
  // so the median is kept.
  Distribution ln = of(Kind::Lognormal);
  ln.median = 2;
  ln.sigma = 0.8;
  ln.low = 1;
  ln.high = 4;
  CHECK(ln.validate().empty());
  CHECK(ln.central() == Approx(2.0).epsilon(1e-10));
  const boost::math::lognormal dist(std::log(2.0), 0.8);
  const double fa = boost::math::cdf(dist, 1.0), fb = boost::math::cdf(dist, 4.0);
  for (double u : {1e-9, 0.1, 0.37, 0.9, 1 - 1e-9}) {
    const double x = ln.quantile(u);
    CHECK(x >= 1.0);
    CHECK(x <= 4.0);
    CHECK((boost::math::cdf(dist, x) - fa) / (fb - fa) == Approx(u).margin(1e-9));
  }
  // Untruncated: the 5% and 95% values of the tornado are median · exp(∓ 1.644854 sigma).
  Distribution free = of(Kind::Lognormal);
  free.median = 3;
  free.sigma = 0.5;
  const double z95 = boost::math::quantile(boost::math::normal(), 0.95);
  CHECK(free.lower_value() == Approx(3.0 * std::exp(-z95 * 0.5)).epsilon(1e-10));
  CHECK(free.upper_value() == Approx(3.0 * std::exp(z95 * 0.5)).epsilon(1e-10));
  CHECK(free.support_low() == 0.0);
}

TEST_CASE("triangular and uniform tornado values are their 5% and 95% quantiles",
          "[distributions]") {
  Distribution t = of(Kind::Triangular);
  t.low = 0;
  t.mode = 1;
  t.high = 3;
  // F(x) = x² / 3 below the mode: x(0.05) = √0.15; above: x(0.95) = 3 − √(0.05 · 6).
  CHECK(t.lower_value() == Approx(std::sqrt(0.15)));
  CHECK(t.upper_value() == Approx(3.0 - std::sqrt(0.3)));
  // F(mode) = 1/3 < 1/2, so the median lies above the mode: 3 − √(0.5 · 6) = 3 − √3.
  CHECK(t.central() == Approx(3.0 - std::sqrt(3.0)));
  CHECK(t.describe() == "triangular(0, 1, 3)");
}

TEST_CASE("discrete values are sorted, weighted and equal by default", "[distributions]") {
  Distribution d = of(Kind::Discrete);
  d.values = {3, 1, 2};  // listed out of order: the quantile is that of the sorted values
  CHECK(d.quantile(0.1) == 1);
  CHECK(d.quantile(0.5) == 2);
  CHECK(d.quantile(0.9) == 3);
  CHECK(d.central() == 2);
  CHECK(d.lower_value() == 1);
  CHECK(d.upper_value() == 3);
  d.weights = {0, 1, 3};  // P(1) = 1/4, P(2) = 3/4, never 3
  CHECK(d.validate().empty());
  CHECK(d.quantile(0.2) == 1);
  CHECK(d.quantile(0.3) == 2);
  CHECK(d.quantile(1 - 1e-12) == 2);
  // The share of a fine grid of u mapped to each value is its weight.
  int ones = 0;
  const int m = 10000;
  for (int k = 0; k < m; ++k) ones += d.quantile((k + 0.5) / m) == 1 ? 1 : 0;
  CHECK(ones == m / 4);
}

TEST_CASE("every invalid distribution has its reason", "[distributions]") {
  Distribution u = of(Kind::Uniform);
  u.low = 0;
  CHECK(u.validate() == "uniform needs finite low and high");
  Distribution t = of(Kind::Triangular);
  t.low = 1;
  t.high = 1;
  CHECK(t.validate() == "high must exceed low");
  Distribution n = of(Kind::Normal);
  n.mean = 0;
  n.sd = 1;
  n.low = 9;
  CHECK(n.validate() == "the bounds leave no probability (more than 8 sd from the mean)");
  n.low = -1;
  n.high = -2;
  CHECK(n.validate() == "high must exceed low");
  Distribution ln = of(Kind::Lognormal);
  CHECK(ln.validate() == "median must be positive");
  ln.median = 1;
  CHECK(ln.validate() == "sigma must be positive");
  ln.sigma = 0.3;
  ln.high = -1;
  CHECK(ln.validate() == "high must be positive for a lognormal");
  Distribution d = of(Kind::Discrete);
  CHECK(d.validate() == "discrete needs at least one value");
  d.values = {1, std::numeric_limits<double>::quiet_NaN()};
  CHECK(d.validate() == "values must be finite");
  d.values = {1, 2};
  d.weights = {1, -1};
  CHECK(d.validate() == "weights must be non-negative");
  d.weights = {0, 0};
  CHECK(d.validate() == "weights must not all be 0");
}
