// clustersim sweep: uncertainty and sensitivity analysis (docs/sensitivity.md).
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "clustersim/sweep/outputs.hpp"
#include "common.hpp"

namespace clustersim::cli {
namespace {

namespace fs = std::filesystem;

const char* kSweepFooter = R"(Runs the scenario many times with the inputs its `uncertainty:` section declares
(here or in a file that extends it) and reports, by --method:
  mc      per target the probability of being reached and when; 5-95% bands per cluster and year
  oat     tornado: each input at its 5% and 95% value, the others at their medians
  morris  elementary effects (mu*, sigma) for screening many inputs; -n = trajectories
  sobol   first-order and total Sobol indices with bootstrap intervals; -n = base rows,
          runs = n (inputs + 2); an output given as a bare cluster id gives indices per year
--output (oat, morris, sobol; default: every target's projected value):
  CLUSTER:YEAR  gap:CLUSTER:YEAR  reached:CLUSTER:YEAR  CLUSTER
With --out, finished runs are kept in DIR.partial while the sweep runs; after Ctrl-C or a crash,
--resume DIR continues it without redoing them, with identical final results.

Examples:
  clustersim sweep scenarios/sweeps/pingshan-uncertainty.yaml -n 100000 --out results/mc
  clustersim sweep scenarios/sweeps/pingshan-uncertainty.yaml --method oat --output ic:2030
  clustersim sweep scenarios/sweeps/pingshan-uncertainty.yaml --method sobol -n 1024 --output ic --out results/sobol
  clustersim sweep --resume results/mc
)";

std::atomic<bool> g_stop{false};
extern "C" void on_interrupt(int) { g_stop.store(true); }

struct SweepState {
  RunOptionsCli opts;
  std::string file, out_dir, resume, method = "mc", sampler = "lhs";
  long n = 1000;
  std::uint64_t seed = 20240101;
  int threads = 0, resamples = 500;
  std::vector<std::string> outputs;
  bool quiet = false;
  long stop_after = 0;  // hidden: stop after this many runs (tests of --resume)
};

fs::path partial_dir(const std::string& out) { return fs::path(out + ".partial"); }

std::string read_text(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// The sweep's settings as the manifest records them; --resume takes them from there.
nlohmann::ordered_json manifest_of(const SweepState& st) {
  nlohmann::ordered_json j;
  j["scenario_file"] = st.file;
  j["sets"] = st.opts.sets;
  j["method"] = st.method;
  j["sampler"] = st.sampler;
  j["n"] = st.n;
  j["seed"] = st.seed;
  j["resamples"] = st.resamples;
  j["outputs"] = st.outputs;
  return j;
}

// A damaged manifest is refused with its file named, never half-used.
void load_manifest(SweepState& st, const fs::path& dir) {
  const fs::path file = dir / "manifest.json";
  if (!fs::exists(file)) {
    bad_option("--resume", "no unfinished sweep to resume: " + file.string() + " does not exist");
  }
  try {
    const auto j = nlohmann::json::parse(read_text(file));
    st.file = j.at("scenario_file").get<std::string>();
    st.opts.sets = j.at("sets").get<std::vector<std::string>>();
    st.method = j.at("method").get<std::string>();
    st.sampler = j.at("sampler").get<std::string>();
    st.n = j.at("n").get<long>();
    st.seed = j.at("seed").get<std::uint64_t>();
    st.resamples = j.at("resamples").get<int>();
    st.outputs = j.at("outputs").get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception& e) {
    std::string why = e.what();
    if (const auto close = why.find("] "); why.rfind("[json.exception", 0) == 0 && close != std::string::npos)
      why.erase(0, close + 2);
    bad_option("--resume", file.string() + " is damaged (" + why + "): delete " + dir.string() +
                               " to start the sweep again");
  }
  if (!sweep::parse_method(st.method) || !sweep::parse_sampler(st.sampler)) {
    bad_option("--resume", file.string() + " is damaged (method '" + st.method + "', sampler '" +
                               st.sampler + "'): delete " + dir.string() +
                               " to start the sweep again");
  }
}

// DIR.partial, claimed by one sweep at a time: created by a new sweep (refused when it exists),
// locked (flock) while a sweep works in it, so that two sweeps into one directory are impossible
// whatever the timing; the kernel drops the lock when the process dies, even by SIGKILL.
class WorkDir {
 public:
  WorkDir() = default;
  WorkDir(const WorkDir&) = delete;
  WorkDir& operator=(const WorkDir&) = delete;
  ~WorkDir() {
    if (fd_ >= 0) ::close(fd_);
  }

  void create(const std::string& out) {
    path_ = partial_dir(out);
    std::error_code ec;
    if (path_.has_parent_path()) fs::create_directories(path_.parent_path(), ec);
    // mkdir is the claim: of two sweeps started together, one creates the directory.
    if (::mkdir(path_.c_str(), 0777) != 0) {
      const int err = errno;
      if (err == EEXIST && fs::is_directory(path_, ec)) {
        if (!try_lock()) busy(out);
        ::close(fd_);
        fd_ = -1;
        bad_option("--out", "an unfinished sweep is kept in " + path_.string() +
                                ": continue it with --resume " + out + " or delete that directory");
      }
      bad_option("--out", "cannot create " + path_.string() + ": " + std::strerror(err));
    }
    created_ = true;
    if (!try_lock()) busy(out);
  }

  void resume(const std::string& out) {
    path_ = partial_dir(out);
    if (!fs::is_directory(path_)) {
      bad_option("--resume", "no unfinished sweep to resume: " + path_.string() + " does not exist");
    }
    if (!try_lock()) busy(out);
  }

  const fs::path& path() const { return path_; }

  // After a failure: keep the finished chunks for --resume; a directory without any is removed.
  bool keep_or_remove() {
    std::error_code ec;
    bool chunks = false;
    for (const auto& entry : fs::directory_iterator(path_, ec)) {
      const std::string name = entry.path().filename().string();
      chunks = chunks || (name.rfind("chunk-", 0) == 0 && entry.path().extension() == ".bin");
    }
    if (!chunks) fs::remove_all(path_, ec);
    return chunks;
  }

 private:
  bool try_lock() {
    fd_ = ::open((path_ / "lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd_ < 0) bad_option("--out", "cannot lock " + path_.string() + ": " + std::strerror(errno));
    return ::flock(fd_, LOCK_EX | LOCK_NB) == 0;
  }

  [[noreturn]] void busy(const std::string& out) {
    bad_option("--out", "another clustersim sweep is working in " + path_.string() +
                            " right now: wait for it to finish (then --resume " + out +
                            " if it was stopped), or choose another --out");
  }

  fs::path path_;
  int fd_ = -1;
  bool created_ = false;
};

// Writes a file by renaming a complete copy over it: a kill mid-write leaves the old one.
void write_file_atomic(const fs::path& file, const std::string& text) {
  const fs::path tmp = file.string() + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << text;
    f.flush();
    if (!f) throw io::OutputError("cannot write " + tmp.string());
  }
  fs::rename(tmp, file);
}

// A directory a previous sweep wrote: its summary.json records the method.
bool is_sweep_dir(const fs::path& dir) {
  const fs::path summary = dir / "summary.json";
  if (!fs::exists(summary)) return false;
  try {
    const auto j = nlohmann::json::parse(read_text(summary));
    return j.contains("method") && j.contains("seed");
  } catch (const std::exception&) {
    return false;
  }
}

std::function<int()> setup_sweep(CLI::App& app) {
  auto st = std::make_shared<SweepState>();
  auto* cmd = app.add_subcommand("sweep", "Uncertainty and sensitivity: target probabilities, bands, tornado, Morris, Sobol");
  cmd->add_option("scenario", st->file, "Scenario with an uncertainty: section (YAML)")->type_name("SCENARIO.yaml");
  cmd->add_option("-m,--method", st->method, "mc, oat, morris or sobol")
      ->check(one_of({"mc", "oat", "morris", "sobol"}))->capture_default_str();
  auto* n_option = cmd->add_option("-n", st->n,
                                   "Runs (mc, default 1000), trajectories (morris, default 20) or "
                                   "base rows (sobol, default 512)")
                       ->check(whole_number(2, 1'000'000'000'000));
  cmd->add_option("--sampler", st->sampler, "mc, lhs or sobol (mc method; Sobol's A and B)")
      ->check(one_of({"mc", "lhs", "sobol"}))->capture_default_str();
  cmd->add_option("--seed", st->seed, "Seed of the design: the same seed gives the same bits on any thread count")
      ->check(kSeed)->capture_default_str();
  cmd->add_option("--threads", st->threads, "Threads (0: all cores)")
      ->check(whole_number(0, 1024))->capture_default_str();
  cmd->add_option("--output", st->outputs, "Scalar to analyse (repeatable): CLUSTER:YEAR, gap:CLUSTER:YEAR, reached:CLUSTER:YEAR or CLUSTER")
      ->type_name("SPEC");
  cmd->add_option("--resamples", st->resamples, "Bootstrap resamples for confidence intervals")
      ->check(whole_number(0, 100'000))->capture_default_str();
  cmd->add_option("-o,--out", st->out_dir, "Write the sweep's files into DIR")->check(kPath)->type_name("DIR");
  cmd->add_option("--resume", st->resume, "Continue the interrupted sweep whose --out was DIR")
      ->check(kPath)->type_name("DIR");
  add_set_option(cmd, st->opts, "Override a scenario key, e.g. horizon.end=2035 (repeatable)");
  cmd->add_flag("-q,--quiet", st->quiet, "Print nothing on stdout (errors still go to stderr)");
  cmd->add_option("--stop-after", st->stop_after, "")->group("");  // hidden, for tests
  cmd->footer(kSweepFooter);
  return [st, cmd, n_option]() -> int {
    if (!cmd->parsed()) return -1;
    return guarded("sweep", [&]() -> int {
      WorkDir work;
      if (!st->resume.empty()) {
        st->out_dir = st->resume;
        work.resume(st->resume);  // locked before the manifest is read
        load_manifest(*st, work.path());
      } else if (st->file.empty()) {
        bad_option("scenario", "give a scenario file, or --resume DIR");
      } else if (!st->out_dir.empty()) {
        check_out_dir("--out", st->out_dir);
        if (fs::is_directory(st->out_dir) && !fs::is_empty(st->out_dir) && !is_sweep_dir(st->out_dir)) {
          // Like `run`, never mix a sweep's files into a directory that holds something else.
          bad_option("--out", st->out_dir + " exists and does not hold a sweep's results (no "
                              "summary.json with a method): choose another --out");
        }
      }
      const auto overrides_list = overrides(st->opts, true);
      auto [scenario, model] = load_checked(st->file, overrides_list, st->opts.allow_implausible);
      const sweep::Uncertainty uncertainty = sweep::read_uncertainty(scenario);
      if (uncertainty.declared() < static_cast<int>(uncertainty.inputs.size()) &&
          st->method != "mc") {
        throw scenario::ScenarioError(uncertainty.inputs.back().where, "uncertainty.posterior",
                                      "posterior draws are used by --method mc only (OAT, Morris "
                                      "and Sobol need independent inputs with distributions)");
      }
      std::vector<sweep::OutputSpec> outputs;
      try {
        outputs = sweep::parse_outputs(scenario, st->outputs);
      } catch (const std::invalid_argument& e) {
        bad_option("--output", e.what());
      }
      sweep::SweepInfo info;
      info.scenario_file = st->file;
      info.overrides = st->opts.sets;
      info.options.method = *sweep::parse_method(st->method);
      info.options.sampler = *sweep::parse_sampler(st->sampler);
      if (st->resume.empty() && n_option->count() == 0) {
        st->n = st->method == "morris" ? 20 : st->method == "sobol" ? 512 : 1000;
      }
      info.options.n = st->n;
      info.options.seed = st->seed;
      info.options.threads = st->threads;
      info.options.resamples = st->resamples;
      if (info.options.method == sweep::Method::Sobol && st->sampler == "lhs") {
        info.options.sampler = sweep::Sampler::Sobol;  // Saltelli's design wants a QMC base
      }
      if (const std::string problem = info.options.validate(); !problem.empty()) bad_option("-n", problem);
      // Refused before anything is allocated or created.
      if (const std::string problem =
              sweep::memory_problem(scenario, uncertainty, outputs.size(), info.options);
          !problem.empty()) {
        bad_option("-n", problem);
      }

      // The scenario's hash guards a resume against a scenario edited in between (the chunks
      // would silently mix two models).
      if (!st->out_dir.empty()) {
        const std::string hash =
            sweep::sweep_settings(scenario, uncertainty, outputs, info)["scenario_hash"];
        const fs::path manifest = partial_dir(st->out_dir) / "manifest.json";
        if (st->resume.empty()) {
          work.create(st->out_dir);
          auto j = manifest_of(*st);
          j["scenario_hash"] = hash;
          write_file_atomic(manifest, io::dump_json(j));
        } else if (nlohmann::json::parse(read_text(manifest)).value("scenario_hash", std::string()) != hash) {
          bad_option("--resume", "the scenario (or a file it extends) changed since this sweep "
                                 "started: delete " + work.path().string() + " to start again");
        }
      }
      ProgressBar bar(stderr_is_terminal() && !st->quiet);
      sweep::Progress progress;
      progress.stop = &g_stop;
      progress.report = [&](long done, long total) {
        bar(done, total);
        if (st->stop_after > 0 && done >= st->stop_after) g_stop.store(true);
      };
      progress.warn = [](const std::string& text) { print_error("clustersim sweep: warning: " + text); };
      g_stop.store(false);
      auto previous = std::signal(SIGINT, on_interrupt);
      sweep::SweepResult result;
      try {
        result = sweep::run_sweep(scenario, uncertainty, outputs, info.options, work.path(), progress);
      } catch (const std::exception& e) {
        std::signal(SIGINT, previous);
        if (g_stop.load()) {
          print_error(fmt::format(
              "clustersim: sweep interrupted ({}); the finished runs are kept in {}{}", e.what(),
              work.path().empty() ? "nothing (no --out)" : work.path().string(),
              work.path().empty() ? "" : "; continue with: clustersim sweep --resume " + st->out_dir));
          return 130;
        }
        // Finished chunks are resumable state; a work directory without any goes.
        if (!work.path().empty() && work.keep_or_remove()) {
          throw std::runtime_error(std::string(e.what()) + "; the finished runs are kept in " +
                                   work.path().string() + " (clustersim sweep --resume " +
                                   st->out_dir + ")");
        }
        throw;
      }
      std::signal(SIGINT, previous);
      const std::string table = sweep::sweep_table(scenario, uncertainty, outputs, info, result);
      if (!st->out_dir.empty()) {
        try {
          const auto files = sweep::sweep_files(scenario, uncertainty, outputs, info, result);
          io::write_atomic(st->out_dir, files);
          // A previous sweep of another method into the same directory leaves its own files:
          // remove them, so that the directory describes this sweep only.
          for (const char* name : {"runs.csv", "bands.csv", "targets.csv", "first_years.csv",
                                   "tornado.csv", "morris.csv", "sobol.csv"}) {
            bool written = false;
            for (const auto& f : files) written = written || f.name == name;
            std::error_code ignored;
            if (!written) fs::remove(fs::path(st->out_dir) / name, ignored);
          }
        } catch (...) {
          // Every run is done: nothing is left to resume, and nothing is left behind.
          std::error_code ignored;
          fs::remove_all(work.path(), ignored);
          throw;
        }
        fs::remove_all(work.path());
      }
      if (!st->quiet) print(table);
      if (result.table.failed() > 0) {
        print_error(fmt::format("clustersim: warning: {} of {} runs failed (their inputs and errors "
                                "are in runs.csv); they are left out of every statistic",
                                result.table.failed(), result.table.inputs.rows()));
      }
      return 0;
    });
  };
}

const CommandRegistration kSweep({40, "sweep", setup_sweep});

}  // namespace
}  // namespace clustersim::cli
