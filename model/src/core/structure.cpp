// The structure table of the model (structure.hpp): what docs/model.md §15 draws. Polarities are
// those of the equations in the sector files, read with everything else held fixed.
#include "clustersim/core/structure.hpp"

#include <array>

namespace clustersim::structure {
namespace {

constexpr auto S = NodeKind::Stock;
constexpr auto C = NodeKind::Constant;
constexpr auto V = NodeKind::Variable;
constexpr auto L = NodeKind::Lever;
constexpr auto kC = Scope::Cluster;
constexpr auto kR = Scope::Region;
constexpr auto F = LinkKind::Flow;
constexpr auto I = LinkKind::Information;

// clang-format off
constexpr std::array kNodes{
  // §2 demand and market share
  Node{"market", S, kC, "market", "E1-E2", "market"},
  Node{"share", S, kC, "market share", "E5", "market_share"},
  Node{"share_drift", S, kC, "share drift", "E5", "share_drift"},
  Node{"capacity_reference", C, kC, "capacity / market at start", "E5", "capacity_reference"},
  Node{"target_share", V, kC, "target share", "E5", ""},
  Node{"demand", V, kC, "demand", "E3-E4", ""},
  // §3 output
  Node{"capital_capacity", V, kC, "capital capacity", "E6", ""},
  Node{"labour_capacity", V, kC, "labour capacity", "E7", ""},
  Node{"output", V, kC, "output", "E9", ""},
  // §4 expectations and planning
  Node{"smoothed_output", S, kC, "smoothed output", "E11", "smoothed_output"},
  Node{"expected_demand", S, kC, "expected demand", "E12", "expected_demand"},
  Node{"desired_capacity", V, kC, "desired capacity", "E13-E14", ""},
  // §5 capital
  Node{"desired_capital", V, kC, "desired capital", "E15-E16", ""},
  Node{"private_investment", V, kC, "market-driven investment", "E17-E18", ""},
  Node{"capital_under_construction", S, kC, "capital under construction", "E19",
       "pipeline_1 pipeline_2 pipeline_3 policy_pipeline_1 policy_pipeline_2 policy_pipeline_3"},
  Node{"projects", S, kC, "named projects (building, ramping up)", "E20", "project_wip project_ramp"},
  Node{"capital", S, kC, "capital (and policy capital)", "E21", "capital policy_capital"},
  Node{"site_headroom", V, kC, "site headroom", "E22", ""},
  // §6 funds
  Node{"fund_lever", L, kC, "fund committed", "E23", ""},
  Node{"fund", S, kC, "undeployed fund", "E23", "fund_undeployed"},
  Node{"fund_deployment", V, kC, "fund deployment", "E24-E25", ""},
  // §7 labour
  Node{"labour_plan", V, kC, "labour plan", "E26", ""},
  Node{"hiring_requests", V, kC, "hiring requests", "E27", ""},
  Node{"hires", V, kC, "hires", "E28", ""},
  Node{"skilled", S, kC, "skilled staff", "E29", "skilled"},
  Node{"workers", S, kC, "production workers", "E29", "workers"},
  Node{"talent_lever", L, kR, "talent programme", "E29-E30", ""},
  Node{"skilled_pool", S, kR, "skilled pool", "E30", "skilled_pool"},
  Node{"worker_pool", S, kR, "worker pool", "E30", "worker_pool"},
  Node{"market_inflows", V, kR, "market inflows", "E31", ""},
  Node{"inflow_references", C, kR, "inflow references at start", "E31",
       "skilled_inflow_ref skilled_vacancy_ref skilled_slope worker_inflow_ref worker_vacancy_ref "
       "worker_slope unplaced_ref"},
  Node{"wage", S, kR, "relative wage", "E31", "wage_index"},
  // §8 space
  Node{"space_lever", L, kR, "land and floor released", "E32-E33", ""},
  Node{"space_in_development", S, kR, "land and floor in development", "E32",
       "land_pipeline floor_pipeline"},
  Node{"vacant_space", S, kR, "vacant land and floor", "E32", "land_vacant floor_vacant"},
  Node{"earmarked_space", S, kC, "earmarked space in development", "E33", "earmark_land earmark_floor"},
  Node{"space_requests", V, kC, "site requests", "E34", ""},
  Node{"space_allocation", V, kC, "allocation by priority", "E35", ""},
  Node{"occupied_space", S, kC, "occupied sites", "E33, E35", "space_land space_floor"},
  // §9 knowledge
  Node{"knowledge", S, kC, "knowledge", "E36", "knowledge"},
  Node{"productivity", S, kC, "productivity", "E37", "productivity"},
};

constexpr std::array kLinks{
  // demand and share
  Link{"market", "demand", +1, I, "E4"},
  Link{"share", "demand", +1, I, "E4"},
  Link{"smoothed_output", "demand", +1, I, "E3"},  // buyers' output: intermediate demand
  Link{"capital_capacity", "target_share", +1, I, "E5"},
  Link{"labour_capacity", "target_share", +1, I, "E5"},
  Link{"productivity", "target_share", +1, I, "E5"},
  Link{"market", "target_share", -1, I, "E5"},
  Link{"capacity_reference", "target_share", -1, I, "E5"},
  Link{"share_drift", "target_share", +1, I, "E5"},
  Link{"target_share", "share", +1, I, "E5"},
  // output
  Link{"capital", "capital_capacity", +1, I, "E6"},
  Link{"productivity", "capital_capacity", +1, I, "E6"},
  Link{"skilled", "labour_capacity", +1, I, "E7"},
  Link{"workers", "labour_capacity", +1, I, "E7"},
  Link{"productivity", "labour_capacity", +1, I, "E7"},
  Link{"capital_capacity", "output", +1, I, "E9"},
  Link{"labour_capacity", "output", +1, I, "E9"},
  Link{"demand", "output", +1, I, "E9"},
  // expectations and planning
  Link{"output", "smoothed_output", +1, I, "E11"},
  Link{"demand", "expected_demand", +1, I, "E12"},
  Link{"demand", "desired_capacity", +1, I, "E13-E14"},
  Link{"expected_demand", "desired_capacity", -1, I, "E13"},
  // capital
  Link{"desired_capacity", "desired_capital", +1, I, "E15"},
  Link{"productivity", "desired_capital", -1, I, "E15"},
  Link{"desired_capital", "private_investment", +1, I, "E18"},
  Link{"capital", "private_investment", -1, I, "E17-E18"},
  Link{"capital_under_construction", "private_investment", -1, I, "E17-E18"},
  Link{"projects", "private_investment", -1, I, "E17"},
  Link{"smoothed_output", "private_investment", +1, I, "E18"},
  Link{"site_headroom", "private_investment", +1, I, "E22"},
  Link{"private_investment", "capital_under_construction", +1, F, "E19"},
  Link{"fund_deployment", "capital_under_construction", +1, F, "E19"},
  Link{"capital_under_construction", "capital", +1, F, "E19, E21"},
  Link{"projects", "capital", +1, F, "E20-E21"},
  Link{"occupied_space", "site_headroom", +1, I, "E22"},
  Link{"earmarked_space", "site_headroom", +1, I, "E22"},
  Link{"capital", "site_headroom", -1, I, "E22"},
  Link{"capital_under_construction", "site_headroom", -1, I, "E22"},
  Link{"projects", "site_headroom", -1, I, "E22"},
  // funds
  Link{"fund_lever", "fund", +1, F, "E23"},
  Link{"fund_deployment", "fund", -1, F, "E23"},
  Link{"fund", "fund_deployment", +1, I, "E24"},
  Link{"capital", "fund_deployment", +1, I, "E24"},
  Link{"desired_capital", "fund_deployment", +1, I, "E24"},
  Link{"site_headroom", "fund_deployment", +1, I, "E22, E24"},
  // labour
  Link{"desired_capacity", "labour_plan", +1, I, "E26"},
  Link{"capital", "labour_plan", +1, I, "E26"},
  Link{"capital_under_construction", "labour_plan", +1, I, "E26"},
  Link{"projects", "labour_plan", +1, I, "E26"},
  Link{"labour_plan", "hiring_requests", +1, I, "E27"},
  Link{"skilled", "hiring_requests", -1, I, "E27"},
  Link{"workers", "hiring_requests", -1, I, "E27"},
  Link{"hiring_requests", "hires", +1, I, "E28"},
  Link{"skilled_pool", "hires", +1, I, "E28"},
  Link{"worker_pool", "hires", +1, I, "E28"},
  Link{"hires", "skilled", +1, F, "E29"},
  Link{"hires", "workers", +1, F, "E29"},
  Link{"talent_lever", "skilled", +1, F, "E29"},
  Link{"hires", "skilled_pool", -1, F, "E30"},
  Link{"hires", "worker_pool", -1, F, "E30"},
  Link{"talent_lever", "skilled_pool", +1, F, "E30"},
  Link{"skilled", "skilled_pool", +1, F, "E30"},  // leavers who stay in the region
  Link{"workers", "worker_pool", +1, F, "E30"},
  Link{"market_inflows", "skilled_pool", +1, F, "E30-E31"},
  Link{"market_inflows", "worker_pool", +1, F, "E30-E31"},
  Link{"hiring_requests", "market_inflows", +1, I, "E31"},
  Link{"inflow_references", "market_inflows", +1, I, "E31"},
  Link{"wage", "market_inflows", +1, I, "E31"},
  Link{"worker_pool", "wage", -1, I, "E31"},
  Link{"workers", "wage", +1, I, "E31"},
  // space
  Link{"space_lever", "space_in_development", +1, F, "E32"},
  Link{"space_lever", "earmarked_space", +1, F, "E33"},
  Link{"space_in_development", "vacant_space", +1, F, "E32"},
  Link{"space_allocation", "vacant_space", -1, F, "E32"},
  Link{"earmarked_space", "occupied_space", +1, F, "E33"},
  Link{"space_allocation", "occupied_space", +1, F, "E35"},
  Link{"private_investment", "space_requests", +1, I, "E34"},
  Link{"fund_deployment", "space_requests", +1, I, "E34"},
  Link{"site_headroom", "space_requests", -1, I, "E34"},
  Link{"space_requests", "space_allocation", +1, I, "E35"},
  Link{"vacant_space", "space_allocation", +1, I, "E35"},
  // knowledge
  Link{"skilled", "knowledge", +1, F, "E36"},
  Link{"knowledge", "productivity", +1, I, "E37"},
};

constexpr auto R = LoopKind::Reinforcing;
constexpr auto B = LoopKind::Balancing;

constexpr std::array kLoops{
  Loop{"R1", R, "capacity wins share",
       "capital capital_capacity target_share share demand desired_capacity desired_capital "
       "private_investment capital_under_construction",
       "a cluster that builds capacity wins a larger share of its market, whose demand calls for "
       "more capacity (Forrester's market-growth loop)"},
  Loop{"R2", R, "know-how wins share",
       "knowledge productivity target_share share demand desired_capacity labour_plan "
       "hiring_requests hires skilled",
       "more skilled staff build knowledge, productivity wins share, and the larger demand hires "
       "more skilled staff"},
  Loop{"R3", R, "absorptive capacity grows",
       "capital fund_deployment capital_under_construction",
       "the fund can place at most a share of the cluster's capital a year: what it builds lets it "
       "place more"},
  Loop{"B1", B, "capital stock management",
       "capital private_investment capital_under_construction",
       "investors close the gap between desired and actual capital, counting what is being built"},
  Loop{"B2", B, "land scarcity",
       "capital site_headroom private_investment capital_under_construction",
       "capital fills the cluster's sites; with no free site, investment falls to replacement"},
  Loop{"B3", B, "sites are asked for",
       "site_headroom space_requests space_allocation occupied_space",
       "a cluster short of sites asks for them and the pool hands them out by priority"},
  Loop{"B4", B, "land pool depletion",
       "space_allocation vacant_space",
       "allocation empties the vacant pool, which limits the next allocation"},
  Loop{"B5", B, "fund absorption",
       "fund_deployment capital_under_construction site_headroom",
       "fund-backed building takes up free sites, which caps further deployment: the rest of the "
       "money stays in the fund"},
  Loop{"B6", B, "fund drain",
       "fund fund_deployment",
       "deployment empties the undeployed fund at most over the deployment time"},
  Loop{"B7", B, "labour scarcity",
       "hires worker_pool",
       "hiring empties the pool of job seekers; a pool can fill at most pool / matching time "
       "positions a year"},
  Loop{"B8", B, "wage curve",
       "worker_pool wage market_inflows",
       "few unplaced workers raise the relative wage, which draws production workers in"},
  Loop{"B9", B, "vacancies draw people",
       "hiring_requests market_inflows worker_pool hires workers",
       "open positions draw people into the region until the positions are filled"},
};
// clang-format on

}  // namespace

std::span<const Node> nodes() { return kNodes; }
std::span<const Link> links() { return kLinks; }
std::span<const Loop> loops() { return kLoops; }

const Node* find_node(std::string_view id) {
  for (const auto& n : kNodes) {
    if (n.id == id) return &n;
  }
  return nullptr;
}

const Link* find_link(std::string_view from, std::string_view to) {
  for (const auto& l : kLinks) {
    if (l.from == from && l.to == to) return &l;
  }
  return nullptr;
}

}  // namespace clustersim::structure
