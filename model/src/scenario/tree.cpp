#include "clustersim/scenario/detail/tree.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "clustersim/scenario/detail/text.hpp"

namespace clustersim::scenario::detail {
namespace {

namespace fs = std::filesystem;

constexpr const char* kOverrideFile = "<--set>";

// Where a piece of YAML text sits in what the user wrote: a file, or the value of a `--set`
// argument (line 1, starting at `first_column`). yaml-cpp counts columns in bytes; messages count
// characters, so that a column after Chinese text matches what an editor shows.
struct Origin {
  std::string file;
  std::string_view text;
  std::vector<std::size_t> line_starts;
  int first_column = 1;

  Origin(std::string f, std::string_view t, int column)
      : file(std::move(f)), text(t), first_column(column) {
    line_starts.push_back(0);
    for (std::size_t k = 0; k < text.size(); ++k) {
      if (text[k] == '\n') line_starts.push_back(k + 1);
    }
  }

  SourceLocation at(const YAML::Mark& m) const {
    if (m.is_null() || m.line < 0) return {file, 1, first_column};
    const auto line = static_cast<std::size_t>(m.line);
    int column = m.column + 1;
    if (line < line_starts.size()) {
      const std::size_t start = line_starts[line];
      const std::size_t end = std::min(start + static_cast<std::size_t>(m.column), text.size());
      column = utf8_length(text.substr(start, end - start)) + 1;
    }
    if (line == 0) column += first_column - 1;
    return {file, m.line + 1, column};
  }

  // A null written as `~` or `null`, rather than an empty value (whose mark is wherever the next
  // token happens to be).
  bool explicit_null(const YAML::Mark& m) const {
    if (m.is_null() || m.pos < 0 || static_cast<std::size_t>(m.pos) >= text.size()) return false;
    const std::string_view rest = text.substr(static_cast<std::size_t>(m.pos));
    for (const std::string_view word : {"~", "null", "Null", "NULL"}) {
      if (rest.substr(0, word.size()) == word) return true;
    }
    return false;
  }
};

Node convert(const YAML::Node& y, const Origin& origin, const std::string& path,
             const SourceLocation* key_where) {
  Node n;
  n.where = origin.at(y.Mark());
  switch (y.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      n.kind = Node::Kind::Null;
      if (key_where != nullptr && !origin.explicit_null(y.Mark())) n.where = *key_where;
      break;
    case YAML::NodeType::Scalar:
      n.kind = Node::Kind::Scalar;
      n.text = y.Scalar();
      break;
    case YAML::NodeType::Sequence: {
      n.kind = Node::Kind::Seq;
      int index = 0;
      for (const auto& item : y) {
        n.items.push_back(convert(item, origin, join_path(path, std::to_string(index++)), nullptr));
      }
      break;
    }
    case YAML::NodeType::Map:
      n.kind = Node::Kind::Map;
      for (auto it = y.begin(); it != y.end(); ++it) {
        const SourceLocation kw = origin.at(it->first.Mark());
        if (!it->first.IsScalar()) {
          fail(kw, path,
               it->first.IsNull() ? "a key is empty"
                                  : "a key must be plain text, not a map or list");
        }
        const std::string key = it->first.Scalar();
        const std::string child = join_path(path, key);
        for (const auto& e : n.entries) {
          if (e.key == key) {
            fail(kw, child,
                 "duplicate key '" + key + "' (also at line " +
                     std::to_string(e.value.key_where.line) + ")");
          }
        }
        Node value = convert(it->second, origin, child, &kw);
        value.key_where = kw;
        n.entries.push_back({key, std::move(value)});
      }
      break;
  }
  if (n.key_where.file.empty()) n.key_where = n.where;
  if (y.Tag() == "!replace") {
    if (!n.is_map()) {
      fail(n.where, path, "!replace applies to a map (it replaces the extended file's map), got " +
                              describe(n));
    }
    n.replace = true;
  }
  return n;
}

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

Node load_file(const fs::path& file) {
  const std::string name = file.string();
  std::error_code ec;
  if (!fs::exists(file, ec)) fail({name, 0, 0}, "", "cannot open the scenario: no such file");
  if (fs::is_directory(file, ec)) fail({name, 0, 0}, "", "is a directory, not a scenario file");
  std::ifstream in(file, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (!in) fail({name, 0, 0}, "", "cannot read the scenario file");
  const std::string text = buffer.str();
  const Origin origin(name, text, 1);

  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    fail(origin.at(e.mark), "", "invalid YAML: " + e.msg);
  }
  if (docs.size() > 1) {
    fail(origin.at(docs[1].Mark()), "",
         "a scenario file holds one YAML document; this is a second one (after '---')");
  }
  if (docs.empty() || docs[0].IsNull()) {
    fail({name, 1, 1}, "", "the file is empty; expected scenario keys (scenario:, region:, ...)");
  }
  Node root = convert(docs[0], origin, "", nullptr);
  if (!root.is_map()) {
    fail(root.where, "",
         "expected a map of scenario keys (scenario:, region:, ...), got " + describe(root));
  }
  return root;
}

Node load_chain(const fs::path& file, std::vector<fs::path>& chain) {
  chain.clear();
  std::vector<fs::path> canonical;
  std::vector<Node> layers;  // outermost first
  fs::path current = file;
  while (true) {
    layers.push_back(load_file(current));
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
    std::error_code ec;
    if (!fs::exists(next, ec)) {
      fail(e.where, "extends", "cannot extend '" + next.string() + "': no such file");
    }
    if (fs::is_directory(next, ec)) {
      fail(e.where, "extends", "cannot extend '" + next.string() + "': it is a directory");
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
  for (auto& e : over.entries) {
    const auto it = find_entry(base, e.key);
    if (e.value.is_null()) {
      if (it != base.entries.end()) base.entries.erase(it);
    } else if (it == base.entries.end()) {
      base.entries.push_back(std::move(e));
    } else {
      merge(it->value, std::move(e.value));
    }
  }
}

void apply_override(Node& root, const Override& o) {
  const std::vector<std::string> parts = split(o.path, '.');
  std::vector<SourceLocation> part_where;
  int column = 1;
  for (const auto& part : parts) {
    part_where.push_back({kOverrideFile, 1, column});
    column += utf8_length(part) + 1;
  }
  if (parts.front() == "extends") {
    fail(part_where.front(), o.path,
         "a file's base is set in the file; --set cannot change 'extends'");
  }
  const Origin origin(kOverrideFile, o.value, utf8_length(o.path) + 2);
  YAML::Node parsed;
  try {
    parsed = YAML::Load(o.value);
  } catch (const YAML::Exception& e) {
    fail(origin.at(e.mark), o.path, "cannot read the value: " + e.msg);
  }
  Node value = convert(parsed, origin, o.path, &part_where.back());
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
