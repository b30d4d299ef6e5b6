// What binds and what a lever buys, by perturbed runs (docs/model.md §3 E10 and §10).
//
// Both restart from the base run's initial state, so the baseline year is the base run's and every
// difference is the effect of the perturbation alone.
//
// - Marginal binding: for each cluster and factor (capital, labour, space, demand), a run in
//   which that factor of that cluster is relieved by 1% from the start (each 亿元 of capital, each
//   worker, each ha or 万m² of site does 1% more; demand is 1% higher). The binding factor of a
//   cluster in a year is the one whose relief raises its output that year the most.
// - Lever response: for each cluster and lever (fund, land, floor, talent), a run with a small
//   extra amount of the lever earmarked for the cluster in every year after the baseline year;
//   the output gained in a year, divided by the extra amount committed up to that year, is what
//   one unit of the lever buys by then.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "clustersim/core/model.hpp"
#include "clustersim/core/simulate.hpp"

namespace clustersim::analysis {

// Relieve each factor by `relief` (0.01 = 1%) and fill run.binding and run.binding_gains.
// `run` must come from simulate(model, solver) (its initial_output is used). Costs
// 4 × clusters + 1 runs.
void compute_marginal_binding(const Model& model, const SolverOptions& solver, RunResult& run,
                              double relief = 0.01);

struct LeverResponse {
  Lever lever = Lever::Fund;
  int cluster = 0;
  double step = 0.0;  // extra amount per year, in the lever's unit (亿元/yr, ha/yr, 万m²/yr, persons/yr)
  int first_year = 0;  // the first year with the extra amount
  // gain(y): output of the cluster gained in year start_year + y (亿元); per_unit(y): gain divided
  // by the extra amount committed from first_year to that year (0 before first_year).
  Eigen::VectorXd gain;
  Eigen::VectorXd per_unit;
};

// The unit each lever's response is quoted per: fund per 亿元, land per ha, floor per 万m², talent
// per 1,000 persons.
double lever_quote_unit(Lever l);
std::string_view lever_quote_label(Lever l);  // "亿元", "ha", "万m²", "1,000 persons"

// Response of every cluster's output to each lever earmarked for it. `run` as above.
std::vector<LeverResponse> lever_responses(const Model& model, const SolverOptions& solver,
                                           const RunResult& run);

}  // namespace clustersim::analysis
