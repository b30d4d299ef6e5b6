// Exact solutions: a first-order stock with constant inflow and the DELAY3 step response, with
// the convergence order of the fixed-step solvers.
#include <catch2/catch.hpp>
#include <cmath>

#include "clustersim/core/model.hpp"
#include "support.hpp"

using namespace clustersim;

namespace {

// One cluster whose workforce only receives an earmarked talent inflow T and loses L/tau:
// dL/dt = T - L/tau, L(t) = T tau + (L0 - T tau) exp(-t/tau). Labour productivity is so high
// that desired workforce is ~0, so nobody is hired from the pool.
struct LinearStock {
  ModelSpec spec = default_spec(1, 2023, 2030);
  double inflow = 1000.0, tau = 4.0, l0 = 10000.0;
  LinearStock() {
    spec.clusters[0][ClusterParam::LabourProductivity] = 1e12;
    spec.clusters[0][ClusterParam::AttritionTime] = tau;
    spec.clusters[0][ClusterParam::RdShare] = 0.0;  // keep knowledge out of it
    spec.levers[static_cast<int>(Lever::Talent)].row(0).setConstant(inflow);
  }
  double exact(double t) const { return inflow * tau + (l0 - inflow * tau) * std::exp(-t / tau); }
  double max_error(const SolverOptions& solver) const {
    Model model(spec);
    Eigen::VectorXd x0 = model.initial_state(Eigen::VectorXd::Constant(1, 100.0));
    x0[model.layout().at(Stock::Workforce, 0)] = l0;
    const RunResult r = simulate_from(model, x0, solver);
    double err = 0.0;
    for (int y = 2023; y <= 2030; ++y) {
      err = std::max(err, std::abs(r.value(ClusterVar::Workforce, 0, y) - exact(y + 1 - 2023.0)));
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
  // Fund money F per year reaches projects at a constant rate from t0 (pipeline in steady
  // state), no private investment, no depreciation: cumulative completions are
  //   F_eff [t - (3 - e^{-x}(3 + 2x + x^2/2)) / lambda],  x = lambda t, lambda = 3 / T.
  ModelSpec spec = default_spec(1, 2023, 2032);
  const double fund = 10.0, leverage = 3.0, additionality = 0.5, construction = 2.0;
  auto& c = spec.clusters[0];
  c[ClusterParam::MaxInvestmentShare] = 0.0;
  c[ClusterParam::DepreciationLife] = 1e12;
  c[ClusterParam::ConstructionTime] = construction;
  c[ClusterParam::FundLeverage] = leverage;
  c[ClusterParam::FundAdditionality] = additionality;
  spec.levers[static_cast<int>(Lever::Fund)].row(0).setConstant(fund);
  Model model(spec);
  const auto& lay = model.layout();
  Eigen::VectorXd x0 = model.initial_state(Eigen::VectorXd::Constant(1, 100.0));
  for (Stock s : {Stock::Pipeline1, Stock::Pipeline2, Stock::Pipeline3, Stock::Capital}) {
    x0[lay.at(s, 0)] = 0.0;
  }
  SolverOptions solver;
  solver.rtol = 1e-10;
  solver.atol = 1e-10;
  const RunResult r = simulate_from(model, x0, solver, RunOptions{.keep_states = true});
  const double f_eff = fund * leverage * additionality;
  const double lambda = 3.0 / construction;
  for (int k = 1; k <= spec.num_years(); ++k) {
    const double t = k;
    const double x = lambda * t;
    const double completed =
        f_eff * (t - (3.0 - std::exp(-x) * (3.0 + 2.0 * x + 0.5 * x * x)) / lambda);
    CHECK(r.states(lay.at(Stock::CumCompletions, 0), k) == Approx(completed).epsilon(1e-8));
    CHECK(r.states(lay.at(Stock::Capital, 0), k) == Approx(completed).epsilon(1e-8));
    const double supply_line = r.states(lay.at(Stock::Pipeline1, 0), k) +
                               r.states(lay.at(Stock::Pipeline2, 0), k) +
                               r.states(lay.at(Stock::Pipeline3, 0), k);
    CHECK(supply_line == Approx(f_eff * t - completed).epsilon(1e-8));
  }
  // Annual fund investment is exactly F_eff (pipeline in steady state).
  CHECK(r.value(ClusterVar::InvestmentFund, 0, 2025) == Approx(f_eff).epsilon(1e-10));
}
