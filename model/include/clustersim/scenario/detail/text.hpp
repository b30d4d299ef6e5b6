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

// 'text' for messages: one printable line (see printable), at most 60 characters.
std::string quote(std::string_view s);

// `s` as one printable line: line breaks and tabs as \n, \r, \t, other control characters as
// \xNN or \u{NNNN}, bytes that are not UTF-8 as \xNN. Valid UTF-8 text without controls comes
// back unchanged.
std::string printable(std::string_view s);

// What is wrong with a piece of text, and where (a byte offset into it).
struct TextProblem {
  std::size_t offset = 0;
  std::string what;  // "a byte that is not UTF-8 (\xFF)", "a NUL character (\x00)", ...
};
// Text a file may hold: UTF-8 with no control characters but tab, line feed and carriage return,
// no byte-order mark after the start (YAML 1.2's printable set). nullopt when it is fine.
std::optional<TextProblem> check_file_text(std::string_view s);
// The text of a value after YAML unescaped it: UTF-8, no control characters but tab, line feed and
// carriage return (`allow_breaks`: a value) or none at all (a key).
std::optional<TextProblem> check_value_text(std::string_view s, bool allow_breaks);

}  // namespace clustersim::scenario::detail
