// Quantiles (Hyndman–Fan type 7) and Wilson intervals against hand-computed values.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "clustersim/sweep/statistics.hpp"

using namespace clustersim::sweep;

TEST_CASE("quantiles and proportions", "[statistics]") {
  // numpy.quantile([4, 1, 3, 2, 10], [0, .25, .5, .9, 1]) = [1, 2, 3, 7.6, 10]
  const Eigen::VectorXd q = quantiles({4, 1, 3, std::nan(""), 2, 10}, {0, 0.25, 0.5, 0.9, 1});
  CHECK(q(0) == 1);
  CHECK(q(1) == 2);
  CHECK(q(2) == 3);
  CHECK(q(3) == Approx(7.6));
  CHECK(q(4) == 10);
  CHECK(std::isnan(quantiles({}, {0.5})(0)));
  // Wilson interval for 8 of 10 at 95%: [0.4902, 0.9433] (Newcombe 1998, table I style).
  const Proportion p = proportion(8, 10);
  CHECK(p.estimate == 0.8);
  CHECK(p.low == Approx(0.4902).margin(1e-4));
  CHECK(p.high == Approx(0.9433).margin(1e-4));
  CHECK(proportion(0, 50).low == Approx(0.0).margin(1e-12));
  CHECK(proportion(0, 50).high == Approx(0.0714).margin(1e-4));
}

TEST_CASE("type-7 quantiles interpolate between order statistics", "[statistics]") {
  // Sorted [1, 2, 3, 4]: h = p (n − 1), x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
  // p = 0.1 -> h = 0.3 -> 1.3; p = 0.5 -> h = 1.5 -> 2.5; p = 0.95 -> h = 2.85 -> 3.85
  // (numpy.quantile([4, 3, 2, 1], [0.1, 0.5, 0.95]) = [1.3, 2.5, 3.85]).
  const double inf = std::numeric_limits<double>::infinity();
  const Eigen::VectorXd q = quantiles({4, inf, 3, 2, -inf, 1}, {0.1, 0.5, 0.95});
  CHECK(q(0) == Approx(1.3));
  CHECK(q(1) == Approx(2.5));
  CHECK(q(2) == Approx(3.85));
  // One finite value: every quantile is that value.
  const Eigen::VectorXd one = quantiles({std::nan(""), 7}, {0.05, 0.95});
  CHECK(one(0) == 7);
  CHECK(one(1) == 7);
}

TEST_CASE("Wilson interval by its formula", "[statistics]") {
  // k = 30 of n = 100 at 90%: z = 1.6448536, centre (p + z²/2n) / (1 + z²/n),
  // half-width z √(p(1 − p)/n + z²/4n²) / (1 + z²/n).
  const double z = 1.6448536269514722, n = 100, p = 0.3;
  const double denom = 1 + z * z / n;
  const double centre = (p + z * z / (2 * n)) / denom;
  const double half = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom;
  const Proportion w = proportion(30, 100, 0.90);
  CHECK(w.estimate == Approx(0.3));
  CHECK(w.low == Approx(centre - half).epsilon(1e-12));
  CHECK(w.high == Approx(centre + half).epsilon(1e-12));
  CHECK(w.low == Approx(0.2307).margin(1e-4));  // the formula evaluated by hand (Python)
  CHECK(w.high == Approx(0.3798).margin(1e-4));
  // All successes: the interval reaches 1 and is symmetric to all failures.
  CHECK(proportion(50, 50).high == Approx(1.0));
  CHECK(proportion(50, 50).low == Approx(1.0 - proportion(0, 50).high));
  CHECK(std::isnan(proportion(0, 0).estimate));
}
