// Units of the scenario format (docs/scenario-format.md, "Quantities and units"): a unit string
// such as "亿元/yr", "万元/m²" or "%" parses into a dimension and a factor to the canonical unit
// of that dimension (亿元, ha, persons, yr, 1). The canonical unit strings of the core's parameter
// tables parse the same way, which is how the loader knows the dimension of every key.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace clustersim::scenario {

enum class BaseDimension : int { Money, Area, People, Time, kCount };
inline constexpr int kNumBaseDimensions = static_cast<int>(BaseDimension::kCount);

// Exponents of money, area, people and time; all zero for a ratio.
struct Dimension {
  std::array<int, kNumBaseDimensions> exponent{};
  bool operator==(const Dimension&) const = default;
  bool is_ratio() const { return *this == Dimension{}; }
};

// "亿元/yr" style name of the dimension's canonical unit ("1" for a ratio).
std::string canonical_unit(const Dimension& d);
// Plain words for messages: "money per year", "area", "a ratio".
std::string describe(const Dimension& d);

struct Unit {
  Dimension dimension;
  double factor = 1.0;  // canonical units per one of this unit
};

// Every unit spelling the parser knows, in table order, with its base dimension (for schema
// patterns and suggestions). Ratio spellings ("1", "%") have `ratio` set.
struct UnitSpelling {
  std::string_view text;
  BaseDimension base;
  bool ratio;
  double factor;
};
const std::vector<UnitSpelling>& unit_spellings();

// Parse a unit: one spelling, optionally followed by "/spelling" denominators; "1" or "%" may
// stand in the numerator ("1/yr"). Throws std::invalid_argument with a one-line reason.
Unit parse_unit(std::string_view text);

// Why `text` cannot be a quantity of this format because it is in a foreign currency ("US$ 6.35",
// "100 亿美元", "20 EUR": convert to 亿元 and cite the rate), or "" when it names none.
std::string foreign_currency_problem(std::string_view text);

// A quantity written as text, "<number> <unit>" or "<number>" (no unit).
struct QuantityText {
  double number = 0.0;
  std::string unit;  // trimmed; empty when absent
};
// Split "150 亿元" into 150 and "亿元". Throws std::invalid_argument when the text does not
// start with a number.
QuantityText split_quantity(std::string_view text);

// `quantity` ("500000 万元/年") expressed in `unit` ("亿元/yr"). Throws std::invalid_argument when
// either does not parse or the dimensions differ.
double convert(std::string_view quantity, std::string_view unit);

}  // namespace clustersim::scenario
