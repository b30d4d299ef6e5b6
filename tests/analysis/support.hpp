// Hand-made scenarios and run results for the analysis and io tests: two clusters, 2023-2030,
// output series chosen so that every target figure can be worked out by hand.
#pragma once

#include <string>

#include "clustersim/core/simulate.hpp"
#include "clustersim/scenario/scenario.hpp"

namespace clustersim::test {

inline scenario::Target make_target(const std::string& cluster, int index, int year, double value,
                                    const std::string& unit = "亿元", double factor = 1.0) {
  scenario::Target t;
  t.cluster = cluster;
  t.cluster_index = index;
  t.year = year;
  t.value = value * factor;  // canonical
  t.unit = unit;
  t.unit_factor = factor;
  t.source = "test source, §1";
  return t;
}

// Cluster "ic" (baseline 100 亿元, output 100 * 1.1^k in year 2023 + k, bound by capital) and
// "icv" (baseline 1000 亿元, output flat at 1000, bound by demand).
inline scenario::Scenario two_cluster_scenario() {
  scenario::Scenario s;
  s.name = "test-two";
  s.title = "两个集群的测试情景";
  s.region_name = "坪山区";
  s.region_name_en = "Pingshan";
  s.spec = default_spec(2, 2023, 2030);
  s.spec.clusters[0].id = "ic";
  s.spec.clusters[0].baseline_output = 100.0;
  s.spec.clusters[1].id = "icv";
  s.spec.clusters[1].baseline_output = 1000.0;
  s.chain = {"scenarios/test-two.yaml", "scenarios/base.yaml"};
  scenario::ClusterInfo ic;
  ic.id = "ic";
  ic.name = "半导体与集成电路";
  ic.name_en = "Semiconductors and integrated circuits";
  ic.unit = "亿元";
  ic.baseline_source = "seed 004";
  scenario::ClusterInfo icv;
  icv.id = "icv";
  icv.name = "智能网联汽车";
  icv.name_en = "Intelligent connected vehicles";
  icv.unit = "亿元";
  s.clusters = {ic, icv};
  s.potential_clusters.push_back({"low_altitude", "低空经济", "Low-altitude economy", "no data", ""});
  return s;
}

// The other series hold distinct, easily recognised values (10 * variable + year index).
inline RunResult two_cluster_run() {
  RunResult r;
  r.start_year = 2023;
  r.end_year = 2030;
  r.cluster_ids = {"ic", "icv"};
  const int years = r.num_years();
  for (auto& m : r.cluster) m.setZero(2, years);
  for (auto& v : r.region) v.setZero(years);
  r.binding.setZero(2, years);
  for (int v = 0; v < kNumClusterVars; ++v)
    for (int y = 0; y < years; ++y) {
      r.cluster[v](0, y) = 10.0 * v + y;
      r.cluster[v](1, y) = 1000.0 + 10.0 * v + y;
    }
  for (int v = 0; v < kNumRegionVars; ++v)
    for (int y = 0; y < years; ++y) r.region[v](y) = 500.0 + v + 0.5 * y;
  auto& out = r.cluster[static_cast<int>(ClusterVar::Output)];
  double ic = 100.0;
  for (int y = 0; y < years; ++y) {
    out(0, y) = ic;
    out(1, y) = 1000.0;
    ic *= 1.1;
    r.binding(0, y) = static_cast<int>(Constraint::Capital);
    r.binding(1, y) = static_cast<int>(Constraint::Demand);
  }
  r.stats.rhs_evaluations = 1234;
  r.stats.steps = 200;
  r.stats.rejected_steps = 3;
  r.stats.calibration_iterations = 4;
  r.stats.max_baseline_error = 2e-7;
  return r;
}

}  // namespace clustersim::test
