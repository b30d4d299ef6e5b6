// docs/model.md documents every parameter of the code with its default and a source.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "clustersim/core/params.hpp"

using namespace clustersim;

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The table row of `key`: the line starting with "| `key` |".
std::string row_of(const std::string& doc, std::string_view key) {
  const std::string head = "| `" + std::string(key) + "` |";
  const auto pos = doc.find(head);
  if (pos == std::string::npos) return {};
  return doc.substr(pos, doc.find('\n', pos) - pos);
}

std::string format_default(double v) {
  if (std::isnan(v)) return "derived";
  std::ostringstream os;
  os << v;
  return os.str();
}

template <typename Table>
void check_table(const std::string& doc, const Table& table) {
  for (const auto& p : table) {
    INFO("parameter " << p.key);
    const std::string row = row_of(doc, p.key);
    REQUIRE(!row.empty());
    // | key | unit | default | meaning | source |
    std::vector<std::string> cells;
    std::stringstream ss(row);
    std::string cell;
    while (std::getline(ss, cell, '|')) {
      const auto a = cell.find_first_not_of(' ');
      const auto b = cell.find_last_not_of(' ');
      cells.push_back(a == std::string::npos ? "" : cell.substr(a, b - a + 1));
    }
    REQUIRE(cells.size() >= 6);
    CHECK(cells[2] == std::string(p.unit));
    CHECK(cells[3] == format_default(p.default_value));
    CHECK(!cells[5].empty());  // a source or the word assumption
    const bool sourced = cells[5].find("assumption") != std::string::npos ||
                         cells[5].find("facts") != std::string::npos ||
                         cells[5].find("Art.") != std::string::npos ||
                         cells[5].find("derived") != std::string::npos ||
                         cells[5].find("normalisation") != std::string::npos ||
                         cells[5].find("neutral") != std::string::npos;
    CHECK(sourced);
    // The code's own source string says the same kind of thing.
    CHECK(!p.source.empty());
  }
}

}  // namespace

TEST_CASE("docs/model.md has a row for every parameter, with the code's unit and default",
          "[docs]") {
  const std::string doc = read(std::string(CLUSTERSIM_SOURCE_DIR) + "/docs/model.md");
  check_table(doc, kClusterParamInfo);
  check_table(doc, kRegionParamInfo);
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
