// Building blocks with known answers: the smooth minimum and allocation by priority.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "clustersim/core/model.hpp"
#include "support.hpp"

using namespace clustersim;

TEST_CASE("smooth minimum has the CES closed form and the min properties", "[numerics]") {
  const double two_equal[] = {1.0, 1.0};
  // k = 2: 1 * (1 + 1)^(-1/2)
  CHECK(smooth_min(two_equal, 2, 1) == Approx(1.0 / std::sqrt(2.0)).epsilon(1e-15));
  // k = 16: 4 equal values -> 4^(-1/16)
  const double four_equal[] = {3.0, 3.0, 3.0, 3.0};
  CHECK(smooth_min(four_equal, 4, 4) == Approx(3.0 * std::pow(4.0, -1.0 / 16.0)).epsilon(1e-14));
  // Hard minimum.
  const double mixed[] = {5.0, 2.0, 7.0, 2.5};
  CHECK(smooth_min(mixed, 4, -1) == 2.0);
  // Zero in any input gives zero, never NaN.
  const double with_zero[] = {5.0, 0.0, 7.0, 2.5};
  CHECK(smooth_min(with_zero, 4, 4) == 0.0);

  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0.01, 100.0);
  for (int trial = 0; trial < 1000; ++trial) {
    double x[4] = {u(rng), u(rng), u(rng), u(rng)};
    const double m = std::min(std::min(x[0], x[1]), std::min(x[2], x[3]));
    for (int sq = 1; sq <= 6; ++sq) {
      const double s = smooth_min(x, 4, sq);
      REQUIRE(s <= m);
      REQUIRE(s >= m * std::pow(4.0, -1.0 / (1 << sq)) * (1 - 1e-14));
      double scaled[4] = {3 * x[0], 3 * x[1], 3 * x[2], 3 * x[3]};
      REQUIRE(smooth_min(scaled, 4, sq) == Approx(3 * s).epsilon(1e-13));  // homogeneous
    }
  }
}

TEST_CASE("the row-wise smooth minimum of the right-hand side equals smooth_min row by row", "[numerics]") {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0.01, 100.0);
  const int rows = 37;  // not a multiple of the vector width
  Eigen::ArrayX4d limits(rows, 4), work(rows, 4);
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < 4; ++j) limits(i, j) = u(rng);
  limits.row(3) << 5.0, 0.0, 7.0, 9.0;                    // a zero limit: output 0
  limits.row(4) << 5.0, -1.0, 7.0, 9.0;                   // negative (a trial state): 0
  limits.row(5) << 2.0, 2.0, 2.0, 2.0;                    // all equal: m 4^(-1/k)
  limits.row(6) << 5.0, std::nan(""), 7.0, 9.0;           // NaN: as smooth_min (NaN unless sq < 0)
  Eigen::ArrayXd out(rows);
  for (const int sq : {-1, 0, 1, 4, 6}) {
    smooth_min4_rows(limits, sq, work, out);
    for (int i = 0; i < rows; ++i) {
      const double x[4] = {limits(i, 0), limits(i, 1), limits(i, 2), limits(i, 3)};
      const double expected = smooth_min(x, 4, sq);
      if (std::isnan(expected)) {
        CHECK(std::isnan(out(i)));
      } else {
        CHECK(out(i) == Approx(expected).epsilon(1e-15).margin(0.0));
      }
    }
    CHECK(out(3) == 0.0);
    CHECK(out(4) == 0.0);
    if (sq >= 0) CHECK(out(5) == Approx(2.0 * std::pow(4.0, -1.0 / (1 << sq))).epsilon(1e-15));
    CHECK(std::isnan(out(6)) == (sq >= 0));
  }
}

TEST_CASE("allocation by priority fills the highest priority first, ties pro rata", "[numerics]") {
  // Clusters 0..3; priorities 3 (c2), 2 (c0, c3), 1 (c1).
  const std::vector<int> order{2, 0, 3, 1};
  const std::vector<int> group_end{1, 3, 4};
  const double req[] = {40.0, 50.0, 30.0, 20.0};
  double out[4];

  allocate_by_priority(req, order, group_end, 200.0, out);  // ample: everyone served
  CHECK(out[0] == 40.0);
  CHECK(out[1] == 50.0);
  CHECK(out[2] == 30.0);
  CHECK(out[3] == 20.0);

  allocate_by_priority(req, order, group_end, 60.0, out);  // c2 full, 30 shared 40:20
  CHECK(out[2] == 30.0);
  CHECK(out[0] == Approx(20.0));
  CHECK(out[3] == Approx(10.0));
  CHECK(out[1] == 0.0);

  allocate_by_priority(req, order, group_end, 10.0, out);
  CHECK(out[2] == 10.0);
  CHECK(out[0] + out[1] + out[3] == 0.0);

  allocate_by_priority(req, order, group_end, 0.0, out);
  CHECK(out[0] + out[1] + out[2] + out[3] == 0.0);

  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0.0, 10.0);
  for (int trial = 0; trial < 1000; ++trial) {
    double r[4] = {u(rng), u(rng), u(rng), u(rng)};
    const double avail = 4 * u(rng);
    allocate_by_priority(r, order, group_end, avail, out);
    double total = 0;
    for (int i = 0; i < 4; ++i) {
      REQUIRE(out[i] >= 0.0);
      REQUIRE(out[i] <= r[i] * (1 + 1e-15));  // never over-filled
      total += out[i];
    }
    REQUIRE(total <= avail * (1 + 1e-12));
    // Supply is exhausted or every request is met.
    const double requested = r[0] + r[1] + r[2] + r[3];
    REQUIRE(test::near(total, std::min(avail, requested), 1e-12, 1e-12));
  }
}
