#include "clustersim/analysis/checks.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "clustersim/analysis/inputs.hpp"
#include "clustersim/core/errors.hpp"

namespace clustersim::analysis {
namespace {

using scenario::CheckSpec;

std::string number(double v) {
  std::ostringstream os;
  os.precision(4);
  os << std::fixed;
  if (std::abs(v) >= 1000.0) os.precision(0);
  else if (std::abs(v) >= 10.0) os.precision(1);
  else if (std::abs(v) >= 0.1) os.precision(3);
  else os.precision(6);
  os << v;
  return os.str();
}

// The checked variable in one run: per (cluster or region, year).
struct Series {
  bool region = false;
  int index = 0;  // ClusterVar or RegionVar
  std::string unit;

  double at(const RunResult& r, int cluster, int year) const {
    const int y = year - r.start_year;
    if (region) return r.region[index](y);
    if (cluster < 0) return r.cluster[index].col(y).sum();  // "all"
    return r.cluster[index](cluster, y);
  }
};

// The series of `variable` of the check's clusters (or of the region).
Series series_of(const CheckSpec& c, const std::string& variable) {
  Series s;
  s.region = c.cluster == "region";
  if (s.region) {
    for (int k = 0; k < kNumRegionVars; ++k) {
      if (kRegionVarInfo[k].name == variable) s.index = k, s.unit = kRegionVarInfo[k].unit;
    }
  } else {
    for (int k = 0; k < kNumClusterVars; ++k) {
      if (kClusterVarInfo[k].name == variable) s.index = k, s.unit = kClusterVarInfo[k].unit;
    }
  }
  return s;
}

// The clusters a check looks at: one, the sum ("all", -1), the region (-1) or every cluster.
std::vector<int> scope(const CheckSpec& c, int n) {
  if (c.cluster_index >= 0) return {c.cluster_index};
  if (c.cluster == "all" || c.cluster == "region") return {-1};
  std::vector<int> all(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) all[static_cast<std::size_t>(i)] = i;
  return all;
}

std::vector<int> years_of(const CheckSpec& c, const RunResult& r) {
  if (!c.years.empty()) return c.years;
  std::vector<int> all;
  for (int y = r.start_year; y <= r.end_year; ++y) all.push_back(y);
  return all;
}

std::string where_text(const scenario::Scenario& s, int cluster, int year, const CheckSpec& c) {
  std::string who = c.cluster == "region" ? "region"
                    : cluster < 0         ? "all clusters"
                                          : s.clusters[static_cast<std::size_t>(cluster)].id;
  return who + " " + std::to_string(year);
}

std::string bound_text(const scenario::Bound& b, const std::string& what, const std::string& unit) {
  const std::string u = unit == "1" ? "" : (unit == "%" ? "%" : " " + unit);
  if (b.min && b.max) return what + " in [" + number(*b.min) + ", " + number(*b.max) + "]" + u;
  if (b.min) return what + " ≥ " + number(*b.min) + u;
  return what + " ≤ " + number(*b.max) + u;
}

// How far a value lies outside a bound (0 inside), relative to the bound's width or size.
double violation(const scenario::Bound& b, double v) {
  if (std::isnan(v)) return kInf;  // e.g. a ratio whose denominator did not change
  double worst = 0.0;
  if (b.min && v < *b.min) worst = std::max(worst, *b.min - v);
  if (b.max && v > *b.max) worst = std::max(worst, v - *b.max);
  return worst;
}

class Checker {
 public:
  Checker(const scenario::Scenario& s, const Model& model, const SolverOptions& solver,
          const RunResult& base)
      : s_(s), model_(model), solver_(solver), base_(base) {}

  CheckResult run(const CheckSpec& c) {
    CheckResult r;
    r.name = c.name;
    r.describe = c.describe;
    r.describe_en = c.describe_en;
    // The check's own base: the scenario with base_set applied (the scenario's run without it).
    ModelSpec base_spec = s_.spec;
    for (std::size_t k = 0; k < c.base_set.size(); ++k) {
      input(c.base_set[k].first, c.base_set_where[k]).apply(base_spec, c.base_set[k].second);
    }
    const RunResult own_base =
        c.base_set.empty() ? RunResult{} : simulate_checked(base_spec, c, r);
    const RunResult& base = c.base_set.empty() ? base_ : own_base;
    ModelSpec spec = base_spec;
    for (std::size_t k = 0; k < c.set.size(); ++k) {
      input(c.set[k].first, c.set_where[k]).apply(spec, c.set[k].second);
    }
    if (c.project) spec.projects.push_back(*c.project);
    const bool changed = !c.set.empty() || c.project.has_value();

    if (!c.monotone.empty()) return monotone(c, spec, r);
    const RunResult run = changed ? simulate_checked(spec, c, r) : base;
    if (!c.invariant.empty()) return invariant(c, run, r);
    return bounds(c, run, base, r);
  }

 private:
  Input input(const std::string& path, const scenario::SourceLocation& where) const {
    try {
      return resolve_input(s_, path);
    } catch (const std::invalid_argument& e) {
      throw scenario::ScenarioError(where, path, e.what());
    }
  }

  RunResult simulate_checked(const ModelSpec& spec, const CheckSpec& c, CheckResult& r) const {
    ++r.runs;
    try {
      const Model m(spec);
      return simulate(m, solver_);
    } catch (const ModelError& e) {
      throw scenario::ScenarioError(c.where, "checks." + c.name,
                                    "the check's change makes the scenario invalid: " +
                                        std::string(e.what()));
    }
  }

  CheckResult bounds(const CheckSpec& c, const RunResult& run, const RunResult& base,
                     CheckResult& r) const {
    const Series var = series_of(c, c.variable);
    const Series per = c.per_variable.empty() ? var : series_of(c, c.per_variable);
    const auto clusters = scope(c, model_.num_clusters());
    const auto years = years_of(c, run);
    struct Part {
      const scenario::Bound* bound;
      std::string what;
      std::string unit;
      int kind;  // 0 value, 1 change, 2 change %, 3 change per unit of change of per_variable
    };
    std::vector<Part> parts;
    if (!c.value.empty()) parts.push_back({&c.value, c.variable, var.unit, 0});
    if (!c.change.empty()) parts.push_back({&c.change, "change of " + c.variable, var.unit, 1});
    if (!c.change_pct.empty()) {
      parts.push_back({&c.change_pct, "change of " + c.variable, "%", 2});
    }
    if (!c.change_per.empty()) {
      parts.push_back({&c.change_per, "change of " + c.variable + " per unit of change of " +
                                          c.per_variable,
                       var.unit + " per " + per.unit, 3});
    }
    r.passed = true;
    std::string expected, got;
    for (const Part& p : parts) {
      double worst = -1.0;
      std::string worst_text;
      for (const int i : clusters) {
        for (const int y : years) {
          const double v = var.at(run, i, y);
          const double b = var.at(base, i, y);
          double x = p.kind == 0   ? v
                     : p.kind == 1 ? v - b
                     : b != 0.0    ? 100.0 * (v - b) / std::abs(b)
                                   : 0.0;
          if (p.kind == 3) {
            const double d = per.at(run, i, y) - per.at(base, i, y);
            x = d != 0.0 ? (v - b) / d : kNaN;  // no change of the denominator: fails below
          }
          const double off = violation(*p.bound, x);
          if (off > worst) {
            worst = off;
            worst_text = number(x) + (p.unit == "%" ? "%" : (p.unit == "1" ? "" : " " + p.unit)) +
                         " (" + where_text(s_, i, y, c) + ")";
          }
        }
      }
      const double tolerance = 1e-9 * (1.0 + std::abs(p.bound->min.value_or(0.0)) +
                                       std::abs(p.bound->max.value_or(0.0)));
      if (worst > tolerance) r.passed = false;
      expected += (expected.empty() ? "" : "; ") + bound_text(*p.bound, p.what, p.unit);
      got += (got.empty() ? "" : "; ") + worst_text;
    }
    r.expected = expected;
    r.got = got;
    return r;
  }

  CheckResult invariant(const CheckSpec& c, const RunResult& run, CheckResult& r) const {
    // capital_within_sites: capital in place and under construction never exceeds what the
    // occupied and earmarked sites can host (E22), at every year end.
    auto var = [&](ClusterVar v) -> const Eigen::MatrixXd& { return run.cluster[static_cast<int>(v)]; };
    const auto& capital = var(ClusterVar::Capital);
    const auto& supply = var(ClusterVar::SupplyLine);
    const auto& hostable = var(ClusterVar::CapitalHostable);
    double worst = -kInf;
    std::string worst_text;
    for (int i = 0; i < capital.rows(); ++i) {
      for (int y = 0; y < capital.cols(); ++y) {
        const double excess = (capital(i, y) + supply(i, y)) / hostable(i, y) - 1.0;
        if (excess > worst) {
          worst = excess;
          worst_text = number(capital(i, y) + supply(i, y)) + " of " + number(hostable(i, y)) +
                       " 亿元 (" + where_text(s_, i, run.start_year + y, c) + ")";
        }
      }
    }
    r.passed = worst <= 1e-6;
    r.expected = "capital in place and under construction ≤ capital the sites can host";
    r.got = "at most " + worst_text;
    return r;
  }

  CheckResult monotone(const CheckSpec& c, ModelSpec spec, CheckResult& r) const {
    const Input in = input(c.vary_input, c.vary_where);
    const Series var = series_of(c, c.variable);
    std::vector<RunResult> runs;
    for (const double v : c.vary_values) {
      ModelSpec s = spec;
      in.apply(s, v);
      runs.push_back(simulate_checked(s, c, r));
    }
    const bool up = c.monotone == "increasing";
    const auto clusters = scope(c, model_.num_clusters());
    std::vector<int> years = c.years;
    if (years.empty()) years.push_back(runs.front().end_year);
    r.passed = true;
    std::string got = "monotone";
    double worst = 0.0;
    for (const int i : clusters) {
      for (const int y : years) {
        for (std::size_t k = 1; k < runs.size(); ++k) {
          const double a = var.at(runs[k - 1], i, y);
          const double b = var.at(runs[k], i, y);
          const double step = up ? a - b : b - a;  // > 0: the wrong way
          const double tolerance = 1e-5 * std::max(std::abs(a), std::abs(b)) + 1e-9;
          if (step > tolerance && step > worst) {
            worst = step;
            r.passed = false;
            got = number(a) + " → " + number(b) + " " + var.unit + " from " + c.vary_input +
                  " = " + number(c.vary_values[k - 1]) + " to " + number(c.vary_values[k]) + " (" +
                  where_text(s_, i, y, c) + ")";
          }
        }
      }
    }
    r.expected = c.variable + " " + (up ? "non-decreasing" : "non-increasing") + " in " +
                 c.vary_input + " over " + number(c.vary_values.front()) + "–" +
                 number(c.vary_values.back());
    r.got = got;
    return r;
  }

  const scenario::Scenario& s_;
  const Model& model_;
  const SolverOptions& solver_;
  const RunResult& base_;
};

}  // namespace

std::vector<CheckResult> run_checks(const scenario::Scenario& scenario, const Model& model,
                                    const SolverOptions& solver, const RunResult& base) {
  Checker checker(scenario, model, solver, base);
  std::vector<CheckResult> out;
  out.reserve(scenario.checks.size());
  for (const auto& c : scenario.checks) out.push_back(checker.run(c));
  return out;
}

}  // namespace clustersim::analysis
