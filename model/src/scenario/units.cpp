#include "clustersim/scenario/units.hpp"

#include <stdexcept>

#include "clustersim/scenario/detail/text.hpp"

namespace clustersim::scenario {
namespace {

using detail::trim;

int base(BaseDimension b) {
  return static_cast<int>(b);
}

// Names of each base dimension's canonical unit, in a numerator and in a denominator.
constexpr std::array<std::string_view, kNumBaseDimensions> kNumeratorName{"亿元", "ha", "persons",
                                                                          "yr"};
constexpr std::array<std::string_view, kNumBaseDimensions> kDenominatorName{"亿元", "ha", "person",
                                                                            "yr"};
constexpr std::array<std::string_view, kNumBaseDimensions> kQuantityWord{
    "money", "area", "a number of persons", "a duration"};
constexpr std::array<std::string_view, kNumBaseDimensions> kNumeratorWord{"money", "area",
                                                                          "persons", "time"};
constexpr std::array<std::string_view, kNumBaseDimensions> kPerWord{"亿元", "area", "person",
                                                                    "year"};

std::vector<std::string> spelling_list() {
  std::vector<std::string> out;
  for (const auto& s : unit_spellings()) out.emplace_back(s.text);
  return out;
}

// A currency other than the yuan in `text` ("亿美元", "US$", "EUR"), or "".
std::string_view foreign_currency(std::string_view text) {
  static constexpr std::array<std::string_view, 18> kMarkers{
      "美元", "欧元", "港元", "港币", "日元", "英镑", "US$", "HK$", "$", "€", "£", "¥",
      "USD", "EUR", "HKD", "JPY", "GBP", "CNY"};
  for (const auto m : kMarkers) {
    if (text.find(m) != std::string_view::npos) return m;
  }
  return {};
}

[[noreturn]] void foreign(std::string_view text, std::string_view marker) {
  const std::string shown(trim(text));
  if (marker == "CNY" || marker == "¥") {
    throw std::invalid_argument("write '" + shown + "' in 亿元, 万元 or 元 (the format's units of yuan)");
  }
  throw std::invalid_argument(
      "'" + shown + "' is in a foreign currency (" + std::string(marker) +
      "): convert to 亿元 and cite the rate, e.g. {value: <amount in 亿元>, unit: 亿元, source: "
      "'<amount as published> at <rate> 元 per unit, <where the rate is published>'}");
}

const UnitSpelling& find_spelling(std::string_view token, std::string_view whole) {
  for (const auto& s : unit_spellings()) {
    if (s.text == token) return s;
  }
  if (const auto marker = foreign_currency(token); !marker.empty()) foreign(whole, marker);
  const std::string hint = detail::did_you_mean(token, spelling_list());
  std::string message = "unknown unit '" + std::string(token) + "'";
  if (token != whole) message += " in '" + std::string(whole) + "'";
  if (hint.empty()) {
    message += " (known units: " + detail::join(spelling_list(), ", ") + ")";
  } else {
    message += hint;
  }
  throw std::invalid_argument(message);
}

}  // namespace

const std::vector<UnitSpelling>& unit_spellings() {
  static const std::vector<UnitSpelling> table{
      {"亿元", BaseDimension::Money, false, 1.0},
      {"万元", BaseDimension::Money, false, 1e-4},
      {"元", BaseDimension::Money, false, 1e-8},
      {"万亿元", BaseDimension::Money, false, 1e4},
      {"ha", BaseDimension::Area, false, 1.0},
      {"万m²", BaseDimension::Area, false, 1.0},
      {"万m2", BaseDimension::Area, false, 1.0},
      {"km²", BaseDimension::Area, false, 100.0},
      {"km2", BaseDimension::Area, false, 100.0},
      {"m²", BaseDimension::Area, false, 1e-4},
      {"m2", BaseDimension::Area, false, 1e-4},
      {"亩", BaseDimension::Area, false, 1.0 / 15.0},  // 15 亩 = 1 ha
      {"persons", BaseDimension::People, false, 1.0},
      {"person", BaseDimension::People, false, 1.0},
      {"人", BaseDimension::People, false, 1.0},
      {"万人", BaseDimension::People, false, 1e4},
      {"yr", BaseDimension::Time, false, 1.0},
      {"年", BaseDimension::Time, false, 1.0},
      {"a", BaseDimension::Time, false, 1.0},
      {"1", BaseDimension::Money, true, 1.0},
      {"%", BaseDimension::Money, true, 0.01},
  };
  return table;
}

std::string canonical_unit(const Dimension& d) {
  std::string numerator, denominators;
  for (int b = 0; b < kNumBaseDimensions; ++b) {
    for (int k = 0; k < d.exponent[b]; ++k) {
      numerator += numerator.empty() ? "" : "·";
      numerator += kNumeratorName[b];
    }
    for (int k = 0; k < -d.exponent[b]; ++k) {
      denominators += "/";
      denominators += kDenominatorName[b];
    }
  }
  return (numerator.empty() ? "1" : numerator) + denominators;
}

std::string describe(const Dimension& d) {
  if (d.is_ratio()) return "a ratio";
  int positive = 0, numerator = 0;
  std::string per;
  for (int b = 0; b < kNumBaseDimensions; ++b) {
    if (d.exponent[b] > 0) {
      positive += d.exponent[b];
      numerator = b;
    }
    for (int k = 0; k < -d.exponent[b]; ++k) per += " per " + std::string(kPerWord[b]);
  }
  if (positive > 1) return "a quantity in " + canonical_unit(d);
  if (per.empty()) return std::string(kQuantityWord[numerator]);
  return (positive == 0 ? std::string("a rate") : std::string(kNumeratorWord[numerator])) + per;
}

Unit parse_unit(std::string_view text) {
  const std::string_view whole = trim(text);
  if (whole.empty()) throw std::invalid_argument("empty unit");
  Unit u;
  const auto parts = detail::split(whole, '/');
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const std::string_view token = trim(parts[k]);
    if (token.empty()) {
      throw std::invalid_argument("unit '" + std::string(whole) + "' has an empty part around '/'");
    }
    const UnitSpelling& s = find_spelling(token, whole);
    if (k == 0) {
      u.factor *= s.factor;
      if (!s.ratio) ++u.dimension.exponent[base(s.base)];
    } else {
      if (s.text == "1") {
        throw std::invalid_argument("unit '" + std::string(whole) + "' divides by '1'");
      }
      u.factor /= s.factor;
      if (!s.ratio) --u.dimension.exponent[base(s.base)];
    }
  }
  return u;
}

std::string foreign_currency_problem(std::string_view text) {
  const auto marker = foreign_currency(text);
  if (marker.empty()) return {};
  try {
    foreign(text, marker);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return {};
}

QuantityText split_quantity(std::string_view text) {
  const std::string_view t = trim(text);
  const std::size_t n = detail::number_prefix(t);
  const auto number = n > 0 ? detail::parse_number(t.substr(0, n)) : std::nullopt;
  if (!number) {
    if (const auto marker = foreign_currency(t); !marker.empty()) foreign(t, marker);
    throw std::invalid_argument("'" + std::string(t) + "' does not start with a number");
  }
  const std::string_view rest = t.substr(n);
  if (rest.size() >= 2 && (rest[0] == ',' || rest[0] == '_') && rest[1] >= '0' && rest[1] <= '9') {
    throw std::invalid_argument("write '" + std::string(t) +
                                "' without thousands separators (1000, not 1,000)");
  }
  return {*number, std::string(trim(rest))};
}

double convert(std::string_view quantity, std::string_view unit) {
  const QuantityText q = split_quantity(quantity);
  const Unit from = q.unit.empty() ? Unit{} : parse_unit(q.unit);
  const Unit to = parse_unit(unit);
  if (from.dimension != to.dimension) {
    throw std::invalid_argument("'" + std::string(trim(quantity)) + "' is " +
                                describe(from.dimension) + ", not " + describe(to.dimension) +
                                " (" + std::string(trim(unit)) + ")");
  }
  return q.number * from.factor / to.factor;
}

}  // namespace clustersim::scenario
