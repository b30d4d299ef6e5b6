#include "clustersim/core/params.hpp"

#include <cmath>

namespace clustersim {
namespace {

template <typename Enum, typename Table>
std::optional<Enum> find_key(const Table& table, std::string_view key) {
  for (std::size_t k = 0; k < table.size(); ++k) {
    if (table[k].key == key) return static_cast<Enum>(k);
  }
  return std::nullopt;
}

}  // namespace

std::optional<ClusterParam> find_cluster_param(std::string_view key) {
  return find_key<ClusterParam>(kClusterParamInfo, key);
}
std::optional<RegionParam> find_region_param(std::string_view key) {
  return find_key<RegionParam>(kRegionParamInfo, key);
}
std::optional<Lever> find_lever(std::string_view key) { return find_key<Lever>(kLeverInfo, key); }

bool in_range(const ParamInfo& p, double v) {
  if (std::isnan(v)) return std::isnan(p.default_value);  // "derive it" is allowed where default
  if (v > p.upper) return false;
  return p.lower_open ? v > p.lower : v >= p.lower;
}

Plausibility plausibility(double lower, double upper, double v) {
  if (std::isnan(v)) return Plausibility::Plausible;  // "derive it": nothing to judge
  if (v >= lower && v <= upper) return Plausibility::Plausible;
  if (lower > 0.0) {
    return v < lower / 100.0 || v > upper * 100.0 ? Plausibility::Absurd : Plausibility::Unusual;
  }
  const double width = upper - lower;
  if (!(width > 0.0) || std::isinf(width)) return Plausibility::Unusual;
  return v < lower - 10.0 * width || v > upper + 10.0 * width ? Plausibility::Absurd
                                                                : Plausibility::Unusual;
}

}  // namespace clustersim
