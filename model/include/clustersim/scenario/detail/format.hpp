// Internal to the scenario layer and the layers that read YAML files of their own (sweep and
// calibration specs): the provenance tree, the descriptor-driven validation, text helpers.
// Not a stable interface.
// The scenario format as data: a tree of descriptors (objects with named fields, maps with id
// keys, lists, enums, quantities with a dimension, numbers, text). The same tree validates a
// provenance tree and prints the JSON Schema, so the two cannot drift apart. Parameter keys,
// units, defaults and ranges come from the core's tables.
#pragma once

#include <array>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "clustersim/core/params.hpp"
#include "clustersim/scenario/units.hpp"
#include "clustersim/scenario/detail/tree.hpp"

namespace clustersim::scenario::detail {

enum class Kind { Object, Map, Array, Tuple, Union, Enum, Quantity, Unit, Number, Integer, String };

struct Desc;
using DescPtr = std::shared_ptr<const Desc>;

struct Field {
  std::string name;
  DescPtr desc;
  bool required = false;
};

struct Desc {
  Kind kind = Kind::String;
  std::string what;         // noun phrase for messages: "a cluster", "a year"
  std::string description;  // for the JSON Schema
  std::string def_name;     // emitted once under $defs when set

  // Object
  std::vector<Field> fields;
  std::vector<std::string> one_of;  // exactly one of these keys must be given
  std::vector<std::pair<std::string, std::string>> key_hints;  // unknown key -> advice
  bool list_fields = false;  // an unknown key's message lists the fields, "did you mean" or not
  // Map
  std::string key_pattern;  // ECMAScript regex, also the schema's propertyNames pattern
  std::string key_what;     // "cluster id"
  std::string key_rule;     // the pattern in words
  // Map values and Array items
  DescPtr element;
  // Tuple items, Union alternatives
  std::vector<DescPtr> alternatives;
  std::string discriminator;        // Union: the key whose value picks the alternative
  std::vector<std::string> values;  // Enum; discriminated Union: value per alternative
  // Quantity and Unit
  bool any_dimension = false;  // checked against the target later (event `to` and `add`)
  Dimension dimension;
  std::string unit;  // canonical unit as the docs write it ("亿元/万m²/yr")
  // Number, Integer and Quantity (in the canonical unit)
  std::optional<double> minimum, maximum;
  bool exclusive_minimum = false;
  const ParamInfo* param = nullptr;      // range checked with the core's in_range
  nlohmann::ordered_json default_value;  // null: no default
  // String
  std::string pattern;
  std::string pattern_rule;
};

// Named parts of the format that the conversion reads with their units.
struct Format {
  DescPtr root;
  DescPtr cluster_params, region_params;
  std::array<DescPtr, kNumLevers> lever_amount;
  DescPtr money;  // baseline, targets, project capex
  DescPtr duration;
  DescPtr area;  // project sites
  std::array<DescPtr, 3> matrix_entry;  // io, local_share, spillover
};
const Format& format();

// Check `node` against `desc`; throws ScenarioError at the first problem in document order.
void validate(const Node& node, const Desc& desc, const std::string& path);

struct QuantityValue {
  double value = 0.0;   // in the canonical unit of its dimension
  std::string unit;     // as written; the canonical (or the `bare_unit`) for a bare number
  double factor = 1.0;  // canonical per one `unit`
  std::string source;   // from the {value, unit, source, source_en} form
  std::string source_en;
};
// A quantity of dimension `desc.dimension` (any when desc.any_dimension). Bare numbers are read in
// `bare_unit` when given (a lever path's `unit`), otherwise in the canonical unit.
QuantityValue read_quantity(const Node& node, const Desc& desc, const std::string& path,
                            const std::string& bare_unit = {});
// The same for a dimension known only at conversion time (an event's target).
QuantityValue read_quantity(const Node& node, const Dimension& dimension, const std::string& unit,
                            const std::string& path);
double read_number(const Node& node, const std::string& path);
int read_integer(const Node& node, const std::string& path);
// Error unless `value` (canonical) lies in the range of `desc`.
void check_range(const Node& node, const Desc& desc, const std::string& path,
                 const QuantityValue& q);
// "must lie in [0, 1]" etc. for a parameter.
std::string range_text(const ParamInfo& p);

std::string schema_text();

}  // namespace clustersim::scenario::detail
