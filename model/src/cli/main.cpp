// The clustersim command (docs/cli.md). Exit codes: 0 success, 2 bad input (scenario errors and
// usage errors), 1 other failures (numerical failure, output errors). Errors are one line on
// stderr; stdout carries only the requested output, so that it can be piped. Each subcommand
// lives in its own file and registers itself (common.hpp).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "clustersim/io/outputs.hpp"
#include "common.hpp"

namespace {

const char* kMainFooter = R"(Examples:
  clustersim validate scenarios/pingshan-2024.yaml
  clustersim run scenarios/pingshan-2024.yaml --out results/pingshan-2024
  clustersim run scenarios/pingshan-2024.yaml --set 'levers.land.region=198 ha/yr' --format csv
  clustersim compare scenarios/pingshan-2024.yaml scenarios/pingshan-2024.yaml --set 'levers.land.region=198 ha/yr'
  clustersim schema > docs/scenario.schema.json

Exit codes: 0 success, 2 bad input (scenario or command line), 1 other failures.
Documentation: docs/cli.md, docs/outputs.md, docs/scenario-format.md.
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace clustersim::cli;
  CLI::App app{"clustersim: system-dynamics simulator of regional industrial clusters",
               "clustersim"};
  app.set_version_flag("--version", "clustersim " + std::string(clustersim::io::version()));
  app.require_subcommand(1);
  app.footer(kMainFooter);

  auto registered = commands();
  std::stable_sort(registered.begin(), registered.end(),
                   [](const Command& a, const Command& b) { return a.order < b.order; });
  std::vector<std::function<int()>> actions;
  std::string names;
  for (const auto& c : registered) {
    actions.push_back(c.setup(app));
    names += (names.empty() ? "" : ", ") + c.name;
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --help-all, --version: stdout, exit 0
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11 would exit with its own codes (105, 106, ...); every usage error is bad input.
    std::string where = "clustersim";
    for (const auto* sub : app.get_subcommands()) where += " " + sub->get_name();
    if (app.get_subcommands().empty() && argc > 1 && argv[1][0] != '-') {
      print_error(fmt::format("clustersim: error: unknown command '{}' (commands: {}; see "
                              "'clustersim --help')",
                              argv[1], names));
      return kExitBadInput;
    }
    print_error(fmt::format("{}: error: {} (see '{} --help')", where, usage_message(e), where));
    return kExitBadInput;
  }

  for (const auto& action : actions) {
    if (const int code = action(); code >= 0) return code;
  }
  return 0;
}
