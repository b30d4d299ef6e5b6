#include "convert.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "clustersim/core/variables.hpp"
#include "clustersim/scenario/paths.hpp"
#include "clustersim/scenario/detail/format.hpp"
#include "clustersim/scenario/detail/text.hpp"

namespace clustersim::scenario::detail {
namespace {

// The format admits only the three names (validated before conversion).
Measure measure_of(const std::string& s) { return parse_measure(s).value_or(Measure::Output); }

const Desc& field(const Desc& object, std::string_view name) {
  for (const auto& f : object.fields) {
    if (f.name == name) return *f.desc;
  }
  throw std::logic_error("scenario format has no field " + std::string(name));
}

std::string text_of(const Node* n, std::string fallback = {}) {
  return n != nullptr ? n->text : std::move(fallback);
}

// What an event target path resolves to, with the unit its `to` and `add` are read in.
struct ResolvedTarget {
  EventTarget target;
  const ParamInfo* param = nullptr;  // null for levers
  std::string unit;
};

class Converter {
 public:
  Converter(const Node& root, Scenario& s) : root_(root), s_(s), f_(format()) {}

  void run() {
    meta();
    horizon();
    solver();
    clusters();
    potential_clusters();
    region();
    matrices();
    levers();
    events();
    targets();
    totals();
    checks();
  }

 private:
  const Node& root_;
  Scenario& s_;
  const Format& f_;
  std::vector<std::string> ids_;
  ClusterNames names_;                          // ids and names, for lookups and suggestions
  std::unordered_map<std::string, int> index_;  // id -> index (100,000 clusters stay linear)
  int start_ = 0;
  int end_ = 0;

  int n() const { return static_cast<int>(ids_.size()); }
  int years() const { return end_ - start_ + 1; }

  void note(const std::string& key, const std::string& text, const std::string& text_en = {}) {
    if (!trim(text).empty() || !trim(text_en).empty()) s_.notes.push_back({key, text, text_en});
  }

  // The `source` of a map and its English sibling `source_en` as a note at `key`.
  void source_note(const std::string& key, const Node& owner) {
    note(key, text_of(owner.get("source")), text_of(owner.get("source_en")));
  }

  double quantity(const Node& node, const Desc& desc, const std::string& path,
                  const std::string& bare_unit = {}) {
    const QuantityValue q = read_quantity(node, desc, path, bare_unit);
    note(path, q.source, q.source_en);
    return q.value;
  }

  // Index of cluster `id` (n for 'region' where allowed); an error at `where` otherwise.
  int cluster_index(const std::string& id, const SourceLocation& where, const std::string& path,
                    bool allow_region = false) {
    if (const auto it = index_.find(id); it != index_.end()) return it->second;
    if (allow_region && id == "region") return n();
    if (const auto i = find_cluster(names_, id)) return *i;
    fail(where, path, unknown_cluster(names_, id, allow_region));
  }

  void meta() {
    const Node& sc = *root_.get("scenario");
    s_.name = sc.get("name")->text;
    s_.title = text_of(sc.get("title"), s_.name);
    s_.description = text_of(sc.get("description"));
    s_.title_en = text_of(sc.get("title_en"));
    s_.description_en = text_of(sc.get("description_en"));
    if (const Node* sources = sc.get("sources")) {
      for (const auto& item : sources->items) s_.sources.push_back(item.text);
    }
    const Node& rg = *root_.get("region");
    s_.region_name = rg.get("name")->text;
    s_.region_name_en = text_of(rg.get("name_en"));
  }

  void horizon() {
    const Node& h = *root_.get("horizon");
    start_ = read_integer(*h.get("start"), "horizon.start");
    const Node& end = *h.get("end");
    end_ = read_integer(end, "horizon.end");
    if (end_ < start_) {
      fail(end.where, "horizon.end",
           "the horizon ends (" + std::to_string(end_) + ") before it starts (" +
               std::to_string(start_) + ")");
    }
  }

  void solver() {
    const Node* node = root_.get("solver");
    if (node == nullptr) return;
    SolverOptions& o = s_.solver;
    if (const Node* m = node->get("method")) {
      o.method = m->text == "rk4"     ? SolverMethod::Rk4
                 : m->text == "euler" ? SolverMethod::Euler
                                      : SolverMethod::Dopri5;
    }
    if (const Node* v = node->get("rtol")) o.rtol = read_number(*v, "solver.rtol");
    if (const Node* v = node->get("atol")) o.atol = read_number(*v, "solver.atol");
    if (const Node* v = node->get("dt")) o.dt = read_number(*v, "solver.dt");
    if (const Node* v = node->get("max_steps")) o.max_steps = read_integer(*v, "solver.max_steps");
    if (const std::string problem = o.validate(); !problem.empty()) {
      fail(node->anchor(), "solver", problem);
    }
  }

  // Cluster parameters written under `node` (a `params` map) into `params`.
  void cluster_params(const Node* node, const std::string& path,
                      std::array<double, kNumClusterParams>& params) {
    if (node == nullptr) return;
    for (const auto& e : node->entries) {
      if (e.value.is_null()) continue;
      const int k = static_cast<int>(*find_cluster_param(e.key));
      params[k] = quantity(e.value, field(*f_.cluster_params, e.key), join_path(path, e.key));
    }
  }

  // The `notes` of `owner` (at `owner_path`) as notes on `params_path`.<key>, with the English
  // texts of its sibling `notes_en`, which must have exactly the same keys.
  void notes(const Node& owner, const std::string& owner_path, const std::string& params_path) {
    const Node* zh = owner.get("notes");
    const Node* en = owner.get("notes_en");
    if (en != nullptr) {
      for (const auto& e : en->entries) {
        if (!e.value.is_null() && (zh == nullptr || zh->get(e.key) == nullptr)) {
          fail(e.value.key_where, owner_path + ".notes_en." + e.key,
               "'" + e.key + "' is not in " + owner_path +
                   ".notes: notes_en holds the English texts of notes, with the same keys");
        }
      }
      for (const auto& e : zh ? zh->entries : std::vector<Entry>{}) {
        if (!e.value.is_null() && en->get(e.key) == nullptr) {
          fail(e.value.key_where, owner_path + ".notes." + e.key,
               "no English text for '" + e.key + "': add it to " + owner_path +
                   ".notes_en (notes_en needs the same keys as notes)");
        }
      }
    }
    if (zh == nullptr) return;
    for (const auto& e : zh->entries) {
      if (!e.value.is_null())
        note(join_path(params_path, e.key), e.value.text, en ? text_of(en->get(e.key)) : "");
    }
  }

  void clusters() {
    const Node& cl = *root_.get("clusters");
    for (const auto& e : cl.entries) {
      if (e.value.is_null()) continue;
      if (e.key == "region" || e.key == "all") {
        fail(e.value.key_where, "clusters." + e.key,
             "'" + e.key + "' is reserved (" +
                 (e.key == "region" ? "levers use it for the region's shared pool"
                                    : "targets use it for the sum over clusters") +
                 "); choose another cluster id");
      }
      index_.emplace(e.key, static_cast<int>(ids_.size()));
      ids_.push_back(e.key);
    }
    if (ids_.empty()) fail(cl.anchor(), "clusters", "the scenario needs at least one cluster");
    s_.spec = default_spec(n(), start_, end_);

    std::array<double, kNumClusterParams> shared = default_cluster_params();
    if (const Node* d = root_.get("defaults")) {
      cluster_params(d->get("params"), "defaults.params", shared);
      notes(*d, "defaults", "defaults.params");
    }

    int i = 0;
    for (const auto& e : cl.entries) {
      if (e.value.is_null()) continue;
      const Node& c = e.value;
      const std::string path = "clusters." + e.key;
      ClusterSpec& spec = s_.spec.clusters[i++];
      spec.id = e.key;
      spec.params = shared;
      cluster_params(c.get("params"), path + ".params", spec.params);
      notes(c, path, path + ".params");
      if (const Node* market = c.get("market"); market != nullptr) {
        const std::string model = text_of(market->get("model"), "exponential");
        spec.share_market = model == "share";
        const std::string growth = spec.share_market ? text_of(market->get("wider"), "exponential")
                                                     : model;
        spec.market = growth == "bass" ? MarketKind::Bass : MarketKind::Exponential;
      }

      ClusterInfo info;
      info.id = e.key;
      info.name = text_of(c.get("name"), e.key);
      info.name_en = text_of(c.get("name_en"));
      const Node& baseline = *c.get("baseline");
      const Node& year = *baseline.get("year");
      if (const int y = read_integer(year, path + ".baseline.year"); y != start_) {
        fail(year.where, path + ".baseline.year",
             "baseline year " + std::to_string(y) + " differs from horizon.start (" +
                 std::to_string(start_) + "); the run starts in the baseline year");
      }
      const QuantityValue value =
          read_quantity(*baseline.get("value"), *f_.money, path + ".baseline.value");
      note(path + ".baseline.value", value.source, value.source_en);
      spec.baseline_output = value.value;
      info.unit = value.unit;
      info.unit_factor = value.factor;
      info.measure = measure_of(text_of(baseline.get("measure"), "output"));
      info.baseline_source = text_of(baseline.get("source"));
      info.baseline_source_en = text_of(baseline.get("source_en"));
      source_note(path + ".baseline", baseline);
      s_.clusters.push_back(std::move(info));
    }
    names_ = cluster_names(s_);
  }

  void potential_clusters() {
    const Node* pc = root_.get("potential_clusters");
    if (pc == nullptr) return;
    for (const auto& e : pc->entries) {
      if (e.value.is_null()) continue;
      if (index_.count(e.key) > 0) {
        fail(e.value.key_where, "potential_clusters." + e.key,
             "'" + e.key + "' is also a simulated cluster; list it in one place only");
      }
      s_.potential_clusters.push_back({e.key, e.value.get("name")->text,
                                       text_of(e.value.get("name_en")),
                                       text_of(e.value.get("note")),
                                       text_of(e.value.get("note_en"))});
    }
  }

  void region() {
    const Node& rg = *root_.get("region");
    if (const Node* params = rg.get("params")) {
      for (const auto& e : params->entries) {
        if (e.value.is_null()) continue;
        const int k = static_cast<int>(*find_region_param(e.key));
        s_.spec.region[k] =
            quantity(e.value, field(*f_.region_params, e.key), "region.params." + e.key);
      }
    }
    notes(rg, "region", "region.params");
  }

  void matrices() {
    const Node* m = root_.get("matrices");
    if (m == nullptr) return;
    const std::array<const char*, 3> names{"io", "local_share", "spillover"};
    const std::array<Eigen::SparseMatrix<double>*, 3> targets{&s_.spec.io, &s_.spec.local_share,
                                                              &s_.spec.spillover};
    for (std::size_t k = 0; k < names.size(); ++k) {
      const Node* matrix = m->get(names[k]);
      if (matrix == nullptr) continue;
      std::vector<Eigen::Triplet<double>> entries;
      for (const auto& row : matrix->entries) {
        if (row.value.is_null()) continue;
        const std::string row_path = std::string("matrices.") + names[k] + "." + row.key;
        const int r = cluster_index(row.key, row.value.key_where, row_path);
        for (const auto& col : row.value.entries) {
          if (col.value.is_null()) continue;
          const std::string path = join_path(row_path, col.key);
          const int c = cluster_index(col.key, col.value.key_where, path);
          entries.emplace_back(r, c, quantity(col.value, *f_.matrix_entry[k], path));
        }
      }
      targets[k]->setFromTriplets(entries.begin(), entries.end());
    }
  }

  // Amounts per year of one lever path, in canonical units.
  std::vector<double> lever_amounts(const Node& node, const Desc& amount, const std::string& path) {
    std::vector<double> v(static_cast<std::size_t>(years()), 0.0);
    auto at = [&](int year) -> double& { return v[static_cast<std::size_t>(year - start_)]; };
    if (node.is_scalar() || node.find("value") != nullptr) {
      std::fill(v.begin(), v.end(), quantity(node, amount, path));
      return v;
    }
    const std::string unit =
        node.get("unit") ? std::string(trim(node.get("unit")->text)) : std::string();
    source_note(path, node);
    if (const Node* c = node.get("constant")) {
      std::fill(v.begin(), v.end(), quantity(*c, amount, path + ".constant", unit));
    } else if (const Node* by_year = node.get("by_year")) {
      for (const auto& e : by_year->entries) {
        if (e.value.is_null()) continue;
        const double q = quantity(e.value, amount, path + ".by_year." + e.key, unit);
        const int year = std::stoi(e.key);
        if (year >= start_ && year <= end_) at(year) = q;
      }
    } else if (const Node* steps = node.get("steps")) {
      std::vector<std::pair<int, double>> points;
      for (const auto& e : steps->entries) {
        if (!e.value.is_null()) {
          points.emplace_back(std::stoi(e.key),
                              quantity(e.value, amount, path + ".steps." + e.key, unit));
        }
      }
      std::sort(points.begin(), points.end());
      for (int year = start_; year <= end_; ++year) {
        for (const auto& [from, q] : points) {
          if (from <= year) at(year) = q;
        }
      }
    } else {
      const Node& ramp = *node.get("ramp");
      const Node& from = *ramp.get("from");
      const Node& to = *ramp.get("to");
      const int y0 = read_integer(from.items[0], path + ".ramp.from.0");
      const int y1 = read_integer(to.items[0], path + ".ramp.to.0");
      const double v0 = quantity(from.items[1], amount, path + ".ramp.from.1", unit);
      const double v1 = quantity(to.items[1], amount, path + ".ramp.to.1", unit);
      if (y1 <= y0) {
        fail(to.items[0].where, path + ".ramp.to.0",
             "the ramp must end after it starts: " + std::to_string(y1) + " is not after " +
                 std::to_string(y0));
      }
      for (int year = start_; year <= end_; ++year) {
        const double w = std::clamp(static_cast<double>(year - y0) / (y1 - y0), 0.0, 1.0);
        at(year) = v0 + w * (v1 - v0);
      }
    }
    if (const Node* scale = node.get("scale")) {
      const double s = read_number(*scale, path + ".scale");
      for (double& x : v) x *= s;
    }
    return v;
  }

  void levers() {
    const Node* lv = root_.get("levers");
    if (lv == nullptr) return;
    for (int l = 0; l < kNumLevers; ++l) {
      const LeverInfo& info = kLeverInfo[l];
      const Node* map = lv->get(info.key);
      if (map == nullptr) continue;
      for (const auto& e : map->entries) {
        if (e.value.is_null()) continue;
        const std::string path = "levers." + std::string(info.key) + "." + e.key;
        if (e.key == "region" && !info.region_allowed) {
          fail(e.value.key_where, path,
               "the " + std::string(info.key) +
                   " lever must name a cluster: the region has no shared " + std::string(info.key) +
                   " pool");
        }
        const int row = cluster_index(e.key, e.value.key_where, path, info.region_allowed);
        const std::vector<double> amounts = lever_amounts(e.value, *f_.lever_amount[l], path);
        for (int y = 0; y < years(); ++y)
          s_.spec.levers[l](row, y) = amounts[static_cast<std::size_t>(y)];
      }
    }
  }

  // An event's or project's date (a decimal year) within the simulated years: from 1 January of
  // the start year to the end of the last year (`end_allowed`: the end itself, where a ramp
  // may finish).
  double date(const Node& node, const std::string& path, bool end_allowed = false) {
    const double t = read_number(node, path);
    const double first = start_, last = end_ + 1;
    if (t >= first && (t < last || (end_allowed && t == last))) return t;
    fail(node.where, path,
         format_number(t) + " lies outside the simulated years " + std::to_string(start_) + "–" +
             std::to_string(end_) + " (decimal years " + format_number(first) + " to " +
             format_number(last) + (end_allowed ? "" : ", the end excluded") +
             "): change the date or the horizon");
  }

  ResolvedTarget resolve(const Node& node, const std::string& path) {
    const InputPathResult parsed = parse_input_path(node.text, names_);
    if (!parsed.path) fail(node.where, path, "target " + quote(node.text) + ": " + parsed.error);
    return {parsed.path->target, parsed.path->param, parsed.path->unit};
  }

  void events() {
    const Node* ev = root_.get("events");
    if (ev == nullptr) return;
    for (const auto& e : ev->entries) {
      if (e.value.is_null()) continue;
      const Node& node = e.value;
      const std::string path = "events." + e.key;
      const std::string kind = text_of(node.get("kind"), "step");
      source_note(path, node);
      if (kind == "project") {
        ProjectSpec p;
        p.name = e.key;
        const Node& cluster = *node.get("cluster");
        p.cluster = cluster_index(cluster.text, cluster.where, path + ".cluster");
        p.capex = quantity(*node.get("capex"), *f_.money, path + ".capex");
        p.start = date(*node.get("start"), path + ".start");
        p.construction_time =
            quantity(*node.get("construction_time"), *f_.duration, path + ".construction_time");
        if (const Node* site = node.get("site"); site != nullptr) {
          p.site = quantity(*site, *f_.area, path + ".site");
        }
        p.site_type = text_of(node.get("site_type"), "land") == "floor" ? SpaceType::Floor
                                                                        : SpaceType::Land;
        if (const Node* share = node.get("fund_share"); share != nullptr) {
          p.fund_share = read_number(*share, path + ".fund_share");
        }
        s_.spec.projects.push_back(p);
        continue;
      }
      EventSpec spec;
      spec.name = e.key;
      const ResolvedTarget target = resolve(*node.get("target"), path + ".target");
      spec.target = target.target;
      spec.start = spec.end = date(*node.get("at"), path + ".at");
      if (kind == "ramp") {
        spec.shape = EventShape::Ramp;
        const Node& until = *node.get("until");
        spec.end = date(until, path + ".until", true);
        if (!(spec.end > spec.start)) {
          fail(until.where, path + ".until",
               "a ramp must end after it starts: until (" + format_number(spec.end) +
                   ") is not after at (" + format_number(spec.start) + ")");
        }
      }
      const Dimension dimension = parse_unit(target.unit).dimension;
      if (const Node* to = node.get("to")) {
        spec.op = EventOp::Set;
        const QuantityValue q = read_quantity(*to, dimension, target.unit, path + ".to");
        note(path + ".to", q.source, q.source_en);
        spec.value = q.value;
        const bool ok = target.param ? in_range(*target.param, q.value) : q.value >= 0.0;
        if (!ok) {
          const std::string range = target.param ? range_text(*target.param) : "≥ 0";
          const std::string unit = target.unit == "1" ? "" : " " + target.unit;
          fail(to->is_map() ? to->get("value")->where : to->where, path + ".to",
               quote(node.get("target")->text) +
                   (range.front() == '[' || range.front() == '(' ? " must lie in " : " must be ") +
                   range + unit + ", got " + format_number(q.value) + unit);
        }
      } else if (const Node* scale = node.get("scale")) {
        spec.op = EventOp::Scale;
        spec.value = read_number(*scale, path + ".scale");
      } else {
        spec.op = EventOp::Add;
        const QuantityValue q =
            read_quantity(*node.get("add"), dimension, target.unit, path + ".add");
        note(path + ".add", q.source, q.source_en);
        spec.value = q.value;
      }
      s_.spec.events.push_back(spec);
    }
  }

  void targets() {
    const Node* tg = root_.get("targets");
    if (tg == nullptr) return;
    for (std::size_t k = 0; k < tg->items.size(); ++k) {
      const Node& node = tg->items[k];
      const std::string path = "targets." + std::to_string(k);
      Target t;
      t.where = node.anchor();
      const Node& cluster = *node.get("cluster");
      t.cluster = cluster.text;
      if (t.cluster != "all") {
        t.cluster_index = cluster_index(t.cluster, cluster.where, path + ".cluster");
      }
      t.year = year_in_horizon(node, path, "target year ");
      const QuantityValue value = read_money(node, path, t);
      t.source = text_of(node.get("source"));
      t.source_en = text_of(node.get("source_en"));
      t.label = text_of(node.get("label"));
      source_note(path, node);
      note(path + ".value", value.source, value.source_en);

      // A target compares the cluster's projected figure, which is in its baseline measure.
      const Node* measure = node.get("measure");
      const int first = t.cluster_index >= 0 ? t.cluster_index : 0;
      t.measure = measure ? measure_of(measure->text)
                          : s_.clusters[static_cast<std::size_t>(first)].measure;
      for (int i = 0; i < n(); ++i) {
        if (t.cluster_index >= 0 && i != t.cluster_index) continue;
        const ClusterInfo& c = s_.clusters[static_cast<std::size_t>(i)];
        if (c.measure == t.measure) continue;
        const std::string m(measure_name(t.measure));
        const std::string cm(measure_name(c.measure));
        fail(measure ? measure->where : node.anchor(), path + ".measure",
             t.cluster_index >= 0
                 ? "target measure '" + m + "' differs from the baseline measure of '" + c.id +
                       "' ('" + cm + "')"
                 : "target on all clusters uses measure '" + m + "', but cluster '" + c.id +
                       "' has baseline measure '" + cm + "'; a sum needs one measure");
      }
      s_.targets.push_back(std::move(t));
    }
  }

  // The `year` of a target or total, which must lie in the horizon.
  int year_in_horizon(const Node& node, const std::string& path, const std::string& what) {
    const Node& year = *node.get("year");
    const int y = read_integer(year, path + ".year");
    if (y < start_ || y > end_) {
      fail(year.where, path + ".year",
           what + std::to_string(y) + " lies outside the horizon " + std::to_string(start_) +
               "-" + std::to_string(end_));
    }
    return y;
  }

  // The `value` of a target or total: an amount of money in canonical units with its unit.
  template <typename T>
  QuantityValue read_money(const Node& node, const std::string& path, T& t) {
    QuantityValue value = read_quantity(*node.get("value"), *f_.money, path + ".value");
    t.value = value.value;
    t.unit = value.unit;
    t.unit_factor = value.factor;
    return value;
  }

  void totals() {
    const Node* list = root_.get("totals");
    if (list == nullptr) return;
    for (std::size_t k = 0; k < list->items.size(); ++k) {
      const Node& node = list->items[k];
      const std::string path = "totals." + std::to_string(k);
      Total t;
      t.where = node.anchor();
      t.label = text_of(node.get("label"));
      t.label_en = text_of(node.get("label_en"));
      t.year = year_in_horizon(node, path, "year ");
      read_money(node, path, t);
      t.source = text_of(node.get("source"));
      note(path, t.source);
      const Node* measure = node.get("measure");
      t.measure = measure ? measure_of(measure->text) : s_.clusters.front().measure;
      for (const ClusterInfo& c : s_.clusters) {
        if (c.measure != t.measure) {
          fail(measure ? measure->where : node.anchor(), path + ".measure",
               "a total in '" + std::string(measure_name(t.measure)) + "' cannot be compared with '" +
                   c.id + "', whose baseline is in '" + std::string(measure_name(c.measure)) + "'");
        }
      }
      s_.totals.push_back(std::move(t));
    }
  }

  // Reality checks: names, clusters, variables and years here; input paths in the analysis layer.
  void checks() {
    const Node* list = root_.get("checks");
    if (list == nullptr) return;
    for (const auto& e : list->entries) {
      if (e.value.is_null()) continue;
      const Node& node = e.value;
      const std::string path = "checks." + e.key;
      CheckSpec c;
      c.name = e.key;
      c.where = e.value.anchor();
      c.describe = text_of(node.get("describe"));
      c.describe_en = text_of(node.get("describe_en"));
      c.source = text_of(node.get("source"));
      note(path, c.source);
      for (const char* key : {"set", "base_set"}) {
        const Node* set = node.get(key);
        if (set == nullptr) continue;
        auto& values = std::string(key) == "set" ? c.set : c.base_set;
        auto& where = std::string(key) == "set" ? c.set_where : c.base_set_where;
        for (const auto& kv : set->entries) {
          values.emplace_back(kv.key, read_number(kv.value, path + "." + key + "." + kv.key));
          where.push_back(kv.value.where);
        }
      }
      if (const Node* pr = node.get("project"); pr != nullptr) {
        ProjectSpec p;
        p.name = "check:" + e.key;
        const Node& cluster = *pr->get("cluster");
        p.cluster = cluster_index(cluster.text, cluster.where, path + ".project.cluster");
        p.capex = quantity(*pr->get("capex"), *f_.money, path + ".project.capex");
        p.start = read_number(*pr->get("start"), path + ".project.start");
        p.construction_time = quantity(*pr->get("construction_time"), *f_.duration,
                                       path + ".project.construction_time");
        if (const Node* site = pr->get("site"); site != nullptr) {
          p.site = quantity(*site, *f_.area, path + ".project.site");
        }
        p.site_type = text_of(pr->get("site_type"), "land") == "floor" ? SpaceType::Floor
                                                                      : SpaceType::Land;
        if (const Node* share = pr->get("fund_share"); share != nullptr) {
          p.fund_share = read_number(*share, path + ".project.fund_share");
        }
        c.project = p;
      }
      if (const Node* vary = node.get("vary"); vary != nullptr) {
        c.vary_input = vary->get("input")->text;
        c.vary_where = vary->get("input")->where;
        const Node& values = *vary->get("values");
        for (std::size_t k = 0; k < values.items.size(); ++k) {
          c.vary_values.push_back(
              read_number(values.items[k], path + ".vary.values." + std::to_string(k)));
        }
        if (c.vary_values.size() < 2) {
          fail(values.anchor(), path + ".vary.values", "give at least two values to vary over");
        }
      }
      expectation(*node.get("expect"), path + ".expect", c);
      s_.checks.push_back(std::move(c));
    }
  }

  void expectation(const Node& ex, const std::string& path, CheckSpec& c) {
    c.invariant = text_of(ex.get("invariant"));
    c.monotone = text_of(ex.get("monotone"));
    if (!c.monotone.empty() && c.vary_input.empty()) {
      fail(ex.get("monotone")->where, path + ".monotone", "'monotone' needs a 'vary' section");
    }
    c.cluster = text_of(ex.get("cluster"));
    c.variable = text_of(ex.get("variable"), "output");
    const bool region = c.cluster == "region";
    if (!c.cluster.empty() && !region && c.cluster != "all") {
      const Node& cl = *ex.get("cluster");
      c.cluster_index = cluster_index(c.cluster, cl.where, path + ".cluster");
    }
    // The variable and its unit, for the bounds.
    std::string unit;
    std::vector<std::string> names;
    auto find_variable = [&](const auto& table) {
      for (const auto& v : table) {
        names.emplace_back(v.name);
        if (v.name == c.variable) unit = std::string(v.unit);
      }
    };
    if (region) {
      find_variable(kRegionVarInfo);
    } else {
      find_variable(kClusterVarInfo);
    }
    if (unit.empty()) {
      const Node* var = ex.get("variable");
      fail(var != nullptr ? var->where : ex.anchor(), path + ".variable",
           "unknown " + std::string(region ? "region" : "cluster") + " variable '" + c.variable +
               "'" + did_you_mean(c.variable, names));
    }
    if (const Node* per = ex.get("change_per"); per != nullptr) {
      // change_per: {variable, min, max}: the change of the checked variable per unit of change
      // of another variable of the same cluster and year (a plain ratio of their units).
      const Node* var = per->get("variable");
      c.per_variable = var->text;
      if (std::find(names.begin(), names.end(), c.per_variable) == names.end()) {
        fail(var->where, path + ".change_per.variable",
             "unknown " + std::string(region ? "region" : "cluster") + " variable '" +
                 c.per_variable + "'" + did_you_mean(c.per_variable, names));
      }
    }
    const Dimension dim = parse_unit(unit).dimension;
    auto read_bound = [&](const char* key, Bound& b, bool percent) {
      const Node* n = ex.get(key);
      if (n == nullptr) return;
      for (const char* side : {"min", "max"}) {
        const Node* v = n->get(side);
        if (v == nullptr) continue;
        const std::string where = path + "." + key + "." + side;
        const double value = percent ? read_number(*v, where)
                                     : read_quantity(*v, dim, unit, where).value;
        (std::string(side) == "min" ? b.min : b.max) = value;
      }
    };
    read_bound("value", c.value, false);
    read_bound("change", c.change, false);
    read_bound("change_pct", c.change_pct, true);
    read_bound("change_per", c.change_per, true);
    if (const Node* y = ex.get("year"); y != nullptr) c.years.push_back(read_integer(*y, path + ".year"));
    if (const Node* ys = ex.get("years"); ys != nullptr) {
      for (std::size_t k = 0; k < ys->items.size(); ++k) {
        c.years.push_back(read_integer(ys->items[k], path + ".years." + std::to_string(k)));
      }
    }
    if (const Node* b = ex.get("before"); b != nullptr) {
      const double before = read_number(*b, path + ".before");
      for (int y = start_; y + 1 <= before + 1e-9 && y <= end_; ++y) c.years.push_back(y);
      if (c.years.empty()) {
        fail(b->where, path + ".before", "no simulated year ends by " + format_number(before));
      }
    }
    for (const int y : c.years) {
      if (y < start_ || y > end_) {
        fail(ex.anchor(), path + ".year",
             "year " + std::to_string(y) + " lies outside the horizon " + std::to_string(start_) +
                 "-" + std::to_string(end_));
      }
    }
    const bool compares = !c.value.empty() || !c.change.empty() || !c.change_pct.empty() ||
                          !c.change_per.empty();
    if (c.invariant.empty() && c.monotone.empty() && !compares) {
      fail(ex.anchor(), path,
           "say what is expected: value, change, change_pct or change_per bounds, monotone, or "
           "invariant");
    }
    if (!c.change.empty() || !c.change_pct.empty() || !c.change_per.empty()) {
      if (c.set.empty() && !c.project) {
        fail(ex.anchor(), path,
             "a change is measured against the base run: give 'set' or 'project' to change");
      }
    }
  }
};

}  // namespace

void convert(const Node& root, Scenario& scenario) {
  Converter(root, scenario).run();
}

}  // namespace clustersim::scenario::detail
