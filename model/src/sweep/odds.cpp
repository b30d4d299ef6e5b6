#include "clustersim/sweep/odds.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "clustersim/sweep/summary.hpp"

namespace clustersim::sweep {

long odds_runs(const scenario::Scenario& scenario, bool quick, long requested) {
  if (!declares_uncertainty(scenario)) return 0;
  if (requested >= 0) return requested;
  return quick ? 0 : kOddsRuns;
}

namespace {

// Every uncertain input at its median (a joint input: the median of its posterior draws).
Eigen::RowVectorXd input_medians(const Uncertainty& u) {
  Eigen::RowVectorXd x(static_cast<Eigen::Index>(u.inputs.size()));
  const int d = u.declared();
  for (int j = 0; j < d; ++j) x(j) = u.inputs[static_cast<std::size_t>(j)].distribution.central();
  for (Eigen::Index j = d; j < x.size(); ++j) {
    const Eigen::VectorXd col = u.posterior.col(j - d);
    x(j) = quantiles(std::vector<double>(col.data(), col.data() + col.size()), {0.5})(0);
  }
  return x;
}

}  // namespace

analysis::OddsSweep attach_odds(const scenario::Scenario& scenario,
                                std::vector<analysis::TargetRow>& rows, const OddsOptions& options,
                                const Progress& progress) {
  if (rows.size() != scenario.targets.size())
    throw std::invalid_argument("the target rows do not belong to the scenario");
  const Uncertainty u = read_uncertainty(scenario);
  SweepOptions o;
  o.method = Method::MonteCarlo;
  o.sampler = Sampler::LatinHypercube;
  o.n = options.runs;
  o.seed = options.seed;
  o.threads = options.threads;
  o.chunk = 250;  // a progress report every quarter of a second or so
  if (const std::string problem = o.validate(); !problem.empty())
    throw std::invalid_argument(problem);
  const SweepResult result = run_sweep(scenario, u, {}, o, {}, progress);
  const auto odds = target_probabilities(scenario, result, o.confidence);
  if (result.table.failed() == result.table.inputs.rows())
    throw std::runtime_error("every run of the uncertainty sweep failed (clustersim sweep shows "
                             "why in runs.csv); run with --no-sweep for the projection alone");

  // The run at the inputs' medians, with the sweep's run options, through the same evaluator.
  const Eigen::RowVectorXd medians = input_medians(u);
  RunTable at_medians;
  at_medians.inputs = medians;
  size_run_table(at_medians, scenario, 0, false);
  const std::vector<OutputSpec> none;  // the evaluator keeps a reference
  const RunEvaluator evaluate(scenario, u, none, sweep_run_options(scenario, o), false);
  evaluate(0, at_medians);

  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto& p = odds[k];
    analysis::TargetOdds t;
    t.probability = p.probability.estimate;
    t.low = p.probability.low;
    t.high = p.probability.high;
    t.p05 = p.p05;
    t.median = p.p50;
    t.p95 = p.p95;
    t.at_input_medians = at_medians.ok[0]
                             ? at_medians.projected(0, static_cast<Eigen::Index>(k)) /
                                   scenario.targets[k].unit_factor
                             : std::nan("");
    t.runs = p.runs;
    rows[k].odds = t;
  }

  analysis::OddsSweep info;
  info.runs = static_cast<long>(result.table.inputs.rows());
  info.failed = result.table.failed();
  info.seed = o.seed;
  info.sampler = std::string(sampler_name(o.sampler));
  info.inputs = static_cast<int>(u.inputs.size());
  info.threads = result.threads;
  info.wall_seconds = result.wall_seconds;
  for (std::size_t j = 0; j < u.inputs.size(); ++j) {
    const double base = u.inputs[j].input.base;
    const double median = medians(static_cast<Eigen::Index>(j));
    const double scale = std::max(std::abs(base), std::abs(median));
    if (scale > 0.0 && std::abs(median - base) > 0.01 * scale)
      info.shifted.push_back({u.inputs[j].input.path, base, median});
  }
  return info;
}

}  // namespace clustersim::sweep
