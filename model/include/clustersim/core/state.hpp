// The state vector of the model: which stock sits where.
//
// Per-cluster stocks are stored as blocks of n values (structure of arrays). The state starts with
// the dynamic stocks (the model proper: clusters, then the region), followed by accumulators that
// integrate flows so that annual figures are exact integrals over calendar years. Keeping the
// dynamic part contiguous lets a solver treat it apart (e.g. in its error norm).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace clustersim {

enum class Stock : int {
  // --- dynamic (docs/model.md section in brackets)
  Market,             // market the cluster sells into, 亿元/yr (§2 E1-E2)
  Share,              // the cluster's share of it (§2 E5; 1 for an own market)
  ShareDrift,         // baseline share × exogenous drift of the target share (§2 E5)
  CapacityReference,  // potential output / market at the start (constant; §2 E5)
  ExpectedDemand,     // §4 E12
  SmoothedOutput,     // §4 E11
  Pipeline1,          // market-driven capital under construction, DELAY3 (§5 E19)
  Pipeline2,
  Pipeline3,
  PolicyPipeline1,    // fund-backed capital under construction, DELAY3 (§5 E19)
  PolicyPipeline2,
  PolicyPipeline3,
  Capital,            // productive capital (§5 E21)
  PolicyCapital,      // the part of it from funds and named projects (§5 E21)
  ProjectWip,         // named projects being built (§5 E20)
  ProjectRamp,        // completed projects ramping up (§5 E20)
  FundUndeployed,     // fund money committed, not yet deployed (§6 E23)
  Skilled,            // skilled staff (§7 E29)
  Workers,            // production workers (§7 E29)
  Knowledge,          // §9 E36
  Productivity,       // §9 E37
  SpaceLand,          // occupied land (§8 E33, E35)
  SpaceFloor,         // occupied floor
  EarmarkLand,        // land being developed for this cluster (§8 E33)
  EarmarkFloor,
  // --- accumulators (annual flows)
  CumOutput,
  CumDemand,
  CumFinalDemand,
  CumCapacityCapital,
  CumCapacityLabour,
  CumCapacitySpace,
  CumInvestmentPrivate,
  CumInvestmentFund,
  CumInvestmentProject,
  CumProjectFund,
  CumCompletions,
  CumFundCommitted,
  CumFundDeployed,
  CumHiresSkilled,
  CumHiresWorkers,
  CumTalentEarmarked,
  CumAttritionSkilled,
  CumAttritionWorkers,
  CumAllocLand,
  CumAllocFloor,
  CumEarmarkSupplyLand,
  CumEarmarkSupplyFloor,
  CumEarmarkDevLand,
  CumEarmarkDevFloor,
  kCount
};
inline constexpr int kNumStocks = static_cast<int>(Stock::kCount);
inline constexpr int kFirstClusterAccumulator = static_cast<int>(Stock::CumOutput);

// Region-wide stocks (one value each).
enum class RegionStock : int {
  // --- dynamic
  SkilledPool,    // §7 E30
  WorkerPool,     // §7 E30
  WageIndex,      // relative wage of production workers (§7 E31)
  // Baseline references of the market inflows (§7 E31), fixed at the start (constant stocks, so
  // that a run restarted from a saved initial state uses the same ones).
  SkilledInflowRef,   // skilled market inflow at the start, persons/yr
  SkilledVacancyRef,  // open skilled positions at the start
  SkilledSlope,       // extra skilled inflow per extra open position (elasticity × hires / positions)
  WorkerInflowRef,
  WorkerVacancyRef,
  WorkerSlope,
  UnplacedRef,        // share of production workers unplaced (in the pool) at the start
  LandPipeline,   // §8 E32
  FloorPipeline,
  LandVacant,
  FloorVacant,
  // --- accumulators
  CumLandReleased,
  CumFloorReleased,
  CumLandDeveloped,
  CumFloorDeveloped,
  CumTalentProgramme,
  CumSkilledInflow,
  CumWorkerInflow,
  CumSkilledReturned,
  CumWorkersReturned,
  CumSkilledLeft,
  CumWorkersLeft,
  CumSkilledHired,
  CumWorkersHired,
  kCount
};
inline constexpr int kNumRegionStocks = static_cast<int>(RegionStock::kCount);
inline constexpr int kFirstRegionAccumulator = static_cast<int>(RegionStock::CumLandReleased);

std::string_view stock_name(Stock s);
std::string_view stock_name(RegionStock s);

// Index arithmetic: [cluster dynamic blocks | region dynamic | cluster accumulator blocks |
// region accumulators].
struct StateLayout {
  int n = 0;
  int size() const { return kNumStocks * n + kNumRegionStocks; }
  // Length of the dynamic prefix (everything before the accumulators).
  int dynamic_size() const { return kFirstClusterAccumulator * n + kFirstRegionAccumulator; }
  int at(Stock s, int cluster) const {
    const int k = static_cast<int>(s);
    return k < kFirstClusterAccumulator ? k * n + cluster
                                        : dynamic_size() + (k - kFirstClusterAccumulator) * n +
                                              cluster;
  }
  int at(RegionStock s) const {
    const int k = static_cast<int>(s);
    return k < kFirstRegionAccumulator ? kFirstClusterAccumulator * n + k
                                       : kNumStocks * n + k;
  }
  // First index of a stock's block of n values.
  int block(Stock s) const { return at(s, 0); }
  // "capital of cluster ic" style description of state index `k`, for error messages.
  std::string describe(int k, const std::vector<std::string>& cluster_ids) const;
  // The stock at state index `k` and its cluster (-1 for a region stock).
  struct Place {
    std::string_view stock;
    int cluster = -1;
  };
  Place place(int k) const;
};

}  // namespace clustersim
