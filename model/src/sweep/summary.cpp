#include "clustersim/sweep/summary.hpp"

#include <limits>
#include <numeric>

namespace clustersim::sweep {

namespace {

// Rows of the table that are a sample of the declared distributions (for probabilities).
Eigen::Index sample_rows(const SweepResult& r) {
  return r.method == Method::MonteCarlo ? r.table.inputs.rows() : 0;
}

}  // namespace

std::vector<TargetProbability> target_probabilities(const scenario::Scenario& s,
                                                    const SweepResult& result, double confidence) {
  const RunTable& t = result.table;
  const Eigen::Index rows = sample_rows(result);
  std::vector<TargetProbability> out;
  for (std::size_t k = 0; k < s.targets.size(); ++k) {
    const auto& target = s.targets[k];
    const auto col = static_cast<Eigen::Index>(k);
    TargetProbability p;
    p.target = static_cast<int>(k);
    std::vector<double> projected, first;
    std::vector<long> per_year(static_cast<std::size_t>(s.spec.num_years()), 0);
    long never = 0;
    for (Eigen::Index r = 0; r < rows; ++r) {
      if (!t.ok[r]) continue;
      ++p.runs;
      const double v = t.projected(r, col);
      projected.push_back(v / target.unit_factor);
      if (v >= target.value) ++p.reached;
      const int fy = t.first_year(r, col);
      if (fy == 0) {
        ++never;
      } else {
        first.push_back(fy);
        ++per_year[static_cast<std::size_t>(fy - s.spec.start_year)];
      }
    }
    p.probability = proportion(p.reached, p.runs, confidence);
    const Eigen::VectorXd q = quantiles(projected, {0.05, 0.5, 0.95});
    p.p05 = q(0);
    p.p50 = q(1);
    p.p95 = q(2);
    if (!first.empty()) p.first_year_median = quantiles(first, {0.5})(0);
    p.never_share = p.runs > 0 ? static_cast<double>(never) / static_cast<double>(p.runs) : 0.0;
    for (std::size_t y = 0; y < per_year.size(); ++y) {
      p.first_years.emplace_back(s.spec.start_year + static_cast<int>(y),
                                 p.runs > 0 ? static_cast<double>(per_year[y]) / static_cast<double>(p.runs) : 0.0);
    }
    p.first_years.emplace_back(0, p.never_share);
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<Band> bands(const scenario::Scenario& s, const SweepResult& result) {
  const RunTable& t = result.table;
  const int years = s.spec.num_years();
  std::vector<Band> out;
  Eigen::Index c = 0;
  std::vector<double> column;
  column.reserve(static_cast<std::size_t>(t.bands.rows()));
  for (std::size_t i = 0; i < s.clusters.size(); ++i) {
    for (ClusterVar v : kBandVariables) {
      for (int y = 0; y < years; ++y, ++c) {
        column.clear();
        for (Eigen::Index r = 0; r < t.bands.rows(); ++r) {
          if (t.ok[r]) column.push_back(static_cast<double>(t.bands(r, c)));
        }
        Band b;
        b.cluster = static_cast<int>(i);
        b.variable = v;
        b.year = s.spec.start_year + y;
        b.percentiles = quantiles(column, kBandProbabilities);
        b.mean = column.empty() ? std::numeric_limits<double>::quiet_NaN()
                                : std::accumulate(column.begin(), column.end(), 0.0) /
                                      static_cast<double>(column.size());
        out.push_back(std::move(b));
      }
    }
  }
  return out;
}

}  // namespace clustersim::sweep
