// A scenario as resolved JSON: everything `extends:`, units and defaults resolved, in canonical
// units, with the names, sources and targets a reader needs. `clustersim export --json` writes
// it and the simulator page (which has no YAML parser) reads it back into the same Scenario.
//
// This file is the ONE place where ModelSpec and the scenario's metadata meet JSON. Parameters
// and levers are written from the core's tables (params.hpp), so a parameter added there is
// carried without a change here; a field added to ModelSpec, ClusterSpec, EventSpec, ProjectSpec
// or SolverOptions must be added to both directions here (tests/scenario/json_test.cpp fails
// until it is: it counts their fields and runs every shipped scenario through the round trip).
//
// Format (version 2), keys in this order:
//   format, version,
//   scenario{name, title, title_en, description, description_en, file, chain, sources,
//            sources_file, cited_sources[{id, title, publisher, address, date, tag, note}]},
//   region{name, name_en, params{key: value}}, horizon{start, end},
//   solver{method, rtol, atol, dt, max_steps},
//   clusters[{id, name, name_en, measure, unit, unit_factor, baseline, baseline_source,
//             baseline_source_en, market (exponential | bass: how its market, or the wider
//             market it wins a share of, grows), share_market (true: a share of a wider market),
//             relief{capital, labour, space, demand}, params{key: value}}],
//   potential_clusters[{id, name, name_en, note, note_en}],
//   matrices{io|local_share|spillover: {row: {column: value}}},
//   levers{fund|land|floor|talent: {cluster id | region: [amount per year, start..end]}},
//   events[{name, target, shape, op, value, start, end}],
//   projects[{name, cluster, capex, start, construction_time, site (null: derived from capex),
//             site_type (land | floor), fund_share}],
//   targets[{cluster, year, value, measure, unit, unit_factor, source, source_en, label}],
//   totals[{label, label_en, year, value, measure, unit, unit_factor, source}],
//   checks[{name, describe, describe_en, source, set[{input, value}], project (as projects, or
//           null), vary ({input, values} or null), expect{cluster, variable, years, value{min,
//           max}, change{min, max}, change_pct{min, max}, monotone, invariant}}],
//   notes[{key, text, text_en}]
// (Version 1, before model v2, had no share markets, relief, project sites, totals or checks;
// this build reads version 2 only.) Source locations (`where`) are not carried.
// Money is in 亿元, land in ha, floor in 万m², people in persons, time in years (the core's
// canonical units); a target's `value` and a cluster's `baseline` are canonical too, and
// `unit_factor` (canonical per one `unit`) gives the figure in the unit it was written in.
// A parameter whose value is derived at run time (NaN) is written as null, an unbounded one
// (infinity) as "inf" or "-inf".
#pragma once

#include <nlohmann/json.hpp>

#include "clustersim/scenario/scenario.hpp"

namespace clustersim::scenario {

inline constexpr int kScenarioJsonVersion = 2;

nlohmann::ordered_json to_json(const Scenario& scenario);

// One document of the scenario's sources file as the JSON writes it (scenario.cited_sources[k]).
nlohmann::ordered_json to_json(const SourceDoc& document);

// The Scenario written by to_json (provenance and source locations are not carried: errors of
// a built model name keys without file positions). Throws std::invalid_argument naming the key
// ("clusters[2].params.capital_ratio: unknown parameter") for a document that does not fit.
Scenario scenario_from_json(const nlohmann::json& j);

}  // namespace clustersim::scenario
