#include "clustersim/analysis/marginal.hpp"

#include <algorithm>
#include <stdexcept>

namespace clustersim::analysis {
namespace {

constexpr std::array<double, kNumLevers> kStep{1.0, 1.0, 1.0, 100.0};  // per year
constexpr std::array<double, kNumLevers> kQuote{1.0, 1.0, 1.0, 1000.0};
constexpr std::array<std::string_view, kNumLevers> kQuoteLabel{"亿元", "ha", "万m²",
                                                               "1,000 persons"};

const Eigen::MatrixXd& output_of(const RunResult& r) {
  return r.cluster[static_cast<int>(ClusterVar::Output)];
}

// The base run restarted from its own initial state: the reference every perturbed run is
// compared with (identical to `run` up to the solver's last digits, and exactly comparable).
struct Base {
  Eigen::VectorXd x0;
  RunResult run;
};

Base restart_base(const Model& model, const SolverOptions& solver, const RunResult& run) {
  if (run.initial_output.size() != model.num_clusters() || !run.initial_output.allFinite()) {
    throw std::invalid_argument("the run has no initial output rates to restart from");
  }
  Base b;
  b.x0 = model.initial_state(run.initial_output);
  b.run = simulate_from(model, b.x0, solver);
  return b;
}

}  // namespace

void compute_marginal_binding(const Model& model, const SolverOptions& solver, RunResult& run,
                              double relief) {
  const int n = model.num_clusters();
  const int years = run.num_years();
  const Base base = restart_base(model, solver, run);
  for (auto& g : run.binding_gains) g.setZero(n, years);
  for (int i = 0; i < n; ++i) {
    for (int f = 0; f < kNumFactors; ++f) {
      ModelSpec spec = model.spec();
      spec.clusters[i].relief[f] *= 1.0 + relief;
      const Model perturbed(std::move(spec));
      const RunResult r = simulate_from(perturbed, base.x0, solver);
      run.binding_gains[f].row(i) = output_of(r).row(i) - output_of(base.run).row(i);
    }
    for (int y = 0; y < years; ++y) {
      int best = 0;
      for (int f = 1; f < kNumFactors; ++f) {
        if (run.binding_gains[f](i, y) > run.binding_gains[best](i, y)) best = f;
      }
      run.binding(i, y) = best;
    }
  }
}

double lever_quote_unit(Lever l) { return kQuote[static_cast<int>(l)]; }
std::string_view lever_quote_label(Lever l) { return kQuoteLabel[static_cast<int>(l)]; }

std::vector<LeverResponse> lever_responses(const Model& model, const SolverOptions& solver,
                                           const RunResult& run) {
  const int n = model.num_clusters();
  const int years = run.num_years();
  std::vector<LeverResponse> out;
  if (years < 2) return out;
  const Base base = restart_base(model, solver, run);
  for (int i = 0; i < n; ++i) {
    for (int l = 0; l < kNumLevers; ++l) {
      ModelSpec spec = model.spec();
      // Earmarked for the cluster in every year after the baseline year (the baseline year and
      // the initial state stay the base run's).
      spec.levers[l].row(i).tail(years - 1).array() += kStep[l];
      const Model perturbed(std::move(spec));
      const RunResult r = simulate_from(perturbed, base.x0, solver);
      LeverResponse resp;
      resp.lever = static_cast<Lever>(l);
      resp.cluster = i;
      resp.step = kStep[l];
      resp.first_year = run.start_year + 1;
      resp.gain = output_of(r).row(i).transpose() - output_of(base.run).row(i).transpose();
      resp.per_unit = Eigen::VectorXd::Zero(years);
      for (int y = 1; y < years; ++y) {
        resp.per_unit(y) = resp.gain(y) / (kStep[l] * y) * kQuote[l];
      }
      out.push_back(std::move(resp));
    }
  }
  return out;
}

}  // namespace clustersim::analysis
