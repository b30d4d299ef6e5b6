// Internal to the scenario layer and the layers that read YAML files of their own (sweep and
// calibration specs): the provenance tree, the descriptor-driven validation, text helpers.
// Not a stable interface.
// The provenance tree: YAML converted into maps (key order kept), lists, scalars and nulls that
// remember the file, line and column they were written at, so that every later error can name
// them. Loading, `extends` merging and `--set` overrides all work on this tree.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "clustersim/scenario/scenario.hpp"

namespace clustersim::scenario::detail {

struct Entry;

struct Node {
  enum class Kind { Null, Scalar, Map, Seq };
  Kind kind = Kind::Null;
  std::string text;            // Scalar
  std::vector<Entry> entries;  // Map, in the order written
  std::vector<Node> items;     // Seq
  SourceLocation where;        // the value
  SourceLocation key_where;    // the key naming it; == where for the root and list items
  bool replace = false;        // tagged `!replace`: an extending file's map replaces, not merges

  bool is_null() const { return kind == Kind::Null; }
  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_map() const { return kind == Kind::Map; }
  bool is_seq() const { return kind == Kind::Seq; }

  // The entry's value, or nullptr when the key is absent.
  const Node* find(std::string_view key) const;
  Node* find(std::string_view key);
  // Like find, but a null value counts as absent (null means "not given" in the format).
  const Node* get(std::string_view key) const;

  // Where to point at this node as a whole: the key naming a map or list, the value otherwise.
  const SourceLocation& anchor() const {
    return kind == Kind::Map || kind == Kind::Seq ? key_where : where;
  }
};

struct Entry {
  std::string key;
  Node value;
};

// Limits of one load: a file with everything it extends, or one --set value
// (docs/scenario-format.md, "Limits"). Real scenarios stay far below them; hostile files (a
// billion laughs, a device, a gigabyte of brackets) end with a message instead of exhausting
// memory or the stack.
inline constexpr std::size_t kMaxFileBytes = std::size_t{16} << 20;  // one file, 16 MiB
inline constexpr std::size_t kMaxNodes = 1'000'000;      // values, aliases' copies included
inline constexpr std::size_t kMaxAliasNodes = 100'000;   // values copied by aliases
inline constexpr int kMaxDepth = 64;                     // maps and lists within each other
inline constexpr int kMaxExtends = 32;                   // files in one extends chain

[[noreturn]] void fail(const SourceLocation& where, const std::string& key,
                       const std::string& message);

// "a.b" + "c" -> "a.b.c"; "" + "c" -> "c".
std::string join_path(const std::string& path, std::string_view key);

// One file, without following `extends`. Throws ScenarioError when it is missing, not a regular
// file, larger than kMaxFileBytes, not UTF-8 text, malformed, or over the limits above.
Node load_file(const std::filesystem::path& file);

// Why `file` cannot be read as a scenario ("no such file", "it is a directory", "it is a
// character device, not a regular file"), or "" when it is a regular file.
std::string file_problem(const std::filesystem::path& file);

// A file with everything it extends merged below it; `chain` receives the files, outermost first.
Node load_chain(const std::filesystem::path& file, std::vector<std::filesystem::path>& chain);

// Deep merge: maps key by key, scalars and lists replace, a null value deletes the key.
void merge(Node& base, Node over);

// Where part `k` of an override's dotted path was written ("<--set>", line 1, its column).
SourceLocation override_part_at(const Override& o, std::size_t k);

// Apply one `--set` override (file "<--set>", line 1, column = position in "path=value"; or where
// the override says it was written).
void apply_override(Node& root, const Override& o);

// The node at a dotted path, or nullptr; `nearest` receives the deepest node that exists.
const Node* walk(const Node& root, const std::string& path, const Node** nearest);

// How a node reads in "got ..." messages: 'text', a map, a list, nothing.
std::string describe(const Node& n);

// The merged, validated tree a scenario was loaded from (sections the scenario itself does not
// convert, such as `uncertainty`, are read from it by the layers above).
inline const Node& tree_of(const Scenario& s) {
  return *std::static_pointer_cast<const Node>(s.provenance);
}

}  // namespace clustersim::scenario::detail
