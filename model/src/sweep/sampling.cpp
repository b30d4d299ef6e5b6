#include "clustersim/sweep/sampling.hpp"

#include <algorithm>
#include <boost/math/distributions/lognormal.hpp>
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

std::vector<double> discrete_weights(const Distribution& d) {
  std::vector<double> w = d.weights.empty() ? std::vector<double>(d.values.size(), 1.0) : d.weights;
  const double total = std::accumulate(w.begin(), w.end(), 0.0);
  for (double& x : w) x /= total;
  return w;
}

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
      const std::vector<double> w = discrete_weights(*this);
      double cumulative = 0.0;
      for (std::size_t k = 0; k < values.size(); ++k) {
        cumulative += w[k];
        if (u < cumulative) return values[k];
      }
      return values.back();
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
