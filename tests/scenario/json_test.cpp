// Scenario <-> resolved JSON: every shipped scenario survives the round trip with identical runs,
// and every field of the structs it carries is accounted for.
#include <catch2/catch.hpp>
#include <filesystem>
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
  CHECK(field_count<ClusterSpec>() == 4);
  CHECK(field_count<EventSpec>() == 7);
  CHECK(field_count<EventTarget>() == 3);
  CHECK(field_count<ProjectSpec>() == 5);
  CHECK(field_count<SolverOptions>() == 5);
  CHECK(field_count<scenario::ClusterInfo>() == 7);
  CHECK(field_count<scenario::Target>() == 10);  // `where` is not carried (no file positions)
  CHECK(field_count<scenario::PotentialCluster>() == 4);
  CHECK(field_count<scenario::Note>() == 2);
  CHECK(field_count<scenario::Scenario>() == 15);  // provenance is not carried
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
  CHECK(j["clusters"][1]["params"]["capital_output_ratio"] == 3.3);
  CHECK(j["clusters"][1]["params"]["labour_productivity"] == Approx(0.0174));  // 174 万元/person/yr
  CHECK(j["region"]["params"]["initial_talent_pool"].is_null());  // derived at run time
  CHECK(j["levers"]["fund"]["ic"].size() == 8);
  CHECK(j["levers"]["fund"]["ic"][0] == 0.0);
  CHECK(j["levers"]["fund"]["ic"][1] == 14.0);
  CHECK(j["levers"]["talent"]["region"][0] == 23855.0);
  CHECK(j["events"][0]["target"] == "clusters.icv.market_scale");
  CHECK(j["events"][0]["shape"] == "ramp");
  CHECK(j["targets"].size() == 12);
  CHECK(j["targets"][3]["value"] == 1000.0);
  CHECK(j["matrices"]["io"]["newenergy"]["icv"] == 0.25);
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
