#include "yaml.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <istream>
#include <optional>
#include <streambuf>
#include <unordered_map>
#include <unordered_set>

#include "clustersim/scenario/detail/text.hpp"

namespace clustersim::scenario::detail {

Origin::Origin(std::string f, std::string_view t, int line, int column)
    : file(std::move(f)), text(t), first_line(line), first_column(column) {
  line_starts.push_back(0);
  for (std::size_t k = 0; k < text.size(); ++k) {
    if (text[k] == '\n') line_starts.push_back(k + 1);
  }
}

SourceLocation Origin::at_offset(std::size_t offset) const {
  offset = std::min(offset, text.size());
  const auto next = std::upper_bound(line_starts.begin(), line_starts.end(), offset);
  const auto line = static_cast<std::size_t>(next - line_starts.begin()) - 1;
  return at(static_cast<int>(line), static_cast<int>(offset - line_starts[line]));
}

SourceLocation Origin::at(int line, int byte_column) const {
  if (line < 0) return {file, first_line, first_column};
  const auto l = static_cast<std::size_t>(line);
  int column = byte_column + 1;
  if (l < line_starts.size()) {
    const std::size_t start = line_starts[l];
    const std::size_t end = std::min(start + static_cast<std::size_t>(std::max(byte_column, 0)),
                                     text.size());
    const std::size_t bytes = end - start;
    if (cached_line != l || cached_bytes > bytes) {
      cached_line = l;
      cached_bytes = 0;
      cached_chars = 0;
    }
    cached_chars += utf8_length(text.substr(start + cached_bytes, bytes - cached_bytes));
    cached_bytes = bytes;
    column = cached_chars + 1;
  }
  if (line == 0) column += first_column - 1;
  return {file, first_line + line, column};
}

bool Origin::explicit_null(int pos) const {
  if (pos < 0 || static_cast<std::size_t>(pos) >= text.size()) return false;
  const std::string_view rest = text.substr(static_cast<std::size_t>(pos));
  for (const std::string_view word : {"~", "null", "Null", "NULL"}) {
    if (rest.substr(0, word.size()) == word) return true;
  }
  return false;
}

namespace {

// An istream over text that stays alive for the parse (no copy of a 16 MB file).
class ViewBuffer : public std::streambuf {
 public:
  explicit ViewBuffer(std::string_view text) {
    char* begin = const_cast<char*>(text.data());
    setg(begin, begin, begin + text.size());
  }
};

// Thrown by the probe that looks for a second document, to stop at its first event.
struct SecondDocument {
  YAML::Mark mark;
};

// Ignores every event; with `stop_at_document`, throws SecondDocument at the first one.
class Probe : public YAML::EventHandler {
 public:
  explicit Probe(bool stop_at_document) : stop_(stop_at_document) {}
  void OnDocumentStart(const YAML::Mark& mark) override {
    if (stop_) throw SecondDocument{mark};
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

 private:
  bool stop_;
};

// A limit of the format reached (depth, values, aliases, a recursive alias): reported as is,
// whatever yaml-cpp would say about the text after it.
class LimitExceeded : public ScenarioError {
 public:
  using ScenarioError::ScenarioError;
};

std::string thousands(std::size_t v) {
  std::string digits = std::to_string(v), out;
  for (std::size_t k = 0; k < digits.size(); ++k) {
    if (k > 0 && (digits.size() - k) % 3 == 0) out += ',';
    out += digits[k];
  }
  return out;
}

// Builds the provenance tree from yaml-cpp's events.
class Builder : public YAML::EventHandler {
 public:
  Builder(const Origin& origin, std::string path, const SourceLocation* key_where,
          Budget& budget)
      : origin_(origin), path_(std::move(path)), key_where_(key_where), budget_(budget) {}

  Node take() { return std::move(*root_); }
  bool has_root() const { return root_.has_value(); }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnAnchor(const YAML::Mark&, const std::string& name) override { anchor_name_ = name; }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const SourceLocation where = at(mark);
    if (expecting_key()) fail(where, child_path(), "a key is empty");
    Node n;
    n.kind = Node::Kind::Null;
    n.where = n.key_where = where;
    if (in_map() && !origin_.explicit_null(mark.pos)) {
      n.where = top().key_at;
    } else if (stack_.empty() && key_where_ != nullptr && !origin_.explicit_null(mark.pos)) {
      n.where = *key_where_;
    }
    count(where);
    remember(anchor, n, 1);
    deliver(std::move(n));
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    const SourceLocation where = at(mark);
    check_tag(tag, where, Node::Kind::Scalar);
    if (const auto problem = check_value_text(value, !expecting_key())) {
      fail(where, child_path(),
           std::string(expecting_key() ? "a key" : "the text") + " holds " + problem->what +
               (problem->what.find("UTF-8") != std::string::npos
                    ? ": save the file as UTF-8"
                    : ": remove it (a value may hold tabs and line breaks, a key neither)"));
    }
    if (expecting_key()) {
      take_key(value, where);
      return;
    }
    Node n;
    n.kind = Node::Kind::Scalar;
    n.text = value;
    n.where = n.key_where = where;
    count(where);
    remember(anchor, n, 1);
    deliver(std::move(n));
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const SourceLocation where = at(mark);
    const std::string name = anchor_names_.count(anchor) ? anchor_names_.at(anchor) : "?";
    if (open_.count(anchor) > 0) {
      limit(where,
           "the alias *" + printable(name) + " refers to the value that contains it (a recursive "
           "alias): copy the values instead");
    }
    const auto found = anchors_.find(anchor);
    if (found == anchors_.end()) fail(where, child_path(), "undefined alias *" + printable(name));
    const Node& target = found->second.node;
    if (expecting_key()) {
      if (!target.is_scalar()) fail(where, child_path(), "a key must be plain text, not a map or list");
      take_key(target.text, where);
      return;
    }
    budget_.alias_nodes += found->second.size;
    if (budget_.alias_nodes > kMaxAliasNodes) {
      limit(where,
           "aliases expand to more than " + thousands(kMaxAliasNodes) +
               " values (an alias bomb?): write the values out instead");
    }
    count(where, found->second.size);
    deliver(Node(target));
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, tag, anchor, Node::Kind::Seq);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, tag, anchor, Node::Kind::Map);
  }
  void OnMapEnd() override {
    if (top().have_key) {
      fail(top().key_at, child_path(), "internal: a key without a value");  // not from yaml-cpp
    }
    close();
  }

 private:
  struct Frame {
    Node node;  // a map or list under construction
    YAML::anchor_t anchor = 0;
    std::size_t first_count = 0;  // budget_.nodes before it began
    std::string path;
    bool have_key = false;  // a map's key waits for its value
    std::string key;
    SourceLocation key_at;
    std::unordered_map<std::string, int> index;  // key -> line, once a map is large
  };

  struct Anchored {
    Node node;
    std::size_t size = 1;  // values in it, itself included
  };

  Frame& top() { return stack_.back(); }

  [[noreturn]] void limit(const SourceLocation& where, const std::string& message) const {
    throw LimitExceeded(where, child_path(), message);
  }
  bool in_map() const { return !stack_.empty() && stack_.back().node.is_map(); }
  bool expecting_key() const { return in_map() && !stack_.back().have_key; }

  SourceLocation at(const YAML::Mark& m) const {
    if (m.is_null()) return {origin_.file, origin_.first_line, origin_.first_column};
    return origin_.at(m.line, m.column);
  }

  // The dotted path of the value about to be delivered.
  std::string child_path() const {
    if (stack_.empty()) return path_;
    const Frame& f = stack_.back();
    if (f.node.is_seq()) return join_path(f.path, std::to_string(f.node.items.size()));
    return f.have_key ? join_path(f.path, f.key) : f.path;
  }

  void count(const SourceLocation& where, std::size_t n = 1) {
    budget_.nodes += n;
    if (budget_.nodes > kMaxNodes) {
      limit(where,
           "more than " + thousands(kMaxNodes) +
               " values in one scenario (the limit of the format, docs/scenario-format.md)");
    }
  }

  void check_tag(const std::string& tag, const SourceLocation& where, Node::Kind kind) const {
    if (tag.empty() || tag == "?" || tag == "!") return;
    if (tag == "!replace") {
      if (kind != Node::Kind::Map) {
        fail(where, child_path(),
             std::string("!replace applies to a map (it replaces the extended file's map), got ") +
                 (kind == Node::Kind::Seq ? "a list" : "a single value"));
      }
      return;
    }
    constexpr std::string_view core = "tag:yaml.org,2002:";
    if (tag == std::string(core) + "str" && kind == Node::Kind::Scalar) return;
    const std::string shown =
        tag.rfind(core, 0) == 0 ? "!!" + tag.substr(core.size()) : tag;
    fail(where, child_path(),
         "unknown tag " + quote(shown) + ": the format knows only !replace (on a map) and !!str");
  }

  void take_key(const std::string& key, const SourceLocation& where) {
    Frame& f = top();
    const std::string child = join_path(f.path, key);
    int previous = 0;
    if (!f.index.empty()) {
      const auto it = f.index.find(key);
      if (it != f.index.end()) previous = it->second;
    } else {
      for (const auto& e : f.node.entries) {
        if (e.key == key) previous = e.value.key_where.line;
      }
    }
    if (previous != 0) {
      fail(where, child, "duplicate key '" + key + "' (also at line " + std::to_string(previous) + ")");
    }
    f.have_key = true;
    f.key = key;
    f.key_at = where;
  }

  void open(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
            Node::Kind kind) {
    const SourceLocation where = at(mark);
    if (expecting_key()) fail(where, child_path(), "a key must be plain text, not a map or list");
    check_tag(tag, where, kind);
    if (static_cast<int>(stack_.size()) >= kMaxDepth) {
      limit(where,
           "nested more than " + std::to_string(kMaxDepth) + " levels deep (the limit of the format)");
    }
    if (anchor != 0) {
      anchor_names_[anchor] = anchor_name_;
      open_.insert(anchor);
    }
    count(where);
    Frame f;
    f.path = child_path();
    f.node.kind = kind;
    f.node.where = f.node.key_where = where;
    f.node.replace = tag == "!replace";
    f.anchor = anchor;
    f.first_count = budget_.nodes;
    stack_.push_back(std::move(f));
  }

  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    if (f.anchor != 0) {
      open_.erase(f.anchor);
      remember(f.anchor, f.node, budget_.nodes - f.first_count + 1);
    }
    deliver(std::move(f.node));
  }

  // Keep a copy of an anchored value for its aliases (counted against the budget: it is memory).
  void remember(YAML::anchor_t anchor, const Node& n, std::size_t size) {
    if (anchor == 0) return;
    anchor_names_[anchor] = anchor_name_;
    if (size > 1) count(n.where, size);
    anchors_[anchor] = Anchored{n, size};
  }

  void deliver(Node n) {
    if (stack_.empty()) {
      root_ = std::move(n);
      return;
    }
    Frame& f = top();
    if (f.node.is_seq()) {
      f.node.items.push_back(std::move(n));
      return;
    }
    n.key_where = f.key_at;
    if (f.index.empty() && f.node.entries.size() >= 32) {
      for (const auto& e : f.node.entries) f.index.emplace(e.key, e.value.key_where.line);
    }
    if (!f.index.empty()) f.index.emplace(f.key, f.key_at.line);
    f.node.entries.push_back({std::move(f.key), std::move(n)});
    f.key.clear();
    f.have_key = false;
  }

  const Origin& origin_;
  const std::string path_;
  const SourceLocation* key_where_;
  Budget& budget_;
  std::vector<Frame> stack_;
  std::optional<Node> root_;
  std::unordered_map<YAML::anchor_t, Anchored> anchors_;
  std::unordered_map<YAML::anchor_t, std::string> anchor_names_;
  std::unordered_set<YAML::anchor_t> open_;
  std::string anchor_name_;
};

// Malformed YAML: when a tab indents a line at or before the error, that tab is the likely cause
// (YAML indents with spaces only), so the message names it instead of yaml-cpp's consequence.
std::optional<SourceLocation> indenting_tab(const Origin& origin, int error_line) {
  const int last = std::min(error_line, static_cast<int>(origin.line_starts.size()) - 1);
  for (int line = last; line >= 0; --line) {
    const std::size_t start = origin.line_starts[static_cast<std::size_t>(line)];
    for (std::size_t k = start; k < origin.text.size(); ++k) {
      const char c = origin.text[k];
      if (c == '\t') return origin.at_offset(k);
      if (c != ' ') break;
    }
  }
  return std::nullopt;
}

std::string unexpected(std::string_view rest) {
  if (rest.rfind("---", 0) == 0) return {};
  const char c = rest.empty() ? '\0' : rest.front();
  if (c == ',' || c == ']' || c == '}') {
    return std::string("unexpected '") + c + "' outside a [...] list or {...} map";
  }
  return "unexpected text after the end of the document";
}

// yaml-cpp's message for malformed YAML, with a tab that indents a line named as the cause.
[[noreturn]] void syntax_error(const Origin& origin, const YAML::Exception& e,
                               const std::string& path, const std::string& invalid) {
  if (const auto tab = indenting_tab(origin, e.mark.line)) {
    fail(*tab, path,
         invalid + "a tab indents line " + std::to_string(tab->line) + " (column " +
             std::to_string(tab->column) + "); YAML indents with spaces only");
  }
  const SourceLocation where =
      e.mark.is_null() ? SourceLocation{origin.file, origin.first_line, origin.first_column}
                       : origin.at(e.mark.line, e.mark.column);
  fail(where, path, invalid + e.msg);
}

}  // namespace

Node parse_yaml(const Origin& origin, const std::string& path, const SourceLocation* key_where,
                const std::string& what, Budget& budget) {
  const bool is_file = what.find("file") != std::string::npos;
  const std::string invalid = is_file ? "invalid YAML: " : "cannot read the value: ";
  ViewBuffer buffer(origin.text);
  std::istream in(&buffer);
  YAML::Parser parser(in);
  Builder builder(origin, path, key_where, budget);
  try {
    if (parser.HandleNextDocument(builder)) {
      // yaml-cpp 0.7 may return the same empty document forever at a stray ',' (LoadAll would
      // never end): look at where the next document starts, once, and stop there.
      Probe probe(true);
      try {
        parser.HandleNextDocument(probe);
      } catch (const SecondDocument& second) {
        const auto pos = static_cast<std::size_t>(std::max(second.mark.pos, 0));
        const std::string problem =
            unexpected(origin.text.substr(std::min(pos, origin.text.size())));
        fail(origin.at(second.mark.line, second.mark.column), path,
             problem.empty() ? what + " holds one YAML document; this is a second one (after '---')"
                             : invalid + problem);
      }
    }
  } catch (const YAML::Exception& e) {
    syntax_error(origin, e, path, invalid);
  } catch (const LimitExceeded&) {
    throw;
  } catch (const ScenarioError&) {
    // The builder objects to something yaml-cpp has read so far; when the document is malformed
    // further on (an unclosed '{' first looks like a map used as a key), that is the real cause.
    ViewBuffer again(origin.text);
    std::istream text(&again);
    YAML::Parser check(text);
    Probe ignore(false);
    try {
      check.HandleNextDocument(ignore);
    } catch (const YAML::Exception& e) {
      syntax_error(origin, e, path, invalid);
    }
    throw;
  }
  if (!builder.has_root()) {
    Node empty;
    empty.where = empty.key_where =
        key_where != nullptr ? *key_where
                             : SourceLocation{origin.file, origin.first_line, origin.first_column};
    return empty;
  }
  return builder.take();
}

}  // namespace clustersim::scenario::detail
