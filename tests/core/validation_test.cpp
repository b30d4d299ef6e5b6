// The standard system-dynamics validation tests (Sterman 2000, ch. 21; Barlas 1996) as automated
// checks: conservation, non-negativity, extreme conditions, steady state, monotonicity, and the
// behaviours model v2 promises (sites host capital, funds wait for sites, the pools never mix).
#include <catch2/catch.hpp>
#include <random>

#include "clustersim/core/errors.hpp"
#include "clustersim/core/model.hpp"
#include "support.hpp"

using namespace clustersim;
using test::near;

namespace {

RunResult run_states(const Model& model, const SolverOptions& solver = {}) {
  RunOptions options;
  options.keep_states = true;
  return simulate(model, solver, options);
}

double out(const RunResult& r, int i, int year) { return r.value(ClusterVar::Output, i, year); }

}  // namespace

TEST_CASE("stocks are conserved: capital, fund money, space and people",
          "[validation][conservation]") {
  const Model model(test::rich_spec());
  const RunResult r = run_states(model);
  const auto& lay = model.layout();
  const int n = model.num_clusters();
  const auto& S = r.states;
  const int last = static_cast<int>(S.cols()) - 1;
  constexpr double tol = 1e-9;

  for (int k = 1; k <= last; ++k) {
    auto d = [&](int index) { return S(index, k) - S(index, 0); };
    for (int i = 0; i < n; ++i) {
      INFO("cluster " << i << " year " << k);
      // investment - completions = change in capital under construction (both pipelines,
      // named projects, ramp-up)
      const double invested = d(lay.at(Stock::CumInvestmentPrivate, i)) +
                              d(lay.at(Stock::CumInvestmentFund, i)) +
                              d(lay.at(Stock::CumInvestmentProject, i));
      const double completed = d(lay.at(Stock::CumCompletions, i));
      double supply_line = 0.0;
      for (Stock s : {Stock::Pipeline1, Stock::Pipeline2, Stock::Pipeline3, Stock::PolicyPipeline1,
                      Stock::PolicyPipeline2, Stock::PolicyPipeline3, Stock::ProjectWip,
                      Stock::ProjectRamp}) {
        supply_line += d(lay.at(s, i));
      }
      CHECK(near(invested - completed, supply_line, tol, tol * invested));
      // fund money committed = deployed + undeployed
      const double committed = d(lay.at(Stock::CumFundCommitted, i));
      const double deployed = d(lay.at(Stock::CumFundDeployed, i));
      CHECK(near(committed, deployed + d(lay.at(Stock::FundUndeployed, i)), tol, tol));
      CHECK(S(lay.at(Stock::FundUndeployed, i), k) >= -tol * (1.0 + committed));
      // occupied space = initial + allocated from the pool + earmarked developed
      CHECK(near(d(lay.at(Stock::SpaceLand, i)),
                 d(lay.at(Stock::CumAllocLand, i)) + d(lay.at(Stock::CumEarmarkDevLand, i)), tol,
                 1e-12));
      CHECK(near(d(lay.at(Stock::SpaceFloor, i)),
                 d(lay.at(Stock::CumAllocFloor, i)) + d(lay.at(Stock::CumEarmarkDevFloor, i)),
                 tol, 1e-12));
      // earmarked space: supplied (levers and project sites) = developed + still in development
      CHECK(near(d(lay.at(Stock::CumEarmarkSupplyLand, i)),
                 d(lay.at(Stock::CumEarmarkDevLand, i)) + d(lay.at(Stock::EarmarkLand, i)), tol,
                 1e-12));
    }
    // Shared space pools.
    double alloc_land = 0.0, alloc_floor = 0.0;
    for (int i = 0; i < n; ++i) {
      alloc_land += d(lay.at(Stock::CumAllocLand, i));
      alloc_floor += d(lay.at(Stock::CumAllocFloor, i));
    }
    const double land_dev = d(lay.at(RegionStock::CumLandDeveloped));
    const double floor_dev = d(lay.at(RegionStock::CumFloorDeveloped));
    CHECK(near(d(lay.at(RegionStock::LandVacant)), land_dev - alloc_land, tol, tol * land_dev));
    CHECK(near(d(lay.at(RegionStock::FloorVacant)), floor_dev - alloc_floor, tol,
               tol * floor_dev));
    // People, pool by pool: nobody changes pool. Skilled: pool + staff change = programme
    // (region and earmarked) + market inflow - leavers; production workers likewise.
    double skilled = 0.0, workers = 0.0, earmarked = 0.0, hired_s = 0.0, hired_w = 0.0;
    double attr_s = 0.0, attr_w = 0.0;
    for (int i = 0; i < n; ++i) {
      skilled += d(lay.at(Stock::Skilled, i));
      workers += d(lay.at(Stock::Workers, i));
      earmarked += d(lay.at(Stock::CumTalentEarmarked, i));
      hired_s += d(lay.at(Stock::CumHiresSkilled, i));
      hired_w += d(lay.at(Stock::CumHiresWorkers, i));
      attr_s += d(lay.at(Stock::CumAttritionSkilled, i));
      attr_w += d(lay.at(Stock::CumAttritionWorkers, i));
    }
    const double in_s = d(lay.at(RegionStock::CumTalentProgramme)) + earmarked +
                        d(lay.at(RegionStock::CumSkilledInflow));
    const double out_s = d(lay.at(RegionStock::CumSkilledLeft));
    CHECK(near(skilled + d(lay.at(RegionStock::SkilledPool)), in_s - out_s, tol, tol * in_s));
    const double in_w = d(lay.at(RegionStock::CumWorkerInflow));
    const double out_w = d(lay.at(RegionStock::CumWorkersLeft));
    CHECK(near(workers + d(lay.at(RegionStock::WorkerPool)), in_w - out_w, tol, tol * in_w));
    CHECK(near(hired_s, d(lay.at(RegionStock::CumSkilledHired)), tol, tol));
    CHECK(near(hired_w, d(lay.at(RegionStock::CumWorkersHired)), tol, tol));
    // Staff change = hires (+ earmarked arrivals) - attrition
    CHECK(near(skilled, hired_s + earmarked - attr_s, tol, tol * (hired_s + earmarked)));
    CHECK(near(workers, hired_w - attr_w, tol, tol * hired_w));
  }
}

TEST_CASE("instantaneous flows respect their pools", "[validation][conservation]") {
  ModelSpec spec = test::rich_spec();
  for (auto l : {Lever::Land, Lever::Floor, Lever::Talent}) {
    spec.levers[static_cast<int>(l)].row(spec.num_clusters()).setConstant(1.0);
  }
  const Model model(spec);
  Dynamics dyn(model);
  Eigen::VectorXd x = model.initial_state(Eigen::VectorXd::LinSpaced(6, 100, 3000));
  // Scarce pools so that rationing is active.
  x[model.layout().at(RegionStock::LandVacant)] = 3.0;
  x[model.layout().at(RegionStock::SkilledPool)] = 50.0;
  x[model.layout().at(RegionStock::WorkerPool)] = 100.0;
  for (int i = 0; i < 6; ++i) x[model.layout().at(Stock::Workers, i)] *= 0.5;
  const Flows f = dyn.flows(x, model.start_time());
  CHECK(f.hires_skilled.sum() <= f.skilled_hiring_capacity * (1 + 1e-12));
  CHECK(f.hires_workers.sum() <= f.worker_hiring_capacity * (1 + 1e-12));
  CHECK(f.hires_workers.sum() ==
        Approx(std::min(f.worker_hiring_capacity, f.hire_requests_workers.sum())));
  for (int i = 0; i < 6; ++i) {
    CHECK(f.hires_skilled(i) <= f.hire_requests_skilled(i) * (1 + 1e-15));
    CHECK(f.hires_workers(i) <= f.hire_requests_workers(i) * (1 + 1e-15));
  }
  for (int s = 0; s < kNumSpaceTypes; ++s) {
    CHECK(f.space_allocated[s].sum() <= f.space_available[s] * (1 + 1e-12));
    for (int i = 0; i < 6; ++i) {
      CHECK(f.space_allocated[s](i) <= f.space_requests[s](i) * (1 + 1e-15));
    }
  }
  CHECK(f.space_requests[1](1) == 0.0);  // the IC cluster cannot use high-rise floor
}

TEST_CASE("stocks stay non-negative and capital within its sites under random parameter draws",
          "[validation]") {
  std::mt19937_64 rng(20240218);
  std::uniform_real_distribution<double> log_factor(std::log(1.0 / 3.0), std::log(3.0));
  std::uniform_real_distribution<double> growth(-0.2, 0.5);
  int runs = 0;
  for (int draw = 0; draw < 60; ++draw) {
    ModelSpec spec = test::rich_spec();
    for (auto& c : spec.clusters) {
      for (int k = 0; k < kNumClusterParams; ++k) {
        const auto& info = kClusterParamInfo[k];
        if (k == static_cast<int>(ClusterParam::Priority)) continue;
        double v = c.params[k] * std::exp(log_factor(rng));
        if (k == static_cast<int>(ClusterParam::MarketGrowth)) v = growth(rng);
        v = std::min(v, info.upper);
        if (!in_range(info, v) || std::isnan(v)) continue;
        c.params[k] = v;
      }
    }
    for (auto& l : spec.levers) l *= std::exp(log_factor(rng));
    RunResult r;
    try {
      r = simulate(Model(spec), SolverOptions{}, RunOptions{.keep_states = true});
    } catch (const ModelError&) {
      continue;  // e.g. a draw where a Bass market starts saturated: rejected at the boundary
    }
    ++runs;
    const Eigen::MatrixXd& S = r.states;
    const Model model(spec);
    for (int k = 0; k < model.layout().dynamic_size(); ++k) {
      const double scale = S.row(k).cwiseAbs().maxCoeff();
      INFO("draw " << draw << ": " << model.layout().describe(k, r.cluster_ids));
      REQUIRE(S.row(k).minCoeff() >= -1e-9 * std::max(scale, 1.0));
    }
    for (const auto& m : r.cluster) REQUIRE(m.allFinite());
    // E22: capital in place and under construction never exceeds what the sites can host.
    const auto& cap = r.cluster[static_cast<int>(ClusterVar::Capital)];
    const auto& sl = r.cluster[static_cast<int>(ClusterVar::SupplyLine)];
    const auto& host = r.cluster[static_cast<int>(ClusterVar::CapitalHostable)];
    INFO("draw " << draw);
    REQUIRE(((cap + sl).array() <= host.array() * (1.0 + 1e-6) + 1e-9).all());
  }
  CHECK(runs >= 40);
}

TEST_CASE("extreme conditions", "[validation][extreme]") {
  SECTION("all levers zero: the model still runs, finite and non-negative") {
    ModelSpec spec = test::rich_spec();
    for (auto& l : spec.levers) l.setZero();
    spec.events.clear();
    spec.projects.clear();
    spec.region_param(RegionParam::LandInitialVacant) = 0.0;
    spec.region_param(RegionParam::FloorInitialVacant) = 0.0;
    const RunResult r = simulate(Model(spec));
    for (const auto& m : r.cluster) {
      CHECK(m.allFinite());
      CHECK(m.minCoeff() >= 0.0);
    }
    // No land, no floor: occupied space cannot grow, whatever demand does.
    for (int i = 0; i < 6; ++i) {
      for (int y = 2024; y <= 2030; ++y) {
        CHECK(r.value(ClusterVar::SpaceLand, i, y) == Approx(r.value(ClusterVar::SpaceLand, i, 2023)));
        CHECK(r.value(ClusterVar::SpaceFloor, i, y) == Approx(r.value(ClusterVar::SpaceFloor, i, 2023)));
      }
    }
    CHECK(r.value(RegionVar::LandAllocated, 2030) == 0.0);
  }
  SECTION("zero capital means zero output") {
    ModelSpec spec = test::rich_spec();
    for (auto& l : spec.levers) l.row(1).setZero();  // no fund for the IC cluster
    spec.projects.clear();
    const Model model(spec);
    const auto& lay = model.layout();
    Eigen::VectorXd x0 = model.initial_state(Eigen::VectorXd::LinSpaced(6, 100, 3000));
    for (Stock s : {Stock::Capital, Stock::Pipeline1, Stock::Pipeline2, Stock::Pipeline3,
                    Stock::SmoothedOutput}) {
      x0[lay.at(s, 1)] = 0.0;
    }
    const RunResult r = simulate_from(model, x0);
    for (int y = 2023; y <= 2030; ++y) {
      CHECK(r.value(ClusterVar::Output, 1, y) == 0.0);
      CHECK(r.value(ClusterVar::Capital, 1, y) == 0.0);
    }
    CHECK(r.value(ClusterVar::Output, 0, 2030) > 0.0);  // the others carry on
  }
  SECTION("an unbounded fund is bounded by sites and absorption: the money waits") {
    ModelSpec spec = test::rich_spec();
    spec.levers[static_cast<int>(Lever::Fund)].row(1).setConstant(1e7);
    const RunResult huge = simulate(Model(spec));
    const RunResult base = simulate(Model(test::rich_spec()));
    for (int y = 2024; y <= 2030; ++y) {
      const double capital = huge.value(ClusterVar::Capital, 1, y) +
                             huge.value(ClusterVar::SupplyLine, 1, y);
      CHECK(capital <= huge.value(ClusterVar::CapitalHostable, 1, y) * (1 + 1e-6));
      CHECK(std::isfinite(huge.value(ClusterVar::Output, 1, y)));
    }
    // Nearly all of the money is still in the fund; what was deployed is bounded by the
    // absorption rate (max_fund_absorption x capital a year).
    const double committed = 1e7 * 8;
    CHECK(huge.value(ClusterVar::FundUndeployed, 1, 2030) > 0.99 * committed);
    CHECK(huge.value(ClusterVar::Capital, 1, 2030) < 5 * base.value(ClusterVar::Capital, 1, 2030));
    CHECK(out(huge, 1, 2030) < 3 * out(base, 1, 2030));
    CHECK(out(huge, 1, 2030) > out(base, 1, 2030));
  }
}

TEST_CASE("with no growth the model starts in and stays at a steady state",
          "[validation][steady]") {
  ModelSpec spec = test::rich_spec(2023 + 150);
  for (auto& c : spec.clusters) {
    c.market = MarketKind::Exponential;
    c[ClusterParam::MarketGrowth] = 0.0;
    c[ClusterParam::ShareTrend] = 0.0;
  }
  for (auto& l : spec.levers) l.setZero();
  spec.events.clear();
  spec.projects.clear();
  const Model model(spec);
  const RunResult r = simulate(model);
  // No step between the baseline year and the next, and none later.
  for (int i = 0; i < 6; ++i) {
    for (ClusterVar v : {ClusterVar::Output, ClusterVar::Capital, ClusterVar::Workforce,
                         ClusterVar::Knowledge, ClusterVar::MarketShare, ClusterVar::SpaceLand}) {
      INFO("cluster " << i << " " << info(v).name);
      CHECK(test::rel_diff(r.value(v, i, 2024), r.value(v, i, 2023)) < 1e-7);
      CHECK(test::rel_diff(r.value(v, i, spec.end_year), r.value(v, i, 2023)) < 1e-6);
    }
    // In equilibrium investment only replaces depreciation.
    const double dep = r.value(ClusterVar::Capital, i, 2100) /
                       spec.clusters[i][ClusterParam::DepreciationLife];
    CHECK(r.value(ClusterVar::Investment, i, 2100) == Approx(dep).epsilon(1e-5));
  }
  CHECK(r.stats.calibration_iterations == 1);  // the first guess is the answer
  for (RegionVar v : {RegionVar::SkilledPool, RegionVar::WorkerPool, RegionVar::WageIndex}) {
    CHECK(test::rel_diff(r.value(v, spec.end_year), r.value(v, 2023)) < 1e-6);
  }
  CHECK(std::abs(r.value(RegionVar::NetInflow, 2024)) < 1e-6 * r.value(RegionVar::WorkerInflow, 2024));
}

TEST_CASE("2030 output rises with each lever", "[validation][monotonicity]") {
  const ModelSpec base_spec = test::rich_spec();
  const RunResult base = simulate(Model(base_spec));
  const int region = base_spec.num_clusters();
  struct Case {
    Lever lever;
    int row;
  };
  for (const Case c : {Case{Lever::Fund, 1}, Case{Lever::Fund, 3}, Case{Lever::Land, region},
                       Case{Lever::Land, 1}, Case{Lever::Floor, region},
                       Case{Lever::Talent, region}, Case{Lever::Talent, 1}}) {
    for (const double factor : {1.5, 3.0}) {
      ModelSpec spec = base_spec;
      auto& m = spec.levers[static_cast<int>(c.lever)];
      m.row(c.row).tail(m.cols() - 1) *= factor;  // from 2024 on
      m.row(c.row).tail(m.cols() - 1).array() += 1.0;
      const RunResult more = simulate(Model(spec));
      INFO(info(c.lever).key << " row " << c.row << " x" << factor);
      if (c.row < region) {
        // The cluster that receives the lever. (The district total can fall a little: a fund
        // or earmarked land lets the cluster take sites and workers others would have used.)
        CHECK(out(more, c.row, 2030) >= out(base, c.row, 2030) * (1 - 1e-6));
      } else {
        // A region-wide lever: the district's total.
        CHECK(more.cluster[0].col(7).sum() >= base.cluster[0].col(7).sum() * (1 - 1e-6));
      }
    }
  }
}

TEST_CASE("space a cluster cannot use hosts none of its capital, even earmarked for it",
          "[validation][space]") {
  // The chip cluster (row 1) has floor_suitability 0: fabs need ground-floor sites.
  const ModelSpec base_spec = test::rich_spec();
  REQUIRE(base_spec.clusters[1][ClusterParam::FloorSuitability] == 0.0);
  const RunResult base = simulate(Model(base_spec));
  ModelSpec spec = base_spec;
  spec.levers[static_cast<int>(Lever::Floor)].row(1).array() += 50.0;  // from the baseline year
  const RunResult more = simulate(Model(spec));
  for (int year = 2023; year <= 2030; ++year) {
    INFO(year);
    CHECK(out(more, 1, year) == Approx(out(base, 1, year)).epsilon(1e-9));
    CHECK(more.value(ClusterVar::CapitalHostable, 1, year) ==
          Approx(base.value(ClusterVar::CapitalHostable, 1, year)).epsilon(1e-9));
  }
  // A project site on floor for such a cluster is refused, naming both parameters.
  ProjectSpec fab;
  fab.name = "fab";
  fab.cluster = 1;
  fab.capex = 10.0;
  fab.start = 2024.0;
  fab.site_type = SpaceType::Floor;
  spec = base_spec;
  spec.projects = {fab};
  CHECK_THROWS_WITH(Model(spec), Catch::Matchers::Contains("cannot use floor (floor_suitability 0"));
}

TEST_CASE("a fund buys capacity, saturating as sites and absorption bind", "[validation][funds]") {
  // The chip cluster with land earmarked for it every year: money finds sites.
  auto run_with = [](double fund) {
    ModelSpec spec = test::rich_spec();
    spec.projects.clear();
    spec.levers[static_cast<int>(Lever::Fund)].row(1).setConstant(0.0);
    spec.levers[static_cast<int>(Lever::Fund)].row(1).segment(1, 5).setConstant(fund);
    return simulate(Model(spec));
  };
  const RunResult f0 = run_with(0.0), f1 = run_with(14.0), f3 = run_with(42.0),
                  f30 = run_with(420.0);
  const double g1 = out(f1, 1, 2030) - out(f0, 1, 2030);
  const double g3 = out(f3, 1, 2030) - out(f0, 1, 2030);
  const double g30 = out(f30, 1, 2030) - out(f0, 1, 2030);
  CHECK(g1 > 0.0);
  CHECK(g3 > g1);
  CHECK(g30 > g3);
  CHECK(g30 / 30.0 < g1);  // saturating
  // What one 亿元 committed buys by 2030 is below what it would buy as capex at full use:
  // 1 / capital_output_ratio (fund leverage 3.3 in this spec).
  CHECK(g1 / 70.0 < 3.3 / 1.49);
  // Undeployed money is reported, never phantom capital.
  CHECK(f30.value(ClusterVar::FundUndeployed, 1, 2028) > f1.value(ClusterVar::FundUndeployed, 1, 2028));
}

TEST_CASE("market share: a cluster that adds no capacity loses share as its market grows",
          "[validation][share]") {
  ModelSpec spec = test::rich_spec();
  spec.projects.clear();
  for (auto& l : spec.levers) l.setZero();
  spec.events.clear();
  spec.region_param(RegionParam::LandInitialVacant) = 0.0;
  spec.region_param(RegionParam::FloorInitialVacant) = 0.0;
  // No new sites at all: capital cannot grow beyond what today's sites host.
  const RunResult r = simulate(Model(spec));
  CHECK(r.value(ClusterVar::MarketShare, 1, 2030) < 0.9 * r.value(ClusterVar::MarketShare, 1, 2023));
  CHECK(r.value(ClusterVar::Market, 1, 2030) > 1.5 * r.value(ClusterVar::Market, 1, 2023));
  // With land set aside for it the same cluster keeps its share better.
  spec.levers[static_cast<int>(Lever::Land)].row(1).setConstant(40.0);
  const RunResult land = simulate(Model(spec));
  CHECK(land.value(ClusterVar::MarketShare, 1, 2030) > r.value(ClusterVar::MarketShare, 1, 2030));
}

TEST_CASE("the labour pools never mix: a demand shock frees workers, not engineers",
          "[validation][labour]") {
  ModelSpec base = test::rich_spec();
  ModelSpec shock = base;
  shock.events[0].value = 0.5;  // the vehicle cluster loses half its market
  const RunResult a = simulate(Model(base));
  const RunResult b = simulate(Model(shock));
  // The vehicle cluster sheds production workers; fewer open positions draw fewer workers in.
  CHECK(b.value(ClusterVar::Workers, 0, 2026) < 0.8 * a.value(ClusterVar::Workers, 0, 2026));
  CHECK(b.value(RegionVar::WorkerInflow, 2026) < a.value(RegionVar::WorkerInflow, 2026));
  // The chip cluster, whose output is not limited by workers, gains no engineers from them: its
  // skilled staff follow its own plan, not the vehicle cluster's layoffs.
  CHECK(b.value(ClusterVar::Skilled, 1, 2026) <= a.value(ClusterVar::Skilled, 1, 2026) * 1.02);
  CHECK(b.value(ClusterVar::Output, 1, 2026) <= a.value(ClusterVar::Output, 1, 2026) * 1.02);
}

TEST_CASE("a project changes nothing before it is complete", "[validation][projects]") {
  // Investors who offset none of it (additionality 1), no fund whose project pipeline it would
  // fill, a fab that takes no fund money: what is left before completion is the project alone,
  // and its site is reserved for it.
  ModelSpec without = test::rich_spec();
  without.clusters[1][ClusterParam::FundAdditionality] = 1.0;
  without.levers[static_cast<int>(Lever::Fund)].row(1).setZero();
  without.projects.clear();
  ModelSpec with = without;
  with.projects = test::rich_spec().projects;  // fab from 2025.0, 701 days, brings its site
  with.projects[0].fund_share = 0.0;
  const RunResult a = simulate(Model(without));
  const RunResult b = simulate(Model(with));
  for (int y = 2023; y <= 2025; ++y) {  // complete on 2026-11-30: every year before it
    INFO(y);
    CHECK(test::rel_diff(out(b, 1, y), out(a, 1, y)) < 1e-6);
  }
  CHECK(out(b, 1, 2028) > out(a, 1, 2028) + 20.0);
  CHECK(out(b, 1, 2030) > out(a, 1, 2030) + 40.0);
  // Financed partly from the fund, it takes money that would have backed other projects, and it
  // fills part of the fund's project pipeline: fund-backed investment falls while it is being
  // built. Investors who count part of it (additionality 0.6) invest less meanwhile. Together
  // that moves output before completion, a little.
  ModelSpec base = test::rich_spec();
  base.projects.clear();
  const RunResult d = simulate(Model(base));
  const RunResult c = simulate(Model(test::rich_spec()));
  CHECK(c.value(ClusterVar::InvestmentFund, 1, 2025) < d.value(ClusterVar::InvestmentFund, 1, 2025));
  CHECK(c.value(ClusterVar::InvestmentPrivate, 1, 2025) < d.value(ClusterVar::InvestmentPrivate, 1, 2025));
  CHECK(test::rel_diff(out(c, 1, 2025), out(d, 1, 2025)) < 5e-3);
}

TEST_CASE("a trial stage with negative pools and no hiring gives finite flows",
          "[validation][extreme]") {
  // Regression: an explicit solver's trial stage can overshoot a pool below zero while no
  // cluster wants to hire. Hires must be 0, not 0 * -inf.
  const Model model(test::rich_spec());
  Dynamics dyn(model);
  Eigen::VectorXd x = model.initial_state(Eigen::VectorXd::LinSpaced(6, 100, 3000));
  for (int i = 0; i < 6; ++i) {
    x[model.layout().at(Stock::Skilled, i)] *= 50.0;
    x[model.layout().at(Stock::Workers, i)] *= 50.0;
  }
  x[model.layout().at(RegionStock::SkilledPool)] = -1.0;
  x[model.layout().at(RegionStock::WorkerPool)] = -1.0;
  const Flows f = dyn.flows(x, model.start_time());
  CHECK(f.hire_requests_workers.sum() == 0.0);
  CHECK(f.hires_workers.sum() == 0.0);
  CHECK(f.hires_skilled.sum() == 0.0);
  Eigen::VectorXd dxdt(x.size());
  dyn(x, dxdt, model.start_time());
  CHECK(dxdt.allFinite());
}
