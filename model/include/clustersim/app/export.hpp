// What `clustersim export --json` and `clustersim app` write: the resolved scenario with its
// uncertainty as one JSON document, and the simulator page with that document inside.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "clustersim/scenario/scenario.hpp"

namespace clustersim::app {

// scenario::to_json plus "uncertainty" (sweep::to_json) when the scenario declares one.
nlohmann::ordered_json export_document(const scenario::Scenario& scenario);

// The page template (built from model/web) with the document in place of its placeholder
// <script id="scenario" type="application/json">…</script>, escaped so that no "</script>" in a
// source text can end the element early. Throws std::runtime_error when the template has no
// placeholder.
std::string page_with_scenario(const std::string& page_template, const nlohmann::ordered_json& document);

// The placeholder the template carries.
inline constexpr std::string_view kScenarioPlaceholder = "\"@CLUSTERSIM_SCENARIO_JSON@\"";

}  // namespace clustersim::app
