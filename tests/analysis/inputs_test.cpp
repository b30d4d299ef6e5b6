// Inputs named by path: resolution against a scenario and application to a spec copy.
#include <catch2/catch.hpp>

#include "clustersim/analysis/inputs.hpp"

using namespace clustersim;
using analysis::Input;

namespace {
const scenario::Scenario& pingshan() {
  static const scenario::Scenario s =
      scenario::load(std::string(CLUSTERSIM_SOURCE_DIR) + "/scenarios/pingshan-new-fab.yaml");
  return s;
}
}  // namespace

TEST_CASE("inputs: parameters, levers, events, projects and baselines resolve and apply",
          "[inputs]") {
  const auto& s = pingshan();
  ModelSpec spec = s.spec;

  const Input growth = analysis::resolve_input(s, "clusters.ic.params.market_growth");
  CHECK(growth.kind == Input::Kind::ClusterParam);
  CHECK(growth.base == s.spec.clusters[growth.cluster][ClusterParam::MarketGrowth]);
  CHECK(growth.unit == "1/yr");
  growth.apply(spec, 0.3);
  CHECK(spec.clusters[growth.cluster][ClusterParam::MarketGrowth] == 0.3);
  // The short form of events is the same input.
  CHECK(analysis::resolve_input(s, "clusters.ic.market_growth").cluster == growth.cluster);

  const Input attraction = analysis::resolve_input(s, "region.worker_inflow_elasticity");
  CHECK(attraction.kind == Input::Kind::RegionParam);
  attraction.apply(spec, 0.1);
  CHECK(spec.region_param(RegionParam::WorkerInflowElasticity) == 0.1);

  const Input fund = analysis::resolve_input(s, "levers.fund.ic");
  CHECK(fund.kind == Input::Kind::LeverScale);
  CHECK(fund.base == 1.0);
  const Eigen::RowVectorXd before = spec.levers[static_cast<int>(Lever::Fund)].row(fund.cluster);
  fund.apply(spec, 2.0);
  CHECK(spec.levers[static_cast<int>(Lever::Fund)].row(fund.cluster) == 2.0 * before);
  const Input land = analysis::resolve_input(s, "levers.land.region");
  CHECK(land.cluster == s.spec.num_clusters());
  // levers.<lever>.<id>.add: an amount in the lever's unit added to every year of the path.
  const Input ic_land = analysis::resolve_input(s, "levers.land.ic.add");
  CHECK(ic_land.kind == Input::Kind::LeverAdd);
  CHECK(ic_land.base == 0.0);
  CHECK(ic_land.unit == "ha/yr");
  const Eigen::RowVectorXd land_before =
      spec.levers[static_cast<int>(Lever::Land)].row(ic_land.cluster);
  ic_land.apply(spec, 20.0);
  CHECK(spec.levers[static_cast<int>(Lever::Land)].row(ic_land.cluster) ==
        (land_before.array() + 20.0).matrix());
  CHECK_THROWS_WITH(analysis::resolve_input(s, "clusters.ic.market_growth.add"),
                    Catch::Contains("applies to lever paths"));

  const Input baseline = analysis::resolve_input(s, "clusters.icv.baseline");
  CHECK(baseline.base == Approx(3121.0));
  baseline.apply(spec, 3000.0);
  CHECK(spec.clusters[baseline.cluster].baseline_output == 3000.0);

  REQUIRE(!s.spec.projects.empty());
  const std::string project = s.spec.projects.front().name;
  const Input capex = analysis::resolve_input(s, "events." + project + ".capex");
  CHECK(capex.kind == Input::Kind::ProjectCapex);
  CHECK(capex.base == Approx(152.8));
  capex.apply(spec, 100.0);
  CHECK(spec.projects.front().capex == 100.0);

  REQUIRE(!s.spec.events.empty());
  const EventSpec& e = s.spec.events.front();
  const Input at = analysis::resolve_input(s, "events." + e.name + ".at");
  at.apply(spec, e.start + 1.0);
  CHECK(spec.events.front().start == e.start + 1.0);
  CHECK(spec.events.front().end - spec.events.front().start == Approx(e.end - e.start));
  const Input value = analysis::resolve_input(s, "events." + e.name + ".value");
  CHECK(value.base == e.value);

  // The modified spec still builds and runs.
  CHECK_NOTHROW(simulate(Model(spec)));
}

TEST_CASE("inputs: paths that name nothing are refused with a suggestion", "[inputs]") {
  const auto& s = pingshan();
  auto message = [&](const std::string& path) {
    try {
      (void)analysis::resolve_input(s, path);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message("clusters.ic.params.market_grwth").find("did you mean 'market_growth'") !=
        std::string::npos);
  CHECK(message("clusters.icx.market_growth").find("unknown cluster 'icx'") != std::string::npos);
  CHECK(message("levers.fund.region").find("no region pool") != std::string::npos);
  CHECK(message("events.nope.value").find("unknown event 'nope'") != std::string::npos);
  CHECK(message("weather.rain").find("expected clusters.") != std::string::npos);
}
