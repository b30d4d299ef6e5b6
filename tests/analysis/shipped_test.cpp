// Every shipped scenario loads, runs, reproduces its baselines and evaluates its targets.
#include <catch2/catch.hpp>
#include <array>
#include <filesystem>
#include <map>

#include "clustersim/analysis/targets.hpp"
#include "clustersim/core/simulate.hpp"
#include "clustersim/scenario/scenario.hpp"

namespace fs = std::filesystem;
using namespace clustersim;

TEST_CASE("shipped scenarios reproduce their baselines within 0.5% and evaluate their targets",
          "[shipped]") {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(CLUSTERSIM_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    INFO(entry.path().filename().string());
    const scenario::Scenario s = scenario::load(entry.path());
    const Model model = scenario::build_model(s);
    const RunResult r = simulate(model, s.solver);
    for (int i = 0; i < model.num_clusters(); ++i) {
      INFO("cluster " << s.spec.clusters[i].id);
      const double simulated = r.value(ClusterVar::Output, i, s.spec.start_year);
      CHECK(simulated == Approx(s.spec.clusters[i].baseline_output).epsilon(0.005));
      for (const auto& m : r.cluster) CHECK(m.allFinite());
    }
    const auto rows = analysis::evaluate_targets(s, r);
    CHECK(rows.size() == s.targets.size());
    ++count;
  }
  CHECK(count >= 3);
}

TEST_CASE("the Pingshan scenario has the 6 clusters and 12 targets of 深坪府[2024]1号, and the rest",
          "[shipped]") {
  const scenario::Scenario s =
      scenario::load(fs::path(CLUSTERSIM_SOURCE_DIR) / "scenarios/pingshan-2024.yaml");
  // The six "6+3" clusters plus `other`: the rest of 规上 industry, so that district totals
  // reconcile with reported totals.
  CHECK(s.spec.num_clusters() == 7);
  CHECK(s.potential_clusters.size() == 3);
  REQUIRE(s.targets.size() == 12);
  // Baselines and targets as printed in 深坪府[2024]1号 (亿元).
  const std::map<std::string, std::array<double, 3>> seed{
      {"icv", {3121, 4000, 6000}},  {"ic", {150, 300, 1000}},     {"meddev", {100, 130, 300}},
      {"biomed", {147, 200, 500}}, {"newenergy", {543, 700, 1500}}, {"terminals", {350, 500, 1000}}};
  for (const auto& c : s.spec.clusters) {
    INFO(c.id);
    if (c.id == "other") {  // 规上 output 2023 (≈ 5,050) minus the six clusters' baselines
      CHECK(c.baseline_output == Approx(5050.0 - (3121 + 150 + 100 + 147 + 543 + 350)));
      continue;
    }
    REQUIRE(seed.count(c.id) == 1);
    CHECK(c.baseline_output == seed.at(c.id)[0]);
  }
  for (const auto& t : s.targets) {
    INFO(t.cluster << " " << t.year);
    CHECK(t.value == seed.at(t.cluster)[t.year == 2025 ? 1 : 2]);
  }
}
