// Scenario files (YAML, docs/scenario-format.md) -> a validated ModelSpec plus the metadata the
// reports need (names, units, targets, sources). Every error names file, line, column and key.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "clustersim/core/errors.hpp"
#include "clustersim/core/model.hpp"
#include "clustersim/core/simulate.hpp"
#include "clustersim/core/spec.hpp"

namespace clustersim::scenario {

struct SourceLocation {
  std::string file;  // as given by the user (relative paths stay relative); "<--set>" for overrides
  int line = 0;      // 1-based; 0 when unknown (e.g. a missing file)
  int column = 0;    // 1-based
};

// The location of a command-line value of `command` ("sweep"): a ScenarioError there reads
// "clustersim sweep: error: <option>: <message>", the form of every command-line error.
SourceLocation command_line(const std::string& command);
bool is_command_line(const SourceLocation& where);

// Bad input. what() is the one-line message printed by the CLI:
//   "<file>:<line>:<column>: error: <key>: <message>"
// ("<key>: " is left out when there is none, e.g. malformed YAML; a file that cannot be opened
// is at line 0, column 0; a command-line value reads "clustersim <command>: error: <option>: ...").
class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(SourceLocation where, std::string key, const std::string& message);
  const SourceLocation& where() const noexcept { return where_; }
  const std::string& key() const noexcept { return key_; }
  const std::string& message() const noexcept { return message_; }

 private:
  SourceLocation where_;
  std::string key_;
  std::string message_;
};

// A `--set path.to.key=value` override, applied after all files are merged.
struct Override {
  Override() = default;
  Override(std::string p, std::string v, std::optional<SourceLocation> p_at = {},
           std::optional<SourceLocation> v_at = {})
      : path(std::move(p)), value(std::move(v)), path_at(std::move(p_at)), value_at(std::move(v_at)) {}
  std::string path;   // dotted key path; list elements by index ("targets.0.value")
  std::string value;  // parsed as YAML
  // Where the path and the value were written, when not in a --set argument (e.g. a calibration
  // spec's `set:` entries); errors then point there instead of at "<--set>".
  std::optional<SourceLocation> path_at, value_at;
};
// Parse "path=value"; throws ScenarioError (file "<--set>") when there is no '=' or no path.
Override parse_override(const std::string& text);

enum class Measure { Output, ValueAdded, Revenue };
std::string_view measure_name(Measure m);  // "output", "value_added", "revenue"

struct ClusterInfo {
  std::string id;
  std::string name;      // Chinese name as in the policy document
  std::string name_en;   // English name
  Measure measure = Measure::Output;
  std::string unit;      // the unit the baseline was written in, e.g. "亿元"
  double unit_factor = 1.0;  // canonical (亿元) per one `unit`
  std::string baseline_source;
};

struct PotentialCluster {
  std::string id, name, name_en, note;
};

struct Target {
  std::string cluster;  // cluster id, or "all" for the sum over clusters
  int cluster_index = -1;  // -1 for "all"
  int year = 0;
  double value = 0.0;   // canonical (亿元)
  Measure measure = Measure::Output;
  std::string unit;     // unit the value was written in
  double unit_factor = 1.0;
  std::string source;
  std::string label;    // optional
  SourceLocation where;
};

// A source or assumption note attached to a value in the file (for reports' assumptions page).
struct Note {
  std::string key;   // dotted path
  std::string text;
};

struct Scenario {
  std::string name;
  std::string title;
  std::string description;
  std::string region_name;
  std::string region_name_en;
  std::filesystem::path file;               // the file given by the user
  std::vector<std::filesystem::path> chain;  // the file and the files it extends, outermost first
  ModelSpec spec;
  SolverOptions solver;
  std::vector<ClusterInfo> clusters;  // same order as spec.clusters
  std::vector<PotentialCluster> potential_clusters;
  std::vector<Target> targets;
  std::vector<Note> notes;
  std::vector<std::string> sources;

  // Where the value at a dotted key path came from; the nearest existing ancestor when the key
  // itself is absent (e.g. a parameter left at its default), or defaults.params.<key> for a
  // cluster parameter set there. Accepts the core's "region.<parameter>" for region.params.
  SourceLocation locate(const std::string& path) const;

  // Opaque provenance tree (merged YAML with file/line/column on every node).
  std::shared_ptr<const void> provenance;
};

// Load, merge (extends, overrides), validate and convert a scenario. Throws ScenarioError for
// every kind of bad input, including a file that does not exist.
Scenario load(const std::filesystem::path& file, const std::vector<Override>& overrides = {});

// Build the core model. A ModelError from the core (an inconsistency only visible once the
// whole spec is assembled) is rethrown as a ScenarioError at the location of its key.
Model build_model(const Scenario& scenario);

// A ModelError of the core (building or running the model) as a ScenarioError at the location
// of its key in the scenario's files.
ScenarioError located(const Scenario& scenario, const ModelError& e);

// JSON Schema (draft 2020-12) of the scenario format, generated from the same tables the loader
// validates against; ends with a newline (docs/scenario.schema.json is this text).
std::string json_schema();

}  // namespace clustersim::scenario
