#include "clustersim/sweep/sampling.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/random/sobol.hpp>
#include <cmath>
#include <Eigen/Cholesky>
#include <numeric>
#include <random>
#include <sstream>
#include <stdexcept>

namespace clustersim::sweep {

namespace {

// Keep a coordinate strictly inside (0, 1).
double open_unit(double u) {
  constexpr double eps = 1e-15;
  return std::clamp(u, eps, 1.0 - eps);
}

}  // namespace

std::string_view sampler_name(Sampler s) {
  switch (s) {
    case Sampler::MonteCarlo: return "mc";
    case Sampler::LatinHypercube: return "lhs";
    case Sampler::Sobol: return "sobol";
  }
  return "?";
}

std::optional<Sampler> parse_sampler(std::string_view name) {
  for (Sampler s : {Sampler::MonteCarlo, Sampler::LatinHypercube, Sampler::Sobol}) {
    if (sampler_name(s) == name) return s;
  }
  return std::nullopt;
}

Eigen::MatrixXd unit_sample(Sampler s, Eigen::Index n, int d, std::uint64_t seed) {
  if (n < 0 || d < 0) throw std::invalid_argument("sample size and dimension must be >= 0");
  Eigen::MatrixXd u(n, d);
  if (n == 0 || d == 0) return u;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  switch (s) {
    case Sampler::MonteCarlo:
      for (Eigen::Index i = 0; i < n; ++i) {
        for (int j = 0; j < d; ++j) u(i, j) = open_unit(uniform(rng));
      }
      break;
    case Sampler::LatinHypercube: {
      std::vector<Eigen::Index> strata(static_cast<std::size_t>(n));
      for (int j = 0; j < d; ++j) {
        std::iota(strata.begin(), strata.end(), Eigen::Index{0});
        std::shuffle(strata.begin(), strata.end(), rng);
        for (Eigen::Index i = 0; i < n; ++i) {
          const double within = uniform(rng);
          u(i, j) = open_unit((static_cast<double>(strata[i]) + within) / static_cast<double>(n));
        }
      }
      break;
    }
    case Sampler::Sobol: {
      boost::random::sobol engine(static_cast<std::size_t>(d));
      std::vector<std::uint64_t> shift(static_cast<std::size_t>(d));
      for (auto& w : shift) w = rng();
      constexpr double scale = 1.0 / 18446744073709551616.0;  // 2^-64
      for (Eigen::Index i = 0; i < n; ++i) {
        for (int j = 0; j < d; ++j) {
          const std::uint64_t bits = static_cast<std::uint64_t>(engine()) ^ shift[j];
          // The top 53 bits, centred in their cell, so the double is exact and inside (0, 1).
          const std::uint64_t top = bits >> 11;
          u(i, j) = open_unit((static_cast<double>(top) + 0.5) * scale * 2048.0);
        }
      }
      break;
    }
  }
  return u;
}

namespace {

// Ranks 0..n-1 of a column (ties broken by position, which keeps the result deterministic).
std::vector<Eigen::Index> order_of(const Eigen::VectorXd& v) {
  std::vector<Eigen::Index> idx(static_cast<std::size_t>(v.size()));
  std::iota(idx.begin(), idx.end(), Eigen::Index{0});
  std::stable_sort(idx.begin(), idx.end(), [&](Eigen::Index a, Eigen::Index b) {
    return v(a) < v(b);
  });
  return idx;
}

Eigen::VectorXd average_ranks(const Eigen::VectorXd& v) {
  const auto idx = order_of(v);
  Eigen::VectorXd r(v.size());
  std::size_t k = 0;
  while (k < idx.size()) {
    std::size_t end = k + 1;
    while (end < idx.size() && v(idx[end]) == v(idx[k])) ++end;
    const double rank = 0.5 * static_cast<double>(k + end - 1);
    for (std::size_t m = k; m < end; ++m) r(idx[m]) = rank;
    k = end;
  }
  return r;
}

Eigen::MatrixXd pearson(const Eigen::MatrixXd& x) {
  const Eigen::MatrixXd centred = x.rowwise() - x.colwise().mean();
  Eigen::MatrixXd cov = centred.transpose() * centred;
  const Eigen::VectorXd sd = cov.diagonal().cwiseSqrt();
  for (Eigen::Index i = 0; i < cov.rows(); ++i) {
    for (Eigen::Index j = 0; j < cov.cols(); ++j) {
      cov(i, j) = sd(i) > 0 && sd(j) > 0 ? cov(i, j) / (sd(i) * sd(j)) : (i == j ? 1.0 : 0.0);
    }
  }
  return cov;
}

}  // namespace

Eigen::MatrixXd spearman(const Eigen::MatrixXd& sample) {
  Eigen::MatrixXd ranks(sample.rows(), sample.cols());
  for (Eigen::Index j = 0; j < sample.cols(); ++j) ranks.col(j) = average_ranks(sample.col(j));
  return pearson(ranks);
}

void impose_rank_correlation(Eigen::MatrixXd& sample, const Eigen::MatrixXd& rank_correlation,
                             std::uint64_t seed) {
  const Eigen::Index n = sample.rows();
  const Eigen::Index d = sample.cols();
  const Eigen::MatrixXd& c = rank_correlation;
  if (c.rows() != d || c.cols() != d) {
    throw std::invalid_argument("the correlation matrix must be " + std::to_string(d) + " x " +
                                std::to_string(d));
  }
  for (Eigen::Index i = 0; i < d; ++i) {
    if (std::abs(c(i, i) - 1.0) > 1e-12) {
      throw std::invalid_argument("the correlation matrix must have 1 on its diagonal");
    }
    for (Eigen::Index j = 0; j < d; ++j) {
      if (!std::isfinite(c(i, j)) || std::abs(c(i, j) - c(j, i)) > 1e-12 ||
          std::abs(c(i, j)) > 1.0) {
        throw std::invalid_argument(
            "the correlation matrix must be symmetric with entries in [-1, 1]");
      }
    }
  }
  const Eigen::LLT<Eigen::MatrixXd> target(c);
  if (target.info() != Eigen::Success || (target.matrixL().toDenseMatrix().diagonal().array() <= 1e-10).any()) {
    throw std::invalid_argument(
        "the correlations are not consistent with each other (the matrix is not positive "
        "definite): lower the largest ones");
  }
  if (n < 3 || d < 2) return;

  // Van der Waerden scores Φ^-1(k / (n + 1)), each column in an independent random order.
  std::mt19937_64 rng(seed);
  const boost::math::normal standard;
  Eigen::VectorXd scores(n);
  for (Eigen::Index k = 0; k < n; ++k) {
    scores(k) = boost::math::quantile(standard, static_cast<double>(k + 1) / static_cast<double>(n + 1));
  }
  Eigen::MatrixXd m(n, d);
  std::vector<Eigen::Index> perm(static_cast<std::size_t>(n));
  for (Eigen::Index j = 0; j < d; ++j) {
    std::iota(perm.begin(), perm.end(), Eigen::Index{0});
    std::shuffle(perm.begin(), perm.end(), rng);
    for (Eigen::Index k = 0; k < n; ++k) m(k, j) = scores(perm[k]);
  }
  // Remove the scores' own sample correlation (Q) and give them the target's (P):
  // T = M Q^-T P^T has Pearson correlation P P^T = C exactly.
  const Eigen::LLT<Eigen::MatrixXd> own(pearson(m));
  if (own.info() != Eigen::Success) return;  // degenerate scores (tiny n): leave the order
  const Eigen::MatrixXd q_inv_t =
      own.matrixL().solve(Eigen::MatrixXd::Identity(d, d)).transpose();
  const Eigen::MatrixXd t = m * q_inv_t * target.matrixL().transpose();

  // Give each column of the sample the rank order of the same column of T.
  for (Eigen::Index j = 0; j < d; ++j) {
    Eigen::VectorXd sorted = sample.col(j);
    std::sort(sorted.data(), sorted.data() + n);
    const auto order = order_of(t.col(j));
    for (Eigen::Index k = 0; k < n; ++k) sample(order[k], j) = sorted(k);
  }
}

}  // namespace clustersim::sweep
