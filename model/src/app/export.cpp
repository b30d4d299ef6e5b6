#include "clustersim/app/export.hpp"

#include <stdexcept>

#include "clustersim/scenario/json.hpp"
#include "clustersim/sweep/json.hpp"
#include "clustersim/sweep/spec.hpp"

namespace clustersim::app {

nlohmann::ordered_json export_document(const scenario::Scenario& scenario) {
  nlohmann::ordered_json j = scenario::to_json(scenario);
  if (sweep::declares_uncertainty(scenario)) {
    j["uncertainty"] = sweep::to_json(sweep::read_uncertainty(scenario));
  }
  return j;
}

std::string page_with_scenario(const std::string& page, const nlohmann::ordered_json& document) {
  const auto at = page.find(kScenarioPlaceholder);
  if (at == std::string::npos) {
    throw std::runtime_error("the simulator page template has no scenario placeholder");
  }
  // JSON allows "\/" for "/": "</script>" can then not occur inside the element.
  std::string text = document.dump();
  std::string safe;
  safe.reserve(text.size());
  for (std::size_t k = 0; k < text.size(); ++k) {
    if (text[k] == '/' && k > 0 && text[k - 1] == '<') safe += '\\';
    safe += text[k];
  }
  std::string out = page;
  out.replace(at, kScenarioPlaceholder.size(), safe);
  return out;
}

}  // namespace clustersim::app
