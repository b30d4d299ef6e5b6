// The cluster system-dynamics model: state layout, validated model and right-hand side.
// Equations are documented one by one in docs/model.md; comments here cite their numbers (E1..).
#pragma once

#include <Eigen/Core>
#include <Eigen/SparseCore>
#include <Eigen/SparseLU>
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "clustersim/core/params.hpp"
#include "clustersim/core/spec.hpp"

namespace clustersim {

// Per-cluster stocks, stored as blocks of n values (structure of arrays). Accumulators (Cum*)
// integrate flows so that annual figures are exact integrals over calendar years.
enum class Stock : int {
  Pipeline1,  // DELAY3 stages of capital under construction (E18)
  Pipeline2,
  Pipeline3,
  Capital,
  ProjectWip,    // major projects being built (E19)
  ProjectRamp,   // completed projects ramping up (E19)
  FundPipeline,  // fund money committed, not yet deployed (E17)
  Workforce,
  Knowledge,
  Productivity,
  SmoothedOutput,
  ExpectedDemand,
  Market,  // final market, 亿元/yr (E1-E2)
  SpaceLand,
  SpaceFloor,
  EarmarkLand,  // earmarked land/floor being developed for this cluster (E26)
  EarmarkFloor,
  CumOutput,
  CumCapacityCapital,
  CumCapacityLabour,
  CumCapacitySpace,
  CumDemand,
  CumInvestmentPrivate,
  CumInvestmentFund,
  CumInvestmentProject,
  CumCompletions,
  CumHires,
  CumTalentEarmarked,
  CumAllocLand,
  CumAllocFloor,
  CumEarmarkSupplyLand,
  CumEarmarkSupplyFloor,
  CumEarmarkDevLand,
  CumEarmarkDevFloor,
  kCount
};
inline constexpr int kNumStocks = static_cast<int>(Stock::kCount);

// Region-wide stocks (one value each), stored after the cluster blocks.
enum class RegionStock : int {
  TalentPool,
  LandPipeline,
  FloorPipeline,
  LandVacant,
  FloorVacant,
  CumLandReleased,
  CumFloorReleased,
  CumLandDeveloped,
  CumFloorDeveloped,
  CumTalentProgramme,
  CumTalentAttracted,
  CumTalentReturned,
  CumTalentLeft,
  CumTalentHired,
  kCount
};
inline constexpr int kNumRegionStocks = static_cast<int>(RegionStock::kCount);

std::string_view stock_name(Stock s);
std::string_view stock_name(RegionStock s);

struct StateLayout {
  int n = 0;
  int size() const { return kNumStocks * n + kNumRegionStocks; }
  int at(Stock s, int cluster) const { return static_cast<int>(s) * n + cluster; }
  int at(RegionStock s) const { return kNumStocks * n + static_cast<int>(s); }
  // "capital of cluster 3" style description of state index `k`, for error messages.
  std::string describe(int k, const std::vector<std::string>& cluster_ids) const;
};

// Instantaneous flows at a given state and time, for diagnostics and tests (allocates).
struct Flows {
  Eigen::VectorXd output, demand, capacity_capital, capacity_labour, capacity_space;
  Eigen::VectorXd desired_capacity, capital_plan, labour_plan;  // E13, E13b
  Eigen::VectorXd investment_private, investment_fund, investment_project;
  Eigen::VectorXd completions, vacancies, hire_requests, hires, attrition;  // vacancies: open positions
  std::array<Eigen::VectorXd, kNumSpaceTypes> space_requests, space_allocated;
  std::array<double, kNumSpaceTypes> space_available{};  // allocatable per year (vacant / time)
  double hiring_capacity = 0.0;                          // pool / matching time
  double talent_inflow = 0.0;                            // programme + attraction + returns
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
  // (亿元/yr). Stocks follow from the baseline utilisations (docs/model.md §Initialisation).
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

 private:
  void validate() const;
  void build_breakpoints();
  double base_value(const EventTarget& target, double tm) const;

  ModelSpec spec_;
  StateLayout layout_;
  std::vector<std::string> ids_;
  Eigen::SparseMatrix<double> intermediate_;
  std::vector<TargetEvents> event_groups_;
  std::vector<double> breakpoints_;
  std::shared_ptr<const Eigen::SparseLU<Eigen::SparseMatrix<double>>> knowledge_solver_;
};

// The right-hand side dx/dt = f(x, t) in odeint's system concept, for one run. It holds the
// inputs of the current segment (between two breakpoints) and a preallocated workspace, so an
// evaluation allocates nothing and calls no transcendental function. Not thread-safe: one per run.
class Dynamics {
 public:
  explicit Dynamics(const Model& model);

  // Load the inputs valid on [a, b). Must be called whenever the solver crosses a breakpoint.
  void begin_segment(double a, double b);
  // Discrete transfers at time t (project completions: work in progress -> ramp-up).
  void apply_jumps(Eigen::VectorXd& x, double t) const;

  void operator()(const Eigen::VectorXd& x, Eigen::VectorXd& dxdt, double t);

  // Flows at (x, t) within the current segment.
  Flows flows(const Eigen::VectorXd& x, double t);

  long evaluations() const { return evaluations_; }

 private:
  void update_ramps(double t);
  void refresh_derived(int cluster);
  void refresh_region();

  const Model& model_;
  const ModelSpec& spec_;
  int n_;
  long evaluations_ = 0;

  // Segment inputs.
  double seg_mid_ = 0.0;
  Eigen::MatrixXd p_;                  // n x kNumClusterParams, current parameter values
  std::array<double, kNumRegionParams> rp_{};
  Eigen::MatrixXd lever_;              // (n + 1) x kNumLevers, current annual amounts
  Eigen::VectorXd project_spend_;      // 亿元/yr being spent on major projects
  // Per-cluster coefficients of the equations, derived from p_ once per segment (and for
  // ramping parameters, per evaluation): reciprocals, products and log(1 + g), so that the
  // right-hand side needs only multiplications and additions.
  struct Coefficients {
    double inv_kappa, inv_life, stage_rate, construction_time, inv_tau_k, supply_line_weight;
    double max_investment_share, inv_desired_utilisation, forecast_horizon, tau_e, inv_tau_e;
    double inv_tau_s, inv_ramp, fund_rate, inv_tau_f, productivity, inv_productivity;
    double inv_hiring, inv_attrition, return_share, knowledge_creation, obsolescence;
    double elasticity, inv_request_time, market_scale, output_scale, growth_rate;
    double bass_p, bass_q, bass_saturation;
    std::array<double, kNumSpaceTypes> yield, share;
  };
  std::vector<Coefficients> coef_;
  Eigen::MatrixXd derived_from_;       // the rows of p_ that coef_ was derived from (NaN: none)
  std::vector<int> priority_order_;    // clusters by descending priority
  std::vector<int> priority_group_end_;  // end index of each equal-priority group
  std::array<double, kNumSpaceTypes> inv_dev_time_{};
  int smin_squarings_ = 4;             // k = 2^squarings; -1 = hard minimum
  struct ActiveRamp {
    int group;   // index into model.event_groups()
  };
  std::vector<ActiveRamp> ramps_;

  // Workspace (sized once).
  Eigen::VectorXd inter_, knowledge_growth_, hire_req_, vacancy_, attrition_;
  // Per cluster, the four limits of output (E4-E7): columns kCapital, kLabour, kSpace, kDemand.
  enum Limit { kCapital = 0, kLabour = 1, kSpace = 2, kDemand = 3 };
  Eigen::ArrayX4d limits_, smin_work_;
  Eigen::ArrayXd smin_;           // their smooth minimum (E8)
  Eigen::VectorXd output_;
  std::array<Eigen::VectorXd, kNumSpaceTypes> request_, alloc_;
  Flows* record_ = nullptr;
};

// Smooth minimum of positive values: m * (Σ (m/x_j)^k)^(-1/k), m = min x_j, k = 2^squarings
// (squarings < 0: the hard minimum). Never above the minimum; 0 when any value is 0; homogeneous
// of degree one; costs only multiplications and square roots.
double smooth_min(const double* x, int count, int squarings);
// smooth_min of each row of four limits, into out (rows long); work is rows x 4. The terms are
// summed pairwise, so a row may differ from smooth_min(row, 4, squarings) in the last bit.
// Allocates nothing: the right-hand side calls it with its workspace.
void smooth_min4_rows(const Eigen::ArrayX4d& limits, int squarings, Eigen::ArrayX4d& work,
                      Eigen::ArrayXd& out);

// Allocate `available` among `requests` by strict priority (Vensim ALLOCATE BY PRIORITY with a
// zero-width curve): groups of equal priority are served in `order`, highest first; within a
// group the amount is shared in proportion to requests. No request is over-filled and the total
// never exceeds `available`. `group_end[g]` is one past the last position of group g in `order`.
void allocate_by_priority(const double* requests, const std::vector<int>& order,
                          const std::vector<int>& group_end, double available, double* out);

}  // namespace clustersim
