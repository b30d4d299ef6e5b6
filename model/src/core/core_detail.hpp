// Helpers shared by the core's source files (not part of the public API).
#pragma once

#include <array>
#include <sstream>
#include <string>

#include "clustersim/core/params.hpp"
#include "clustersim/core/state.hpp"

namespace clustersim::detail {

inline constexpr double kTiny = 1e-300;
inline constexpr double kTimeEps = 1e-9;  // breakpoints closer than this are the same instant
// Time over which a project's fund draw tapers off as the fund runs dry (E25): short against
// every time constant of the model, so that the draw is the project's share until the fund is
// nearly empty, and the fund never goes negative.
inline constexpr double kFundDrawTime = 0.05;

constexpr int idx(ClusterParam p) { return static_cast<int>(p); }
constexpr int idx(RegionParam p) { return static_cast<int>(p); }
constexpr int idx(Lever l) { return static_cast<int>(l); }
constexpr int idx(Factor f) { return static_cast<int>(f); }

inline std::string fmt_num(double v, int precision = 6) {
  std::ostringstream os;
  os.precision(precision);
  os << v;
  return os.str();
}

inline constexpr std::array<ClusterParam, kNumSpaceTypes> kYield{ClusterParam::LandYield,
                                                                ClusterParam::FloorYield};
inline constexpr std::array<ClusterParam, kNumSpaceTypes> kSuitability{
    ClusterParam::LandSuitability, ClusterParam::FloorSuitability};
inline constexpr std::array<RegionParam, kNumSpaceTypes> kDevTime{
    RegionParam::LandDevelopmentTime, RegionParam::FloorDevelopmentTime};
inline constexpr std::array<RegionParam, kNumSpaceTypes> kAllocTime{
    RegionParam::LandAllocationTime, RegionParam::FloorAllocationTime};
inline constexpr std::array<RegionParam, kNumSpaceTypes> kInitialVacant{
    RegionParam::LandInitialVacant, RegionParam::FloorInitialVacant};
inline constexpr std::array<Lever, kNumSpaceTypes> kSpaceLever{Lever::Land, Lever::Floor};
inline constexpr std::array<Stock, kNumSpaceTypes> kOccupied{Stock::SpaceLand, Stock::SpaceFloor};
inline constexpr std::array<Stock, kNumSpaceTypes> kEarmark{Stock::EarmarkLand,
                                                           Stock::EarmarkFloor};
inline constexpr std::array<Stock, kNumSpaceTypes> kCumAlloc{Stock::CumAllocLand,
                                                            Stock::CumAllocFloor};
inline constexpr std::array<Stock, kNumSpaceTypes> kCumEarmarkSupply{
    Stock::CumEarmarkSupplyLand, Stock::CumEarmarkSupplyFloor};
inline constexpr std::array<Stock, kNumSpaceTypes> kCumEarmarkDev{Stock::CumEarmarkDevLand,
                                                                 Stock::CumEarmarkDevFloor};
inline constexpr std::array<RegionStock, kNumSpaceTypes> kPipeline{RegionStock::LandPipeline,
                                                                  RegionStock::FloorPipeline};
inline constexpr std::array<RegionStock, kNumSpaceTypes> kVacant{RegionStock::LandVacant,
                                                                RegionStock::FloorVacant};
inline constexpr std::array<RegionStock, kNumSpaceTypes> kCumReleased{
    RegionStock::CumLandReleased, RegionStock::CumFloorReleased};
inline constexpr std::array<RegionStock, kNumSpaceTypes> kCumDeveloped{
    RegionStock::CumLandDeveloped, RegionStock::CumFloorDeveloped};

}  // namespace clustersim::detail
