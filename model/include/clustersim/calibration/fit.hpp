// Weighted least squares on log residuals (docs/calibration.md, "The fit and its statistics"):
//   r_k = sqrt(w_s) * (ln(scale_s * model_s(year_k; theta)) - ln(observed_k)),
// minimised over theta within its bounds with NLopt's LN_BOBYQA from several Latin-hypercube
// starts (the first start is the scenario's own value). Approximate 95% intervals from the
// central-difference Jacobian J of r: cov = s^2 (J'J)^-1, s^2 = SSR / (n - p), t quantiles.
#pragma once

#include <Eigen/Core>
#include <optional>
#include <string>
#include <vector>

#include "clustersim/calibration/spec.hpp"
#include "clustersim/core/simulate.hpp"

namespace clustersim::calibration {

// Theil's inequality coefficient and its decomposition of the mean squared error into bias
// (U^M), variance (U^S) and covariance (U^C) proportions, which sum to 1 when MSE > 0.
struct Theil {
  double u = 0, um = 0, us = 0, uc = 0;
  double mape = 0;  // mean |fitted - observed| / |observed|, as a fraction
  int n = 0;
};
Theil theil(const std::vector<double>& observed, const std::vector<double>& fitted);

// The simulated values matched against history, one per observation, in spec order.
class Problem {
 public:
  // Observations after `until` (when given) are out of sample: simulated, not fitted.
  Problem(const CalibrationSpec& spec, std::optional<int> until);
  int num_parameters() const { return static_cast<int>(spec_->parameters.size()); }
  int num_observations() const { return static_cast<int>(obs_.size()); }
  int num_in_sample() const;
  // Model values (× scale) at every observation; throws NumericalError/ModelError on failure.
  Eigen::VectorXd simulate(const Eigen::VectorXd& theta) const;
  // Weighted log residuals of the in-sample observations.
  Eigen::VectorXd residuals(const Eigen::VectorXd& theta) const;
  struct Obs {
    int series = 0;
    int year = 0;
    double observed = 0;
    bool in_sample = true;
  };
  const std::vector<Obs>& observations() const { return obs_; }
  const CalibrationSpec& spec() const { return *spec_; }

 private:
  const CalibrationSpec* spec_;
  std::vector<Obs> obs_;
  SolverOptions solver_;
};

struct FitOptions {
  std::optional<int> until;  // fit on observations <= until only
  int starts = 8;
  unsigned long long seed = 1;
  int threads = 0;        // 0: TBB's default
  int max_evaluations = 3000;  // per start
  double xtol = 1e-10;    // relative, on the unit-scaled parameters
};

struct FittedPoint {
  std::string series;
  int year = 0;
  double observed = 0, fitted = 0, residual = 0;  // residual = ln(fitted / observed)
  bool in_sample = true;
};

struct SeriesReport {
  std::string series, scope;
  Theil in_sample, out_of_sample;
};

struct FitResult {
  std::vector<std::string> paths;
  Eigen::VectorXd estimate, se, lower95, upper95;  // se/intervals NaN when n <= p or J'J singular
  Eigen::MatrixXd correlation;                      // NaN when not available
  std::vector<std::pair<int, int>> inseparable;     // |r| > 0.95
  std::vector<int> at_bound;                        // estimates within 1e-6 of a bound
  double ssr = 0, sigma = 0;                        // sigma: sqrt(SSR / (n - p)), NaN when n <= p
  int n = 0, p = 0, evaluations = 0;
  std::vector<double> start_ssr;  // best SSR reached from each start
  std::vector<FittedPoint> points;
  std::vector<SeriesReport> series;
  std::string note;  // why intervals are missing, if they are
};

FitResult fit(const CalibrationSpec& spec, const FitOptions& options);

}  // namespace clustersim::calibration
