#include "clustersim/scenario/detail/format.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>
#include <stdexcept>

#include "clustersim/core/simulate.hpp"
#include "clustersim/scenario/detail/text.hpp"

namespace clustersim::scenario::detail {
namespace {

using json = nlohmann::ordered_json;

// ---------------------------------------------------------------------------------------------
// Building the descriptor tree

std::shared_ptr<Desc> make(Kind kind, std::string what, std::string description = {}) {
  auto d = std::make_shared<Desc>();
  d->kind = kind;
  d->what = std::move(what);
  d->description = std::move(description);
  return d;
}

std::shared_ptr<Desc> text(std::string description, std::string what = "text") {
  return make(Kind::String, std::move(what), std::move(description));
}

// The English sibling of a text field (`source_en` next to `source`): the English review pack
// shows it, the Chinese one the field itself.
std::shared_ptr<Desc> english(const std::string& field) {
  return text("English text of `" + field + "` (the English review pack shows it)");
}

std::shared_ptr<Desc> number(std::string description, std::optional<double> minimum = {},
                             bool exclusive = false) {
  auto d = make(Kind::Number, "a number", std::move(description));
  d->minimum = minimum;
  d->exclusive_minimum = exclusive;
  return d;
}

std::shared_ptr<Desc> integer(std::string description, std::string what = "a whole number") {
  return make(Kind::Integer, std::move(what), std::move(description));
}

std::shared_ptr<Desc> enumeration(std::string description, std::vector<std::string> values,
                                  std::string default_value = {}) {
  auto d = make(Kind::Enum, "one of " + join(values, ", "), std::move(description));
  d->values = std::move(values);
  if (!default_value.empty()) d->default_value = default_value;
  return d;
}

std::shared_ptr<Desc> quantity(const std::string& unit, std::string description,
                               std::optional<double> minimum = {}, bool exclusive = false) {
  auto d = make(Kind::Quantity, "", std::move(description));
  d->unit = unit;
  d->dimension = parse_unit(unit).dimension;
  d->what = describe(d->dimension) + " (" + unit + ")";
  d->minimum = minimum;
  d->exclusive_minimum = exclusive;
  return d;
}

std::shared_ptr<Desc> any_quantity(std::string description) {
  auto d = make(Kind::Quantity, "a value in the target's unit", std::move(description));
  d->any_dimension = true;
  return d;
}

std::shared_ptr<Desc> object(std::string what, std::string description, std::vector<Field> fields) {
  auto d = make(Kind::Object, std::move(what), std::move(description));
  d->fields = std::move(fields);
  return d;
}

std::shared_ptr<Desc> list(std::string what, std::string description, DescPtr element) {
  auto d = make(Kind::Array, std::move(what), std::move(description));
  d->element = std::move(element);
  return d;
}

constexpr const char* kIdPattern = "^[a-z][a-z0-9_]*$";
constexpr const char* kIdRule = "lower-case letters, digits and '_', starting with a letter";
constexpr const char* kNamePattern = "^[a-z0-9][a-z0-9_-]*$";
constexpr const char* kNameRule =
    "lower-case letters, digits, '_' and '-', starting with a letter or digit";
constexpr const char* kYearPattern = "^[0-9]{4}$";
// Input paths of the uncertainty section (clusters.ic.market_growth, levers.fund.ic, ...).
constexpr const char* kInputPathPattern = "^[a-z][a-z0-9_.-]*$";

std::shared_ptr<Desc> map_of(std::string what, std::string description, std::string key_what,
                             std::string key_pattern, std::string key_rule, DescPtr element) {
  auto d = make(Kind::Map, std::move(what), std::move(description));
  d->key_what = std::move(key_what);
  d->key_pattern = std::move(key_pattern);
  d->key_rule = std::move(key_rule);
  d->element = std::move(element);
  return d;
}

std::string param_description(const ParamInfo& p) {
  std::string s(p.meaning);
  s += ". Unit: " + std::string(p.unit) + (p.unit == "1" ? " (a ratio)" : "");
  s += ". Range: " + range_text(p);
  if (std::isnan(p.default_value)) s += ". Default: derived when absent";
  if (std::isinf(p.default_value)) s += ". Default: no limit (leave it out)";
  if (p.plausible_lower != p.lower || p.plausible_upper != p.upper)
    s += ". Plausible: [" + format_number(p.plausible_lower) + ", " +
         format_number(p.plausible_upper) + "]";
  s += ". Source: " + std::string(p.source) + ".";
  return s;
}

template <std::size_t N>
DescPtr params_object(const std::array<ParamInfo, N>& table, std::string what,
                      std::string description, std::string def_name) {
  std::vector<Field> fields;
  for (const auto& p : table) {
    std::optional<double> lower;
    if (std::isfinite(p.lower)) lower = p.lower;
    auto q = quantity(std::string(p.unit), param_description(p), lower, p.lower_open);
    if (std::isfinite(p.upper)) q->maximum = p.upper;
    q->param = &p;
    if (std::isfinite(p.default_value)) q->default_value = p.default_value;
    fields.push_back({std::string(p.key), q});
  }
  auto d = object(std::move(what), std::move(description), std::move(fields));
  d->def_name = std::move(def_name);
  return d;
}

template <std::size_t N>
DescPtr notes_object(const std::array<ParamInfo, N>& table, std::string def_name) {
  std::vector<Field> fields;
  for (const auto& p : table) {
    fields.push_back({std::string(p.key),
                      text("source or reasoning behind the value of " + std::string(p.key))});
  }
  auto d = object("a map from parameter to its source",
                  "where each parameter value set here comes from (shown on the assumptions page); "
                  "Chinese, the default text of the review pack",
                  std::move(fields));
  d->def_name = std::move(def_name);
  return d;
}

// `notes_en`: the same keys as its sibling `notes` (the loader checks that), in English.
DescPtr english_notes(const DescPtr& notes) {
  auto d = std::make_shared<Desc>(*notes);
  d->description =
      "English texts of the sibling `notes`, with exactly its keys (the English review pack "
      "shows them)";
  d->def_name = notes->def_name + "_en";
  return d;
}

DescPtr lever_path(const LeverInfo& lever, DescPtr amount) {
  const std::string unit(lever.unit);
  auto year_map = [&](std::string description) {
    return map_of("a map from year to amount", std::move(description), "year", kYearPattern,
                  "a four-digit calendar year", amount);
  };
  auto point = make(Kind::Tuple, "[year, amount]", "a year and the amount in it");
  point->alternatives = {integer("calendar year", "a year"), amount};
  auto ramp = object("a ramp {from: [year, amount], to: [year, amount]}",
                     "linear by year from `from` to `to`; held at the end values outside",
                     {{"from", point, true}, {"to", point, true}});
  auto unit_desc = make(Kind::Unit, "a unit of " + describe(amount->dimension),
                        "unit of the bare numbers inside (default " + unit + ")");
  unit_desc->unit = unit;
  unit_desc->dimension = amount->dimension;
  auto scale = number("multiplier applied to every amount (a what-if doubles with 2)", 0.0);
  scale->default_value = 1.0;
  auto path = object("a lever path", "amounts per calendar year, constant within the year",
                     {{"constant", amount},
                      {"by_year", year_map("amounts in the years given; 0 in the others")},
                      {"steps", year_map("each amount holds from its year on; 0 before the first")},
                      {"ramp", ramp},
                      {"unit", unit_desc},
                      {"scale", scale},
                      {"source", text("source of the amounts")},
                      {"source_en", english("source")}});
  path->one_of = {"constant", "by_year", "steps", "ramp"};
  path->def_name = std::string(lever.key) + "_path";
  auto either = make(
      Kind::Union,
      "an amount in " + unit + " or a lever path {constant | by_year | steps | ramp, unit, scale}",
      std::string(lever.meaning) + " (" + unit + ")");
  either->alternatives = {amount, path};
  return either;
}

Format build_format() {
  Format f;
  const SolverOptions solver_defaults;

  f.cluster_params = params_object(
      kClusterParamInfo, "a map of cluster parameters",
      "cluster parameters (docs/model.md §12); absent ones keep their default", "cluster_params");
  f.region_params = params_object(
      kRegionParamInfo, "a map of region parameters",
      "region parameters (docs/model.md §12); absent ones keep their default", "region_params");
  const DescPtr cluster_notes = notes_object(kClusterParamInfo, "cluster_notes");
  const DescPtr region_notes = notes_object(kRegionParamInfo, "region_notes");
  const DescPtr cluster_notes_en = english_notes(cluster_notes);
  f.money = quantity("亿元", "an amount of money", 0.0);
  f.duration = quantity("yr", "a duration", 0.0, true);
  f.area = quantity("ha", "an area", 0.0);
  auto positive_money =
      quantity("亿元", "the cluster's figure over the baseline calendar year", 0.0, true);

  auto measure =
      enumeration("output, value_added or revenue; default: the cluster's baseline measure",
                  {"output", "value_added", "revenue"});

  auto scenario_name = text("short name used in file names and reports", "a scenario name");
  scenario_name->pattern = kNamePattern;
  scenario_name->pattern_rule = kNameRule;
  auto scenario = object(
      "a map with name, title, description, sources, sources_file", "what this scenario is",
      {{"name", scenario_name, true},
       {"title", text("title for reports")},
       {"title_en", english("title")},
       {"description", text("what the scenario assumes")},
       {"description_en", english("description")},
       {"sources", list("a list of texts", "documents the scenario draws on: texts, or ids of the "
                        "sources file", text("a source or a source id"))},
       {"sources_file",
        text("CSV of documents (columns id,title,publisher,address,date,tag,note), relative to the "
             "file that names it; any text of the scenario cites one as [id]",
             "a file path")}});

  auto region =
      object("a map with name, name_en, params", "the region whose clusters are simulated",
             {{"name", text("name of the region (Chinese)"), true},
              {"name_en", text("English name of the region")},
              {"params", f.region_params},
              {"notes", region_notes},
              {"notes_en", english_notes(region_notes)}});

  auto horizon = object(
      "a map with start and end", "simulated calendar years",
      {{"start", integer("the baseline year; the run starts on 1 January of it", "a year"), true},
       {"end", integer("last simulated year (inclusive)", "a year"), true}});

  auto rtol = number("relative tolerance of the adaptive solver", 0.0, true);
  rtol->default_value = solver_defaults.rtol;
  auto atol = number("absolute tolerance of the adaptive solver (canonical units)", 0.0, true);
  atol->default_value = solver_defaults.atol;
  auto dt = number("fixed step of euler and rk4, first step of dopri5 (years)", 0.0, true);
  dt->maximum = 1.0;
  dt->default_value = solver_defaults.dt;
  auto max_steps = integer("step budget of one run");
  max_steps->minimum = 1.0;
  max_steps->default_value = solver_defaults.max_steps;
  auto solver = object("a map with method, rtol, atol, dt, max_steps", "numerical settings",
                       {{"method", enumeration("integration method", {"dopri5", "rk4", "euler"},
                                               std::string(solver_name(solver_defaults.method)))},
                        {"rtol", rtol},
                        {"atol", atol},
                        {"dt", dt},
                        {"max_steps", max_steps}});

  auto defaults = object("a map with params", "settings shared by every cluster of the scenario",
                         {{"params", f.cluster_params},
                          {"notes", cluster_notes},
                          {"notes_en", cluster_notes_en}});

  auto baseline =
      object("a map with year, value, measure, source",
             "the cluster's published figure in the baseline year",
             {{"year", integer("must equal horizon.start", "a year"), true},
              {"value", positive_money, true},
              {"measure", enumeration("output (产值), value_added (增加值) or revenue (营收)",
                                      {"output", "value_added", "revenue"}, "output")},
              {"source", text("where the figure is published")},
              {"source_en", english("source")}});
  auto market = object(
      "a map with model", "the market the cluster sells into (docs/model.md §2)",
      {{"model",
        enumeration("exponential growth or Bass diffusion of a market of the cluster's own, or a "
                    "share of a wider market (give its size in params.market_size)",
                    {"exponential", "bass", "share"}, "exponential")},
       {"wider", enumeration("how the wider market grows (model: share)", {"exponential", "bass"},
                             "exponential")},
       {"name", text("the wider market, as its statistics call it (Chinese)")},
       {"name_en", text("the wider market in English")},
       {"source", text("where the market's size and growth are published")},
       {"source_en", english("source")}});
  auto cluster =
      object("a cluster", "one simulated industrial cluster",
             {{"name", text("name as in the policy document (Chinese); default: the id")},
              {"name_en", text("English name")},
              {"baseline", baseline, true},
              {"market", market},
              {"params", f.cluster_params},
              {"notes", cluster_notes},
              {"notes_en", cluster_notes_en}});
  auto clusters = map_of("a map from cluster id to cluster", "the simulated clusters", "cluster id",
                         kIdPattern, kIdRule, cluster);

  auto potential =
      map_of("a map from id to potential cluster",
             "clusters named by the policy without published figures; listed, not simulated",
             "cluster id", kIdPattern, kIdRule,
             object("a potential cluster", "a cluster without figures",
                    {{"name", text("name (Chinese)"), true},
                     {"name_en", text("English name")},
                     {"note", text("why it is not simulated")},
                     {"note_en", english("note")}}));

  const std::array<std::pair<const char*, const char*>, 3> matrix_units{
      {{"1", "亿元 of the row cluster's product used per 亿元 of the column cluster's output"},
       {"1", "share of that input bought from the region's row cluster"},
       {"1/yr",
        "knowledge flowing to the row cluster per year per unit of the column cluster's stock"}}};
  std::vector<Field> matrix_fields;
  const std::array<const char*, 3> matrix_names{"io", "local_share", "spillover"};
  // io and local_share: row = supplying cluster, column = buying cluster; spillover: row =
  // receiving cluster, column = source (E3, E30).
  const std::array<const char*, 3> matrix_axes{" (row = supplier, column = buyer)",
                                               " (row = supplier, column = buyer)",
                                               " (row = receiver, column = source)"};
  for (std::size_t k = 0; k < 3; ++k) {
    auto entry = quantity(matrix_units[k].first, matrix_units[k].second, 0.0);
    if (k == 1) entry->maximum = 1.0;
    f.matrix_entry[k] = entry;
    auto row = map_of("a map from column cluster to coefficient",
                      "one row: column cluster -> value", "cluster id", kIdPattern, kIdRule, entry);
    matrix_fields.push_back({matrix_names[k], map_of("a sparse matrix {row: {column: value}}",
                                                     std::string(matrix_units[k].second) +
                                                         matrix_axes[k],
                                                     "cluster id", kIdPattern, kIdRule, row)});
  }
  auto matrices = object("a map with io, local_share, spillover",
                         "coefficients between clusters, sparse: row -> column -> value",
                         std::move(matrix_fields));

  std::vector<Field> lever_fields;
  for (int l = 0; l < kNumLevers; ++l) {
    const LeverInfo& info = kLeverInfo[l];
    auto amount = quantity(std::string(info.unit), std::string(info.meaning), 0.0);
    amount->def_name = std::string(info.key) + "_amount";
    f.lever_amount[l] = amount;
    const std::string keys = info.region_allowed ? "cluster id or 'region'" : "cluster id";
    lever_fields.push_back(
        {std::string(info.key),
         map_of("a map from " + keys + " to a lever path",
                std::string(info.meaning) +
                    (info.region_allowed ? "; 'region' feeds the shared pool, a cluster id earmarks"
                                         : "; per cluster"),
                keys, kIdPattern, kIdRule, lever_path(info, amount))});
  }
  auto levers = object("a map with fund, land, floor, talent",
                       "policy levers: amounts per calendar year", std::move(lever_fields));

  // Events: step (default), ramp and project, told apart by `kind`.
  const std::string target_text =
      "clusters.<id>.<parameter>, clusters.<id>.output, region.<parameter> or "
      "levers.<lever>.<cluster id | region>";
  const std::vector<std::string> project_keys{"cluster", "capex", "start", "construction_time"};
  auto change_fields = [&](bool ramp) {
    std::vector<Field> fields{
        {"kind",
         enumeration(ramp ? "a linear change from `at` to `until`" : "a change at `at` (default)",
                     {ramp ? "ramp" : "step"}),
         ramp},
        {"target", text("what changes: " + target_text, "an event target"), true},
        {"at", number("decimal year the change starts (2024.5 = 1 July 2024)"), true}};
    if (ramp) fields.push_back({"until", number("decimal year the ramp ends"), true});
    fields.push_back({"to", any_quantity("new value, in the target's unit")});
    fields.push_back({"scale", number("multiplier on the value", 0.0)});
    fields.push_back({"add", any_quantity("amount added, in the target's unit")});
    fields.push_back({"source", text("source or reasoning")});
    fields.push_back({"source_en", english("source")});
    return fields;
  };
  auto step =
      object("a step event", "a parameter or lever changes at a date", change_fields(false));
  auto ramp = object("a ramp event", "a parameter or lever changes linearly over a period",
                     change_fields(true));
  for (auto* e : {step.get(), ramp.get()}) {
    e->one_of = {"to", "scale", "add"};
    for (const auto& k : project_keys) {
      e->key_hints.emplace_back(k, "'" + k + "' belongs to project events: add 'kind: project'");
    }
  }
  step->key_hints.emplace_back("until", "'until' belongs to ramp events: add 'kind: ramp'");
  auto construction = quantity("yr", "time from start of construction to production", 0.0, true);
  auto project = object("a project event", "a named major project",
                        {{"kind", enumeration("a named major project", {"project"}), true},
                         {"cluster", text("cluster id of the project", "a cluster id"), true},
                         {"capex", quantity("亿元", "capital expenditure", 0.0), true},
                         {"start", number("decimal year construction starts"), true},
                         {"construction_time", construction, true},
                         {"site", quantity("ha", "the site the project brings, released to the "
                                           "cluster at the start (default: what its capex needs)",
                                           0.0)},
                         {"site_type", enumeration("ground-floor land or high-rise floor",
                                                   {"land", "floor"}, "land")},
                         {"fund_share", number("share of the capex drawn from the cluster's "
                                               "undeployed fund money (0-1)", 0.0)},
                         {"source", text("source of the figures")},
                         {"source_en", english("source")}});
  for (const char* k : {"target", "at", "until", "to", "scale", "add"}) {
    project->key_hints.emplace_back(k, "'" + std::string(k) +
                                           "' belongs to step and ramp events; a project has "
                                           "cluster, capex, start, construction_time, site, "
                                           "site_type and fund_share");
  }
  auto event = make(Kind::Union, "an event", "a step, ramp or project event");
  event->discriminator = "kind";
  event->values = {"step", "ramp", "project"};
  event->alternatives = {step, ramp, project};
  event->def_name = "event";
  for (auto* e : {step.get(), ramp.get(), project.get()}) e->list_fields = true;
  auto events = map_of("a map from event name to event", "changes at dates and major projects",
                       "event name", kNamePattern, kNameRule, event);

  auto target = object(
      "a target", "a policy target",
      {{"cluster",
        text("cluster id, or 'all' for the sum over the clusters", "a cluster id or 'all'"), true},
       {"year", integer("calendar year of the target (within the horizon)", "a year"), true},
       {"value", quantity("亿元", "target figure", 0.0), true},
       {"measure", measure},
       {"source", text("where the target is set")},
       {"source_en", english("source")},
       {"label", text("short label for reports")}});
  target->def_name = "target";
  auto targets = list("a list of targets", "policy targets to compare the projection with", target);

  auto total = object(
      "a reported total", "a published figure for the sum of the simulated clusters",
      {{"label", text("what the figure is, as the statistics call it (Chinese)"), true},
       {"label_en", text("English label")},
       {"year", integer("calendar year of the figure (within the horizon)", "a year"), true},
       {"value", quantity("亿元", "the published figure", 0.0), true},
       {"measure", measure},
       {"source", text("where the figure is published")}});
  total->def_name = "total";
  auto totals = list("a list of reported totals",
                     "published totals the sum of the clusters is compared with (not targets)",
                     total);

  auto numbers = list("a list of numbers", "", number("a value"));
  // Reality checks (docs/scenario-format.md "checks"): a change to the scenario and an expected
  // behaviour. Shape here; convert.cpp checks names and years, the analysis layer the paths.
  auto bound = object("a map with min and/or max", "bounds in the checked variable's unit",
                      {{"min", any_quantity("lower bound (inclusive)")},
                       {"max", any_quantity("upper bound (inclusive)")}});
  auto ratio = object(
      "a map with variable and min and/or max",
      "the change of the checked variable per unit of change of another variable (same cluster "
      "and year), e.g. output per 亿元 of policy_capital",
      {{"variable", text("the denominator: a variable of trajectories.csv", "a variable name"),
        true},
       {"min", number("lower bound of the ratio (inclusive)")},
       {"max", number("upper bound of the ratio (inclusive)")}});
  auto check_project = object(
      "a project {cluster, capex, start, construction_time, ...}",
      "a named project added to the scenario for this check",
      {{"cluster", text("cluster id of the project", "a cluster id"), true},
       {"capex", quantity("亿元", "capital expenditure", 0.0), true},
       {"start", number("decimal year construction starts"), true},
       {"construction_time", quantity("yr", "time from start of construction to production", 0.0,
                                      true),
        true},
       {"site", quantity("ha", "the site the project brings (default: what its capex needs)", 0.0)},
       {"site_type", enumeration("ground-floor land or high-rise floor", {"land", "floor"}, "land")},
       {"fund_share", number("share of the capex drawn from the cluster's fund (0-1)", 0.0)}});
  auto expect = object(
      "a map saying what is expected", "the expected behaviour",
      {{"cluster", text("cluster id, 'all' (sum of the clusters) or 'region' (a region variable); "
                        "absent: every cluster", "a cluster id, 'all' or 'region'")},
       {"variable", text("a variable of trajectories.csv; default output", "a variable name")},
       {"year", integer("the year checked", "a year")},
       {"years", list("a list of years", "the years checked", integer("a year", "a year"))},
       {"before", number("check every year that ends by this decimal year")},
       {"value", bound},
       {"change", bound},
       {"change_pct", bound},
       {"change_per", ratio},
       {"monotone", enumeration("how the variable moves over vary.values (non-strict)",
                                {"increasing", "decreasing"})},
       {"invariant", enumeration("a property of every cluster and year",
                                 {"capital_within_sites"})}});
  auto check = object(
      "a check {describe, set/project/vary, expect}", "a reality check of the model",
      {{"describe", text("what is expected (Chinese)"), true},
       {"describe_en", text("what is expected (English)")},
       {"source", text("where the expected magnitudes come from")},
       {"set", map_of("a map from input path to value",
                      "inputs changed for this check: clusters.<id>.<parameter>, region.<parameter>, "
                      "levers.<lever>.<id|region> (multiplier), events.<name>.value|at|capex|start",
                      "input path", kInputPathPattern, "a dotted path of lower-case names",
                      number("the input's value"))},
       {"base_set",
        map_of("a map from input path to value",
               "inputs changed in both runs the check compares (its base and its change)",
               "input path", kInputPathPattern, "a dotted path of lower-case names",
               number("the input's value"))},
       {"project", check_project},
       {"vary", object("a map with input and values", "an input varied over values",
                       {{"input", text("an input path", "an input path"), true},
                        {"values", numbers, true}})},
       {"expect", expect, true}});
  check->def_name = "check";
  auto checks = map_of("a map from check name to check",
                       "reality checks run by clustersim check (docs/scenario-format.md)",
                       "check name", kNamePattern, kNameRule, check);

  // Uncertainty for `clustersim sweep` (docs/sensitivity.md). Checked for shape here; the sweep
  // layer resolves the input paths and checks the distributions' parameters.
  auto distribution = object(
      "a distribution {distribution, low, high, ...}",
      "how an uncertain input varies; values in the input's canonical unit (lever paths: a "
      "multiplier, 1 = as in the scenario)",
      {{"distribution",
        enumeration("uniform (low, high), triangular (low, mode, high), normal (mean, sd; "
                    "optional low, high truncate), lognormal (median, sigma; optional low, high), "
                    "discrete (values, optional weights)",
                    {"uniform", "triangular", "normal", "lognormal", "discrete"}),
        true},
       {"low", number("lower bound")},
       {"high", number("upper bound")},
       {"mode", number("most likely value (triangular)")},
       {"mean", number("mean (normal)")},
       {"sd", number("standard deviation (normal)", 0.0, true)},
       {"median", number("median (lognormal)", 0.0, true)},
       {"sigma", number("standard deviation of the logarithm (lognormal)", 0.0, true)},
       {"values", numbers},
       {"weights", list("a list of numbers", "relative weights of the values (discrete)",
                        number("a weight", 0.0))},
       {"source", text("why this range: a source or the word assumption with reasoning")},
       {"source_en", english("source")}});
  distribution->def_name = "distribution";
  auto correlation = make(Kind::Tuple, "[input, input, rank correlation]",
                          "a rank correlation between two declared inputs (Iman–Conover)");
  correlation->alternatives = {text("an input path"), text("an input path"),
                               number("Spearman rank correlation in (-1, 1)")};
  auto uncertainty = object(
      "a map with inputs and correlations",
      "uncertain inputs for clustersim sweep (docs/sensitivity.md)",
      {{"inputs",
        map_of("a map from input path to distribution",
               "inputs by path: clusters.<id>.<parameter>, region.<parameter>, "
               "levers.<lever>.<id|region> (multiplier), events.<name>.value|at|capex|start, "
               "clusters.<id>.baseline",
               "input path", kInputPathPattern,
               "a dotted path of lower-case names", distribution),
        true},
       {"correlations", list("a list of [input, input, correlation]",
                             "rank correlations between inputs", correlation)},
       {"posterior",
        object("a map with file", "joint draws of inputs, e.g. a calibration's posterior (mc only)",
               {{"file", text("CSV of draws, relative to this file: header draw,<input path>,...; "
                              "each run takes one row, resampled with the seed"),
                 true}})}});

  auto root = object(
      "a scenario", "A clustersim scenario (docs/scenario-format.md).",
      {{"extends",
        text("path of a scenario (relative to this file) that this file overrides", "a file path")},
       {"scenario", scenario, true},
       {"region", region, true},
       {"horizon", horizon, true},
       {"solver", solver},
       {"defaults", defaults},
       {"clusters", clusters, true},
       {"potential_clusters", potential},
       {"matrices", matrices},
       {"levers", levers},
       {"events", events},
       {"targets", targets},
       {"totals", totals},
       {"checks", checks},
       {"uncertainty", uncertainty}});
  root->def_name = "scenario";
  f.root = root;
  return f;
}

// ---------------------------------------------------------------------------------------------
// Validation

// Compiled once, read-only afterwards: loads may run on several threads.
const std::regex& compiled(const std::string& pattern) {
  static const std::map<std::string, std::regex> patterns{{kIdPattern, std::regex(kIdPattern)},
                                                          {kNamePattern, std::regex(kNamePattern)},
                                                          {kYearPattern, std::regex(kYearPattern)},
                                                          {kInputPathPattern, std::regex(kInputPathPattern)}};
  return patterns.at(pattern);
}

std::string expected(const Desc& d, const Node& n) {
  return "expected " + d.what + ", got " + describe(n);
}

std::string range_words(std::optional<double> lo, bool lo_open, std::optional<double> hi) {
  if (lo && hi) {
    return std::string(lo_open ? "(" : "[") + format_number(*lo) + ", " + format_number(*hi) + "]";
  }
  if (lo) return std::string(lo_open ? "> " : "≥ ") + format_number(*lo);
  if (hi) return "≤ " + format_number(*hi);
  return "any value";
}

void validate_object(const Node& n, const Desc& d, const std::string& path) {
  if (!n.is_map()) fail(n.where, path, expected(d, n));
  for (const auto& e : n.entries) {
    const std::string child = join_path(path, e.key);
    const auto field = std::find_if(d.fields.begin(), d.fields.end(),
                                    [&](const Field& f) { return f.name == e.key; });
    if (field == d.fields.end()) {
      for (const auto& [key, hint] : d.key_hints) {
        if (key == e.key)
          fail(e.value.key_where, child, "unknown key '" + e.key + "' in " + d.what + ": " + hint);
      }
      std::vector<std::string> names;
      for (const auto& f : d.fields) names.push_back(f.name);
      std::string message = "unknown key '" + e.key + "'" + did_you_mean(e.key, names);
      if (d.list_fields) {
        message += " (" + d.what + " has " + join(names, ", ") + ")";
      } else if (message.find("did you mean") == std::string::npos && names.size() <= 12) {
        message += " (expected " + join(names, ", ") + ")";
      }
      fail(e.value.key_where, child, message);
    }
    if (!e.value.is_null()) validate(e.value, *field->desc, child);
  }
  for (const auto& f : d.fields) {
    if (!f.required || n.get(f.name) != nullptr) continue;
    if (const Node* empty = n.find(f.name)) {
      fail(empty->where, join_path(path, f.name),
           "'" + f.name + "' is empty; expected " + f.desc->what);
    }
    fail(n.anchor(), path, "missing required key '" + f.name + "'");
  }
  if (!d.one_of.empty()) {
    std::vector<std::string> given;
    for (const auto& k : d.one_of) {
      if (n.get(k) != nullptr) given.push_back(k);
    }
    if (given.empty()) {
      std::vector<std::string> quoted;
      for (const auto& k : d.one_of) quoted.push_back("'" + k + "'");
      fail(n.anchor(), path, d.what + " needs one of " + join(quoted, ", "));
    }
    if (given.size() > 1) {
      fail(n.find(given[1])->key_where, join_path(path, given[1]),
           "give only one of '" + given[0] + "' and '" + given[1] + "'");
    }
  }
}

void validate_map(const Node& n, const Desc& d, const std::string& path) {
  if (!n.is_map()) fail(n.where, path, expected(d, n));
  for (const auto& e : n.entries) {
    const std::string child = join_path(path, e.key);
    if (!std::regex_match(e.key, compiled(d.key_pattern))) {
      fail(e.value.key_where, child,
           "'" + e.key + "' is not a valid " + d.key_what + ": use " + d.key_rule);
    }
    if (!e.value.is_null()) validate(e.value, *d.element, child);
  }
}

const Desc& choose_alternative(const Node& n, const Desc& d, const std::string& path) {
  if (!d.discriminator.empty()) {
    if (!n.is_map()) fail(n.where, path, expected(d, n));
    const Node* tag = n.get(d.discriminator);
    if (tag == nullptr) return *d.alternatives.front();
    for (std::size_t k = 0; k < d.values.size(); ++k) {
      if (tag->is_scalar() && tag->text == d.values[k]) return *d.alternatives[k];
    }
    fail(tag->where, join_path(path, d.discriminator),
         "expected one of " + join(d.values, ", ") + ", got " + describe(*tag) +
             (tag->is_scalar() ? did_you_mean(tag->text, d.values) : ""));
  }
  // A scalar is a quantity; a map is the alternative whose distinguishing keys it uses (a
  // quantity's `value`, an object's required or one-of keys), else the last map alternative.
  const Desc* last_map = nullptr;
  for (const auto& a : d.alternatives) {
    const bool takes_scalar = a->kind != Kind::Object && a->kind != Kind::Map &&
                              a->kind != Kind::Array && a->kind != Kind::Tuple;
    if (n.is_scalar() && takes_scalar) return *a;
    if (!n.is_map()) continue;
    if (a->kind == Kind::Quantity) {
      if (n.find("value") != nullptr) return *a;
      continue;
    }
    if (a->kind != Kind::Object && a->kind != Kind::Map) continue;
    last_map = a.get();
    for (const auto& k : a->one_of) {
      if (n.find(k) != nullptr) return *a;
    }
    for (const auto& f : a->fields) {
      if (f.required && n.find(f.name) != nullptr) return *a;
    }
  }
  if (last_map == nullptr) fail(n.where, path, expected(d, n));
  return *last_map;
}

Unit read_unit(const Node& n, const std::string& path) {
  try {
    return parse_unit(n.text);
  } catch (const std::invalid_argument& e) {
    fail(n.where, path, e.what());
  }
}

QuantityValue read_quantity_impl(const Node& n, const Dimension* dimension, const std::string& unit,
                                 const std::string& path, const std::string& bare_unit) {
  const std::string what = dimension ? describe(*dimension) + " (" + unit + ")" : "a value";
  const Node* value_node = &n;
  const Node* unit_node = nullptr;
  std::string written = n.is_scalar() ? n.text : std::string();
  QuantityValue q;
  double number = 0.0;
  std::optional<Unit> parsed;
  if (n.is_map()) {
    static const std::vector<std::string> keys{"value", "unit", "source", "source_en"};
    for (const auto& e : n.entries) {
      if (std::find(keys.begin(), keys.end(), e.key) == keys.end()) {
        fail(e.value.key_where, join_path(path, e.key),
             "unknown key '" + e.key + "' in a quantity" + did_you_mean(e.key, keys) +
                 " (a quantity map has value, unit, source, source_en)");
      }
    }
    value_node = n.get("value");
    if (value_node == nullptr) fail(n.anchor(), path, "missing required key 'value'");
    const auto v = value_node->is_scalar() ? parse_number(value_node->text) : std::nullopt;
    if (!v)
      fail(value_node->where, join_path(path, "value"),
           "expected a number, got " + describe(*value_node));
    number = *v;
    written = value_node->text;
    if ((unit_node = n.get("unit")) != nullptr) {
      if (!unit_node->is_scalar()) {
        fail(unit_node->where, join_path(path, "unit"),
             "expected a unit, got " + describe(*unit_node));
      }
      parsed = read_unit(*unit_node, join_path(path, "unit"));
      q.unit = std::string(trim(unit_node->text));
      written += " " + q.unit;
    }
    if (const Node* s = n.get("source")) {
      if (!s->is_scalar())
        fail(s->where, join_path(path, "source"), "expected text, got " + describe(*s));
      q.source = s->text;
    }
    if (const Node* s = n.get("source_en")) {
      if (!s->is_scalar())
        fail(s->where, join_path(path, "source_en"), "expected text, got " + describe(*s));
      q.source_en = s->text;
    }
  } else if (n.is_scalar()) {
    if (const auto v = parse_number(n.text)) {
      number = *v;
    } else {
      QuantityText t;
      try {
        t = split_quantity(n.text);
      } catch (const std::invalid_argument& e) {
        if (number_prefix(trim(n.text)) > 0 || !foreign_currency_problem(n.text).empty())
          fail(n.where, path, e.what());
        fail(n.where, path,
             "expected " +
                 (dimension ? "a number or '<number> <unit>' in " + unit
                            : std::string("a number or '<number> <unit>'")) +
                 ", got " + quote(n.text));
      }
      number = t.number;
      if (!t.unit.empty()) {
        try {
          parsed = parse_unit(t.unit);
        } catch (const std::invalid_argument& e) {
          fail(n.where, path, e.what());
        }
        q.unit = t.unit;
      }
    }
  } else {
    fail(n.where, path, "expected " + what + ", got " + describe(n));
  }
  if (!parsed) {
    if (!bare_unit.empty()) {
      parsed = parse_unit(bare_unit);
      q.unit = bare_unit;
    } else if (dimension) {
      parsed = Unit{*dimension, 1.0};
      q.unit = unit;
    } else {
      parsed = Unit{};
    }
  }
  if (dimension && parsed->dimension != *dimension) {
    const Node& at = unit_node ? *unit_node : *value_node;
    fail(at.where, unit_node ? join_path(path, "unit") : path,
         "expected " + what + ", got " + quote(trim(written)) + ", which is " +
             describe(parsed->dimension));
  }
  q.value = number * parsed->factor;
  q.factor = parsed->factor;
  return q;
}

bool is_integral(double v) {
  return std::floor(v) == v && std::abs(v) < 1e9;
}

// ---------------------------------------------------------------------------------------------
// JSON Schema

constexpr const char* kNumberRegex = "[-+]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?";

std::string alternation(const std::vector<std::string>& items) {
  return "(?:" + join(items, "|") + ")";
}

std::string spellings_of(BaseDimension b) {
  std::vector<std::string> s;
  for (const auto& u : unit_spellings()) {
    if (!u.ratio && u.base == b) s.emplace_back(u.text);
  }
  return alternation(s);
}

std::string ratio_spellings() {
  std::vector<std::string> s;
  for (const auto& u : unit_spellings()) {
    if (u.ratio) s.emplace_back(u.text);
  }
  return alternation(s);
}

// Every way of writing a unit of dimension `d` (denominators in any order); any unit at all when
// `d` is null.
std::string unit_regex(const Dimension* d) {
  const std::string slash = "\\s*/\\s*";
  if (d == nullptr) {
    std::vector<std::string> all;
    for (const auto& u : unit_spellings()) all.emplace_back(u.text);
    const std::string one = alternation(all);
    return one + "(?:" + slash + one + ")*";
  }
  std::string numerator;
  std::vector<int> denominators;
  for (int b = 0; b < kNumBaseDimensions; ++b) {
    if (d->exponent[b] > 0) numerator = spellings_of(static_cast<BaseDimension>(b));
    for (int k = 0; k < -d->exponent[b]; ++k) denominators.push_back(b);
  }
  if (numerator.empty()) numerator = ratio_spellings();
  if (denominators.empty()) return numerator;
  std::vector<std::string> orders;
  std::sort(denominators.begin(), denominators.end());
  do {
    std::string s;
    for (const int b : denominators) s += slash + spellings_of(static_cast<BaseDimension>(b));
    orders.push_back(s);
  } while (std::next_permutation(denominators.begin(), denominators.end()));
  return numerator + (orders.size() == 1 ? orders.front() : alternation(orders));
}

void add_bounds(json& j, const Desc& d) {
  if (d.minimum) j[d.exclusive_minimum ? "exclusiveMinimum" : "minimum"] = *d.minimum;
  if (d.maximum) j["maximum"] = *d.maximum;
}

// ASCII name of a dimension for $defs: "money_per_year", "ratio".
std::string def_name_of(const Dimension& d) {
  std::string name;
  for (const char c : describe(d)) name += c == ' ' ? '_' : c;
  if (name.rfind("a_", 0) == 0) name.erase(0, 2);
  if (!std::all_of(name.begin(), name.end(), [](char c) { return (c & 0x80) == 0; })) {
    name = "dimension";
    for (const int e : d.exponent) name += "_" + std::to_string(e);
  }
  return name;
}

struct Emitter {
  json defs = json::object();

  // The loader reads an optional key holding null as absent, so the schema allows null there.
  static json nullable(json j) {
    if (j.contains("anyOf")) {
      j["anyOf"].push_back(json{{"type", "null"}});
    } else if (j.contains("enum")) {
      j["enum"].push_back(nullptr);
    } else if (j.contains("type") && j["type"].is_string()) {
      j["type"] = json::array({j["type"], "null"});
    } else {
      return json{{"anyOf", json::array({std::move(j), json{{"type", "null"}}})}};
    }
    return j;
  }

  static bool has_required(const Desc& d) {
    if (!d.one_of.empty()) return true;
    for (const auto& f : d.fields) {
      if (f.required || has_required(*f.desc)) return true;
    }
    if (d.element && has_required(*d.element)) return true;
    for (const auto& a : d.alternatives) {
      if (has_required(*a)) return true;
    }
    return false;
  }

  // A file that extends another may leave out required keys: `partial` drops them.
  json emit(const Desc& d, bool partial) {
    if (d.def_name.empty()) return inline_schema(d, partial);
    return reference(d.def_name + (partial && has_required(d) ? "_partial" : ""),
                     [&] { return inline_schema(d, partial); });
  }

  template <typename Make>
  json reference(const std::string& name, Make make) {
    if (!defs.contains(name)) {
      json schema = make();
      defs[name] = std::move(schema);
    }
    return json{{"$ref", "#/$defs/" + name}};
  }

  // "<number> <unit>" text or {value, unit, source}, for one dimension (or any).
  json written_quantity(const Desc& d) {
    const Dimension* dim = d.any_dimension ? nullptr : &d.dimension;
    const std::string name = "written_" + (dim ? def_name_of(*dim) : std::string("quantity"));
    return reference(name, [&] {
      const std::string unit = unit_regex(dim);
      json text{{"type", "string"},
                {"pattern", "^\\s*" + std::string(kNumberRegex) + "(?:\\s*" + unit + ")?\\s*$"}};
      json full{{"type", "object"},
                {"properties",
                 {{"value", {{"type", "number"}}},
                  {"unit", {{"type", "string"}, {"pattern", "^\\s*" + unit + "\\s*$"}}},
                  {"source", {{"type", "string"}}},
                  {"source_en", {{"type", "string"}}}}},
                {"required", json::array({"value"})},
                {"additionalProperties", false}};
      return json{
          {"description",
           dim ? "a quantity of " + describe(*dim) + ": '<number> <unit>' or {value, unit, source}"
               : std::string("a quantity: '<number> <unit>' or {value, unit, source}")},
          {"anyOf", json::array({std::move(text), std::move(full)})}};
    });
  }

  json inline_schema(const Desc& d, bool partial) {
    json j;
    if (!d.description.empty()) j["description"] = d.description;
    switch (d.kind) {
      case Kind::Object: {
        j["type"] = "object";
        json properties = json::object();
        json required = json::array();
        for (const auto& f : d.fields) {
          json p = emit(*f.desc, partial);
          const bool needed = f.required && !partial;
          properties[f.name] = needed ? std::move(p) : nullable(std::move(p));
          if (needed) required.push_back(f.name);
        }
        j["properties"] = std::move(properties);
        if (!required.empty()) j["required"] = std::move(required);
        j["additionalProperties"] = false;
        if (!partial && !d.one_of.empty()) {
          json alternatives = json::array();
          for (const auto& k : d.one_of)
            alternatives.push_back(json{{"required", json::array({k})}});
          j["oneOf"] = std::move(alternatives);
        }
        break;
      }
      case Kind::Map:
        j["type"] = "object";
        j["propertyNames"] = json{{"pattern", d.key_pattern}};
        j["additionalProperties"] = nullable(emit(*d.element, partial));
        break;
      case Kind::Array:
        j["type"] = "array";
        j["items"] = emit(*d.element, partial);
        break;
      case Kind::Tuple: {
        j["type"] = "array";
        json items = json::array();
        for (const auto& a : d.alternatives) items.push_back(emit(*a, partial));
        j["prefixItems"] = std::move(items);
        j["items"] = false;
        j["minItems"] = d.alternatives.size();
        j["maxItems"] = d.alternatives.size();
        break;
      }
      case Kind::Union: {
        json alternatives = json::array();
        for (const auto& a : d.alternatives) alternatives.push_back(emit(*a, partial));
        j["anyOf"] = std::move(alternatives);
        break;
      }
      case Kind::Enum:
        j["enum"] = d.values;
        break;
      case Kind::Quantity: {
        json bare{{"type", "number"}};
        if (!d.any_dimension) add_bounds(bare, d);
        j["anyOf"] = json::array({std::move(bare), written_quantity(d)});
        break;
      }
      case Kind::Unit:
        j["type"] = "string";
        j["pattern"] = "^\\s*" + unit_regex(&d.dimension) + "\\s*$";
        break;
      case Kind::Number:
      case Kind::Integer:
        j["type"] = d.kind == Kind::Number ? "number" : "integer";
        add_bounds(j, d);
        break;
      case Kind::String:
        j["type"] = "string";
        if (!d.pattern.empty()) j["pattern"] = d.pattern;
        break;
    }
    if (!d.default_value.is_null()) j["default"] = d.default_value;
    return j;
  }
};

}  // namespace

const Format& format() {
  static const Format f = build_format();
  return f;
}

std::string range_text(const ParamInfo& p) {
  std::optional<double> lo, hi;
  if (std::isfinite(p.lower)) lo = p.lower;
  if (std::isfinite(p.upper)) hi = p.upper;
  return range_words(lo, p.lower_open, hi);
}

void validate(const Node& n, const Desc& d, const std::string& path) {
  if (n.is_null()) fail(n.where, path, "expected " + d.what + ", got nothing");
  switch (d.kind) {
    case Kind::Object:
      validate_object(n, d, path);
      return;
    case Kind::Map:
      validate_map(n, d, path);
      return;
    case Kind::Array:
      if (!n.is_seq()) fail(n.where, path, expected(d, n));
      for (std::size_t k = 0; k < n.items.size(); ++k) {
        validate(n.items[k], *d.element, join_path(path, std::to_string(k)));
      }
      return;
    case Kind::Tuple:
      if (!n.is_seq() || n.items.size() != d.alternatives.size())
        fail(n.where, path, expected(d, n));
      for (std::size_t k = 0; k < n.items.size(); ++k) {
        validate(n.items[k], *d.alternatives[k], join_path(path, std::to_string(k)));
      }
      return;
    case Kind::Union:
      validate(n, choose_alternative(n, d, path), path);
      return;
    case Kind::Enum:
      if (!n.is_scalar() || std::find(d.values.begin(), d.values.end(), n.text) == d.values.end()) {
        fail(n.where, path, expected(d, n) + (n.is_scalar() ? did_you_mean(n.text, d.values) : ""));
      }
      return;
    case Kind::Quantity: {
      const QuantityValue q = read_quantity(n, d, path);
      if (!d.any_dimension) check_range(n, d, path, q);
      return;
    }
    case Kind::Unit: {
      if (!n.is_scalar()) fail(n.where, path, expected(d, n));
      const Unit u = read_unit(n, path);
      if (u.dimension != d.dimension) {
        fail(n.where, path,
             "expected " + d.what + " (like " + d.unit + "), got " + quote(n.text) + ", which is " +
                 describe(u.dimension));
      }
      return;
    }
    case Kind::Number:
    case Kind::Integer: {
      const double v = d.kind == Kind::Number ? read_number(n, path) : read_integer(n, path);
      QuantityValue q;
      q.value = v;
      check_range(n, d, path, q);
      return;
    }
    case Kind::String:
      if (!n.is_scalar()) fail(n.where, path, expected(d, n));
      if (!d.pattern.empty() && !std::regex_match(n.text, compiled(d.pattern))) {
        fail(n.where, path,
             "expected " + d.what + " (" + d.pattern_rule + "), got " + quote(n.text));
      }
      return;
  }
}

QuantityValue read_quantity(const Node& n, const Desc& d, const std::string& path,
                            const std::string& bare_unit) {
  return read_quantity_impl(n, d.any_dimension ? nullptr : &d.dimension, d.unit, path, bare_unit);
}

QuantityValue read_quantity(const Node& n, const Dimension& dimension, const std::string& unit,
                            const std::string& path) {
  return read_quantity_impl(n, &dimension, unit, path, {});
}

double read_number(const Node& n, const std::string& path) {
  const auto v = n.is_scalar() ? parse_number(n.text) : std::nullopt;
  if (!v) fail(n.where, path, "expected a number, got " + describe(n));
  return *v;
}

int read_integer(const Node& n, const std::string& path) {
  const auto v = n.is_scalar() ? parse_number(n.text) : std::nullopt;
  if (!v || !is_integral(*v)) fail(n.where, path, "expected a whole number, got " + describe(n));
  return static_cast<int>(*v);
}

void check_range(const Node& n, const Desc& d, const std::string& path, const QuantityValue& q) {
  bool ok = true;
  std::string range;
  if (d.param != nullptr) {
    ok = in_range(*d.param, q.value);
    range = range_text(*d.param);
  } else {
    if (d.minimum) ok = d.exclusive_minimum ? q.value > *d.minimum : q.value >= *d.minimum;
    if (d.maximum) ok = ok && q.value <= *d.maximum;
    range = range_words(d.minimum, d.exclusive_minimum, d.maximum);
  }
  if (ok) return;
  const std::string unit = !d.unit.empty() && d.unit != "1" ? " " + d.unit : "";
  const bool interval = range.front() == '[' || range.front() == '(';
  std::string message = (interval ? "must lie in " : "must be ") + range + unit + ", got " +
                        format_number(q.value) + unit;
  if (!q.unit.empty() && q.unit != d.unit) {
    message += " (written " + format_number(q.value / q.factor) + " " + q.unit + ")";
  }
  const Node* at = n.is_map() && n.get("value") ? n.get("value") : &n;
  fail(at->where, path, message);
}

std::string schema_text() {
  Emitter e;
  json schema;
  schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  schema["title"] = "clustersim scenario";
  schema["description"] =
      "A clustersim scenario (docs/scenario-format.md). A file with `extends` overrides another "
      "and may leave out what it inherits.";
  const json full = e.emit(*format().root, false);
  const json partial = e.emit(*format().root, true);
  schema["if"] = json{{"required", json::array({"extends"})}};
  schema["then"] = partial;
  schema["else"] = full;
  schema["$defs"] = std::move(e.defs);
  return schema.dump(2) + "\n";
}

}  // namespace clustersim::scenario::detail
