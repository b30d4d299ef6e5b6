// Conversion of a validated provenance tree into a Scenario: the checks that need more than one
// key (cluster references, years against the horizon, measures, event targets) and the filling
// of ModelSpec in canonical units.
#pragma once

#include "clustersim/scenario/scenario.hpp"
#include "clustersim/scenario/detail/tree.hpp"

namespace clustersim::scenario::detail {

// `root` must have passed validate(root, *format().root). Fills everything but file, chain and
// provenance.
void convert(const Node& root, Scenario& scenario);

// scenario.sources_file and the [id] citations in every text of `root` (sources.cpp): reads the
// sources file, checks every citation against it (an unknown id is an error at the text citing
// it, with a suggestion) and fills scenario.sources_file and scenario.cited_sources.
void resolve_sources(const Node& root, Scenario& scenario);

}  // namespace clustersim::scenario::detail
