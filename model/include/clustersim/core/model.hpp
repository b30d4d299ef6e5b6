// The cluster system-dynamics model: a validated ModelSpec with its state layout, inputs over
// time (levers, events), breakpoints and initial state. Equations are documented one by one in
// docs/model.md; the right-hand side is in dynamics.hpp, one file per section of the docs.
#pragma once

#include <Eigen/Core>
#include <Eigen/SparseCore>
#include <Eigen/SparseLU>
#include <memory>
#include <string>
#include <vector>

#include "clustersim/core/params.hpp"
#include "clustersim/core/spec.hpp"
#include "clustersim/core/state.hpp"

namespace clustersim {

// The smallest time constant of the model and where it comes from: a fixed-step solver must take
// steps of at most half of it (docs/model.md §13).
struct TimeConstant {
  double value = kInf;  // years
  std::string path;     // dotted key, e.g. "clusters.icv.params.hiring_time"
  std::string what;     // e.g. "hiring_time of icv"
};

// A validated model. Immutable and cheap to share between threads.
class Model {
 public:
  explicit Model(ModelSpec spec);  // throws ModelError on inconsistent input

  const ModelSpec& spec() const { return spec_; }
  int num_clusters() const { return layout_.n; }
  const StateLayout& layout() const { return layout_; }
  const std::vector<std::string>& cluster_ids() const { return ids_; }
  double start_time() const { return spec_.start_year; }
  double end_time() const { return spec_.end_year + 1.0; }

  // Initial state on 1 Jan of the baseline year given each cluster's instantaneous output rate
  // (亿元/yr): every stock at the model's own balanced-growth equilibrium for that output
  // (docs/model.md §11), so that with no growth nothing moves.
  Eigen::VectorXd initial_state(const Eigen::VectorXd& initial_output) const;

  // Times in (start, end) at which an input jumps or kinks: every 1 Jan, event starts and ends,
  // project starts and completions. The solver stops exactly at each.
  const std::vector<double>& breakpoints() const { return breakpoints_; }

  // Effective intermediate-demand coefficients io ⊙ local_share (E3).
  const Eigen::SparseMatrix<double>& intermediate() const { return intermediate_; }
  const Eigen::SparseMatrix<double>& spillover() const { return spec_.spillover; }

  // Events grouped by target, each group ordered by start time.
  struct TargetEvents {
    EventTarget target;
    std::vector<int> events;
  };
  const std::vector<TargetEvents>& event_groups() const { return event_groups_; }

  // Value of a parameter or lever at time t. `tm` decides steps and the lever year: within a
  // segment pass its midpoint, so that values are constant except for ramps.
  double input_value(const EventTarget& target, double t, double tm) const;

  // A project's site (ha or 万m²): as given, or what its capex needs (E20).
  double project_site(const ProjectSpec& p) const;

  // The smallest time constant over the run (parameters as changed by events).
  const TimeConstant& smallest_time_constant() const { return smallest_time_constant_; }

 private:
  void validate() const;
  void build_breakpoints();
  void find_smallest_time_constant();
  double base_value(const EventTarget& target, double tm) const;

  ModelSpec spec_;
  StateLayout layout_;
  std::vector<std::string> ids_;
  Eigen::SparseMatrix<double> intermediate_;
  std::vector<TargetEvents> event_groups_;
  std::vector<double> breakpoints_;
  std::shared_ptr<const Eigen::SparseLU<Eigen::SparseMatrix<double>>> knowledge_solver_;
  TimeConstant smallest_time_constant_;
};

// Dotted scenario path of an event target, e.g. "clusters.ic.params.capital_output_ratio".
std::string target_path(const ModelSpec& spec, const EventTarget& target);

// Smooth minimum of positive values: m * (Σ (m/x_j)^k)^(-1/k), m = min x_j, k = 2^squarings
// (squarings < 0: the hard minimum). Never above the minimum; 0 when any value is 0; homogeneous
// of degree one; costs only multiplications and square roots (E9).
double smooth_min(const double* x, int count, int squarings);
// smooth_min of each row of four limits, into out (rows long); work (rows x 4) is no longer
// used. The terms are summed pairwise, so a row may differ from smooth_min(row, 4, squarings)
// in the last bit. Allocates nothing.
void smooth_min4_rows(const Eigen::ArrayX4d& limits, int squarings, Eigen::ArrayX4d& work,
                      Eigen::ArrayXd& out);
// Number of squarings for a smooth-minimum exponent k (a power of two up to 64); -1 for k = 0,
// -2 for anything else.
int smooth_min_squarings(double k);

// Allocate `available` among `requests` by strict priority (Vensim ALLOCATE BY PRIORITY with a
// zero-width curve): groups of equal priority are served in `order`, highest first; within a
// group the amount is shared in proportion to requests. No request is over-filled and the total
// never exceeds `available`. `group_end[g]` is one past the last position of group g in `order`.
void allocate_by_priority(const double* requests, const std::vector<int>& order,
                          const std::vector<int>& group_end, double available, double* out);

// The share-attractiveness function of E5: (1 + a(R-1)) / (1 + b(R-1)), a = (1+ε)/2,
// b = (1-ε)/2. It equals R^ε to second order around R = 1 (elasticity ε at the baseline),
// increases with R, is (1-ε)/(1+ε) at R = 0 and saturates at (1+ε)/(1-ε): a cluster cannot win
// an unbounded share by capacity alone. No transcendental function.
inline double attractiveness(double r, double elasticity) {
  const double x = r - 1.0;
  return (1.0 + 0.5 * (1.0 + elasticity) * x) / (1.0 + 0.5 * (1.0 - elasticity) * x);
}

// Shares of a cluster's space needs met by each space type: suitability weights over the types
// the cluster can use (suitability > 0 and yield > 0), normalised.
std::array<double, kNumSpaceTypes> space_shares(const double* suitability, const double* yield);

}  // namespace clustersim

// The right-hand side lives in its own header; most users of the model want both.
#include "clustersim/core/dynamics.hpp"
