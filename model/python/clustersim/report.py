"""The review pack: one command writes what a policy review meeting needs.

    python3 -m clustersim.report SCENARIO.yaml --out DIR [--set KEY=VALUE]... [--sweep DIR|SWEEP.yaml]
                                 [--lang zh|en] [--dpi N] [--quiet]
    clustersim report SCENARIO.yaml --out DIR ...        (the same, through the command)

DIR receives

- ``<scenario>-review.pdf``: a summary page (every target with its projection, gap, verdict and,
  with ``--sweep``, the probability of reaching it; the main findings), the projections against
  the targets, the binding constraints by year, one page per cluster, a sensitivity page (with
  ``--sweep``), and the assumptions and sources;
- ``charts/``: every chart of the PDF as PNG (for slides) and SVG (for editing);
- ``<scenario>-tables.xlsx``: the tables behind the charts (targets, output, binding
  constraints, every series, levers, parameters, events, assumptions and sources, run
  information; with ``--sweep`` also probabilities, bands and sensitivities).

Everything is written into a temporary directory first and moved into DIR at the end, so a
failure leaves DIR as it was. Exit codes as for the command: 0 success, 2 bad input, 1 other
failures; errors are one line on stderr.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, List, Mapping, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core, plot
from ._api import Run, Scenario, as_scenario
from ._text import (check_lang, cluster_label, colon, constraint_name, fmt_amount, fmt_pct,
                    measure_name, sep, unit_name, variable_name, word, wrap)

__all__ = ["Pack", "build", "main"]

A4_LANDSCAPE = (11.69, 8.27)


@dataclass
class Pack:
    """What :func:`build` wrote."""

    directory: Path
    pdf: Path
    workbook: Path
    charts: List[Path] = field(default_factory=list)  # PNG and SVG files
    pages: int = 0
    sheets: List[str] = field(default_factory=list)
    run: Optional[Run] = None
    sweep: Any = None


# ---------------------------------------------------------------------------------------------
# Pages


def _findings(run: Run, lang: str, probabilities=None) -> list:
    """The summary page's findings, one sentence each."""
    t = run.targets
    n = len(t)
    lines = []
    if n == 0:
        return ["本情景没有设定目标。" if lang == "zh" else "The scenario sets no targets."]
    reached = t[t["reached"]]
    names = [f"{(r['name'] if lang == 'zh' else r['name_en'])} {r['year']}"
             for _, r in reached.iterrows()]
    if lang == "zh":
        lines.append(f"在本情景下，{n} 项目标中预计 {len(reached)} 项达标"
                     + (f"（{'、'.join(names)}）。" if names else "。"))
    else:
        lines.append(f"Under this scenario {len(reached)} of {n} targets are reached"
                     + (f" ({', '.join(names)})." if names else "."))
    missed = t[~t["reached"]].dropna(subset=["gap_pct"])
    if len(missed):
        w = missed.loc[missed["gap_pct"].idxmin()]
        unit = unit_name(w["unit"], lang)
        if lang == "zh":
            lines.append(f"差距最大：{w['name']} {w['year']} 年目标 {fmt_amount(w['target'])} {unit}，"
                         f"预测 {fmt_amount(w['projected'])} {unit}（{fmt_pct(w['gap_pct'], sign=True)}），"
                         f"需年均增长 {100 * w['cagr_required']:.1f}%，预测 {100 * w['cagr_projected']:.1f}%。")
        else:
            lines.append(f"Largest gap: {w['name_en']} {w['year']}, target {fmt_amount(w['target'])}"
                         f" {unit}, projected {fmt_amount(w['projected'])} {unit} "
                         f"({fmt_pct(w['gap_pct'], sign=True)}); it needs "
                         f"{100 * w['cagr_required']:.1f}%/yr, the projection grows "
                         f"{100 * w['cagr_projected']:.1f}%/yr.")
    counts = t["binding"].value_counts()
    parts = [f"{constraint_name(k, lang, short=True)} {v}" + (" 项" if lang == "zh" else "")
             for k, v in counts.items()]
    lines.append(("目标年份约束产出的因素：" + "，".join(parts) + "。") if lang == "zh" else
                 "What limits output in the target years: " + ", ".join(parts) + ".")
    if probabilities is not None:
        p = np.asarray(probabilities, dtype=float)
        hi, lo = int(np.sum(p >= 0.8)), int(np.sum(p <= 0.2))
        mid = len(p) - hi - lo
        lines.append(f"不确定性分析：达标概率 ≥ 80% 的目标 {hi} 项，20%–80% 的 {mid} 项，≤ 20% 的 {lo} 项。"
                     if lang == "zh" else
                     f"Uncertainty: {hi} targets reached with probability ≥ 80%, {mid} between "
                     f"20% and 80%, {lo} at most 20%.")
    within = baseline_within(run)
    lines.append(f"各集群 {run.start_year} 年产值复现基年数据，误差不超过 {within}。"
                 if lang == "zh" else
                 f"The {run.start_year} baseline of every cluster is reproduced within {within}.")
    return lines


def baseline_within(run: Run) -> str:
    """The baseline error as the command's note writes it: '0.001%' or less, else 3 decimals."""
    pct = 100 * run.stats["max_baseline_error"]
    return "0.001%" if pct < 0.001 else f"{pct:.3f}%"


def summary_page(run: Run, lang: str = "zh", probabilities=None):
    """Page 1: title, findings and the target table."""
    sc = run.scenario
    t = run.targets
    probs = list(probabilities) if probabilities is not None else None
    unit = plot._common_unit(t)
    rows = [plot._target_cells(r, lang, short=False, with_unit=unit is None,
                               probability=None if probs is None else probs[k])
            for k, (_, r) in enumerate(t.iterrows())]
    findings = _findings(run, lang, probs)
    # Display columns per line: a CJK character is two columns of ~0.5 em, Latin ~0.56 em.
    columns = int((A4_LANDSCAPE[0] - 0.6) * 72 / (10.5 * 0.56))
    text = "\n".join("• " + "\n   ".join(wrap(line, columns)) for line in findings)
    text_h = (text.count("\n") + 1) * 10.5 * 1.7 / 72 + 0.2  # inches
    with plot._styled(lang):
        fig = plot._figure(A4_LANDSCAPE)
        gs = fig.add_gridspec(2, 1, height_ratios=[text_h, max(2.0, 6.3 - text_h)])
        fax = fig.add_subplot(gs[0])
        fax.axis("off")
        fax.text(0.0, 1.0, text, transform=fax.transAxes, va="top", fontsize=10.5,
                 linespacing=1.7, gid="findings")
        tax = fig.add_subplot(gs[1])
        tax.axis("off")
        if rows:
            tbl = tax.table(cellText=rows, loc="upper center", cellLoc="center",
                            colLabels=plot.target_columns(lang, probability=probs is not None,
                                                          unit=unit), gid="targets-table")
            plot._style_table(tbl, rows, lang, fontsize=12.0 if lang == "zh" else 9.0)
        today = _dt.date.today().isoformat()
        region = sc.region["name"] if lang == "zh" else (sc.region["name_en"] or sc.region["name"])
        subtitle = (f"{region}，{sc.start_year}–{sc.end_year} 年，情景 {sc.name}，{today} 生成"
                    if lang == "zh" else
                    f"{region}, {sc.start_year}–{sc.end_year}, scenario {sc.name}, made {today}")
        notes = [word("annual_flow", lang),
                 "差距 =（预测 − 目标）/ 目标；增速为自基年起的年均复合增长率" if lang == "zh" else
                 "gap = (projected − target) / target; growth rates are compound annual rates "
                 "from the baseline year"]
        if probs is not None:
            notes.append("达标概率来自不确定性抽样（见敏感性页）" if lang == "zh" else
                         "probabilities from the uncertainty sweep (see the sensitivity page)")
        title = (f"{sc.title}{colon(lang)}目标评估" if lang == "zh"
                 else f"{sc.title}: review of the targets")
        plot._finish(fig, title, plot.sources_note(sc, lang, t["source"],
                                                   extra=sep(lang).join(notes)),
                     subtitle=subtitle)
    return fig


def _lever_lines(sc: Scenario, lang: str, notes: dict) -> list:
    out = []
    lever_info = {l["key"]: l for l in _core.levers()}
    names = {"fund": ("产业基金", "Industry funds"), "land": ("工业用地供应", "Industrial land"),
             "floor": ("工业上楼厂房", "High-rise factory floor"),
             "talent": ("人才计划", "Talent programmes")}
    for key, info in lever_info.items():
        df = sc.lever(key)
        for row in df.columns:
            values = df[row].to_numpy()
            if not np.any(values):
                continue
            unit = unit_name(info["unit"], lang)
            who = (("区域共享" if lang == "zh" else "region pool") if row == "region"
                   else cluster_label(sc.cluster_info(row), lang))
            years = df.index[values != 0]
            span = f"{years.min()}–{years.max()}" if years.min() != years.max() else f"{years.min()}"
            amounts = sorted(set(np.round(values[values != 0], 6)))
            amount = (fmt_amount(amounts[0]) if len(amounts) == 1
                      else f"{fmt_amount(amounts[0])}–{fmt_amount(amounts[-1])}")
            total_unit = unit_name(info["unit"].split("/")[0], lang)
            label = names[key][0] if lang == "zh" else names[key][1]
            text = (f"{label} · {who}：{span} 年每年 {amount} {unit}，合计 {fmt_amount(values.sum())} {total_unit}"
                    if lang == "zh" else
                    f"{label} · {who}: {amount} {unit} in {span}, {fmt_amount(values.sum())} "
                    f"{total_unit} in all")
            note = notes.get(f"levers.{key}.{row}")
            out.append((text, note))
    return out


def _param_value(sc: Scenario, key: str) -> Optional[str]:
    parts = key.split(".")
    params = {p["key"]: p for p in _core.parameters()}
    try:
        if len(parts) == 4 and parts[0] == "clusters" and parts[2] == "params":
            v = sc.params.loc[parts[1], parts[3]]
        elif len(parts) == 3 and parts[0] == "defaults" and parts[1] == "params":
            col = sc.params[parts[2]]
            v = col.iloc[0] if col.nunique() == 1 else None
            if v is None:
                return None
            key = parts[2]
        elif len(parts) == 3 and parts[0] == "region" and parts[1] == "params":
            v = sc.region_params[parts[2]]
        else:
            return None
    except KeyError:
        return None
    unit = params.get(parts[-1], {}).get("unit", "")
    if isinstance(v, float) and np.isnan(v):
        return None
    return f"{v:g} {unit}".strip()


def assumption_lines(sc: Scenario, run: Run, lang: str) -> list:
    """(kind, text) lines of the assumptions and sources pages: kind 'h' heading, 't' text,
    'n' note (indented, smaller)."""
    notes = dict(zip(sc.notes["key"], sc.notes["text"]))
    zh = lang == "zh"
    L = []
    L.append(("h", "情景与模型" if zh else "Scenario and model"))
    L.append(("t", f"{sc.title}（{sc.name}）" if zh else f"{sc.title} ({sc.name})"))
    if sc.description:
        L.append(("n", sc.description))
    L.append(("t", ("文件：" if zh else "Files: ") + " → ".join(sc.files)))
    if sc.overrides:
        L.append(("t", ("设定（--set）：" if zh else "Overrides (--set): ") + "; ".join(sc.overrides)))
    st = run.stats
    L.append(("t", (f"clustersim {_core.version()}，求解器 {st['solver']}（rtol {st['rtol']:g}，atol {st['atol']:g}），"
                    f"{st['steps']} 步，基年复现误差不超过 {baseline_within(run)}")
              if zh else
              (f"clustersim {_core.version()}, solver {st['solver']} (rtol {st['rtol']:g}, "
               f"atol {st['atol']:g}), {st['steps']} steps, baseline reproduced within "
               f"{baseline_within(run)}")))
    L.append(("n", "模型方程、参数默认值及其来源见 docs/model.md；输出口径见 docs/outputs.md。" if zh else
              "Equations, parameter defaults and their sources: docs/model.md; output "
              "conventions: docs/outputs.md."))
    L.append(("h", "来源" if zh else "Sources"))
    for s in sc.sources:
        L.append(("t", "• " + s))
    L.append(("h", "基年数据" if zh else "Baselines"))
    for cid, c in sc.clusters.iterrows():
        L.append(("t", f"{cluster_label(dict(c, id=cid), lang)}：{c['baseline_year']} 年"
                       f"{measure_name(c['measure'], lang)} {fmt_amount(c['baseline'])} {unit_name(c['unit'], lang)}"
                  if zh else
                  f"{cluster_label(dict(c, id=cid), lang)}: {measure_name(c['measure'], lang)} "
                  f"{c['baseline_year']} {fmt_amount(c['baseline'])} {unit_name(c['unit'], lang)}"))
        L.append(("n", plot.cite(c["baseline_source"], sc)))
    L.append(("h", "目标" if zh else "Targets"))
    for _, t in sc.targets.iterrows():
        who = cluster_label(sc.cluster_info(t["cluster"]), lang)
        L.append(("t", f"{who} {t['year']}：{fmt_amount(t['value'])} {unit_name(t['unit'], lang)}"
                  if zh else f"{who} {t['year']}: {fmt_amount(t['value'])} {unit_name(t['unit'], lang)}"))
        L.append(("n", plot.cite(t["source"], sc)))
    L.append(("h", "政策杠杆" if zh else "Policy levers"))
    for text, note in _lever_lines(sc, lang, notes):
        L.append(("t", text))
        if note:
            L.append(("n", note))
    events = sc.events
    if len(events):
        L.append(("h", "事件与重大项目" if zh else "Events and major projects"))
        for _, e in events.iterrows():
            if e["kind"] == "project":
                text = (f"{e['name']}：重大项目 {e['target']}，投资 {fmt_amount(e['value'])} 亿元，"
                        f"{e['start']:.2f}–{e['end']:.2f} 年建设" if zh else
                        f"{e['name']}: major project {e['target']}, capex {fmt_amount(e['value'])} "
                        f"100 million yuan, built {e['start']:.2f}–{e['end']:.2f}")
            else:
                when = (f"{e['start']:.2f}" if e["kind"] == "step"
                        else f"{e['start']:.2f}–{e['end']:.2f}")
                text = (f"{e['name']}：{e['target']} {e['op']} {e['value']:g}（{'阶跃' if e['kind'] == 'step' else '渐变'}，{when} 年）"
                        if zh else
                        f"{e['name']}: {e['target']} {e['op']} {e['value']:g} ({e['kind']}, {when})")
            L.append(("t", text))
            note = notes.get(f"events.{e['name']}")
            if note:
                L.append(("n", note))
    L.append(("h", "参数与假设" if zh else "Parameters and assumptions"))
    for key, text in notes.items():
        if key.startswith(("levers.", "events.", "targets.")) or key.endswith(".baseline"):
            continue
        value = _param_value(sc, key)
        L.append(("t", key + (f" = {value}" if value else "")))
        L.append(("n", text))
    pcs = sc.potential_clusters
    if len(pcs):
        L.append(("h", "潜在集群（列出，未模拟）" if zh else "Potential clusters (listed, not simulated)"))
        for _, p in pcs.iterrows():
            L.append(("t", f"{p['name']}（{p['name_en']}）" if zh else f"{p['name_en']} ({p['name']})"))
            if p["note"]:
                L.append(("n", p["note"]))
    L.append(("n", "未在情景中设定的参数取模型默认值（多为假设），见 docs/model.md §12。" if zh else
              "Parameters the scenario does not set keep the model defaults (mostly "
              "assumptions), docs/model.md §12."))
    return L


def text_pages(title: str, lines: list, lang: str, footnote: str) -> list:
    """Lay (kind, text) lines out on as many A4 landscape pages as they need."""
    sizes = {"h": 11.0, "t": 8.6, "n": 7.6}
    indent = {"h": 0.0, "t": 0.0, "n": 0.25}
    width_pt = (A4_LANDSCAPE[0] - 1.0) * 72
    top, bottom = 0.90, 0.09
    usable = (top - bottom) * A4_LANDSCAPE[1] * 72  # points
    pages: list = [[]]
    used = 0.0
    for kind, text in lines:
        size = sizes[kind]
        cols = int((width_pt - indent[kind] * 72) / (size * 0.56))
        wrapped = wrap(text, cols)
        gap = size * 0.9 if kind == "h" else 1.5
        height = len(wrapped) * size * 1.38 + gap
        if used + height > usable and pages[-1]:
            pages.append([])
            used = 0.0
        pages[-1].append((kind, wrapped, used + (gap if kind == "h" else 0.0)))
        used += height
    figs = []
    with plot._styled(lang):
        for k, page in enumerate(pages):
            fig = plot._figure(A4_LANDSCAPE)
            h_pt = A4_LANDSCAPE[1] * 72
            for kind, wrapped, offset in page:
                y = top - offset / h_pt
                fig.text(0.5 / A4_LANDSCAPE[0] + indent[kind] / A4_LANDSCAPE[0], y,
                         "\n".join(wrapped), fontsize=sizes[kind], va="top", ha="left",
                         fontweight="bold" if kind == "h" else "normal",
                         color="#444444" if kind == "n" else "black", linespacing=1.38,
                         gid=f"text-{kind}")
            suffix = "" if k == 0 else ("（续）" if lang == "zh" else " (continued)")
            fig.suptitle(title + suffix, x=0.5 / A4_LANDSCAPE[0], y=0.96, ha="left")
            fig.text(0.5 / A4_LANDSCAPE[0], 0.03, footnote, fontsize=plot.FOOTNOTE_SIZE,
                     color="#555555", gid="footnote")
            figs.append(fig)
    return figs


# ---------------------------------------------------------------------------------------------
# The workbook


def _sheet_frames(run: Run, lang: str) -> dict:
    """Sheet name -> DataFrame."""
    sc = run.scenario
    zh = lang == "zh"
    t = run.targets
    targets = pd.DataFrame({
        ("集群" if zh else "cluster"): t["name"] if zh else t["name_en"],
        ("集群代码" if zh else "cluster id"): t["cluster"],
        ("年份" if zh else "year"): t["year"],
        ("目标" if zh else "target"): t["target"],
        ("预测" if zh else "projected"): t["projected"],
        ("单位" if zh else "unit"): t["unit"],
        ("差距" if zh else "gap"): t["gap_pct"] / 100,
        ("结论" if zh else "verdict"): np.where(t["reached"], word("reached", lang), word("missed", lang)),
        ("首次达标年份" if zh else "first year reached"): t["first_year_reached"],
        ("所需年均增速" if zh else "CAGR required"): t["cagr_required"],
        ("预测年均增速" if zh else "CAGR projected"): t["cagr_projected"],
        ("约束因素" if zh else "binding"): [constraint_name(b, lang, short=True) for b in t["binding"]],
        ("口径" if zh else "measure"): [measure_name(m, lang) for m in t["measure"]],
        ("基年" if zh else "baseline year"): t["baseline_year"],
        ("基年数值" if zh else "baseline"): t["baseline"],
        ("来源" if zh else "source"): t["source"],
    })
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
    levers = []
    for key in [l["key"] for l in _core.levers()]:
        df = sc.lever(key)
        for row in df.columns:
            if np.any(df[row].to_numpy()):
                levers.append(pd.Series(df[row].to_numpy(), index=df.index,
                                        name=(key, row, [l["unit"] for l in _core.levers()
                                                         if l["key"] == key][0])))
    lever_df = (pd.DataFrame(levers).reset_index(drop=True) if levers else pd.DataFrame())
    if levers:
        lever_df.insert(0, "unit", [s.name[2] for s in levers])
        lever_df.insert(0, "row", [s.name[1] for s in levers])
        lever_df.insert(0, "lever", [s.name[0] for s in levers])
        lever_df.columns = [str(c) for c in lever_df.columns]
    pinfo = pd.DataFrame(_core.parameters())
    cp = pinfo[pinfo["scope"] == "cluster"].set_index("key")
    params = sc.params.T
    params.columns = [cluster_label(sc.cluster_info(c), lang) for c in params.columns]
    params.insert(0, "unit", cp["unit"])
    params["default"] = cp["default"]
    params["source"] = cp["source"]
    params.index.name = "parameter"
    region = pd.DataFrame({"value": sc.region_params})
    rp = pinfo[pinfo["scope"] == "region"].set_index("key")
    region["unit"] = rp["unit"]
    region["default"] = rp["default"]
    region["source"] = rp["source"]
    region.index.name = "region parameter"
    notes = sc.notes.copy()
    sources = pd.DataFrame({"source": sc.sources})
    st = run.stats
    info = pd.DataFrame({"item": ["scenario", "title", "files", "overrides", "clustersim",
                                  "solver", "rtol", "atol", "steps", "max_baseline_error",
                                  "generated"],
                         "value": [sc.name, sc.title, " -> ".join(sc.files),
                                   "; ".join(sc.overrides), _core.version(), st["solver"],
                                   st["rtol"], st["atol"], st["steps"],
                                   st["max_baseline_error"], _dt.datetime.now().isoformat(
                                       timespec="seconds")]})
    names = (["目标", "产值", "约束因素", "全部序列", "政策杠杆", "集群参数", "区域参数", "事件",
              "假设说明", "来源", "运行信息"] if zh else
             ["targets", "output", "binding", "series", "levers", "cluster parameters",
              "region parameters", "events", "assumptions", "sources", "run"])
    frames = [targets, output, binding, traj, lever_df, params, region, sc.events, notes,
              sources, info]
    return dict(zip(names, frames))


def write_workbook(path: Path, frames: Mapping[str, pd.DataFrame], lang: str) -> list:
    """Write the sheets with readable widths, frozen headers, filters and number formats."""
    with pd.ExcelWriter(path, engine="xlsxwriter",
                        engine_kwargs={"options": {"nan_inf_to_errors": True}}) as writer:
        book = writer.book
        header = book.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1,
                                  "text_wrap": True, "valign": "top"})
        amount = book.add_format({"num_format": "#,##0.0"})
        pct = book.add_format({"num_format": "0.0%"})
        for name, df in frames.items():
            index = not isinstance(df.index, pd.RangeIndex)
            df.to_excel(writer, sheet_name=name, index=index)
            ws = writer.sheets[name]
            cols = ([df.index.name or ""] if index else []) + [str(c) for c in df.columns]
            for j, c in enumerate(cols):
                ws.write(0, j, c, header)
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
            ws.freeze_panes(1, 1 if index else 0)
            if len(df):
                ws.autofilter(0, 0, len(df), len(cols) - 1)
    return list(frames)


# ---------------------------------------------------------------------------------------------
# Building the pack


def _save_chart(fig, charts_dir: Path, stem: str, dpi: int, written: list) -> None:
    for ext in ("png", "svg"):
        p = charts_dir / f"{stem}.{ext}"
        fig.savefig(p, dpi=dpi if ext == "png" else None, format=ext)
        written.append(p)


def build(scenario: Union[str, os.PathLike, Scenario], out: Union[str, os.PathLike],
          overrides: Optional[Mapping[str, Any]] = None, /, *, sweep: Any = None,
          lang: str = "zh", dpi: int = 200, **kwargs: Any) -> Pack:
    """Write the review pack for `scenario` into `out` (created if missing; files of the same
    names replaced, others left alone) and return what was written.

    `overrides`/`kwargs`: as for :func:`clustersim.load`. `sweep`: a finished
    :class:`clustersim.Sweep`, a sweep's directory (``clustersim sweep --out DIR``), or a
    scenario file with an uncertainty section (an mc sweep of 1,000 runs is run, with these
    overrides); adds the probability of each target (mc sweeps) and the sensitivity pages (fan
    chart and first years for mc; tornado, Morris or Sobol when the directory has them).
    """
    check_lang(lang)
    sc = as_scenario(scenario, overrides, **kwargs)
    run = sc.run()
    sweep_result = _run_sweep(sc, sweep) if sweep is not None else None

    out = Path(out)
    parent = out.parent if str(out.parent) else Path(".")
    created = [p for p in [parent, *parent.parents] if not p.exists()]
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=parent))
    try:
        pack = _write_pack(sc, run, sweep_result, tmp, lang, dpi)
        _move_into(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        for p in created:  # innermost first: leave no parent made for this pack
            with contextlib.suppress(OSError):
                p.rmdir()
        raise
    shutil.rmtree(tmp, ignore_errors=True)
    rel = lambda p: out / p.relative_to(tmp)  # noqa: E731
    return Pack(directory=out, pdf=rel(pack.pdf), workbook=rel(pack.workbook),
                charts=[rel(p) for p in pack.charts], pages=pack.pages, sheets=pack.sheets,
                run=run, sweep=sweep_result)


def _move_into(tmp: Path, out: Path) -> None:
    if not out.exists():
        os.replace(tmp, out)
        tmp.mkdir()  # for the caller's cleanup
        return
    for src in sorted(tmp.rglob("*")):
        dst = out / src.relative_to(tmp)
        if src.is_dir():
            dst.mkdir(exist_ok=True)
        else:
            os.replace(src, dst)


def _run_sweep(sc: Scenario, sweep: Any):
    from . import _sweep
    return _sweep.as_sweep(sc, sweep)


def _write_pack(sc: Scenario, run: Run, sweep, directory: Path, lang: str, dpi: int) -> Pack:
    from matplotlib.backends.backend_pdf import PdfPages

    charts_dir = directory / "charts"
    charts_dir.mkdir()
    stem = sc.name
    pdf_path = directory / f"{stem}-review.pdf"
    xlsx_path = directory / f"{stem}-tables.xlsx"
    written: list = []
    probabilities = sweep.target_probabilities(run) if sweep is not None else None

    pages = []
    pages.append(("01-summary", summary_page(run, lang, probabilities), True))
    pages.append(("02-trajectories", plot.trajectory(run, lang=lang, figsize=A4_LANDSCAPE), True))
    pages.append(("03-binding", plot.binding(run, lang=lang, figsize=(A4_LANDSCAPE[0], 5.2)), True))
    for k, cid in enumerate(sc.cluster_ids):
        pages.append((f"04-cluster-{k + 1:02d}-{cid}", plot.cluster(run, cid, lang=lang), True))
    if sweep is not None:
        for name, fig in sweep.report_figures(run, lang):
            pages.append((f"05-sensitivity-{name}", fig, True))
    note = plot.sources_note(sc, lang)
    title = "假设与来源" if lang == "zh" else "Assumptions and sources"
    for fig in text_pages(title, assumption_lines(sc, run, lang), lang, note):
        pages.append(("", fig, False))

    zh = lang == "zh"
    metadata = {"Title": f"{sc.title} — {'目标评估' if zh else 'review of the targets'}",
                "Author": "clustersim " + _core.version(),
                "Subject": f"{sc.name} ({sc.file})",
                "Keywords": "clustersim; " + sc.name}
    with PdfPages(pdf_path, metadata=metadata) as pdf:
        for name, fig, is_chart in pages:
            pdf.savefig(fig)
            if is_chart:
                _save_chart(fig, charts_dir, name, dpi, written)
        count = pdf.get_pagecount()

    frames = _sheet_frames(run, lang)
    if sweep is not None:
        frames.update(sweep.report_sheets(run, lang))
    sheets = write_workbook(xlsx_path, frames, lang)
    return Pack(directory=directory, pdf=pdf_path, workbook=xlsx_path, charts=written,
                pages=count, sheets=sheets, run=run, sweep=sweep)


# ---------------------------------------------------------------------------------------------
# Command line


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, as the command does
        sys.stderr.write(f"clustersim report: error: {message} (see 'clustersim report --help')\n")
        sys.exit(2)


EXAMPLES = """Examples:
  clustersim report scenarios/pingshan-2024.yaml --out review/pingshan
  clustersim report scenarios/pingshan-2024.yaml --sweep results/mc --out review/pingshan
  clustersim report scenarios/pingshan-2024.yaml --sweep scenarios/sweeps/pingshan-uncertainty.yaml --out review/pingshan
  clustersim report scenarios/pingshan-2024.yaml --set 'levers.land.region=198 ha/yr' --out review/more-land
  python3 -m clustersim.report scenarios/pingshan-2024.yaml --lang en --out review/pingshan-en
"""


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="clustersim report",
                description="Write the review pack of a scenario: a PDF for the meeting, every "
                            "chart as PNG and SVG, and an .xlsx workbook with the tables.",
                epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("scenario", metavar="SCENARIO.yaml", help="scenario file (YAML)")
    p.add_argument("-o", "--out", required=True, metavar="DIR",
                   help="directory to write into (created if missing)")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="sets",
                   help="override a scenario key, as for clustersim run (repeatable)")
    p.add_argument("--sweep", metavar="DIR|SWEEP.yaml",
                   help="a sweep's directory (clustersim sweep --out DIR), or a scenario with an "
                        "uncertainty section (an mc sweep of 1,000 runs is then run): adds target "
                        "probabilities and sensitivity pages")
    p.add_argument("--lang", choices=["zh", "en"], default="zh",
                   help="language of the charts and tables (default: zh)")
    p.add_argument("--dpi", type=int, default=200, help="resolution of the PNG charts (default 200)")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    """``python3 -m clustersim.report``: parse the arguments, build the pack, print what was
    written; returns the exit code (0 success, 2 bad input, 1 other failures)."""
    args = _parser().parse_args(argv)
    if args.dpi < 50 or args.dpi > 1200:
        _parser().error(f"--dpi: must lie in [50, 1200], got {args.dpi}")
    from ._core import Error, InputError, ModelError, ScenarioError
    try:
        pack = build(args.scenario, args.out, list(args.sets) or None, sweep=args.sweep,
                     lang=args.lang, dpi=args.dpi)
    except (ScenarioError, ModelError, InputError) as e:
        sys.stderr.write(str(e).replace("\n", " ") + "\n")
        return 2
    except Error as e:
        sys.stderr.write(str(e).replace("\n", " ") + "\n")
        return 1
    except Exception as e:  # matplotlib, xlsxwriter, the file system
        sys.stderr.write(f"clustersim: error: {type(e).__name__}: {e}".replace("\n", " ") + "\n")
        return 1
    if not args.quiet:
        pngs = sum(1 for c in pack.charts if c.suffix == ".png")
        print(f"{pack.pdf}: {pack.pages} pages")
        print(f"{pack.directory / 'charts'}: {pngs} charts as PNG and SVG")
        print(f"{pack.workbook}: {len(pack.sheets)} sheets ({', '.join(pack.sheets)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
