// docs/model.md documents every parameter of the code with its unit, default, plausible range and
// a source; its stock-and-flow diagram and loop table follow the structure table
// (core/structure.hpp), which follows the state layout (state.hpp).
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "clustersim/core/params.hpp"
#include "clustersim/core/state.hpp"
#include "clustersim/core/structure.hpp"

using namespace clustersim;

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string source_file(const std::string& relative) {
  return read(std::string(CLUSTERSIM_SOURCE_DIR) + "/" + relative);
}

// The table row of `key`: the line starting with "| `key` |".
std::string row_of(const std::string& doc, std::string_view key) {
  const std::string head = "| `" + std::string(key) + "` |";
  const auto pos = doc.find(head);
  if (pos == std::string::npos) return {};
  return doc.substr(pos, doc.find('\n', pos) - pos);
}

// The cells of a Markdown table row, trimmed; cells[0] is the empty text before the first '|'.
std::vector<std::string> cells_of(const std::string& row) {
  std::vector<std::string> cells;
  std::stringstream ss(row);
  std::string cell;
  while (std::getline(ss, cell, '|')) {
    const auto a = cell.find_first_not_of(' ');
    const auto b = cell.find_last_not_of(' ');
    cells.push_back(a == std::string::npos ? "" : cell.substr(a, b - a + 1));
  }
  return cells;
}

std::string format_number(double v) {
  if (std::isinf(v)) return v > 0 ? "∞" : "−∞";
  std::ostringstream os;
  os << v;
  return os.str();
}

std::string format_default(double v) { return std::isnan(v) ? "derived" : format_number(v); }

// The plausible range as the table writes it: "lower – upper".
std::string format_range(double lower, double upper) {
  return format_number(lower) + " – " + format_number(upper);
}

// The ids of data/sources.csv (first field of each line after the header).
std::set<std::string> source_ids() {
  std::set<std::string> ids;
  std::stringstream ss(source_file("data/sources.csv"));
  std::string line;
  std::getline(ss, line);  // header
  while (std::getline(ss, line)) {
    const auto comma = line.find(',');
    if (comma != std::string::npos && comma > 0) ids.insert(line.substr(0, comma));
  }
  return ids;
}

template <typename Table>
void check_table(const std::string& doc, const Table& table, const std::set<std::string>& ids) {
  const std::regex citation(R"(\[([a-z][a-z0-9]+(?:-[a-z0-9]+)+)\])");
  for (const auto& p : table) {
    INFO("parameter " << p.key);
    const std::string row = row_of(doc, p.key);
    REQUIRE(!row.empty());
    // | key | unit | default | plausible range | meaning | source |
    const auto cells = cells_of(row);
    REQUIRE(cells.size() >= 7);
    CHECK(cells[2] == std::string(p.unit));
    CHECK(cells[3] == format_default(p.default_value));
    CHECK(cells[4] == format_range(p.plausible_lower, p.plausible_upper));
    CHECK(!cells[5].empty());  // the meaning
    const std::string& source = cells[6];
    // A source is an [id] of data/sources.csv, a law's article, or the word assumption (or a
    // value that needs none: derived per run, a neutral 1); never the project's working notes.
    CHECK(source.find("facts") == std::string::npos);
    bool cited = false;
    for (std::sregex_iterator m(source.begin(), source.end(), citation), end; m != end; ++m) {
      INFO("citation " << (*m)[1]);
      CHECK(ids.count((*m)[1]) == 1);
      cited = true;
    }
    const bool sourced = cited || source.find("assumption") != std::string::npos ||
                         source.find("Art.") != std::string::npos ||
                         source.find("derived") != std::string::npos ||
                         source.find("neutral") != std::string::npos;
    CHECK(sourced);
    // The code's own source string says the same kind of thing.
    CHECK(!p.source.empty());
  }
}

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::stringstream ss{std::string(text)};
  std::string w;
  while (ss >> w) out.push_back(w);
  return out;
}

}  // namespace

TEST_CASE("docs/model.md has a row for every parameter, with the code's unit and default",
          "[docs]") {
  const std::string doc = source_file("docs/model.md");
  const auto ids = source_ids();
  REQUIRE(ids.size() > 10);
  check_table(doc, kClusterParamInfo, ids);
  check_table(doc, kRegionParamInfo, ids);
}

TEST_CASE("every parameter and lever has a Chinese and an English display name", "[docs]") {
  for (const auto& p : kClusterParamInfo) {
    INFO(p.key);
    CHECK(!p.label_zh.empty());
    CHECK(!p.label_en.empty());
  }
  for (const auto& p : kRegionParamInfo) {
    INFO(p.key);
    CHECK(!p.label_zh.empty());
    CHECK(!p.label_en.empty());
  }
  for (const auto& l : kLeverInfo) {
    INFO(l.key);
    CHECK(!l.label_zh.empty());
    CHECK(!l.label_en.empty());
  }
}

TEST_CASE("the structure table holds every state of the layout once, and no other", "[docs]") {
  // The dynamic part of the state (accumulators only integrate reported flows).
  std::map<std::string, structure::Scope> layout;
  for (int k = 0; k < kFirstClusterAccumulator; ++k) {
    layout.emplace(std::string(stock_name(static_cast<Stock>(k))), structure::Scope::Cluster);
  }
  for (int k = 0; k < kFirstRegionAccumulator; ++k) {
    layout.emplace(std::string(stock_name(static_cast<RegionStock>(k))), structure::Scope::Region);
  }
  REQUIRE(layout.size() ==
          static_cast<std::size_t>(kFirstClusterAccumulator + kFirstRegionAccumulator));

  std::map<std::string, std::string> held;  // state -> node
  for (const auto& n : structure::nodes()) {
    INFO("node " << n.id);
    const bool has_states = n.kind == structure::NodeKind::Stock ||
                            n.kind == structure::NodeKind::Constant;
    CHECK(has_states == !n.states.empty());
    for (const auto& s : words(n.states)) {
      INFO("state " << s);
      const auto it = layout.find(s);
      CHECK(it != layout.end());  // the layout has no such state
      if (it != layout.end()) CHECK(it->second == n.scope);
      CHECK(held.emplace(s, std::string(n.id)).second);  // held by one node only
    }
  }
  for (const auto& [state, scope] : layout) {
    INFO("state " << state << " is in no node of the structure table");
    CHECK(held.count(state) == 1);
  }
}

TEST_CASE("the structure table's links join its nodes and its loops close with their polarity",
          "[docs]") {
  std::set<std::string> ids, linked;
  for (const auto& n : structure::nodes()) {
    CHECK(ids.insert(std::string(n.id)).second);
    CHECK(!n.equation.empty());
  }
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& l : structure::links()) {
    INFO(l.from << " -> " << l.to);
    CHECK(ids.count(std::string(l.from)) == 1);
    CHECK(ids.count(std::string(l.to)) == 1);
    CHECK((l.polarity == 1 || l.polarity == -1));
    CHECK(seen.emplace(std::string(l.from), std::string(l.to)).second);
    linked.insert(std::string(l.from));
    linked.insert(std::string(l.to));
  }
  CHECK(linked == ids);  // no node stands alone
  std::set<std::string> loop_ids;
  for (const auto& loop : structure::loops()) {
    INFO("loop " << loop.id);
    CHECK(loop_ids.insert(std::string(loop.id)).second);
    const auto path = words(loop.path);
    REQUIRE(!path.empty());
    int sign = 1;
    for (std::size_t k = 0; k < path.size(); ++k) {
      const auto& from = path[k];
      const auto& to = path[(k + 1) % path.size()];
      INFO("link " << from << " -> " << to);
      const auto* link = structure::find_link(from, to);
      REQUIRE(link != nullptr);
      sign *= link->polarity;
    }
    CHECK((loop.kind == structure::LoopKind::Reinforcing) == (sign > 0));
    CHECK(loop.id.front() == (sign > 0 ? 'R' : 'B'));
  }
}

TEST_CASE("docs/model.md lists every feedback loop and defines every equation the table cites",
          "[docs]") {
  const std::string doc = source_file("docs/model.md");
  for (const auto& loop : structure::loops()) {
    INFO("loop " << loop.id);
    const std::string head = "| " + std::string(loop.id) + " | ";
    const auto pos = doc.find(head);
    REQUIRE(pos != std::string::npos);
    const auto cells = cells_of(doc.substr(pos, doc.find('\n', pos) - pos));
    REQUIRE(cells.size() >= 5);
    CHECK(cells[2] == (loop.kind == structure::LoopKind::Reinforcing ? "reinforcing"
                                                                      : "balancing"));
    CHECK(cells[3] == std::string(loop.name));
  }
  // Every equation number E1..E37 has its paragraph ("**E12 — ...").
  const std::regex number(R"(E([0-9]+))");
  std::set<int> cited;
  for (const auto& n : structure::nodes()) {
    const std::string eq(n.equation);
    for (std::sregex_iterator m(eq.begin(), eq.end(), number), end; m != end; ++m) {
      cited.insert(std::stoi((*m)[1]));
    }
  }
  REQUIRE(!cited.empty());
  for (int e = 1; e <= *cited.rbegin(); ++e) {
    INFO("E" << e);
    CHECK(doc.find("**E" + std::to_string(e) + " — ") != std::string::npos);
  }
}
