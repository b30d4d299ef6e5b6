#include "clustersim/scenario/scenario.hpp"

#include "clustersim/core/errors.hpp"
#include "convert.hpp"
#include "names.hpp"
#include "uncertainty.hpp"
#include "clustersim/scenario/detail/format.hpp"
#include "clustersim/scenario/detail/text.hpp"
#include "clustersim/scenario/detail/tree.hpp"

namespace clustersim::scenario {
namespace {

std::string one_line(const SourceLocation& where, const std::string& key,
                     const std::string& message) {
  std::string s = where.file;
  if (!is_command_line(where)) {
    s.append(":").append(std::to_string(where.line)).append(":").append(std::to_string(where.column));
  }
  s += ": error: ";
  if (!key.empty()) s += key + ": ";
  s += message;
  // One printable line whatever the file name, key or message carry (text quoted from the file
  // is checked when read, but names from the command line are not).
  return detail::printable(s);
}

// The core names region parameters "region.<key>"; the file writes them under region.params.
std::string scenario_key(const std::string& path) {
  const std::vector<std::string> parts = detail::split(path, '.');
  if (parts.size() == 2 && parts[0] == "region" && find_region_param(parts[1])) {
    return "region.params." + parts[1];
  }
  return path;
}

}  // namespace

SourceLocation command_line(const std::string& command) {
  return {"clustersim " + command, -1, -1};
}

bool is_command_line(const SourceLocation& where) {
  return where.line == -1 && where.column == -1 && where.file.rfind("clustersim", 0) == 0;
}

ScenarioError::ScenarioError(SourceLocation where, std::string key, const std::string& message)
    : std::runtime_error(one_line(where, key, message)),
      where_(std::move(where)),
      key_(std::move(key)),
      message_(message) {}

Override parse_override(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos) {
    detail::fail({"<--set>", 1, 1}, "", "expected path=value, got " + detail::quote(text));
  }
  if (eq == 0)
    detail::fail({"<--set>", 1, 1}, "", "no key path before '=' in " + detail::quote(text));
  return {text.substr(0, eq), text.substr(eq + 1)};
}

std::string_view measure_name(Measure m) {
  switch (m) {
    case Measure::Output:
      return "output";
    case Measure::ValueAdded:
      return "value_added";
    case Measure::Revenue:
      return "revenue";
  }
  return "output";
}

SourceLocation Scenario::locate(const std::string& path) const {
  if (!provenance) return {file.string(), 0, 0};
  const auto& root = *std::static_pointer_cast<const detail::Node>(provenance);
  const std::string key = scenario_key(path);
  const detail::Node* nearest = nullptr;
  if (const detail::Node* n = detail::walk(root, key, &nearest)) return n->anchor();
  // A cluster parameter the cluster does not set comes from defaults.params when set there.
  const std::vector<std::string> parts = detail::split(key, '.');
  if (parts.size() == 4 && parts[0] == "clusters" && parts[2] == "params") {
    if (const detail::Node* d = detail::walk(root, "defaults.params." + parts[3], nullptr)) {
      return d->anchor();
    }
  }
  return nearest->anchor();
}

Scenario load(const std::filesystem::path& file, const std::vector<Override>& overrides) {
  Scenario s;
  s.file = file;
  detail::Node root = detail::load_chain(file, s.chain);
  for (const auto& o : overrides) detail::apply_override(root, detail::check_override(root, o));
  detail::resolve_cluster_names(root, s.chain);
  detail::validate(root, *detail::format().root, "");
  detail::convert(root, s);
  s.provenance = std::make_shared<const detail::Node>(std::move(root));
  detail::check_uncertainty(detail::tree_of(s), s);
  return s;
}

Model build_model(const Scenario& scenario) {
  try {
    return Model(scenario.spec);
  } catch (const ModelError& e) {
    throw located(scenario, e);
  }
}

ScenarioError located(const Scenario& scenario, const ModelError& e) {
  const std::string key = scenario_key(e.path());
  return ScenarioError(scenario.locate(key), key, e.what());
}

std::string json_schema() {
  return detail::schema_text();
}

}  // namespace clustersim::scenario
