#include "clustersim/core/spec.hpp"

#include <string>

namespace clustersim {

std::array<double, kNumClusterParams> default_cluster_params() {
  std::array<double, kNumClusterParams> p{};
  for (int k = 0; k < kNumClusterParams; ++k) p[k] = kClusterParamInfo[k].default_value;
  return p;
}

std::array<double, kNumRegionParams> default_region_params() {
  std::array<double, kNumRegionParams> p{};
  for (int k = 0; k < kNumRegionParams; ++k) p[k] = kRegionParamInfo[k].default_value;
  return p;
}

ModelSpec default_spec(int n, int start_year, int end_year) {
  ModelSpec spec;
  spec.start_year = start_year;
  spec.end_year = end_year;
  spec.clusters.resize(n);
  for (int i = 0; i < n; ++i) {
    spec.clusters[i].id = "c" + std::to_string(i);
    spec.clusters[i].baseline_output = 100.0;
    spec.clusters[i].params = default_cluster_params();
  }
  spec.region = default_region_params();
  spec.io.resize(n, n);
  spec.local_share.resize(n, n);
  spec.spillover.resize(n, n);
  for (auto& l : spec.levers) l = Eigen::MatrixXd::Zero(n + 1, spec.num_years());
  return spec;
}

}  // namespace clustersim
