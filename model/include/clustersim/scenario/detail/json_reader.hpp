// Reading JSON documents (the resolved scenario, its uncertainty, the simulator's state) with one
// clear line per mistake: every access names the key it reads, e.g.
//   "scenario JSON: clusters[2].params.capital_ratio: unknown parameter".
// Internal to the layers that read such documents; not a stable interface.
#pragma once

#include <cmath>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace clustersim::scenario::detail {

// A number as JSON; NaN and infinities as null (JSON has no such numbers).
inline nlohmann::ordered_json json_number(double v) {
  return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json();
}

class JsonReader {
 public:
  JsonReader(const nlohmann::json& j, std::string path, std::string document)
      : j_(j), path_(std::move(path)), document_(std::move(document)) {}

  [[noreturn]] void fail(const std::string& key, const std::string& message) const {
    throw std::invalid_argument(document_ + ": " + join(key) + ": " + message);
  }
  std::string join(const std::string& key) const {
    if (key.empty()) return path_.empty() ? std::string("(document)") : path_;
    if (path_.empty()) return key;
    return key.front() == '[' ? path_ + key : path_ + "." + key;
  }
  bool has(const std::string& key) const { return j_.is_object() && j_.contains(key); }
  const nlohmann::json& raw(const std::string& key) const {
    if (!j_.is_object()) fail("", "expected an object");
    const auto it = j_.find(key);
    if (it == j_.end()) fail(key, "missing");
    return *it;
  }
  JsonReader at(const std::string& key) const { return {raw(key), join(key), document_}; }
  JsonReader item(std::size_t k) const {
    return {j_.at(k), join(index_key(k)), document_};
  }
  const nlohmann::json& value() const { return j_; }
  const std::string& path() const { return path_; }

  // null reads as NaN (a value derived at run time).
  double num(const std::string& key) const {
    const nlohmann::json& v = raw(key);
    if (v.is_null()) return std::numeric_limits<double>::quiet_NaN();
    if (!v.is_number()) fail(key, "expected a number");
    return v.get<double>();
  }
  double num_or(const std::string& key, double fallback) const {
    return has(key) ? num(key) : fallback;
  }
  long integer(const std::string& key) const {
    const nlohmann::json& v = raw(key);
    if (!v.is_number_integer()) fail(key, "expected an integer");
    return v.get<long>();
  }
  std::string text(const std::string& key) const {
    const nlohmann::json& v = raw(key);
    if (!v.is_string()) fail(key, "expected a string");
    return v.get<std::string>();
  }
  std::string text_or(const std::string& key, const std::string& fallback = {}) const {
    return has(key) ? text(key) : fallback;
  }
  std::size_t size(const char* what) const {
    if (!j_.is_array()) fail("", std::string("expected a list of ") + what);
    return j_.size();
  }
  // f(item) for each item of the list at `key`, when the key is there.
  template <class F>
  void each(const std::string& key, const char* what, F&& f) const {
    if (!has(key)) return;
    const JsonReader list = at(key);
    for (std::size_t k = 0; k < list.size(what); ++k) f(list.item(k));
  }

  // This value as a list of numbers (null: NaN) or of strings.
  std::vector<double> numbers(const char* what) const {
    std::vector<double> out;
    for (std::size_t k = 0; k < size(what); ++k) {
      const nlohmann::json& v = j_[k];
      if (v.is_null()) {
        out.push_back(std::numeric_limits<double>::quiet_NaN());
      } else if (v.is_number()) {
        out.push_back(v.get<double>());
      } else {
        fail(index_key(k), "expected a number");
      }
    }
    return out;
  }
  std::vector<std::string> texts(const char* what) const {
    std::vector<std::string> out;
    for (std::size_t k = 0; k < size(what); ++k) {
      if (!j_[k].is_string()) fail(index_key(k), "expected a string");
      out.push_back(j_[k].get<std::string>());
    }
    return out;
  }
  void object() const {
    if (!j_.is_object()) fail("", "expected an object");
  }

 private:
  // "[k]", built by appending (gcc 12 warns falsely about `"[" + std::to_string(k) + "]"`).
  static std::string index_key(std::size_t k) {
    std::string key(1, '[');
    key += std::to_string(k);
    key += ']';
    return key;
  }

  const nlohmann::json& j_;
  std::string path_;
  std::string document_;
};

// An enumerator written by its name; `name(e)` gives each one's.
template <class Enum, class Name>
Enum json_enum(const JsonReader& r, const std::string& key, std::initializer_list<Enum> all,
               Name name) {
  const std::string text = r.text(key);
  for (Enum e : all) {
    if (name(e) == text) return e;
  }
  r.fail(key, "unknown value '" + text + "'");
}

}  // namespace clustersim::scenario::detail
