"""The review pack's workbook: the tables behind the charts, one sheet each, and one sheet per
policy lever in the layout ``clustersim import-levers`` reads back (a row per cluster, a column
per year, a unit row), so that a schedule edited in Excel or WPS becomes a what-if.

Values keep the model's units as the scenario files write them (亿元, ha, 万m², persons), in
both languages: the workbook is for checking and editing, and an edited lever sheet must read
back in a unit the scenario format knows.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Mapping, Optional

import numpy as np
import pandas as pd

from . import _core, plot
from ._api import Run, Scenario
from ._assumptions import display_path, lever_label, source_entry
from ._text import cluster_label, constraint_name, measure_name, pick, variable_name
from ._verdict import Probabilities, as_probabilities, verdicts

# Headers of a lever sheet's first two columns and of its unit row: (zh, en).
LEVER_ID = ("集群代码", "cluster id")
LEVER_NAME = ("集群", "cluster")
LEVER_UNIT = ("单位", "unit")
REGION_NAME = ("区域共享", "region pool")


def lever_sheet(sc: Scenario, key: str, lang: str) -> pd.DataFrame:
    """One lever's schedule: a unit row, then a row per cluster (and the region pool where the
    lever has one), a column per simulated year, amounts in the lever's unit."""
    zh = lang == "zh"
    info = next(lv for lv in _core.levers() if lv["key"] == key)
    df = sc.lever(key)
    rows = [c for c in sc.cluster_ids] + (["region"] if info["region_allowed"] else [])
    years = [int(y) for y in df.index]
    data = [[LEVER_UNIT[0] if zh else LEVER_UNIT[1], ""] + [info["unit"]] * len(years)]
    for r in rows:
        name = (REGION_NAME[0] if zh else REGION_NAME[1]) if r == "region" else \
            cluster_label(sc.cluster_info(r), lang)
        data.append([r, name] + [float(v) for v in df[r].to_numpy()])
    return pd.DataFrame(data, columns=[LEVER_ID[0] if zh else LEVER_ID[1],
                                       LEVER_NAME[0] if zh else LEVER_NAME[1]] + years)


def lever_sheet_names(lang: str) -> dict:
    """Lever key -> the name of its sheet in a `lang` workbook."""
    return {lv["key"]: lever_label(lv["key"], lang) for lv in _core.levers()}


def sheet_frames(run: Run, lang: str, probabilities: Optional[Probabilities] = None) -> dict:
    """Sheet name -> DataFrame, in the workbook's order."""
    sc = run.scenario
    zh = lang == "zh"
    t = run.targets
    probabilities = as_probabilities(probabilities, run)
    vs = verdicts(t, probabilities, lang)
    targets = pd.DataFrame({
        ("集群" if zh else "cluster"): t["name"] if zh else t["name_en"],
        ("集群代码" if zh else "cluster id"): t["cluster"],
        ("年份" if zh else "year"): t["year"],
        ("目标" if zh else "target"): t["target"],
        ("预测" if zh else "projected"): t["projected"],
        ("单位" if zh else "unit"): t["unit"],
        ("差距" if zh else "gap"): t["gap_pct"] / 100,
        ("结论" if zh else "verdict"): [v.text for v in vs],
        ("首次达标年份" if zh else "first year reached"): t["first_year_reached"],
        ("所需年均增速" if zh else "CAGR required"): t["cagr_required"],
        ("预测年均增速" if zh else "CAGR projected"): t["cagr_projected"],
        ("约束因素" if zh else "binding"): [constraint_name(b, lang, short=True) for b in t["binding"]],
        ("口径" if zh else "measure"): [measure_name(m, lang) for m in t["measure"]],
        ("基年" if zh else "baseline year"): t["baseline_year"],
        ("基年数值" if zh else "baseline"): t["baseline"],
        ("来源" if zh else "source"): [plot.cite(pick(s, e, lang), sc) for s, e in
                                       zip(sc.targets["source"], sc.targets["source_en"])],
    })
    if probabilities is not None:
        targets.insert(8, ("达标概率" if zh else "probability"),
                       [np.nan if p is None else p for p in probabilities.values])
        if probabilities.seed is not None:  # the run's own sweep: its median beside the projection
            targets.insert(9, ("模拟中位数" if zh else "sweep median"), t["sweep_median"])
            targets.insert(10, ("输入取中位数时的预测" if zh else "at input medians"),
                           t["at_input_medians"])
    output = run.output.copy()
    output.columns = [cluster_label(sc.cluster_info(c), lang) for c in output.columns]
    output.index.name = "年份" if zh else "year"
    binding = run.binding.astype(str).applymap(lambda k: constraint_name(k, lang, short=True))
    binding.columns = output.columns
    binding.index.name = output.index.name
    traj = run.trajectories
    units = {v["name"]: v["unit"] for v in _core.variables()}
    traj["unit"] = [units[v] for v in traj["variable"]]
    out_units = dict(zip(sc.cluster_ids, sc.clusters["unit"]))
    is_out = traj["variable"] == "output"
    traj.loc[is_out, "unit"] = traj.loc[is_out, "cluster"].map(out_units)
    traj.insert(3, "name", [variable_name(v, lang) for v in traj["variable"]])
    pinfo = pd.DataFrame(_core.parameters())
    cp = pinfo[pinfo["scope"] == "cluster"].set_index("key")
    params = sc.params.T
    params.columns = [cluster_label(sc.cluster_info(c), lang) for c in params.columns]
    params.insert(0, "name", cp["label_zh" if zh else "label_en"])
    params.insert(1, "unit", cp["unit"])
    params["default"] = cp["default"]
    params["source"] = cp["source"]
    params.index.name = "parameter"
    region = pd.DataFrame({"value": sc.region_params})
    rp = pinfo[pinfo["scope"] == "region"].set_index("key")
    region.insert(0, "name", rp["label_zh" if zh else "label_en"])
    region["unit"] = rp["unit"]
    region["default"] = rp["default"]
    region["source"] = rp["source"]
    region.index.name = "region parameter"
    notes = sc.notes.rename(columns={"text": "说明" if zh else "text (zh)",
                                     "text_en": "English" if zh else "text"})
    cited = sc.cited_sources
    other = [s for s in sc.sources if s.strip() not in set(cited["id"])]
    sources = pd.concat([cited.drop(columns=["note"]),
                         pd.DataFrame({"id": [""] * len(other),
                                       "title": [source_entry(s) for s in other]})],
                        ignore_index=True).fillna("")
    st = run.stats
    info = pd.DataFrame({"item": ["scenario", "title", "files", "overrides", "inputs hash",
                                  "clustersim", "solver", "rtol", "atol", "steps",
                                  "max_baseline_error", "generated"],
                         "value": [sc.name, sc.text("title", lang),
                                   " -> ".join(display_path(f) for f in sc.files),
                                   "; ".join(sc.overrides), sc.inputs_hash, _core.version(),
                                   st["solver"], st["rtol"], st["atol"], st["steps"],
                                   st["max_baseline_error"],
                                   _dt.datetime.now().isoformat(timespec="seconds")]})
    frames = {}
    names = (["目标", "产值", "约束因素", "全部序列"] if zh else
             ["targets", "output", "binding", "series"])
    frames.update(zip(names, [targets, output, binding, traj]))
    for key, name in lever_sheet_names(lang).items():
        frames[name] = lever_sheet(sc, key, lang)
    names = (["集群参数", "区域参数", "事件", "假设说明", "来源", "运行信息"] if zh else
             ["cluster parameters", "region parameters", "events", "assumptions", "sources", "run"])
    frames.update(zip(names, [params, region, sc.events, notes, sources, info]))
    return frames


def write_workbook(path: Path, frames: Mapping[str, pd.DataFrame], lang: str) -> list:
    """Write the sheets with readable widths, frozen headers, filters and number formats."""
    levers = set(lever_sheet_names(lang).values())
    with pd.ExcelWriter(path, engine="xlsxwriter",
                        engine_kwargs={"options": {"nan_inf_to_errors": True}}) as writer:
        book = writer.book
        header = book.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1,
                                  "text_wrap": True, "valign": "top"})
        unit_row = book.add_format({"italic": True, "bg_color": "#F3F3F3"})
        amount = book.add_format({"num_format": "#,##0.0"})
        pct = book.add_format({"num_format": "0.0%"})
        for name, df in frames.items():
            index = not isinstance(df.index, pd.RangeIndex)
            df.to_excel(writer, sheet_name=name, index=index)
            ws = writer.sheets[name]
            cols = ([df.index.name or ""] if index else []) + list(df.columns)
            for j, c in enumerate(cols):
                # Years stay numbers in the header (a lever sheet is read back by year).
                ws.write(0, j, c if isinstance(c, (int, np.integer)) else str(c), header)
                series = (df.index.to_series() if index and j == 0
                          else df.iloc[:, j - (1 if index else 0)])
                width = max([len(str(c)) * (2 if any(ord(ch) > 0x2E80 for ch in str(c)) else 1)]
                            + [min(60, len(str(v))) for v in series.head(200)]) + 2
                fmt = None
                if series.dtype.kind == "f":
                    lower = str(c).lower()
                    fmt = pct if (("增速" in lower or "差距" in lower or "cagr" in lower
                                   or lower == "gap" or "概率" in lower
                                   or "probability" in lower)) else amount
                ws.set_column(j, j, min(max(width, 8), 70), fmt)
            if name in levers:
                ws.set_row(1, None, unit_row)
                ws.freeze_panes(2, 2)
                continue
            ws.freeze_panes(1, 1 if index else 0)
            if len(df):
                ws.autofilter(0, 0, len(df), len(cols) - 1)
    return list(frames)
