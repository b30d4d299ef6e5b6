// Plausibility guards (docs/model.md, "Parameters"; docs/scenario-format.md, "Plausibility"):
// every value written in a scenario is judged against the plausible range of the core's tables.
// A value outside it is a warning; one orders of magnitude outside it (a growth rate of 19.8
// meant as 19.8%, a fund of 1e12 亿元/yr) is refused unless the user allows it.
#include <algorithm>
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

// "construction_time = 1e-300 yr, 299 orders of magnitude below its plausible range [0.25, 5] yr"
std::string brief_text(std::string_view name, double v, std::string_view unit, double lower,
                       double upper, double decades) {
  const std::string u = unit.empty() || unit == "1" ? "" : " " + std::string(unit);
  const double rounded = std::round(decades);
  return std::string(name) + " = " + detail::format_number(v) + u + ", " +
         (rounded >= 1.0 ? detail::format_number(rounded) + " orders of magnitude " : "") +
         (v < lower ? "below" : "above") + " its plausible range " + range_text(lower, upper, unit);
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
              spec.clusters[c].params[static_cast<std::size_t>(k)], spec.clusters[c].id);
      }
    }
    for (int k = 0; k < kNumRegionParams; ++k) {
      param("region.params.", kRegionParamInfo[static_cast<std::size_t>(k)],
            spec.region[static_cast<std::size_t>(k)], "");
    }
    for (int l = 0; l < kNumLevers; ++l) lever(l);
    for (const auto& e : spec.events) event(e);
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

  // `path` names the value's key, or the event that sets it (then `node` is given).
  void param(const std::string& base, const ParamInfo& p, double v, const std::string& cluster,
             const detail::Node* node = nullptr) {
    const Plausibility verdict = plausibility(p, v);
    if (verdict == Plausibility::Plausible) return;
    const std::string path = node != nullptr ? base : base + std::string(p.key);
    if (node == nullptr) node = written(path);
    if (node == nullptr) return;  // a default: the tables keep defaults plausible
    std::string message = detail::format_number(v) + " lies " +
                          (verdict == Plausibility::Absurd ? "orders of magnitude " : "") +
                          "outside the plausible range " +
                          range_text(p.plausible_lower, p.plausible_upper, p.unit) + " of " +
                          std::string(p.key) + " (" + std::string(p.meaning) + ")" +
                          percent_hint(p.plausible_lower, p.plausible_upper, v);
    const double decades = outside_decades(p.plausible_lower, p.plausible_upper, v);
    out_.push_back({node->anchor(), path, std::move(message), verdict == Plausibility::Absurd,
                    decades, cluster,
                    brief_text(p.key, v, p.unit, p.plausible_lower, p.plausible_upper, decades)});
  }

  // An event that sets a parameter or a lever: judged like the value it replaces.
  void event(const EventSpec& e) {
    if (e.op != EventOp::Set) return;
    const std::string path = "events." + e.name + ".to";
    const detail::Node* node = written(path);
    if (node == nullptr) return;
    if (const detail::Node* v = node->get("value"); v != nullptr) node = v;
    const auto& t = e.target;
    const auto& clusters = s_.spec.clusters;
    switch (t.kind) {
      case EventTarget::Kind::ClusterParam:
        param(path, kClusterParamInfo[static_cast<std::size_t>(t.index)], e.value,
              clusters[static_cast<std::size_t>(t.cluster)].id, node);
        break;
      case EventTarget::Kind::RegionParam:
        param(path, kRegionParamInfo[static_cast<std::size_t>(t.index)], e.value, "", node);
        break;
      case EventTarget::Kind::Lever: {
        const std::string who = t.cluster < static_cast<int>(clusters.size())
                                    ? clusters[static_cast<std::size_t>(t.cluster)].id
                                    : std::string();
        lever_amount(kLeverInfo[static_cast<std::size_t>(t.index)], e.value, path, who, node);
        break;
      }
    }
  }

  void lever(int l) {
    const LeverInfo& info = kLeverInfo[static_cast<std::size_t>(l)];
    const Eigen::MatrixXd& m = s_.spec.levers[static_cast<std::size_t>(l)];
    for (Eigen::Index row = 0; row < m.rows(); ++row) {
      if (m.cols() == 0) continue;
      const bool cluster = row < static_cast<Eigen::Index>(s_.spec.clusters.size());
      const std::string who =
          cluster ? s_.spec.clusters[static_cast<std::size_t>(row)].id : std::string();
      const std::string path =
          "levers." + std::string(info.key) + "." + (cluster ? who : std::string("region"));
      lever_amount(info, m.row(row).maxCoeff(), path, who, written(path));
    }
  }

  // `peak`: a lever's largest yearly amount for one cluster (`who`) or the region (empty).
  void lever_amount(const LeverInfo& info, double peak, const std::string& path,
                    const std::string& who, const detail::Node* node) {
    if (!(peak > info.plausible_upper)) return;
    const bool absurd = peak > 100.0 * info.plausible_upper;
    const double decades = outside_decades(0.0, info.plausible_upper, peak);
    out_.push_back({node != nullptr ? node->anchor() : s_.locate(path), path,
                    "a peak of " + detail::format_number(peak) + " " + std::string(info.unit) +
                        " lies " + (absurd ? "orders of magnitude " : "") +
                        "above the plausible " + detail::format_number(info.plausible_upper) +
                        " " + std::string(info.unit) + " for one cluster or the region (" +
                        std::string(info.meaning) + ")",
                    absurd, decades, who,
                    brief_text("the " + std::string(info.key) + " lever", peak, info.unit, 0.0,
                               info.plausible_upper, decades)});
  }
};

}  // namespace

std::string Implausible::text() const {
  return where.file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) +
         ": warning: " + key + ": " + message;
}

std::vector<Implausible> implausible_values(const Scenario& s) { return Judge(s).run(); }

double outside_decades(double lower, double upper, double v) {
  if (std::isnan(v) || (v >= lower && v <= upper)) return 0.0;
  if (lower > 0.0 && v > 0.0) return std::log10(v < lower ? lower / v : v / upper);
  const double width = upper - lower;
  const double outside = v < lower ? lower - v : v - upper;
  if (!(width > 0.0) || std::isinf(width)) return std::log10(1.0 + std::abs(outside));
  return std::log10(1.0 + outside / width);
}

std::optional<ScenarioError> traced(const Scenario& s, const NumericalError& error) {
  std::vector<Implausible> suspects = implausible_values(s);
  if (suspects.empty()) return std::nullopt;
  // Farthest first; on a tie, the failing stock's own cluster, then the region, then the rest.
  const auto closeness = [&](const Implausible& v) {
    return v.cluster.empty() ? 1 : v.cluster == error.cluster() ? 0 : 2;
  };
  std::stable_sort(suspects.begin(), suspects.end(), [&](const auto& a, const auto& b) {
    if (a.decades != b.decades) return a.decades > b.decades;
    return closeness(a) < closeness(b);
  });
  const Implausible& top = suspects.front();
  std::string message = "the run failed: " + std::string(error.what()) +
                        "; the likeliest cause, of the values outside their plausible range: " +
                        top.brief;
  const std::size_t more = std::min<std::size_t>(suspects.size(), 3);
  for (std::size_t k = 1; k < more; ++k) {
    const Implausible& v = suspects[k];
    message += (k == 1 ? "; next: " : ", ") + v.key + " (" + v.where.file + ":" +
               std::to_string(v.where.line) + ":" + std::to_string(v.where.column) + ", " +
               v.brief + ")";
  }
  if (suspects.size() > more) {
    message += " and " + std::to_string(suspects.size() - more) + " more";
  }
  return ScenarioError(top.where, top.key, message);
}

void require_plausible(const Scenario& s) {
  for (const auto& v : implausible_values(s)) {
    if (v.absurd) {
      throw ScenarioError(v.where, v.key,
                          v.message + "; if you mean it, run with --allow-implausible");
    }
  }
}

}  // namespace clustersim::scenario
