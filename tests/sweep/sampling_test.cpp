// Distributions, samplers and Iman–Conover against known answers.
#include <catch2/catch.hpp>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/random/sobol.hpp>
#include <cmath>
#include <set>

#include "clustersim/sweep/sampling.hpp"

using namespace clustersim::sweep;
using Kind = Distribution::Kind;

namespace {
Distribution of(Kind k) {
  Distribution d;
  d.kind = k;
  return d;
}
}  // namespace

TEST_CASE("distribution quantiles match their closed forms", "[sampling]") {
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

TEST_CASE("invalid distributions are named", "[sampling]") {
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

TEST_CASE("Latin hypercube hits every stratum of every column once", "[sampling]") {
  const int n = 257, d = 5;
  const Eigen::MatrixXd u = unit_sample(Sampler::LatinHypercube, n, d, 7);
  for (int j = 0; j < d; ++j) {
    std::set<int> strata;
    for (int i = 0; i < n; ++i) strata.insert(static_cast<int>(std::floor(u(i, j) * n)));
    CHECK(strata.size() == static_cast<std::size_t>(n));
  }
}

TEST_CASE("samples are reproducible, seed-dependent and inside the open cube", "[sampling]") {
  for (Sampler s : {Sampler::MonteCarlo, Sampler::LatinHypercube, Sampler::Sobol}) {
    const Eigen::MatrixXd a = unit_sample(s, 500, 4, 42);
    CHECK(a == unit_sample(s, 500, 4, 42));
    CHECK(a != unit_sample(s, 500, 4, 43));
    CHECK(a.minCoeff() > 0.0);
    CHECK(a.maxCoeff() < 1.0);
    CHECK(parse_sampler(sampler_name(s)) == s);
  }
  CHECK_FALSE(parse_sampler("halton"));
}

TEST_CASE("Sobol points are Boost's sequence under a digital shift", "[sampling]") {
  const int n = 64, d = 3;
  const Eigen::MatrixXd u = unit_sample(Sampler::Sobol, n, d, 5);
  const Eigen::MatrixXd v = unit_sample(Sampler::Sobol, n, d, 6);
  boost::random::sobol engine(d);
  // XOR with a fixed shift per dimension: the XOR of two shifted points equals the XOR of the
  // unshifted ones, whatever the shift. Check on the top 20 bits.
  std::vector<std::uint64_t> raw(static_cast<std::size_t>(n * d));
  for (auto& r : raw) r = engine();
  auto bits = [](double x) { return static_cast<std::uint64_t>(std::floor(x * (1 << 20))); };
  for (int i = 1; i < n; ++i) {
    for (int j = 0; j < d; ++j) {
      const std::uint64_t expect = (raw[i * d + j] ^ raw[j]) >> 44;
      CHECK((bits(u(i, j)) ^ bits(u(0, j))) == expect);
      CHECK((bits(v(i, j)) ^ bits(v(0, j))) == expect);
    }
  }
  // Points 1 .. 2^6 - 1 of the sequence (Boost skips the origin, point 0) fall in distinct
  // cells of width 2^-6 on every axis, and the shift permutes the cells.
  for (int j = 0; j < d; ++j) {
    std::set<int> cells;
    for (int i = 0; i < n - 1; ++i) cells.insert(static_cast<int>(std::floor(u(i, j) * n)));
    CHECK(cells.size() == static_cast<std::size_t>(n - 1));
  }
}

TEST_CASE("Iman–Conover imposes rank correlations and keeps the marginals", "[sampling]") {
  const int n = 2000;
  Eigen::MatrixXd x = unit_sample(Sampler::MonteCarlo, n, 3, 11);
  x.col(1) = x.col(1).array().exp();  // different marginals per column
  Eigen::MatrixXd before = x;
  Eigen::MatrixXd c(3, 3);
  c << 1, 0.6, -0.3, 0.6, 1, 0.2, -0.3, 0.2, 1;
  impose_rank_correlation(x, c, 3);
  const Eigen::MatrixXd r = spearman(x);
  CHECK((r - c).cwiseAbs().maxCoeff() < 0.05);
  for (int j = 0; j < 3; ++j) {
    Eigen::VectorXd a = before.col(j), b = x.col(j);
    std::sort(a.data(), a.data() + n);
    std::sort(b.data(), b.data() + n);
    CHECK(a == b);
  }
  Eigen::MatrixXd bad(3, 3);
  bad << 1, 0.9, -0.9, 0.9, 1, 0.9, -0.9, 0.9, 1;
  CHECK_THROWS_WITH(impose_rank_correlation(x, bad, 3), Catch::Contains("not positive definite"));
}
