// `clustersim diagram`: the model's stock-and-flow structure (core/structure.hpp) as Graphviz DOT,
// the source of docs/model-diagram.dot and .svg (docs/model.md §15, docs/cli.md).
#include <fmt/format.h>

#include <string>

#include "clustersim/core/structure.hpp"
#include "common.hpp"

namespace clustersim::cli {
namespace {

const char* kDiagramFooter = R"(Prints the model's stocks, flows, causal links (with polarity) and named feedback
loops as a Graphviz DOT graph on stdout. Boxes are stocks, ellipses variables, hexagons policy
levers; thick arrows carry material (money, capital, people, space), thin ones information.

Examples:
  clustersim diagram > docs/model-diagram.dot
  clustersim diagram | dot -Tsvg -o docs/model-diagram.svg
)";

std::string node_attributes(const structure::Node& n) {
  using structure::NodeKind;
  std::string label = fmt::format("{}\\n{}", n.label, n.equation);
  switch (n.kind) {
    case NodeKind::Stock:
      return fmt::format("shape=box, style=\"filled\", fillcolor=\"{}\", label=\"{}\"",
                         n.scope == structure::Scope::Region ? "#e8eef7" : "#fdf3dc", label);
    case NodeKind::Constant:
      return fmt::format("shape=box, style=\"dashed\", label=\"{}\"", label);
    case NodeKind::Variable: return fmt::format("shape=ellipse, label=\"{}\"", label);
    case NodeKind::Lever:
      return fmt::format("shape=hexagon, style=\"filled\", fillcolor=\"#dcefdc\", label=\"{}\"",
                         label);
  }
  return {};
}

// The DOT text: one subgraph for the per-cluster structure and one for the region's shared
// pools, nodes in table order, then the links, then the loops as a legend.
std::string diagram_dot() {
  std::string out =
      "// The structure of the clustersim model (docs/model.md §15), printed by `clustersim "
      "diagram`.\n"
      "// Render: dot -Tsvg docs/model-diagram.dot -o docs/model-diagram.svg\n"
      "digraph clustersim {\n"
      "  graph [rankdir=TB, fontname=\"Helvetica\", fontsize=11, nodesep=0.25, ranksep=0.45];\n"
      "  node [fontname=\"Helvetica\", fontsize=10];\n"
      "  edge [fontname=\"Helvetica\", fontsize=10, arrowsize=0.7];\n";
  for (const auto scope : {structure::Scope::Cluster, structure::Scope::Region}) {
    const bool region = scope == structure::Scope::Region;
    out += fmt::format("  subgraph cluster_{} {{\n    label=\"{}\";\n    style=\"rounded\";\n",
                       region ? "region" : "each",
                       region ? "the region (shared pools, levers for the region)"
                              : "each cluster");
    for (const auto& n : structure::nodes()) {
      if (n.scope == scope) out += fmt::format("    {} [{}];\n", n.id, node_attributes(n));
    }
    out += "  }\n";
  }
  for (const auto& l : structure::links()) {
    const bool flow = l.kind == structure::LinkKind::Flow;
    out += fmt::format("  {} -> {} [label=\"{}\", tooltip=\"{}\"{}];\n", l.from, l.to,
                       l.polarity > 0 ? "+" : "−", l.equation,
                       flow ? ", penwidth=2.2, color=\"#555555\"" : ", color=\"#888888\"");
  }
  std::string legend = "feedback loops\\l";
  for (const auto& loop : structure::loops()) {
    legend += fmt::format("{} {}\\l", loop.id, loop.name);
  }
  out += fmt::format("  loops [shape=note, fontsize=9, label=\"{}\"];\n", legend);
  out += "}\n";
  return out;
}

std::function<int()> setup_diagram(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "diagram", "Print the model's stock-and-flow and causal-loop structure as Graphviz DOT");
  cmd->footer(kDiagramFooter);
  return [cmd]() -> int {
    if (!cmd->parsed()) return -1;
    return guarded("diagram", [] {
      print(diagram_dot());
      return 0;
    });
  };
}

const CommandRegistration kDiagram({92, "diagram", setup_diagram});

}  // namespace
}  // namespace clustersim::cli
