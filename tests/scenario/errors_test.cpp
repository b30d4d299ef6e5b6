// Bad input: each case names the exact file, line, column and key of the mistake, and says what
// is wrong in one line. Fixtures are in tests/data/scenario/bad/ (most extend ../valid.yaml and
// add one mistake).
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace clustersim::scenario;
using clustersim::scenario::test::check;
using clustersim::scenario::test::error_of;
using clustersim::scenario::test::fixture;

namespace {

struct Case {
  std::string fixture;  // under tests/data/scenario/bad/
  int line, column;
  std::string key;
  std::string message;
};

}  // namespace

TEST_CASE("errors: each bad input names file, line, column and key", "[errors]") {
  const Case cases[] = {
      {"malformed.yaml", 3, 39, "", "invalid YAML: illegal flow end"},
      {"empty.yaml", 1, 1, "",
       "the file is empty; expected scenario keys (scenario:, region:, ...)"},
      {"list_root.yaml", 1, 1, "",
       "expected a map of scenario keys (scenario:, region:, ...), got a list"},
      {"duplicate_key.yaml", 5, 5, "clusters.ic.name", "duplicate key 'name' (also at line 4)"},
      {"unknown_key.yaml", 4, 5, "clusters.ic.parms",
       "unknown key 'parms'; did you mean 'params'?"},
      {"unknown_param.yaml", 4, 14, "clusters.icv.params.capital_output",
       "unknown key 'capital_output'; did you mean 'capital_output_ratio'?"},
      {"missing_part_param.yaml", 4, 14, "clusters.icv.params.capital_ratio",
       "unknown key 'capital_ratio'; did you mean 'capital_output_ratio'?"},
      {"wrong_type.yaml", 5, 29, "clusters.icv.params.capital_output_ratio",
       "expected a number or '<number> <unit>' in yr, got 'abc'"},
      {"missing_baseline.yaml", 5, 3, "clusters.ic", "missing required key 'baseline'"},
      {"wrong_dimension.yaml", 4, 10, "levers.land.icv",
       "expected area per year (ha/yr), got '20 亿元/yr', which is money per year"},
      {"unknown_unit.yaml", 4, 23, "clusters.icv.baseline.value",
       "unknown unit '亿'; did you mean '亿元'?"},
      {"out_of_range.yaml", 4, 39, "clusters.icv.params.fund_hurdle_utilisation",
       "must lie in (0, 1], got 1.2"},
      {"negative_lever.yaml", 4, 36, "levers.fund.icv.by_year.2025",
       "must be ≥ 0 亿元/yr, got -5 亿元/yr"},
      {"negative_land.yaml", 4, 24, "levers.land.region.constant",
       "must be ≥ 0 ha/yr, got -3 ha/yr"},
      {"fund_region.yaml", 4, 5, "levers.fund.region",
       "the fund lever must name a cluster: the region has no shared fund pool"},
      {"unknown_cluster_lever.yaml", 4, 5, "levers.talent.icx",
       "unknown cluster 'icx'; did you mean 'ic'?"},
      {"unknown_cluster_matrix.yaml", 4, 10, "matrices.io.ic.bimed",
       "unknown cluster 'bimed'; did you mean 'biomed'?"},
      {"unknown_cluster_event.yaml", 4, 13, "events.licence.target",
       "target 'clusters.bimed.market_scale': unknown cluster 'bimed'; did you mean 'biomed'?"},
      {"unknown_cluster_project.yaml", 5, 14, "events.fab.cluster",
       "unknown cluster 'semis' (clusters: ic, icv, biomed)"},
      {"unknown_cluster_target.yaml", 4, 15, "targets.1.cluster",
       "unknown cluster 'bimed'; did you mean 'biomed'?"},
      {"baseline_year.yaml", 4, 22, "clusters.biomed.baseline.year",
       "baseline year 2022 differs from horizon.start (2023); the run starts in the baseline year"},
      {"target_year.yaml", 3, 25, "targets.0.year",
       "target year 2035 lies outside the horizon 2023-2030"},
      {"target_measure.yaml", 6, 14, "targets.0.measure",
       "target measure 'value_added' differs from the baseline measure of 'biomed' ('output')"},
      {"event_target.yaml", 4, 13, "events.capacity_shock.target",
       "target 'clusters.ic.capacity': unknown cluster parameter 'capacity'; did you mean "
       "'share_capacity_elasticity'?"},
      {"event_two_ops.yaml", 7, 5, "events.shock.add", "give only one of 'to' and 'add'"},
      {"ramp_backwards.yaml", 7, 12, "events.slowdown.until",
       "a ramp must end after it starts: until (2026) is not after at (2028)"},
      {"unicode_column.yaml", 4, 40, "clusters.ic.baseline.measure",  // columns count characters
       "expected one of output, value_added, revenue, got 'outptu'; did you mean 'output'?"},
      {"empty_required.yaml", 2, 1, "region",
       "'region' is empty; expected a map with name, name_en, params"},
      {"target_incomplete.yaml", 4, 5, "targets.1", "missing required key 'value'"},
      {"extends_list.yaml", 1, 10, "extends", "expected the path of a scenario file, got a list"},
      {"extends_missing.yaml", 1, 10, "extends",
       "cannot extend '" + fixture("bad/no_such_base.yaml") + "': no such file"},
  };
  for (const auto& c : cases) {
    SECTION(c.fixture) {
      const std::string file = fixture("bad/" + c.fixture);
      check(error_of(file), file, c.line, c.column, c.key, c.message);
    }
  }
}

TEST_CASE("errors: what() is one line 'file:line:col: error: key: message'", "[errors]") {
  const std::string file = fixture("bad/unknown_key.yaml");
  CHECK(std::string(error_of(file).what()) ==
        file + ":4:5: error: clusters.ic.parms: unknown key 'parms'; did you mean 'params'?");
  const std::string yaml = fixture("bad/malformed.yaml");
  CHECK(std::string(error_of(yaml).what()) ==
        yaml + ":3:39: error: invalid YAML: illegal flow end");
}

TEST_CASE("errors: a file that does not exist", "[errors]") {
  const ScenarioError e = error_of("no/such/scenario.yaml");
  CHECK(e.where().file == "no/such/scenario.yaml");
  CHECK(e.where().line == 0);
  CHECK(e.key().empty());
  CHECK(std::string(e.what()) ==
        "no/such/scenario.yaml:0:0: error: cannot open the scenario: no such file");
}

TEST_CASE("errors: inconsistencies found by the core point at their key", "[errors][build]") {
  SECTION("a matrix row") {
    const std::string file = fixture("bad/core_spillover.yaml");
    check(error_of(file), file, 4, 5, "matrices.spillover.ic",
          "spillovers into 'ic' (0.2/yr) must be below its knowledge_obsolescence (0.15)");
  }
  SECTION("a parameter inherited from defaults.params") {
    const std::string file = fixture("bad/core_default_space.yaml");
    check(
        error_of(file), file, 4, 23, "clusters.ic.params.land_suitability",
        "cluster 'ic' can use no space type: give land or floor a positive suitability and yield");
  }
  SECTION("a region parameter (region.<key> in the core, region.params.<key> in the file)") {
    const std::string file = fixture("bad/core_region_param.yaml");
    check(error_of(file), file, 4, 27, "region.params.smooth_min_sharpness",
          "smooth_min_sharpness must be 0 (hard minimum) or one of 2, 4, 8, 16, 32, 64");
  }
}

TEST_CASE("errors: overrides are located in the --set argument", "[errors][overrides]") {
  const std::string valid = fixture("valid.yaml");
  struct SetCase {
    const char* set;
    int column;
    const char* key;
    const char* message;
  };
  const SetCase cases[] = {
      {"clusters.ic.params.capital_output_ratio=-1", 41, "clusters.ic.params.capital_output_ratio",
       "must be > 0 yr, got -1 yr"},
      {"solver.rtol=abc", 13, "solver.rtol", "expected a number, got 'abc'"},
      {"solver.method=rk5", 15, "solver.method",
       "expected one of dopri5, rk4, euler, got 'rk5'; did you mean 'rk4'?"},
      {"levers.fnd.ic=2", 8, "levers.fnd", "unknown key 'fnd'; did you mean 'fund'?"},
      {"levers.fund.ic.scale=2", 16, "levers.fund.ic.scale",
       "cannot set 'levers.fund.ic.scale': 'levers.fund.ic' is '20 亿元/yr', not a map or a list"},
      {"targets.5.year=2025", 9, "targets.5", "'targets' is a list of 2: use 0 to 1"},
      {"horizon.end=2020", 13, "horizon.end", "the horizon ends (2020) before it starts (2023)"},
      {"scenario.name=My Scenario", 15, "scenario.name",
       "expected a scenario name (lower-case letters, digits, '_' and '-', starting with a letter "
       "or digit), got 'My Scenario'"},
      {"clusters.IC={baseline: {year: 2023, value: 1}}", 10, "clusters.IC",
       "'IC' is not a valid cluster id: use lower-case letters, digits and '_', starting with a "
       "letter"},
      {"clusters.region={baseline: {year: 2023, value: 1}}", 10, "clusters.region",
       "'region' is reserved (levers use it for the region's shared pool); choose another cluster "
       "id"},
      {"events.x={target: clusters.ic.market_scale, at: 2024}", 8, "events.x",
       "a step event needs one of 'to', 'scale', 'add'"},
      {"events.x={target: clusters.ic.market_scale, at: 2024, until: 2025, scale: 1}", 55,
       "events.x.until",
       "unknown key 'until' in a step event: 'until' belongs to ramp events: add 'kind: ramp'"},
      {"events.x={kind: stepp, target: clusters.ic.market_scale, at: 2024, scale: 1}", 17,
       "events.x.kind", "expected one of step, ramp, project, got 'stepp'; did you mean 'step'?"},
      {"events.x={target: levers.floor.region, at: 2024, to: 5 亿元}", 54, "events.x.to",
       "expected area per year (万m²/yr), got '5 亿元', which is money"},
      {"events.x={target: clusters.ic.floor_suitability, at: 2024, to: 2}", 64, "events.x.to",
       "'clusters.ic.floor_suitability' must lie in [0, 1], got 2"},
      {"events.x={target: region.params.talent_attraction, at: 2024, scale: 2}", 19,
       "events.x.target",
       "target 'region.params.talent_attraction': write region.<parameter>, without 'params'"},
      {"events.x={target: levers.fund.region, at: 2024, scale: 2}", 19, "events.x.target",
       "target 'levers.fund.region': the fund lever has no region pool; name a cluster"},
      {"events.x={target: cluster.ic.market_scale, at: 2024, scale: 2}", 19, "events.x.target",
       "target 'cluster.ic.market_scale': expected clusters.<id>.<parameter>, "
       "clusters.<id>.output, "
       "region.<parameter> or levers.<lever>.<cluster id | region>; did you mean 'clusters'?"},
      {"levers.land.ic='1,000 ha/yr'", 16, "levers.land.ic",
       "write '1,000 ha/yr' without thousands separators (1000, not 1,000)"},
      {"levers.floor.region.ramp.to=[2020, 3]", 30, "levers.floor.region.ramp.to.0",
       "the ramp must end after it starts: 2020 is not after 2024"},
      {"levers.floor.region.unit=ha", 26, "levers.floor.region.unit",
       "expected a unit of area per year (like 万m²/yr), got 'ha', which is area"},
      {"levers.land.region.unit=亿元/yr", 25, "levers.land.region.unit",
       "expected a unit of area per year (like ha/yr), got '亿元/yr', which is money per year"},
      {"potential_clusters.ic={name: 集成电路}", 20, "potential_clusters.ic",
       "'ic' is also a simulated cluster; list it in one place only"},
      {"clusters.ic.baseline.value={value: 150, unit: 亿元, sourse: x}", 51,
       "clusters.ic.baseline.value.sourse",
       "unknown key 'sourse' in a quantity; did you mean 'source'? (a quantity map has value, "
       "unit, source, source_en)"},
      {"clusters.ic.params.capital_output_ratio={value: 0, unit: yr}", 49,
       "clusters.ic.params.capital_output_ratio", "must be > 0 yr, got 0 yr"},
      {"x={a: 1", 3, "x", "cannot read the value: end of map flow not found"},
      {"levers.land.ic=[1, 2]", 16, "levers.land.ic",
       "expected an amount in ha/yr or a lever path {constant | by_year | steps | ramp, unit, "
       "scale}, got a list"},
      {"extends=other.yaml", 1, "extends",
       "a file's base is set in the file; --set cannot change 'extends'"},
  };
  for (const auto& c : cases) {
    SECTION(c.set) {
      check(error_of(valid, {c.set}), "<--set>", 1, c.column, c.key, c.message);
    }
  }
}
