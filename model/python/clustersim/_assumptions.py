"""The assumptions and sources pages of the review pack, in the audience's language, and two
checks of a scenario's texts that the tests apply to the shipped scenarios:

- :func:`stale_figures`: numbers in hand-written texts that the model computes (a projection
  copied into a note goes stale with the next model or input change);
- :func:`internal_references`: references a meeting's audience cannot follow (the project's
  seed numbers, fact-sheet sections, file paths outside the repository).
"""
from __future__ import annotations

import os
import re
import tempfile
from typing import Optional

import numpy as np

from . import _core, plot
from ._api import Run, Scenario
from ._text import cluster_label, fmt_amount, fmt_quantity, measure_name, pick

_PARAMS = None


def _param_table() -> dict:
    global _PARAMS
    if _PARAMS is None:
        _PARAMS = {(p["scope"], p["key"]): p for p in _core.parameters()}
    return _PARAMS


def param_label(key: str, lang: str, scope: str = "cluster") -> str:
    """A parameter's display name: '基金杠杆倍数' / 'fund leverage' (the key when unknown)."""
    p = _param_table().get((scope, key))
    if p is None:
        return key
    return p["label_zh"] if lang == "zh" else p["label_en"]


def lever_label(key: str, lang: str) -> str:
    for lv in _core.levers():
        if lv["key"] == key:
            return lv["label_zh"] if lang == "zh" else lv["label_en"]
    return key


def display_path(path: str) -> str:
    """A file as a footnote shows it: relative to the working directory when inside it, the bare
    name when in a temporary directory, else as given."""
    if not path or not os.path.isabs(path):
        return path
    real = os.path.realpath(path)
    cwd = os.path.realpath(os.getcwd())
    if real.startswith(cwd + os.sep):
        return os.path.relpath(real, cwd)
    tmp = os.path.realpath(tempfile.gettempdir())
    if real.startswith(tmp + os.sep):
        return os.path.basename(real)
    return path


def _param_value(sc: Scenario, key: str, lang: str) -> Optional[tuple]:
    """(display name, value with unit) of the parameter a note's key names, or None."""
    parts = key.split(".")
    try:
        if len(parts) == 4 and parts[0] == "clusters" and parts[2] == "params":
            scope, name, v = "cluster", parts[3], sc.params.loc[parts[1], parts[3]]
        elif len(parts) == 3 and parts[0] == "defaults" and parts[1] == "params":
            # The defaults' value is the one the clusters that do not set their own take: the
            # value more than half of them share (a cluster or two may override it, as IC's
            # depreciation life does in pingshan-2024); none when there is no such majority.
            counts = sc.params[parts[2]].value_counts()
            if not len(counts) or 2 * counts.iloc[0] <= len(sc.params):
                return None
            scope, name, v = "cluster", parts[2], counts.index[0]
        elif len(parts) == 3 and parts[0] == "region" and parts[1] == "params":
            scope, name, v = "region", parts[2], sc.region_params[parts[2]]
        else:
            return None
    except KeyError:
        return None
    if isinstance(v, float) and np.isnan(v):
        return None
    p = _param_table().get((scope, name))
    unit = p["unit"] if p else "1"
    value = fmt_param(float(v), unit, lang)
    return param_label(name, lang, scope), value


def fmt_param(v: float, unit: str, lang: str) -> str:
    """A parameter's value with its unit, with the digits it was written with: '0.198 1/yr',
    '10 yr', '280.0 万元/person/yr', 'CNY 2.8 m/person/yr'."""
    return fmt_quantity(v, unit, lang, decimals=_decimals(v, unit, lang))


def _decimals(v: float, unit: str, lang: str) -> Optional[int]:
    """Parameters keep their significant digits (0.198, 0.25, 10), up to 6 decimals; values from
    100 up get the amounts' default."""
    from ._text import display_unit
    x = abs(v * display_unit(unit, lang)[1])
    if x >= 100:
        return None
    text = f"{x:.6g}"
    return min(len(text.split(".")[1]), 6) if "." in text and "e" not in text else (
        None if "e" in text else 0)


def _lever_lines(sc: Scenario, lang: str, notes: dict) -> list:
    out = []
    for info in _core.levers():
        key = info["key"]
        df = sc.lever(key)
        for row in df.columns:
            values = df[row].to_numpy()
            if not np.any(values):
                continue
            who = (("区域共享" if lang == "zh" else "region pool") if row == "region"
                   else cluster_label(sc.cluster_info(row), lang))
            years = df.index[values != 0]
            span = f"{years.min()}–{years.max()}" if years.min() != years.max() else f"{years.min()}"
            amounts = sorted(set(np.round(values[values != 0], 6)))
            unit = info["unit"]
            amount = (fmt_quantity(amounts[0], unit, lang) if len(amounts) == 1 else
                      f"{fmt_quantity(amounts[0], unit, lang)}–{fmt_quantity(amounts[-1], unit, lang)}")
            total = fmt_quantity(float(values.sum()), unit.split("/")[0], lang)
            label = lever_label(key, lang)
            text = (f"{label} · {who}：{span} 年每年 {amount}，合计 {total}" if lang == "zh" else
                    f"{label[:1].upper() + label[1:]} · {who}: {amount} in {span}, {total} in all")
            out.append((text, notes.get(f"levers.{key}.{row}")))
    return out


def _sources_lines(sc: Scenario, lang: str) -> list:
    """The sources as documents: every cited document with title, publisher, date, address and
    tag; other entries of scenario.sources as written (seed numbers named by their document)."""
    lines = []
    cited = sc.cited_sources
    ids = set(cited["id"])
    comma = "，" if lang == "zh" else ", "
    for _, d in cited.iterrows():
        meta = comma.join(x for x in (d["publisher"], d["date"]) if x)
        lines.append(("t", f"[{d['id']}] {d['title']}" + (comma + meta if meta else "")))
        tag = (f"（{d['tag']}）" if lang == "zh" else f"({d['tag']})") if d["tag"] else ""
        extra = " ".join(x for x in (d["address"], tag) if x)
        if extra:
            lines.append(("n", extra))
    for s in sc.sources:
        if s.strip() not in ids:
            lines.append(("t", "• " + source_entry(s)))
    return lines


def source_entry(text: str) -> str:
    """An entry of scenario.sources as the audience reads it: without the project's own label
    in front of the document (a 'seed 4:' before 深坪府[2024]1号 is dropped)."""
    return re.sub(r"^\s*seed\s*\d+\s*[:：]\s*", "", text)


def assumption_lines(sc: Scenario, run: Run, lang: str) -> list:
    """(kind, text) lines of the assumptions and sources pages: kind 'h' heading, 't' text,
    'n' note (indented, smaller). Texts in `lang` (notes_en, source_en, ... in English when the
    scenario gives them), printed literally; every value with its unit."""
    from ._pages import baseline_within

    zh = lang == "zh"
    frame = sc.notes
    notes = {k: pick(t, e, lang) for k, t, e in zip(frame["key"], frame["text"], frame["text_en"])}
    L = []
    L.append(("h", "情景与模型" if zh else "Scenario and model"))
    title = sc.text("title", lang)
    L.append(("t", f"{title}（{sc.name}）" if zh else f"{title} ({sc.name})"))
    description = sc.text("description", lang)
    if description:
        L.append(("n", description))
    L.append(("t", ("文件：" if zh else "Files: ") + " → ".join(display_path(f) for f in sc.files)))
    if sc.overrides:
        L.append(("t", ("设定（--set）：" if zh else "Overrides (--set): ") + "; ".join(sc.overrides)))
    st = run.stats
    L.append(("t", (f"clustersim {_core.version()}，求解器 {st['solver']}（rtol {st['rtol']:g}，"
                    f"atol {st['atol']:g}），{st['steps']} 步，基年复现误差不超过 {baseline_within(run)}")
              if zh else
              (f"clustersim {_core.version()}, solver {st['solver']} (rtol {st['rtol']:g}, "
               f"atol {st['atol']:g}), {st['steps']} steps, baseline reproduced within "
               f"{baseline_within(run)}")))
    L.append(("n", "模型方程、参数默认值及其来源见 docs/model.md；输出口径见 docs/outputs.md。" if zh else
              "Equations, parameter defaults and their sources: docs/model.md; output "
              "conventions: docs/outputs.md."))
    L.append(("h", "来源" if zh else "Sources"))
    L += _sources_lines(sc, lang)
    L.append(("h", "基年数据" if zh else "Baselines"))
    for cid, c in sc.clusters.iterrows():
        value = fmt_quantity(c["baseline"], c["unit"], lang)
        who = cluster_label(dict(c, id=cid), lang)
        m = measure_name(c["measure"], lang)
        L.append(("t", f"{who}：{c['baseline_year']} 年{m} {value}" if zh else
                  f"{who}: {m.lower()} {c['baseline_year']} {value}"))
        L.append(("n", plot.cite(pick(c["baseline_source"], c["baseline_source_en"], lang), sc)))
    L.append(("h", "目标" if zh else "Targets"))
    for _, t in sc.targets.iterrows():
        who = cluster_label(sc.cluster_info(t["cluster"]), lang)
        value = fmt_quantity(t["value"], t["unit"], lang)
        L.append(("t", f"{who} {t['year']}：{value}" if zh else f"{who} {t['year']}: {value}"))
        L.append(("n", plot.cite(pick(t["source"], t["source_en"], lang), sc)))
    L.append(("h", "政策杠杆" if zh else "Policy levers"))
    for text, note in _lever_lines(sc, lang, notes):
        L.append(("t", text))
        if note:
            L.append(("n", note))
    events = sc.events
    if len(events):
        L.append(("h", "事件与重大项目" if zh else "Events and major projects"))
        for _, e in events.iterrows():
            L.append(("t", event_text(sc, e, lang)))
            note = notes.get(f"events.{e['name']}")
            if note:
                L.append(("n", note))
    L.append(("h", "参数与假设" if zh else "Parameters and assumptions"))
    for key, text in notes.items():
        if key.startswith(("levers.", "events.", "targets.")) or key.endswith(".baseline") \
                or key.endswith(".baseline.value"):
            continue
        shown = _param_value(sc, key, lang)
        if shown is not None:
            label, value = shown
            L.append(("t", f"{label}（{key}）= {value}" if zh else f"{label} ({key}) = {value}"))
        else:
            L.append(("t", key))
        L.append(("n", text))
    pcs = sc.potential_clusters
    if len(pcs):
        L.append(("h", "潜在集群（列出，未模拟）" if zh else "Potential clusters (listed, not simulated)"))
        for _, p in pcs.iterrows():
            L.append(("t", f"{p['name']}（{p['name_en']}）" if zh else f"{p['name_en']} ({p['name']})"))
            note = pick(p["note"], p["note_en"], lang)
            if note:
                L.append(("n", note))
    L.append(("n", "未在情景中设定的参数取模型默认值（多为假设），见 docs/model.md §12。" if zh else
              "Parameters the scenario does not set keep the model defaults (mostly "
              "assumptions), docs/model.md §12."))
    return L


def event_text(sc: Scenario, e, lang: str) -> str:
    zh = lang == "zh"
    if e["kind"] == "project":
        capex = fmt_quantity(e["value"], "亿元", lang)
        return (f"{e['name']}：重大项目（{e['target']}），投资 {capex}，{e['start']:.2f}–{e['end']:.2f} 年建设"
                if zh else f"{e['name']}: major project ({e['target']}), capex {capex}, built "
                           f"{e['start']:.2f}–{e['end']:.2f}")
    when = f"{e['start']:.2f}" if e["kind"] == "step" else f"{e['start']:.2f}–{e['end']:.2f}"
    value = _event_value(sc, e, lang)
    op = {"to": ("设为", "set to"), "scale": ("乘以", "scaled by"), "add": ("增加", "plus")}[e["op"]]
    return (f"{e['name']}：{e['target']} {op[0]} {value}（{'阶跃' if e['kind'] == 'step' else '渐变'}，{when} 年）"
            if zh else f"{e['name']}: {e['target']} {op[1]} {value} ({e['kind']}, {when})")


def _event_value(sc: Scenario, e, lang: str) -> str:
    """The event's value with the unit of its target (a scale has none)."""
    v = float(e["value"])
    if e["op"] == "scale":
        return f"{v:g}"
    parts = e["target"].split(".")
    unit = "1"
    if parts[0] == "levers":
        unit = next((lv["unit"] for lv in _core.levers() if lv["key"] == parts[1]), "1")
    elif parts[0] in ("clusters", "region"):
        scope = "cluster" if parts[0] == "clusters" else "region"
        p = _param_table().get((scope, parts[-1]))
        unit = p["unit"] if p else "1"
    return fmt_param(v, unit, lang)


# ---------------------------------------------------------------------------------------------
# Checks of hand-written texts

_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d+(?:\.\d+)?")


def scenario_texts(sc: Scenario) -> list:
    """(key, text) of every hand-written text of a scenario: notes and sources in both
    languages, title and description, the scenario's sources, potential clusters' notes."""
    out = [("scenario.title", sc.title), ("scenario.title_en", sc.title_en),
           ("scenario.description", sc.description),
           ("scenario.description_en", sc.description_en)]
    out += [(f"scenario.sources.{k}", s) for k, s in enumerate(sc.sources)]
    for key, text, text_en in zip(sc.notes["key"], sc.notes["text"], sc.notes["text_en"]):
        out += [(key, text), (key + " (en)", text_en)]
    for _, p in sc.potential_clusters.iterrows():
        out += [(f"potential_clusters.{p['id']}.note", p["note"]),
                (f"potential_clusters.{p['id']}.note_en", p["note_en"])]
    return [(k, t) for k, t in out if isinstance(t, str) and t.strip()]


# A unit after a number that says it is not an annual output in 亿元 (a count, an area, a rate, a
# per-person figure): such numbers are not compared with the projections.
_NOT_OUTPUT = re.compile(r"\s*(?:万亿元|万元|元/|万辆|辆|ha\b|公顷|万?m²|m2\b|km²|亩|万?人|persons?\b|%|"
                         r"yr\b|年\b|天|days?\b|×|x\b|/)")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _significant(number: str) -> int:
    digits = number.replace(",", "")
    if "." in digits:
        return len(digits.replace(".", "").lstrip("0"))
    return len(digits.lstrip("0").rstrip("0"))


def _clusters_named(sc: Scenario, key: str, text: str) -> set:
    """The clusters a text is about: the one its key belongs to, and those it names (id as a
    word, Chinese or English name); 'all' for the sum when it names 合计 / total."""
    ids = set()
    parts = key.split(".")
    if parts[0] == "clusters" and len(parts) > 1:
        ids.add(parts[1])
    if parts[0] == "levers" and len(parts) > 2 and parts[2] in sc.cluster_ids:
        ids.add(parts[2])
    for cid in sc.cluster_ids:
        info = sc.cluster_info(cid)
        if re.search(rf"(?<![A-Za-z0-9_]){re.escape(cid)}(?![A-Za-z0-9_])", text, re.I) or \
                (info.get("name") and info["name"] in text) or \
                (info.get("name_en") and info["name_en"].lower() in text.lower()):
            ids.add(cid)
    if re.search(r"合计|总产值|all clusters|\btotal\b", text, re.I):
        ids.add("all")
    return ids


def stale_figures(scenario, run: Optional[Run] = None, tolerance: float = 0.005) -> list:
    """Figures in the scenario's hand-written texts that copy what the model computes: a number
    within `tolerance` (relative) of a projected annual output of a cluster (or of the sum) that
    the text is about, in a year the text names. A text is about the cluster its key belongs to
    (clusters.<id>..., levers.<lever>.<id>) and the clusters it names (id, Chinese or English
    name); the sum when it says 合计 or total. Not compared: numbers with fewer than three
    significant digits (round figures), years, numbers followed by a unit other than 亿元 (万元,
    persons, ha, %, ...), and the scenario's inputs (baselines, target values); projections of the
    baseline year reproduce inputs and are left out too. Each finding is a dict: key, text, number,
    projection (what it matches), value. Such a figure goes stale with the next change of the
    model or the inputs: quote the pack's table instead."""
    from ._api import as_scenario

    sc = as_scenario(scenario)
    run = run if run is not None else sc.run(sweep=0)
    out = run.output
    projections = {}
    for cid in run.cluster_ids:
        for y in run.years[1:]:
            projections[(cid, int(y))] = float(out.loc[y, cid])
    if len(set(sc.clusters["unit"])) == 1:
        for y in run.years[1:]:
            projections[("all", int(y))] = float(out.loc[y].sum())
    inputs = set(round(float(v), 6) for v in sc.clusters["baseline"])
    inputs |= set(round(float(v), 6) for v in sc.targets["value"])
    findings = []
    for key, text in scenario_texts(sc):
        years = {int(y) for y in _YEAR.findall(text)}
        about = _clusters_named(sc, key, text)
        candidates = [(v, c, y) for (c, y), v in projections.items() if c in about and y in years]
        if not candidates:
            continue
        for m in _NUMBER.finditer(text):
            written = m.group()
            number = float(written.replace(",", ""))
            if _significant(written) < 3 or round(number, 6) in inputs or \
                    (1900 <= number <= 2100 and "." not in written and "," not in written) or \
                    _NOT_OUTPUT.match(text, m.end()):
                continue
            for value, cid, year in candidates:
                if abs(value - number) <= tolerance * abs(value):
                    findings.append({"key": key, "text": text, "number": written,
                                     "projection": f"output {cid} {year}",
                                     "value": fmt_amount(value)})
                    break
    return findings


_INTERNAL = [
    (re.compile(r"\bseed\s*\d{3}\b", re.I), "the project's seed number: cite the document"),
    (re.compile(r"facts\.md|facts\s*§", re.I), "the project's fact sheet: cite the original source"),
    (re.compile(r"(?<![\w:])/(?:work|home|tmp|root|Users)/\S+"), "a path outside the repository"),
]


def internal_references(scenario) -> list:
    """Texts that cite what a meeting's audience cannot follow: the project's seed numbers
    ('seed' and three digits), sections or the file of its fact sheet, absolute paths. Each
    finding: key, text, reference, why."""
    from ._api import as_scenario

    sc = as_scenario(scenario)
    found = []
    for key, text in scenario_texts(sc):
        for pattern, why in _INTERNAL:
            m = pattern.search(text)
            if m:
                found.append({"key": key, "text": text, "reference": m.group(), "why": why})
    return found
