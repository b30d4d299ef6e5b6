// The policy simulator's controls (docs/simulator.md): one slider per lever path and one switch
// per event, the state they are in, the scenario with that state applied, and the what-if file
// that reproduces it with `clustersim run`.
//
// A lever path the scenario fills (amounts in some year) gets a multiplier slider on its amounts,
// as `--set levers.fund.ic.scale=2` would; a path the scenario leaves empty gets an annual-amount
// slider that holds from the year after the baseline on. A switched-off event is removed, as
// `events: {name: null}` in a what-if removes it.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "clustersim/core/params.hpp"
#include "clustersim/scenario/scenario.hpp"
#include "clustersim/sweep/spec.hpp"

namespace clustersim::app {

struct Control {
  enum class Kind { Scale, Amount };
  std::string id;  // "<lever>.<cluster id | region>", e.g. "fund.ic", "land.region"
  Lever lever = Lever::Fund;
  int row = 0;  // cluster index; the cluster count for the region's pool
  Kind kind = Kind::Scale;
  double base = 1.0;  // the scenario's value: 1 for Scale, 0 for Amount
  double min = 0.0, max = 1.0, step = 0.05;
  // Scale: the row's largest annual amount in the scenario (so a value v means v x reference at
  // the peak), with the years it is non-zero. Amount: 0, and the amount holds from first_year on.
  double reference = 0.0;
  int first_year = 0, last_year = 0;
  std::string unit;  // the lever's canonical unit, e.g. "亿元/yr"
};

// In page order: each cluster's fund, land, floor and talent, then the region's land, floor and
// talent pools.
std::vector<Control> controls(const scenario::Scenario& scenario);

// Slider values by control id and event switches by event (or project) name; what is absent is
// at the scenario's value.
struct State {
  std::map<std::string, double> levers;
  std::map<std::string, bool> events;
};

// {"levers": {"fund.ic": 2}, "events": {"byd_licence_moves": false}}. Throws
// std::invalid_argument naming the key for an unknown control or event, or a value outside its
// control's range.
State state_from_json(const nlohmann::json& j, const scenario::Scenario& scenario,
                      const std::vector<Control>& controls);
nlohmann::ordered_json to_json(const State& state);

// The scenario with the state applied: lever rows scaled or filled, switched-off events and
// projects removed. Targets, names and sources are unchanged.
scenario::Scenario apply(const scenario::Scenario& scenario, const std::vector<Control>& controls,
                         const State& state);

// The what-if file: `extends:` the scenario's file (by its file name: save it next to it), with
// only the changed lever paths (their amounts written out in full under `!replace`, so the run
// gives the same numbers to the last bit) and the switched-off events (`null`), and, when the
// uncertainty names a removed event, those inputs dropped so that `clustersim sweep` runs it too.
std::string whatif_yaml(const scenario::Scenario& scenario, const std::vector<Control>& controls,
                        const State& state, const sweep::Uncertainty* uncertainty,
                        const std::string& name, const std::string& title);

}  // namespace clustersim::app
