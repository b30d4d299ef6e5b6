// Parameter tables of the cluster model: one row per parameter with its key, canonical unit,
// default, admissible range, meaning and source. The equations that use each parameter are in
// docs/model.md; the scenario layer, the JSON Schema and the documentation all read these tables,
// so a parameter is declared exactly once.
//
// Canonical units: money 亿元 (1e8 yuan), time years, area ha (= 万m²), people persons.
#pragma once

#include <array>
#include <cstddef>
#include <limits>
#include <optional>
#include <string_view>

namespace clustersim {

// Per-cluster parameters. The order is the storage order of ParamTable columns.
enum class ClusterParam : int {
  CapitalOutputRatio,
  DepreciationLife,
  ConstructionTime,
  CapitalAdjustmentTime,
  SupplyLineWeight,
  MaxInvestmentShare,
  DesiredUtilisation,
  ForecastHorizon,
  DemandExpectationTime,
  OutputSmoothingTime,
  ProjectRampTime,
  FundLeverage,
  FundAdditionality,
  FundDeploymentTime,
  LabourProductivity,
  HiringTime,
  AttritionTime,
  AttritionReturnShare,
  RdShare,
  KnowledgePerRd,
  KnowledgeObsolescence,
  KnowledgeElasticity,
  LandYield,
  FloorYield,
  LandSuitability,
  FloorSuitability,
  SpaceRequestTime,
  Priority,
  MarketGrowth,
  BassInnovation,
  BassImitation,
  BassSaturationMultiple,
  MarketScale,
  OutputScale,
  UtilCapital,
  UtilLabour,
  UtilSpace,
  UtilDemand,
  kCount
};
inline constexpr int kNumClusterParams = static_cast<int>(ClusterParam::kCount);

// Region-wide parameters of the shared pools and of the numerics.
enum class RegionParam : int {
  TalentMatchingTime,
  TalentLeaveTime,
  TalentAttraction,
  InitialTalentPool,
  LandDevelopmentTime,
  LandAllocationTime,
  LandInitialVacant,
  FloorDevelopmentTime,
  FloorAllocationTime,
  FloorInitialVacant,
  SmoothMinSharpness,
  kCount
};
inline constexpr int kNumRegionParams = static_cast<int>(RegionParam::kCount);

// Policy levers: annual amounts, per cluster (earmarked) or for the region's shared pool.
enum class Lever : int { Fund, Land, Floor, Talent, kCount };
inline constexpr int kNumLevers = static_cast<int>(Lever::kCount);

// Space types: ground-floor industrial land and high-rise (工业上楼) factory floor.
enum class SpaceType : int { Land, Floor, kCount };
inline constexpr int kNumSpaceTypes = static_cast<int>(SpaceType::kCount);

struct ParamInfo {
  std::string_view key;      // YAML key and event path component
  std::string_view unit;     // canonical unit, parseable by the scenario layer's unit parser
  double default_value;      // NaN: derived when the run starts (documented in `meaning`)
  double lower;              // admissible range [lower, upper]; lower_open excludes lower
  double upper;
  bool lower_open;
  std::string_view meaning;  // economic meaning, one line
  std::string_view source;   // facts.md section and figure, or "assumption: ..."
  std::string_view label_zh{};  // display name in Chinese (charts, review pack)
  std::string_view label_en{};  // display name in English
};

struct LeverInfo {
  std::string_view key;
  std::string_view unit;
  bool region_allowed;  // may the lever feed the region's shared pool?
  std::string_view meaning;
  std::string_view label_zh{};
  std::string_view label_en{};
};

inline constexpr double kInf = std::numeric_limits<double>::infinity();
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// clang-format off
inline constexpr std::array<ParamInfo, kNumClusterParams> kClusterParamInfo{{
  {"capital_output_ratio", "yr", 0.6, 0.0, kInf, true,
   "productive capital needed per unit of annual output capacity (亿元 per 亿元/yr)",
   "derived with assumptions: Pingshan 2023 fixed-asset investment 732.87 / 规上 output ≈5,050 亿元 = 0.145 = (K/Y)(1/life + growth); life 10 yr, growth 15%/yr (assumption) give K/Y ≈ 0.6 (facts §2); vehicle plants 0.2-0.5 (facts §4)", "资本产出比", "capital–output ratio"},
  {"depreciation_life", "yr", 10.0, 0.0, kInf, true,
   "average life of productive capital; depreciation = capital / life",
   "企业所得税法实施条例 Art. 60: production equipment 10 yr (facts §4)", "折旧年限", "depreciation life"},
  {"construction_time", "yr", 1.5, 0.0, kInf, true,
   "mean delay from investment to productive capital (third-order material delay, DELAY3)",
   "assumption; fabs ≈ 682 days (701 in China) start to production (facts §4, weak)", "建设周期", "construction time"},
  {"capital_adjustment_time", "yr", 3.0, 0.0, kInf, true,
   "time over which investors close the gap between desired and actual capital",
   "assumption (Sterman 2000, ch. 17 typical range 1-5 yr)", "资本调整时间", "capital adjustment time"},
  {"supply_line_weight", "1", 1.0, 0.0, 1.0, false,
   "weight investors give to capital already under construction (Sterman's beta; 1 = rational)",
   "assumption; Sterman (1987) found experimental subjects near 0.3 (facts §5)", "在建工程权重", "supply-line weight"},
  {"max_investment_share", "1", 0.3, 0.0, kInf, false,
   "financing cap: private investment per year at most this share of (smoothed) output",
   "assumption; fab capex/revenue ≈ 0.9 (SMIC 2022), Pingshan FAI/output ≈ 0.145 (facts §2, §4)", "投资融资上限（占产出比）", "financing cap (share of output)"},
  {"desired_utilisation", "1", 0.85, 0.0, 1.0, true,
   "capacity utilisation investors and employers plan for; desired capacity = forecast demand / this",
   "assumption", "目标产能利用率", "desired utilisation"},
  {"forecast_horizon", "yr", 2.0, 0.0, kInf, false,
   "how far ahead investors extrapolate the demand trend (Sterman's FORECAST)",
   "assumption (about one construction time)", "需求预测期", "forecast horizon"},
  {"demand_expectation_time", "yr", 1.0, 0.0, kInf, true,
   "averaging time of expected demand (first-order smoothing), also the trend's reference",
   "assumption", "需求预期平滑时间", "demand expectation time"},
  {"output_smoothing_time", "yr", 0.5, 0.0, kInf, true,
   "averaging time of reported output used by buyers (intermediate demand) and for finance",
   "assumption", "产出平滑时间", "output smoothing time"},
  {"project_ramp_time", "yr", 1.25, 0.0, kInf, true,
   "mean ramp-up time of a completed major project before it is fully productive",
   "fab ramp 1-1.5 yr after start of production (facts §4, weak)", "重大项目爬坡时间", "project ramp-up time"},
  {"fund_leverage", "1", 3.3, 0.0, kInf, false,
   "total investment mobilised per 亿元 of government fund money",
   "Shenzhen guidance fund ≈ 3.3x (derived) to 4.5x (claimed), 6.1x market sub-funds (facts §3)", "基金杠杆倍数", "fund leverage"},
  {"fund_additionality", "1", 0.6, 0.0, 1.0, false,
   "share of fund-mobilised investment that would not have happened anyway",
   "assumption: unknown, sweep 0.3-1 (Colonnelli, Li & Liu, NBER w30161; facts §4)", "基金额外性", "fund additionality"},
  {"fund_deployment_time", "yr", 2.0, 0.0, kInf, true,
   "mean delay between fund commitment and money reaching projects",
   "assumption", "基金投放时间", "fund deployment time"},
  {"labour_productivity", "亿元/person/yr", 0.02, 0.0, kInf, true,
   "annual output per worker at baseline knowledge",
   "assumption; IC ≈ 0.0174 (174万元/person, 2021, derived), IC design 0.0193, 深汕 auto ≈ 0.028 (facts §4)", "劳动生产率", "labour productivity"},
  {"hiring_time", "yr", 0.5, 0.0, kInf, true,
   "time to fill vacancies when the talent pool is ample",
   "assumption", "招聘时间", "hiring time"},
  {"attrition_time", "yr", 6.0, 0.0, kInf, true,
   "average tenure; attrition = workforce / this (≈17%/yr)",
   "assumption", "平均在职年限", "average tenure"},
  {"attrition_return_share", "1", 0.5, 0.0, 1.0, false,
   "share of leavers who return to the region's talent pool (job-to-job moves)",
   "assumption", "离职回流比例", "share of leavers who stay"},
  {"rd_share", "1", 0.1, 0.0, 1.0, false,
   "share of the workforce doing R&D",
   "assumption; Pingshan R&D spending 9.67% of GDP in 2023 (facts §2) as a proxy", "研发人员占比", "R&D share of workforce"},
  {"knowledge_per_rd", "1", 1.0, 0.0, kInf, false,
   "knowledge units created per R&D person-year (defines the knowledge unit)",
   "normalisation (knowledge is measured in R&D person-years)", "人均知识产出", "knowledge per R&D person-year"},
  {"knowledge_obsolescence", "1/yr", 0.15, 0.0, kInf, true,
   "rate at which knowledge becomes obsolete",
   "assumption (conventional R&D-capital depreciation rate)", "知识折旧率", "knowledge obsolescence"},
  {"knowledge_elasticity", "1", 0.1, 0.0, 1.0, false,
   "elasticity of productivity to the cluster's knowledge stock",
   "assumption; agglomeration 0.06-0.08 per doubling, learning rates 20-30% per doubling (facts §4)", "知识对生产率弹性", "knowledge elasticity of productivity"},
  {"land_yield", "亿元/ha/yr", 2.67, 0.0, kInf, false,
   "annual output per ha of occupied ground-floor industrial land",
   "high-tech development zones 2.67 亿元/ha (2011), industrial zones 1.30 (facts §4)", "地均产出", "output per ha of land"},
  {"floor_yield", "亿元/万m²/yr", 2.26, 0.0, kInf, false,
   "annual output per 万m² of occupied high-rise factory floor (工业上楼)",
   "工业上楼 park ≈ 2.26 万元/m² (facts §4, weak)", "楼面产出", "output per 万m² of floor"},
  {"land_suitability", "1", 1.0, 0.0, 1.0, false,
   "weight of ground-floor land in the cluster's space needs (0 = cannot use)",
   "assumption", "用地适宜性", "land suitability"},
  {"floor_suitability", "1", 1.0, 0.0, 1.0, false,
   "weight of high-rise floor in the cluster's space needs (0 = cannot use, e.g. fabs)",
   "assumption (fabs need ground-floor sites)", "工业上楼适宜性", "high-rise floor suitability"},
  {"space_request_time", "yr", 1.0, 0.0, kInf, true,
   "time over which a cluster asks for the space its desired capacity lacks",
   "assumption", "用地申请时间", "space request time"},
  {"priority", "1", 1.0, -kInf, kInf, false,
   "priority in the allocation of the shared land and floor pools (higher is served first)",
   "assumption (policy choice)", "供地优先级", "land and floor priority"},
  {"market_growth", "1/yr", 0.05, -1.0, kInf, true,
   "annual growth rate of the cluster's final market (exponential market)",
   "assumption; calibrate to history where it exists", "市场增长率", "market growth"},
  {"bass_innovation", "1/yr", 0.03, 0.0, kInf, false,
   "Bass diffusion coefficient of innovation p (Bass market)",
   "assumption (typical p ≈ 0.03 in the Bass-model literature)", "Bass创新系数", "Bass innovation coefficient"},
  {"bass_imitation", "1/yr", 0.38, 0.0, kInf, false,
   "Bass diffusion coefficient of imitation q (Bass market)",
   "assumption (typical q ≈ 0.38 in the Bass-model literature)", "Bass模仿系数", "Bass imitation coefficient"},
  {"bass_saturation_multiple", "1", 3.0, 1.0, kInf, true,
   "saturated final market as a multiple of the baseline-year output (Bass market)",
   "assumption", "市场饱和倍数", "market saturation multiple"},
  {"market_scale", "1", 1.0, 0.0, kInf, false,
   "multiplier on the final market; events use it for shocks such as a licence moving away",
   "1 (neutral)", "市场规模系数", "market scale"},
  {"output_scale", "1", 1.0, 0.0, kInf, false,
   "multiplier on output as counted for the cluster (statistical attribution); event target 'output'",
   "1 (neutral)", "产值计入系数", "output scale"},
  {"util_capital", "1", 0.85, 0.0, 1.0, true,
   "baseline utilisation of capital capacity (sets initial capital relative to output)",
   "assumption", "基期资本利用率", "baseline capital utilisation"},
  {"util_labour", "1", 0.95, 0.0, 1.0, true,
   "baseline utilisation of labour capacity (sets initial workforce)",
   "assumption", "基期劳动利用率", "baseline labour utilisation"},
  {"util_space", "1", 0.9, 0.0, 1.0, true,
   "baseline utilisation of space capacity (sets initial occupied space)",
   "assumption", "基期空间利用率", "baseline space utilisation"},
  {"util_demand", "1", 0.95, 0.0, 1.0, true,
   "baseline output / demand (sets the initial final market)",
   "assumption", "基期需求满足率", "baseline output / demand"},
}};

inline constexpr std::array<ParamInfo, kNumRegionParams> kRegionParamInfo{{
  {"talent_matching_time", "yr", 0.25, 0.0, kInf, true,
   "time for the pool to fill open positions; hires per year are at most pool / this",
   "assumption", "人才匹配时间", "talent matching time"},
  {"talent_leave_time", "yr", 1.0, 0.0, kInf, true,
   "mean time an unplaced member of the talent pool stays in the region",
   "assumption", "未就业人才离开时间", "time before unplaced talent leaves"},
  {"talent_attraction", "1/yr", 0.5, 0.0, kInf, false,
   "market attraction: persons drawn into the pool per year per open position",
   "assumption", "人才吸引系数", "talent attraction"},
  {"initial_talent_pool", "persons", kNaN, 0.0, kInf, false,
   "talent pool at the start; default: matching time × baseline hiring (replacement + growth)",
   "derived when absent", "初始人才池", "initial talent pool"},
  {"land_development_time", "yr", 2.0, 0.0, kInf, true,
   "mean delay from land release (整备/出让) to serviced, usable land",
   "assumption", "土地整备时间", "land development time"},
  {"land_allocation_time", "yr", 0.5, 0.0, kInf, true,
   "time to hand usable land to firms; allocation per year is at most vacant land / this",
   "assumption", "土地出让时间", "land allocation time"},
  {"land_initial_vacant", "ha", 0.0, 0.0, kInf, false,
   "usable, unallocated industrial land at the start",
   "assumption", "初始可用空地", "initial vacant land"},
  {"floor_development_time", "yr", 2.0, 0.0, kInf, true,
   "mean delay from floor-space programme to completed high-rise factory floor",
   "assumption", "厂房建设时间", "floor construction time"},
  {"floor_allocation_time", "yr", 0.5, 0.0, kInf, true,
   "time to let completed factory floor; allocation per year is at most vacant floor / this",
   "assumption", "厂房招租时间", "floor letting time"},
  {"floor_initial_vacant", "万m²", 0.0, 0.0, kInf, false,
   "completed, unlet high-rise factory floor at the start",
   "assumption", "初始空置厂房", "initial vacant floor"},
  {"smooth_min_sharpness", "1", 16.0, 0.0, 64.0, false,
   "exponent k of the smooth minimum of capacities and demand (2,4,...,64; 0 = hard minimum)",
   "assumption (numerical smoothing)", "平滑最小值锐度", "smooth-minimum sharpness"},
}};

inline constexpr std::array<LeverInfo, kNumLevers> kLeverInfo{{
  {"fund", "亿元/yr", false, "government industry-fund money committed to the cluster per year", "产业基金", "industry fund"},
  {"land", "ha/yr", true, "industrial land released per year (region pool or earmarked)", "工业用地", "industrial land"},
  {"floor", "万m²/yr", true, "high-rise factory floor started per year (region pool or earmarked)", "工业上楼厂房", "high-rise factory floor"},
  {"talent", "persons/yr", true, "talent programme arrivals per year (region pool or earmarked)", "人才引进", "talent programme"},
}};
// clang-format on

constexpr const ParamInfo& info(ClusterParam p) { return kClusterParamInfo[static_cast<int>(p)]; }
constexpr const ParamInfo& info(RegionParam p) { return kRegionParamInfo[static_cast<int>(p)]; }
constexpr const LeverInfo& info(Lever l) { return kLeverInfo[static_cast<int>(l)]; }

std::optional<ClusterParam> find_cluster_param(std::string_view key);
std::optional<RegionParam> find_region_param(std::string_view key);
std::optional<Lever> find_lever(std::string_view key);

// True when `v` lies in the admissible range of `p`.
bool in_range(const ParamInfo& p, double v);

}  // namespace clustersim
