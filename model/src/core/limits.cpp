// The range of inputs the model can compute with (limits.hpp; docs/model.md, "Numerics").
#include "clustersim/core/limits.hpp"

#include <cmath>
#include <string>

#include "clustersim/core/errors.hpp"
#include "core_detail.hpp"

namespace clustersim {
namespace {

std::string with_unit(double v, std::string_view unit) {
  return detail::fmt_num(v) + (unit.empty() || unit == "1" ? "" : " " + std::string(unit));
}

[[noreturn]] void beyond(const std::string& path, const std::string& what) {
  throw ModelError(path, what + " lies beyond the range the model computes with: inputs and lever "
                                "totals must stay below " + detail::fmt_num(kLargestInput) +
                             " in magnitude, so that their products stay finite (the largest "
                             "double is 1.8e308)");
}

// A ceiling whose default is "none" (inf) or the ordinal priority: any magnitude is harmless.
bool exempt(const ParamInfo& p) {
  return std::isinf(p.default_value) || p.key == info(ClusterParam::Priority).key;
}

bool too_large(double v) { return !(std::abs(v) <= kLargestInput); }  // NaN: too large too

void check_param(const ParamInfo& p, double v, const std::string& path) {
  if (exempt(p) || std::isnan(v) || !too_large(v)) return;
  beyond(path, std::string(p.key) + " = " + with_unit(v, p.unit));
}

void check_levers(const Model& model) {
  const auto& spec = model.spec();
  const int n = model.num_clusters();
  for (int l = 0; l < kNumLevers; ++l) {
    const LeverInfo& li = kLeverInfo[static_cast<std::size_t>(l)];
    const Eigen::MatrixXd& m = spec.levers[static_cast<std::size_t>(l)];
    for (int r = 0; r < m.rows(); ++r) {
      const double total = m.row(r).cwiseAbs().sum();
      const bool fund = l == detail::idx(Lever::Fund) && r < n;
      const double leverage = fund ? spec.clusters[r][ClusterParam::FundLeverage] : 1.0;
      if (!too_large(total) && !too_large(total * leverage)) continue;
      const std::string who = r < n ? model.cluster_ids()[r] : std::string("region");
      std::string unit(li.unit);
      unit = unit.substr(0, unit.find("/yr"));
      beyond("levers." + std::string(li.key) + "." + who,
             "the " + std::string(li.key) + " lever for " + who + " (a peak of " +
                 with_unit(m.row(r).maxCoeff(), li.unit) + ", " + with_unit(total, unit) +
                 " over " + std::to_string(spec.start_year) + "–" +
                 std::to_string(spec.end_year) +
                 (fund ? ", financing " + with_unit(total * leverage, unit) + " at fund_leverage " +
                             detail::fmt_num(leverage)
                       : std::string()) +
                 ")");
    }
  }
}

void check_events(const Model& model) {
  const auto& spec = model.spec();
  for (const auto& e : spec.events) {
    const auto& t = e.target;
    const ParamInfo* p = t.kind == EventTarget::Kind::ClusterParam
                             ? &kClusterParamInfo[static_cast<std::size_t>(t.index)]
                         : t.kind == EventTarget::Kind::RegionParam
                             ? &kRegionParamInfo[static_cast<std::size_t>(t.index)]
                             : nullptr;
    if (p != nullptr && exempt(*p)) continue;
    // The target's value once the event has fully applied (events before it included).
    const double v = model.input_value(t, e.end, e.end);
    if (!too_large(v) && !too_large(e.value)) continue;
    const char* op = e.op == EventOp::Set ? ".to" : e.op == EventOp::Scale ? ".scale" : ".add";
    const std::string unit =
        p != nullptr ? std::string(p->unit)
                     : std::string(kLeverInfo[static_cast<std::size_t>(t.index)].unit);
    beyond("events." + e.name + op, "event '" + e.name + "' makes " + target_path(spec, t) +
                                        " " + with_unit(v, unit));
  }
}

}  // namespace

void check_computable(const Model& model) {
  const auto& spec = model.spec();
  const auto& ids = model.cluster_ids();
  for (int i = 0; i < model.num_clusters(); ++i) {
    const auto& c = spec.clusters[static_cast<std::size_t>(i)];
    const std::string base = "clusters." + ids[static_cast<std::size_t>(i)];
    if (too_large(c.baseline_output)) {
      beyond(base + ".baseline.value", "the baseline output " + with_unit(c.baseline_output, "亿元"));
    }
    for (int k = 0; k < kNumClusterParams; ++k) {
      const ParamInfo& p = kClusterParamInfo[static_cast<std::size_t>(k)];
      check_param(p, c.params[static_cast<std::size_t>(k)], base + ".params." + std::string(p.key));
    }
  }
  for (int k = 0; k < kNumRegionParams; ++k) {
    const ParamInfo& p = kRegionParamInfo[static_cast<std::size_t>(k)];
    check_param(p, spec.region[static_cast<std::size_t>(k)], "region." + std::string(p.key));
  }
  check_levers(model);
  check_events(model);
  for (const auto& p : spec.projects) {
    if (too_large(p.capex)) {
      beyond("events." + p.name + ".capex", "project '" + p.name + "' capex " +
                                                with_unit(p.capex, "亿元"));
    }
    if (!std::isnan(p.site) && too_large(p.site)) {
      beyond("events." + p.name + ".site", "project '" + p.name + "' site " +
                                               detail::fmt_num(p.site));
    }
  }
  const TimeConstant& tc = model.smallest_time_constant();
  if (tc.value < kShortestTimeConstant) {
    throw ModelError(tc.path, tc.what + " = " + detail::fmt_num(tc.value) +
                                  " yr is shorter than the model can integrate: time constants "
                                  "must be at least " +
                                  detail::fmt_num(kShortestTimeConstant) +
                                  " yr (about 53 minutes; the shortest plausible one is 0.05 yr)");
  }
}

}  // namespace clustersim
