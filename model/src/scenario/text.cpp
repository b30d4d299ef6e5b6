#include "clustersim/scenario/detail/text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <sstream>

namespace clustersim::scenario::detail {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::vector<char32_t> code_points(std::string_view s) {
  std::vector<char32_t> out;
  for (std::size_t k = 0; k < s.size();) {
    const auto c = static_cast<unsigned char>(s[k]);
    const int len = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xE  ? 3
                    : (c >> 3) == 0x1E ? 4
                                       : 1;
    char32_t cp = len == 1 ? c : c & (0x3F >> (len - 1));
    for (int j = 1; j < len && k + j < s.size(); ++j) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[k + j]) & 0x3F);
    }
    if (cp < 0x80) cp = static_cast<char32_t>(std::tolower(static_cast<int>(cp)));
    out.push_back(cp);
    k += static_cast<std::size_t>(len);
  }
  return out;
}

}  // namespace

std::size_t number_prefix(std::string_view s) {
  // [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?
  std::size_t k = 0;
  if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
  const std::size_t mantissa = k;
  while (k < s.size() && is_digit(s[k])) ++k;
  const bool int_digits = k > mantissa;
  bool frac_digits = false;
  if (k < s.size() && s[k] == '.') {
    std::size_t f = k + 1;
    while (f < s.size() && is_digit(s[f])) ++f;
    frac_digits = f > k + 1;
    if (int_digits || frac_digits) k = f;
  }
  if (!int_digits && !frac_digits) return 0;
  if (k < s.size() && (s[k] == 'e' || s[k] == 'E')) {
    std::size_t e = k + 1;
    if (e < s.size() && (s[e] == '+' || s[e] == '-')) ++e;
    const std::size_t digits = e;
    while (e < s.size() && is_digit(s[e])) ++e;
    if (e > digits) k = e;
  }
  return k;
}

std::optional<double> parse_number(std::string_view s) {
  s = trim(s);
  if (s.empty() || number_prefix(s) != s.size()) return std::nullopt;
  if (s.front() == '+') s.remove_prefix(1);
#ifdef __EMSCRIPTEN__
  // Emscripten's libc++ (3.1.6) has no from_chars for double; its strtod is correctly rounded
  // and locale-free, and number_prefix has already checked the whole text.
  const std::string text(s);
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(v)) return std::nullopt;
#else
  double v = 0.0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
#endif
  return v;
}

std::string format_number(double v) {
  if (std::isinf(v)) return v > 0 ? "∞" : "-∞";
  std::ostringstream os;
  os.precision(8);
  os << v;
  return os.str();
}

std::string_view trim(std::string_view s) {
  const auto a = s.find_first_not_of(" \t\r\n");
  if (a == std::string_view::npos) return {};
  const auto b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) return out;
    start = pos + 1;
  }
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (std::size_t k = 0; k < items.size(); ++k) {
    if (k > 0) out += sep;
    out += items[k];
  }
  return out;
}

int utf8_length(std::string_view s) {
  int n = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

int edit_distance(std::string_view a, std::string_view b) {
  const auto x = code_points(a);
  const auto y = code_points(b);
  std::vector<int> row(y.size() + 1);
  for (std::size_t j = 0; j <= y.size(); ++j) row[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= x.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= y.size(); ++j) {
      const int up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[y.size()];
}

namespace {

std::vector<std::string_view> underscore_tokens(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    const std::size_t end = std::min(s.find('_', start), s.size());
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// The word's '_'-separated parts appear, in order, among the candidate's ("capital_ratio" in
// "capital_output_ratio", "growth" in "market_growth"): a key remembered with a part missing.
bool parts_contained(std::string_view word, std::string_view candidate) {
  const auto w = underscore_tokens(word);
  const auto c = underscore_tokens(candidate);
  if (w.empty() || w.size() >= c.size()) return false;
  if (w.size() == 1 && w[0].size() < 5) return false;  // "ic", "rate": too weak to suggest
  std::size_t k = 0;
  for (const auto& part : c) {
    if (k < w.size() && part == w[k]) ++k;
  }
  return k == w.size();
}

}  // namespace

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  // Close enough to be a typo: a few edits relative to the length, a truncation of a long key
  // ("capital_output" for "capital_output_ratio"), or a key with a part left out.
  const int len = utf8_length(word);
  const int allowed = len <= 3 ? 1 : len <= 6 ? 2 : 3;
  const std::string* best = nullptr;
  int best_distance = 0;
  for (const auto& c : candidates) {
    const int d = edit_distance(word, c);
    const bool truncated =
        len >= 4 && c.size() > word.size() && c.compare(0, word.size(), word) == 0;
    const bool shares = d < std::max(len, utf8_length(c));  // not a complete replacement
    const bool close = (d <= allowed && shares) || truncated || parts_contained(word, c);
    if (close && (best == nullptr || d < best_distance)) {
      best = &c;
      best_distance = d;
    }
  }
  return best ? "; did you mean '" + *best + "'?" : std::string();
}

namespace {

// One UTF-8 sequence at the start of `s`: its code point and length, or length 0 when the bytes
// are not UTF-8 (a stray continuation byte, a truncated or overlong sequence, a surrogate, a code
// point above U+10FFFF).
struct Decoded {
  char32_t cp = 0;
  std::size_t length = 0;
};

Decoded decode(std::string_view s) {
  const auto b0 = static_cast<unsigned char>(s[0]);
  if (b0 < 0x80) return {b0, 1};
  std::size_t length = 0;
  char32_t cp = 0, min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    length = 2, cp = b0 & 0x1Fu, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    length = 3, cp = b0 & 0x0Fu, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    length = 4, cp = b0 & 0x07u, min = 0x10000;
  } else {
    return {};
  }
  if (s.size() < length) return {};
  for (std::size_t k = 1; k < length; ++k) {
    const auto b = static_cast<unsigned char>(s[k]);
    if ((b & 0xC0) != 0x80) return {};
    cp = (cp << 6) | (b & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
  return {cp, length};
}

bool is_control(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

std::string hex_byte(unsigned char b) {
  static const char* digits = "0123456789ABCDEF";
  return std::string("\\x") + digits[b >> 4] + digits[b & 0xF];
}

// \n, \r, \t; \xNN below U+0100; \u{NNNN} above.
std::string escaped(char32_t cp) {
  if (cp == '\n') return "\\n";
  if (cp == '\r') return "\\r";
  if (cp == '\t') return "\\t";
  if (cp < 0x100) return hex_byte(static_cast<unsigned char>(cp));
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "\\u{%04X}", static_cast<unsigned>(cp));
  return buffer;
}

std::string name_of(char32_t cp) {
  if (cp == 0) return "a NUL character (\\x00)";
  if (cp == 0xFEFF) return "a byte-order mark (\\u{FEFF}) after the start of the text";
  if (cp == 0xFFFE || cp == 0xFFFF) return "a non-character (" + escaped(cp) + ")";
  if (cp == '\n' || cp == '\r' || cp == '\t') return "a line break or tab (" + escaped(cp) + ")";
  return "a control character (" + escaped(cp) + ")";
}

template <class Allowed>
std::optional<TextProblem> check_text(std::string_view s, Allowed allowed) {
  for (std::size_t k = 0; k < s.size();) {
    const Decoded d = decode(s.substr(k));
    if (d.length == 0) {
      return TextProblem{k, "a byte that is not UTF-8 (" +
                                hex_byte(static_cast<unsigned char>(s[k])) + ")"};
    }
    if (!allowed(d.cp, k)) return TextProblem{k, name_of(d.cp)};
    k += d.length;
  }
  return std::nullopt;
}

}  // namespace

std::string printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t k = 0; k < s.size();) {
    const Decoded d = decode(s.substr(k));
    if (d.length == 0) {
      out += hex_byte(static_cast<unsigned char>(s[k]));
      ++k;
      continue;
    }
    if (is_control(d.cp)) {
      out += escaped(d.cp);
    } else {
      out.append(s.substr(k, d.length));
    }
    k += d.length;
  }
  return out;
}

std::optional<TextProblem> check_file_text(std::string_view s) {
  return check_text(s, [](char32_t cp, std::size_t offset) {
    if (cp == '\t' || cp == '\n' || cp == '\r') return true;
    if (cp == 0xFEFF) return offset == 0;
    return !is_control(cp) && cp != 0xFFFE && cp != 0xFFFF;
  });
}

std::optional<TextProblem> check_value_text(std::string_view s, bool allow_breaks) {
  return check_text(s, [allow_breaks](char32_t cp, std::size_t) {
    if (cp == '\t' || cp == '\n' || cp == '\r') return allow_breaks;
    return !is_control(cp);
  });
}

std::string quote(std::string_view s) {
  // Cut at 60 characters (a whole UTF-8 sequence at a time), then make the rest printable.
  std::size_t end = 0;
  int chars = 0;
  while (end < s.size() && chars < 60) {
    const Decoded d = decode(s.substr(end));
    end += d.length == 0 ? 1 : d.length;
    ++chars;
  }
  std::string out(1, '\'');
  out += printable(s.substr(0, end));
  if (end < s.size()) out += "...";
  out += '\'';
  return out;
}

}  // namespace clustersim::scenario::detail
