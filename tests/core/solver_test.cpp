// Integration error, solver agreement, baseline reproduction, breakpoints and events.
#include <catch2/catch.hpp>

#include "clustersim/core/errors.hpp"
#include "clustersim/core/model.hpp"
#include "support.hpp"

using namespace clustersim;

namespace {

double max_output_diff(const RunResult& a, const RunResult& b, int year) {
  double worst = 0.0;
  for (int i = 0; i < static_cast<int>(a.cluster_ids.size()); ++i) {
    worst = std::max(worst, test::rel_diff(a.value(ClusterVar::Output, i, year),
                                           b.value(ClusterVar::Output, i, year)));
  }
  return worst;
}

SolverOptions with(SolverMethod m, double dt) {
  SolverOptions s;
  s.method = m;
  s.dt = dt;
  return s;
}

}  // namespace

TEST_CASE("the simulated baseline year reproduces every baseline", "[solver][baseline]") {
  const ModelSpec spec = test::rich_spec();
  const Model model(spec);
  for (const auto method : {SolverMethod::Dopri5, SolverMethod::Rk4, SolverMethod::Euler}) {
    const RunResult r = simulate(model, with(method, method == SolverMethod::Euler ? 1.0 / 64 : 1.0 / 16));
    for (int i = 0; i < spec.num_clusters(); ++i) {
      CHECK(r.value(ClusterVar::Output, i, 2023) ==
            Approx(spec.clusters[i].baseline_output).epsilon(1e-5));
    }
    CHECK(r.stats.max_baseline_error <= RunOptions{}.baseline_tolerance);
    CHECK(RunOptions{}.baseline_tolerance <= 0.005);  // the issue asks for 0.5%
    CHECK(r.stats.calibration_iterations >= 2);
  }
}

TEST_CASE("a baseline hint from a nearby run saves trials and changes no answer",
          "[solver][baseline]") {
  const ModelSpec spec = test::rich_spec();
  const RunResult prototype = simulate(Model(spec));
  REQUIRE(prototype.baseline_hint.fits(spec.num_clusters()));

  // The run's own hint: the first trial already reproduces the baseline.
  RunOptions hinted;
  hinted.baseline_hint = prototype.baseline_hint;
  const RunResult again = simulate(Model(spec), {}, hinted);
  CHECK(again.stats.calibration_iterations == 1);
  CHECK(max_output_diff(again, prototype, 2030) < 1e-4);

  // A run with other inputs: the same answer as without the hint, in no more trials.
  ModelSpec other = spec;
  for (auto& c : other.clusters) {
    c[ClusterParam::MarketGrowth] *= 1.2;
    c[ClusterParam::CapitalOutputRatio] *= 0.9;
  }
  const Model model(other);
  const RunResult plain = simulate(model);
  const RunResult quick = simulate(model, {}, hinted);
  CHECK(quick.stats.calibration_iterations <= plain.stats.calibration_iterations);
  CHECK(quick.stats.max_baseline_error <= RunOptions{}.baseline_tolerance);
  for (int y = 2023; y <= 2030; ++y) CHECK(max_output_diff(quick, plain, y) < 1e-4);

  // A hint of the wrong size is ignored.
  RunOptions wrong;
  wrong.baseline_hint.correction = Eigen::VectorXd::Ones(1);
  wrong.baseline_hint.elasticity = Eigen::VectorXd::Ones(1);
  CHECK(simulate(model, {}, wrong).stats.calibration_iterations ==
        plain.stats.calibration_iterations);
}

TEST_CASE("integration error is far below what matters", "[solver][error]") {
  const Model model(test::rich_spec());
  SolverOptions loose;
  SolverOptions tight;
  tight.rtol = loose.rtol / 10;
  tight.atol = loose.atol / 10;
  CHECK(max_output_diff(simulate(model, loose), simulate(model, tight), 2030) < 0.005);

  const RunResult rk4 = simulate(model, with(SolverMethod::Rk4, 1.0 / 8));
  const RunResult rk4_half = simulate(model, with(SolverMethod::Rk4, 1.0 / 16));
  CHECK(max_output_diff(rk4, rk4_half, 2030) < 0.005);

  const RunResult euler = simulate(model, with(SolverMethod::Euler, 1.0 / 64));
  const RunResult euler_half = simulate(model, with(SolverMethod::Euler, 1.0 / 128));
  CHECK(max_output_diff(euler, euler_half, 2030) < 0.005);

  const RunResult dopri = simulate(model, tight);
  for (int y = 2023; y <= 2030; ++y) {
    CHECK(max_output_diff(dopri, rk4_half, y) < 0.01);
    CHECK(max_output_diff(dopri, euler_half, y) < 0.01);
  }
}

TEST_CASE("the solver stops exactly at every breakpoint", "[solver]") {
  const Model model(test::rich_spec());
  const auto& bp = model.breakpoints();
  // Every 1 Jan, the shock (2024.25), the ramp (2026, 2027.5), the fab (2025, 2025 + 701 d).
  for (const double t : {2024.0, 2024.25, 2025.0, 2025.0 + 701.0 / 365.0, 2027.5, 2030.0}) {
    CHECK(std::count_if(bp.begin(), bp.end(), [&](double b) { return std::abs(b - t) < 1e-9; }) ==
          1);
  }
  CHECK(std::is_sorted(bp.begin(), bp.end()));
}

TEST_CASE("events: steps, ramps and projects act when and as declared", "[solver][events]") {
  const ModelSpec spec = test::rich_spec();
  const Model model(spec);
  SECTION("input values") {
    const EventTarget scale{EventTarget::Kind::ClusterParam,
                            static_cast<int>(ClusterParam::MarketScale), 0};
    CHECK(model.input_value(scale, 2024.2, 2024.2) == 1.0);
    CHECK(model.input_value(scale, 2024.3, 2024.3) == Approx(0.85));
    const EventTarget floor{EventTarget::Kind::Lever, static_cast<int>(Lever::Floor), 6};
    CHECK(model.input_value(floor, 2025.5, 2025.5) == 200.0);
    CHECK(model.input_value(floor, 2026.75, 2026.75) == Approx(150.0));  // half way
    CHECK(model.input_value(floor, 2028.5, 2028.5) == Approx(100.0));
  }
  SECTION("a major project's spending and completion") {
    RunOptions keep;
    keep.keep_states = true;
    const RunResult r = simulate(model, SolverOptions{}, keep);
    const double duration = 701.0 / 365.0;
    const double rate = 152.8 / duration;
    CHECK(r.value(ClusterVar::InvestmentProject, 1, 2024) == 0.0);
    CHECK(r.value(ClusterVar::InvestmentProject, 1, 2025) == Approx(rate).epsilon(1e-9));
    CHECK(r.value(ClusterVar::InvestmentProject, 1, 2026) ==
          Approx(152.8 - rate).epsilon(1e-9));
    CHECK(r.value(ClusterVar::InvestmentProject, 1, 2027) == 0.0);
    // After completion the work in progress is empty and ramps into capital.
    const auto& lay = model.layout();
    CHECK(std::abs(r.states(lay.at(Stock::ProjectWip, 1), 2027 - 2023 + 1)) < 1e-9);
    CHECK(r.states(lay.at(Stock::ProjectRamp, 1), 4) > 0.0);
  }
  SECTION("a demand shock lowers the shocked cluster's demand") {
    ModelSpec no_shock = spec;
    no_shock.events.erase(no_shock.events.begin());
    const RunResult with_shock = simulate(model);
    const RunResult without = simulate(Model(no_shock));
    CHECK(with_shock.value(ClusterVar::Output, 0, 2023) ==
          Approx(without.value(ClusterVar::Output, 0, 2023)).epsilon(1e-6));
    CHECK(with_shock.value(ClusterVar::Demand, 0, 2025) <
          0.9 * without.value(ClusterVar::Demand, 0, 2025));
  }
}

TEST_CASE("inconsistent specs are refused with the key that is wrong", "[solver][errors]") {
  auto expect_path = [](ModelSpec spec, const std::string& path) {
    try {
      Model m(std::move(spec));
      (void)simulate(m);
      FAIL("no error for " << path);
    } catch (const ModelError& e) {
      CHECK(e.path() == path);
    }
  };
  ModelSpec s = test::rich_spec();
  s.clusters[2][ClusterParam::DepreciationLife] = 0.0;
  expect_path(s, "clusters.meddev.params.depreciation_life");
  s = test::rich_spec();
  s.levers[static_cast<int>(Lever::Land)](6, 2) = -5;
  expect_path(s, "levers.land.region");
  s = test::rich_spec();
  s.levers[static_cast<int>(Lever::Fund)](6, 2) = 5;
  expect_path(s, "levers.fund.region");
  s = test::rich_spec();
  s.io.coeffRef(1, 5) = 40.0;
  s.local_share.coeffRef(1, 5) = 1.0;
  expect_path(s, "matrices.io");
  s = test::rich_spec();
  s.spillover.coeffRef(0, 1) = 0.5;
  expect_path(s, "matrices.spillover.icv");
  s = test::rich_spec();
  s.events[0].value = -1.0;
  expect_path(s, "events.licence_moves");
  s = test::rich_spec();
  s.projects[0].start = 2020.0;
  expect_path(s, "events.fab.start");
}

TEST_CASE("non-finite values are reported, never passed on", "[solver][errors]") {
  ModelSpec spec = test::rich_spec();
  spec.clusters[1][ClusterParam::MarketGrowth] = 10.0;
  const Model model(spec);
  Eigen::VectorXd x0 = model.initial_state(Eigen::VectorXd::LinSpaced(6, 100, 3000));
  x0[model.layout().at(Stock::Market, 1)] = 1e307;  // grows past the largest double
  for (const auto method : {SolverMethod::Dopri5, SolverMethod::Rk4, SolverMethod::Euler}) {
    SolverOptions solver;
    solver.method = method;
    try {
      (void)simulate_from(model, x0, solver);
      FAIL("no error");
    } catch (const NumericalError& e) {
      const std::string what = e.what();
      CHECK(what.find("non-finite") != std::string::npos);
      CHECK(what.find("of cluster ic") != std::string::npos);
      CHECK(e.time() <= 2024.0);
    }
  }
}
