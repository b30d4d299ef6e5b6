// Shared helpers for the core tests: a Pingshan-like spec built in code (the core takes no YAML)
// and one tolerance helper.
#pragma once

#include <cmath>
#include <string>

#include "clustersim/core/simulate.hpp"
#include "clustersim/core/spec.hpp"

namespace clustersim::test {

// |a - b| <= rel * max(|a|, |b|) + abs
inline bool near(double a, double b, double rel, double abs = 0.0) {
  return std::abs(a - b) <= rel * std::max(std::abs(a), std::abs(b)) + abs;
}

inline double rel_diff(double a, double b) {
  const double scale = std::max(std::abs(a), std::abs(b));
  return scale == 0.0 ? 0.0 : std::abs(a - b) / scale;
}

// Six clusters sized like Pingshan's 2023 baselines with intermediate demand (chips -> vehicles
// and terminals, batteries -> vehicles), spillovers, all four levers, a demand shock, a ramp and
// a major project: every mechanism of the model is active. Vehicles sell a share of a Bass
// market, chips and batteries shares of exponential markets; the others have markets of their own.
inline ModelSpec rich_spec(int end_year = 2030) {
  ModelSpec s = default_spec(6, 2023, end_year);
  const char* ids[] = {"icv", "ic", "meddev", "biomed", "energy", "terminal"};
  const double base[] = {3121, 150, 100, 147, 543, 350};
  const double growth[] = {0.08, 0.25, 0.10, 0.15, 0.12, 0.10};
  for (int i = 0; i < 6; ++i) {
    s.clusters[i].id = ids[i];
    s.clusters[i].baseline_output = base[i];
    s.clusters[i][ClusterParam::MarketGrowth] = growth[i];
  }
  s.clusters[0].market = MarketKind::Bass;
  s.clusters[0].share_market = true;
  s.clusters[0][ClusterParam::MarketSize] = 23360.0;
  s.clusters[0][ClusterParam::BassInnovation] = 0.055;
  s.clusters[0][ClusterParam::BassImitation] = 0.35;
  s.clusters[0][ClusterParam::BassSaturationMultiple] = 3.16;
  s.clusters[1].share_market = true;
  s.clusters[1][ClusterParam::MarketSize] = 12006.1;
  s.clusters[1][ClusterParam::ShareCapacityElasticity] = 0.9;
  s.clusters[4].share_market = true;
  s.clusters[4][ClusterParam::MarketSize] = 14000.0;
  s.clusters[4][ClusterParam::ShareTrend] = 0.03;
  s.clusters[1][ClusterParam::SkilledShare] = 0.35;
  s.clusters[0][ClusterParam::SkilledShare] = 0.15;
  s.clusters[0][ClusterParam::CapitalOutputRatio] = 0.35;
  s.clusters[0][ClusterParam::LabourProductivity] = 0.028;
  s.clusters[1][ClusterParam::CapitalOutputRatio] = 1.49;
  s.clusters[1][ClusterParam::FloorSuitability] = 0.0;
  s.clusters[1][ClusterParam::MaxInvestmentShare] = 0.9;
  s.clusters[1][ClusterParam::Priority] = 3.0;
  s.clusters[3][ClusterParam::Priority] = 2.0;
  // io(i, j): 亿元 of i's product per 亿元 of j's output; local_share(i, j).
  s.io.insert(1, 0) = 0.03;
  s.io.insert(1, 5) = 0.15;
  s.io.insert(4, 0) = 0.10;
  s.local_share.insert(1, 0) = 0.2;
  s.local_share.insert(1, 5) = 0.3;
  s.local_share.insert(4, 0) = 0.5;
  s.spillover.insert(0, 1) = 0.01;
  s.spillover.insert(5, 1) = 0.02;
  s.spillover.insert(2, 3) = 0.02;
  const int years = s.num_years();
  const int region = 6;
  for (int y = 0; y < years; ++y) {
    s.levers[static_cast<int>(Lever::Fund)](1, y) = 10.0;
    s.levers[static_cast<int>(Lever::Fund)](3, y) = 10.0;
    s.levers[static_cast<int>(Lever::Land)](region, y) = 100.0;
    s.levers[static_cast<int>(Lever::Land)](1, y) = 20.0;
    s.levers[static_cast<int>(Lever::Floor)](region, y) = 200.0;
    s.levers[static_cast<int>(Lever::Talent)](region, y) = 20000.0;
    s.levers[static_cast<int>(Lever::Talent)](1, y) = 500.0;
  }
  s.region_param(RegionParam::LandInitialVacant) = 50.0;
  s.region_param(RegionParam::FloorInitialVacant) = 30.0;
  s.region_param(RegionParam::WorkerInflowCeiling) = 60000.0;

  EventSpec shock;
  shock.name = "licence_moves";
  shock.target = {EventTarget::Kind::ClusterParam, static_cast<int>(ClusterParam::MarketScale), 0};
  shock.op = EventOp::Scale;
  shock.value = 0.85;
  shock.start = shock.end = 2024.25;
  s.events.push_back(shock);
  EventSpec ramp;
  ramp.name = "floor_slows";
  ramp.target = {EventTarget::Kind::Lever, static_cast<int>(Lever::Floor), region};
  ramp.shape = EventShape::Ramp;
  ramp.op = EventOp::Set;
  ramp.value = 100.0;
  ramp.start = 2026.0;
  ramp.end = 2027.5;
  s.events.push_back(ramp);
  ProjectSpec fab;
  fab.name = "fab";
  fab.cluster = 1;
  fab.capex = 152.8;
  fab.start = 2025.0;
  fab.construction_time = 701.0 / 365.0;
  fab.fund_share = 0.2;
  s.projects.push_back(fab);
  return s;
}

}  // namespace clustersim::test
