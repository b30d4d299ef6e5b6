// The annual series a run reports. Flows are integrals over the calendar year (the basis of
// annual statistics: a year's output is the flow from 1 Jan to 31 Dec); stocks are values at
// the end of the year (31 Dec).
#pragma once

#include <array>
#include <string_view>

#include "clustersim/core/spec.hpp"

namespace clustersim {

enum class ClusterVar : int {
  Output,
  Demand,
  FinalDemand,
  CapacityCapital,
  CapacityLabour,
  CapacitySpace,
  Investment,
  InvestmentPrivate,
  InvestmentFund,
  InvestmentProject,
  Completions,
  FundCommitted,
  FundDeployed,
  Hires,
  Capital,
  PolicyCapital,
  SupplyLine,
  CapitalHostable,
  FundUndeployed,
  Workforce,
  Skilled,
  Workers,
  Knowledge,
  Productivity,
  Market,
  MarketShare,
  SpaceLand,
  SpaceFloor,
  kCount
};
inline constexpr int kNumClusterVars = static_cast<int>(ClusterVar::kCount);

enum class RegionVar : int {
  SkilledPool,
  WorkerPool,
  WageIndex,
  TalentProgramme,
  SkilledInflow,
  WorkerInflow,
  SkilledHired,
  WorkersHired,
  SkilledLeft,
  WorkersLeft,
  NetInflow,
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

// What limits output: the factor whose 1% relief raises output most (docs/model.md §3, E10).
using Constraint = Factor;
inline constexpr int kNumConstraints = kNumFactors;

struct VarInfo {
  std::string_view name;  // column value in trajectories.csv
  std::string_view unit;
  bool flow;              // true: integral over the year; false: stock at year end
  std::string_view meaning;
  std::string_view label_zh{};
  std::string_view label_en{};
};

// clang-format off
inline constexpr std::array<VarInfo, kNumClusterVars> kClusterVarInfo{{
  {"output", "亿元", true, "output over the year (in the cluster's baseline unit in trajectories.csv)", "产出", "Output"},
  {"demand", "亿元", true, "demand for the cluster's product: its share of the market + local intermediate demand", "需求", "Demand"},
  {"final_demand", "亿元", true, "the cluster's share of its market (market share × market × market_scale)", "最终需求", "Final demand"},
  {"capacity_capital", "亿元", true, "output the productive capital could have produced", "资本产能", "Capital capacity"},
  {"capacity_labour", "亿元", true, "output the workforce could have produced (the scarcer of skilled staff and workers)", "劳动力产能", "Labour capacity"},
  {"capacity_space", "亿元", true, "output the capital on the occupied land and floor could produce", "空间产能", "Space capacity"},
  {"investment", "亿元", true, "total investment: private + fund-backed + named projects", "投资", "Investment"},
  {"investment_private", "亿元", true, "market-driven private investment (stock-management rule, financing cap, sites)", "市场投资", "Private investment"},
  {"investment_fund", "亿元", true, "fund-backed investment: fund money deployed × leverage", "基金带动投资", "Fund-backed investment"},
  {"investment_project", "亿元", true, "spending on named major projects", "重大项目投资", "Project investment"},
  {"completions", "亿元", true, "capital entering production (pipelines and project ramp-up)", "竣工投产", "Completions"},
  {"fund_committed", "亿元", true, "fund money committed to the cluster (the fund lever)", "基金承诺", "Fund committed"},
  {"fund_deployed", "亿元", true, "fund money deployed into fund-backed investment and named projects", "基金投放", "Fund deployed"},
  {"hires", "persons", true, "hires from the pools plus earmarked talent arrivals", "招聘", "Hires"},
  {"capital", "亿元", false, "productive capital", "资本存量", "Capital"},
  {"policy_capital", "亿元", false, "the part of productive capital built by funds and named projects", "政策性资本", "Policy capital"},
  {"supply_line", "亿元", false, "capital under construction, incl. major projects and ramp-up", "在建资本", "Capital under construction"},
  {"capital_hostable", "亿元", false, "capital the cluster's occupied and earmarked sites can host", "场地可容纳资本", "Capital the sites can host"},
  {"fund_undeployed", "亿元", false, "fund money committed but not yet deployed", "未投放基金", "Fund undeployed"},
  {"workforce", "persons", false, "workforce: skilled staff + production workers", "从业人员", "Workforce"},
  {"skilled", "persons", false, "skilled staff (degree holders: engineers, R&D)", "人才", "Skilled staff"},
  {"workers", "persons", false, "production workers", "生产工人", "Production workers"},
  {"knowledge", "person-years", false, "knowledge stock (skilled person-years)", "知识存量", "Knowledge"},
  {"productivity", "1", false, "productivity multiplier from knowledge (1 at the start)", "生产率指数", "Productivity"},
  {"market", "亿元/yr", false, "the market the cluster sells into, rate at year end", "市场规模", "Market"},
  {"market_share", "1", false, "the cluster's share of that market at year end (1 for a market of its own)", "市场份额", "Market share"},
  {"space_land", "ha", false, "occupied ground-floor industrial land", "占用工业用地", "Land occupied"},
  {"space_floor", "万m²", false, "occupied high-rise factory floor", "占用工业上楼厂房", "Floor occupied"},
}};

inline constexpr std::array<VarInfo, kNumRegionVars> kRegionVarInfo{{
  {"skilled_pool", "persons", false, "skilled talent in the region available for hiring", "人才池", "Skilled pool"},
  {"worker_pool", "persons", false, "production workers in the region available for hiring", "工人池", "Worker pool"},
  {"wage_index", "1", false, "relative wage of production workers (1 at the start)", "相对工资指数", "Relative wage"},
  {"talent_programme", "persons", true, "arrivals through talent programmes (region + earmarked)", "人才计划引进", "Talent-programme arrivals"},
  {"skilled_inflow", "persons", true, "skilled arrivals drawn by open positions (beyond the programme)", "人才市场流入", "Skilled market inflow"},
  {"worker_inflow", "persons", true, "production workers arriving, drawn by open positions and wages", "工人流入", "Worker inflow"},
  {"skilled_hired", "persons", true, "hires out of the skilled pool", "人才池招聘", "Hires from the skilled pool"},
  {"workers_hired", "persons", true, "hires out of the worker pool", "工人池招聘", "Hires from the worker pool"},
  {"skilled_left", "persons", true, "skilled people leaving the region (unplaced, or leavers who do not stay)", "人才流出", "Skilled leaving"},
  {"workers_left", "persons", true, "production workers leaving the region (unplaced, or leavers who do not stay)", "工人流出", "Workers leaving"},
  {"net_inflow", "persons", true, "all arrivals minus all departures of working people", "净流入", "Net inflow"},
  {"land_vacant", "ha", false, "usable industrial land not yet allocated", "可用空地", "Vacant land"},
  {"floor_vacant", "万m²", false, "completed factory floor not yet let", "空置厂房", "Vacant floor"},
  {"land_pipeline", "ha", false, "released land still being developed (region pool)", "整备中土地", "Land in development"},
  {"floor_pipeline", "万m²", false, "factory floor under construction (region pool)", "在建厂房", "Floor under construction"},
  {"land_released", "ha", true, "land released (lever, region + earmarked, incl. project sites)", "土地供应", "Land released"},
  {"floor_released", "万m²", true, "factory floor started (lever, region + earmarked, incl. project sites)", "厂房供应", "Floor started"},
  {"land_allocated", "ha", true, "land allocated to clusters from the shared pool", "土地分配", "Land allocated"},
  {"floor_allocated", "万m²", true, "factory floor allocated to clusters from the shared pool", "厂房分配", "Floor allocated"},
}};

inline constexpr std::array<std::string_view, kNumConstraints> kConstraintNames{
    {"capital", "labour", "space", "demand"}};
inline constexpr std::array<std::string_view, kNumConstraints> kConstraintLabelsZh{
    {"资本", "劳动力", "空间", "需求"}};
// clang-format on

constexpr const VarInfo& info(ClusterVar v) { return kClusterVarInfo[static_cast<int>(v)]; }
constexpr const VarInfo& info(RegionVar v) { return kRegionVarInfo[static_cast<int>(v)]; }
constexpr std::string_view name(Constraint c) { return kConstraintNames[static_cast<int>(c)]; }

}  // namespace clustersim
