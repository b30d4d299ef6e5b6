// The right-hand side dx/dt = f(x, t) of the model, in odeint's system concept.
//
// One sector of docs/model.md per source file (model/src/core/<sector>.cpp): demand and market
// share, output, capital, funds, labour, space, knowledge. Dynamics holds the inputs of the
// current segment (between two breakpoints) and a preallocated workspace, so an evaluation
// allocates nothing and calls no transcendental function.
#pragma once

#include <Eigen/Core>
#include <array>
#include <vector>

#include "clustersim/core/params.hpp"
#include "clustersim/core/spec.hpp"
#include "clustersim/core/state.hpp"

namespace clustersim {

class Model;

// Instantaneous flows at a given state and time, for diagnostics and tests (allocates).
struct Flows {
  Eigen::VectorXd output, demand, final_demand, capacity_capital, capacity_labour,
      capacity_space, potential_output;
  Eigen::VectorXd share_target, desired_capacity, desired_capital, desired_supply_line;
  Eigen::VectorXd capital_hostable, site_headroom, space_need;
  Eigen::VectorXd investment_private, investment_fund, investment_project, project_fund;
  Eigen::VectorXd fund_deployed, completions, policy_completions;
  Eigen::VectorXd labour_plan, hire_requests_skilled, hire_requests_workers, hires_skilled,
      hires_workers, attrition_skilled, attrition_workers;
  std::array<Eigen::VectorXd, kNumSpaceTypes> space_requests, space_allocated;
  std::array<double, kNumSpaceTypes> space_available{};  // allocatable per year (vacant / time)
  double skilled_hiring_capacity = 0.0;  // pool / matching time
  double worker_hiring_capacity = 0.0;
  double skilled_inflow = 0.0;  // market inflow (beyond the programme)
  double worker_inflow = 0.0;
  double talent_programme = 0.0;  // region pool arrivals
};

class Dynamics {
 public:
  explicit Dynamics(const Model& model);

  // Load the inputs valid on [a, b). Must be called whenever the solver crosses a breakpoint.
  void begin_segment(double a, double b);
  // Discrete changes at time t: project completions (work in progress -> ramp-up) and project
  // sites released at a project's start.
  void apply_jumps(Eigen::VectorXd& x, double t) const;

  void operator()(const Eigen::VectorXd& x, Eigen::VectorXd& dxdt, double t);

  // Flows at (x, t) within the current segment.
  Flows flows(const Eigen::VectorXd& x, double t);

  long evaluations() const { return evaluations_; }

 private:
  // Read and write access to the state's blocks for one evaluation.
  struct View {
    const double* x;
    double* d;
    const StateLayout* lay;
    const double* at(Stock s) const { return x + lay->block(s); }
    double* dt(Stock s) const { return d + lay->block(s); }
    double at(RegionStock s) const { return x[lay->at(s)]; }
    double& dt(RegionStock s) const { return d[lay->at(s)]; }
  };

  // Sectors, in the order they are evaluated (each reads what the ones before computed).
  void output_sector(const View& v);     // output.cpp: E3, E4, E6-E9
  void demand_sector(const View& v);     // demand.cpp: E1, E2, E5
  void capital_sector(const View& v);    // capital.cpp: E11-E22
  void fund_requests(const View& v);     // funds.cpp: E24-E25, before the sites' gate (E22)
  void fund_flows(const View& v);        // funds.cpp: E23, after it
  void labour_sector(const View& v);     // labour.cpp: E26-E31
  void space_sector(const View& v);      // space.cpp: E32-E35
  void knowledge_sector(const View& v);  // knowledge.cpp: E36-E37
  void accumulate(const View& v);        // dynamics.cpp: annual flows

  void update_ramps(double t);
  void refresh_derived(int cluster);
  void refresh_region();
  void record(Flows& f) const;

  const Model& model_;
  const ModelSpec& spec_;
  int n_;
  long evaluations_ = 0;

  // Segment inputs.
  double seg_mid_ = 0.0;
  Eigen::MatrixXd p_;  // n x kNumClusterParams, current parameter values
  std::array<double, kNumRegionParams> rp_{};
  Eigen::MatrixXd lever_;            // (n + 1) x kNumLevers, current annual amounts
  Eigen::VectorXd project_spend_;    // 亿元/yr being spent on named projects
  Eigen::VectorXd project_fund_want_;  // 亿元/yr of it the projects want from the fund
  Eigen::VectorXd project_capex_;      // capex of the projects under construction (亿元)

  // Per-cluster coefficients of the equations, derived from p_ once per segment (and for
  // ramping parameters, per evaluation): reciprocals and products, relief included, so that the
  // right-hand side needs only multiplications, divisions and square roots.
  struct Coefficients {
    // demand and share
    double market_rate;  // ln(1 + g), exponential market
    double bass_p, bass_q, bass_saturation;
    double share_a_capacity, share_b_capacity, share_a_productivity, share_b_productivity;
    double inv_share_time, drift_rate;
    double market_scale, output_scale, demand_relief;
    // planning and capital
    double tau_e, inv_tau_e, inv_tau_s, forecast_horizon, inv_desired_utilisation;
    double kappa_eff, inv_kappa_eff;  // κ / capital relief
    double inv_life, construction_time, stage_rate, inv_tau_k, supply_line_weight;
    double max_investment_share, inv_ramp, inv_site_time;
    // funds
    double leverage, additionality, inv_deploy_time, max_absorption, hurdle_ratio;
    // labour
    double productivity_eff;  // π × labour relief
    double skilled_share, inv_skilled_share, inv_worker_share, hiring_time, inv_hiring;
    double inv_attrition, return_share;
    // knowledge
    double obsolescence, elasticity;
    // space
    double inv_request_time, request_horizon, inv_space_relief;
    std::array<double, kNumSpaceTypes> yield_eff, share;  // yield × space relief; type weights
  };
  std::vector<Coefficients> coef_;
  Eigen::MatrixXd derived_from_;  // the rows of p_ that coef_ was derived from (NaN: none)
  std::vector<int> priority_order_;      // clusters by descending priority
  Eigen::VectorXd sorted_priorities_;    // the priorities priority_order_ was sorted by
  std::vector<int> priority_group_end_;  // end index of each equal-priority group
  std::array<double, kNumSpaceTypes> inv_dev_time_{};
  int smin_squarings_ = 4;  // k = 2^squarings; -1 = hard minimum
  std::vector<int> ramps_;  // indices into model.event_groups() ramping in this segment

  // Workspace (sized once): values one sector computes for the next, per cluster.
  Eigen::VectorXd inter_;
  Eigen::ArrayX4d limits_, smin_work_;  // columns: capital, skilled, workers, demand
  Eigen::ArrayXd smin_;
  Eigen::ArrayXd output_, demand_, final_demand_, cap_labour_, cap_space_, potential_;
  Eigen::ArrayXd share_target_, trend_, desired_capacity_, desired_capital_, desired_sl_;
  Eigen::ArrayXd hostable_, headroom_, need_;
  Eigen::ArrayXd inv_private_want_, deploy_want_;  // before the sites' gate
  Eigen::ArrayXd inv_private_, deploy_, inv_fund_, project_draw_, completions_, policy_completions_;
  Eigen::ArrayXd labour_plan_, req_skilled_, req_workers_, hires_skilled_, hires_workers_;
  Eigen::ArrayXd att_skilled_, att_workers_, knowledge_growth_;
  std::array<Eigen::VectorXd, kNumSpaceTypes> request_, alloc_;
  std::array<double, kNumSpaceTypes> available_{};
  double skilled_capacity_ = 0.0, worker_capacity_ = 0.0;
  double skilled_inflow_ = 0.0, worker_inflow_ = 0.0, programme_ = 0.0;
};

}  // namespace clustersim
