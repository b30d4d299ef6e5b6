// Running the model: solver choice, baseline reproduction and the annual results.
#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

#include "clustersim/core/model.hpp"
#include "clustersim/core/variables.hpp"

namespace clustersim {

enum class SolverMethod : int { Dopri5, Rk4, Euler };
std::string_view solver_name(SolverMethod m);

struct SolverOptions {
  SolverMethod method = SolverMethod::Dopri5;
  // Dormand–Prince tolerances. The defaults are the cheapest that keep every shipped scenario's
  // annual outputs within 0.1% of a 1e-10 reference run (tests/analysis/accuracy_test.cpp;
  // docs/model.md §13); rtol = atol = 1e-8 is the strict setting.
  double rtol = 1e-4;
  double atol = 1e-4;  // canonical units (亿元, persons, ha, ...)
  double dt = 0.0625;  // fixed step for Euler and RK4; initial step for Dormand–Prince (years)
  long max_steps = 2'000'000;

  // Empty when valid, otherwise what is wrong (e.g. "rtol must be positive").
  std::string validate() const;
};

// What a run's baseline reproduction learned, to start the reproduction of a run with similar
// inputs close to its answer (a sweep passes its prototype's): per cluster, the factor that
// corrected the first guess of the initial output rate, and the elasticity of the simulated
// baseline-year output to that rate (1 for a model homogeneous of degree one in its size).
struct BaselineHint {
  Eigen::VectorXd correction;
  Eigen::VectorXd elasticity;
  bool fits(int n) const;  // both of size n, finite and positive
};

struct RunOptions {
  // Choose the initial stocks so that each cluster's simulated baseline-year output equals its
  // baseline (Broyden iteration on the initial output rates). Off: start from `initial_output`.
  bool calibrate_baseline = true;
  double baseline_tolerance = 1e-5;  // relative
  int max_calibration_iterations = 25;
  BaselineHint baseline_hint{};  // optional; ignored unless it fits the model
  bool keep_states = false;  // keep the full state on every 1 Jan (RunResult::states)
  // Whether the accumulators of annual flows (the state after StateLayout::dynamic_size()) count
  // in Dormand–Prince's error norm. Off (default), the step size is set by the model's stocks
  // alone and the annual flows are integrated with the same stages: a quarter fewer evaluations,
  // and no figure further from the reference (bench/README.md). A run option, not a solver
  // setting of the scenario, so that scenario files and their JSON carry none.
  bool control_accumulators = false;
};

struct SolverStats {
  long rhs_evaluations = 0;
  long steps = 0;
  long rejected_steps = 0;
  int segments = 0;
  int calibration_iterations = 0;
  double max_baseline_error = 0.0;  // max over clusters of |simulated/baseline - 1|
};

struct RunResult {
  int start_year = 0;
  int end_year = 0;
  std::vector<std::string> cluster_ids;
  // cluster[v] is n x years; region[v] has one value per year.
  std::array<Eigen::MatrixXd, kNumClusterVars> cluster;
  std::array<Eigen::VectorXd, kNumRegionVars> region;
  // binding(i, y): what limits output in year y (Constraint as int). simulate() sets the static
  // measure (the smallest limit of E9); the analysis layer's marginal measure (E10) replaces it
  // and fills binding_gains.
  Eigen::MatrixXi binding;
  // binding_gains[f](i, y): output gained in year y when factor f of cluster i is relieved by 1%
  // from the start (亿元); empty unless the marginal binding was computed.
  std::array<Eigen::MatrixXd, kNumFactors> binding_gains;
  bool marginal_binding() const { return binding_gains[0].size() > 0; }
  Eigen::VectorXd initial_output;  // instantaneous output rates on 1 Jan of the baseline year
  BaselineHint baseline_hint;      // for RunOptions::baseline_hint of similar runs
  Eigen::MatrixXd states;          // state_size x (years + 1), when RunOptions::keep_states
  SolverStats stats;

  int num_years() const { return end_year - start_year + 1; }
  double value(ClusterVar v, int i, int year) const {
    return cluster[static_cast<int>(v)](i, year - start_year);
  }
  double value(RegionVar v, int year) const {
    return region[static_cast<int>(v)](year - start_year);
  }
  Constraint binding_at(int i, int year) const {
    return static_cast<Constraint>(binding(i, year - start_year));
  }
};

// Run the model over [start_year, end_year + 1). Throws NumericalError when the integration
// fails (non-finite values, step-size underflow, too many steps, baseline not reproducible).
RunResult simulate(const Model& model, const SolverOptions& solver = {},
                   const RunOptions& options = {});

// Run from a given initial state (no baseline calibration).
RunResult simulate_from(const Model& model, const Eigen::VectorXd& x0,
                        const SolverOptions& solver = {}, const RunOptions& options = {});

}  // namespace clustersim
