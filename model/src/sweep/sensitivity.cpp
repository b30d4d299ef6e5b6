#include "clustersim/sweep/sensitivity.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>

namespace clustersim::sweep {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The percentile interval of `draws` at `confidence`.
std::pair<double, double> percentile_interval(std::vector<double> draws, double confidence) {
  const double tail = 0.5 * (1.0 - confidence);
  const Eigen::VectorXd q = quantiles(std::move(draws), {tail, 1.0 - tail});
  return {q(0), q(1)};
}

}  // namespace

Eigen::MatrixXd saltelli_design(Eigen::Index n, int d, Sampler s, std::uint64_t seed) {
  const Eigen::MatrixXd base = unit_sample(s, n, 2 * d, seed);
  Eigen::MatrixXd x(n * (d + 2), d);
  const auto a = base.leftCols(d);
  const auto b = base.rightCols(d);
  x.middleRows(0, n) = a;
  x.middleRows(n, n) = b;
  for (int i = 0; i < d; ++i) {
    auto block = x.middleRows((2 + i) * n, n);
    block = a;
    block.col(i) = b.col(i);
  }
  return x;
}

SobolIndices sobol_indices(const Eigen::VectorXd& y, Eigen::Index n, int d, int resamples,
                           double confidence, std::uint64_t seed) {
  if (n < 0 || d < 1 || y.size() != n * (d + 2)) {
    throw std::invalid_argument("sobol_indices: expected n (d + 2) outputs");
  }
  std::vector<Eigen::Index> rows;
  rows.reserve(static_cast<std::size_t>(n));
  for (Eigen::Index j = 0; j < n; ++j) {
    bool ok = std::isfinite(y(j)) && std::isfinite(y(n + j));
    for (int i = 0; ok && i < d; ++i) ok = std::isfinite(y((2 + i) * n + j));
    if (ok) rows.push_back(j);
  }
  SobolIndices r;
  const Eigen::Index m = static_cast<Eigen::Index>(rows.size());
  r.used = m;
  for (auto* v : {&r.first, &r.first_low, &r.first_high, &r.total, &r.total_low, &r.total_high}) {
    v->setConstant(d, m >= 2 ? 0.0 : kNaN);
  }
  if (m < 2) return r;

  // Centre on the mean of A ∪ B: the indices are shift-invariant in expectation, but the variance
  // of the first-order estimator grows with the output's mean (SALib standardises likewise).
  double mean = 0.0;
  for (Eigen::Index j : rows) mean += y(j) + y(n + j);
  mean /= 2.0 * static_cast<double>(m);

  // One row of terms per used base row, so that every sum below (the estimate and each bootstrap
  // resample) is a weighted column sum: T^T w. Columns: f_B (f_ABi − f_A) for i < d,
  // (f_A − f_ABi)² for d <= i < 2d, then f_A + f_B and f_A² + f_B² for the variance.
  const int cols = 2 * d + 2;
  Eigen::MatrixXd t(m, cols);
  bool constant = true;
  const double first_value = y(rows.front());
  for (Eigen::Index k = 0; k < m; ++k) {
    const Eigen::Index j = rows[static_cast<std::size_t>(k)];
    const double fa = y(j) - mean, fb = y(n + j) - mean;
    constant = constant && y(j) == first_value && y(n + j) == first_value;
    for (int i = 0; i < d; ++i) {
      const double fab = y((2 + i) * n + j) - mean;
      t(k, i) = fb * (fab - fa);
      t(k, d + i) = (fa - fab) * (fa - fab);
    }
    t(k, 2 * d) = fa + fb;
    t(k, 2 * d + 1) = fa * fa + fb * fb;
  }
  // Indices of one set of sums (weights summing to m): false when that set has no variance.
  const double two_m = 2.0 * static_cast<double>(m);
  auto indices = [&](const auto& sums, double& variance, auto&& emit) {
    variance = (sums(2 * d + 1) - sums(2 * d) * sums(2 * d) / two_m) / (two_m - 1.0);
    if (!(variance > 0.0)) return false;
    for (int i = 0; i < d; ++i) {
      emit(i, sums(i) / (0.5 * two_m) / variance, sums(d + i) / two_m / variance);
    }
    return true;
  };
  const Eigen::VectorXd sums = t.colwise().sum().transpose();
  double variance = 0.0;
  indices(sums, variance, [](int, double, double) {});
  r.variance = std::max(variance, 0.0);
  // An output equal on every used row has nothing to apportion: indices 0, zero-width intervals.
  if (constant || !(r.variance > 0.0)) {
    r.variance = 0.0;
    return r;
  }
  indices(sums, variance, [&](int i, double first, double total) {
    r.first(i) = first;
    r.total(i) = total;
  });
  if (resamples <= 0) {
    r.first_low = r.first_high = r.first;
    r.total_low = r.total_high = r.total;
    return r;
  }

  // Bootstrap over the used base rows: each resample is a vector of counts (how often each row
  // was drawn), and a block of resamples is summed at once by one matrix product. The draws
  // come from one seeded engine in a fixed order, so the result does not depend on threads.
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<Eigen::Index> pick(0, m - 1);
  std::vector<std::vector<double>> first_draws(static_cast<std::size_t>(d));
  std::vector<std::vector<double>> total_draws(static_cast<std::size_t>(d));
  for (int i = 0; i < d; ++i) {
    first_draws[i].reserve(static_cast<std::size_t>(resamples));
    total_draws[i].reserve(static_cast<std::size_t>(resamples));
  }
  constexpr int kBlock = 64;
  Eigen::MatrixXd counts(m, std::min(kBlock, resamples));
  Eigen::MatrixXd block_sums(cols, counts.cols());
  for (int done = 0; done < resamples; done += kBlock) {
    const int b = std::min(kBlock, resamples - done);
    auto w = counts.leftCols(b);
    w.setZero();
    for (int c = 0; c < b; ++c) {
      for (Eigen::Index k = 0; k < m; ++k) w(pick(rng), c) += 1.0;
    }
    block_sums.leftCols(b).noalias() = t.transpose() * w;
    for (int c = 0; c < b; ++c) {
      double v = 0.0;
      indices(block_sums.col(c), v, [&](int i, double first, double total) {
        first_draws[i].push_back(first);
        total_draws[i].push_back(total);
      });
    }
  }
  for (int i = 0; i < d; ++i) {
    std::tie(r.first_low(i), r.first_high(i)) = percentile_interval(first_draws[i], confidence);
    std::tie(r.total_low(i), r.total_high(i)) = percentile_interval(total_draws[i], confidence);
  }
  return r;
}

Eigen::MatrixXd morris_design(int trajectories, int d, int levels, std::uint64_t seed) {
  if (levels < 2 || levels % 2 != 0) throw std::invalid_argument("Morris levels must be even");
  if (trajectories < 1 || d < 1) throw std::invalid_argument("Morris needs trajectories and inputs");
  const double cell = 1.0 / levels;  // grid points (k + 1/2) / levels, k = 0 .. levels-1
  const int jump = levels / 2;      // Δ in grid steps: levels / (2 (levels - 1)) of [0, 1]
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> start(0, levels - 1 - jump);
  std::bernoulli_distribution up(0.5);
  Eigen::MatrixXd x(static_cast<Eigen::Index>(trajectories) * (d + 1), d);
  std::vector<int> order(static_cast<std::size_t>(d));
  std::vector<int> k(static_cast<std::size_t>(d));
  for (int t = 0; t < trajectories; ++t) {
    // Each input starts at a level from which one jump stays on the grid, low or high side.
    std::vector<bool> rising(static_cast<std::size_t>(d));
    for (int i = 0; i < d; ++i) {
      rising[i] = up(rng);
      k[i] = start(rng) + (rising[i] ? 0 : jump);
    }
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    const Eigen::Index r0 = static_cast<Eigen::Index>(t) * (d + 1);
    for (int i = 0; i < d; ++i) x(r0, i) = (k[i] + 0.5) * cell;
    for (int step = 0; step < d; ++step) {
      const int i = order[step];
      k[i] += rising[i] ? jump : -jump;
      x.row(r0 + step + 1) = x.row(r0 + step);
      x(r0 + step + 1, i) = (k[i] + 0.5) * cell;
    }
  }
  return x;
}

MorrisIndices morris_indices(const Eigen::MatrixXd& design, const Eigen::VectorXd& y,
                             int trajectories, int d, int resamples, double confidence,
                             std::uint64_t seed) {
  const Eigen::Index rows = static_cast<Eigen::Index>(trajectories) * (d + 1);
  if (design.rows() != rows || design.cols() != d || y.size() != rows) {
    throw std::invalid_argument("morris_indices: design and outputs do not match");
  }
  // effects[t][i]: the elementary effect of input i on trajectory t.
  std::vector<std::vector<double>> effects;
  for (int t = 0; t < trajectories; ++t) {
    const Eigen::Index r0 = static_cast<Eigen::Index>(t) * (d + 1);
    if (!y.segment(r0, d + 1).allFinite()) continue;
    std::vector<double> ee(static_cast<std::size_t>(d), kNaN);
    for (int step = 0; step < d; ++step) {
      const Eigen::RowVectorXd delta = design.row(r0 + step + 1) - design.row(r0 + step);
      Eigen::Index i = 0;
      delta.cwiseAbs().maxCoeff(&i);
      ee[static_cast<std::size_t>(i)] = (y(r0 + step + 1) - y(r0 + step)) / delta(i);
    }
    effects.push_back(std::move(ee));
  }
  MorrisIndices m;
  m.trajectories_used = static_cast<int>(effects.size());
  for (auto* v : {&m.mu, &m.mu_star, &m.sigma, &m.mu_star_low, &m.mu_star_high}) {
    v->setConstant(d, kNaN);
  }
  if (effects.empty()) return m;
  const double r = static_cast<double>(effects.size());
  auto mu_star_of = [&](const std::vector<std::size_t>& pick, int i) {
    double s = 0.0;
    for (std::size_t t : pick) s += std::abs(effects[t][i]);
    return s / static_cast<double>(pick.size());
  };
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::size_t> draw(0, effects.size() - 1);
  std::vector<std::vector<std::size_t>> boot(static_cast<std::size_t>(std::max(resamples, 0)));
  for (auto& b : boot) {
    b.resize(effects.size());
    for (auto& t : b) t = draw(rng);
  }
  for (int i = 0; i < d; ++i) {
    double sum = 0.0, abs_sum = 0.0;
    for (const auto& e : effects) {
      sum += e[i];
      abs_sum += std::abs(e[i]);
    }
    m.mu(i) = sum / r;
    m.mu_star(i) = abs_sum / r;
    double ss = 0.0;
    for (const auto& e : effects) ss += (e[i] - m.mu(i)) * (e[i] - m.mu(i));
    m.sigma(i) = effects.size() > 1 ? std::sqrt(ss / (r - 1.0)) : 0.0;
    if (boot.empty()) {
      m.mu_star_low(i) = m.mu_star_high(i) = m.mu_star(i);
      continue;
    }
    std::vector<double> draws;
    draws.reserve(boot.size());
    for (const auto& b : boot) draws.push_back(mu_star_of(b, i));
    std::tie(m.mu_star_low(i), m.mu_star_high(i)) = percentile_interval(draws, confidence);
  }
  return m;
}

}  // namespace clustersim::sweep
