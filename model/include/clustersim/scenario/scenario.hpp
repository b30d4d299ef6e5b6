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
std::optional<Measure> parse_measure(std::string_view name);  // inverse of measure_name

struct ClusterInfo {
  std::string id;
  std::string name;      // Chinese name as in the policy document
  std::string name_en;   // English name
  Measure measure = Measure::Output;
  std::string unit;      // the unit the baseline was written in, e.g. "亿元"
  double unit_factor = 1.0;  // canonical (亿元) per one `unit`
  std::string baseline_source;
  std::string baseline_source_en;  // empty when the file gives no English text
};

struct PotentialCluster {
  std::string id, name, name_en, note, note_en;
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
  std::string source_en;  // empty when the file gives no English text
  std::string label;    // optional
  SourceLocation where;
};

// A published figure for the sum of the simulated clusters (e.g. a district's 规上 output), which
// the run compares with its simulated sum so that totals reconcile; not a target.
struct Total {
  std::string label;
  std::string label_en;
  int year = 0;
  double value = 0.0;  // canonical (亿元)
  Measure measure = Measure::Output;
  std::string unit;
  double unit_factor = 1.0;
  std::string source;
  SourceLocation where;
};

// A reality check (docs/scenario-format.md, "checks"): an expected behaviour of the model, tested
// by `clustersim check` and, with a warning, by `clustersim run`. Parsed and located here; the
// analysis layer resolves its input paths and runs it.
struct Bound {
  std::optional<double> min;  // canonical unit of the checked variable
  std::optional<double> max;
  bool empty() const { return !min && !max; }
};

struct CheckSpec {
  std::string name;
  std::string describe;     // what is expected, in Chinese
  std::string describe_en;  // in English
  std::string source;       // where the magnitudes come from
  SourceLocation where;
  // What the check changes in the scenario (all optional):
  std::vector<std::pair<std::string, double>> set;  // input path -> value (analysis::Input)
  std::vector<SourceLocation> set_where;
  // Inputs changed in both runs the check compares (its own base and the changed run), e.g. land
  // for a cluster, so that a lever is measured where a site exists.
  std::vector<std::pair<std::string, double>> base_set;
  std::vector<SourceLocation> base_set_where;
  std::optional<ProjectSpec> project;               // a named project added to the scenario
  std::string vary_input;                           // input path varied over vary_values
  std::vector<double> vary_values;
  SourceLocation vary_where;
  // What is expected:
  std::string cluster;   // cluster id, "all" (sum), "region" (a region variable) or "" (every)
  int cluster_index = -1;
  std::string variable = "output";
  std::vector<int> years;  // the years checked; empty: every simulated year
  Bound value;       // the variable itself
  Bound change;      // difference from the base run
  Bound change_pct;  // difference from the base run, % of the base
  Bound change_per;  // difference from the base run per unit of difference in per_variable
  std::string per_variable;  // the denominator of change_per (same cluster and year)
  std::string monotone;   // "increasing" or "decreasing" over vary_values (non-strict)
  std::string invariant;  // "capital_within_sites"
};

// A source or assumption note attached to a value in the file (for reports' assumptions page):
// `notes`/`source` (Chinese, the default) and their `notes_en`/`source_en` siblings.
struct Note {
  std::string key;      // dotted path
  std::string text;
  std::string text_en;  // empty when the file gives no English text
};

// A document of the scenario's sources file (scenario.sources_file, a CSV with the columns
// id,title,publisher,address,date,tag,note), cited in any text of the scenario as [id].
struct SourceDoc {
  std::string id, title, publisher, address, date, tag, note;
  SourceLocation where;  // its row in the sources file
};

struct Scenario {
  std::string name;
  std::string title;
  std::string description;
  std::string title_en;        // scenario.title_en; empty when none
  std::string description_en;  // scenario.description_en; empty when none
  std::string region_name;
  std::string region_name_en;
  std::filesystem::path file;               // the file given by the user
  std::vector<std::filesystem::path> chain;  // the file and the files it extends, outermost first
  ModelSpec spec;
  SolverOptions solver;
  std::vector<ClusterInfo> clusters;  // same order as spec.clusters
  std::vector<PotentialCluster> potential_clusters;
  std::vector<Target> targets;
  std::vector<Total> totals;
  std::vector<CheckSpec> checks;
  std::vector<Note> notes;
  std::vector<std::string> sources;  // scenario.sources (an entry may be a source id)
  // scenario.sources_file resolved against the file that declares it; empty when none. With it,
  // every [id] in the scenario's texts must name a row of the file.
  std::filesystem::path sources_file;
  std::vector<SourceDoc> cited_sources;  // the documents cited, in order of first citation

  // Where the value at a dotted key path came from; the nearest existing ancestor when the key
  // itself is absent (e.g. a parameter left at its default), or defaults.params.<key> for a
  // cluster parameter set there. Accepts the core's "region.<parameter>" for region.params.
  SourceLocation locate(const std::string& path) const;

  // Opaque provenance tree (merged YAML with file/line/column on every node).
  std::shared_ptr<const void> provenance;
};

struct LoadOptions {
  // Accept values orders of magnitude outside their plausible range (they still warn).
  bool allow_implausible = false;
};

// Load, merge (extends, overrides), validate and convert a scenario. Throws ScenarioError for
// every kind of bad input, including a file that does not exist, and (unless allowed) for a
// value orders of magnitude outside its plausible range (require_plausible).
Scenario load(const std::filesystem::path& file, const std::vector<Override>& overrides = {},
              LoadOptions options = {});

// A value the scenario writes outside the plausible range of the core's tables (parameters) or
// above a lever's plausible yearly amount. `absurd`: orders of magnitude outside (see
// clustersim::plausibility). Values left at their defaults are not judged.
// Events that set a parameter or a lever are judged like the value they replace.
struct Implausible {
  SourceLocation where;
  std::string key;
  std::string message;
  bool absurd = false;
  // How far outside its plausible range, in orders of magnitude (see outside_decades).
  double decades = 0.0;
  std::string cluster;  // the cluster it belongs to; empty for the region's values
  std::string brief;    // "construction_time = 1e-300 yr, 300 orders of magnitude below [0.25, 5] yr"
  // "<file>:<line>:<column>: warning: <key>: <message>"
  std::string text() const;
};
std::vector<Implausible> implausible_values(const Scenario& scenario);
// Throws ScenarioError at the first absurd value, naming it and --allow-implausible.
void require_plausible(const Scenario& scenario);

// Distance of v from [lower, upper] in orders of magnitude, 0 inside it: log10 of the ratio to
// the nearer bound for a range of positive values, log10(1 + distance / width) otherwise.
double outside_decades(double lower, double upper, double v);

// A run that failed numerically (a stock went non-finite, the step size underflowed, the step
// budget ran out), traced to the inputs most likely responsible: the values the scenario writes
// outside their plausible range, farthest first (on a tie, those of the failing stock's cluster
// and of the region first). The error is located at the first and names up to two more with
// their file:line:column. Empty when every written value lies in its plausible range (the
// failure is then the model's or the solver's, not the input's).
std::optional<ScenarioError> traced(const Scenario& scenario, const NumericalError& error);

// Build the core model. A ModelError from the core (an inconsistency only visible once the
// whole spec is assembled) is rethrown as a ScenarioError at the location of its key.
Model build_model(const Scenario& scenario);

// A ModelError of the core (build or run, e.g. "solver.dt") as a ScenarioError located at the
// scenario key it names.
ScenarioError located(const Scenario& scenario, const ModelError& error);

// Hash (16 hex digits) of everything in the merged scenario that determines the numbers of a run
// and of a sweep's targets: the scenario, uncertainty and potential_clusters sections and every
// documentation key (notes, source, title, description, label, ... and their _en siblings) are
// left out. A what-if or sweep file that only adds uncertainty or renames the scenario has the
// hash of the scenario it extends; a changed lever, parameter, event or target changes it.
std::string inputs_hash(const Scenario& scenario);

// JSON Schema (draft 2020-12) of the scenario format, generated from the same tables the loader
// validates against; ends with a newline (docs/scenario.schema.json is this text).
std::string json_schema();

}  // namespace clustersim::scenario
