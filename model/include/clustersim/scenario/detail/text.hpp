// Internal to the scenario layer and the layers that read YAML files of their own (sweep and
// calibration specs): the provenance tree, the descriptor-driven validation, text helpers.
// Not a stable interface.
// Small text helpers of the scenario layer: numbers as the format writes them, suggestions for
// typos, and quoting user text into one-line messages.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clustersim::scenario::detail {

// A whole string as a finite decimal number ("2", "-0.5", "1e-4", "+3"); nullopt otherwise
// (including "inf", "nan", hex, thousands separators).
std::optional<double> parse_number(std::string_view s);
// Length of the longest prefix of `s` that parse_number accepts (0 when none).
std::size_t number_prefix(std::string_view s);

// Shortest natural rendering of a number for messages: 2, 0.15, 1e-06, 23800.
std::string format_number(double v);

std::string_view trim(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);
std::string join(const std::vector<std::string>& items, std::string_view sep);

// Number of code points of UTF-8 text (columns are counted in characters, not bytes).
int utf8_length(std::string_view s);

// Levenshtein distance over code points, ignoring ASCII case.
int edit_distance(std::string_view a, std::string_view b);
// "; did you mean 'x'?" when a candidate is close to `word`, otherwise "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// 'text' for messages: one line, at most 60 characters.
std::string quote(std::string_view s);

}  // namespace clustersim::scenario::detail
