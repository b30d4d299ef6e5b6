// Sweeps from Python: the files `clustersim sweep --out DIR` writes, computed by the same C++ code
// (sweep::run_sweep, sweep::sweep_files) and returned as {file name: text}. clustersim.sweep turns
// them into pandas frames. The GIL is released while the runs go.
#ifdef CLUSTERSIM_HAVE_SWEEP  // compiled only when the build has the layer (model/src/python/CMakeLists.txt)
#include <map>

#include "clustersim/sweep/engine.hpp"
#include "clustersim/sweep/outputs.hpp"
#include "clustersim/sweep/spec.hpp"
#include "common.hpp"

namespace clustersim::python {

namespace {

std::map<std::string, std::string> sweep_files(const LoadedScenario& s, const std::string& method,
                                               long n, const std::string& sampler,
                                               std::uint64_t seed, int threads, int resamples,
                                               const std::vector<std::string>& output_texts) {
  const scenario::Scenario& sc = *s.scenario;
  const sweep::Uncertainty uncertainty = sweep::read_uncertainty(sc);
  const auto m = sweep::parse_method(method);
  if (!m) throw std::invalid_argument("method must be mc, oat, morris or sobol, got '" + method + "'");
  std::string sampler_name = sampler;
  if (sampler_name.empty()) sampler_name = *m == sweep::Method::Sobol ? "sobol" : "lhs";
  const auto smp = sweep::parse_sampler(sampler_name);
  if (!smp) throw std::invalid_argument("sampler must be mc, lhs or sobol, got '" + sampler + "'");
  if (uncertainty.declared() < static_cast<int>(uncertainty.inputs.size()) &&
      *m != sweep::Method::MonteCarlo) {
    throw scenario::ScenarioError(uncertainty.inputs.back().where, "uncertainty.posterior",
                                  "posterior draws are used by --method mc only (OAT, Morris "
                                  "and Sobol need independent inputs with distributions)");
  }
  std::vector<sweep::OutputSpec> outputs;
  try {
    outputs = sweep::parse_outputs(sc, output_texts);
  } catch (const std::invalid_argument& e) {
    throw scenario::ScenarioError(scenario::command_line("sweep"), "--output", e.what());
  }
  sweep::SweepInfo info;
  info.scenario_file = s.file;
  info.overrides = s.overrides;
  info.options.method = *m;
  info.options.sampler = *smp;
  info.options.n = n > 0 ? n : *m == sweep::Method::Morris ? 20 : *m == sweep::Method::Sobol ? 512 : 1000;
  info.options.seed = seed;
  info.options.threads = threads;
  info.options.resamples = resamples;
  const std::string problem = info.options.validate();
  if (!problem.empty()) throw scenario::ScenarioError(scenario::command_line("sweep"), "-n", problem);
  const sweep::SweepResult result = sweep::run_sweep(sc, uncertainty, outputs, info.options);
  std::map<std::string, std::string> out;
  for (auto& f : sweep::sweep_files(sc, uncertainty, outputs, info, result))
    out[f.name] = std::move(f.content);
  out["table.txt"] = sweep::sweep_table(sc, uncertainty, outputs, info, result);
  return out;
}

}  // namespace

void expose_sweep(py::module_& m) {
  m.def(
      "sweep_files",
      [](const LoadedScenario& s, const std::string& method, long n, const std::string& sampler,
         std::uint64_t seed, int threads, int resamples, const std::vector<std::string>& outputs) {
        std::map<std::string, std::string> files;
        {
          py::gil_scoped_release release;
          files = sweep_files(s, method, n, sampler, seed, threads, resamples, outputs);
        }
        return files_dict(files);
      },
      py::arg("scenario"), py::arg("method") = "mc", py::arg("n") = 0, py::arg("sampler") = "",
      py::arg("seed") = 20240101ULL, py::arg("threads") = 0, py::arg("resamples") = 500,
      py::arg("outputs") = std::vector<std::string>{},
      "Run `clustersim sweep` on a loaded scenario: {file name: bytes} of what --out writes "
      "(plus table.txt, the printed table). n = 0: the method's default. Releases the GIL.");
}

}  // namespace clustersim::python

#endif  // CLUSTERSIM_HAVE_SWEEP
