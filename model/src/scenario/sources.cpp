// Sources as documents: scenario.sources_file names a CSV of documents (id, title, publisher,
// address, date, tag, note); any text of the scenario cites one as [id], and scenario.sources may
// list ids. The review pack then lists the documents cited, with their titles and addresses.
#include <algorithm>
#include <fstream>
#include <map>

#include "clustersim/scenario/detail/csv.hpp"
#include "clustersim/scenario/detail/text.hpp"
#include "convert.hpp"

namespace clustersim::scenario::detail {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string>& source_columns() {
  static const std::vector<std::string> cols{"id",  "title", "publisher", "address",
                                             "date", "tag",   "note"};
  return cols;
}

bool lower(char c) { return c >= 'a' && c <= 'z'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

// A source id, as data/README.md defines them: lower-case words of letters and digits joined by
// hyphens, at least two, the first starting with a letter ("ps-6plus3-2024", "cset-fab-time").
bool is_id(std::string_view s) {
  if (s.size() < 3 || !lower(s.front()) || s.back() == '-') return false;
  bool hyphen = false;
  for (std::size_t k = 0; k < s.size(); ++k) {
    if (s[k] == '-') {
      if (k == 0 || s[k - 1] == '-') return false;
      hyphen = true;
    } else if (!lower(s[k]) && !digit(s[k])) {
      return false;
    }
  }
  return hyphen && s.find('-') >= 2;  // the first word has at least two characters
}

struct Citation {
  std::string id;
  std::size_t offset;  // of the '[' in the text
};

// Every [id] in `text` not followed by '(' (a Markdown link). Brackets around anything else
// ([2024], [weak], [注], [a b]) are not citations.
std::vector<Citation> citations(std::string_view text) {
  std::vector<Citation> out;
  for (std::size_t open = text.find('['); open != std::string_view::npos;
       open = text.find('[', open + 1)) {
    const std::size_t close = text.find(']', open + 1);
    if (close == std::string_view::npos) break;
    const std::string_view id = text.substr(open + 1, close - open - 1);
    const bool link = close + 1 < text.size() && text[close + 1] == '(';
    if (is_id(id) && !link) out.push_back({std::string(id), open});
  }
  return out;
}

// Where `needle` is written in the file, searching from `where` on (a text may be quoted or
// folded over several lines); `where` itself when it cannot be found.
SourceLocation find_in_file(const SourceLocation& where, const std::string& needle) {
  if (where.line <= 0) return where;
  std::ifstream in(where.file, std::ios::binary);
  if (!in) return where;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (number < where.line) continue;
    if (number > where.line + 200) break;
    std::size_t from = 0;
    if (number == where.line) {
      // Skip the characters before the text's column.
      for (int col = 1; col < where.column && from < line.size(); ++from) {
        if ((static_cast<unsigned char>(line[from]) & 0xC0) != 0x80) ++col;
      }
      while (from < line.size() && (static_cast<unsigned char>(line[from]) & 0xC0) == 0x80) ++from;
    }
    const std::size_t at = line.find(needle, from);
    if (at != std::string::npos) {
      return {where.file, number, utf8_length(std::string_view(line).substr(0, at)) + 1};
    }
  }
  return where;
}

class Resolver {
 public:
  Resolver(Scenario& s) : s_(s) {}

  void read(const Node& file_node) {
    const std::string key = "scenario.sources_file";
    fs::path path(std::string(trim(file_node.text)));
    if (path.is_relative() && file_node.where.file != "<--set>") {
      path = (fs::path(file_node.where.file).parent_path() / path).lexically_normal();
    }
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
      fail(file_node.where, key, "cannot open the sources file '" + path.string() + "'");
    }
    s_.sources_file = path;
    const std::string name = path.string();
    for (const auto& row : read_csv_table(path, source_columns(), "the sources file")) {
      SourceDoc d;
      d.id = std::string(trim(row[0].text));
      d.title = std::string(trim(row[1].text));
      d.publisher = std::string(trim(row[2].text));
      d.address = std::string(trim(row[3].text));
      d.date = std::string(trim(row[4].text));
      d.tag = std::string(trim(row[5].text));
      d.note = std::string(trim(row[6].text));
      d.where = {name, row[0].line, row[0].column};
      if (!is_id(d.id)) {
        fail(d.where, "id",
             "expected a source id (lower-case words of letters and digits joined by hyphens, "
             "e.g. ps-6plus3-2024), got " + quote(row[0].text));
      }
      if (const auto it = docs_.find(d.id); it != docs_.end()) {
        fail(d.where, "id",
             "duplicate id '" + d.id + "' (also at line " + std::to_string(it->second.where.line) +
                 ")");
      }
      if (d.title.empty()) fail({name, row[1].line, row[1].column}, "title", "missing title");
      ids_.push_back(d.id);
      docs_.emplace(d.id, std::move(d));
    }
  }

  // Every citation in the texts under `n` (at `path`).
  void walk(const Node& n, const std::string& path) {
    switch (n.kind) {
      case Node::Kind::Scalar:
        for (const auto& c : citations(n.text)) cite(c.id, n, path, "[" + c.id + "]");
        return;
      case Node::Kind::Map:
        for (const auto& e : n.entries) walk(e.value, join_path(path, e.key));
        return;
      case Node::Kind::Seq:
        for (std::size_t k = 0; k < n.items.size(); ++k) {
          const Node& item = n.items[k];
          // scenario.sources may list bare ids.
          if (path == "scenario.sources" && item.is_scalar() && is_id(trim(item.text))) {
            const std::string id(trim(item.text));
            cite(id, item, join_path(path, std::to_string(k)), id);
          } else {
            walk(item, join_path(path, std::to_string(k)));
          }
        }
        return;
      case Node::Kind::Null:
        return;
    }
  }

 private:
  Scenario& s_;
  std::map<std::string, SourceDoc> docs_;
  std::vector<std::string> ids_;  // in the file's order, for suggestions

  void cite(const std::string& id, const Node& n, const std::string& path,
            const std::string& written) {
    const auto it = docs_.find(id);
    if (it == docs_.end()) {
      std::string message = "unknown source '" + id + "': no such id in " + s_.sources_file.string();
      const std::string hint = did_you_mean(id, ids_);
      message += hint.empty() ? " (brackets around hyphenated words cite a source; write other "
                                "bracketed words in parentheses)"
                              : hint;
      fail(find_in_file(n.where, written), path, message);
    }
    const bool seen = std::any_of(s_.cited_sources.begin(), s_.cited_sources.end(),
                                  [&](const SourceDoc& d) { return d.id == id; });
    if (!seen) s_.cited_sources.push_back(it->second);
  }
};

}  // namespace

void resolve_sources(const Node& root, Scenario& scenario) {
  const Node* file = root.get("scenario") ? root.get("scenario")->get("sources_file") : nullptr;
  if (file == nullptr) return;  // no sources file: brackets are plain text
  Resolver r(scenario);
  r.read(*file);
  r.walk(root, "");
}

}  // namespace clustersim::scenario::detail
