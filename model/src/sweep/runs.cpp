#include "clustersim/sweep/runs.hpp"

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace clustersim::sweep {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double subject(const RunResult& run, int cluster, int col) {
  const auto& out = run.cluster[static_cast<int>(ClusterVar::Output)];
  return cluster >= 0 ? out(cluster, col) : out.col(col).sum();
}

}  // namespace

int Uncertainty::declared() const {
  int k = 0;
  for (const auto& in : inputs) k += in.joint ? 0 : 1;
  return k;
}

std::string_view method_name(Method m) {
  switch (m) {
    case Method::MonteCarlo: return "mc";
    case Method::Oat: return "oat";
    case Method::Morris: return "morris";
    case Method::Sobol: return "sobol";
  }
  return "?";
}

std::optional<Method> parse_method(std::string_view name) {
  for (Method m : {Method::MonteCarlo, Method::Oat, Method::Morris, Method::Sobol}) {
    if (method_name(m) == name) return m;
  }
  return std::nullopt;
}

std::string SweepOptions::validate() const {
  if (method != Method::Oat && n < 2) return "-n must be at least 2";
  if (method == Method::Morris && (morris_levels < 2 || morris_levels % 2 != 0)) {
    return "Morris levels must be an even number >= 2";
  }
  if (threads < 0) return "--threads must be >= 0 (0: all cores)";
  if (resamples < 0) return "--resamples must be >= 0";
  if (!(confidence > 0.0 && confidence < 1.0)) return "--confidence must lie in (0, 1)";
  if (chunk < 1) return "the chunk size must be positive";
  if (!(baseline_tolerance > 0.0 && baseline_tolerance <= 0.005)) {
    return "the baseline tolerance must lie in (0, 0.005]";
  }
  return {};
}

long RunTable::failed() const {
  long k = 0;
  for (auto v : ok) k += v ? 0 : 1;
  return k;
}

Eigen::MatrixXd make_design(const Uncertainty& u, const SweepOptions& o, long* base_n) {
  if (u.declared() < static_cast<int>(u.inputs.size()) && o.method != Method::MonteCarlo) {
    throw std::invalid_argument(
        "posterior draws are used by --method mc only (OAT, Morris and Sobol need independent "
        "inputs with distributions)");
  }
  // Declared inputs come first; joint (posterior) inputs are filled in after, mc only.
  const int d = u.declared();
  Eigen::MatrixXd unit;
  long base = o.n;
  switch (o.method) {
    case Method::MonteCarlo:
      unit = unit_sample(o.sampler, o.n, d, o.seed);
      if (u.correlated) impose_rank_correlation(unit, u.rank_correlation, o.seed ^ 0x9e3779b97f4a7c15ULL);
      break;
    case Method::Oat: {
      base = 1;
      Eigen::MatrixXd x(1 + 2 * d, d);
      // The base row is the scenario as written (the deterministic run `clustersim run`
      // projects), so that the tornado's bars swing around the projection the pack shows.
      for (int j = 0; j < d; ++j) x.col(j).setConstant(u.inputs[j].input.base);
      for (int i = 0; i < d; ++i) {
        x(1 + 2 * i, i) = u.inputs[i].distribution.lower_value();
        x(2 + 2 * i, i) = u.inputs[i].distribution.upper_value();
      }
      if (base_n) *base_n = base;
      return x;
    }
    case Method::Morris:
      unit = morris_design(static_cast<int>(o.n), d, o.morris_levels, o.seed);
      break;
    case Method::Sobol:
      unit = saltelli_design(o.n, d, o.sampler, o.seed);
      break;
  }
  if (base_n) *base_n = base;
  const auto joint = static_cast<int>(u.inputs.size()) - d;
  Eigen::MatrixXd x(unit.rows(), d + joint);
  for (int j = 0; j < d; ++j) {
    const Distribution& dist = u.inputs[j].distribution;
    for (Eigen::Index r = 0; r < unit.rows(); ++r) x(r, j) = dist.quantile(unit(r, j));
  }
  if (joint > 0) {
    // Each run takes one whole row of the draws (keeping their dependence), drawn with the seed.
    boost::random::mt19937_64 rng(o.seed ^ 0x2545f4914f6cdd1dULL);
    boost::random::uniform_int_distribution<Eigen::Index> pick(0, u.posterior.rows() - 1);
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
      x.row(r).tail(joint) = u.posterior.row(pick(rng));
    }
  }
  return x;
}

void size_run_table(RunTable& t, const scenario::Scenario& scenario, std::size_t outputs,
                    bool bands) {
  const Eigen::Index runs = t.inputs.rows();
  const int n = static_cast<int>(scenario.clusters.size());
  const int years = scenario.spec.num_years();
  t.outputs.setConstant(runs, static_cast<Eigen::Index>(outputs), kNaN);
  t.projected.setConstant(runs, static_cast<Eigen::Index>(scenario.targets.size()), kNaN);
  t.first_year.setZero(runs, static_cast<Eigen::Index>(scenario.targets.size()));
  t.bands.resize(bands ? runs : 0,
                 bands ? static_cast<Eigen::Index>(n * kBandVariables.size() * years) : 0);
  t.ok.assign(static_cast<std::size_t>(runs), 0);
  t.errors.assign(static_cast<std::size_t>(runs), std::string());
}

RunOptions sweep_run_options(const scenario::Scenario& scenario, const SweepOptions& options,
                             double* prototype_run_us) {
  const Model prototype(scenario.spec);  // callers check the scenario (scenario::build_model)
  const auto p0 = std::chrono::steady_clock::now();
  const RunResult proto = simulate(prototype, scenario.solver);
  if (prototype_run_us) {
    *prototype_run_us =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - p0).count();
  }
  RunOptions run_options;
  run_options.baseline_hint = proto.baseline_hint;
  run_options.baseline_tolerance = options.baseline_tolerance;
  return run_options;
}

void RunEvaluator::operator()(Eigen::Index r, RunTable& t) const {
  try {
    ModelSpec spec = s_.spec;
    for (std::size_t k = 0; k < u_.inputs.size(); ++k) {
      u_.inputs[k].input.apply(spec, t.inputs(r, static_cast<Eigen::Index>(k)));
    }
    const Model model(std::move(spec));
    const RunResult run = simulate(model, s_.solver, run_options_);
    keep(run, r, t);
  } catch (const std::exception& e) {
    fail(r, t, e.what());
  }
}

void RunEvaluator::keep(const RunResult& run, Eigen::Index r, RunTable& t) const {
  const auto& out = run.cluster[static_cast<int>(ClusterVar::Output)];
  if (!out.allFinite()) {
    Eigen::Index i = 0, y = 0;
    for (i = 0; i < out.rows(); ++i) {
      for (y = 0; y < out.cols(); ++y) {
        if (!std::isfinite(out(i, y))) break;
      }
      if (y < out.cols()) break;
    }
    fail(r, t, "non-finite output of " + run.cluster_ids[i] + " in " +
                   std::to_string(run.start_year + y));
    return;
  }
  const int years = run.num_years();
  for (std::size_t k = 0; k < s_.targets.size(); ++k) {
    const auto& target = s_.targets[k];
    const auto col = static_cast<Eigen::Index>(k);
    t.projected(r, col) = subject(run, target.cluster_index, target.year - run.start_year);
    int first = 0;
    for (int y = 0; y < years && first == 0; ++y) {
      if (subject(run, target.cluster_index, y) >= target.value) first = run.start_year + y;
    }
    t.first_year(r, col) = first;
  }
  for (std::size_t k = 0; k < outs_.size(); ++k) {
    const OutputSpec& o = outs_[k];
    const double v = subject(run, o.cluster, o.year - run.start_year);
    double value = v / o.unit_factor;
    if (o.kind != OutputSpec::Kind::Value) {
      const double goal = s_.targets[o.target].value;
      value = o.kind == OutputSpec::Kind::Gap ? (v - goal) / goal * 100.0 : (v >= goal ? 1.0 : 0.0);
    }
    t.outputs(r, static_cast<Eigen::Index>(k)) = value;
  }
  if (bands_) {
    Eigen::Index c = 0;
    for (int i = 0; i < static_cast<int>(run.cluster_ids.size()); ++i) {
      for (ClusterVar v : kBandVariables) {
        const auto& m = run.cluster[static_cast<int>(v)];
        const double f = v == ClusterVar::Output ? s_.clusters[i].unit_factor : 1.0;
        for (int y = 0; y < years; ++y) t.bands(r, c++) = static_cast<float>(m(i, y) / f);
      }
    }
  }
  t.ok[r] = 1;
}

void RunEvaluator::fail(Eigen::Index r, RunTable& t, const std::string& why) const {
  t.ok[r] = 0;
  t.errors[r] = why;
  t.outputs.row(r).setConstant(kNaN);
  t.projected.row(r).setConstant(kNaN);
  t.first_year.row(r).setZero();
  if (bands_) t.bands.row(r).setConstant(std::numeric_limits<float>::quiet_NaN());
}

}  // namespace clustersim::sweep
