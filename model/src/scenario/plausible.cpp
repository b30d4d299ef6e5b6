// Plausibility guards (docs/model.md, "Parameters"; docs/scenario-format.md, "Plausibility"):
// every value written in a scenario is judged against the plausible range of the core's tables.
// A value outside it is a warning; one orders of magnitude outside it (a growth rate of 19.8
// meant as 19.8%, a fund of 1e12 亿元/yr) is refused unless the user allows it.
#include <cmath>

#include "clustersim/core/params.hpp"
#include "clustersim/scenario/detail/text.hpp"
#include "clustersim/scenario/detail/tree.hpp"
#include "clustersim/scenario/scenario.hpp"

namespace clustersim::scenario {
namespace {

std::string range_text(double lower, double upper, std::string_view unit) {
  std::string out = "[" + detail::format_number(lower) + ", " + detail::format_number(upper) + "]";
  if (!unit.empty() && unit != "1") out += " " + std::string(unit);
  return out;
}

// A percentage written as a plain number ("19.8" for 19.8%) lands in range once divided by 100.
std::string percent_hint(double lower, double upper, double v) {
  const double f = v / 100.0;
  return std::abs(v) > 1.0 && f >= lower && f <= upper
             ? "; a rate is a fraction per year: write " + detail::format_number(f) + " for " +
                   detail::format_number(v) + "%"
             : std::string();
}

class Judge {
 public:
  explicit Judge(const Scenario& s) : s_(s) {}

  std::vector<Implausible> run() {
    const auto& spec = s_.spec;
    for (std::size_t c = 0; c < spec.clusters.size(); ++c) {
      const std::string base = "clusters." + spec.clusters[c].id + ".params.";
      for (int k = 0; k < kNumClusterParams; ++k) {
        param(base, kClusterParamInfo[static_cast<std::size_t>(k)],
              spec.clusters[c].params[static_cast<std::size_t>(k)]);
      }
    }
    for (int k = 0; k < kNumRegionParams; ++k) {
      param("region.params.", kRegionParamInfo[static_cast<std::size_t>(k)],
            spec.region[static_cast<std::size_t>(k)]);
    }
    for (int l = 0; l < kNumLevers; ++l) lever(l);
    return std::move(out_);
  }

 private:
  const Scenario& s_;
  std::vector<Implausible> out_;

  // The node of `path` when the scenario writes it (or defaults.params does); null otherwise.
  const detail::Node* written(const std::string& path) const {
    if (!s_.provenance) return nullptr;
    const auto& root = *std::static_pointer_cast<const detail::Node>(s_.provenance);
    if (const detail::Node* n = detail::walk(root, path, nullptr)) return n;
    const auto parts = detail::split(path, '.');
    if (parts.size() == 4 && parts[0] == "clusters" && parts[2] == "params")
      return detail::walk(root, "defaults.params." + parts[3], nullptr);
    return nullptr;
  }

  void param(const std::string& base, const ParamInfo& p, double v) {
    const Plausibility verdict = plausibility(p, v);
    if (verdict == Plausibility::Plausible) return;
    const std::string path = base + std::string(p.key);
    const detail::Node* node = written(path);
    if (node == nullptr) return;  // a default: the tables keep defaults plausible
    std::string message = detail::format_number(v) + " lies " +
                          (verdict == Plausibility::Absurd ? "orders of magnitude " : "") +
                          "outside the plausible range " +
                          range_text(p.plausible_lower, p.plausible_upper, p.unit) + " of " +
                          std::string(p.key) + " (" + std::string(p.meaning) + ")" +
                          percent_hint(p.plausible_lower, p.plausible_upper, v);
    out_.push_back({node->anchor(), path, std::move(message), verdict == Plausibility::Absurd});
  }

  void lever(int l) {
    const LeverInfo& info = kLeverInfo[static_cast<std::size_t>(l)];
    const Eigen::MatrixXd& m = s_.spec.levers[static_cast<std::size_t>(l)];
    for (Eigen::Index row = 0; row < m.rows(); ++row) {
      if (m.cols() == 0) continue;
      const double peak = m.row(row).maxCoeff();
      if (!(peak > info.plausible_upper)) continue;
      const bool absurd = peak > 100.0 * info.plausible_upper;
      const std::string who = row < static_cast<Eigen::Index>(s_.spec.clusters.size())
                                  ? s_.spec.clusters[static_cast<std::size_t>(row)].id
                                  : std::string("region");
      const std::string path = "levers." + std::string(info.key) + "." + who;
      const detail::Node* node = written(path);
      out_.push_back({node != nullptr ? node->anchor() : s_.locate(path), path,
                      "a peak of " + detail::format_number(peak) + " " + std::string(info.unit) +
                          " lies " + (absurd ? "orders of magnitude " : "") +
                          "above the plausible " + detail::format_number(info.plausible_upper) +
                          " " + std::string(info.unit) + " for one cluster or the region (" +
                          std::string(info.meaning) + ")",
                      absurd});
    }
  }
};

}  // namespace

std::string Implausible::text() const {
  return where.file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) +
         ": warning: " + key + ": " + message;
}

std::vector<Implausible> implausible_values(const Scenario& s) { return Judge(s).run(); }

void require_plausible(const Scenario& s) {
  for (const auto& v : implausible_values(s)) {
    if (v.absurd) {
      throw ScenarioError(v.where, v.key,
                          v.message + "; if you mean it, run with --allow-implausible");
    }
  }
}

}  // namespace clustersim::scenario
