// The annual series a run reports. Flows are integrals over the calendar year (the basis of
// annual statistics: a year's output is the flow from 1 Jan to 31 Dec); stocks are values at
// the end of the year (31 Dec).
#pragma once

#include <array>
#include <string_view>

namespace clustersim {

enum class ClusterVar : int {
  Output,
  Demand,
  CapacityCapital,
  CapacityLabour,
  CapacitySpace,
  Investment,
  InvestmentPrivate,
  InvestmentFund,
  InvestmentProject,
  Completions,
  Hires,
  Capital,
  SupplyLine,
  Workforce,
  Knowledge,
  Productivity,
  FinalMarket,
  SpaceLand,
  SpaceFloor,
  FundPipeline,
  kCount
};
inline constexpr int kNumClusterVars = static_cast<int>(ClusterVar::kCount);

enum class RegionVar : int {
  TalentPool,
  TalentProgramme,
  TalentAttracted,
  TalentHired,
  LandVacant,
  FloorVacant,
  LandPipeline,
  FloorPipeline,
  LandReleased,
  FloorReleased,
  LandAllocated,
  FloorAllocated,
  kCount
};
inline constexpr int kNumRegionVars = static_cast<int>(RegionVar::kCount);

// What limits output: the smallest of the three capacities and demand over the year.
enum class Constraint : int { Capital, Labour, Space, Demand, kCount };
inline constexpr int kNumConstraints = static_cast<int>(Constraint::kCount);

struct VarInfo {
  std::string_view name;  // column value in trajectories.csv
  std::string_view unit;
  bool flow;              // true: integral over the year; false: stock at year end
  std::string_view meaning;
};

// clang-format off
inline constexpr std::array<VarInfo, kNumClusterVars> kClusterVarInfo{{
  {"output", "亿元", true, "output over the year (in the cluster's baseline unit in trajectories.csv)"},
  {"demand", "亿元", true, "demand for the cluster's product: final market + local intermediate demand"},
  {"capacity_capital", "亿元", true, "output the productive capital could have produced"},
  {"capacity_labour", "亿元", true, "output the workforce could have produced"},
  {"capacity_space", "亿元", true, "output the occupied land and floor could have held"},
  {"investment", "亿元", true, "total investment: private + fund + major projects"},
  {"investment_private", "亿元", true, "private investment (stock-management rule, financing cap)"},
  {"investment_fund", "亿元", true, "investment mobilised by government funds (x leverage x additionality)"},
  {"investment_project", "亿元", true, "spending on named major projects"},
  {"completions", "亿元", true, "capital entering production (DELAY3 completions + project ramp-up)"},
  {"hires", "persons", true, "hires from the talent pool plus earmarked talent arrivals"},
  {"capital", "亿元", false, "productive capital"},
  {"supply_line", "亿元", false, "capital under construction, incl. major projects and ramp-up"},
  {"workforce", "persons", false, "workforce"},
  {"knowledge", "R&D person-years", false, "knowledge stock"},
  {"productivity", "1", false, "productivity multiplier from knowledge (1 at the start)"},
  {"final_market", "亿元/yr", false, "final-market demand rate at year end"},
  {"space_land", "ha", false, "occupied ground-floor industrial land"},
  {"space_floor", "万m²", false, "occupied high-rise factory floor"},
  {"fund_pipeline", "亿元", false, "fund money committed but not yet deployed"},
}};

inline constexpr std::array<VarInfo, kNumRegionVars> kRegionVarInfo{{
  {"talent_pool", "persons", false, "talent in the region available for hiring"},
  {"talent_programme", "persons", true, "arrivals through talent programmes (region + earmarked)"},
  {"talent_attracted", "persons", true, "arrivals drawn by open vacancies (market attraction)"},
  {"talent_hired", "persons", true, "hires out of the shared pool"},
  {"land_vacant", "ha", false, "usable industrial land not yet allocated"},
  {"floor_vacant", "万m²", false, "completed factory floor not yet let"},
  {"land_pipeline", "ha", false, "released land still being developed (region pool)"},
  {"floor_pipeline", "万m²", false, "factory floor under construction (region pool)"},
  {"land_released", "ha", true, "land released (lever, region + earmarked)"},
  {"floor_released", "万m²", true, "factory floor started (lever, region + earmarked)"},
  {"land_allocated", "ha", true, "land allocated to clusters from the shared pool"},
  {"floor_allocated", "万m²", true, "factory floor allocated to clusters from the shared pool"},
}};

inline constexpr std::array<std::string_view, kNumConstraints> kConstraintNames{
    {"capital", "labour", "space", "demand"}};
// clang-format on

constexpr const VarInfo& info(ClusterVar v) { return kClusterVarInfo[static_cast<int>(v)]; }
constexpr const VarInfo& info(RegionVar v) { return kRegionVarInfo[static_cast<int>(v)]; }
constexpr std::string_view name(Constraint c) { return kConstraintNames[static_cast<int>(c)]; }

}  // namespace clustersim
