#include "clustersim/calibration/mcmc.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

namespace clustersim::calibration {

namespace {
constexpr double kNegInf = -std::numeric_limits<double>::infinity();
}

Eigen::MatrixXd Chains::pooled() const {
  if (samples.empty()) return {};
  const Eigen::Index per = samples[0].rows(), dim = samples[0].cols();
  Eigen::MatrixXd all(per * static_cast<Eigen::Index>(samples.size()), dim);
  for (std::size_t w = 0; w < samples.size(); ++w) all.middleRows(static_cast<Eigen::Index>(w) * per, per) = samples[w];
  return all;
}

double split_rhat(const std::vector<Eigen::VectorXd>& chains) {
  // Each chain split in halves; R-hat = sqrt(((n-1)/n W + B/n) / W).
  std::vector<Eigen::VectorXd> halves;
  for (const auto& c : chains) {
    const Eigen::Index h = c.size() / 2;
    if (h < 2) return std::numeric_limits<double>::quiet_NaN();
    halves.push_back(c.head(h));
    halves.push_back(c.segment(c.size() - h, h));
  }
  const double n = static_cast<double>(halves[0].size());
  const double m = static_cast<double>(halves.size());
  double grand = 0, W = 0;
  Eigen::VectorXd means(halves.size());
  for (std::size_t j = 0; j < halves.size(); ++j) {
    means[j] = halves[j].mean();
    grand += means[j];
    W += (halves[j].array() - means[j]).square().sum() / (n - 1);
  }
  grand /= m;
  W /= m;
  const double B = n * (means.array() - grand).square().sum() / (m - 1);
  if (W <= 0) return std::numeric_limits<double>::quiet_NaN();
  return std::sqrt(((n - 1) / n * W + B / n) / W);
}

double effective_sample_size(const std::vector<Eigen::VectorXd>& chains) {
  // Autocorrelation averaged over chains (BDA3 eq. 11.7 variance estimate), summed in pairs
  // while the pair sums stay positive and made monotone (Geyer's initial monotone sequence).
  const Eigen::Index n = chains[0].size();
  const double m = static_cast<double>(chains.size());
  if (n < 4) return std::numeric_limits<double>::quiet_NaN();
  double grand = 0, W = 0;
  std::vector<double> means;
  for (const auto& c : chains) {
    means.push_back(c.mean());
    grand += means.back();
    W += (c.array() - means.back()).square().sum() / static_cast<double>(n - 1);
  }
  grand /= m;
  W /= m;
  double B = 0;
  for (double mu : means) B += (mu - grand) * (mu - grand);
  B = static_cast<double>(n) * B / std::max(1.0, m - 1);
  const double var_plus = (static_cast<double>(n) - 1) / static_cast<double>(n) * W + B / static_cast<double>(n);
  if (!(var_plus > 0)) return std::numeric_limits<double>::quiet_NaN();
  auto rho = [&](Eigen::Index t) {
    double v = 0;
    for (std::size_t c = 0; c < chains.size(); ++c) {
      const auto& x = chains[c];
      double s = 0;
      for (Eigen::Index i = 0; i + t < n; ++i) s += (x[i] - means[c]) * (x[i + t] - means[c]);
      v += s / static_cast<double>(n);
    }
    v /= m;
    return 1.0 - (W - v) / var_plus;
  };
  double sum = 0, prev = std::numeric_limits<double>::infinity();
  for (Eigen::Index t = 0; t + 1 < n; t += 2) {
    double pair = rho(t) + rho(t + 1);
    if (pair <= 0) break;
    pair = std::min(pair, prev);
    prev = pair;
    sum += pair;
  }
  const double tau = std::max(2 * sum - 1, 1.0 / std::log10(m * static_cast<double>(n)));
  return m * static_cast<double>(n) / tau;
}

Chains sample_ensemble(const std::function<double(const Eigen::VectorXd&)>& logp,
                       const std::vector<Eigen::VectorXd>& start, const EnsembleOptions& o) {
  const int W = static_cast<int>(start.size());
  if (W < 4 || W % 2) throw std::invalid_argument("the ensemble needs an even number of walkers, at least 4");
  if (o.steps <= o.burn) throw std::invalid_argument("steps must exceed burn-in");
  if (o.thin < 1) throw std::invalid_argument("thin must be at least 1");
  const Eigen::Index dim = start[0].size();
  std::vector<Eigen::VectorXd> x = start;
  std::vector<double> lp(W);
  for (int w = 0; w < W; ++w) {
    lp[w] = logp(x[w]);
    if (!std::isfinite(lp[w])) throw std::invalid_argument("a walker starts where the log density is not finite");
  }
  std::mt19937_64 rng(o.seed);
  std::uniform_real_distribution<double> U(0.0, 1.0);
  const int kept = (o.steps - o.burn) / o.thin;
  Chains ch;
  ch.samples.assign(W, Eigen::MatrixXd(kept, dim));
  long accepted = 0, proposed = 0;
  const int half = W / 2;
  for (int step = 0; step < o.steps; ++step) {
    // Update each half-ensemble against the other (keeps detailed balance; emcee's scheme).
    for (int part = 0; part < 2; ++part) {
      const int first = part * half, other = (1 - part) * half;
      for (int w = first; w < first + half; ++w) {
        const int j = other + static_cast<int>(U(rng) * half) % half;
        const double z = std::pow((o.a - 1.0) * U(rng) + 1.0, 2) / o.a;  // g(z) ∝ 1/sqrt(z) on [1/a, a]
        const Eigen::VectorXd y = x[j] + z * (x[w] - x[j]);
        const double lpy = logp(y);
        const double log_accept = static_cast<double>(dim - 1) * std::log(z) + lpy - lp[w];
        ++proposed;
        if (std::isfinite(lpy) && std::log(U(rng)) < log_accept) {
          x[w] = y;
          lp[w] = lpy;
          ++accepted;
        }
      }
    }
    if (step >= o.burn && (step - o.burn) % o.thin == 0) {
      const int row = (step - o.burn) / o.thin;
      if (row < kept)
        for (int w = 0; w < W; ++w) ch.samples[w].row(row) = x[w].transpose();
    }
    if (o.progress) o.progress(step);
  }
  ch.acceptance = static_cast<double>(accepted) / static_cast<double>(proposed);
  ch.rhat.resize(dim);
  ch.ess.resize(dim);
  for (Eigen::Index d = 0; d < dim; ++d) {
    std::vector<Eigen::VectorXd> cs;
    for (int w = 0; w < W; ++w) cs.push_back(ch.samples[w].col(d));
    ch.rhat[d] = split_rhat(cs);
    ch.ess[d] = effective_sample_size(cs);
  }
  return ch;
}

std::function<double(const Eigen::VectorXd&)> log_posterior(const Problem& problem, double sigma) {
  return [&problem, sigma](const Eigen::VectorXd& x) {
    const auto& ps = problem.spec().parameters;
    double lp = 0;
    for (std::size_t j = 0; j < ps.size(); ++j) {
      const double v = x[static_cast<Eigen::Index>(j)];
      if (!(v >= ps[j].lower && v <= ps[j].upper)) return kNegInf;
      const auto& pr = ps[j].prior;
      if (pr.kind == Prior::Kind::Normal) {
        lp -= 0.5 * std::pow((v - pr.a) / pr.b, 2);
      } else if (pr.kind == Prior::Kind::Lognormal) {
        if (v <= 0) return kNegInf;
        lp -= 0.5 * std::pow((std::log(v) - pr.a) / pr.b, 2) + std::log(v);
      }
    }
    try {
      const double ssr = problem.residuals(x).squaredNorm();
      if (!std::isfinite(ssr)) return kNegInf;
      return lp - 0.5 * ssr / (sigma * sigma);
    } catch (const std::exception&) {
      return kNegInf;
    }
  };
}

}  // namespace clustersim::calibration
