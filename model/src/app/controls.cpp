#include "clustersim/app/controls.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "clustersim/scenario/detail/json_reader.hpp"

namespace clustersim::app {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// Upper ends of annual-amount sliders on a lever the scenario uses nowhere (slider ranges only,
// not model figures): the order of Pingshan's own amounts.
constexpr std::array<double, kNumLevers> kFallbackMax{20.0, 50.0, 100.0, 5000.0};
constexpr double kScaleMax = 3.0;
constexpr double kScaleStep = 0.05;

// The smallest of 1, 2, 5 x 10^k at least x (slider steps that read well).
double nice_step(double x) {
  const double p = std::pow(10.0, std::floor(std::log10(x)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * p >= x * (1 - 1e-12)) return m * p;
  }
  return 10.0 * p;
}

std::string row_id(const scenario::Scenario& s, int row) {
  return row == s.spec.num_clusters() ? std::string("region")
                                      : s.spec.clusters[static_cast<std::size_t>(row)].id;
}

// Shortest text that reads back as the same double (YAML and JSON alike).
std::string exact(double v) {
  std::string t = json(v).dump();
  if (t.size() > 2 && t.compare(t.size() - 2, 2, ".0") == 0) t.resize(t.size() - 2);
  return t;
}

// A double-quoted YAML scalar.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out + "\"";
}

bool event_named(const scenario::Scenario& s, const std::string& name) {
  const auto& ev = s.spec.events;
  const auto& pr = s.spec.projects;
  return std::any_of(ev.begin(), ev.end(), [&](const EventSpec& e) { return e.name == name; }) ||
         std::any_of(pr.begin(), pr.end(), [&](const ProjectSpec& p) { return p.name == name; });
}

}  // namespace

std::vector<Control> controls(const scenario::Scenario& s) {
  const ModelSpec& spec = s.spec;
  const int n = spec.num_clusters();
  std::array<double, kNumLevers> largest{};
  for (int l = 0; l < kNumLevers; ++l) largest[l] = spec.levers[l].maxCoeff();

  auto make = [&](Lever lever, int row) {
    const auto l = static_cast<int>(lever);
    const Eigen::MatrixXd& m = spec.levers[l];
    Control c;
    c.id = std::string(info(lever).key) + "." + row_id(s, row);
    c.lever = lever;
    c.row = row;
    c.unit = std::string(info(lever).unit);
    c.reference = m.row(row).maxCoeff();
    if (c.reference > 0.0) {
      c.kind = Control::Kind::Scale;
      c.base = 1.0;
      c.max = kScaleMax;
      c.step = kScaleStep;
      int first = -1, last = -1;
      for (int y = 0; y < m.cols(); ++y) {
        if (m(row, y) > 0.0) {
          if (first < 0) first = y;
          last = y;
        }
      }
      c.first_year = spec.start_year + first;
      c.last_year = spec.start_year + last;
    } else {
      c.kind = Control::Kind::Amount;
      c.base = 0.0;
      c.reference = 0.0;
      const double top = largest[l] > 0.0 ? 3.0 * largest[l] : kFallbackMax[l];
      c.step = nice_step(top / 100.0);
      c.max = std::ceil(top / c.step) * c.step;
      c.first_year = std::min(spec.start_year + 1, spec.end_year);
      c.last_year = spec.end_year;
    }
    return c;
  };
  std::vector<Control> out;
  for (int i = 0; i < n; ++i) {
    for (int l = 0; l < kNumLevers; ++l) out.push_back(make(static_cast<Lever>(l), i));
  }
  for (int l = 0; l < kNumLevers; ++l) {
    if (kLeverInfo[l].region_allowed) out.push_back(make(static_cast<Lever>(l), n));
  }
  return out;
}

State state_from_json(const json& j, const scenario::Scenario& s,
                      const std::vector<Control>& controls) {
  const scenario::detail::JsonReader root(j, "", "simulator state");
  State state;
  root.object();
  if (root.has("levers")) {
    const auto levers = root.at("levers");
    levers.object();
    for (const auto& item : levers.value().items()) {
      const std::string id = item.key();  // (clang 14 cannot capture a structured binding)
      const auto c = std::find_if(controls.begin(), controls.end(),
                                  [&](const Control& x) { return x.id == id; });
      if (c == controls.end()) levers.fail(id, "no such lever");
      const double v = levers.num(id);
      if (!(v >= c->min && v <= c->max)) {
        levers.fail(id, "outside the slider's range [" + exact(c->min) + ", " + exact(c->max) + "]");
      }
      state.levers[id] = v;
    }
  }
  if (root.has("events")) {
    const auto events = root.at("events");
    events.object();
    for (const auto& [name, on] : events.value().items()) {
      if (!event_named(s, name)) events.fail(name, "no such event");
      if (!on.is_boolean()) events.fail(name, "expected true or false");
      state.events[name] = on.get<bool>();
    }
  }
  return state;
}

ordered_json to_json(const State& state) {
  ordered_json levers = ordered_json::object();
  for (const auto& [id, v] : state.levers) levers[id] = v;
  ordered_json events = ordered_json::object();
  for (const auto& [name, on] : state.events) events[name] = on;
  return {{"levers", levers}, {"events", events}};
}

scenario::Scenario apply(const scenario::Scenario& s, const std::vector<Control>& controls,
                         const State& state) {
  scenario::Scenario out = s;
  ModelSpec& spec = out.spec;
  for (const Control& c : controls) {
    const auto it = state.levers.find(c.id);
    if (it == state.levers.end() || it->second == c.base) continue;
    auto row = spec.levers[static_cast<int>(c.lever)].row(c.row);
    if (c.kind == Control::Kind::Scale) {
      row *= it->second;  // as the scenario format's `scale:` does
    } else {
      for (int y = c.first_year; y <= spec.end_year; ++y) row(y - spec.start_year) = it->second;
    }
  }
  auto off = [&](const std::string& name) {
    const auto it = state.events.find(name);
    return it != state.events.end() && !it->second;
  };
  std::erase_if(spec.events, [&](const EventSpec& e) { return off(e.name); });
  std::erase_if(spec.projects, [&](const ProjectSpec& p) { return off(p.name); });
  return out;
}

std::string whatif_yaml(const scenario::Scenario& s, const std::vector<Control>& controls,
                        const State& state, const sweep::Uncertainty* uncertainty,
                        const std::string& name, const std::string& title) {
  const ModelSpec& spec = s.spec;
  const std::string base_file = s.file.filename().string();
  std::string changes, levers;
  for (int l = 0; l < kNumLevers; ++l) {
    std::string block;
    for (const Control& c : controls) {
      if (static_cast<int>(c.lever) != l) continue;
      const auto it = state.levers.find(c.id);
      if (it == state.levers.end() || it->second == c.base) continue;
      const double v = it->second;
      const std::string key = row_id(s, c.row);
      changes += "#   levers." + c.id + ": " +
                 (c.kind == Control::Kind::Scale ? "x" + exact(v) + " the scenario's amounts"
                                                 : exact(v) + " " + c.unit + " from " +
                                                       std::to_string(c.first_year)) +
                 "\n";
      const Eigen::RowVectorXd row = spec.levers[l].row(c.row) *
                                     (c.kind == Control::Kind::Scale ? v : 0.0);
      if (v == 0.0) {
        block += "    " + key + ": null\n";
        continue;
      }
      block += "    " + key + ": !replace\n";
      if (c.kind == Control::Kind::Scale) {
        std::string years;
        for (int y = 0; y < row.size(); ++y) {
          if (row(y) == 0.0) continue;
          years += (years.empty() ? "" : ", ") + std::to_string(spec.start_year + y) + ": " +
                   exact(row(y));
        }
        block += "      by_year: {" + years + "}\n";
        block += "      source: " +
                 quoted("policy simulator: x" + exact(v) + " the amounts of " + base_file) + "\n";
      } else {
        block += "      steps: {" + std::to_string(c.first_year) + ": " + exact(v) + "}\n";
        block += "      source: " +
                 quoted("policy simulator: " + exact(v) + " " + c.unit + " from " +
                        std::to_string(c.first_year)) +
                 "\n";
      }
      block += "      unit: " + c.unit + "\n";
    }
    if (!block.empty()) levers += "  " + std::string(kLeverInfo[l].key) + ":\n" + block;
  }

  std::vector<std::string> removed;
  for (const auto& [event, on] : state.events) {
    if (!on && event_named(s, event)) removed.push_back(event);
  }
  std::string events;
  for (const auto& e : removed) {
    events += "  " + e + ": null\n";
    changes += "#   events." + e + ": switched off\n";
  }

  // Uncertain inputs on a removed event have nothing to vary: drop them (and their correlations).
  std::string inputs, correlations;
  if (uncertainty != nullptr && !removed.empty()) {
    auto gone = [&](const std::string& path) {
      return std::any_of(removed.begin(), removed.end(), [&](const std::string& e) {
        return path.rfind("events." + e + ".", 0) == 0;
      });
    };
    bool dropped_pair = false;
    std::string kept;
    const auto& u = *uncertainty;
    for (const auto& in : u.inputs) {
      if (gone(in.input.path)) inputs += "    " + in.input.path + ": null\n";
    }
    for (Eigen::Index a = 0; a < u.rank_correlation.rows(); ++a) {
      for (Eigen::Index b = a + 1; b < u.rank_correlation.cols(); ++b) {
        const double rho = u.rank_correlation(a, b);
        if (rho == 0.0) continue;
        const std::string& pa = u.inputs[static_cast<std::size_t>(a)].input.path;
        const std::string& pb = u.inputs[static_cast<std::size_t>(b)].input.path;
        if (gone(pa) || gone(pb)) {
          dropped_pair = true;
        } else {
          kept += "    - [" + pa + ", " + pb + ", " + exact(rho) + "]\n";
        }
      }
    }
    if (dropped_pair) correlations = kept.empty() ? "  correlations: []\n" : "  correlations:\n" + kept;
  }

  std::string y;
  y += "# What-if from the clustersim policy simulator on " + s.name + " (" + base_file + ").\n";
  y += "# Save it next to " + base_file + " and run:  clustersim run <this file>\n";
  y += "# Changes:\n" + (changes.empty() ? std::string("#   none\n") : changes);
  y += "extends: " + base_file + "\n";
  y += "scenario:\n  name: " + name + "\n  title: " + quoted(title) + "\n";
  if (!levers.empty()) y += "levers:\n" + levers;
  if (!events.empty()) y += "events:\n" + events;
  if (!inputs.empty() || !correlations.empty()) {
    y += "uncertainty:\n";
    if (!inputs.empty()) y += "  inputs:\n" + inputs;
    y += correlations;
  }
  return y;
}

}  // namespace clustersim::app
