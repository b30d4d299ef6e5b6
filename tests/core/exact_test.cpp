// Exact solutions: a first-order stock with constant inflow and the DELAY3 step response, with
// the convergence order of the fixed-step solvers.
#include <catch2/catch.hpp>
#include <cmath>

#include "clustersim/core/model.hpp"
#include "support.hpp"

using namespace clustersim;

namespace {

// One cluster whose skilled staff only receive an earmarked talent inflow T and lose L/tau:
// dL/dt = T - L/tau, L(t) = T tau + (L0 - T tau) exp(-t/tau). Labour productivity is so high
// that desired workforce is ~0, so nobody is hired from the pool.
struct LinearStock {
  ModelSpec spec = default_spec(1, 2023, 2030);
  double inflow = 1000.0, tau = 4.0, l0 = 10000.0;
  LinearStock() {
    auto& c = spec.clusters[0];
    c[ClusterParam::LabourProductivity] = 1e12;
    c[ClusterParam::AttritionTime] = tau;
    c[ClusterParam::KnowledgeElasticity] = 0.0;  // keep productivity out of it
    spec.levers[static_cast<int>(Lever::Talent)].row(0).setConstant(inflow);
    // Every other time constant at least 1 yr, so that RK4 may take steps of 0.5 yr
    // (fixed steps must be at most half the smallest time constant).
    for (auto p : {ClusterParam::ShareAdjustmentTime, ClusterParam::OutputSmoothingTime,
                   ClusterParam::HiringTime, ClusterParam::SiteAbsorptionTime,
                   ClusterParam::ProjectRampTime, ClusterParam::SpaceRequestTime}) {
      c[p] = std::max(c[p], 1.0);
    }
    c[ClusterParam::ConstructionTime] = 3.0;
    for (auto p : {RegionParam::TalentMatchingTime, RegionParam::TalentLeaveTime,
                   RegionParam::WorkerLeaveTime, RegionParam::LandAllocationTime,
                   RegionParam::FloorAllocationTime}) {
      spec.region_param(p) = std::max(spec.region_param(p), 1.0);
    }
  }
  double exact(double t) const { return inflow * tau + (l0 - inflow * tau) * std::exp(-t / tau); }
  double max_error(const SolverOptions& solver) const {
    Model model(spec);
    Eigen::VectorXd x0 = model.initial_state(Eigen::VectorXd::Constant(1, 100.0));
    x0[model.layout().at(Stock::Skilled, 0)] = l0;
    const RunResult r = simulate_from(model, x0, solver);
    double err = 0.0;
    for (int y = 2023; y <= 2030; ++y) {
      err = std::max(err, std::abs(r.value(ClusterVar::Skilled, 0, y) - exact(y + 1 - 2023.0)));
    }
    return err;
  }
};

}  // namespace

TEST_CASE("a linear stock with constant inflow follows its closed form", "[exact]") {
  LinearStock s;
  SolverOptions dopri;
  dopri.rtol = 1e-9;
  dopri.atol = 1e-9;
  CHECK(s.max_error(dopri) < 1e-5);  // persons, on a stock of ~4000-10000

  SolverOptions rk4;
  rk4.method = SolverMethod::Rk4;
  rk4.dt = 0.5;
  const double e1 = s.max_error(rk4);
  rk4.dt = 0.25;
  const double e2 = s.max_error(rk4);
  // Fourth order: halving dt divides the error by ~16.
  CHECK(e1 / e2 == Approx(16.0).epsilon(0.1));

  SolverOptions euler;
  euler.method = SolverMethod::Euler;
  euler.dt = 1.0 / 32;
  const double f1 = s.max_error(euler);
  euler.dt = 1.0 / 64;
  const double f2 = s.max_error(euler);
  CHECK(f1 / f2 == Approx(2.0).epsilon(0.05));  // first order
}

TEST_CASE("DELAY3 step response matches the Erlang-3 closed form and conserves", "[exact]") {
  // Fund money deployed at a constant rate d from t0 into an empty fund-backed pipeline, no
  // market-driven investment, no depreciation, sites and absorption unlimited: cumulative
  // completions are I [t - (3 - e^{-x}(3 + 2x + x^2/2)) / lambda], x = lambda t, lambda = 3 / T,
  // with I = leverage × d. (A fund of U0 deploying over U0 / d years deploys d a year.)
  ModelSpec spec = default_spec(1, 2023, 2032);
  const double deploy = 10.0, leverage = 3.0, construction = 2.0;
  auto& c = spec.clusters[0];
  c[ClusterParam::MaxInvestmentShare] = 0.0;
  c[ClusterParam::DepreciationLife] = 1e12;
  c[ClusterParam::ConstructionTime] = construction;
  c[ClusterParam::FundLeverage] = leverage;
  c[ClusterParam::FundDeploymentTime] = 1e9;
  c[ClusterParam::MaxFundAbsorption] = 1e12;
  c[ClusterParam::LandYield] = 1e6;
  c[ClusterParam::FundHurdleUtilisation] = 1e-9;  // a pipeline of projects without end
  Model model(spec);
  const auto& lay = model.layout();
  Eigen::VectorXd x0 = model.initial_state(Eigen::VectorXd::Constant(1, 100.0));
  for (Stock s : {Stock::Pipeline1, Stock::Pipeline2, Stock::Pipeline3, Stock::Capital}) {
    x0[lay.at(s, 0)] = 0.0;
  }
  x0[lay.at(Stock::Capital, 0)] = 1e-9;  // absorption scales with capital: let it be unlimited
  x0[lay.at(Stock::FundUndeployed, 0)] = deploy * 1e9;
  x0[lay.at(Stock::SpaceLand, 0)] = 1e3;  // sites for everything
  SolverOptions solver;
  solver.rtol = 1e-10;
  solver.atol = 1e-10;
  const RunResult r = simulate_from(model, x0, solver, RunOptions{.keep_states = true});
  const double invest = leverage * deploy;
  const double lambda = 3.0 / construction;
  for (int k = 1; k <= spec.num_years(); ++k) {
    const double t = k;
    const double x = lambda * t;
    const double completed =
        invest * (t - (3.0 - std::exp(-x) * (3.0 + 2.0 * x + 0.5 * x * x)) / lambda);
    CHECK(r.states(lay.at(Stock::CumCompletions, 0), k) == Approx(completed).epsilon(1e-7));
    CHECK(r.states(lay.at(Stock::PolicyCapital, 0), k) == Approx(completed).epsilon(1e-7));
    const double supply_line = r.states(lay.at(Stock::PolicyPipeline1, 0), k) +
                               r.states(lay.at(Stock::PolicyPipeline2, 0), k) +
                               r.states(lay.at(Stock::PolicyPipeline3, 0), k);
    CHECK(supply_line == Approx(invest * t - completed).epsilon(1e-7));
  }
  // Annual fund-backed investment is exactly leverage × the deployment rate.
  CHECK(r.value(ClusterVar::InvestmentFund, 0, 2025) == Approx(invest).epsilon(1e-7));
}
