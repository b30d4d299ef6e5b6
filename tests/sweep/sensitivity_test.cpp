// Sobol and Morris estimators on test functions with analytic answers.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "clustersim/sweep/sensitivity.hpp"

using namespace clustersim::sweep;

namespace {

// Inside its bootstrap interval, widened by a small margin for the interval's own error.
void check_within(double analytic, double low, double high, double margin) {
  INFO("analytic " << analytic << " interval [" << low << ", " << high << "]");
  CHECK(analytic >= low - margin);
  CHECK(analytic <= high + margin);
}

}  // namespace

TEST_CASE("Sobol indices of the Ishigami function", "[sensitivity]") {
  // f = sin x1 + a sin² x2 + b x3⁴ sin x1 on [-π, π]³, a = 7, b = 0.1 (Ishigami & Homma 1990).
  const double a = 7, b = 0.1, pi = std::numbers::pi;
  const double v1 = 0.5 * std::pow(1 + b * std::pow(pi, 4) / 5, 2);
  const double v2 = a * a / 8;
  const double v13 = std::pow(b, 2) * std::pow(pi, 8) * (1.0 / 18 - 1.0 / 50);
  const double v = v1 + v2 + v13;
  const double s1[3] = {v1 / v, v2 / v, 0.0};
  const double st[3] = {(v1 + v13) / v, v2 / v, v13 / v};
  CHECK(s1[0] == Approx(0.3139).margin(1e-4));  // the published values
  CHECK(st[2] == Approx(0.2437).margin(1e-4));

  const Eigen::Index n = 8192;
  const Eigen::MatrixXd u = saltelli_design(n, 3, Sampler::Sobol, 2024);
  Eigen::VectorXd y(u.rows());
  for (Eigen::Index k = 0; k < u.rows(); ++k) {
    const double x1 = -pi + 2 * pi * u(k, 0), x2 = -pi + 2 * pi * u(k, 1), x3 = -pi + 2 * pi * u(k, 2);
    y(k) = std::sin(x1) + a * std::pow(std::sin(x2), 2) + b * std::pow(x3, 4) * std::sin(x1);
  }
  const SobolIndices s = sobol_indices(y, n, 3, 300, 0.95, 1);
  CHECK(s.used == n);
  CHECK(s.variance == Approx(v).epsilon(0.02));
  for (int i = 0; i < 3; ++i) {
    check_within(s1[i], s.first_low(i), s.first_high(i), 0.01);
    check_within(st[i], s.total_low(i), s.total_high(i), 0.01);
    CHECK(s.first_low(i) <= s.first(i));
    CHECK(s.first(i) <= s.first_high(i));
  }
}

TEST_CASE("Sobol indices of the G-function", "[sensitivity]") {
  // G = Π (|4 x_i − 2| + a_i) / (1 + a_i) on [0, 1]^d (Sobol' 1993; Saltelli et al. 2010).
  const std::vector<double> a = {0, 1, 4.5, 9, 99, 99, 99, 99};
  const int d = static_cast<int>(a.size());
  std::vector<double> vi(d);
  double prod = 1.0;
  for (int i = 0; i < d; ++i) {
    vi[i] = 1.0 / (3.0 * std::pow(1.0 + a[i], 2));
    prod *= 1.0 + vi[i];
  }
  const double v = prod - 1.0;
  const Eigen::Index n = 8192;
  const Eigen::MatrixXd u = saltelli_design(n, d, Sampler::Sobol, 7);
  Eigen::VectorXd y(u.rows());
  for (Eigen::Index k = 0; k < u.rows(); ++k) {
    double g = 1.0;
    for (int i = 0; i < d; ++i) g *= (std::abs(4 * u(k, i) - 2) + a[i]) / (1 + a[i]);
    y(k) = g;
  }
  const SobolIndices s = sobol_indices(y, n, d, 300, 0.95, 3);
  for (int i = 0; i < d; ++i) {
    const double first = vi[i] / v;
    const double total = vi[i] * (prod / (1.0 + vi[i])) / v;
    check_within(first, s.first_low(i), s.first_high(i), 0.01);
    check_within(total, s.total_low(i), s.total_high(i), 0.01);
  }
  // The ranking: x1 most important, the a = 99 inputs negligible.
  CHECK(s.total(0) > s.total(1));
  CHECK(s.total(1) > s.total(2));
  CHECK(s.total(7) < 0.01);
}

TEST_CASE("Sobol estimators drop failed rows and return 0 for a constant output",
          "[sensitivity]") {
  const Eigen::Index n = 1024;
  const int d = 2;
  Eigen::VectorXd y = Eigen::VectorXd::Constant(n * (d + 2), 5.0);
  SobolIndices s = sobol_indices(y, n, d, 50, 0.95, 1);
  CHECK(s.first.isZero());
  CHECK(s.total.isZero());
  const Eigen::MatrixXd u = saltelli_design(n, d, Sampler::MonteCarlo, 1);
  for (Eigen::Index k = 0; k < u.rows(); ++k) y(k) = u(k, 0);
  y(3 * n + 5) = std::nan("");  // row 5 of AB_2
  s = sobol_indices(y, n, d, 50, 0.95, 1);
  CHECK(s.used == n - 1);
  CHECK(s.total(0) == Approx(1.0).margin(0.1));
  CHECK(s.total(1) == Approx(0.0).margin(1e-12));
}

TEST_CASE("Morris ranks a known function", "[sensitivity]") {
  // y = 10 u1 + 5 u2 + u3 + 0 u4 + 20 u5 u6: linear effects equal their coefficients with
  // σ = 0; the interacting pair has σ > 0.
  const int r = 40, d = 6;
  const Eigen::MatrixXd x = morris_design(r, d, 4, 9);
  Eigen::VectorXd y(x.rows());
  for (Eigen::Index k = 0; k < x.rows(); ++k) {
    y(k) = 10 * x(k, 0) + 5 * x(k, 1) + x(k, 2) + 20 * x(k, 4) * x(k, 5);
  }
  const MorrisIndices m = morris_indices(x, y, r, d, 200, 0.95, 2);
  CHECK(m.trajectories_used == r);
  CHECK(m.mu_star(0) == Approx(10.0));
  CHECK(m.mu_star(1) == Approx(5.0));
  CHECK(m.mu_star(2) == Approx(1.0));
  CHECK(m.mu_star(3) == Approx(0.0).margin(1e-12));
  for (int i = 0; i < 4; ++i) CHECK(m.sigma(i) == Approx(0.0).margin(1e-9));
  CHECK(m.sigma(4) > 1.0);
  CHECK(m.sigma(5) > 1.0);
  CHECK(m.mu_star(4) > m.mu_star(1));
  // Every step moves one input by Δ = 1/2 and stays inside (0, 1).
  for (int t = 0; t < r; ++t) {
    for (int s = 0; s < d; ++s) {
      const Eigen::RowVectorXd delta = x.row(t * (d + 1) + s + 1) - x.row(t * (d + 1) + s);
      CHECK((delta.array().abs() > 1e-12).count() == 1);
      CHECK(delta.cwiseAbs().maxCoeff() == Approx(0.5));
    }
  }
  CHECK(x.minCoeff() > 0.0);
  CHECK(x.maxCoeff() < 1.0);
}

TEST_CASE("Sobol bootstrap intervals are seeded and shift-invariant", "[sensitivity]") {
  // y = u1 + 2 u2 on the unit square: S1 = ST = (1/5, 4/5) (V_i ∝ coefficient²).
  const Eigen::Index n = 2048;
  const Eigen::MatrixXd u = saltelli_design(n, 2, Sampler::LatinHypercube, 5);
  const Eigen::VectorXd y = u.col(0) + 2.0 * u.col(1);
  const SobolIndices a = sobol_indices(y, n, 2, 200, 0.9, 11);
  const SobolIndices b = sobol_indices(y, n, 2, 200, 0.9, 11);
  const SobolIndices c = sobol_indices(y, n, 2, 200, 0.9, 12);
  CHECK(a.first_low == b.first_low);
  CHECK(a.total_high == b.total_high);
  CHECK(a.first_low != c.first_low);
  CHECK(a.first == c.first);  // the estimate itself does not depend on the bootstrap seed
  for (int i = 0; i < 2; ++i) {
    const double expect = i == 0 ? 0.2 : 0.8;
    check_within(expect, a.first_low(i), a.first_high(i), 0.005);
    check_within(expect, a.total_low(i), a.total_high(i), 0.005);
  }
  // Adding 1e6 to every output changes nothing but rounding (the output is centred first).
  const Eigen::VectorXd shifted = y.array() + 1e6;
  const SobolIndices s = sobol_indices(shifted, n, 2, 200, 0.9, 11);
  CHECK((s.first - a.first).cwiseAbs().maxCoeff() < 1e-6);
  CHECK((s.first_high - a.first_high).cwiseAbs().maxCoeff() < 1e-6);
  // No resamples: zero-width intervals at the estimate.
  const SobolIndices none = sobol_indices(y, n, 2, 0, 0.9, 11);
  CHECK(none.first_low == none.first);
  CHECK(none.total_high == none.total);
  CHECK_THROWS(sobol_indices(y.head(10), n, 2, 10, 0.9, 1));
}
