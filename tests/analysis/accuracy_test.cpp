// What "the same accuracy" means for the solver's default settings (docs/model.md §13): on every
// shipped scenario, the annual figures of a default run lie within 0.1% of a reference solve
// (dopri5, rtol = atol = 1e-10, baseline reproduced to 1e-10) and every target is first reached
// in the same year. Any change to the solver or its defaults must keep this test green;
// bench/bench_accuracy prints the same errors for other settings.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <vector>

#include "clustersim/analysis/accuracy.hpp"
#include "clustersim/analysis/targets.hpp"
#include "clustersim/core/simulate.hpp"
#include "clustersim/scenario/scenario.hpp"

namespace fs = std::filesystem;
using namespace clustersim;

namespace {

constexpr double kTolerance = 1e-3;
constexpr double kKinkTolerance = 1e-2;

std::vector<fs::path> shipped_scenarios() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(CLUSTERSIM_SOURCE_DIR) / "scenarios")) {
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("default solver settings keep every shipped scenario within 0.1% of a 1e-10 reference",
          "[accuracy]") {
  // Outputs (the model's answer), and the main annual flows and stocks read beside them.
  const ClusterVar cluster_vars[] = {ClusterVar::Output,  ClusterVar::Demand,
                                     ClusterVar::Capital, ClusterVar::Workforce,
                                     ClusterVar::MarketShare};
  const RegionVar region_vars[] = {RegionVar::NetInflow, RegionVar::LandAllocated};
  const SolverOptions reference = analysis::reference_solver();
  const RunOptions strict = analysis::reference_run();

  const auto files = shipped_scenarios();
  REQUIRE(files.size() >= 10);
  for (const auto& file : files) {
    INFO(file.filename().string());
    const scenario::Scenario s = scenario::load(file);
    const Model model = scenario::build_model(s);
    const RunResult run = simulate(model, s.solver);
    const RunResult ref = simulate(model, reference, strict);
    for (const ClusterVar v : cluster_vars) {
      for (int i = 0; i < model.num_clusters(); ++i) {
        INFO(info(v).name << " of cluster " << s.spec.clusters[i].id);
        const auto k = static_cast<int>(v);
        CHECK(analysis::series_error(run.cluster[k].row(i).transpose().array(),
                           ref.cluster[k].row(i).transpose().array()) <= kTolerance);
      }
    }
    for (const RegionVar v : region_vars) {
      INFO("region " << info(v).name);
      const auto k = static_cast<int>(v);
      CHECK(analysis::series_error(run.region[k].array(), ref.region[k].array()) <= kTolerance);
    }
    // Flows decided where a min or max of the right-hand side switches (the sites' gate of
    // E22, the fund's absorption limit, rationing of the skilled pool) converge only to first
    // order across such a kink: even the default run is ~0.1-0.6% off there. Held to 1%.
    for (int i = 0; i < model.num_clusters(); ++i) {
      for (const ClusterVar v : {ClusterVar::Investment, ClusterVar::FundDeployed}) {
        INFO(info(v).name << " of cluster " << s.spec.clusters[i].id);
        const auto k = static_cast<int>(v);
        CHECK(analysis::series_error(run.cluster[k].row(i).transpose().array(),
                           ref.cluster[k].row(i).transpose().array()) <= kKinkTolerance);
      }
    }
    {
      const auto k = static_cast<int>(RegionVar::SkilledInflow);
      INFO("region skilled_inflow");
      CHECK(analysis::series_error(run.region[k].array(), ref.region[k].array()) <= kKinkTolerance);
    }
    const auto rows = analysis::evaluate_targets(s, run);
    const auto ref_rows = analysis::evaluate_targets(s, ref);
    REQUIRE(rows.size() == ref_rows.size());
    for (std::size_t t = 0; t < rows.size(); ++t) {
      INFO("target " << s.targets[t].cluster << " " << s.targets[t].year);
      CHECK(rows[t].first_year_reached == ref_rows[t].first_year_reached);
    }
  }
}

TEST_CASE("the error measure of the accuracy suite catches a 0.2% error", "[accuracy]") {
  // A guard on the guard: the measure must see an error above the tolerance, including in a
  // year where the flow is small against its series.
  Eigen::ArrayXd ref(4), v(4);
  ref << 100.0, 110.0, 121.0, 133.1;
  v = ref;
  CHECK(analysis::series_error(v, ref) == 0.0);
  v[2] *= 1.002;
  CHECK(analysis::series_error(v, ref) > kTolerance);
  ref << 0.0, 0.0, 50.0, 100.0;
  v = ref;
  v[1] = 0.002;  // 0.2% of the floor, 1% of the series' largest value
  CHECK(analysis::series_error(v, ref) > kTolerance);
  v[1] = 0.0005;
  CHECK(analysis::series_error(v, ref) <= kTolerance);
}
