// Exceptions thrown by the core. The core never prints; the layers above turn these into
// messages (the scenario layer adds file, line and column from the key path).
#pragma once

#include <stdexcept>
#include <string>

namespace clustersim {

// The spec is inconsistent (bad input). `path` is the dotted key of the offending value in
// scenario terms, e.g. "clusters.ic.params.util_demand" or "matrices.io.ic.icv".
class ModelError : public std::runtime_error {
 public:
  ModelError(std::string path, const std::string& message)
      : std::runtime_error(message), path_(std::move(path)) {}
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

// Integration failed: a value went non-finite, the step size underflowed, or the baseline
// could not be reproduced. `time` is the decimal year where it happened.
class NumericalError : public std::runtime_error {
 public:
  NumericalError(double time, const std::string& message)
      : std::runtime_error(message), time_(time) {}
  double time() const noexcept { return time_; }

 private:
  double time_;
};

}  // namespace clustersim
