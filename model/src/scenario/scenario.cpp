#include "clustersim/scenario/scenario.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "clustersim/core/errors.hpp"
#include "clustersim/core/limits.hpp"
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

// Keys that document a value and do not change any number.
bool documentation_key(const std::string& key) {
  static const std::array<std::string_view, 14> keys{
      "notes",       "notes_en", "source",      "source_en",      "sources",  "sources_file",
      "title",       "title_en", "description", "description_en", "name_en",  "label",
      "note",        "note_en"};
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// A canonical text of the numbers-bearing part of a tree: map keys sorted, documentation left out.
void canonical(const detail::Node& n, std::string& out, bool top) {
  switch (n.kind) {
    case detail::Node::Kind::Null:
      out += "~";
      return;
    case detail::Node::Kind::Scalar:
      out += '"' + n.text + '"';
      return;
    case detail::Node::Kind::Seq:
      out += '[';
      for (const auto& item : n.items) {
        canonical(item, out, false);
        out += ',';
      }
      out += ']';
      return;
    case detail::Node::Kind::Map: {
      std::vector<const detail::Entry*> entries;
      for (const auto& e : n.entries) {
        if (documentation_key(e.key)) continue;
        if (top && (e.key == "scenario" || e.key == "uncertainty" ||
                    e.key == "potential_clusters" || e.key == "extends"))
          continue;
        entries.push_back(&e);
      }
      std::sort(entries.begin(), entries.end(),
                [](const auto* a, const auto* b) { return a->key < b->key; });
      out += '{';
      for (const auto* e : entries) {
        out += e->key + ':';
        canonical(e->value, out, false);
        out += ',';
      }
      out += '}';
      return;
    }
  }
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

Scenario load(const std::filesystem::path& file, const std::vector<Override>& overrides,
              LoadOptions options) {
  Scenario s;
  s.file = file;
  detail::Node root = detail::load_chain(file, s.chain);
  for (const auto& o : overrides) detail::apply_override(root, detail::check_override(root, o));
  detail::resolve_cluster_names(root, s.chain);
  detail::validate(root, *detail::format().root, "");
  detail::convert(root, s);
  detail::resolve_sources(root, s);
  s.provenance = std::make_shared<const detail::Node>(std::move(root));
  detail::check_uncertainty(detail::tree_of(s), s);
  if (!options.allow_implausible) require_plausible(s);
  return s;
}

Model build_model(const Scenario& scenario) {
  try {
    Model model(scenario.spec);
    check_computable(model);  // inputs that would overflow, even where implausible ones are allowed
    return model;
  } catch (const ModelError& e) {
    throw located(scenario, e);
  }
}

ScenarioError located(const Scenario& scenario, const ModelError& error) {
  const std::string key = scenario_key(error.path());
  return ScenarioError(scenario.locate(key), key, error.what());
}

std::string inputs_hash(const Scenario& scenario) {
  std::string text;
  if (scenario.provenance) canonical(detail::tree_of(scenario), text, true);
  // FNV-1a, 64 bits: stable across builds and platforms, unlike std::hash.
  std::uint64_t h = 1469598103934665603ULL;
  for (const unsigned char c : text) h = (h ^ c) * 1099511628211ULL;
  static const char* hex = "0123456789abcdef";
  std::string out(16, '0');
  for (int k = 15; k >= 0; --k, h >>= 4) out[static_cast<std::size_t>(k)] = hex[h & 0xF];
  return out;
}

std::string json_schema() {
  return detail::schema_text();
}

}  // namespace clustersim::scenario
