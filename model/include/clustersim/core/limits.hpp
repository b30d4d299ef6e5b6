// The range of inputs the model can compute with (docs/model.md, "Numerics"). The plausibility
// guards of the scenario layer refuse values orders of magnitude outside their plausible range
// unless the user allows them (--allow-implausible); these limits hold whatever the user allows,
// because beyond them a run overflows or cannot be integrated in a sensible number of steps.
#pragma once

#include "clustersim/core/model.hpp"

namespace clustersim {

// Largest magnitude, in canonical units (亿元, ha, 万m², persons, years), of a parameter, a
// baseline, a lever's yearly amount, a lever's total over the horizon (fund money counted with
// its leverage), a project's capex or site, and a value an event sets. The model multiplies a
// few inputs together (money × leverage × share, space × yield × capital-output ratio) and
// integrates them over the horizon: with each factor below 1e100 these stay far below the largest
// double (1.8e308). Ceilings whose default is "none" (inf) and the ordinal priority are exempt.
inline constexpr double kLargestInput = 1e100;

// Shortest time constant (years, ≈ 53 minutes), over every parameter that is one (as changed by
// events), 1 / knowledge_obsolescence and a third of construction_time included. The adaptive
// solver takes steps of about a time constant: below this a run needs more than ~10⁴ steps per
// simulated year. The shortest plausible time constant is 0.05 yr, 500 times longer.
inline constexpr double kShortestTimeConstant = 1e-4;

// Throws ModelError naming the key of the first input outside these limits (e.g.
// "levers.fund.ic", "clusters.ic.params.construction_time", "events.boom.to"), with its value
// and the limit.
void check_computable(const Model& model);

}  // namespace clustersim
