// Private to the scenario layer: YAML text -> provenance tree, safely. yaml-cpp's event parser
// feeds a builder that keeps every value's file, line and column, copies aliases within a
// budget, refuses recursive aliases, unknown tags, text that is not UTF-8 or holds control
// characters, nesting deeper than kMaxDepth and a second document. Nothing yaml-cpp builds for
// itself (its node graph follows a recursive alias forever) is used.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "clustersim/scenario/detail/tree.hpp"

namespace clustersim::scenario::detail {

// Where a piece of YAML text sits in what the user wrote: a file, or the value of a `--set`
// argument (line 1, starting at `first_column`). yaml-cpp counts columns in bytes; messages count
// characters, so that a column after Chinese text matches what an editor shows.
struct Origin {
  std::string file;
  std::string_view text;
  std::vector<std::size_t> line_starts;
  int first_line = 1;
  int first_column = 1;
  // The last position converted: marks come in order, so counting characters goes on from
  // there (a long flow list on one line stays linear).
  mutable std::size_t cached_line = 0, cached_bytes = 0;
  mutable int cached_chars = 0;

  Origin(std::string f, std::string_view t, int line, int column);

  // The location of byte `offset` of the text.
  SourceLocation at_offset(std::size_t offset) const;
  // The location of a yaml-cpp mark (line and byte column, 0-based).
  SourceLocation at(int line, int byte_column) const;
  // A null written as `~` or `null`, rather than an empty value (whose mark is wherever the next
  // token happens to be).
  bool explicit_null(int pos) const;
};

// What one load (a file and everything it extends, or one --set value) has used of the limits.
struct Budget {
  std::size_t nodes = 0;
  std::size_t alias_nodes = 0;
};

// The one YAML document of `origin.text` as a provenance tree under the dotted `path`; a Null
// node for text without a document. `key_where` locates an empty value (a --set argument's key).
// `what` names the text in messages ("a scenario file", "a --set value"). Throws ScenarioError.
Node parse_yaml(const Origin& origin, const std::string& path, const SourceLocation* key_where,
                const std::string& what, Budget& budget);

}  // namespace clustersim::scenario::detail
