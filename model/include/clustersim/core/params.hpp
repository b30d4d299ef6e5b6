// Parameter tables of the cluster model: one row per parameter with its key, canonical unit,
// default, admissible range, plausible range, meaning, source and display names. The equations
// that use each parameter are in docs/model.md; the scenario layer, the JSON Schema, the
// plausibility guards and the documentation all read these tables, so a parameter is declared
// exactly once.
//
// Canonical units: money 亿元 (1e8 yuan), time years, area ha (= 万m²), people persons.
// Sources cite data/sources.csv by [id].
#pragma once

#include <array>
#include <cstddef>
#include <limits>
#include <optional>
#include <string_view>

namespace clustersim {

// Per-cluster parameters, grouped by the sections of docs/model.md. The order is the storage
// order of ClusterSpec::params.
enum class ClusterParam : int {
  // §2 demand and market share
  MarketGrowth,
  MarketSize,
  BassInnovation,
  BassImitation,
  BassSaturationMultiple,
  ShareCapacityElasticity,
  ShareProductivityElasticity,
  ShareAdjustmentTime,
  ShareTrend,
  MarketScale,
  OutputScale,
  // §4 expectations and planning
  DemandExpectationTime,
  OutputSmoothingTime,
  ForecastHorizon,
  DesiredUtilisation,
  // §5 capital
  CapitalOutputRatio,
  DepreciationLife,
  ConstructionTime,
  CapitalAdjustmentTime,
  SupplyLineWeight,
  MaxInvestmentShare,
  ProjectRampTime,
  SiteAbsorptionTime,
  // §6 funds
  FundLeverage,
  FundAdditionality,
  FundDeploymentTime,
  MaxFundAbsorption,
  FundHurdleUtilisation,
  // §7 labour
  LabourProductivity,
  SkilledShare,
  HiringTime,
  AttritionTime,
  AttritionReturnShare,
  // §9 knowledge
  KnowledgeObsolescence,
  KnowledgeElasticity,
  // §8 space
  LandYield,
  FloorYield,
  LandSuitability,
  FloorSuitability,
  SpaceRequestTime,
  SiteRequestLead,
  Priority,
  kCount
};
inline constexpr int kNumClusterParams = static_cast<int>(ClusterParam::kCount);

// Region-wide parameters of the shared pools and of the numerics.
enum class RegionParam : int {
  TalentMatchingTime,
  TalentLeaveTime,
  WorkerLeaveTime,
  PoolUtilisation,
  SkilledInflowElasticity,
  WorkerInflowElasticity,
  WorkerWageElasticity,
  WageCurveElasticity,
  WageAdjustmentTime,
  SkilledInflowCeiling,
  WorkerInflowCeiling,
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
  // Plausible range: a value outside it is allowed but warned about; a value orders of
  // magnitude outside it is refused (see implausibility() below).
  double plausible_lower;
  double plausible_upper;
  std::string_view meaning;  // economic meaning, one line
  std::string_view source;   // [id] of data/sources.csv with the figure, or "assumption: ..."
  std::string_view label_zh{};  // display name in Chinese (charts, review pack, simulator)
  std::string_view label_en{};  // display name in English
};

struct LeverInfo {
  std::string_view key;
  std::string_view unit;
  bool region_allowed;  // may the lever feed the region's shared pool?
  double plausible_upper;  // per year, for one cluster or the region
  std::string_view meaning;
  std::string_view label_zh{};
  std::string_view label_en{};
};

inline constexpr double kInf = std::numeric_limits<double>::infinity();
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// clang-format off
inline constexpr std::array<ParamInfo, kNumClusterParams> kClusterParamInfo{{
  // ---- §2 demand and market share
  {"market_growth", "1/yr", 0.05, -1.0, kInf, true, -0.2, 0.5,
   "annual growth rate of the market the cluster sells into (the wider market for a share market, the cluster's own final market otherwise)",
   "assumption; the shipped scenarios derive it from the market's published series",
   "市场增长率", "market growth"},
  {"market_size", "亿元/yr", kNaN, 0.0, kInf, true, 1.0, 1.0e6,
   "size of the wider market in the baseline year (annual sales); the cluster's initial share is its final demand over this",
   "share markets only; the shipped scenarios take it from the market's published series",
   "市场规模", "market size"},
  {"bass_innovation", "1/yr", 0.03, 0.0, kInf, false, 0.001, 0.1,
   "Bass diffusion coefficient of innovation p (Bass market)",
   "assumption: typical p ≈ 0.03 in the Bass-model literature [bass-1969]",
   "Bass创新系数", "Bass innovation coefficient"},
  {"bass_imitation", "1/yr", 0.38, 0.0, kInf, false, 0.05, 1.5,
   "Bass diffusion coefficient of imitation q (Bass market)",
   "assumption: typical q ≈ 0.38 in the Bass-model literature [bass-1969]",
   "Bass模仿系数", "Bass imitation coefficient"},
  {"bass_saturation_multiple", "1", 3.0, 1.0, kInf, true, 1.05, 20.0,
   "saturated market as a multiple of the market's baseline-year rate (Bass market)",
   "assumption",
   "市场饱和倍数", "market saturation multiple"},
  {"share_capacity_elasticity", "1", 0.5, 0.0, 1.0, false, 0.2, 0.9,
   "elasticity of the cluster's target market share to its capacity relative to the market (0: demand-led; 1: sells all it can make)",
   "assumption: capacity wins orders through delivery and availability (Forrester's market-growth model [forrester-1968]); long-run export shares follow capacity growth closely, i.e. near 1 [krugman-1989]; sweep 0.2-0.9",
   "份额对产能弹性", "share elasticity to capacity"},
  {"share_productivity_elasticity", "1", 0.5, 0.0, 1.0, false, 0.0, 1.0,
   "elasticity of the target market share to the cluster's productivity relative to its baseline",
   "assumption: cost and quality advantage from know-how; sweep 0-1",
   "份额对生产率弹性", "share elasticity to productivity"},
  {"share_adjustment_time", "yr", 2.0, 0.0, kInf, true, 0.5, 5.0,
   "time for buyers to move orders toward the target share (supplier qualification)",
   "assumption: qualifying a new wafer or vehicle-parts supplier takes 1-3 years",
   "份额调整时间", "share adjustment time"},
  {"share_trend", "1/yr", 0.0, -1.0, kInf, true, -0.15, 0.3,
   "exogenous drift of the target share (import substitution, national policy, brand) not explained by capacity or know-how",
   "assumption; derived from the cluster's share history where it exists",
   "份额趋势", "share trend"},
  {"market_scale", "1", 1.0, 0.0, kInf, false, 0.0, 2.0,
   "multiplier on the cluster's final demand; events use it for shocks such as a licence moving away",
   "1 (neutral)",
   "市场规模系数", "market scale"},
  {"output_scale", "1", 1.0, 0.0, kInf, false, 0.0, 2.0,
   "multiplier on output as counted for the cluster (statistical attribution); event target 'output'",
   "1 (neutral)",
   "产值计入系数", "output scale"},
  // ---- §4 expectations and planning
  {"demand_expectation_time", "yr", 1.0, 0.0, kInf, true, 0.25, 3.0,
   "averaging time of expected demand (first-order smoothing), also the trend's reference",
   "assumption (Sterman 2000, TREND function [sterman-2000])",
   "需求预期平滑时间", "demand expectation time"},
  {"output_smoothing_time", "yr", 0.5, 0.0, kInf, true, 0.1, 2.0,
   "averaging time of reported output used by buyers (intermediate demand) and for finance",
   "assumption",
   "产出平滑时间", "output smoothing time"},
  {"forecast_horizon", "yr", 2.0, 0.0, kInf, false, 0.0, 5.0,
   "how far ahead investors extrapolate the demand trend (Sterman's FORECAST)",
   "assumption (about one construction time)",
   "需求预测期", "forecast horizon"},
  {"desired_utilisation", "1", 0.85, 0.0, 1.0, true, 0.6, 0.95,
   "capacity utilisation investors and employers plan for; desired capacity = forecast demand / this",
   "assumption",
   "目标产能利用率", "desired utilisation"},
  // ---- §5 capital
  {"capital_output_ratio", "yr", 0.6, 0.0, kInf, true, 0.1, 5.0,
   "productive capital needed per unit of annual output capacity (亿元 per 亿元/yr)",
   "derived with assumptions: Pingshan 2023 fixed-asset investment 732.87 / 规上 output ≈ 5,050 亿元 = 0.145 = (K/Y)(1/life + growth), life 10 yr, growth 15%/yr (assumption) [szpsq-ps-2023]; projects: SiC substrates 32.7 亿元 capex → ≥ 21.9 亿元/yr (1.49) [dutenews-tianke], BYD 深汕 ≈ 200 → ≈ 1,000 亿元/yr (0.2) [fuyihb-byd-shanwei]",
   "资本产出比", "capital–output ratio"},
  {"depreciation_life", "yr", 10.0, 0.0, kInf, true, 3.0, 30.0,
   "average life of productive capital; depreciation = capital / life",
   "企业所得税法实施条例 Art. 60: production equipment 10 yr, buildings 20 yr, electronics 3 yr [cit-regs-art60]",
   "折旧年限", "depreciation life"},
  {"construction_time", "yr", 1.5, 0.0, kInf, true, 0.25, 5.0,
   "mean delay from investment to productive capital (DELAY3)",
   "assumption; fabs ≈ 682 days world average, 701 in China, from start to production [cset-fab-time]",
   "建设周期", "construction time"},
  {"capital_adjustment_time", "yr", 3.0, 0.0, kInf, true, 1.0, 6.0,
   "time over which investors close the gap between desired and actual capital",
   "assumption (stock-management rule, typical 1-5 yr [sterman-2000])",
   "资本调整时间", "capital adjustment time"},
  {"supply_line_weight", "1", 1.0, 0.0, 1.0, false, 0.2, 1.0,
   "weight investors give to capital already under construction (Sterman's beta; 1 = rational)",
   "assumption; experimental subjects near 0.3 [sterman-1987]",
   "在建工程权重", "supply-line weight"},
  {"max_investment_share", "1", 0.3, 0.0, kInf, false, 0.05, 1.5,
   "financing cap: market-driven private investment per year at most this share of (smoothed) output",
   "assumption; fab capex/revenue ≈ 0.9 in an expansion year (SMIC 2022) [telecomlead-smic], Pingshan fixed-asset investment / 规上 output ≈ 0.145 (2023) [szpsq-ps-2023]",
   "投资融资上限", "financing cap (share of output)"},
  {"project_ramp_time", "yr", 1.25, 0.0, kInf, true, 0.25, 3.0,
   "time a completed major project takes to reach full output (95% of it; first-order ramp with a third of this as mean)",
   "fab ramp 1-1.5 yr after start of production [cset-fab-time]",
   "项目爬坡时间", "project ramp-up time"},
  {"site_absorption_time", "yr", 0.5, 0.0, kInf, true, 0.1, 2.0,
   "time to put free sites to use: investment per year is at most the capital the cluster's unused sites can host / this",
   "assumption",
   "场地吸纳时间", "site absorption time"},
  // ---- §6 funds
  {"fund_leverage", "1", 3.3, 0.0, kInf, true, 1.0, 6.1,
   "investment financed per 亿元 of fund money deployed (fund money plus the co-investment it draws in)",
   "Shenzhen guidance fund ≈ 3.3× (derived: > 1,500 亿元 paid in, ≈ 5,000 in sub-funds) to 4.5× (claimed), 6.1× market sub-funds [dutenews-guidance-fund]; 1 when the fund amounts are total fund sizes",
   "基金杠杆倍数", "fund leverage"},
  {"fund_additionality", "1", 0.6, 0.0, 1.0, false, 0.3, 1.0,
   "share of fund-backed (and named-project) capital that market-driven investors do not offset by investing less; crowding-out = 1 - this",
   "unknown for China's guidance funds: sweep 0.3-1 [colonnelli-2022]",
   "基金额外性", "fund additionality"},
  {"fund_deployment_time", "yr", 2.0, 0.0, kInf, true, 0.5, 5.0,
   "mean delay between fund commitment and money reaching projects, when the cluster can absorb it",
   "assumption (a fund's investment period is about 5 years)",
   "基金投放时间", "fund deployment time"},
  {"max_fund_absorption", "1/yr", 0.3, 0.0, kInf, false, 0.1, 1.0,
   "absorptive capacity: fund-backed investment per year at most this share of the cluster's capital (the pipeline of bankable projects)",
   "assumption; Pingshan fixed-asset investment grew 20.9% in 2023 and industrial investment 54.9% in Jan-Nov 2023 [szpsq-ps-2023]",
   "基金吸纳上限", "maximum fund absorption"},
  {"fund_hurdle_utilisation", "1", 0.7, 0.0, 1.0, true, 0.5, 0.85,
   "the project pipeline: funds back capacity until the cluster's expected demand would use it at this utilisation (lower than investors' desired utilisation: funds build ahead of demand)",
   "assumption: guidance funds back strategic capacity ahead of demand, but not capacity no market would use; sweep 0.5-0.85",
   "基金项目利用率门槛", "fund hurdle utilisation"},
  // ---- §7 labour
  {"labour_productivity", "亿元/person/yr", 0.02, 0.0, kInf, true, 0.002, 0.2,
   "annual output per worker at baseline know-how",
   "assumption; IC industry ≈ 174万元/person (2021, derived) [eepw-ic-productivity], IC design 193万元 (2019) [ascthink-ic-productivity], 深汕 auto ≈ 280万元 (3.6万 jobs for ≈ 1,000 亿元/yr) [fuyihb-byd-shanwei]",
   "劳动生产率", "labour productivity"},
  {"skilled_share", "1", 0.2, 0.0, 1.0, false, 0.05, 0.6,
   "share of the cluster's workforce that must be skilled talent (degree holders: engineers, R&D); the rest are production workers",
   "assumption; Shenzhen's R&D staff are ≈ 4% of its workforce (46.1万 FTE, 2023) [nfdaily-sz-rd-2023] and its talent intake counts all degree holders",
   "人才占比", "skilled share of workforce"},
  {"hiring_time", "yr", 0.5, 0.0, kInf, true, 0.1, 2.0,
   "time to fill vacancies when the pools are ample; also the lead with which employers hire for capital about to come on line",
   "assumption",
   "招聘时间", "hiring time"},
  {"attrition_time", "yr", 6.0, 0.0, kInf, true, 2.0, 20.0,
   "average tenure; attrition = workforce / this (≈ 17%/yr)",
   "assumption",
   "平均在职年限", "average tenure"},
  {"attrition_return_share", "1", 0.5, 0.0, 1.0, false, 0.2, 0.9,
   "share of leavers who return to the region's pool of their kind (job-to-job moves); the rest leave the region",
   "assumption",
   "离职留深比例", "share of leavers who stay"},
  // ---- §9 knowledge
  {"knowledge_obsolescence", "1/yr", 0.15, 0.0, kInf, true, 0.05, 0.4,
   "rate at which knowledge becomes obsolete",
   "assumption (conventional R&D-capital depreciation rate)",
   "知识折旧率", "knowledge obsolescence"},
  {"knowledge_elasticity", "1", 0.1, 0.0, 1.0, false, 0.0, 0.3,
   "elasticity of productivity to the cluster's knowledge stock",
   "assumption; agglomeration elasticities 0.02-0.08 per doubling [ciccone-hall-1996], learning rates 20-30% per doubling of output [ziegler-trancik-2021]",
   "知识对生产率弹性", "knowledge elasticity of productivity"},
  // ---- §8 space
  {"land_yield", "亿元/ha/yr", 2.67, 0.0, kInf, false, 0.3, 10.0,
   "annual output the capital on one ha of occupied industrial land can produce",
   "high-tech development zones 2.67 亿元/ha, industrial zones 1.30 (2011) [enteach-land-yield]; projects: SiC substrates 21.9 亿元/yr on 7.4 ha (2.96) [dutenews-tianke], BYD 深汕 ≈ 1,000 on 379 ha (2.64) [fuyihb-byd-shanwei]",
   "地均产出", "output per ha of land"},
  {"floor_yield", "亿元/万m²/yr", 2.26, 0.0, kInf, false, 0.3, 10.0,
   "annual output the capital on one 万m² of occupied high-rise factory floor can produce",
   "工业上楼 park ≈ 2.26 万元/m² [highrise-yield-news]",
   "楼面产出", "output per 万m² of floor"},
  {"land_suitability", "1", 1.0, 0.0, 1.0, false, 0.0, 1.0,
   "weight of ground-floor land in the cluster's space needs (0 = cannot use)",
   "assumption",
   "用地适宜性", "land suitability"},
  {"floor_suitability", "1", 1.0, 0.0, 1.0, false, 0.0, 1.0,
   "weight of high-rise floor in the cluster's space needs (0 = cannot use, e.g. fabs)",
   "assumption (fabs need ground-floor sites)",
   "工业上楼适宜性", "high-rise floor suitability"},
  {"space_request_time", "yr", 1.0, 0.0, kInf, true, 0.25, 3.0,
   "time over which a cluster asks for the sites its planned capital lacks",
   "assumption",
   "用地申请时间", "space request time"},
  {"site_request_lead", "yr", 1.0, 0.0, kInf, false, 0.0, 4.0,
   "how far beyond the request time a cluster secures sites: it asks for what its capital in place and under construction needs plus its planned net investment over space_request_time + this",
   "assumption: 1 yr leaves enough free sites that the gate of E22 does not bind in steady growth when land is plentiful (twice site_absorption_time at its default 0.5 yr)",
   "用地储备提前期", "site request lead"},
  {"priority", "1", 1.0, -kInf, kInf, false, -100.0, 100.0,
   "priority in the allocation of the shared land and floor pools (higher is served first)",
   "assumption (policy choice)",
   "供地优先级", "land and floor priority"},
}};

inline constexpr std::array<ParamInfo, kNumRegionParams> kRegionParamInfo{{
  {"talent_matching_time", "yr", 0.25, 0.0, kInf, true, 0.05, 1.0,
   "time for a pool to fill open positions; hires per year are at most pool / this",
   "assumption",
   "人才匹配时间", "matching time"},
  {"talent_leave_time", "yr", 1.0, 0.0, kInf, true, 0.25, 5.0,
   "mean time an unplaced member of the skilled pool stays in the region",
   "assumption",
   "人才滞留时间", "time unplaced talent stays"},
  {"worker_leave_time", "yr", 0.5, 0.0, kInf, true, 0.1, 3.0,
   "mean time an unplaced production worker stays in the region",
   "assumption",
   "工人滞留时间", "time unplaced workers stay"},
  {"pool_utilisation", "1", 0.8, 0.0, 1.0, true, 0.5, 0.95,
   "at the start, baseline hiring as a share of what each pool could fill (sets the initial pools)",
   "assumption",
   "基期人才池利用率", "initial pool utilisation"},
  {"skilled_inflow_elasticity", "1", 1.0, 0.0, kInf, false, 0.2, 3.0,
   "market inflow of skilled talent: extra arrivals per year, as a multiple of baseline hiring, per 100% rise in open skilled positions",
   "assumption; the talent programme (lever) is the measured part of skilled inflow [szgov-talent-2021]",
   "人才流入弹性", "skilled inflow elasticity"},
  {"worker_inflow_elasticity", "1", 1.0, 0.0, kInf, false, 0.2, 3.0,
   "inflow of production workers: extra arrivals per year, as a multiple of baseline hiring, per 100% rise in open positions",
   "assumption",
   "工人流入弹性", "worker inflow elasticity"},
  {"worker_wage_elasticity", "1", 1.0, 0.0, kInf, false, 0.0, 3.0,
   "elasticity of production-worker inflow to the region's relative wage",
   "assumption",
   "工人流入工资弹性", "worker inflow wage elasticity"},
  {"wage_curve_elasticity", "1", 0.1, 0.0, kInf, false, 0.03, 0.3,
   "elasticity of the relative wage to the share of unplaced workers (the wage curve, in magnitude)",
   "≈ 0.1 across countries [blanchflower-oswald-1994]",
   "工资曲线弹性", "wage-curve elasticity"},
  {"wage_adjustment_time", "yr", 1.0, 0.0, kInf, true, 0.25, 5.0,
   "time for the relative wage to follow labour-market tightness",
   "assumption",
   "工资调整时间", "wage adjustment time"},
  {"skilled_inflow_ceiling", "persons/yr", kInf, 0.0, kInf, false, 0.0, kInf,
   "most skilled people a year the region's skilled workforce and pool can grow by, net of departures (programme arrivals included)",
   "inf = none; the shipped scenarios derive it from Shenzhen's talent intake [szgov-talent-2019] [szgov-talent-2021]",
   "人才净增上限", "ceiling on net skilled inflow"},
  {"worker_inflow_ceiling", "persons/yr", kInf, 0.0, kInf, false, 0.0, kInf,
   "most production workers a year the region's labour force can grow by, net of departures",
   "inf = none; the shipped scenarios derive it from Shenzhen's largest yearly resident-population growth [sz-stats-yearbook]",
   "工人净增上限", "ceiling on net worker inflow"},
  {"land_development_time", "yr", 2.0, 0.0, kInf, true, 0.5, 5.0,
   "mean delay from land release (整备/出让) to serviced, usable land",
   "assumption",
   "土地整备时间", "land development time"},
  {"land_allocation_time", "yr", 0.5, 0.0, kInf, true, 0.1, 2.0,
   "time to hand usable land to firms; allocation per year is at most vacant land / this",
   "assumption",
   "土地出让时间", "land allocation time"},
  {"land_initial_vacant", "ha", 0.0, 0.0, kInf, false, 0.0, 1.0e5,
   "usable, unallocated industrial land at the start",
   "assumption",
   "初始可用空地", "initial vacant land"},
  {"floor_development_time", "yr", 2.0, 0.0, kInf, true, 0.5, 5.0,
   "mean delay from floor-space programme to completed high-rise factory floor",
   "assumption",
   "厂房建设时间", "floor construction time"},
  {"floor_allocation_time", "yr", 0.5, 0.0, kInf, true, 0.1, 2.0,
   "time to let completed factory floor; allocation per year is at most vacant floor / this",
   "assumption",
   "厂房招租时间", "floor letting time"},
  {"floor_initial_vacant", "万m²", 0.0, 0.0, kInf, false, 0.0, 1.0e5,
   "completed, unlet high-rise factory floor at the start",
   "assumption",
   "初始空置厂房", "initial vacant floor"},
  {"smooth_min_sharpness", "1", 16.0, 0.0, 64.0, false, 0.0, 64.0,
   "exponent k of the smooth minimum of capacities and demand (2,4,...,64; 0 = hard minimum)",
   "assumption (numerical smoothing)",
   "平滑最小值锐度", "smooth-minimum sharpness"},
}};

inline constexpr std::array<LeverInfo, kNumLevers> kLeverInfo{{
  {"fund", "亿元/yr", false, 2000.0, "government industry-fund money committed to the cluster per year", "产业基金", "industry fund"},
  {"land", "ha/yr", true, 2000.0, "industrial land released per year (region pool or earmarked)", "工业用地", "industrial land"},
  {"floor", "万m²/yr", true, 5000.0, "high-rise factory floor started per year (region pool or earmarked)", "工业上楼厂房", "high-rise factory floor"},
  {"talent", "persons/yr", true, 500000.0, "skilled-talent programme arrivals per year (region pool or earmarked)", "人才引进", "talent programme"},
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

// How far a value lies from the plausible range: Plausible inside it, Unusual outside it (a
// warning), Absurd orders of magnitude outside it (refused unless the user allows it): below
// lower/100 or above upper*100 for ranges of positive values, more than ten range-widths outside
// for ranges that include zero or negative values.
enum class Plausibility : int { Plausible, Unusual, Absurd };
Plausibility plausibility(double lower, double upper, double v);
inline Plausibility plausibility(const ParamInfo& p, double v) {
  return plausibility(p.plausible_lower, p.plausible_upper, v);
}

}  // namespace clustersim
