#include "clustersim/analysis/targets.hpp"

#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

namespace clustersim::analysis {

std::optional<double> cagr(double from, double to, int years) {
  if (years <= 0 || !(from > 0.0) || !(to >= 0.0)) return std::nullopt;
  return std::pow(to / from, 1.0 / years) - 1.0;
}

namespace {

// Canonical annual output of a target's subject (one cluster or the sum) in a year.
double subject_output(const RunResult& run, int cluster_index, int year) {
  if (cluster_index >= 0) return run.value(ClusterVar::Output, cluster_index, year);
  const int col = year - run.start_year;
  return run.cluster[static_cast<int>(ClusterVar::Output)].col(col).sum();
}

// The constraint under which most of the summed output was produced: a policy question about
// "all clusters" is answered by where the bulk of the output is limited.
Constraint dominant_binding(const RunResult& run, int year) {
  std::array<double, kNumConstraints> share{};
  const auto& out = run.cluster[static_cast<int>(ClusterVar::Output)];
  const int col = year - run.start_year;
  for (int i = 0; i < out.rows(); ++i) share[run.binding(i, col)] += out(i, col);
  int best = 0;
  for (int c = 1; c < kNumConstraints; ++c)
    if (share[c] > share[best]) best = c;  // ties: the earlier constraint (capital first)
  return static_cast<Constraint>(best);
}

}  // namespace

std::vector<TargetRow> evaluate_targets(const scenario::Scenario& scenario, const RunResult& run) {
  const int n = static_cast<int>(run.cluster_ids.size());
  if (static_cast<int>(scenario.clusters.size()) != n ||
      static_cast<int>(scenario.spec.clusters.size()) != n)
    throw std::invalid_argument("the run and the scenario have different clusters");

  std::vector<TargetRow> rows;
  rows.reserve(scenario.targets.size());
  for (const auto& t : scenario.targets) {
    const bool all = t.cluster_index < 0;
    if (t.cluster_index >= n)
      throw std::invalid_argument("target on cluster '" + t.cluster + "' outside the run");
    if (t.year < run.start_year || t.year > run.end_year)
      throw std::invalid_argument("target year " + std::to_string(t.year) + " of '" + t.cluster +
                                  "' outside the simulated years " +
                                  std::to_string(run.start_year) + "-" +
                                  std::to_string(run.end_year));
    const double factor = t.unit_factor > 0.0 ? t.unit_factor : 1.0;

    TargetRow r;
    r.cluster = t.cluster;
    if (all) {
      r.name = "各集群合计";
      r.name_en = "all clusters";
    } else {
      r.name = scenario.clusters[t.cluster_index].name;
      r.name_en = scenario.clusters[t.cluster_index].name_en;
    }
    r.year = t.year;
    r.target = t.value / factor;
    const double projected = subject_output(run, t.cluster_index, t.year);
    r.projected = projected / factor;
    if (t.value != 0.0) r.gap_pct = (projected - t.value) / t.value * 100.0;
    // Compare in canonical units so that `reached` and `first_year_reached` agree exactly.
    r.reached = projected >= t.value;
    for (int y = run.start_year; y <= run.end_year; ++y) {
      if (subject_output(run, t.cluster_index, y) >= t.value) {
        r.first_year_reached = y;
        break;
      }
    }
    // The growth rates start from the scenario's baseline figure (the published statistic the
    // target was set against), not from the simulated baseline year, which reproduces it only
    // to the calibration tolerance.
    double baseline = 0.0;
    if (all) {
      for (const auto& c : scenario.spec.clusters) baseline += c.baseline_output;
    } else {
      baseline = scenario.spec.clusters[t.cluster_index].baseline_output;
    }
    r.baseline_year = scenario.spec.start_year;
    r.baseline = baseline / factor;
    const int span = t.year - scenario.spec.start_year;
    r.cagr_required = cagr(baseline, t.value, span);
    r.cagr_projected = cagr(baseline, projected, span);
    r.binding = all ? dominant_binding(run, t.year) : run.binding_at(t.cluster_index, t.year);
    r.measure = t.measure;
    r.unit = t.unit;
    r.unit_factor = factor;
    r.source = t.source;
    r.label = t.label;
    rows.push_back(std::move(r));
  }
  return rows;
}

std::vector<ComparisonRow> compare(const std::vector<TargetRow>& a, const std::vector<TargetRow>& b) {
  auto same = [](const TargetRow& x, const TargetRow& y) {
    return x.cluster == y.cluster && x.year == y.year && x.measure == y.measure;
  };
  auto base_row = [](const TargetRow& r) {
    ComparisonRow c;
    c.cluster = r.cluster;
    c.name = r.name;
    c.name_en = r.name_en;
    c.year = r.year;
    c.measure = r.measure;
    c.unit = r.unit;
    c.target = r.target;
    return c;
  };

  std::vector<ComparisonRow> rows;
  std::vector<bool> used(b.size(), false);
  for (const auto& ra : a) {
    ComparisonRow c = base_row(ra);
    c.projected_a = ra.projected;
    c.reached_a = ra.reached;
    for (std::size_t j = 0; j < b.size(); ++j) {
      if (used[j] || !same(ra, b[j])) continue;
      used[j] = true;
      // B's figure in A's unit, through the canonical value.
      const double pb = b[j].projected * b[j].unit_factor / ra.unit_factor;
      c.projected_b = pb;
      c.reached_b = b[j].reached;
      c.difference = pb - ra.projected;
      if (ra.projected != 0.0) c.difference_pct = (pb - ra.projected) / ra.projected * 100.0;
      break;
    }
    rows.push_back(std::move(c));
  }
  for (std::size_t j = 0; j < b.size(); ++j) {
    if (used[j]) continue;
    ComparisonRow c = base_row(b[j]);
    c.projected_b = b[j].projected;
    c.reached_b = b[j].reached;
    rows.push_back(std::move(c));
  }
  return rows;
}

}  // namespace clustersim::analysis
