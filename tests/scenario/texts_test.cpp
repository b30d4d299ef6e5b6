// Texts for the audience: English beside Chinese (notes_en, source_en, title_en, description_en,
// with the notes_en key rule), sources as documents (scenario.sources_file and [id] citations),
// and the hash of the model inputs that the review pack checks a sweep against.
#include <catch2/catch.hpp>
#include <filesystem>

#include "support.hpp"

using namespace clustersim::scenario;
using clustersim::scenario::test::check;
using clustersim::scenario::test::error_of;
using clustersim::scenario::test::fixture;
using clustersim::scenario::test::sets;

namespace {

const Note* find_note(const Scenario& s, const std::string& key) {
  for (const auto& n : s.notes) {
    if (n.key == key) return &n;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("texts: English beside Chinese", "[texts]") {
  const Scenario s = load(fixture("sources/cited.yaml"));
  CHECK(s.title == "引用来源的测试情景");
  CHECK(s.title_en == "Fixture citing its sources");
  CHECK(s.description_en == "Targets from [pingshan-6p3].");
  const Note* n = find_note(s, "clusters.ic.params.construction_time");
  REQUIRE(n != nullptr);
  CHECK(n->text == "建设 701 天 [fab-build-time]");
  CHECK(n->text_en == "701 days to build [fab-build-time]");
  const Note* d = find_note(s, "defaults.params.market_growth");
  REQUIRE(d != nullptr);
  CHECK(d->text == "假设");
  CHECK(d->text_en == "assumption");
  CHECK(s.clusters[0].baseline_source == "[pingshan-6p3] 三(一)2(2)");
  CHECK(s.clusters[0].baseline_source_en == "[pingshan-6p3] III(1)2(2)");
  const Note* b = find_note(s, "clusters.ic.baseline");
  REQUIRE(b != nullptr);
  CHECK(b->text_en == "[pingshan-6p3] III(1)2(2)");

  SECTION("no English text: text_en stays empty") {
    const Scenario v = load(fixture("valid.yaml"));
    CHECK(v.title_en.empty());
    const Note* c = find_note(v, "clusters.ic.params.capital_output_ratio");
    REQUIRE(c != nullptr);
    CHECK(c->text_en.empty());
  }
  SECTION("source_en of a quantity and of a lever path") {
    const Scenario o = load(fixture("valid.yaml"),
                            sets({"levers.fund.ic={constant: 20, source: 市级基金, source_en: city fund}",
                                  "region.params.land_initial_vacant={value: 30, unit: ha, "
                                  "source: 调查, source_en: survey}"}));
    CHECK(find_note(o, "levers.fund.ic")->text_en == "city fund");
    CHECK(find_note(o, "region.params.land_initial_vacant")->text_en == "survey");
  }
}

TEST_CASE("texts: notes_en has exactly the keys of notes", "[texts][errors]") {
  const std::string extra = fixture("bad/notes_en_extra_key.yaml");
  check(error_of(extra), extra, 6, 7, "clusters.ic.notes_en.market_growth",
        "'market_growth' is not in clusters.ic.notes: notes_en holds the English texts of notes, "
        "with the same keys");
  // The note without English text is named where it is written (here in the extended file).
  check(error_of(fixture("bad/notes_en_missing_key.yaml")), fixture("valid.yaml"), 18, 5,
        "defaults.notes.market_growth",
        "no English text for 'market_growth': add it to defaults.notes_en (notes_en needs the "
        "same keys as notes)");
  // Deleting the note with null removes the need for its English text.
  CHECK_NOTHROW(load(fixture("bad/notes_en_missing_key.yaml"),
                     sets({"defaults.notes.market_growth=null"})));
}

TEST_CASE("texts: sources as documents", "[texts][sources]") {
  const Scenario s = load(fixture("cited_child.yaml"));
  // Inherited through extends, resolved against the directory of the file that names it.
  CHECK(s.sources_file == std::filesystem::path(fixture("sources/sources.csv")).lexically_normal());
  REQUIRE(s.cited_sources.size() == 3);
  // In order of first citation: scenario.sources lists the policy first.
  CHECK(s.cited_sources[0].id == "pingshan-6p3");
  CHECK(s.cited_sources[1].id == "smic-2023");
  CHECK(s.cited_sources[2].id == "fab-build-time");
  const SourceDoc& smic = s.cited_sources[1];
  CHECK(smic.title == "SMIC annual report 2023 (capex, revenue)");
  CHECK(smic.publisher == "Semiconductor Manufacturing International Corporation");
  CHECK(smic.address == "https://www.smics.com/example/ar2023.pdf");
  CHECK(smic.date == "2024-03-28");
  CHECK(smic.tag == "strong");
  CHECK(smic.where.line == 3);
  CHECK(s.sources == std::vector<std::string>{"pingshan-6p3", "SMIC figures: [smic-2023]"});

  SECTION("without a sources file, brackets are plain text") {
    CHECK_NOTHROW(load(fixture("valid.yaml"), sets({"clusters.ic.notes.capital_output_ratio="
                                                    "'facts [weak]: derived'"})));
  }
  SECTION("a document nobody cites is not listed") {
    const Scenario t = load(fixture("sources/cited.yaml"),
                            sets({"clusters.ic.notes.construction_time=null",
                                  "clusters.ic.notes_en.construction_time=null"}));
    CHECK(t.cited_sources.size() == 2);
  }
}

TEST_CASE("texts: bad citations and sources files", "[texts][sources][errors]") {
  const std::string unknown = fixture("bad/unknown_citation.yaml");
  const std::string csv = fixture("sources/sources.csv");
  // The column of the citation inside the text, not of the text's start.
  check(error_of(unknown), unknown, 4, 39, "clusters.biomed.notes.market_growth",
        "unknown source 'pingshan-6p4': no such id in " + csv +
            "; did you mean 'pingshan-6p3'?");
  const ScenarioError far = error_of(fixture("sources/cited.yaml"),
                                     {"clusters.icv.notes.capital_output_ratio=based on [weak-data] data"});
  CHECK(far.where().file == "<--set>");
  CHECK(far.message() == "unknown source 'weak-data': no such id in " + csv +
                             " (brackets around hyphenated words cite a source; write other "
                             "bracketed words in parentheses)");
  // Not citations: a single word, a year, a Markdown link, Chinese.
  CHECK_NOTHROW(load(fixture("sources/cited.yaml"),
                     sets({"clusters.icv.notes.capital_output_ratio='[weak] [2024] [注] "
                           "[smic-2099](https://example.com)'"})));
  const ScenarioError bare =
      error_of(fixture("sources/cited.yaml"), {"scenario.sources=[smic-2022]"});
  CHECK(bare.key() == "scenario.sources.0");
  CHECK(bare.message() ==
        "unknown source 'smic-2022': no such id in " + csv + "; did you mean 'smic-2023'?");

  const std::string missing = fixture("bad/sources_file_missing.yaml");
  check(error_of(missing), missing, 3, 17, "scenario.sources_file",
        "cannot open the sources file '" + fixture("bad/no-such-sources.csv") + "'");
  check(error_of(fixture("bad/sources_duplicate.yaml")), fixture("bad/sources_duplicate.csv"), 3,
        1, "id", "duplicate id 'smic-2023' (also at line 2)");
}

TEST_CASE("texts: the inputs hash follows the numbers, not the texts", "[texts][hash]") {
  const Scenario base = load(fixture("valid.yaml"));
  const std::string h = inputs_hash(base);
  CHECK(h.size() == 16);
  CHECK(inputs_hash(load(fixture("valid.yaml"))) == h);  // deterministic
  // Renaming the scenario, new notes and English texts, sources, an uncertainty section: same.
  CHECK(inputs_hash(load(fixture("sources/cited.yaml"))) == h);
  CHECK(inputs_hash(load(fixture("valid.yaml"),
                         sets({"uncertainty={inputs: {clusters.ic.market_growth: "
                               "{distribution: uniform, low: 0.05, high: 0.2}}}",
                               "targets.0.label=新标签"}))) == h);
  // A lever, a parameter, a target or the horizon: different.
  for (const std::string o : {"levers.fund.ic=21 亿元/yr", "clusters.ic.params.floor_suitability=0.1",
                              "targets.0.value=301", "horizon.end=2031", "solver.method=euler"}) {
    INFO(o);
    CHECK(inputs_hash(load(fixture("valid.yaml"), sets({o}))) != h);
  }
  // A project event added by a what-if changes it too.
  CHECK(inputs_hash(load(fixture("cited_child.yaml"))) != h);
}
