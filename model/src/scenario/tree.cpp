#include "clustersim/scenario/detail/tree.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <unordered_map>

#include "clustersim/scenario/detail/text.hpp"
#include "yaml.hpp"

namespace clustersim::scenario::detail {
namespace {

namespace fs = std::filesystem;

constexpr const char* kOverrideFile = "<--set>";

std::optional<std::size_t> parse_index(const std::string& s) {
  if (s.empty() || s.size() > 9 ||
      !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return static_cast<std::size_t>(std::stoul(s));
}

// The same file however it is spelled (for cycle detection).
fs::path identity(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(p, ec);
  if (ec || c.empty()) c = fs::absolute(p, ec).lexically_normal();
  return c;
}

std::vector<Entry>::iterator find_entry(Node& map, std::string_view key) {
  return std::find_if(map.entries.begin(), map.entries.end(),
                      [&](const Entry& e) { return e.key == key; });
}

}  // namespace

const Node* Node::find(std::string_view key) const {
  for (const auto& e : entries) {
    if (e.key == key) return &e.value;
  }
  return nullptr;
}

Node* Node::find(std::string_view key) {
  return const_cast<Node*>(static_cast<const Node*>(this)->find(key));
}

const Node* Node::get(std::string_view key) const {
  const Node* n = find(key);
  return n != nullptr && !n->is_null() ? n : nullptr;
}

void fail(const SourceLocation& where, const std::string& key, const std::string& message) {
  throw ScenarioError(where, key, message);
}

std::string join_path(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string describe(const Node& n) {
  switch (n.kind) {
    case Node::Kind::Null:
      return "nothing";
    case Node::Kind::Scalar:
      return quote(n.text);
    case Node::Kind::Map:
      return "a map";
    case Node::Kind::Seq:
      return "a list";
  }
  return {};
}

std::string file_problem(const fs::path& file) {
  std::error_code ec;
  const fs::file_status st = fs::status(file, ec);
  if (ec || !fs::exists(st)) return "no such file";
  switch (st.type()) {
    case fs::file_type::regular:
      return {};
    case fs::file_type::directory:
      return "it is a directory";
    case fs::file_type::character:
      return "it is a character device, not a regular file";
    case fs::file_type::block:
      return "it is a block device, not a regular file";
    case fs::file_type::fifo:
      return "it is a named pipe (FIFO), not a regular file";
    case fs::file_type::socket:
      return "it is a socket, not a regular file";
    default:
      return "it is not a regular file";
  }
}

namespace {

std::string mebibytes(std::size_t bytes) {
  return std::to_string(bytes >> 20) + " MiB";
}

// The bytes of a regular file of at most kMaxFileBytes, checked to be UTF-8 text.
std::string read_text(const fs::path& file) {
  const std::string name = file.string();
  if (const std::string problem = file_problem(file); !problem.empty()) {
    fail({name, 0, 0}, "",
         problem == "no such file" ? "cannot open the scenario: no such file"
         : problem == "it is a directory" ? "is a directory, not a scenario file"
                                          : "cannot read the scenario: " + problem);
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) fail({name, 0, 0}, "", "cannot open the scenario: " + std::string(std::strerror(errno)));
  std::string text;
  std::vector<char> chunk(1 << 16);
  while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
    text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxFileBytes) {
      fail({name, 0, 0}, "",
           "the file is larger than " + mebibytes(kMaxFileBytes) +
               " (the limit of a scenario file, docs/scenario-format.md)");
    }
  }
  if (in.bad()) fail({name, 0, 0}, "", "cannot read the scenario file");
  if (text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') ||
                           (text[0] == '\xFE' && text[1] == '\xFF'))) {
    fail({name, 1, 1}, "", "the file is UTF-16 text: save it as UTF-8");
  }
  if (const auto problem = check_file_text(text)) {
    const Origin origin(name, text, 1, 1);
    fail(origin.at_offset(problem->offset), "",
         "the file holds " + problem->what +
             (problem->what.find("UTF-8") != std::string::npos
                  ? ": save it as UTF-8 text"
                  : ": a scenario is text; remove it"));
  }
  return text;
}

Node load_file(const fs::path& file, Budget& budget) {
  const std::string name = file.string();
  const std::string text = read_text(file);
  const Origin origin(name, text, 1, 1);
  Node root = parse_yaml(origin, "", nullptr, "a scenario file", budget);
  if (root.is_null()) {
    fail({name, 1, 1}, "", "the file is empty; expected scenario keys (scenario:, region:, ...)");
  }
  if (!root.is_map()) {
    fail(root.where, "",
         "expected a map of scenario keys (scenario:, region:, ...), got " + describe(root));
  }
  return root;
}

}  // namespace

Node load_file(const fs::path& file) {
  Budget budget;
  return load_file(file, budget);
}

Node load_chain(const fs::path& file, std::vector<fs::path>& chain) {
  chain.clear();
  std::vector<fs::path> canonical;
  std::vector<Node> layers;  // outermost first
  fs::path current = file;
  Budget budget;
  while (true) {
    layers.push_back(load_file(current, budget));
    chain.push_back(current);
    canonical.push_back(identity(current));
    Node& layer = layers.back();
    const auto ext = find_entry(layer, "extends");
    if (ext == layer.entries.end()) break;
    const Node e = std::move(ext->value);
    layer.entries.erase(ext);
    if (!e.is_scalar() || trim(e.text).empty()) {
      fail(e.where, "extends", "expected the path of a scenario file, got " + describe(e));
    }
    const fs::path next =
        (current.parent_path() / fs::path(std::string(trim(e.text)))).lexically_normal();
    const auto seen = std::find(canonical.begin(), canonical.end(), identity(next));
    if (seen != canonical.end()) {
      std::vector<std::string> names;
      for (auto k = seen - canonical.begin(); k < static_cast<long>(chain.size()); ++k) {
        names.push_back(chain[static_cast<std::size_t>(k)].string());
      }
      names.push_back(next.string());
      fail(e.key_where, "extends", "extends cycle: " + join(names, " -> "));
    }
    if (const std::string problem = file_problem(next); !problem.empty()) {
      fail(e.where, "extends", "cannot extend '" + next.string() + "': " + problem);
    }
    if (static_cast<int>(chain.size()) >= kMaxExtends) {
      fail(e.where, "extends",
           "more than " + std::to_string(kMaxExtends) + " files extend one another");
    }
    current = next;
  }
  Node merged = std::move(layers.back());
  for (std::size_t k = layers.size() - 1; k-- > 0;) merge(merged, std::move(layers[k]));
  return merged;
}

void merge(Node& base, Node over) {
  if (over.replace || !base.is_map() || !over.is_map()) {
    base = std::move(over);
    return;
  }
  // Large maps (thousands of clusters) are looked up through an index, so that merging stays
  // linear; keys deleted by a null are dropped at the end, keeping the order of the others.
  std::unordered_map<std::string, std::size_t> index;
  if (base.entries.size() > 32 && over.entries.size() > 1) {
    for (std::size_t k = 0; k < base.entries.size(); ++k) index.emplace(base.entries[k].key, k);
  }
  std::vector<char> erased(base.entries.size(), 0);
  bool any_erased = false;
  auto position = [&](const std::string& key) -> std::optional<std::size_t> {
    if (!index.empty()) {
      const auto it = index.find(key);
      if (it != index.end() && !erased[it->second]) return it->second;
      return std::nullopt;
    }
    for (std::size_t k = 0; k < base.entries.size(); ++k) {
      if (!erased[k] && base.entries[k].key == key) return k;
    }
    return std::nullopt;
  };
  for (auto& e : over.entries) {
    const auto at = position(e.key);
    if (e.value.is_null()) {
      if (at) erased[*at] = 1, any_erased = true;
    } else if (!at) {
      if (!index.empty()) index[e.key] = base.entries.size();
      base.entries.push_back(std::move(e));
      erased.push_back(0);
    } else {
      merge(base.entries[*at].value, std::move(e.value));
    }
  }
  if (any_erased) {
    std::size_t kept = 0;
    for (std::size_t k = 0; k < base.entries.size(); ++k) {
      if (erased[k]) continue;
      if (kept != k) base.entries[kept] = std::move(base.entries[k]);
      ++kept;
    }
    base.entries.resize(kept);
  }
}

SourceLocation override_part_at(const Override& o, std::size_t k) {
  SourceLocation at = o.path_at.value_or(SourceLocation{kOverrideFile, 1, 1});
  const std::vector<std::string> parts = split(o.path, '.');
  for (std::size_t j = 0; j < k && j < parts.size(); ++j) at.column += utf8_length(parts[j]) + 1;
  return at;
}

void apply_override(Node& root, const Override& o) {
  const std::vector<std::string> parts = split(o.path, '.');
  const SourceLocation path_at = override_part_at(o, 0);
  const SourceLocation value_at = o.value_at.value_or(
      SourceLocation{kOverrideFile, 1, utf8_length(o.path) + 2});
  std::vector<SourceLocation> part_where;
  for (std::size_t k = 0; k < parts.size(); ++k) part_where.push_back(override_part_at(o, k));
  if (parts.front() == "extends") {
    fail(part_where.front(), o.path,
         "a file's base is set in the file; --set cannot change 'extends'");
  }
  if (const auto problem = check_value_text(o.path, false)) {
    fail(path_at, "", "the key path holds " + problem->what);
  }
  const Origin origin(value_at.file, o.value, value_at.line, value_at.column);
  Budget budget;
  Node value = parse_yaml(origin, o.path, &part_where.back(), "a --set value", budget);
  value.key_where = part_where.back();

  Node* cur = &root;
  std::string path;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const std::string& part = parts[k];
    const SourceLocation& where = part_where[k];
    const bool last = k + 1 == parts.size();
    const std::string here = join_path(path, part);
    if (part.empty()) fail(where, o.path, "empty key in the path '" + o.path + "'");
    if (cur->is_map()) {
      auto it = find_entry(*cur, part);
      if (last) {
        if (value.is_null()) {
          if (it != cur->entries.end()) cur->entries.erase(it);
        } else if (it == cur->entries.end()) {
          cur->entries.push_back({part, std::move(value)});
        } else {
          merge(it->value, std::move(value));
        }
        return;
      }
      if (it == cur->entries.end()) {
        Node map;
        map.kind = Node::Kind::Map;
        map.where = map.key_where = where;
        cur->entries.push_back({part, std::move(map)});
        it = cur->entries.end() - 1;
      } else if (it->value.is_null()) {
        it->value.kind = Node::Kind::Map;
      }
      cur = &it->value;
    } else if (cur->is_seq()) {
      const std::size_t size = cur->items.size();
      const auto index = parse_index(part);
      const bool append = last && !value.is_null();
      if (!index || *index > size || (*index == size && !append)) {
        std::string range = size == 0 ? "it is empty" : "use 0 to " + std::to_string(size - 1);
        if (append)
          range += size == 0 ? "; use 0 to append" : ", or " + std::to_string(size) + " to append";
        fail(where, here, "'" + path + "' is a list of " + std::to_string(size) + ": " + range);
      }
      if (last) {
        if (value.is_null()) {
          cur->items.erase(cur->items.begin() + static_cast<long>(*index));
        } else if (*index == size) {
          cur->items.push_back(std::move(value));
        } else {
          merge(cur->items[*index], std::move(value));
        }
        return;
      }
      cur = &cur->items[*index];
    } else {
      fail(where, here,
           "cannot set '" + o.path + "': '" + path + "' is " + describe(*cur) +
               ", not a map or a list");
    }
    path = here;
  }
}

const Node* walk(const Node& root, const std::string& path, const Node** nearest) {
  const Node* cur = &root;
  if (nearest != nullptr) *nearest = cur;
  if (path.empty()) return cur;
  for (const auto& part : split(path, '.')) {
    const Node* next = nullptr;
    if (cur->is_map()) {
      next = cur->find(part);
    } else if (cur->is_seq()) {
      const auto index = parse_index(part);
      if (index && *index < cur->items.size()) next = &cur->items[*index];
    }
    if (next == nullptr) return nullptr;
    cur = next;
    if (nearest != nullptr) *nearest = cur;
  }
  return cur;
}

}  // namespace clustersim::scenario::detail
