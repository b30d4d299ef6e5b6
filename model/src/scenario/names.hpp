// Private to the scenario layer: clusters named by their name (半导体与集成电路) where an id is
// expected, and --set paths through ids that do not exist.
#pragma once

#include "clustersim/scenario/detail/tree.hpp"
#include "clustersim/scenario/scenario.hpp"

namespace clustersim::scenario::detail {

// Where a cluster is expected (lever and matrix keys, targets' and projects' `cluster`, the cluster
// part of event targets, uncertain inputs and correlations), a cluster's name that no other
// cluster shares is replaced by its id. Runs on the merged tree, before validation; `chain` (the
// files, outermost first) decides which of a name and an id given in two files wins, as a merge
// would have.
void resolve_cluster_names(Node& root, const std::vector<std::filesystem::path>& chain);

// The override with cluster names in its path replaced by ids; an error, with "did you mean",
// when the path goes through a cluster or event that does not exist (a --set would otherwise
// create it and report a missing 'baseline' or 'target').
Override check_override(const Node& root, const Override& o);

}  // namespace clustersim::scenario::detail
