// The model's structure as data: its stocks (with the state they occupy and the equation that
// moves them), the variables and levers between them, the causal links with their polarity, and
// the named feedback loops. docs/model.md §15 and its stock-and-flow diagram are drawn from this
// table (`clustersim diagram` prints it as Graphviz DOT); nothing here takes part in a run.
//
// Tests keep the table honest: every dynamic state of state.hpp belongs to exactly one stock node
// and no node names a state the layout does not have; every link joins two nodes; every loop is a
// closed path of links whose polarities multiply to its kind (reinforcing +, balancing −).
#pragma once

#include <span>
#include <string_view>

namespace clustersim::structure {

enum class NodeKind : int {
  Stock,     // a level integrated by the solver (a box in the diagram)
  Constant,  // a state fixed at the start (baseline references kept in the state vector)
  Variable,  // an auxiliary computed from the stocks (a rate, a capacity, a plan)
  Lever,     // a policy input, per year (fund, land, floor, talent)
};

enum class Scope : int { Cluster, Region };

struct Node {
  std::string_view id;        // short identifier used by links and loops
  NodeKind kind;
  Scope scope;                // one per cluster, or one for the region
  std::string_view label;     // display name (English)
  std::string_view equation;  // equation numbers of docs/model.md, e.g. "E19"
  // Stock and constant nodes: the names of the states they hold (stock_name() of state.hpp),
  // separated by spaces. Empty for variables and levers.
  std::string_view states;
};

enum class LinkKind : int {
  Flow,         // material moves along it (money, capital, people, space)
  Information,  // the source's value sets the target's (a decision, a limit)
};

struct Link {
  std::string_view from;
  std::string_view to;
  int polarity;  // +1: the target moves with the source, all else equal; -1: against it
  LinkKind kind;
  std::string_view equation;
};

enum class LoopKind : int { Reinforcing, Balancing };

struct Loop {
  std::string_view id;    // R1, B1, ...
  LoopKind kind;
  std::string_view name;  // e.g. "capacity wins share"
  // Node ids along the loop, separated by spaces; the last links back to the first.
  std::string_view path;
  std::string_view meaning;  // one sentence for an economist
};

std::span<const Node> nodes();
std::span<const Link> links();
std::span<const Loop> loops();

// The node with this id, or nullptr.
const Node* find_node(std::string_view id);
// The link from -> to, or nullptr.
const Link* find_link(std::string_view from, std::string_view to);

}  // namespace clustersim::structure
