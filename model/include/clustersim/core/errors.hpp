// Exceptions thrown by the core. The core never prints; the layers above turn these into
// messages (the scenario layer adds file, line and column from the key path).
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

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
// could not be reproduced. `time` is the decimal year where it happened; `stock` the stock that
// went non-finite (e.g. "pipeline_1", "worker_pool"; empty when no single stock did) and
// `cluster` its cluster's id (empty for a region stock or none). The scenario layer traces the
// failure to the inputs most likely responsible (scenario::traced).
class NumericalError : public std::runtime_error {
 public:
  NumericalError(double time, const std::string& message, std::string stock = {},
                 std::string cluster = {})
      : std::runtime_error(message),
        time_(time),
        stock_(std::move(stock)),
        cluster_(std::move(cluster)) {}
  double time() const noexcept { return time_; }
  const std::string& stock() const noexcept { return stock_; }
  const std::string& cluster() const noexcept { return cluster_; }

 private:
  double time_;
  std::string stock_;
  std::string cluster_;
};

}  // namespace clustersim
