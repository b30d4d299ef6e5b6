"""The comparison pack (``clustersim report A.yaml --compare B.yaml``): meetings weigh options.
Pages: the targets side by side with both verdicts, the trajectories overlaid, what binds in each,
and what differs in the inputs (parameters, levers, events, targets, horizon, solver), each
value with its unit; the workbook has the same tables."""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import _core, _table, plot
from ._api import Run, Scenario, compare
from ._assumptions import display_path, event_text, fmt_param, lever_label, param_label
from ._pages import A4_LANDSCAPE, findings_page, text_pages
from ._text import (cluster_label, colon, display_unit, fmt_amount, fmt_pct, fmt_quantity, paren,
                    sep)
from ._verdict import verdict, verdict_notes


def _same(x, y) -> bool:
    if isinstance(x, float) and isinstance(y, float):
        if np.isnan(x) and np.isnan(y):
            return True
        return abs(x - y) <= 1e-12 * max(1.0, abs(x), abs(y))
    return x == y


def input_differences(a: Scenario, b: Scenario, lang: str = "zh") -> pd.DataFrame:
    """What differs between the inputs of A and B after merging and overrides: one row per
    difference with columns kind, item, a, b (values with their units; '-' where absent)."""
    zh = lang == "zh"
    rows = []

    def add(kind, item, va, vb):
        rows.append({"kind": kind, "item": item, "a": va, "b": vb})

    k_h, k_c, k_p, k_r, k_l, k_e, k_t, k_s = (
        ("时间范围", "集群", "集群参数", "区域参数", "政策杠杆", "事件", "目标", "求解器") if zh else
        ("horizon", "clusters", "cluster parameters", "region parameters", "levers", "events",
         "targets", "solver"))
    if (a.start_year, a.end_year) != (b.start_year, b.end_year):
        add(k_h, "horizon", f"{a.start_year}–{a.end_year}", f"{b.start_year}–{b.end_year}")
    only_a = [c for c in a.cluster_ids if c not in b.cluster_ids]
    only_b = [c for c in b.cluster_ids if c not in a.cluster_ids]
    for c in only_a:
        add(k_c, cluster_label(a.cluster_info(c), lang), "✓", "-")
    for c in only_b:
        add(k_c, cluster_label(b.cluster_info(c), lang), "-", "✓")
    common = [c for c in a.cluster_ids if c in b.cluster_ids]
    ca, cb = a.clusters, b.clusters
    for c in common:
        name = cluster_label(a.cluster_info(c), lang)
        ba, bb = ca.loc[c], cb.loc[c]
        if not _same(float(ba["baseline"]) * ba["unit_factor"], float(bb["baseline"]) * bb["unit_factor"]):
            add(k_c, f"{name} · {'基年数值' if zh else 'baseline'}",
                fmt_quantity(ba["baseline"], ba["unit"], lang), fmt_quantity(bb["baseline"], bb["unit"], lang))
        if ba["market"] != bb["market"]:
            add(k_c, f"{name} · {'市场模型' if zh else 'market model'}", ba["market"], bb["market"])
    units = {(p["scope"], p["key"]): p["unit"] for p in _core.parameters()}
    pa, pb = a.params, b.params
    for c in common:
        name = cluster_label(a.cluster_info(c), lang)
        for key in pa.columns:
            x, y = float(pa.loc[c, key]), float(pb.loc[c, key])
            if not _same(x, y):
                u = units[("cluster", key)]
                add(k_p, f"{name} · {param_label(key, lang)} ({key})", fmt_param(x, u, lang),
                    fmt_param(y, u, lang))
    ra, rb = a.region_params, b.region_params
    for key in ra.index:
        x, y = float(ra[key]), float(rb[key])
        if not _same(x, y):
            u = units[("region", key)]
            add(k_r, f"{param_label(key, lang, 'region')} ({key})", fmt_param(x, u, lang),
                fmt_param(y, u, lang))
    for info in _core.levers():
        la, lb = a.lever(info["key"]), b.lever(info["key"])
        years = [y for y in la.index if y in lb.index]
        for row in la.columns:
            if row not in lb.columns:
                continue
            va = la.loc[years, row].to_numpy()
            vb = lb.loc[years, row].to_numpy()
            diff = [y for y, x1, x2 in zip(years, va, vb) if not _same(float(x1), float(x2))]
            if not diff:
                continue
            who = ("区域共享" if zh else "region pool") if row == "region" else \
                cluster_label(a.cluster_info(row), lang)
            span = f"{diff[0]}–{diff[-1]}" if len(diff) > 1 else str(diff[0])
            total = info["unit"].split("/")[0]
            add(k_l, f"{lever_label(info['key'], lang)} · {who} ({span})",
                _amounts(va, years, diff, info["unit"], total, lang),
                _amounts(vb, years, diff, info["unit"], total, lang))
    ea = {e["name"]: e for _, e in a.events.iterrows()}
    eb = {e["name"]: e for _, e in b.events.iterrows()}
    for name in list(ea) + [n for n in eb if n not in ea]:
        x, y = ea.get(name), eb.get(name)
        dx = "-" if x is None else event_text(a, x, lang).split(colon(lang), 1)[1]
        dy = "-" if y is None else event_text(b, y, lang).split(colon(lang), 1)[1]
        if dx != dy:
            add(k_e, name, dx, dy)
    ta = {(t["cluster"], t["year"], t["measure"]): t for _, t in a.targets.iterrows()}
    tb = {(t["cluster"], t["year"], t["measure"]): t for _, t in b.targets.iterrows()}
    for key in list(ta) + [k for k in tb if k not in ta]:
        x, y = ta.get(key), tb.get(key)
        val = lambda t: "-" if t is None else fmt_quantity(t["value"], t["unit"], lang)  # noqa: E731
        if val(x) != val(y):
            who = cluster_label((a if x is not None else b).cluster_info(key[0]), lang)
            add(k_t, f"{who} {key[1]}", val(x), val(y))
    sa, sb = a.solver, b.solver
    for key in ("method", "rtol", "atol", "dt", "max_steps"):
        if sa[key] != sb[key]:
            add(k_s, key, f"{sa[key]}", f"{sb[key]}")
    return pd.DataFrame(rows, columns=["kind", "item", "a", "b"])


def _amounts(values, years, diff, unit, total_unit, lang) -> str:
    """'10.0 亿元/年 (2024–2028), 合计 50.0 亿元': a row's amounts in the years that differ."""
    sub = [float(v) for y, v in zip(years, values) if y in diff]
    lo, hi = min(sub), max(sub)
    amount = fmt_quantity(lo, unit, lang) if _same(lo, hi) else \
        f"{fmt_quantity(lo, unit, lang)}–{fmt_quantity(hi, unit, lang)}"
    all_in = fmt_quantity(sum(sub), total_unit, lang)
    return f"{amount}，合计 {all_in}" if lang == "zh" else f"{amount}, {all_in} in all"


def _comparison_rows(a: Run, b: Run, lang: str) -> tuple:
    """The table rows (target, A, B, B − A, both verdicts) and the verdicts."""
    t = compare(a, b).targets
    zh = lang == "zh"
    unit = _table.common_unit(t)  # one unit: in the headers, bare numbers below
    rows, verdicts = [], []

    def amount(x, u, sign=False):
        if unit is None:
            return fmt_quantity(x, u, lang)
        if x is None or x != x:
            return "-"
        text = fmt_amount(x * display_unit(u, lang)[1])
        return ("+" + text if x > 0 else text.replace("-", "−")) if sign else text

    for _, r in t.iterrows():
        va = verdict(r["reached_a"], None, lang) if r["reached_a"] is not None else None
        vb = verdict(r["reached_b"], None, lang) if r["reached_b"] is not None else None
        verdicts.append((va, vb))
        u = r["unit"]
        rows.append([r["name"] if zh else r["name_en"], str(r["year"]), amount(r["target"], u),
                     amount(r["projected_a"], u), amount(r["projected_b"], u),
                     amount(r["difference"], u, sign=True), fmt_pct(r["difference_pct"], sign=True),
                     va.text if va else "-", vb.text if vb else "-"])
    return rows, verdicts, t, unit


def summary_page(a: Run, b: Run, lang: str):
    zh = lang == "zh"
    rows, verdicts, t, unit = _comparison_rows(a, b, lang)
    na = int(sum(1 for x in t["reached_a"] if x is True))
    nb = int(sum(1 for x in t["reached_b"] if x is True))
    lines = [f"A（{a.scenario.name}）{len(a.targets)} 项目标中预计 {na} 项达标；B（{b.scenario.name}）"
             f"{len(b.targets)} 项中 {nb} 项达标。" if zh else
             f"A ({a.scenario.name}) reaches {na} of its {len(a.targets)} targets; B "
             f"({b.scenario.name}) {nb} of {len(b.targets)}."]
    both = t.dropna(subset=["difference_pct"])
    if len(both):
        r = both.loc[both["difference_pct"].abs().idxmax()]
        lines.append(f"差别最大：{r['name']} {r['year']} 年，B 比 A {fmt_pct(r['difference_pct'], sign=True)}"
                     f"（{fmt_quantity(r['difference'], r['unit'], lang)}）。" if zh else
                     f"Largest difference: {r['name_en']} {r['year']}, B {fmt_pct(r['difference_pct'], sign=True)} "
                     f"against A ({fmt_quantity(r['difference'], r['unit'], lang)}).")
    changed = [(r["name"] if zh else r["name_en"], r["year"]) for _, r in t.iterrows()
               if r["reached_a"] is not None and r["reached_b"] is not None
               and r["reached_a"] != r["reached_b"]]
    if changed:
        names = ("、" if zh else ", ").join(f"{n} {y}" for n, y in changed)
        lines.append(f"结论改变的目标：{names}。" if zh else f"Targets whose verdict changes: {names}.")
    diffs = input_differences(a.scenario, b.scenario, lang)
    lines.append(f"输入差异 {len(diffs)} 项，见“输入差异”页。" if zh else
                 f"{len(diffs)} differences in the inputs: see the page 'What differs'.")
    u = "" if unit is None else "\n" + paren(display_unit(unit, lang)[0], lang).strip()
    cols = (["集群", "年份", "目标" + u, "A 预测" + u, "B 预测" + u, "B − A" + u, "B − A %",
             "A 结论", "B 结论"] if zh else
            ["Cluster", "Year", "Target" + u, "A projected" + u, "B projected" + u, "B − A" + u,
             "B − A %", "Verdict A", "Verdict B"])
    with plot._styled(lang):
        fig, tax = findings_page(lines)
        if rows:
            tbl = tax.table(cellText=rows, colLabels=cols, loc="upper center", cellLoc="center")
            tbl.set_gid("comparison-table")
            _table.style(tbl, len(cols), lang, [v for v, _ in verdicts], -1,
                         fontsize=10.0 if zh else 8.5)
            for (r, c), cell in tbl.get_celld().items():  # both verdict columns in colour
                if r > 0 and c in (7, 8):
                    v = verdicts[r - 1][c - 7]
                    if v is not None:
                        cell.get_text().set_color(v.color)
                        cell.get_text().set_fontweight("bold")
        title = (f"情景比较{colon(lang)}{a.scenario.text('title', lang)} 与 {b.scenario.text('title', lang)}"
                 if zh else f"Comparison: {a.scenario.text('title', lang)} and "
                            f"{b.scenario.text('title', lang)}")
        subtitle = (f"A：{a.scenario.name}（{display_path(a.scenario.file)}）　B：{b.scenario.name}"
                    f"（{display_path(b.scenario.file)}" + ("，设定 " + "、".join(b.scenario.overrides)
                                                           if b.scenario.overrides else "") + "）"
                    if zh else
                    f"A: {a.scenario.name} ({display_path(a.scenario.file)})   B: {b.scenario.name} "
                    f"({display_path(b.scenario.file)}" + (", with " + ", ".join(b.scenario.overrides)
                                                           if b.scenario.overrides else "") + ")")
        notes = _table.notes(lang, [], None)[:2] + verdict_notes(
            [v for pair in verdicts for v in pair if v is not None])
        plot._finish(fig, title, plot.sources_note(a.scenario, lang, a.targets["source"],
                                                   extra=sep(lang).join(notes)),
                     subtitle=subtitle)
    return fig


def binding_page(a: Run, b: Run, lang: str):
    zh = lang == "zh"
    with plot._styled(lang):
        fig = plot._figure(A4_LANDSCAPE)
        axes = fig.subplots(2, 1)
        for ax, run, which in ((axes[0], a, "A"), (axes[1], b, "B")):
            plot.draw_binding(ax, run, lang=lang, legend=which == "A")
            ax.set_title(f"{which}{colon(lang)}{run.scenario.text('title', lang)}（{run.scenario.name}）"
                         if zh else f"{which}: {run.scenario.text('title', lang)} ({run.scenario.name})")
        plot._finish(fig, "约束产出的因素：A 与 B" if zh else "What limits output: A and B",
                     plot.sources_note(a.scenario, lang, extra=plot.BINDING_NOTE[lang]))
    return fig


def difference_lines(a: Scenario, b: Scenario, lang: str) -> list:
    zh = lang == "zh"
    diffs = input_differences(a, b, lang)
    L = [("h", "比较的情景" if zh else "The scenarios compared")]
    for which, s in (("A", a), ("B", b)):
        L.append(("t", f"{which}：{s.text('title', lang)}（{s.name}）" if zh else
                  f"{which}: {s.text('title', lang)} ({s.name})"))
        L.append(("n", ("文件：" if zh else "Files: ") + " → ".join(display_path(f) for f in s.files)
                  + (("；设定 " if zh else "; overrides ") + "; ".join(s.overrides) if s.overrides else "")))
        description = s.text("description", lang)
        if description:
            L.append(("n", description))
    if not len(diffs):
        L.append(("h", "输入差异" if zh else "What differs in the inputs"))
        L.append(("t", "两个情景的模型输入相同。" if zh else "The two scenarios have the same model inputs."))
        return L
    for kind, group in diffs.groupby("kind", sort=False):
        L.append(("h", kind if zh else kind[:1].upper() + kind[1:]))
        for _, r in group.iterrows():
            L.append(("t", f"{r['item']}：A {r['a']} → B {r['b']}" if zh else
                      f"{r['item']}: A {r['a']} → B {r['b']}"))
    return L


def pages(a: Run, b: Run, lang: str) -> list:
    """(chart name or '', Figure) of the comparison pack, in order."""
    zh = lang == "zh"
    out = [("01-comparison", summary_page(a, b, lang)),
           ("02-trajectories", plot.compare(a, b, lang=lang, figsize=A4_LANDSCAPE)),
           ("03-binding", binding_page(a, b, lang))]
    title = "输入差异" if zh else "What differs in the inputs"
    note = plot.sources_note(a.scenario, lang) + " " + plot.sources_note(b.scenario, lang)
    for fig in text_pages(title, difference_lines(a.scenario, b.scenario, lang), lang, note):
        out.append(("", fig))
    return out


def sheets(a: Run, b: Run, lang: str) -> dict:
    """Sheet name -> DataFrame of the comparison workbook."""
    zh = lang == "zh"
    t = compare(a, b).targets
    diffs = input_differences(a.scenario, b.scenario, lang)
    out_a = a.output.copy()
    out_a.columns = [cluster_label(a.scenario.cluster_info(c), lang) for c in out_a.columns]
    out_b = b.output.copy()
    out_b.columns = [cluster_label(b.scenario.cluster_info(c), lang) for c in out_b.columns]
    names = (["比较", "输入差异", "产值 A", "产值 B"] if zh else
             ["comparison", "input differences", "output A", "output B"])
    return dict(zip(names, [t, diffs, out_a, out_b]))
