// clustersim export and clustersim app: the scenario as resolved JSON, and the policy simulator
// page for a meeting room (docs/simulator.md).
#ifdef CLUSTERSIM_HAVE_APP
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

#include "clustersim/app/export.hpp"
#include "common.hpp"

namespace clustersim::cli {
namespace {

namespace fs = std::filesystem;

const char* kExportFooter = R"(Writes the scenario after `extends:`, units and defaults are resolved, with its names,
sources, targets and declared uncertainty, as one JSON document (docs/simulator.md#the-json):
what the simulator page reads instead of YAML. Money is in 亿元, land in ha, floor in 万m²,
people in persons, as the core computes.

Examples:
  clustersim export scenarios/pingshan-2024.yaml --json > pingshan.json
  clustersim export scenarios/pingshan-2024.yaml --json --set levers.fund.ic.scale=2 -o ic2.json
)";

const char* kAppFooter = R"(Writes DIR/index.html: one file with the model (WebAssembly), the page and the scenario,
that opens from a USB stick or an e-mail attachment in any current browser with no server and
no network. Sliders move every lever, the charts and the target panel answer at once, a button
runs the scenario's uncertainty (Monte Carlo), and "export" saves the what-if as a scenario
file that `clustersim run` reproduces. See docs/simulator.md.

Example:
  clustersim app scenarios/pingshan-2024.yaml --out meeting/
)";

// Write `text` to `file` through a temporary sibling and a rename (no half-written file).
void write_file_atomic(const fs::path& file, const std::string& text) {
  if (file.has_parent_path()) fs::create_directories(file.parent_path());
  const fs::path tmp = file.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      std::error_code ignored;
      fs::remove(tmp, ignored);
      throw io::OutputError("cannot write " + file.string());
    }
  }
  fs::rename(tmp, file);
}

struct ExportState {
  RunOptionsCli opts;
  std::string file, out;
  bool json = false;
};

std::function<int()> setup_export(CLI::App& app) {
  auto st = std::make_shared<ExportState>();
  auto* cmd = app.add_subcommand("export", "Write a scenario resolved, as JSON");
  cmd->add_option("scenario", st->file, "Scenario file (YAML)")->required()->type_name("SCENARIO.yaml");
  cmd->add_flag("--json", st->json, "JSON (the only format so far; required)");
  cmd->add_option("-o,--out", st->out, "Write to FILE instead of stdout")->type_name("FILE");
  add_set_option(cmd, st->opts, "Override a scenario key (repeatable)");
  cmd->footer(kExportFooter);
  return [st, cmd]() -> int {
    if (!cmd->parsed()) return -1;
    if (!st->json) {
      print_error("export: choose the format: --json");
      return kExitBadInput;
    }
    return guarded("export", [&] {
      const auto [s, model] = load_checked(st->file, st->opts);
      const std::string text = io::dump_json(app::export_document(s));
      if (st->out.empty()) {
        print(text);
      } else {
        write_file_atomic(st->out, text);
      }
      return 0;
    });
  };
}

struct AppState {
  RunOptionsCli opts;
  std::string file, out;
};

std::function<int()> setup_app(CLI::App& app) {
  auto st = std::make_shared<AppState>();
  auto* cmd = app.add_subcommand("app", "Write the policy simulator page (one offline HTML file)");
  cmd->add_option("scenario", st->file, "Scenario file (YAML)")->required()->type_name("SCENARIO.yaml");
  cmd->add_option("-o,--out", st->out, "Directory to write index.html into")
      ->required()
      ->type_name("DIR");
  add_set_option(cmd, st->opts, "Override a scenario key (repeatable)");
  cmd->footer(kAppFooter);
  return [st, cmd]() -> int {
    if (!cmd->parsed()) return -1;
    return guarded("app", [&]() -> int {
#ifdef CLUSTERSIM_APP_TEMPLATE
      const auto [s, model] = load_checked(st->file, st->opts);
      std::ifstream in(CLUSTERSIM_APP_TEMPLATE, std::ios::binary);
      if (!in) {
        throw std::runtime_error(std::string("cannot read the simulator page template ") +
                                 CLUSTERSIM_APP_TEMPLATE + ": build the target clustersim_page");
      }
      const std::string page{std::istreambuf_iterator<char>(in), {}};
      io::write_atomic(st->out, {{"index.html", app::page_with_scenario(page, app::export_document(s))}});
      print("wrote " + (fs::path(st->out) / "index.html").string() + "\n");
      return 0;
#else
      throw std::runtime_error(
          "this clustersim was built without the simulator page: emscripten, Node.js or npm "
          "was missing when CMake configured (see docs/simulator.md)");
#endif
    });
  };
}

const CommandRegistration kExport({80, "export", setup_export});
const CommandRegistration kApp({85, "app", setup_app});

}  // namespace
}  // namespace clustersim::cli
#endif
