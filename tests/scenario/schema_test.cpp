// The JSON Schema: generated from the same descriptors the loader validates with, carrying every
// parameter of the core tables, and committed as docs/scenario.schema.json.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "clustersim/core/params.hpp"
#include "clustersim/scenario/scenario.hpp"

using namespace clustersim;
using json = nlohmann::json;

namespace {

const std::string kSchemaFile = std::string(CLUSTERSIM_SOURCE_DIR) + "/docs/scenario.schema.json";

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string trim_end(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

template <std::size_t N>
void check_params(const json& object, const std::array<ParamInfo, N>& table) {
  const json& properties = object.at("properties");
  CHECK(properties.size() == N);
  for (const auto& p : table) {
    INFO("parameter " << p.key);
    REQUIRE(properties.contains(std::string(p.key)));
    const json& q = properties.at(std::string(p.key));
    CHECK(q.at("description").get<std::string>().find(std::string(p.meaning)) == 0);
    CHECK(q.at("description").get<std::string>().find("Unit: " + std::string(p.unit)) !=
          std::string::npos);
    if (!std::isfinite(p.default_value)) {  // derived (NaN) or no limit (inf): JSON has neither
      CHECK(!q.contains("default"));
    } else {
      CHECK(q.at("default").get<double>() == p.default_value);
    }
    // number | "<number> <unit>" | {value, unit, source}
    const json& bare = q.at("anyOf").at(0);
    CHECK(bare.at("type") == "number");
    if (std::isfinite(p.upper)) CHECK(bare.at("maximum").get<double>() == p.upper);
    CHECK(q.at("anyOf").at(1).contains("$ref"));
  }
}

}  // namespace

TEST_CASE("schema: json_schema() is draft 2020-12 and lists every parameter", "[schema]") {
  const json schema = json::parse(scenario::json_schema());
  CHECK(schema.at("$schema") == "https://json-schema.org/draft/2020-12/schema");
  const json& defs = schema.at("$defs");
  check_params(defs.at("cluster_params"), kClusterParamInfo);
  check_params(defs.at("region_params"), kRegionParamInfo);

  const json& root = defs.at("scenario");
  CHECK(root.at("required") == json::array({"scenario", "region", "horizon", "clusters"}));
  CHECK(root.at("additionalProperties") == false);
  const json& levers = root.at("properties").at("levers").at("properties");
  for (const auto& l : kLeverInfo) {
    INFO("lever " << l.key);
    CHECK(levers.contains(std::string(l.key)));
  }
  // A file with `extends` may leave out what it inherits.
  CHECK(schema.at("then").at("$ref") == "#/$defs/scenario_partial");
  CHECK(!defs.at("scenario_partial").contains("required"));
  // Quantities written as text: units of the right dimension only.
  const std::string money_year = defs.at("written_money_per_year").at("anyOf").at(0).at("pattern");
  CHECK(money_year.find("万元") != std::string::npos);
  CHECK(money_year.find("ha") == std::string::npos);
}

TEST_CASE("schema: docs/scenario.schema.json is json_schema()", "[schema]") {
  const std::string generated = scenario::json_schema();
  if (const char* update = std::getenv("CLUSTERSIM_UPDATE_SCHEMA");
      update && std::string(update) == "1") {
    std::ofstream(kSchemaFile, std::ios::binary) << generated;
  }
  const std::string committed = read(kSchemaFile);
  INFO(
      "docs/scenario.schema.json is out of date; regenerate it from the repository root with\n"
      "  build/clustersim schema > docs/scenario.schema.json\n"
      "or  CLUSTERSIM_UPDATE_SCHEMA=1 <build>/tests/test_scenario '[schema]'");
  REQUIRE(!committed.empty());
  CHECK(trim_end(committed) == trim_end(generated));
}
