#include "clustersim/core/simulate.hpp"

#include <algorithm>
#include <cmath>
#include <boost/numeric/odeint.hpp>
#include <boost/numeric/odeint/external/eigen/eigen.hpp>
#include <cmath>
#include <functional>
#include <sstream>

#include "clustersim/core/errors.hpp"
#include "clustersim/core/limits.hpp"

namespace clustersim {
namespace odeint = boost::numeric::odeint;

namespace {

using State = Eigen::VectorXd;
using Dopri5 = odeint::runge_kutta_dopri5<State, double, State, double,
                                          odeint::vector_space_algebra>;
// odeint's default_error_checker, computed in one pass without temporaries: on Eigen vectors its
// rel_error operation copies x_err, x and dx/dt (get_unit_value returns by value), three heap
// allocations per step. Same formula, same operation order, so the same error bit for bit:
// max_i |err_i| / (atol + rtol (|x_i| + |dt| |dxdt_i|)).
class ErrorChecker {
 public:
  using value_type = double;
  using algebra_type = odeint::vector_space_algebra;
  using operations_type = odeint::default_operations;

  // `controlled`: how many leading values of the state count in the norm (-1: all).
  ErrorChecker(double eps_abs = 1e-6, double eps_rel = 1e-6, Eigen::Index controlled = -1)
      : eps_abs_(eps_abs), eps_rel_(eps_rel), controlled_(controlled) {}

  double error(algebra_type& /*algebra*/, const State& x_old, const State& dxdt_old,
               const State& x_err, double dt) const {
    const double a_dxdt = std::abs(dt);
    const Eigen::Index m = controlled_ < 0 ? x_err.size() : controlled_;
    return (x_err.head(m).array().abs() /
            (eps_rel_ * (x_old.head(m).array().abs() + a_dxdt * dxdt_old.head(m).array().abs()) +
             eps_abs_))
        .maxCoeff();
  }
  double error(const State& x_old, const State& dxdt_old, const State& x_err, double dt) const {
    algebra_type algebra;
    return error(algebra, x_old, dxdt_old, x_err, dt);
  }

 private:
  double eps_abs_;
  double eps_rel_;
  Eigen::Index controlled_;
};
using ControlledDopri5 = odeint::controlled_runge_kutta<Dopri5, ErrorChecker>;
using Rk4 = odeint::runge_kutta4<State, double, State, double, odeint::vector_space_algebra>;
using Euler = odeint::euler<State, double, State, double, odeint::vector_space_algebra>;

std::string fmt_num(double v, int precision = 6) {
  std::ostringstream os;
  os.precision(precision);
  os << v;
  return os.str();
}

// Integrates the model across breakpoints, stopping exactly at each, and records the state on
// every 1 Jan. One Runner serves every trial of a run: its workspace and stepper buffers are
// allocated once.
class Runner {
 public:
  Runner(const Model& model, const SolverOptions& solver, bool control_accumulators)
      : model_(model),
        solver_(solver),
        dynamics_(model),
        dopri_(ErrorChecker(solver.atol, solver.rtol,
                            control_accumulators ? -1 : model.layout().dynamic_size())),
        dt_(solver.dt),
        records_(model.layout().size(), model.spec().num_years() + 1) {
    times_.push_back(model.start_time());
    times_.insert(times_.end(), model.breakpoints().begin(), model.breakpoints().end());
    times_.push_back(model.end_time());
  }

  // Start a trajectory at the start time from x: the first record, and the initial step size
  // as for a fresh run (so every trial integrates exactly like an independent run).
  void restart(const State& x) {
    records_.col(0) = x;
    recorded_ = 1;
    dt_ = solver_.dt;
  }

  // Advance x from `from` to `until` (both breakpoints), recording the state at each 1 Jan.
  void run(State& x, double from, double until) {
    for (std::size_t k = 0; k + 1 < times_.size() && times_[k] < until - 1e-9; ++k) {
      if (times_[k] < from - 1e-9) continue;
      const double a = times_[k];
      const double b = times_[k + 1];
      dynamics_.apply_jumps(x, a);
      dynamics_.begin_segment(a, b);
      integrate_segment(x, a, b);
      ++stats_.segments;
      if (std::abs(b - std::round(b)) < 1e-9) records_.col(recorded_++) = x;
    }
  }

  // States on 1 Jan of each year reached so far, start first.
  const Eigen::MatrixXd& records() const { return records_; }
  int recorded() const { return recorded_; }
  Dynamics& dynamics() { return dynamics_; }
  SolverStats& stats() { return stats_; }
  long evaluations() const { return dynamics_.evaluations(); }

 private:
  void check_finite(const State& x, double t) const {
    // The sum is finite when every value is (barring an overflow, for which the scan below
    // finds nothing): one vectorised pass instead of a test per value.
    if (std::isfinite(x.sum())) return;
    int k = 0;
    while (k < x.size() && std::isfinite(x[k])) ++k;
    if (k == x.size()) return;
    const auto place = model_.layout().place(k);
    throw NumericalError(t,
                         "numerical failure: " + model_.layout().describe(k, model_.cluster_ids()) +
                             " became non-finite at t = " + fmt_num(t, 8),
                         std::string(place.stock),
                         place.cluster >= 0 ? model_.cluster_ids()[place.cluster] : std::string());
  }

  void integrate_segment(State& x, double a, double b) {
    auto system = std::ref(dynamics_);
    const double span = b - a;
    if (solver_.method == SolverMethod::Dopri5) {
      dopri_.reset();  // the input jumps at a: do not reuse the derivative from before it
      double t = a;
      double dt = std::min(dt_, span);
      while (b - t > 1e-12 * std::max(1.0, std::abs(b))) {
        const bool last = t + dt >= b - 1e-12;
        const double wanted = dt;
        if (last) dt = b - t;
        if (dt < 1e-12 * span && dt < 1e-10) {
          throw NumericalError(t, "numerical failure: step size underflow at t = " +
                                      fmt_num(t, 8) + " (the system is too stiff or singular)");
        }
        const auto result = dopri_.try_step(system, x, t, dt);
        if (result == odeint::success) {
          ++stats_.steps;
          check_finite(x, t);
          if (last) {
            t = b;
            dt = std::max(dt, wanted);
          }
        } else {
          ++stats_.rejected_steps;
        }
        if (stats_.steps + stats_.rejected_steps > solver_.max_steps) {
          throw NumericalError(t, "numerical failure: more than " +
                                      std::to_string(solver_.max_steps) + " steps by t = " +
                                      fmt_num(t, 8));
        }
      }
      dt_ = dt;
    } else {
      const long steps = std::max(1L, static_cast<long>(std::ceil(span / solver_.dt - 1e-9)));
      const double h = span / static_cast<double>(steps);
      for (long s = 0; s < steps; ++s) {
        const double t = a + static_cast<double>(s) * h;
        if (solver_.method == SolverMethod::Rk4) {
          rk4_.do_step(system, x, t, h);
        } else {
          euler_.do_step(system, x, t, h);
        }
        ++stats_.steps;
        check_finite(x, t + h);
      }
    }
  }

  const Model& model_;
  SolverOptions solver_;
  Dynamics dynamics_;
  ControlledDopri5 dopri_;
  Rk4 rk4_;
  Euler euler_;
  double dt_;
  std::vector<double> times_;
  SolverStats stats_;
  Eigen::MatrixXd records_;
  int recorded_ = 0;
};

RunResult assemble(const Model& model, const Eigen::MatrixXd& records,
                   const RunOptions& options) {
  const auto& spec = model.spec();
  const auto& lay = model.layout();
  const int n = model.num_clusters();
  const int years = spec.num_years();
  RunResult r;
  r.start_year = spec.start_year;
  r.end_year = spec.end_year;
  r.cluster_ids = model.cluster_ids();
  for (auto& m : r.cluster) m.setZero(n, years);
  for (auto& v : r.region) v.setZero(years);
  r.binding.setZero(n, years);

  auto flow = [&](Stock s, int i, int y) {
    return records(lay.at(s, i), y + 1) - records(lay.at(s, i), y);
  };
  auto stock = [&](Stock s, int i, int y) { return records(lay.at(s, i), y + 1); };
  auto rflow = [&](RegionStock s, int y) {
    return records(lay.at(s), y + 1) - records(lay.at(s), y);
  };
  auto rstock = [&](RegionStock s, int y) { return records(lay.at(s), y + 1); };
  auto set = [&](ClusterVar v, int i, int y, double value) {
    r.cluster[static_cast<int>(v)](i, y) = value;
  };
  auto rset = [&](RegionVar v, int y, double value) { r.region[static_cast<int>(v)](y) = value; };
  auto param = [&](int i, ClusterParam p, double t) {
    return model.input_value({EventTarget::Kind::ClusterParam, static_cast<int>(p), i}, t, t);
  };

  for (int y = 0; y < years; ++y) {
    const double year_end = spec.start_year + y + 1.0;
    double programme = rflow(RegionStock::CumTalentProgramme, y);
    double land_released = rflow(RegionStock::CumLandReleased, y);
    double floor_released = rflow(RegionStock::CumFloorReleased, y);
    double land_alloc = 0.0, floor_alloc = 0.0, people_in = 0.0;
    for (int i = 0; i < n; ++i) {
      set(ClusterVar::Output, i, y, flow(Stock::CumOutput, i, y));
      set(ClusterVar::Demand, i, y, flow(Stock::CumDemand, i, y));
      set(ClusterVar::FinalDemand, i, y, flow(Stock::CumFinalDemand, i, y));
      const double cap_k = flow(Stock::CumCapacityCapital, i, y);
      const double cap_l = flow(Stock::CumCapacityLabour, i, y);
      set(ClusterVar::CapacityCapital, i, y, cap_k);
      set(ClusterVar::CapacityLabour, i, y, cap_l);
      set(ClusterVar::CapacitySpace, i, y, flow(Stock::CumCapacitySpace, i, y));
      // Static binding: the smallest of the limits of output (E9) over the year. The marginal
      // binding of the analysis layer (E10) replaces it where it is computed.
      const double demand = flow(Stock::CumDemand, i, y);
      Constraint binding = Constraint::Capital;
      if (cap_l < cap_k) binding = Constraint::Labour;
      if (demand < std::min(cap_k, cap_l)) binding = Constraint::Demand;
      r.binding(i, y) = static_cast<int>(binding);
      const double ip = flow(Stock::CumInvestmentPrivate, i, y);
      const double ifund = flow(Stock::CumInvestmentFund, i, y);
      const double iproj = flow(Stock::CumInvestmentProject, i, y);
      set(ClusterVar::Investment, i, y, ip + ifund + iproj);
      set(ClusterVar::InvestmentPrivate, i, y, ip);
      set(ClusterVar::InvestmentFund, i, y, ifund);
      set(ClusterVar::InvestmentProject, i, y, iproj);
      set(ClusterVar::Completions, i, y, flow(Stock::CumCompletions, i, y));
      set(ClusterVar::FundCommitted, i, y, flow(Stock::CumFundCommitted, i, y));
      set(ClusterVar::FundDeployed, i, y, flow(Stock::CumFundDeployed, i, y));
      const double earmarked = flow(Stock::CumTalentEarmarked, i, y);
      set(ClusterVar::Hires, i, y,
          flow(Stock::CumHiresSkilled, i, y) + flow(Stock::CumHiresWorkers, i, y) + earmarked);
      set(ClusterVar::Capital, i, y, stock(Stock::Capital, i, y));
      set(ClusterVar::PolicyCapital, i, y, stock(Stock::PolicyCapital, i, y));
      set(ClusterVar::SupplyLine, i, y,
          stock(Stock::Pipeline1, i, y) + stock(Stock::Pipeline2, i, y) +
              stock(Stock::Pipeline3, i, y) + stock(Stock::PolicyPipeline1, i, y) +
              stock(Stock::PolicyPipeline2, i, y) + stock(Stock::PolicyPipeline3, i, y) +
              stock(Stock::ProjectWip, i, y) + stock(Stock::ProjectRamp, i, y));
      const auto& relief = spec.clusters[i].relief;
      const double kappa = param(i, ClusterParam::CapitalOutputRatio, year_end) *
                           relief[static_cast<int>(Factor::Space)] /
                           relief[static_cast<int>(Factor::Capital)];
      // E22, as the dynamics compute it: a space type the cluster cannot use hosts nothing.
      const auto usable = [&](ClusterParam suitability, ClusterParam yield) {
        return param(i, suitability, year_end) > 0.0 ? param(i, yield, year_end) : 0.0;
      };
      set(ClusterVar::CapitalHostable, i, y,
          kappa * (usable(ClusterParam::LandSuitability, ClusterParam::LandYield) *
                       (stock(Stock::SpaceLand, i, y) + stock(Stock::EarmarkLand, i, y)) +
                   usable(ClusterParam::FloorSuitability, ClusterParam::FloorYield) *
                       (stock(Stock::SpaceFloor, i, y) + stock(Stock::EarmarkFloor, i, y))));
      set(ClusterVar::FundUndeployed, i, y, stock(Stock::FundUndeployed, i, y));
      const double skilled = stock(Stock::Skilled, i, y);
      const double workers = stock(Stock::Workers, i, y);
      set(ClusterVar::Workforce, i, y, skilled + workers);
      set(ClusterVar::Skilled, i, y, skilled);
      set(ClusterVar::Workers, i, y, workers);
      set(ClusterVar::Knowledge, i, y, stock(Stock::Knowledge, i, y));
      set(ClusterVar::Productivity, i, y, stock(Stock::Productivity, i, y));
      set(ClusterVar::Market, i, y, stock(Stock::Market, i, y));
      set(ClusterVar::MarketShare, i, y, stock(Stock::Share, i, y));
      set(ClusterVar::SpaceLand, i, y, stock(Stock::SpaceLand, i, y));
      set(ClusterVar::SpaceFloor, i, y, stock(Stock::SpaceFloor, i, y));
      programme += earmarked;
      people_in += earmarked;
      land_released += flow(Stock::CumEarmarkSupplyLand, i, y);
      floor_released += flow(Stock::CumEarmarkSupplyFloor, i, y);
      land_alloc += flow(Stock::CumAllocLand, i, y);
      floor_alloc += flow(Stock::CumAllocFloor, i, y);
    }
    rset(RegionVar::SkilledPool, y, rstock(RegionStock::SkilledPool, y));
    rset(RegionVar::WorkerPool, y, rstock(RegionStock::WorkerPool, y));
    rset(RegionVar::WageIndex, y, rstock(RegionStock::WageIndex, y));
    rset(RegionVar::TalentProgramme, y, programme);
    const double skilled_in = rflow(RegionStock::CumSkilledInflow, y);
    const double workers_in = rflow(RegionStock::CumWorkerInflow, y);
    const double skilled_out = rflow(RegionStock::CumSkilledLeft, y);
    const double workers_out = rflow(RegionStock::CumWorkersLeft, y);
    rset(RegionVar::SkilledInflow, y, skilled_in);
    rset(RegionVar::WorkerInflow, y, workers_in);
    rset(RegionVar::SkilledHired, y, rflow(RegionStock::CumSkilledHired, y));
    rset(RegionVar::WorkersHired, y, rflow(RegionStock::CumWorkersHired, y));
    rset(RegionVar::SkilledLeft, y, skilled_out);
    rset(RegionVar::WorkersLeft, y, workers_out);
    rset(RegionVar::NetInflow, y,
         rflow(RegionStock::CumTalentProgramme, y) + people_in + skilled_in + workers_in -
             skilled_out - workers_out);
    rset(RegionVar::LandVacant, y, rstock(RegionStock::LandVacant, y));
    rset(RegionVar::FloorVacant, y, rstock(RegionStock::FloorVacant, y));
    rset(RegionVar::LandPipeline, y, rstock(RegionStock::LandPipeline, y));
    rset(RegionVar::FloorPipeline, y, rstock(RegionStock::FloorPipeline, y));
    rset(RegionVar::LandReleased, y, land_released);
    rset(RegionVar::FloorReleased, y, floor_released);
    rset(RegionVar::LandAllocated, y, land_alloc);
    rset(RegionVar::FloorAllocated, y, floor_alloc);
  }
  if (options.keep_states) {
    r.states = records;
  }
  return r;
}

// First guess of the initial output rates: if output grows at its initial exponential rate g
// through the baseline year, the year's flow is y0 (e^g - 1) / g, so y0 = B g / (e^g - 1).
// g comes from a finite difference of output along the initial derivative (two evaluations).
Eigen::VectorXd initial_guess(const Model& model, Dynamics& dynamics,
                              const Eigen::VectorXd& baseline) {
  dynamics.begin_segment(model.start_time(), model.breakpoints().empty()
                                                  ? model.end_time()
                                                  : model.breakpoints().front());
  const State x0 = model.initial_state(baseline);
  State dxdt(x0.size());
  dynamics(x0, dxdt, model.start_time());
  constexpr double h = 1e-3;
  const Flows now = dynamics.flows(x0, model.start_time());
  const Flows later = dynamics.flows(x0 + h * dxdt, model.start_time() + h);
  Eigen::VectorXd y = baseline;
  for (int i = 0; i < y.size(); ++i) {
    if (!(now.output(i) > 0.0) || !(later.output(i) > 0.0)) continue;
    const double g = std::clamp(std::log(later.output(i) / now.output(i)) / h, -2.0, 2.0);
    if (std::abs(g) > 1e-8) y(i) = baseline(i) * g / std::expm1(g);
  }
  return y;
}

// Broyden's inverse Jacobian in factored form: H = diag(d) + Σ_k u_k v_kᵀ ("good" Broyden,
// Sherman–Morrison update H += (dy - H dg)(dyᵀ H) / (dyᵀ H dg)).
struct InverseJacobian {
  Eigen::ArrayXd diagonal;
  std::vector<Eigen::VectorXd> u, v;

  Eigen::VectorXd apply(const Eigen::VectorXd& g) const {
    Eigen::VectorXd r = (diagonal * g.array()).matrix();
    for (std::size_t k = 0; k < u.size(); ++k) r += u[k] * v[k].dot(g);
    return r;
  }
  Eigen::VectorXd apply_transposed(const Eigen::VectorXd& g) const {
    Eigen::VectorXd r = (diagonal * g.array()).matrix();
    for (std::size_t k = 0; k < u.size(); ++k) r += v[k] * u[k].dot(g);
    return r;
  }
  void update(const Eigen::VectorXd& dy, const Eigen::VectorXd& dg) {
    const Eigen::VectorXd h_dg = apply(dg);
    const double denom = dy.dot(h_dg);
    if (!(std::abs(denom) > 1e-300)) return;
    Eigen::VectorXd hty = apply_transposed(dy);  // before the new pair joins the sums
    u.push_back((dy - h_dg) / denom);
    v.push_back(std::move(hty));
  }
};

void check_options(const Model& model, const SolverOptions& solver) {
  const std::string problem = solver.validate();
  if (!problem.empty()) throw ModelError("solver", problem);
  check_computable(model);  // inputs that would overflow or need absurdly many steps
  // A fixed step longer than half the smallest time constant makes explicit methods overshoot
  // (Euler is unstable beyond twice it): refuse it and name the constant (docs/model.md §13).
  const TimeConstant& tc = model.smallest_time_constant();
  if (solver.method != SolverMethod::Dopri5 && solver.dt > 0.5 * tc.value * (1.0 + 1e-12)) {
    throw ModelError("solver.dt",
                     "the fixed step dt = " + fmt_num(solver.dt) +
                         " yr is longer than half the model's smallest time constant, " + tc.what +
                         " = " + fmt_num(tc.value) + " yr (" + tc.path + "): use dt <= " +
                         fmt_num(0.5 * tc.value) + " yr or the adaptive solver dopri5");
  }
}

}  // namespace

std::string_view solver_name(SolverMethod m) {
  switch (m) {
    case SolverMethod::Dopri5: return "dopri5";
    case SolverMethod::Rk4: return "rk4";
    case SolverMethod::Euler: return "euler";
  }
  return "?";
}

bool BaselineHint::fits(int n) const {
  auto ok = [n](const Eigen::VectorXd& v) {
    return v.size() == n && v.allFinite() && (v.array() > 0.0).all();
  };
  return ok(correction) && ok(elasticity);
}

std::string SolverOptions::validate() const {
  if (!(rtol > 0.0) || !std::isfinite(rtol)) return "rtol must be positive";
  if (!(atol > 0.0) || !std::isfinite(atol)) return "atol must be positive";
  if (!(dt > 0.0) || dt > 1.0) return "dt must lie in (0, 1] year";
  if (max_steps < 1) return "max_steps must be positive";
  return {};
}

RunResult simulate_from(const Model& model, const Eigen::VectorXd& x0,
                        const SolverOptions& solver, const RunOptions& options) {
  check_options(model, solver);
  Runner runner(model, solver, options.control_accumulators);
  State x = x0;
  runner.restart(x);
  runner.run(x, model.start_time(), model.end_time());
  RunResult r = assemble(model, runner.records(), options);
  r.stats = runner.stats();
  r.stats.rhs_evaluations = runner.evaluations();
  r.initial_output = Eigen::VectorXd::Constant(model.num_clusters(), kNaN);
  return r;
}

RunResult simulate(const Model& model, const SolverOptions& solver, const RunOptions& options) {
  if (!options.calibrate_baseline) {
    Eigen::VectorXd y0(model.num_clusters());
    for (int i = 0; i < model.num_clusters(); ++i) {
      y0(i) = model.spec().clusters[i].baseline_output;
    }
    RunResult r = simulate_from(model, model.initial_state(y0), solver, options);
    r.initial_output = y0;
    return r;
  }
  check_options(model, solver);
  const int n = model.num_clusters();
  const auto& lay = model.layout();
  Eigen::VectorXd baseline(n);
  for (int i = 0; i < n; ++i) baseline(i) = model.spec().clusters[i].baseline_output;

  // Broyden's method on the initial output rates y0 so that the simulated baseline-year output
  // (the flow over the year) equals the baseline: g(y0) = F(y0) - B = 0. The inverse Jacobian
  // starts as diag(y0 / F), exact if the model were homogeneous of degree one in its initial
  // size, and takes rank-one updates that learn the coupling through intermediate demand and the
  // shared pools. The inverse Jacobian is kept in factored form, H = D + Σ u_k v_kᵀ, so an
  // iteration costs O(n · iterations), not O(n²).
  Runner runner(model, solver, options.control_accumulators);
  const Eigen::VectorXd guess = initial_guess(model, runner.dynamics(), baseline);
  const bool hinted = options.baseline_hint.fits(n);
  Eigen::VectorXd y = guess;
  if (hinted) y.array() *= options.baseline_hint.correction.array();
  Eigen::VectorXd elasticity = hinted ? options.baseline_hint.elasticity
                                      : Eigen::VectorXd::Ones(n).eval();
  Eigen::VectorXd g_prev, y_prev, f(n), f_first;
  InverseJacobian inverse_jacobian;
  State x;
  double worst = kInf;
  int iteration = 0;
  for (; iteration < options.max_calibration_iterations; ++iteration) {
    x = model.initial_state(y);
    runner.restart(x);
    runner.run(x, model.start_time(), model.start_time() + 1.0);
    for (int i = 0; i < n; ++i) f(i) = runner.records()(lay.at(Stock::CumOutput, i), 1);
    worst = ((f.array() / baseline.array()) - 1.0).abs().maxCoeff();
    if (worst <= options.baseline_tolerance) break;
    const Eigen::VectorXd g = f - baseline;
    if (iteration == 0) {
      inverse_jacobian.diagonal = y.array() / (elasticity.array() * f.array());
    } else {
      inverse_jacobian.update(y - y_prev, g - g_prev);
    }
    Eigen::VectorXd next = y - inverse_jacobian.apply(g);
    // Keep rates positive: fall back to the ratio update where a step would overshoot to <= 0.
    for (int i = 0; i < n; ++i) {
      if (!(next(i) > 0.0) || !std::isfinite(next(i))) next(i) = y(i) * baseline(i) / f(i);
    }
    if (iteration == 0) f_first = f;
    if (iteration == 1) {
      // Secant elasticity d ln F / d ln y0 from the first two trials, for baseline hints.
      for (int i = 0; i < n; ++i) {
        const double dy = std::log(y(i) / y_prev(i));
        const double e = std::log(f(i) / f_first(i)) / dy;
        if (std::abs(dy) > 1e-9 && std::isfinite(e) && e > 0.05 && e < 20.0) elasticity(i) = e;
      }
    }
    y_prev = y;
    g_prev = g;
    y = next;
  }
  if (!(worst <= options.baseline_tolerance)) {
    throw NumericalError(model.start_time(),
                         "the baseline year could not be reproduced: after " +
                             std::to_string(options.max_calibration_iterations) +
                             " iterations the simulated baseline output is still off by " +
                             fmt_num(100.0 * worst, 3) + "%");
  }

  // The converged trial already holds the baseline year: continue it to the end.
  runner.run(x, model.start_time() + 1.0, model.end_time());
  RunResult r = assemble(model, runner.records(), options);
  r.stats = runner.stats();
  r.stats.rhs_evaluations = runner.evaluations();
  r.stats.calibration_iterations = iteration + 1;
  r.stats.max_baseline_error = worst;
  r.initial_output = y;
  r.baseline_hint.correction = (y.array() / guess.array()).matrix();
  r.baseline_hint.elasticity = elasticity;
  return r;
}

}  // namespace clustersim
