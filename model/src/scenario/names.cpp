#include "names.hpp"

#include <algorithm>
#include <unordered_map>

#include "clustersim/scenario/detail/text.hpp"
#include "clustersim/scenario/paths.hpp"

namespace clustersim::scenario::detail {
namespace {

// The clusters of the merged tree: ids, and names where given (the id otherwise).
ClusterNames clusters_of(const Node& root) {
  ClusterNames c;
  const Node* clusters = root.get("clusters");
  if (clusters == nullptr || !clusters->is_map()) return c;
  for (const auto& e : clusters->entries) {
    if (e.value.is_null()) continue;
    c.ids.push_back(e.key);
    const Node* name = e.value.is_map() ? e.value.get("name") : nullptr;
    c.names.push_back(name != nullptr && name->is_scalar() ? name->text : e.key);
  }
  return c;
}

bool is_ascii(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char ch) { return (ch & 0x80) == 0; });
}

class NameResolver {
 public:
  NameResolver(const ClusterNames& c, const std::vector<std::filesystem::path>& chain)
      : c_(c), chain_(chain) {
    for (std::size_t k = 0; k < c.ids.size(); ++k) ids_.emplace(c.ids[k], k);
  }

  // The id for `text` when it is a cluster's unique name (and not an id already).
  std::optional<std::string> id_for(const std::string& text) const {
    if (ids_.count(text) > 0) return std::nullopt;
    const auto k = find_cluster(c_, text);
    if (!k) return std::nullopt;
    return c_.ids[static_cast<std::size_t>(*k)];
  }

  // Keys of `map` that are cluster names become ids; a key that cannot be an id but is like a
  // name gets its suggestion here (validation would only say it is not a valid id).
  void keys(Node& map, const std::string& path) const {
    if (!map.is_map()) return;
    for (auto& e : map.entries) {
      if (ids_.count(e.key) > 0) continue;  // an id already (most keys: no search for it)
      const auto id = id_for(e.key);
      if (!id) {
        // The suggestion compares the key with every id: only for a key that cannot be an id.
        if (is_ascii(e.key)) continue;
        const std::string message = unknown_cluster(c_, e.key, true);
        if (message.find("did you mean") != std::string::npos) {
          fail(e.value.key_where, join_path(path, e.key), message);
        }
        continue;
      }
      if (Node* other = map.find(*id)) {
        // Both in one file: a mistake. In two files: the extending file's wins, as in a merge.
        const int mine = rank(e.value.key_where.file), theirs = rank(other->key_where.file);
        if (mine == theirs) {
          fail(e.value.key_where, join_path(path, e.key),
               quote(e.key) + " is cluster '" + *id + "', which is also given at line " +
                   std::to_string(other->key_where.line) + ": give it once");
        }
        Node winner = std::move(mine < theirs ? e.value : *other);
        Node loser = std::move(mine < theirs ? *other : e.value);
        merge(loser, std::move(winner));
        *other = std::move(loser);
        erased_.push_back(e.key);
        continue;
      }
      e.key = *id;
    }
    for (const auto& key : erased_) {
      map.entries.erase(std::find_if(map.entries.begin(), map.entries.end(),
                                     [&](const Entry& x) { return x.key == key; }));
    }
    erased_.clear();
  }

  // A scalar that names a cluster.
  void value(Node* n) const {
    if (n == nullptr || !n->is_scalar()) return;
    if (const auto id = id_for(n->text)) n->text = *id;
  }

  // The cluster part of an input path (clusters.<id>..., levers.<lever>.<id>).
  std::string path(const std::string& text) const {
    std::vector<std::string> parts = split(text, '.');
    const std::size_t at = parts[0] == "clusters" ? 1 : parts[0] == "levers" ? 2 : 0;
    if (at == 0 || at >= parts.size()) return text;
    const auto id = id_for(parts[at]);
    if (!id) return text;
    parts[at] = *id;
    return join(parts, ".");
  }

  void path_value(Node* n) const {
    if (n != nullptr && n->is_scalar()) n->text = path(n->text);
  }

 private:
  // Precedence of a file: 0 for the outermost (the file given), larger for files it extends.
  int rank(const std::string& file) const {
    for (std::size_t k = 0; k < chain_.size(); ++k) {
      if (chain_[k].string() == file) return static_cast<int>(k);
    }
    return -1;  // a --set: above every file
  }

  const ClusterNames& c_;
  const std::vector<std::filesystem::path>& chain_;
  std::unordered_map<std::string, std::size_t> ids_;
  mutable std::vector<std::string> erased_;
};

Node* child(Node& n, std::string_view key) {
  return n.is_map() ? n.find(key) : nullptr;
}

}  // namespace

void resolve_cluster_names(Node& root, const std::vector<std::filesystem::path>& chain) {
  const ClusterNames clusters = clusters_of(root);
  if (clusters.names == clusters.ids) return;  // nothing is named but by its id
  const NameResolver r(clusters, chain);
  if (Node* levers = child(root, "levers"); levers != nullptr && levers->is_map()) {
    for (auto& e : levers->entries) r.keys(e.value, "levers." + e.key);
  }
  if (Node* matrices = child(root, "matrices"); matrices != nullptr && matrices->is_map()) {
    for (auto& m : matrices->entries) {
      const std::string path = "matrices." + m.key;
      r.keys(m.value, path);
      if (!m.value.is_map()) continue;
      for (auto& row : m.value.entries) r.keys(row.value, join_path(path, row.key));
    }
  }
  if (Node* targets = child(root, "targets"); targets != nullptr && targets->is_seq()) {
    for (auto& t : targets->items) r.value(child(t, "cluster"));
  }
  if (Node* events = child(root, "events"); events != nullptr && events->is_map()) {
    for (auto& e : events->entries) {
      r.value(child(e.value, "cluster"));
      r.path_value(child(e.value, "target"));
    }
  }
  if (Node* u = child(root, "uncertainty"); u != nullptr && u->is_map()) {
    if (Node* inputs = child(*u, "inputs"); inputs != nullptr && inputs->is_map()) {
      for (auto& e : inputs->entries) e.key = r.path(e.key);
    }
    if (Node* corr = child(*u, "correlations"); corr != nullptr && corr->is_seq()) {
      for (auto& pair : corr->items) {
        if (!pair.is_seq()) continue;
        for (std::size_t k = 0; k < pair.items.size() && k < 2; ++k) r.path_value(&pair.items[k]);
      }
    }
  }
}

Override check_override(const Node& root, const Override& o) {
  std::vector<std::string> parts = split(o.path, '.');
  const ClusterNames clusters = clusters_of(root);
  // The parts that name a cluster: clusters.<id>, levers.<lever>.<id>, matrices.<m>.<row>.<col>.
  std::vector<std::size_t> cluster_parts;
  if (parts[0] == "clusters") cluster_parts = {1};
  if (parts[0] == "levers") cluster_parts = {2};
  if (parts[0] == "matrices") cluster_parts = {2, 3};
  const Node* map = &root;
  for (std::size_t k = 0; k < parts.size() && map != nullptr; ++k) {
    // The last part may add a key (a whole new cluster, event or lever row); a part before it
    // must exist.
    const bool last = k + 1 == parts.size();
    const bool is_cluster =
        std::find(cluster_parts.begin(), cluster_parts.end(), k) != cluster_parts.end();
    const bool is_event = parts[0] == "events" && k == 1 && !last;
    if ((is_cluster || is_event) && map->is_map() && map->find(parts[k]) == nullptr) {
      const std::string here = join(std::vector<std::string>(parts.begin(), parts.begin() + static_cast<long>(k) + 1), ".");
      if (is_cluster) {
        if (const auto c = find_cluster(clusters, parts[k])) {
          parts[k] = clusters.ids[static_cast<std::size_t>(*c)];
        } else if (!last && !(parts[0] == "levers" && parts[k] == "region")) {
          // Going through a cluster that does not exist would create one without a baseline.
          fail(override_part_at(o, k), here,
               unknown_cluster(clusters, parts[k], parts[0] == "levers") +
                   (parts[0] == "clusters" ? "; to add a cluster, set it whole: clusters." +
                                                 parts[k] + "={baseline: {year: ..., value: ...}}"
                                           : std::string()));
        }
      } else {
        std::vector<std::string> names;
        for (const auto& e : map->entries) names.push_back(e.key);
        const std::string hint = did_you_mean(parts[k], names);
        fail(override_part_at(o, k), here,
             "unknown event " + quote(parts[k]) +
                 (hint.empty() ? " (events: " + (names.empty() ? std::string("none") : join(names, ", ")) + ")"
                               : hint) +
                 "; to add an event, set it whole: events." + parts[k] + "={target: ..., at: ..., to: ...}");
      }
    }
    map = map->is_map() ? map->find(parts[k]) : nullptr;
  }
  Override out = o;
  out.path = join(parts, ".");
  return out;
}

}  // namespace clustersim::scenario::detail
