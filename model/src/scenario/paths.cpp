#include "clustersim/scenario/paths.hpp"

#include <algorithm>

#include "clustersim/scenario/detail/text.hpp"
#include "clustersim/scenario/scenario.hpp"

namespace clustersim::scenario {

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  return detail::did_you_mean(word, candidates);
}

ClusterNames cluster_names(const Scenario& scenario) {
  ClusterNames c;
  for (const auto& info : scenario.clusters) {
    c.ids.push_back(info.id);
    c.names.push_back(info.name);
  }
  return c;
}

std::optional<int> find_cluster(const ClusterNames& clusters, std::string_view text) {
  const auto& ids = clusters.ids;
  const auto id = std::find(ids.begin(), ids.end(), text);
  if (id != ids.end()) return static_cast<int>(id - ids.begin());
  std::optional<int> found;
  for (std::size_t k = 0; k < clusters.names.size(); ++k) {
    if (clusters.names[k] != text) continue;
    if (found) return std::nullopt;  // two clusters share the name: the id must say which
    found = static_cast<int>(k);
  }
  return found;
}

std::string unknown_cluster(const ClusterNames& clusters, std::string_view text,
                            bool allow_region) {
  std::vector<std::string> candidates = clusters.ids;
  if (allow_region) candidates.emplace_back("region");
  std::string hint = did_you_mean(text, candidates);
  if (hint.empty() && !text.empty()) {
    // A name written in part (半导体 for 半导体与集成电路), or a name with a typo.
    for (std::size_t k = 0; k < clusters.names.size() && hint.empty(); ++k) {
      const std::string& name = clusters.names[k];
      const bool part = name.find(text) != std::string::npos ||
                        (!name.empty() && std::string_view(text).find(name) != std::string::npos);
      if (part || !did_you_mean(text, {name}).empty()) {
        hint = "; did you mean '" + clusters.ids[k] + "' (" + name + ")?";
      }
    }
  }
  std::string shown = detail::quote(text);
  if (!hint.empty()) return "unknown cluster " + shown + hint;
  return "unknown cluster " + shown + " (clusters: " + detail::join(clusters.ids, ", ") + ")";
}

InputPathResult parse_input_path(std::string_view text, const ClusterNames& clusters) {
  const std::vector<std::string>& cluster_ids = clusters.ids;
  using detail::join;
  using detail::split;
  const std::vector<std::string> parts = split(text, '.');
  InputPathResult r;
  auto fail = [&](const std::string& why) {
    r.path.reset();
    r.error = why;
    return r;
  };
  // Cluster index; `allow_region` maps "region" to n (the levers' region row).
  auto cluster = [&](const std::string& id, bool allow_region) -> std::optional<int> {
    if (allow_region && id == "region") return static_cast<int>(cluster_ids.size());
    return find_cluster(clusters, id);
  };

  InputPath p;
  const std::string& head = parts.empty() ? std::string() : parts[0];
  if (head == "clusters") {
    if (parts.size() != 3) return fail("expected clusters.<id>.<parameter> or clusters.<id>.output");
    const auto c = cluster(parts[1], false);
    if (!c) return fail(unknown_cluster(clusters, parts[1], false));
    p.target.kind = EventTarget::Kind::ClusterParam;
    p.target.cluster = *c;
    if (parts[2] == "output") {
      p.target.index = static_cast<int>(ClusterParam::OutputScale);
    } else if (const auto k = find_cluster_param(parts[2])) {
      p.target.index = static_cast<int>(*k);
    } else {
      std::vector<std::string> keys{"output"};
      for (const auto& info : kClusterParamInfo) keys.emplace_back(info.key);
      const std::string hint = did_you_mean(parts[2], keys);
      return fail("unknown cluster parameter '" + parts[2] + "'" +
                  (hint.empty() ? " (parameters: docs/model.md §12)" : hint));
    }
    p.param = &kClusterParamInfo[static_cast<std::size_t>(p.target.index)];
    p.unit = p.param->unit;
  } else if (head == "region") {
    if (parts.size() != 2) {
      return fail(parts.size() == 3 && parts[1] == "params"
                      ? "write region.<parameter>, without 'params'"
                      : "expected region.<parameter>");
    }
    const auto k = find_region_param(parts[1]);
    if (!k) {
      std::vector<std::string> keys;
      for (const auto& info : kRegionParamInfo) keys.emplace_back(info.key);
      const std::string hint = did_you_mean(parts[1], keys);
      return fail("unknown region parameter '" + parts[1] + "'" +
                  (hint.empty() ? " (parameters: docs/model.md §12)" : hint));
    }
    p.target = {EventTarget::Kind::RegionParam, static_cast<int>(*k), 0};
    p.param = &kRegionParamInfo[static_cast<std::size_t>(p.target.index)];
    p.unit = p.param->unit;
  } else if (head == "levers") {
    if (parts.size() != 3) return fail("expected levers.<lever>.<cluster id | region>");
    const auto l = find_lever(parts[1]);
    if (!l) {
      std::vector<std::string> keys;
      for (const auto& info : kLeverInfo) keys.emplace_back(info.key);
      return fail("unknown lever '" + parts[1] + "'" + did_you_mean(parts[1], keys));
    }
    const LeverInfo& info = kLeverInfo[static_cast<std::size_t>(*l)];
    if (parts[2] == "region" && !info.region_allowed) {
      return fail("the " + std::string(info.key) + " lever has no region pool; name a cluster");
    }
    const auto c = cluster(parts[2], info.region_allowed);
    if (!c) return fail(unknown_cluster(clusters, parts[2], info.region_allowed));
    p.target = {EventTarget::Kind::Lever, static_cast<int>(*l), *c};
    p.unit = info.unit;
  } else {
    return fail("expected clusters.<id>.<parameter>, clusters.<id>.output, region.<parameter> or "
                "levers.<lever>.<cluster id | region>" +
                did_you_mean(head, {"clusters", "region", "levers"}));
  }
  r.path = p;
  return r;
}

}  // namespace clustersim::scenario
