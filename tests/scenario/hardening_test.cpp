// Hostile and mistaken input at the scenario layer (issues 14 and 15): text that is not text,
// YAML that never ends or expands without bound, limits, one printable line per message, names
// where ids are expected, foreign currencies, --set through ids that do not exist, dates and
// uncertain inputs checked against the scenario. The bad-input corpus (tests/data/scenario/bad,
// cases.json) checks the same through the command; these pin the functions themselves.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "clustersim/scenario/detail/text.hpp"
#include "clustersim/scenario/detail/tree.hpp"
#include "clustersim/scenario/inputs.hpp"
#include "clustersim/scenario/paths.hpp"
#include "clustersim/scenario/units.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using namespace clustersim::scenario;
using Catch::Matchers::Contains;
using clustersim::scenario::test::fixture;

namespace {

fs::path scratch(const std::string& name, const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / ("clustersim-hardening-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / name;
  std::ofstream(file, std::ios::binary) << text;
  return file;
}

// A file extending the valid fixture with `body`.
fs::path extending(const std::string& name, const std::string& body) {
  return scratch(name, "extends: " + fixture("valid.yaml") + "\n" + body);
}

std::string message_of(const fs::path& file, const std::vector<std::string>& overrides = {}) {
  return test::error_of(file.string(), overrides).what();
}

}  // namespace

TEST_CASE("text: messages are one printable line", "[hardening][text]") {
  using detail::printable;
  CHECK(printable("plain 半导体 ≥ 0") == "plain 半导体 ≥ 0");
  CHECK(printable("a\nb\tc\rd") == "a\\nb\\tc\\rd");
  CHECK(printable(std::string("a\0b", 3)) == "a\\x00b");
  CHECK(printable("\x1b[31m") == "\\x1B[31m");
  CHECK(printable("\xc2\x85") == "\\x85");             // NEL, a C1 control
  CHECK(printable("caf\xe9") == "caf\\xE9");           // not UTF-8
  CHECK(printable("\xed\xa0\x80") == "\\xED\\xA0\\x80");  // a surrogate is not UTF-8 either
  CHECK(detail::quote(std::string(70, 'x')) == "'" + std::string(60, 'x') + "...'");
  CHECK(detail::quote(std::string(61, 'x') + "\n") == "'" + std::string(60, 'x') + "...'");
  // Cut between characters, never inside one.
  std::string chinese;
  for (int k = 0; k < 70; ++k) chinese += "半";
  const std::string q = detail::quote(chinese);
  CHECK(q.size() == 1 + 60 * 3 + 3 + 1);
  // A ScenarioError's what() escapes whatever it is given.
  const ScenarioError e({"x\ny.yaml", 1, 2}, "a\tb", "bad \x07 value");
  CHECK(std::string(e.what()) == "x\\ny.yaml:1:2: error: a\\tb: bad \\x07 value");
}

TEST_CASE("text: what a file and a value may hold", "[hardening][text]") {
  CHECK_FALSE(detail::check_file_text("a: 1\n\tb\r\n半导体"));
  CHECK_FALSE(detail::check_file_text("\xef\xbb\xbf" "a: 1"));  // a leading byte-order mark
  const auto nul = detail::check_file_text(std::string("ab\0", 3));
  REQUIRE(nul);
  CHECK(nul->offset == 2);
  CHECK_THAT(nul->what, Contains("NUL"));
  CHECK(detail::check_file_text("a\xc3")->offset == 1);                  // truncated sequence
  CHECK(detail::check_file_text("a\xc0\xaf")->offset == 1);              // overlong '/'
  CHECK(detail::check_file_text("a\xf4\x90\x80\x80")->offset == 1);      // above U+10FFFF
  CHECK(detail::check_file_text("a\xef\xbb\xbf")->offset == 1);          // BOM after the start
  CHECK(detail::check_file_text("a\x7f"));
  CHECK_FALSE(detail::check_value_text("line\nbreak\tand tab", true));
  CHECK(detail::check_value_text("line\nbreak", false));
  CHECK(detail::check_value_text("bell\x07", true));
}

TEST_CASE("yaml: a stray ',' ends with a message, not endless documents", "[hardening][yaml]") {
  // yaml-cpp's LoadAll returned empty documents forever here (bad_alloc or the OOM killer).
  const fs::path f = scratch("comma.yaml", ",\n");
  const ScenarioError e = test::error_of(f.string());
  CHECK(e.where().line == 1);
  CHECK(e.message() == "invalid YAML: unexpected ',' outside a [...] list or {...} map");
  CHECK_THAT(message_of(scratch("after.yaml", "scenario: {name: x}\n---\nmore: 1\n")),
             Contains("after.yaml:2:1: error: a scenario file holds one YAML document"));
}

TEST_CASE("yaml: aliases are copies within a budget; recursion is refused", "[hardening][yaml]") {
  SECTION("an alias used within limits reads like the values written out") {
    const fs::path f = extending("alias-ok.yaml",
                                 "defaults: {params: &p {market_growth: 0.05}}\n"
                                 "clusters: {ic: {params: *p}}\n");
    const Scenario s = load(f);
    CHECK(s.spec.clusters[0][clustersim::ClusterParam::MarketGrowth] == 0.05);
  }
  SECTION("a recursive alias (a stack overflow before)") {
    const ScenarioError e = test::error_of(scratch("rec.yaml", "a: &x [*x]\n").string());
    CHECK(e.where().line == 1);
    CHECK(e.where().column == 8);
    CHECK_THAT(e.message(), Contains("recursive alias"));
  }
  SECTION("a billion laughs") {
    std::string text = "a: &a [x, x, x, x, x, x, x, x, x]\n";
    for (char c = 'b'; c <= 'j'; ++c) {
      const char prev = static_cast<char>(c - 1);
      text += std::string(1, c) + ": &" + c + " [";
      for (int k = 0; k < 9; ++k) text += std::string(k ? ", *" : "*") + prev;
      text += "]\n";
    }
    CHECK_THAT(message_of(scratch("laughs.yaml", text)),
               Contains("aliases expand to more than 100,000 values"));
  }
}

TEST_CASE("yaml: nesting, values and file size have limits", "[hardening][yaml]") {
  const std::string deep = "x: " + std::string(70, '[') + std::string(70, ']') + "\n";
  CHECK_THAT(message_of(scratch("deep.yaml", deep)), Contains("nested more than 64 levels deep"));
  const std::string fine = "x: " + std::string(60, '[') + std::string(60, ']') + "\n";
  CHECK_THAT(message_of(scratch("fine.yaml", fine)), Contains("unknown key 'x'"));  // read fine

  std::string many = "x: [";
  for (std::size_t k = 0; k <= detail::kMaxNodes; ++k) many += "0,";
  many += "0]\n";
  CHECK_THAT(message_of(scratch("many.yaml", many)), Contains("more than 1,000,000 values"));

  const std::string big(detail::kMaxFileBytes + 1, '#');
  const ScenarioError e = test::error_of(scratch("big.yaml", big).string());
  CHECK(e.where().line == 0);
  CHECK_THAT(e.message(), Contains("larger than 16 MiB"));
}

TEST_CASE("yaml: only regular files are read", "[hardening][yaml]") {
  CHECK(detail::file_problem("/dev/zero") == "it is a character device, not a regular file");
  CHECK(detail::file_problem(fs::temp_directory_path()) == "it is a directory");
  CHECK(detail::file_problem("/no/such/file.yaml") == "no such file");
  CHECK(detail::file_problem(fixture("valid.yaml")).empty());
  const ScenarioError e = test::error_of("/dev/zero");
  CHECK(std::string(e.what()) ==
        "/dev/zero:0:0: error: cannot read the scenario: it is a character device, not a regular "
        "file");
  CHECK_THAT(message_of(scratch("zero.yaml", "extends: /dev/zero\n")),
             Contains(":1:10: error: extends: cannot extend '/dev/zero': it is a character device"));
}

TEST_CASE("yaml: tags, text and tabs", "[hardening][yaml]") {
  CHECK_THAT(message_of(extending("tag.yaml", "scenario: {title: !foo x}\n")),
             Contains(":2:19: error: scenario.title: unknown tag '!foo'"));
  const Scenario s = load(extending("str.yaml", "scenario: {title: !!str 2030}\n"));
  CHECK(s.title == "2030");
  CHECK_THAT(message_of(extending("nul.yaml", "scenario: {title: \"a\\0b\"}\n")),
             Contains("scenario.title: the text holds a NUL character (\\x00)"));
  CHECK_THAT(message_of(extending("key.yaml", "scenario: {\"ti\\ntle\": x}\n")),
             Contains("a key holds a line break or tab (\\n)"));
  CHECK_THAT(message_of(scratch("latin1.yaml", "scenario: {title: caf\xe9}\n")),
             Contains("latin1.yaml:1:22: error: the file holds a byte that is not UTF-8 (\\xE9)"));
  const ScenarioError tab = test::error_of(extending("tab.yaml", "scenario:\n\ttitle: x\n").string());
  CHECK(tab.where().line == 3);
  CHECK(tab.where().column == 1);
  CHECK_THAT(tab.message(), Contains("a tab indents line 3"));
}

TEST_CASE("yaml: merges of large maps keep order and deletions", "[hardening][yaml]") {
  std::string base = "scenario: {name: many}\nregion: {name: r}\nhorizon: {start: 2023, end: 2024}\nclusters:\n";
  for (int k = 0; k < 100; ++k) base += "  c" + std::to_string(k) + ": {baseline: {year: 2023, value: 1}}\n";
  const fs::path b = scratch("many-base.yaml", base);
  const fs::path child = scratch("many-child.yaml", "extends: many-base.yaml\nclusters:\n  c5: null\n  c7: null\n"
                                                    "  c9: {baseline: {value: 3}}\n  new: {baseline: {year: 2023, value: 2}}\n");
  const Scenario s = load(child);
  REQUIRE(s.clusters.size() == 99);
  CHECK(s.clusters[5].id == "c6");
  CHECK(s.clusters[6].id == "c8");
  CHECK(s.clusters[7].id == "c9");
  CHECK(s.spec.clusters[7].baseline_output == 3);
  CHECK(s.clusters.back().id == "new");
  // A duplicate among many keys is still found, with the line of the first.
  CHECK_THAT(message_of(scratch("dup.yaml", base + "  c3: {baseline: {year: 2023, value: 1}}\n")),
             Contains("dup.yaml:105:3: error: clusters.c3: duplicate key 'c3' (also at line 8)"));
}

TEST_CASE("names: a cluster's unique name stands for its id", "[hardening][names]") {
  const Scenario s = load(extending("names.yaml",
                                    "levers: {fund: {半导体与集成电路: 30 亿元/yr}}\n"
                                    "targets:\n  - {cluster: 生物医药, year: 2030, value: 300 亿元}\n"
                                    "events:\n  shock: {target: clusters.智能网联汽车.market_scale, at: 2025, scale: 0.9}\n"),
                          test::sets({"levers.talent.生物医药=100 persons/yr"}));
  const auto fund = static_cast<int>(clustersim::Lever::Fund);
  CHECK(s.spec.levers[fund](0, 1) == 30);
  CHECK(s.targets.back().cluster == "biomed");
  CHECK(s.spec.events.back().target.cluster == 1);
  const ClusterNames names = cluster_names(s);
  CHECK(find_cluster(names, "ic") == 0);
  CHECK(find_cluster(names, "智能网联汽车") == 1);
  CHECK_FALSE(find_cluster(names, "半导体"));
  CHECK(unknown_cluster(names, "半导体") == "unknown cluster '半导体'; did you mean 'ic' (半导体与集成电路)?");
  CHECK(unknown_cluster(names, "icx") == "unknown cluster 'icx'; did you mean 'ic'?");
  CHECK(unknown_cluster(names, "zz") == "unknown cluster 'zz' (clusters: ic, icv, biomed)");
  // Two clusters with one name: the name says nothing, the id must.
  const Scenario twins = load(extending("twins.yaml", "clusters: {icv: {name: 半导体与集成电路}}\n"));
  CHECK_FALSE(find_cluster(cluster_names(twins), "半导体与集成电路"));
}

TEST_CASE("overrides: a --set through a cluster or event that does not exist", "[hardening][names]") {
  const std::string valid = fixture("valid.yaml");
  const ScenarioError c = test::error_of(valid, {"clusters.icx.params.priority=2"});
  CHECK(c.where().column == 10);
  CHECK(c.key() == "clusters.icx");
  CHECK_THAT(c.message(), Contains("unknown cluster 'icx'; did you mean 'ic'?"));
  const ScenarioError e = test::error_of(valid, {"events.byd_licence_move.to=0.9"});
  CHECK(e.key() == "events.byd_licence_move");
  CHECK_THAT(e.message(), Contains("unknown event 'byd_licence_move'; did you mean 'byd_licence_moves'?"));
  // A whole new cluster or event is still added.
  const Scenario s = load(valid, test::sets({"clusters.new={baseline: {year: 2023, value: 5}}",
                                             "events.extra={target: clusters.new.market_growth, at: 2025, to: 0.1}"}));
  CHECK(s.clusters.back().id == "new");
  CHECK(s.spec.events.back().name == "extra");
}

TEST_CASE("overrides written elsewhere are located there", "[hardening][overrides]") {
  const Override o("clusters.ic.baseline.value", "5 亿美元", SourceLocation{"spec.yaml", 12, 3},
                   SourceLocation{"spec.yaml", 12, 33});
  try {
    (void)load(fixture("valid.yaml"), {o});
    FAIL("accepted");
  } catch (const ScenarioError& e) {
    CHECK(e.where().file == "spec.yaml");
    CHECK(e.where().line == 12);
    CHECK(e.where().column == 33);
    CHECK_THAT(e.message(), Contains("convert to 亿元 and cite the rate"));
  }
}

TEST_CASE("units: foreign currencies are refused, not suggested as 亿元", "[hardening][units]") {
  for (const char* q : {"100 亿美元", "100 美元", "100 US$", "US$ 6.35", "5 EUR", "3 亿欧元/yr", "2 HK$"}) {
    INFO(q);
    CHECK_THROWS_WITH(convert(q, "亿元"), Contains("convert to 亿元 and cite the rate"));
  }
  CHECK_THROWS_WITH(parse_unit("亿美元/yr"), Contains("foreign currency (美元)"));
  CHECK(foreign_currency_problem("100 亿元").empty());
  CHECK(convert("100亿元", "亿元") == 100);
  CHECK(convert("300 万元/亩", "亿元/ha") == Approx(0.45));
}

TEST_CASE("dates of events and projects lie in the simulated years", "[hardening][dates]") {
  auto event_at = [](const std::string& at, const std::string& extra = "") {
    return extending("date.yaml", "events:\n  e: {target: clusters.ic.market_growth, at: " + at +
                                      ", to: 0.1" + extra + "}\n");
  };
  CHECK_NOTHROW(load(event_at("2023")));
  CHECK_NOTHROW(load(event_at("2030.99")));
  CHECK_THAT(message_of(event_at("2031")), Contains("events.e.at: 2031 lies outside the simulated years 2023–2030"));
  CHECK_THAT(message_of(event_at("2022.9")), Contains("events.e.at: 2022.9 lies outside"));
  CHECK_NOTHROW(load(event_at("2029", ", kind: ramp, until: 2031")));  // a ramp may end at the end
  CHECK_THAT(message_of(event_at("2029", ", kind: ramp, until: 2032")), Contains("events.e.until: 2032"));
  CHECK_THAT(message_of(extending("project.yaml", "events:\n  p: {kind: project, cluster: ic, capex: 1, "
                                                  "start: 2019, construction_time: 1}\n")),
             Contains("events.p.start: 2019 lies outside"));
}

TEST_CASE("the uncertainty section is checked when the scenario loads", "[hardening][uncertainty]") {
  const std::string head = "uncertainty:\n  inputs:\n"
                           "    levers.fund.ic: {distribution: uniform, low: 0.5, high: 2}\n"
                           "    levers.land.region: {distribution: uniform, low: 0.5, high: 2}\n";
  CHECK_THAT(message_of(extending("u1.yaml", "uncertainty:\n  inputs:\n    clusters.icx.market_growth: "
                                             "{distribution: uniform, low: 0.1, high: 0.2}\n")),
             Contains("u1.yaml:4:5: error: uncertainty.inputs.clusters.icx.market_growth:"));
  CHECK_THAT(message_of(extending("u2.yaml", "uncertainty: {inputs: {}}\n")), Contains("no inputs"));
  CHECK_THAT(message_of(extending("u3.yaml", head + "  correlations:\n"
                                                    "    - [levers.fund.ic, levers.land.region, 0.5]\n"
                                                    "    - [levers.land.region, levers.fund.ic, -0.5]\n")),
             Contains("u3.yaml:8:7: error: uncertainty.correlations[1]: the correlation of "
                      "levers.land.region and levers.fund.ic is also given at line 7"));
  const Scenario s = load(extending("u4.yaml", head + "  correlations:\n"
                                                      "    - [levers.fund.ic, levers.land.region, 0.5]\n"));
  const Eigen::MatrixXd c = declared_correlations(s);
  REQUIRE(c.rows() == 2);
  CHECK(c(0, 1) == 0.5);
  CHECK(c(1, 0) == 0.5);
  CHECK(c(0, 0) == 1);
}
