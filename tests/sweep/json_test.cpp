// The uncertainty as JSON: read back against the scenario it came from, it gives the same design
// (so the simulator page samples exactly what `clustersim sweep` samples).
#include <catch2/catch.hpp>
#include <filesystem>

#include "clustersim/scenario/json.hpp"
#include "clustersim/sweep/json.hpp"
#include "clustersim/sweep/runs.hpp"

namespace fs = std::filesystem;
using namespace clustersim;
using nlohmann::json;

namespace {
scenario::Scenario pingshan() {
  return scenario::load(fs::path(CLUSTERSIM_SOURCE_DIR) / "scenarios/pingshan-2024.yaml");
}
}  // namespace

TEST_CASE("uncertainty -> JSON -> uncertainty gives the same inputs and design", "[json]") {
  for (const char* file : {"scenarios/pingshan-2024.yaml", "scenarios/shenzhen-ic-2025-calibrated.yaml",
                           "scenarios/sweeps/shenzhen-ic-uncertainty.yaml"}) {
    INFO(file);
    const auto s = scenario::load(fs::path(CLUSTERSIM_SOURCE_DIR) / file);
    if (!sweep::declares_uncertainty(s)) continue;
    const sweep::Uncertainty u = sweep::read_uncertainty(s);
    const sweep::Uncertainty back =
        sweep::uncertainty_from_json(json::parse(sweep::to_json(u).dump()), s);
    REQUIRE(back.inputs.size() == u.inputs.size());
    for (std::size_t k = 0; k < u.inputs.size(); ++k) {
      CHECK(back.inputs[k].input.path == u.inputs[k].input.path);
      CHECK(back.inputs[k].joint == u.inputs[k].joint);
      CHECK(back.inputs[k].source == u.inputs[k].source);
      if (!u.inputs[k].joint) CHECK(back.inputs[k].distribution.describe() == u.inputs[k].distribution.describe());
    }
    CHECK(back.correlated == u.correlated);
    CHECK((back.rank_correlation.array() == u.rank_correlation.array()).all());
    CHECK((back.posterior.array() == u.posterior.array()).all());
    sweep::SweepOptions o;
    o.n = 64;
    CHECK((sweep::make_design(back, o, nullptr).array() == sweep::make_design(u, o, nullptr).array()).all());
  }
}

TEST_CASE("inputs on an event a what-if removed are dropped with their correlations", "[json]") {
  scenario::Scenario s = pingshan();
  const sweep::Uncertainty u = sweep::read_uncertainty(s);
  const json j = json::parse(sweep::to_json(u).dump());
  CHECK(j["inputs"].size() == 29);
  CHECK(j["correlations"].size() == 2);
  CHECK(j["inputs"][0]["distribution"]["kind"] == "triangular");

  s.spec.events.clear();  // byd_licence_moves switched off
  std::vector<std::string> dropped;
  const sweep::Uncertainty w = sweep::uncertainty_from_json(j, s, &dropped);
  CHECK(dropped == std::vector<std::string>{"events.byd_licence_moves.value",
                                            "events.byd_licence_moves.at"});
  CHECK(w.inputs.size() == 27);
  CHECK(w.correlated);
  CHECK_THROWS_WITH(sweep::uncertainty_from_json(j, s),
                    Catch::StartsWith("uncertainty JSON: inputs[13].path: 'events.byd_licence_moves.value': unknown event"));
}
