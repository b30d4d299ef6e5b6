// Scenario <-> resolved JSON: every shipped scenario survives the round trip with identical runs,
// and every field of the structs it carries is accounted for.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "clustersim/core/simulate.hpp"
#include "clustersim/scenario/json.hpp"
#include "clustersim/scenario/scenario.hpp"
#include "scenario/fields.hpp"

namespace fs = std::filesystem;
using namespace clustersim;
using nlohmann::json;

namespace {

std::vector<fs::path> shipped_scenarios() {
  std::vector<fs::path> files;
  const fs::path root(CLUSTERSIM_SOURCE_DIR);
  for (const char* dir : {"scenarios", "scenarios/sweeps", "tests/golden"}) {
    for (const auto& e : fs::directory_iterator(root / dir)) {
      if (e.path().extension() == ".yaml") files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

scenario::Scenario round_trip(const scenario::Scenario& s) {
  return scenario::scenario_from_json(json::parse(scenario::to_json(s).dump()));
}

void require_identical(const RunResult& a, const RunResult& b) {
  REQUIRE(a.cluster_ids == b.cluster_ids);
  for (std::size_t v = 0; v < a.cluster.size(); ++v) {
    INFO("cluster variable " << v);
    CHECK((a.cluster[v].array() == b.cluster[v].array()).all());
  }
  for (std::size_t v = 0; v < a.region.size(); ++v) {
    INFO("region variable " << v);
    CHECK((a.region[v].array() == b.region[v].array()).all());
  }
  CHECK((a.binding.array() == b.binding.array()).all());
  CHECK(a.stats.rhs_evaluations == b.stats.rhs_evaluations);
}

}  // namespace

TEST_CASE("every shipped scenario runs identically after spec -> JSON -> spec", "[json]") {
  const auto files = shipped_scenarios();
  REQUIRE(files.size() >= 10);
  for (const auto& file : files) {
    INFO(file.filename().string());
    const scenario::Scenario s = scenario::load(file);
    const scenario::Scenario back = round_trip(s);
    // The JSON of the round-tripped scenario is the same text: nothing was lost or altered.
    CHECK(scenario::to_json(back).dump() == scenario::to_json(s).dump());
    CHECK(back.targets.size() == s.targets.size());
    CHECK(back.clusters.size() == s.clusters.size());
    CHECK(back.notes.size() == s.notes.size());
    require_identical(simulate(Model(s.spec), s.solver), simulate(Model(back.spec), back.solver));
  }
}

TEST_CASE("the JSON carries every field of the structs it serialises", "[json]") {
  // A field added to one of these structs must be written and read in scenario/json.cpp (and
  // counted here): otherwise scenarios using it would lose it on the way to the simulator page.
  using test::field_count;
  CHECK(field_count<ModelSpec>() == 10);
  CHECK(field_count<ClusterSpec>() == 6);  // v2: share_market, relief
  CHECK(field_count<EventSpec>() == 7);
  CHECK(field_count<EventTarget>() == 3);
  CHECK(field_count<ProjectSpec>() == 8);  // v2: site, site_type, fund_share
  CHECK(field_count<SolverOptions>() == 5);
  CHECK(field_count<scenario::ClusterInfo>() == 8);
  CHECK(field_count<scenario::Target>() == 11);  // `where` is not carried (no file positions)
  CHECK(field_count<scenario::Total>() == 9);    // `where` is not carried
  CHECK(field_count<scenario::Bound>() == 2);
  // `where`, `set_where`, `base_set_where` (one empty location per input) and `vary_where` are
  // not carried.
  CHECK(field_count<scenario::CheckSpec>() == 24);  // base_set(+where), change_per, per_variable
  CHECK(field_count<scenario::SourceDoc>() == 8);  // `where` is not carried
  CHECK(field_count<scenario::PotentialCluster>() == 5);
  CHECK(field_count<scenario::Note>() == 3);
  CHECK(field_count<scenario::Scenario>() == 21);  // provenance is not carried
}

TEST_CASE("the JSON is in canonical units with names, sources and targets", "[json]") {
  const scenario::Scenario s =
      scenario::load(fs::path(CLUSTERSIM_SOURCE_DIR) / "scenarios/pingshan-2024.yaml");
  const auto j = scenario::to_json(s);
  CHECK(j["format"] == "clustersim-scenario");
  CHECK(j["horizon"]["start"] == 2023);
  CHECK(j["clusters"][1]["id"] == "ic");
  CHECK(j["clusters"][1]["name"] == "半导体与集成电路");
  CHECK(j["clusters"][1]["baseline"] == 150.0);
  CHECK(j["clusters"][1]["params"]["capital_output_ratio"] == 1.49);
  CHECK(j["clusters"][1]["params"]["labour_productivity"] == Approx(0.0174));  // 174 万元/person/yr
  // Model v2: IC wins a share of the China IC market; "other" derives its market size at run time.
  CHECK(j["clusters"][1]["share_market"] == true);
  CHECK(j["clusters"][1]["market"] == "exponential");
  CHECK(j["clusters"][1]["relief"]["space"] == 1.0);
  CHECK(j["clusters"][6]["id"] == "other");
  CHECK(j["clusters"][6]["params"]["market_size"].is_null());  // derived at run time
  CHECK(j["totals"].size() == 1);
  CHECK(j["totals"][0]["value"] == 5050.0);
  CHECK(j["checks"].size() == 11);
  CHECK(j["checks"][0]["name"] == "ic_fund_matters");
  CHECK(j["checks"][0]["set"][0]["input"] == "levers.fund.ic");
  CHECK(j["checks"][0]["expect"]["change"]["max"] == -3.0);
  CHECK(j["levers"]["fund"]["ic"].size() == 8);
  CHECK(j["levers"]["fund"]["ic"][0] == 0.0);
  CHECK(j["levers"]["fund"]["ic"][1] == 14.0);
  CHECK(j["levers"]["talent"]["region"][0] == 23855.0);
  CHECK(j["events"][0]["target"] == "clusters.icv.market_scale");
  CHECK(j["events"][0]["shape"] == "ramp");
  CHECK(j["targets"].size() == 12);
  CHECK(j["targets"][3]["value"] == 1000.0);
  CHECK(j["matrices"]["io"]["newenergy"]["icv"] == 0.25);

  // A named project with its site (38.5 ha of land) and no fund money.
  const auto fab = scenario::to_json(
      scenario::load(fs::path(CLUSTERSIM_SOURCE_DIR) / "scenarios/pingshan-new-fab.yaml"));
  REQUIRE(fab["projects"].size() == 1);
  CHECK(fab["projects"][0]["capex"] == 152.8);
  CHECK(fab["projects"][0]["site"] == 38.5);
  CHECK(fab["projects"][0]["site_type"] == "land");
  CHECK(fab["projects"][0]["fund_share"] == 0.0);
}

TEST_CASE("v2 fields that no shipped scenario sets survive the round trip", "[json]") {
  scenario::Scenario s =
      scenario::load(fs::path(CLUSTERSIM_SOURCE_DIR) / "tests/golden/two-clusters.yaml");
  s.spec.clusters[0].relief = {1.01, 1.0, 0.5, 2.0};
  s.spec.clusters[1].share_market = true;
  s.spec.clusters[1].market = MarketKind::Bass;
  s.spec.region[0] = std::numeric_limits<double>::infinity();
  ProjectSpec p;
  p.name = "fab";
  p.cluster = 1;
  p.capex = 32.7;
  p.start = 2025.5;
  p.construction_time = 2.0;
  p.site = 3.25;
  p.site_type = SpaceType::Floor;
  p.fund_share = 0.4;
  s.spec.projects.push_back(p);
  scenario::CheckSpec c;
  c.name = "fab_adds";
  c.project = p;
  c.vary_input = "levers.fund.icv";
  c.vary_values = {0.0, 1.0, 2.0};
  c.cluster = "icv";
  c.cluster_index = 1;
  c.years = {2026, 2027};
  c.change.min = 21.9;
  c.change_pct.max = 50.0;
  c.set = {{"levers.land.icv", 2.0}};
  c.set_where.emplace_back();
  c.base_set = {{"levers.land.icv.add", 20.0}};
  c.base_set_where.emplace_back();
  c.change_per.min = 0.54;
  c.per_variable = "policy_capital";
  c.monotone = "increasing";
  s.checks.push_back(c);
  s.totals.push_back({"合计", "total", 2023, 100.0, scenario::Measure::Output, "亿元", 1.0, "x", {}});

  const scenario::Scenario back = round_trip(s);
  CHECK(scenario::to_json(back).dump() == scenario::to_json(s).dump());
  CHECK(back.spec.clusters[0].relief == s.spec.clusters[0].relief);
  CHECK(back.spec.clusters[1].share_market);
  CHECK(back.spec.clusters[1].market == MarketKind::Bass);
  CHECK(std::isinf(back.spec.region[0]));
  REQUIRE(back.spec.projects.size() == s.spec.projects.size());
  CHECK(back.spec.projects.back().site == 3.25);
  CHECK(back.spec.projects.back().site_type == SpaceType::Floor);
  CHECK(back.spec.projects.back().fund_share == 0.4);
  REQUIRE(back.checks.size() == s.checks.size());
  const scenario::CheckSpec& b = back.checks.back();
  CHECK(b.project->capex == 32.7);
  CHECK(b.vary_values == c.vary_values);
  CHECK(b.cluster_index == 1);
  CHECK(b.years == c.years);
  CHECK(*b.change.min == 21.9);
  CHECK_FALSE(b.change.max);
  CHECK(*b.change_pct.max == 50.0);
  CHECK(b.set == c.set);
  CHECK(b.set_where.size() == 1);
  CHECK(b.base_set == c.base_set);
  CHECK(*b.change_per.min == 0.54);
  CHECK_FALSE(b.change_per.max);
  CHECK(b.per_variable == "policy_capital");
  CHECK(b.monotone == "increasing");
  REQUIRE(back.totals.size() == s.totals.size());
  CHECK(back.totals.back().label_en == "total");
}

TEST_CASE("a document that does not fit gets one line naming the key", "[json]") {
  const scenario::Scenario s =
      scenario::load(fs::path(CLUSTERSIM_SOURCE_DIR) / "tests/golden/two-clusters.yaml");
  const json good = json::parse(scenario::to_json(s).dump());
  auto message = [](const json& j) {
    try {
      scenario::scenario_from_json(j);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  json j = good;
  j["clusters"][1]["params"]["capital_ratio"] = 2;
  CHECK(message(j) == "scenario JSON: clusters[1].params.capital_ratio: unknown parameter");
  j = good;
  j["levers"]["land"]["nowhere"] = json::array({1, 2});
  CHECK(message(j) == "scenario JSON: levers.land.nowhere: unknown cluster 'nowhere'");
  j = good;
  j["levers"]["talent"]["region"] = json::array({1, 2});
  CHECK(message(j).rfind("scenario JSON: levers.talent.region: expected one amount per year", 0) == 0);
  j = good;
  j["clusters"][0].erase("baseline");
  CHECK(message(j) == "scenario JSON: clusters[0].baseline: missing");
  j = good;
  j["format"] = "something-else";
  CHECK(message(j) == "scenario JSON: format: not a clustersim scenario");
}
