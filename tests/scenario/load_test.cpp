// Loading valid scenarios: conversion into ModelSpec (units, defaults, lever forms, events,
// targets), `extends` chains with deep merge and null deletion, `--set` overrides, and locate().
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>

#include "clustersim/core/simulate.hpp"
#include "support.hpp"

using namespace clustersim;
using namespace clustersim::scenario;
using Catch::Matchers::Contains;
using scenario::test::fixture;
using scenario::test::sets;

namespace {

constexpr int kIc = 0, kIcv = 1, kBiomed = 2, kRegion = 3;

double lever(const Scenario& s, Lever l, int row, int year) {
  return s.spec.lever(l, row, year);
}

bool has_note(const Scenario& s, const std::string& key, const std::string& text) {
  for (const auto& n : s.notes) {
    if (n.key == key && n.text == text) return true;
  }
  return false;
}

void check_location(const SourceLocation& where, const std::string& file, int line, int column) {
  CHECK(where.file == file);
  CHECK(where.line == line);
  CHECK(where.column == column);
}

}  // namespace

TEST_CASE("load: a valid scenario converts into ModelSpec and metadata", "[load]") {
  const std::string file = fixture("valid.yaml");
  const Scenario s = load(file);

  CHECK(s.name == "test-valid");
  CHECK(s.title == "Valid fixture");
  CHECK(s.region_name == "坪山区");
  CHECK(s.region_name_en == "Pingshan");
  CHECK(s.sources == std::vector<std::string>{"seed 004", "seed 002"});
  REQUIRE(s.chain.size() == 1);
  CHECK(s.chain[0] == file);
  CHECK(s.spec.start_year == 2023);
  CHECK(s.spec.end_year == 2030);
  CHECK(s.solver.method == SolverMethod::Rk4);
  CHECK(s.solver.dt == 0.125);

  REQUIRE(s.spec.num_clusters() == 3);
  REQUIRE(s.clusters.size() == 3);
  CHECK(s.spec.clusters[kIc].id == "ic");
  CHECK(s.spec.clusters[kIcv].id == "icv");
  CHECK(s.spec.clusters[kBiomed].id == "biomed");
  CHECK(s.clusters[kIc].name == "半导体与集成电路");
  CHECK(s.clusters[kIc].name_en == "Semiconductors and integrated circuits");
  CHECK(s.clusters[kIc].baseline_source == "seed 004");
  CHECK(s.spec.clusters[kIcv].market == MarketKind::Bass);
  CHECK(s.spec.clusters[kIc].market == MarketKind::Exponential);

  SECTION("baselines keep the unit they were written in") {
    CHECK(s.spec.clusters[kIc].baseline_output == 150.0);
    CHECK(s.clusters[kIc].unit == "亿元");
    CHECK(s.clusters[kIcv].unit == "亿元");  // a bare number is in the canonical unit
    CHECK(s.spec.clusters[kBiomed].baseline_output == Approx(147.0));
    CHECK(s.clusters[kBiomed].unit == "万元");
    CHECK(s.clusters[kBiomed].unit_factor == Approx(1e-4));
    CHECK(s.clusters[kBiomed].measure == Measure::Output);
  }

  SECTION("parameters: table defaults, then defaults.params, then the cluster's own") {
    const auto& ic = s.spec.clusters[kIc];
    CHECK(ic[ClusterParam::CapitalOutputRatio] == 2.5);
    CHECK(ic[ClusterParam::FloorSuitability] == 0.0);
    CHECK(ic[ClusterParam::LabourProductivity] == Approx(0.0174));  // 174 万元/person/yr
    CHECK(ic[ClusterParam::MarketGrowth] == Approx(0.08));          // defaults: 8 %/yr
    CHECK(ic[ClusterParam::DepreciationLife] == info(ClusterParam::DepreciationLife).default_value);
    CHECK(s.spec.clusters[kBiomed][ClusterParam::MarketGrowth] == 0.15);
    CHECK(s.spec.region_param(RegionParam::LandInitialVacant) == 30.0);
    CHECK(s.spec.region_param(RegionParam::FloorInitialVacant) == 10.0);
    CHECK(s.spec.region_param(RegionParam::TalentLeaveTime) ==
          info(RegionParam::TalentLeaveTime).default_value);
  }

  SECTION("sparse matrices: row = supplier, column = buyer") {
    CHECK(s.spec.io.coeff(kIc, kIcv) == 0.03);
    CHECK(s.spec.io.nonZeros() == 1);
    CHECK(s.spec.local_share.coeff(kIc, kIcv) == Approx(0.2));  // 20%
    CHECK(s.spec.spillover.coeff(kIcv, kIc) == 0.01);
  }

  SECTION("lever forms: constant, by_year, steps, ramp, unit and scale") {
    for (int y = 2023; y <= 2030; ++y) {
      INFO("year " << y);
      CHECK(lever(s, Lever::Fund, kIc, y) == 20.0);
      CHECK(lever(s, Lever::Fund, kBiomed, y) == (y == 2024 || y == 2025 ? 10.0 : 0.0));
      CHECK(lever(s, Lever::Fund, kIcv, y) == 0.0);
      CHECK(lever(s, Lever::Land, kRegion, y) == (y < 2026 ? 99.0 : 50.0));
      CHECK(lever(s, Lever::Land, kIc, y) == Approx(150.0));  // 1.5 km²/yr
      CHECK(lever(s, Lever::Talent, kRegion, y) == 23800.0);
      CHECK(lever(s, Lever::Talent, kIc, y) == 250.0);  // 500 persons/yr, scale 0.5
    }
    // Ramp from [2024, 100] to [2027, 200]: linear by year, held outside.
    CHECK(lever(s, Lever::Floor, kRegion, 2023) == 100.0);
    CHECK(lever(s, Lever::Floor, kRegion, 2024) == 100.0);
    CHECK(lever(s, Lever::Floor, kRegion, 2025) == Approx(100.0 + 100.0 / 3.0));
    CHECK(lever(s, Lever::Floor, kRegion, 2026) == Approx(100.0 + 200.0 / 3.0));
    CHECK(lever(s, Lever::Floor, kRegion, 2027) == 200.0);
    CHECK(lever(s, Lever::Floor, kRegion, 2030) == 200.0);
  }

  SECTION("events and projects") {
    REQUIRE(s.spec.events.size() == 2);
    const EventSpec& licence = s.spec.events[0];
    CHECK(licence.name == "byd_licence_moves");
    CHECK(licence.target.kind == EventTarget::Kind::ClusterParam);
    CHECK(licence.target.index == static_cast<int>(ClusterParam::MarketScale));
    CHECK(licence.target.cluster == kIcv);
    CHECK(licence.shape == EventShape::Step);
    CHECK(licence.op == EventOp::Scale);
    CHECK(licence.value == 0.85);
    CHECK(licence.start == 2024.0);
    CHECK(licence.end == 2024.0);
    const EventSpec& slows = s.spec.events[1];
    CHECK(slows.target.kind == EventTarget::Kind::Lever);
    CHECK(slows.target.index == static_cast<int>(Lever::Floor));
    CHECK(slows.target.cluster == kRegion);
    CHECK(slows.shape == EventShape::Ramp);
    CHECK(slows.op == EventOp::Set);
    CHECK(slows.value == 100.0);
    CHECK(slows.start == 2026.0);
    CHECK(slows.end == 2028.0);
    REQUIRE(s.spec.projects.size() == 1);
    CHECK(s.spec.projects[0].name == "new_fab");
    CHECK(s.spec.projects[0].cluster == kIc);
    CHECK(s.spec.projects[0].capex == 152.8);
    CHECK(s.spec.projects[0].start == 2025.0);
    CHECK(s.spec.projects[0].construction_time == 1.9);
  }

  SECTION("targets, potential clusters and notes") {
    REQUIRE(s.targets.size() == 2);
    const Target& ic = s.targets[0];
    CHECK(ic.cluster == "ic");
    CHECK(ic.cluster_index == kIc);
    CHECK(ic.year == 2030);
    CHECK(ic.value == 1000.0);
    CHECK(ic.unit == "亿元");
    CHECK(ic.measure == Measure::Output);
    CHECK(ic.source == "seed 004");
    const Target& all = s.targets[1];
    CHECK(all.cluster == "all");
    CHECK(all.cluster_index == -1);
    CHECK(all.value == Approx(6000.0));
    CHECK(all.unit == "万亿元");
    CHECK(all.unit_factor == 1e4);
    CHECK(all.label == "total");
    CHECK(all.measure == Measure::Output);  // default: the clusters' baseline measure
    check_location(all.where, file, 80, 5);

    REQUIRE(s.potential_clusters.size() == 1);
    CHECK(s.potential_clusters[0].id == "quantum");
    CHECK(s.potential_clusters[0].name == "量子信息");
    CHECK(s.potential_clusters[0].note == "no published figures");

    CHECK(has_note(s, "defaults.params.market_growth", "assumption"));
    CHECK(has_note(s, "clusters.ic.params.capital_output_ratio", "derived: SMIC capex/revenue"));
    CHECK(has_note(s, "clusters.ic.baseline", "seed 004"));
    CHECK(has_note(s, "region.params.floor_initial_vacant", "district survey"));
    CHECK(
        has_note(s, "events.byd_licence_moves", "MIIT announcement 2024 No. 2; size: assumption"));
    CHECK(has_note(s, "targets.1", "seed 002"));
  }

  SECTION("the model builds and runs") {
    const Model model = build_model(s);
    CHECK(model.num_clusters() == 3);
    const RunResult r = simulate(model, s.solver);
    CHECK(r.num_years() == 8);
  }
}

TEST_CASE("load: locate() names where a value was written", "[load][locate]") {
  const std::string file = fixture("valid.yaml");
  const Scenario s = load(file);
  check_location(s.locate("clusters.ic.params.capital_output_ratio"), file, 25, 29);
  check_location(s.locate("clusters.ic.baseline.value"), file, 23, 35);
  check_location(s.locate("clusters.ic"), file, 20, 3);
  check_location(s.locate("targets.1"), file, 80, 5);
  // Absent: the nearest ancestor; a cluster parameter set in defaults.params points there.
  check_location(s.locate("clusters.icv.params.capital_output_ratio"), file, 30, 3);
  check_location(s.locate("clusters.ic.params.market_growth"), file, 16, 20);
  // The core names region parameters region.<key>; the file writes them under region.params.
  check_location(s.locate("region.land_initial_vacant"), file, 10, 26);
  check_location(s.locate("region.talent_leave_time"), file, 9, 3);
}

TEST_CASE("load: extends merges deeply, replaces lists and deletes with null", "[load][extends]") {
  const std::string valid = fixture("valid.yaml");
  const std::string child = fixture("child.yaml");
  const Scenario s = load(child);
  REQUIRE(s.chain.size() == 2);
  CHECK(s.chain[0] == child);
  CHECK(s.chain[1] == valid);
  CHECK(s.name == "test-child");
  CHECK(s.title == "Valid fixture");  // inherited next to the overridden name
  CHECK(s.spec.clusters[kIcv][ClusterParam::MarketGrowth] == 0.12);
  CHECK(s.spec.clusters[kIcv].baseline_output == 3121.0);
  CHECK(s.spec.clusters[kIc][ClusterParam::CapitalOutputRatio] == 2.5);
  // events: {byd_licence_moves: null} drops the event, the others stay.
  REQUIRE(s.spec.events.size() == 1);
  CHECK(s.spec.events[0].name == "floor_programme_slows");
  CHECK(s.spec.projects.size() == 1);
  // levers: {talent: {ic: null}} drops one lever path.
  CHECK(lever(s, Lever::Talent, kIc, 2025) == 0.0);
  CHECK(lever(s, Lever::Talent, kRegion, 2025) == 23800.0);
  // Lists replace.
  REQUIRE(s.targets.size() == 1);
  CHECK(s.targets[0].cluster == "icv");
  // Each value remembers the file it came from.
  check_location(s.locate("clusters.icv.params.market_growth"), child, 8, 22);
  check_location(s.locate("clusters.ic.baseline.value"), valid, 23, 35);
  check_location(s.locate("targets.0"), child, 14, 5);
  (void)build_model(s);
}

TEST_CASE("load: extends chains of any depth", "[load][extends]") {
  const Scenario s = load(fixture("grandchild.yaml"));
  REQUIRE(s.chain.size() == 3);
  CHECK(s.chain[0] == fixture("grandchild.yaml"));
  CHECK(s.chain[1] == fixture("child.yaml"));  // "./child.yaml", normalised
  CHECK(s.chain[2] == fixture("valid.yaml"));
  CHECK(s.name == "test-child");
  CHECK(s.solver.method == SolverMethod::Euler);
  CHECK(s.solver.dt == 0.125);
  CHECK(s.spec.clusters[kIcv][ClusterParam::MarketScale] == 1.1);
  CHECK(s.spec.clusters[kIcv][ClusterParam::MarketGrowth] == 0.12);
}

TEST_CASE("load: an extends cycle is an error naming the cycle", "[load][extends]") {
  const std::string a = fixture("cycle_a.yaml");
  const std::string b = fixture("cycle_b.yaml");
  const ScenarioError e = test::error_of(a);
  check_location(e.where(), b, 2, 1);
  CHECK(e.key() == "extends");
  CHECK(e.message() == "extends cycle: " + a + " -> " + b + " -> " + a);

  const std::string self = fixture("cycle_self.yaml");
  const ScenarioError s = test::error_of(self);
  check_location(s.where(), self, 1, 1);
  CHECK(s.message() == "extends cycle: " + self + " -> " + self);
}

TEST_CASE("load: overrides apply after the files, with YAML values", "[load][overrides]") {
  const std::string file = fixture("valid.yaml");
  const Scenario s =
      load(file, sets({
                     "levers.talent.ic.scale=2",
                     "solver.method=dopri5",
                     "clusters.icv.params.market_growth='12 %/yr'",
                     "levers.land.biomed.constant=5",
                     "events.extra={target: clusters.ic.market_scale, at: 2026, scale: 1.2}",
                     "events.byd_licence_moves=null",
                     "targets.0.value=1200 亿元",
                     "targets.2={cluster: biomed, year: 2027, value: 300}",
                     "potential_clusters=",
                 }));
  CHECK(lever(s, Lever::Talent, kIc, 2025) == 1000.0);
  CHECK(s.solver.method == SolverMethod::Dopri5);
  CHECK(s.solver.dt == 0.125);  // the rest of solver: stays
  CHECK(s.spec.clusters[kIcv][ClusterParam::MarketGrowth] == Approx(0.12));
  CHECK(lever(s, Lever::Land, kBiomed, 2030) == 5.0);
  REQUIRE(s.spec.events.size() == 2);
  CHECK(s.spec.events[0].name == "floor_programme_slows");
  CHECK(s.spec.events[1].name == "extra");
  CHECK(s.spec.events[1].value == 1.2);
  REQUIRE(s.targets.size() == 3);
  CHECK(s.targets[0].value == 1200.0);
  CHECK(s.targets[2].cluster == "biomed");
  CHECK(s.potential_clusters.empty());
  // "solver.method=dopri5": the value starts at column 15 of the argument.
  check_location(s.locate("solver.method"), "<--set>", 1, 15);
  check_location(s.locate("levers.land.biomed"), "<--set>", 1, 13);
  check_location(s.locate("solver.dt"), file, 13, 27);
}

TEST_CASE("load: an override can delete a list element", "[load][overrides]") {
  const Scenario s = load(fixture("valid.yaml"), sets({"targets.0=null"}));
  REQUIRE(s.targets.size() == 1);
  CHECK(s.targets[0].cluster == "all");
}

TEST_CASE("load: a minimal scenario takes every default", "[load]") {
  const Scenario s = load(fixture("minimal.yaml"));
  CHECK(s.title == "minimal");
  CHECK(s.region_name_en.empty());
  REQUIRE(s.clusters.size() == 1);
  CHECK(s.clusters[0].name == "ic");
  CHECK(s.clusters[0].measure == Measure::Output);
  CHECK(s.spec.clusters[0].market == MarketKind::Exponential);
  for (int k = 0; k < kNumClusterParams; ++k) {
    const double d = kClusterParamInfo[static_cast<std::size_t>(k)].default_value;
    const double v = s.spec.clusters[0].params[static_cast<std::size_t>(k)];
    CHECK((std::isnan(d) ? std::isnan(v) : v == d));
  }
  for (int k = 0; k < kNumRegionParams; ++k) {
    const double d = kRegionParamInfo[static_cast<std::size_t>(k)].default_value;
    CHECK((std::isnan(d) ? std::isnan(s.spec.region[static_cast<std::size_t>(k)])
                         : s.spec.region[static_cast<std::size_t>(k)] == d));
  }
  CHECK(s.solver.method == SolverOptions{}.method);
  CHECK(s.solver.rtol == SolverOptions{}.rtol);
  CHECK(s.spec.events.empty());
  CHECK(s.targets.empty());
  CHECK(s.notes.empty());
  for (const auto& l : s.spec.levers) CHECK(l.isZero());
  (void)build_model(s);
}

TEST_CASE("load: parse_override splits at the first '='", "[load][overrides]") {
  const Override o = parse_override("scenario.title=a=b");
  CHECK(o.path == "scenario.title");
  CHECK(o.value == "a=b");
  const Override empty = parse_override("events.x=");
  CHECK(empty.value.empty());
  for (const std::string bad : {"solver.method", "=rk4"}) {
    INFO(bad);
    try {
      (void)parse_override(bad);
      FAIL("no error");
    } catch (const ScenarioError& e) {
      CHECK(e.where().file == "<--set>");
      CHECK(e.where().line == 1);
      CHECK(e.where().column == 1);
    }
  }
}

TEST_CASE("load: every parameter of the core tables is accepted by key", "[load][params]") {
  // The loader takes its keys from the core tables: setting each one to its default (or a value
  // in range when the default is derived, its plausible upper bound when the default is 'no
  // limit', which a file cannot write) must load.
  for (const auto& p : kClusterParamInfo) {
    INFO(p.key);
    const double v = std::isnan(p.default_value)   ? 1.0
                     : std::isinf(p.default_value) ? std::min(p.plausible_upper, 1e6)
                                                   : p.default_value;
    const Scenario s =
        load(fixture("valid.yaml"),
             sets({"clusters.icv.params." + std::string(p.key) + "=" + std::to_string(v)}));
    CHECK(s.spec.clusters[kIcv].params[static_cast<std::size_t>(&p - kClusterParamInfo.data())] ==
          Approx(v));
  }
  for (const auto& p : kRegionParamInfo) {
    INFO(p.key);
    const double v = std::isnan(p.default_value)   ? 1000.0
                     : std::isinf(p.default_value) ? std::min(p.plausible_upper, 1e6)
                                                   : p.default_value;
    const Scenario s =
        load(fixture("valid.yaml"),
             sets({"region.params." + std::string(p.key) + "=" + std::to_string(v)}));
    CHECK(s.spec.region[static_cast<std::size_t>(&p - kRegionParamInfo.data())] == Approx(v));
  }
}

TEST_CASE("load: a relative path stays relative in errors and the chain", "[load]") {
  namespace fs = std::filesystem;
  const std::string relative = fs::relative(fixture("bad/unknown_key.yaml")).string();
  REQUIRE(!relative.empty());
  REQUIRE(fs::path(relative).is_relative());
  const ScenarioError e = test::error_of(relative);
  CHECK(e.where().file == relative);
  CHECK_THAT(e.what(), Contains(relative + ":4:5: error: clusters.ic.parms: "));

  const std::string child = fs::relative(fixture("child.yaml")).string();
  const Scenario s = load(child);
  CHECK(s.chain[1] == (fs::path(child).parent_path() / "valid.yaml").lexically_normal());
}

TEST_CASE("load: a map tagged !replace replaces the extended file's map", "[load][extends]") {
  const Scenario base = load(fixture("valid.yaml"));
  const Scenario s = load(fixture("replace.yaml"));
  const ModelSpec defaults = default_spec(1, 2023, 2030);
  CHECK(s.name == "test-replace");
  CHECK(s.title == base.title);  // merged as usual outside the tagged map
  CHECK(s.spec.clusters[kIc][ClusterParam::MarketGrowth] == 0.3);
  CHECK(base.spec.clusters[kIc][ClusterParam::CapitalOutputRatio] == 2.5);
  CHECK(s.spec.clusters[kIc][ClusterParam::CapitalOutputRatio] ==
        defaults.clusters[0][ClusterParam::CapitalOutputRatio]);
  CHECK(s.spec.clusters[kIc].baseline_output == base.spec.clusters[kIc].baseline_output);
  const ScenarioError e = test::error_of(fixture("bad/replace_scalar.yaml"));
  CHECK(e.key() == "scenario.name");
  CHECK(std::string(e.what()).find("replace_scalar.yaml:3:9: error: scenario.name: !replace applies to a map") !=
        std::string::npos);
}
