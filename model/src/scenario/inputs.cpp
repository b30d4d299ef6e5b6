#include "clustersim/scenario/inputs.hpp"

#include <algorithm>
#include <vector>

#include "clustersim/scenario/paths.hpp"

namespace clustersim::scenario {
namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

}  // namespace

void Input::apply(ModelSpec& spec, double value) const {
  switch (kind) {
    case Kind::ClusterParam: spec.clusters[cluster].params[index] = value; break;
    case Kind::RegionParam: spec.region[index] = value; break;
    case Kind::LeverScale: spec.levers[index].row(cluster) *= value; break;
    case Kind::LeverAdd: spec.levers[index].row(cluster).array() += value; break;
    case Kind::EventValue: spec.events[index].value = value; break;
    case Kind::EventStart: {
      auto& e = spec.events[index];
      const double duration = e.end - e.start;
      e.start = value;
      e.end = value + duration;
      break;
    }
    case Kind::ProjectCapex: spec.projects[index].capex = value; break;
    case Kind::ProjectStart: spec.projects[index].start = value; break;
    case Kind::Baseline: spec.clusters[cluster].baseline_output = value; break;
  }
}

Input resolve_input(const Scenario& s, const std::string& path) {
  const auto parts = split_path(path);
  Input in;
  in.path = path;
  auto fail = [&](const std::string& why) -> Input {
    throw std::invalid_argument("'" + path + "': " + why);
  };

  if (parts.size() == 3 && parts[0] == "events") {
    const auto& events = s.spec.events;
    const auto& projects = s.spec.projects;
    const auto ev = std::find_if(events.begin(), events.end(),
                                 [&](const EventSpec& e) { return e.name == parts[1]; });
    const auto pr = std::find_if(projects.begin(), projects.end(),
                                 [&](const ProjectSpec& p) { return p.name == parts[1]; });
    if (ev != events.end()) {
      in.index = static_cast<int>(ev - events.begin());
      if (parts[2] == "value") {
        in.kind = Input::Kind::EventValue;
        in.base = ev->value;
        in.unit = ev->op == EventOp::Scale ? "1" : "";  // set/add: the target's unit
      } else if (parts[2] == "at") {
        in.kind = Input::Kind::EventStart;
        in.base = ev->start;
        in.unit = "yr";
      } else {
        return fail("an event's uncertain fields are 'value' and 'at'" +
                    did_you_mean(parts[2], {"value", "at"}));
      }
      return in;
    }
    if (pr != projects.end()) {
      in.index = static_cast<int>(pr - projects.begin());
      if (parts[2] == "capex") {
        in.kind = Input::Kind::ProjectCapex;
        in.base = pr->capex;
        in.unit = "亿元";
        in.lower = 0.0;
      } else if (parts[2] == "start") {
        in.kind = Input::Kind::ProjectStart;
        in.base = pr->start;
        in.unit = "yr";
      } else {
        return fail("a project's uncertain fields are 'capex' and 'start'" +
                    did_you_mean(parts[2], {"capex", "start"}));
      }
      return in;
    }
    std::vector<std::string> names;
    for (const auto& e : events) names.push_back(e.name);
    for (const auto& p : projects) names.push_back(p.name);
    return fail("unknown event '" + parts[1] + "'" + did_you_mean(parts[1], names));
  }

  const ClusterNames clusters = cluster_names(s);
  if (parts.size() == 3 && parts[0] == "clusters" && parts[2] == "baseline") {
    const auto c = find_cluster(clusters, parts[1]);
    if (!c) return fail(unknown_cluster(clusters, parts[1]));
    in.kind = Input::Kind::Baseline;
    in.cluster = *c;
    in.base = s.spec.clusters[in.cluster].baseline_output;
    in.unit = "亿元";
    in.lower = 0.0;
    return in;
  }

  // levers.<lever>.<id|region>.add: an amount added in every year.
  const bool add = parts.size() > 1 && parts.back() == "add";
  if (add && (parts.size() != 4 || parts[0] != "levers")) {
    return fail("'.add' applies to lever paths: levers.<lever>.<id|region>.add");
  }
  // clusters.<id>.params.<key> is accepted as written in scenario files.
  std::string grammar_path = add ? path.substr(0, path.size() - 4) : path;
  if (parts.size() == 4 && parts[0] == "clusters" && parts[2] == "params") {
    grammar_path = "clusters." + parts[1] + "." + parts[3];
  } else if (parts.size() == 3 && parts[0] == "region" && parts[1] == "params") {
    grammar_path = "region." + parts[2];
  }
  const auto parsed = parse_input_path(grammar_path, clusters);
  if (!parsed.path) {
    return fail(parsed.error +
                (parts.empty() || (parts[0] != "clusters" && parts[0] != "region" &&
                                   parts[0] != "levers")
                     ? std::string(" or events.<name>.<value|at|capex|start>")
                     : std::string()));
  }
  const EventTarget& t = parsed.path->target;
  in.index = t.index;
  in.cluster = t.cluster;
  switch (t.kind) {
    case EventTarget::Kind::ClusterParam:
      in.kind = Input::Kind::ClusterParam;
      in.base = s.spec.clusters[t.cluster].params[t.index];
      break;
    case EventTarget::Kind::RegionParam:
      in.kind = Input::Kind::RegionParam;
      in.base = s.spec.region[t.index];
      break;
    case EventTarget::Kind::Lever:
      in.kind = add ? Input::Kind::LeverAdd : Input::Kind::LeverScale;
      in.base = add ? 0.0 : 1.0;
      in.unit = add ? std::string(kLeverInfo[static_cast<std::size_t>(t.index)].unit) : "1";
      in.lower = add ? -kInf : 0.0;
      return in;
  }
  in.unit = parsed.path->unit;
  in.lower = parsed.path->param->lower;
  in.upper = parsed.path->param->upper;
  return in;
}

}  // namespace clustersim::scenario
