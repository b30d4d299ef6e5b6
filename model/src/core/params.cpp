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

}  // namespace clustersim
