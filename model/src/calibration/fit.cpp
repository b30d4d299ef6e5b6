#include "clustersim/calibration/fit.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <atomic>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <nlopt.hpp>
#include <random>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "clustersim/core/errors.hpp"
#include "clustersim/core/model.hpp"

namespace clustersim::calibration {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

Theil theil(const std::vector<double>& a, const std::vector<double>& f) {
  Theil t;
  t.n = static_cast<int>(a.size());
  if (t.n == 0) {
    t.u = t.um = t.us = t.uc = t.mape = kNaN;
    return t;
  }
  double ma = 0, mf = 0, mse = 0, a2 = 0, f2 = 0, mape = 0;
  for (int k = 0; k < t.n; ++k) {
    ma += a[k];
    mf += f[k];
    mse += (f[k] - a[k]) * (f[k] - a[k]);
    a2 += a[k] * a[k];
    f2 += f[k] * f[k];
    mape += std::abs(f[k] - a[k]) / std::abs(a[k]);
  }
  const double n = t.n;
  ma /= n;
  mf /= n;
  mse /= n;
  t.mape = mape / n;
  t.u = std::sqrt(mse) / (std::sqrt(f2 / n) + std::sqrt(a2 / n));
  // Population moments: MSE = (mf - ma)^2 + (sf - sa)^2 + 2 (1 - r) sf sa exactly.
  double sa = 0, sf = 0, cov = 0;
  for (int k = 0; k < t.n; ++k) {
    sa += (a[k] - ma) * (a[k] - ma);
    sf += (f[k] - mf) * (f[k] - mf);
    cov += (a[k] - ma) * (f[k] - mf);
  }
  sa = std::sqrt(sa / n);
  sf = std::sqrt(sf / n);
  cov /= n;
  if (mse > 0) {
    t.um = (mf - ma) * (mf - ma) / mse;
    t.us = (sf - sa) * (sf - sa) / mse;
    t.uc = 2 * (sf * sa - cov) / mse;  // 2 (1 - r) sf sa
  } else {
    t.um = t.us = t.uc = kNaN;
  }
  return t;
}

Problem::Problem(const CalibrationSpec& spec, std::optional<int> until) : spec_(&spec) {
  for (std::size_t s = 0; s < spec.series.size(); ++s)
    for (const auto& o : spec.series[s].observations)
      obs_.push_back({static_cast<int>(s), *o.year, o.canonical, !until || *o.year <= *until});
  solver_ = spec.scenario.solver;
  // Tight tolerances keep finite-difference Jacobians clear of the solver's error.
  if (solver_.method == SolverMethod::Dopri5) {
    solver_.rtol = std::min(solver_.rtol, 1e-8);
    solver_.atol = std::min(solver_.atol, 1e-8);
  }
}

int Problem::num_in_sample() const {
  return static_cast<int>(std::count_if(obs_.begin(), obs_.end(), [](const Obs& o) { return o.in_sample; }));
}

Eigen::VectorXd Problem::simulate(const Eigen::VectorXd& theta) const {
  ModelSpec spec = spec_->scenario.spec;
  for (int j = 0; j < num_parameters(); ++j) spec_->parameters[j].input.apply(spec, theta[j]);
  RunOptions run;
  run.baseline_tolerance = 1e-10;
  run.max_calibration_iterations = 60;
  const RunResult r = clustersim::simulate(Model(std::move(spec)), solver_, run);
  Eigen::VectorXd out(num_observations());
  for (int k = 0; k < num_observations(); ++k) {
    const auto& se = spec_->series[obs_[k].series];
    out[k] = se.scale * r.value(se.variable, se.cluster, obs_[k].year);
  }
  return out;
}

Eigen::VectorXd Problem::residuals(const Eigen::VectorXd& theta) const {
  const Eigen::VectorXd m = simulate(theta);
  Eigen::VectorXd r(num_in_sample());
  int i = 0;
  for (int k = 0; k < num_observations(); ++k) {
    if (!obs_[k].in_sample) continue;
    const double w = spec_->series[obs_[k].series].weight;
    r[i++] = std::sqrt(w) * (std::log(m[k]) - std::log(obs_[k].observed));
  }
  if (!r.allFinite()) throw std::runtime_error("non-finite simulated value (output ≤ 0?)");
  return r;
}

namespace {

struct StartResult {
  Eigen::VectorXd x;
  double ssr = std::numeric_limits<double>::infinity();
  int evaluations = 0;
};

struct Objective {
  const Problem* problem;
  Eigen::VectorXd lo, width;
  int evaluations = 0;
};

double objective(unsigned n, const double* u, double*, void* data) {
  auto* o = static_cast<Objective*>(data);
  ++o->evaluations;
  Eigen::VectorXd x(n);
  for (unsigned j = 0; j < n; ++j) x[j] = o->lo[j] + u[j] * o->width[j];
  try {
    const double s = o->problem->residuals(x).squaredNorm();
    return std::isfinite(s) ? s : 1e30;
  } catch (const std::exception&) {
    return 1e30;  // a failed run is a very bad fit, not an error of the search
  }
}

StartResult run_start(const Problem& problem, const Eigen::VectorXd& lo, const Eigen::VectorXd& width,
                      const Eigen::VectorXd& u0, const FitOptions& opt) {
  const int p = problem.num_parameters();
  Objective obj{&problem, lo, width, 0};
  // BOBYQA needs at least two variables; a single one goes to Subplex.
  nlopt::opt o(p >= 2 ? nlopt::LN_BOBYQA : nlopt::LN_SBPLX, static_cast<unsigned>(p));
  o.set_lower_bounds(std::vector<double>(p, 0.0));
  o.set_upper_bounds(std::vector<double>(p, 1.0));
  o.set_min_objective(objective, &obj);
  o.set_xtol_rel(opt.xtol);
  o.set_ftol_abs(1e-16);
  o.set_maxeval(opt.max_evaluations);
  o.set_initial_step(std::vector<double>(p, 0.1));
  std::vector<double> u(u0.data(), u0.data() + p);
  double f = 0;
  try {
    o.optimize(u, f);
  } catch (const nlopt::roundoff_limited&) {
    f = o.last_optimum_value();
  } catch (const std::runtime_error&) {
    f = o.last_optimum_value();
  }
  StartResult r;
  r.x = lo + Eigen::Map<Eigen::VectorXd>(u.data(), p).cwiseProduct(width);
  r.ssr = f;
  r.evaluations = obj.evaluations;
  return r;
}

}  // namespace

FitResult fit(const CalibrationSpec& spec, const FitOptions& opt) {
  const Problem problem(spec, opt.until);
  FitResult res;
  const int p = problem.num_parameters();
  res.p = p;
  res.n = problem.num_in_sample();
  if (res.n == 0) throw std::invalid_argument("no observations in sample (check --until)");
  Eigen::VectorXd lo(p), hi(p), base(p);
  for (int j = 0; j < p; ++j) {
    lo[j] = spec.parameters[j].lower;
    hi[j] = spec.parameters[j].upper;
    base[j] = std::clamp(spec.parameters[j].input.base, lo[j], hi[j]);
    res.paths.push_back(spec.parameters[j].path);
  }
  const Eigen::VectorXd width = hi - lo;

  // Starts: the scenario's values, then a Latin hypercube (seeded).
  const int K = std::max(1, opt.starts);
  std::vector<Eigen::VectorXd> starts(K, Eigen::VectorXd(p));
  starts[0] = (base - lo).cwiseQuotient(width);
  std::mt19937_64 rng(opt.seed);
  std::uniform_real_distribution<double> unif(0.0, 1.0);
  for (int j = 0; j < p; ++j) {
    std::vector<int> perm(K - 1);
    for (int k = 0; k < K - 1; ++k) perm[k] = k;
    std::shuffle(perm.begin(), perm.end(), rng);
    for (int k = 1; k < K; ++k) starts[k][j] = (perm[k - 1] + unif(rng)) / (K - 1);
  }
  std::vector<StartResult> results(K);
  auto body = [&] {
    tbb::parallel_for(0, K, [&](int k) { results[k] = run_start(problem, lo, width, starts[k], opt); });
  };
  if (opt.threads > 0) {
    tbb::task_arena arena(opt.threads);
    arena.execute(body);
  } else {
    body();
  }
  int best = 0;
  for (int k = 0; k < K; ++k) {
    res.start_ssr.push_back(results[k].ssr);
    res.evaluations += results[k].evaluations;
    if (results[k].ssr < results[best].ssr) best = k;
  }
  if (!(results[best].ssr < 1e29)) throw std::runtime_error("every start failed to simulate");
  const Eigen::VectorXd x = results[best].x;
  res.estimate = x;
  const Eigen::VectorXd r = problem.residuals(x);
  res.ssr = r.squaredNorm();
  for (int j = 0; j < p; ++j)
    if (x[j] - lo[j] < 1e-6 * width[j] || hi[j] - x[j] < 1e-6 * width[j]) res.at_bound.push_back(j);

  // Central-difference Jacobian (one-sided at a bound).
  Eigen::MatrixXd J(res.n, p);
  for (int j = 0; j < p; ++j) {
    const double h = 1e-4 * width[j];
    Eigen::VectorXd xp = x, xm = x;
    xp[j] = std::min(hi[j], x[j] + h);
    xm[j] = std::max(lo[j], x[j] - h);
    J.col(j) = (problem.residuals(xp) - problem.residuals(xm)) / (xp[j] - xm[j]);
  }
  res.se = res.lower95 = res.upper95 = Eigen::VectorXd::Constant(p, kNaN);
  res.correlation = Eigen::MatrixXd::Constant(p, p, kNaN);
  const int dof = res.n - p;
  res.sigma = dof > 0 ? std::sqrt(res.ssr / dof) : kNaN;
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(J, Eigen::ComputeThinU | Eigen::ComputeThinV);
  const Eigen::VectorXd sv = svd.singularValues();
  const double tol = 1e-9 * (sv.size() ? sv[0] : 0.0);
  int rank = 0;
  for (int i = 0; i < sv.size(); ++i) rank += sv[i] > tol;
  // (J'J)^+ = V S^-2 V' on the numerically non-zero singular values: a perfectly collinear pair
  // still gets its correlation of ±1 this way.
  Eigen::MatrixXd inv = Eigen::MatrixXd::Zero(p, p);
  for (int i = 0; i < sv.size(); ++i)
    if (sv[i] > tol) inv += svd.matrixV().col(i) * svd.matrixV().col(i).transpose() / (sv[i] * sv[i]);
  for (int a = 0; a < p; ++a)
    for (int b = 0; b < p; ++b)
      if (inv(a, a) > 0 && inv(b, b) > 0) res.correlation(a, b) = inv(a, b) / std::sqrt(inv(a, a) * inv(b, b));
  for (int a = 0; a < p; ++a)
    for (int b = a + 1; b < p; ++b)
      if (std::abs(res.correlation(a, b)) > 0.95) res.inseparable.push_back({a, b});
  if (rank < p) {
    res.note = "J'J is singular (rank " + std::to_string(rank) + " of " + std::to_string(p) +
               "): the data cannot identify every parameter; no intervals";
  } else if (dof <= 0) {
    res.note = "as many parameters as observations (n = " + std::to_string(res.n) +
               "): residual variance not estimable; no intervals";
  } else {
    const double tq = boost::math::quantile(boost::math::complement(boost::math::students_t(dof), 0.025));
    for (int j = 0; j < p; ++j) {
      res.se[j] = res.sigma * std::sqrt(inv(j, j));
      res.lower95[j] = x[j] - tq * res.se[j];
      res.upper95[j] = x[j] + tq * res.se[j];
    }
  }

  // Fitted vs observed and per-series statistics.
  const Eigen::VectorXd m = problem.simulate(x);
  const auto& obs = problem.observations();
  res.series.resize(spec.series.size());
  std::vector<std::vector<double>> ai(spec.series.size()), fi(spec.series.size()), ao(spec.series.size()),
      fo(spec.series.size());
  for (int k = 0; k < problem.num_observations(); ++k) {
    const auto& o = obs[k];
    res.points.push_back({spec.series[o.series].name, o.year, o.observed, m[k], std::log(m[k] / o.observed), o.in_sample});
    (o.in_sample ? ai : ao)[o.series].push_back(o.observed);
    (o.in_sample ? fi : fo)[o.series].push_back(m[k]);
  }
  for (std::size_t s = 0; s < spec.series.size(); ++s) {
    res.series[s].series = spec.series[s].name;
    res.series[s].scope = spec.series[s].scope;
    res.series[s].in_sample = theil(ai[s], fi[s]);
    res.series[s].out_of_sample = theil(ao[s], fo[s]);
  }
  return res;
}

}  // namespace clustersim::calibration
