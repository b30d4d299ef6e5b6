// What binds and what a lever buys (docs/model.md E10 and "What a fund buys"), checked on every
// shipped scenario by perturbed runs written here, independently of the analysis layer's loops,
// and reality checks with known answers.
#include <catch2/catch.hpp>
#include <algorithm>
#include <filesystem>
#include <sstream>

#include "clustersim/analysis/checks.hpp"
#include "clustersim/analysis/marginal.hpp"
#include "clustersim/core/simulate.hpp"
#include "clustersim/scenario/scenario.hpp"

namespace fs = std::filesystem;
using namespace clustersim;

namespace {

std::vector<fs::path> shipped() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(fs::path(CLUSTERSIM_SOURCE_DIR) / "scenarios"))
    if (e.path().extension() == ".yaml") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

const Eigen::MatrixXd& output(const RunResult& r) {
  return r.cluster[static_cast<int>(ClusterVar::Output)];
}

// Output of every cluster when factor f of cluster i does (1 + relief) times as much, from the
// base run's initial state.
Eigen::MatrixXd relieved(const Model& model, const Eigen::VectorXd& x0, const SolverOptions& solver,
                         int i, int f, double relief) {
  ModelSpec spec = model.spec();
  spec.clusters[static_cast<std::size_t>(i)].relief[static_cast<std::size_t>(f)] *= 1.0 + relief;
  return output(simulate_from(Model(std::move(spec)), x0, solver));
}

}  // namespace

TEST_CASE("binding: on every shipped scenario, the reported factor is the one whose relief "
          "gains most, and stays so for a half and a double relief",
          "[marginal][shipped]") {
  int scenarios = 0, decided = 0;
  for (const auto& file : shipped()) {
    INFO(file.filename().string());
    const scenario::Scenario s = scenario::load(file);
    const Model model = scenario::build_model(s);
    RunResult run = simulate(model, s.solver);
    analysis::compute_marginal_binding(model, s.solver, run);
    REQUIRE(run.marginal_binding());
    const Eigen::VectorXd x0 = model.initial_state(run.initial_output);
    const Eigen::MatrixXd base = output(simulate_from(model, x0, s.solver));
    // Target years, and the last year of the horizon.
    std::vector<int> years{s.spec.end_year};
    for (const auto& t : s.targets)
      if (t.year > s.spec.start_year) years.push_back(t.year);
    for (int i = 0; i < model.num_clusters(); ++i) {
      INFO("cluster " << s.spec.clusters[static_cast<std::size_t>(i)].id);
      std::array<Eigen::MatrixXd, kNumFactors> gain, half, twice;
      for (int f = 0; f < kNumFactors; ++f) {
        gain[f] = relieved(model, x0, s.solver, i, f, 0.01) - base;
        half[f] = relieved(model, x0, s.solver, i, f, 0.005) - base;
        twice[f] = relieved(model, x0, s.solver, i, f, 0.02) - base;
      }
      for (const int year : years) {
        INFO("year " << year);
        const int y = year - s.spec.start_year;
        int best = 0;
        for (int f = 1; f < kNumFactors; ++f)
          if (gain[f](i, y) > gain[best](i, y)) best = f;
        double runner_up = -1e300;
        for (int f = 0; f < kNumFactors; ++f) {
          // The analysis layer's gains are these gains.
          CHECK(run.binding_gains[f](i, y) ==
                Approx(gain[f](i, y)).margin(1e-6 * std::abs(base(i, y))));
          if (f != best) runner_up = std::max(runner_up, gain[f](i, y));
        }
        const double top = gain[best](i, y);
        // Near-ties are left undecided: the 1% gains differ by under 10% of the largest.
        if (!(top > 0.0) || top - runner_up < 0.1 * top) continue;
        ++decided;
        CHECK(static_cast<int>(run.binding_at(i, year)) == best);
        for (const auto* other : {&half, &twice}) {
          for (int f = 0; f < kNumFactors; ++f)
            if (f != best) CHECK((*other)[best](i, y) >= (*other)[f](i, y));
        }
      }
    }
    ++scenarios;
  }
  CHECK(scenarios >= 5);
  CHECK(decided >= 20);
}

TEST_CASE("levers: what a unit buys is the gain of an explicit run divided by the money, land, "
          "floor or people committed",
          "[marginal][levers]") {
  const scenario::Scenario s =
      scenario::load(fs::path(CLUSTERSIM_SOURCE_DIR) / "tests/golden/two-clusters.yaml");
  const Model model = scenario::build_model(s);
  const RunResult run = simulate(model, s.solver);
  const auto responses = analysis::lever_responses(model, s.solver, run);
  REQUIRE(responses.size() == static_cast<std::size_t>(model.num_clusters() * kNumLevers));
  const Eigen::VectorXd x0 = model.initial_state(run.initial_output);
  const Eigen::MatrixXd base = output(simulate_from(model, x0, s.solver));
  for (const auto& r : responses) {
    INFO("cluster " << r.cluster << " lever " << static_cast<int>(r.lever));
    CHECK(r.first_year == s.spec.start_year + 1);
    ModelSpec spec = model.spec();
    const int years = run.num_years();
    spec.levers[static_cast<std::size_t>(r.lever)].row(r.cluster).tail(years - 1).array() += r.step;
    const Eigen::MatrixXd out = output(simulate_from(Model(std::move(spec)), x0, s.solver));
    for (int y = 0; y < years; ++y) {
      const double gain = out(r.cluster, y) - base(r.cluster, y);
      CHECK(r.gain(y) == Approx(gain).margin(1e-9 * base(r.cluster, y)));
      const double committed = r.step * y;  // one step a year from the year after the baseline
      const double expected =
          y == 0 ? 0.0 : gain / (committed / analysis::lever_quote_unit(r.lever));
      CHECK(r.per_unit(y) == Approx(expected).margin(1e-9));
    }
  }
}

TEST_CASE("levers: fund money buys IC output in the golden scenario, less than its capex allows",
          "[marginal][levers]") {
  const scenario::Scenario s =
      scenario::load(fs::path(CLUSTERSIM_SOURCE_DIR) / "tests/golden/two-clusters.yaml");
  const Model model = scenario::build_model(s);
  const RunResult run = simulate(model, s.solver);
  for (const auto& r : analysis::lever_responses(model, s.solver, run)) {
    if (r.lever != Lever::Fund || r.cluster != 0) continue;
    const int last = run.num_years() - 1;
    // IC is capital-bound with a share market: fund money builds capacity that wins share.
    CHECK(r.gain(last) > 0.0);
    // Capex per 亿元/yr of output is 2.5 here: a 亿元 can never buy more than 1/2.5 亿元/yr.
    CHECK(r.per_unit(last) < 1.0 / 2.5);
    // Nothing before money can have built anything: the first year's gain is small.
    CHECK(std::abs(r.gain(1)) < 0.25 * r.gain(last));
  }
}

TEST_CASE("checks: the golden scenario's checks pass, and a bracket the model misses fails with "
          "what was expected and what came out",
          "[checks]") {
  scenario::Scenario s =
      scenario::load(fs::path(CLUSTERSIM_SOURCE_DIR) / "tests/golden/two-clusters.yaml");
  const Model model = scenario::build_model(s);
  const RunResult run = simulate(model, s.solver);
  auto results = analysis::run_checks(s, model, s.solver, run);
  REQUIRE(results.size() == 2);
  for (const auto& r : results) {
    INFO(r.name << ": " << r.expected << " / " << r.got);
    CHECK(r.passed);
  }
  CHECK(results[0].runs == 1);  // the fund set to 0: one run beside the base
  CHECK(results[1].runs == 0);  // an invariant of the base run
  // The same fund check with an impossible bracket: at least 1,000 亿元 lost without the fund.
  REQUIRE(s.checks[0].name == "fund_matters");
  scenario::Scenario strict = scenario::load(
      fs::path(CLUSTERSIM_SOURCE_DIR) / "tests/golden/two-clusters.yaml",
      {{"checks.fund_matters.expect.change", "{max: -1000 亿元}"}});
  results = analysis::run_checks(strict, model, strict.solver, run);
  CHECK_FALSE(results[0].passed);
  CHECK(results[0].expected.find("-1000") != std::string::npos);
  CHECK(results[0].got.find("ic 2027") != std::string::npos);
}

TEST_CASE("checks: change_per divides the change of a variable by the change of another, between "
          "two runs that both carry base_set",
          "[checks]") {
  const fs::path file = fs::path(CLUSTERSIM_SOURCE_DIR) / "tests/golden/two-clusters.yaml";
  // The explicit runs: land earmarked for IC in both, the fund at 1 and at 0.
  const scenario::Scenario plain = scenario::load(file);
  ModelSpec with_land = plain.spec;
  const int ic = 0;
  with_land.levers[static_cast<int>(Lever::Land)].row(ic).array() += 20.0;
  ModelSpec no_fund = with_land;
  no_fund.levers[static_cast<int>(Lever::Fund)].row(ic).setZero();
  const RunResult a = simulate(Model(with_land), plain.solver);
  const RunResult b = simulate(Model(no_fund), plain.solver);
  const int last = a.num_years() - 1;
  const auto& out_a = a.cluster[static_cast<int>(ClusterVar::Output)];
  const auto& out_b = b.cluster[static_cast<int>(ClusterVar::Output)];
  const auto& kg_a = a.cluster[static_cast<int>(ClusterVar::PolicyCapital)];
  const auto& kg_b = b.cluster[static_cast<int>(ClusterVar::PolicyCapital)];
  REQUIRE(kg_a(ic, last) - kg_b(ic, last) > 1.0);  // the fund built policy capital
  const double ratio = (out_b(ic, last) - out_a(ic, last)) / (kg_b(ic, last) - kg_a(ic, last));
  REQUIRE(ratio > 0.0);

  auto check = [&](double lo, double hi) {
    std::ostringstream text;  // full precision: the bounds sit 1e-6 around the ratio
    text.precision(17);
    text << "{describe: x, base_set: {levers.land.ic.add: 20}, set: {levers.fund.ic: 0}, expect: "
            "{cluster: ic, year: 2027, change_per: {variable: policy_capital, min: "
         << lo << ", max: " << hi << "}}}";
    const scenario::Scenario s = scenario::load(file, {{"checks.per", text.str()}});
    const Model model = scenario::build_model(s);
    const RunResult base = simulate(model, s.solver);  // without the land: not the check's base
    const auto results = analysis::run_checks(s, model, s.solver, base);
    const auto r = std::find_if(results.begin(), results.end(),
                                [](const analysis::CheckResult& c) { return c.name == "per"; });
    REQUIRE(r != results.end());
    CHECK(r->runs == 2);  // its own base (with the land) and the change
    return *r;
  };
  CHECK(check(ratio * (1 - 1e-6), ratio * (1 + 1e-6)).passed);
  const auto missed = check(ratio * 1.1, ratio * 1.2);
  CHECK_FALSE(missed.passed);
  CHECK(missed.expected.find("per unit of change of policy_capital") != std::string::npos);
}
