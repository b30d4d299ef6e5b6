// Samplers and Iman–Conover against known answers.
#include <catch2/catch.hpp>

#include <algorithm>
#include <boost/random/sobol.hpp>
#include <cmath>
#include <random>
#include <set>

#include "clustersim/sweep/sampling.hpp"

using namespace clustersim::sweep;
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

TEST_CASE("Sobol points are Boost's draws XOR one seeded word per dimension", "[sampling]") {
  // The documented transform: shift_j = the j-th draw of mt19937_64(seed); u = (top 53 bits of
  // (boost draw XOR shift_j) + 1/2) · 2^-53.
  const int n = 32, d = 4;
  const std::uint64_t seed = 99;
  const Eigen::MatrixXd u = unit_sample(Sampler::Sobol, n, d, seed);
  std::mt19937_64 rng(seed);
  std::vector<std::uint64_t> shift(d);
  for (auto& w : shift) w = rng();
  boost::random::sobol engine(d);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < d; ++j) {
      const std::uint64_t raw = engine();
      if (i == 0) CHECK(raw == (std::uint64_t{1} << 63));  // Boost's first point is ½, not 0
      const double expect = (static_cast<double>((raw ^ shift[j]) >> 11) + 0.5) * 0x1p-53;
      CHECK(u(i, j) == expect);
    }
  }
}

TEST_CASE("Iman–Conover reaches a pairwise rank correlation of 0.6", "[sampling]") {
  const int n = 2000;
  Eigen::MatrixXd x = unit_sample(Sampler::LatinHypercube, n, 2, 4);
  CHECK(std::abs(spearman(x)(0, 1)) < 0.1);  // independent before
  Eigen::MatrixXd c(2, 2);
  c << 1, 0.6, 0.6, 1;
  const Eigen::MatrixXd before = x;
  impose_rank_correlation(x, c, 8);
  CHECK(spearman(x)(0, 1) == Approx(0.6).margin(0.05));
  // Seeded: the same seed gives the same order.
  Eigen::MatrixXd again = before;
  impose_rank_correlation(again, c, 8);
  CHECK(again == x);
  // Malformed matrices are refused with the reason.
  Eigen::MatrixXd asym(2, 2);
  asym << 1, 0.5, 0.2, 1;
  CHECK_THROWS_WITH(impose_rank_correlation(x, asym, 1), Catch::Contains("symmetric"));
  Eigen::MatrixXd diag(2, 2);
  diag << 2, 0.5, 0.5, 1;
  CHECK_THROWS_WITH(impose_rank_correlation(x, diag, 1), Catch::Contains("1 on its diagonal"));
  CHECK_THROWS_WITH(impose_rank_correlation(x, Eigen::MatrixXd::Identity(3, 3), 1),
                    Catch::Contains("must be 2 x 2"));
}
