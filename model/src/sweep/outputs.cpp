// What a sweep writes and prints (docs/sensitivity.md): runs.csv, targets.csv, first_years.csv,
// bands.csv, tornado.csv, morris.csv, sobol.csv, summary.json, and the table on stdout.
#include "clustersim/sweep/outputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <iterator>
#include <numeric>
#include <sstream>

#include "clustersim/scenario/detail/text.hpp"

namespace clustersim::sweep {

namespace {

using nlohmann::ordered_json;
using io::csv_field;
using io::format_double;

std::string display_name(const scenario::Scenario& s, int cluster) {
  return cluster >= 0 ? s.clusters[cluster].name : "各集群合计";
}

void check(double v, const std::string& what) {
  if (!std::isfinite(v)) throw io::OutputError("non-finite " + what);
}

std::string num(double v) { return std::isfinite(v) ? format_double(v) : ""; }
// Bands are kept as floats (memory: 100,000 runs x 240 series); their 7 significant digits.
std::string num7(double v) { return std::isfinite(v) ? fmt::format("{:.7g}", v) : ""; }

// Hash of the files the scenario was read from (and of the overrides), so that a resumed sweep
// can tell that its scenario changed under it.
std::string scenario_hash(const scenario::Scenario& s, const std::vector<std::string>& overrides) {
  std::string all;
  for (const auto& f : s.chain) {
    std::ifstream in(f, std::ios::binary);
    all += std::string(std::istreambuf_iterator<char>(in), {});
    all += '\0';
  }
  for (const auto& o : overrides) all += o + '\0';
  // FNV-1a, 64 bits: stable across builds and platforms, unlike std::hash.
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : all) h = (h ^ c) * 1099511628211ULL;
  return fmt::format("{:016x}", h);
}

}  // namespace

std::string output_label(const OutputSpec& o) {
  return o.name.find(':') == std::string::npos ? o.name + ":" + std::to_string(o.year) : o.name;
}

std::vector<TornadoRow> tornado(const SweepResult& result, int inputs, int outputs) {
  const RunTable& t = result.table;
  std::vector<TornadoRow> rows;
  for (int k = 0; k < outputs; ++k) {
    std::vector<TornadoRow> block;
    for (int i = 0; i < inputs; ++i) {
      TornadoRow row;
      row.output = k;
      row.input = i;
      row.low_value = t.inputs(1 + 2 * i, i);
      row.high_value = t.inputs(2 + 2 * i, i);
      row.base = t.outputs(0, k);
      row.at_low = t.outputs(1 + 2 * i, k);
      row.at_high = t.outputs(2 + 2 * i, k);
      row.swing = std::abs(row.at_high - row.at_low);
      block.push_back(row);
    }
    // Largest swing first; a failed end (NaN swing) last; ties keep the declaration order.
    std::stable_sort(block.begin(), block.end(), [](const TornadoRow& a, const TornadoRow& b) {
      const double x = std::isfinite(a.swing) ? a.swing : -1.0;
      const double y = std::isfinite(b.swing) ? b.swing : -1.0;
      return x > y;
    });
    rows.insert(rows.end(), block.begin(), block.end());
  }
  return rows;
}

std::vector<MorrisRow> morris(const SweepResult& result, int inputs, int outputs,
                              const SweepOptions& options) {
  const Eigen::MatrixXd design =
      morris_design(static_cast<int>(result.base_n), inputs, options.morris_levels, options.seed);
  std::vector<MorrisRow> rows;
  for (int k = 0; k < outputs; ++k) {
    const MorrisIndices m =
        morris_indices(design, result.table.outputs.col(k), static_cast<int>(result.base_n),
                       inputs, options.resamples, options.confidence,
                       options.seed + 1000003ULL * static_cast<std::uint64_t>(k + 1));
    std::vector<MorrisRow> block;
    for (int i = 0; i < inputs; ++i) {
      MorrisRow row;
      row.output = k;
      row.input = i;
      row.mu = m.mu(i);
      row.mu_star = m.mu_star(i);
      row.sigma = m.sigma(i);
      row.mu_star_low = m.mu_star_low(i);
      row.mu_star_high = m.mu_star_high(i);
      block.push_back(row);
    }
    std::stable_sort(block.begin(), block.end(),
                     [](const MorrisRow& a, const MorrisRow& b) { return a.mu_star > b.mu_star; });
    for (std::size_t r = 0; r < block.size(); ++r) block[r].rank = static_cast<int>(r + 1);
    rows.insert(rows.end(), block.begin(), block.end());
  }
  return rows;
}

std::vector<SobolRow> sobol(const SweepResult& result, int inputs, int outputs,
                            const SweepOptions& options) {
  std::vector<SobolRow> rows;
  for (int k = 0; k < outputs; ++k) {
    // Centred first: the indices do not change in expectation, but Saltelli's first-order
    // estimator mean(f_B (f_ABi - f_A)) has a variance that grows with the output's mean, so an
    // uncentred output of mean >> spread (亿元 figures) gives needlessly wide intervals.
    Eigen::VectorXd y = result.table.outputs.col(k);
    double sum = 0.0, sum2 = 0.0;
    long finite = 0;
    for (Eigen::Index r = 0; r < y.size(); ++r) {
      if (std::isfinite(y(r))) {
        sum += y(r);
        ++finite;
      }
    }
    const double mean = finite > 0 ? sum / static_cast<double>(finite) : 0.0;
    for (Eigen::Index r = 0; r < y.size(); ++r) {
      if (std::isfinite(y(r))) {
        y(r) -= mean;
        sum2 += y(r) * y(r);
      }
    }
    const double sd = finite > 1 ? std::sqrt(sum2 / static_cast<double>(finite - 1)) : 0.0;
    // An output that varies no more than the runs' baseline tolerance (the baseline year itself)
    // has only numerical noise to apportion: its indices are left empty.
    const bool noise = sd <= 2.0 * options.baseline_tolerance * std::abs(mean);
    const SobolIndices s =
        sobol_indices(y, result.base_n, inputs, options.resamples,
                      options.confidence, options.seed + 1000003ULL * static_cast<std::uint64_t>(k + 1));
    for (int i = 0; i < inputs; ++i) {
      SobolRow row;
      row.output = k;
      row.input = i;
      row.first = s.first(i);
      row.first_low = s.first_low(i);
      row.first_high = s.first_high(i);
      row.total = s.total(i);
      row.total_low = s.total_low(i);
      row.total_high = s.total_high(i);
      row.used = s.used;
      if (noise) {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        row.first = row.first_low = row.first_high = nan;
        row.total = row.total_low = row.total_high = nan;
      }
      rows.push_back(row);
    }
  }
  return rows;
}

ordered_json sweep_settings(const scenario::Scenario& s, const Uncertainty& u,
                            const std::vector<OutputSpec>& outputs, const SweepInfo& info) {
  const SweepOptions& o = info.options;
  ordered_json j;
  j["scenario"] = s.name;
  j["scenario_file"] = info.scenario_file;
  j["overrides"] = info.overrides;
  j["scenario_hash"] = scenario_hash(s, info.overrides);
  // What the review pack checks a sweep against: the model inputs, not the files' bytes.
  j["inputs_hash"] = scenario::inputs_hash(s);
  j["method"] = std::string(method_name(o.method));
  j["sampler"] = std::string(sampler_name(o.sampler));
  j["seed"] = o.seed;
  j["n"] = o.n;
  j["resamples"] = o.resamples;
  j["confidence"] = o.confidence;
  j["morris_levels"] = o.morris_levels;
  j["chunk"] = o.chunk;
  j["baseline_tolerance"] = o.baseline_tolerance;
  ordered_json ins = ordered_json::array();
  for (const auto& in : u.inputs) {
    ins.push_back({{"path", in.input.path},
                   {"distribution", in.distribution.describe()},
                   {"base", in.input.base},
                   {"unit", in.input.unit},
                   {"source", in.source}});
  }
  j["inputs"] = ins;
  ordered_json corr = ordered_json::array();
  // The rank correlations are among the declared inputs only (posterior inputs come after them
  // and keep the dependence of their draws).
  const auto declared = static_cast<std::size_t>(u.declared());
  for (std::size_t a = 0; a < declared; ++a) {
    for (std::size_t b = a + 1; b < declared; ++b) {
      const double rho = u.rank_correlation(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b));
      if (rho != 0.0) corr.push_back({u.inputs[a].input.path, u.inputs[b].input.path, rho});
    }
  }
  j["correlations"] = corr;
  ordered_json outs = ordered_json::array();
  for (const auto& out : outputs) outs.push_back({{"name", output_label(out)}, {"unit", out.unit}});
  j["outputs"] = outs;
  return j;
}

std::vector<io::OutputFile> sweep_files(const scenario::Scenario& s, const Uncertainty& u,
                                        const std::vector<OutputSpec>& outputs,
                                        const SweepInfo& info, const SweepResult& result) {
  const RunTable& t = result.table;
  const int d = static_cast<int>(u.inputs.size());
  const int m = static_cast<int>(outputs.size());
  const SweepOptions& o = info.options;
  std::vector<io::OutputFile> files;

  // runs.csv
  {
    std::string text = "run,status,error";
    for (const auto& in : u.inputs) text += "," + csv_field(in.input.path);
    for (const auto& out : outputs) text += "," + csv_field(output_label(out));
    text += '\n';
    auto it = std::back_inserter(text);
    for (Eigen::Index r = 0; r < t.inputs.rows(); ++r) {
      fmt::format_to(it, "{},{},{}", r, t.ok[r] ? "ok" : "failed", csv_field(t.errors[r]));
      for (int c = 0; c < d; ++c) fmt::format_to(it, ",{}", format_double(t.inputs(r, c)));
      for (int c = 0; c < m; ++c) {
        const double v = t.outputs(r, c);
        if (t.ok[r]) check(v, "output " + output_label(outputs[c]) + " in run " + std::to_string(r));
        fmt::format_to(it, ",{}", num(v));
      }
      text += '\n';
    }
    files.push_back({"runs.csv", std::move(text)});
  }

  if (o.method == Method::MonteCarlo) {
    const auto probs = target_probabilities(s, result, o.confidence);
    std::string text =
        "cluster,name,year,measure,target,unit,probability,probability_low,probability_high,"
        "projected_p05,projected_p50,projected_p95,first_year_p50,never_share\n";
    std::string years = "cluster,target_year,first_year,probability\n";
    for (const auto& p : probs) {
      const auto& tg = s.targets[p.target];
      fmt::format_to(std::back_inserter(text), "{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                     csv_field(tg.cluster), csv_field(display_name(s, tg.cluster_index)), tg.year,
                     scenario::measure_name(tg.measure), format_double(tg.value / tg.unit_factor),
                     csv_field(tg.unit), num(p.probability.estimate), num(p.probability.low),
                     num(p.probability.high), num(p.p05), num(p.p50), num(p.p95),
                     p.first_year_median ? format_double(*p.first_year_median) : "",
                     num(p.never_share));
      for (const auto& [year, share] : p.first_years) {
        fmt::format_to(std::back_inserter(years), "{},{},{},{}\n", csv_field(tg.cluster), tg.year,
                       year == 0 ? std::string() : std::to_string(year), format_double(share));
      }
    }
    files.push_back({"targets.csv", std::move(text)});
    files.push_back({"first_years.csv", std::move(years)});

    // bands.csv: percentiles of every band variable per cluster and year over the ok runs.
    std::string text_bands = "scenario,cluster,variable,year,p05,p25,p50,p75,p95,mean\n";
    for (const Band& b : bands(s, result)) {
      const Eigen::VectorXd& q = b.percentiles;
      fmt::format_to(std::back_inserter(text_bands), "{},{},{},{},{},{},{},{},{},{}\n",
                     csv_field(s.name), csv_field(s.clusters[b.cluster].id),
                     kClusterVarInfo[static_cast<int>(b.variable)].name, b.year, num7(q(0)),
                     num7(q(1)), num7(q(2)), num7(q(3)), num7(q(4)), num7(b.mean));
    }
    files.push_back({"bands.csv", std::move(text_bands)});
  }

  if (o.method == Method::Oat) {
    std::string text =
        "output,input,low_value,high_value,output_at_low,output_at_high,output_base,swing\n";
    for (const auto& row : tornado(result, d, m)) {
      fmt::format_to(std::back_inserter(text), "{},{},{},{},{},{},{},{}\n",
                     csv_field(output_label(outputs[row.output])),
                     csv_field(u.inputs[row.input].input.path), format_double(row.low_value),
                     format_double(row.high_value), num(row.at_low), num(row.at_high),
                     num(row.base), num(row.swing));
    }
    files.push_back({"tornado.csv", std::move(text)});
  }

  if (o.method == Method::Morris) {
    std::string text = "output,input,mu,mu_star,sigma,mu_star_low,mu_star_high,rank\n";
    for (const auto& row : morris(result, d, m, o)) {
      fmt::format_to(std::back_inserter(text), "{},{},{},{},{},{},{},{}\n",
                     csv_field(output_label(outputs[row.output])),
                     csv_field(u.inputs[row.input].input.path), num(row.mu), num(row.mu_star),
                     num(row.sigma), num(row.mu_star_low), num(row.mu_star_high), row.rank);
    }
    files.push_back({"morris.csv", std::move(text)});
  }

  if (o.method == Method::Sobol) {
    std::string text = "output,year,input,S1,S1_low,S1_high,ST,ST_low,ST_high\n";
    for (const auto& row : sobol(result, d, m, o)) {
      const OutputSpec& out = outputs[row.output];
      const bool series = out.name.find(':') == std::string::npos;
      fmt::format_to(std::back_inserter(text), "{},{},{},{},{},{},{},{},{}\n",
                     csv_field(series ? out.name : output_label(out)), out.year,
                     csv_field(u.inputs[row.input].input.path), num(row.first),
                     num(row.first_low), num(row.first_high), num(row.total), num(row.total_low),
                     num(row.total_high));
    }
    files.push_back({"sobol.csv", std::move(text)});
  }

  ordered_json j = sweep_settings(s, u, outputs, info);
  j["version"] = std::string(io::version());
  j["runs"] = static_cast<long>(t.inputs.rows());
  j["failed"] = t.failed();
  j["threads"] = result.threads;
  j["wall_time_s"] = result.wall_seconds;
  j["resumed_runs"] = result.resumed_runs;
  j["runs_per_second"] =
      result.wall_seconds > 0 ? static_cast<double>(t.inputs.rows()) / result.wall_seconds : 0.0;
  ordered_json failures = ordered_json::array();
  for (Eigen::Index r = 0; r < t.inputs.rows() && failures.size() < 20; ++r) {
    if (!t.ok[r]) failures.push_back({{"run", static_cast<long>(r)}, {"error", t.errors[r]}});
  }
  j["first_failures"] = failures;
  files.push_back({"summary.json", io::dump_json(j)});
  return files;
}

std::string sweep_table(const scenario::Scenario& s, const Uncertainty& u,
                        const std::vector<OutputSpec>& outputs, const SweepInfo& info,
                        const SweepResult& result) {
  const RunTable& t = result.table;
  const SweepOptions& o = info.options;
  const int d = static_cast<int>(u.inputs.size());
  const int m = static_cast<int>(outputs.size());
  std::string out;
  auto it = std::back_inserter(out);
  fmt::format_to(it, "{}: {} sweep, {} inputs, {} runs ({} failed), seed {}, {} thread(s), {:.1f} s\n\n",
                 s.name, method_name(o.method), d, t.inputs.rows(), t.failed(), o.seed,
                 result.threads, result.wall_seconds);
  if (o.method == Method::MonteCarlo) {
    fmt::format_to(it, "{:<10} {:>4} {:>10} {:>8}  {:<15} {:>10} {:>10} {:>10} {:>6}\n", "cluster",
                   "year", "target", "P(reach)", "95% interval", "p05", "p50", "p95", "first");
    for (const auto& p : target_probabilities(s, result, o.confidence)) {
      const auto& tg = s.targets[p.target];
      // A bound that is not 0 but rounds to it reads "<0.1" (0.0 would claim certainty).
      auto bound = [](double share) {
        const double pc = 100 * share;
        return pc > 0.0 && pc < 0.05 ? std::string("<0.1") : fmt::format("{:.1f}", pc);
      };
      fmt::format_to(it, "{:<10} {:>4} {:>10.6g} {:>7.1f}%  [{:>4}, {:>5}]%  {:>10.6g} {:>10.6g} {:>10.6g} {:>6}\n",
                     tg.cluster, tg.year, tg.value / tg.unit_factor,
                     100 * p.probability.estimate, bound(p.probability.low),
                     bound(p.probability.high), p.p05, p.p50, p.p95,
                     p.first_year_median ? fmt::format("{:.0f}", *p.first_year_median) : "never");
    }
    out += "\nP(reach): share of runs whose projection in the target year is at least the target "
           "(Wilson interval); first: median first year reached among the runs that reach it.\n";
    return out;
  }
  auto top = [&](int) { return std::min(d, 5); };
  if (o.method == Method::Oat) {
    const auto rows = tornado(result, d, m);
    for (int k = 0; k < m; ++k) {
      fmt::format_to(it, "{} (base {:.6g} {}): largest swings\n", output_label(outputs[k]),
                     t.outputs(0, k), outputs[k].unit);
      for (int r = 0; r < top(k); ++r) {
        const auto& row = rows[static_cast<std::size_t>(k * d + r)];
        fmt::format_to(it, "  {:<40} {:>10.6g} .. {:<10.6g} -> {:>10.6g} .. {:<10.6g} swing {:.6g}\n",
                       u.inputs[row.input].input.path, row.low_value, row.high_value, row.at_low,
                       row.at_high, row.swing);
      }
    }
  } else if (o.method == Method::Morris) {
    const auto rows = morris(result, d, m, o);
    for (int k = 0; k < m; ++k) {
      fmt::format_to(it, "{}: inputs by mu* (mean absolute elementary effect)\n",
                     output_label(outputs[k]));
      for (int r = 0; r < top(k); ++r) {
        const auto& row = rows[static_cast<std::size_t>(k * d + r)];
        fmt::format_to(it, "  {}. {:<40} mu* {:>10.4g} [{:.4g}, {:.4g}]  sigma {:.4g}\n", row.rank,
                       u.inputs[row.input].input.path, row.mu_star, row.mu_star_low,
                       row.mu_star_high, row.sigma);
      }
    }
  } else {
    auto rows = sobol(result, d, m, o);
    for (int k = 0; k < m; ++k) {
      std::vector<SobolRow> block(rows.begin() + k * d, rows.begin() + (k + 1) * d);
      std::stable_sort(block.begin(), block.end(),
                       [](const SobolRow& a, const SobolRow& b) { return a.total > b.total; });
      fmt::format_to(it, "{}: inputs by total index ST (first-order S1), {} base rows used\n",
                     output_label(outputs[k]), block.empty() ? 0 : block[0].used);
      if (!block.empty() && !std::isfinite(block[0].total)) {
        out += "  (does not vary beyond the runs' numerical tolerance: no indices)\n";
        continue;
      }
      for (int r = 0; r < top(k); ++r) {
        const auto& row = block[static_cast<std::size_t>(r)];
        fmt::format_to(it, "  {:<40} ST {:>5.2f} [{:.2f}, {:.2f}]  S1 {:>5.2f} [{:.2f}, {:.2f}]\n",
                       u.inputs[row.input].input.path, row.total, row.total_low, row.total_high,
                       row.first, row.first_low, row.first_high);
      }
    }
  }
  return out;
}

}  // namespace clustersim::sweep
