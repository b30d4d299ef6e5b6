"""Charts for the review meeting (matplotlib).

Every function returns a :class:`matplotlib.figure.Figure` (not managed by pyplot, so a notebook
shows it once and scripts call ``fig.savefig``); restyle it freely. Labels are Chinese by default
(``lang="en"`` for English), drawn with Noto Sans CJK SC from Debian's fonts-noto-cjk; every
axis names its quantity and unit, and a footnote gives the sources. Each cluster keeps its colour
in every chart (:func:`cluster_colors`).

Artists carry ids (``artist.get_gid()``) so that a notebook can find and restyle them:
``projected:<cluster>``, ``target:<cluster>:<year>``, ``gap:<cluster>:<year>``,
``scenario-a:<cluster>``, ``scenario-b:<cluster>``, ``binding``, ``footnote``, and for the
sensitivity charts ``band:<lo>-<hi>``, ``median``, ``target-line``, ``probability``.
"""
from __future__ import annotations

import contextlib
import math
from typing import Iterable, Mapping, Optional, Sequence, Union

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator
from pandas import NA as pd_NA

from . import _core
from ._api import Comparison, Run, Scenario
from ._fonts import FontError, cjk_family
from ._text import (axis_label, check_lang, cluster_label, colon, constraint_name, fmt_pct,
                    has_cjk, measure_name, paren, sep, unit_name, variable_name, word, wrap)

__all__ = ["trajectory", "compare", "binding", "capacities", "cluster", "targets_table",
           "cluster_colors", "style", "use_style", "FontError", "PALETTE", "CONSTRAINT_COLORS"]

# Cluster colours: Okabe–Ito without its yellow, then muted extras (colour-blind safe first).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#8C564B",
           "#7F7F7F", "#BCBD22", "#17BECF", "#1B3A6B", "#A6761D"]
ALL_COLOR = "#333333"
TARGET_COLOR = "#111111"
REACHED_COLOR = "#1A7F37"
MISSED_COLOR = "#B42318"
CONSTRAINT_COLORS = {"capital": "#3B75AF", "labour": "#EF8636", "space": "#519E3E",
                     "demand": "#8D69B8"}

# Slides are 16:9; the review pack prints on A4 landscape (report.py).
FIGSIZE = (11.0, 6.2)
FOOTNOTE_SIZE = 7.0


def cluster_colors(clusters: Union[Scenario, Run, Sequence[str]]) -> dict:
    """Colour of each cluster id (and 'all'), by the cluster's place in the scenario, so that a
    cluster has the same colour in every chart of a scenario and of its what-ifs."""
    if isinstance(clusters, Run):
        ids = clusters.cluster_ids
    elif isinstance(clusters, Scenario):
        ids = clusters.cluster_ids
    else:
        ids = list(clusters)
    colors = {cid: PALETTE[i % len(PALETTE)] for i, cid in enumerate(ids)}
    colors["all"] = ALL_COLOR
    return colors


def style(lang: str = "zh") -> dict:
    """The rcParams the charts are drawn with (a CJK font first, readable sizes, light grid)."""
    check_lang(lang)
    family = cjk_family(required=(lang == "zh"))
    # Concrete families, not the generic 'sans-serif': a Text keeps the family it was created
    # with, whereas a generic one is resolved again when drawn, outside this style.
    fonts = ([family] if family else []) + ["DejaVu Sans"]
    return {
        "font.family": fonts,
        "axes.unicode_minus": True,  # Noto Sans CJK has U+2212
        "axes.titlesize": 11,
        "axes.titleweight": "bold",
        "axes.labelsize": 9.5,
        "xtick.labelsize": 9,
        "ytick.labelsize": 9,
        "legend.fontsize": 8.5,
        "legend.frameon": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.35,
        "grid.linewidth": 0.6,
        "lines.linewidth": 2.0,
        "figure.dpi": 100,
        "savefig.dpi": 200,
        "figure.titlesize": 14,
        "figure.titleweight": "bold",
        "svg.fonttype": "path",  # SVGs look the same without the font installed
        "pdf.fonttype": 3,  # Type 42 would mislabel the CFF outlines of Noto CJK as TrueType
    }


def use_style(lang: str = "zh") -> None:
    """Make the charts' style matplotlib's default (for titles and labels a notebook adds
    afterwards in Chinese)."""
    matplotlib.rcParams.update(style(lang))


@contextlib.contextmanager
def _styled(lang: str):
    with matplotlib.rc_context(style(lang)):
        yield


def _figure(figsize=None) -> Figure:
    fig = Figure(figsize=figsize or FIGSIZE)
    FigureCanvasAgg(fig)  # drawable and savable without pyplot
    return fig


# ---------------------------------------------------------------------------------------------
# Titles, footnotes, axes


def short_source(source: str, scenario: Optional[Scenario] = None) -> str:
    """'seed 004, 三(一)1(2): …' -> '深坪府[2024]1号' when the scenario's sources name that
    seed's document, else 'seed 004'."""
    s = source.replace("：", ":").split(":")[0].split(",")[0].split("，")[0].strip()
    if scenario is not None:
        for full in scenario.sources:
            if full.startswith(s + ":") or full.startswith(s + "："):
                doc = full[len(s) + 1:].strip().split()[0] if full[len(s) + 1:].strip() else ""
                if doc:
                    return doc
    return s


def sources_note(scenario: Scenario, lang: str, targets: Iterable[str] = (),
                 extra: Optional[str] = None) -> str:
    """The footnote: model version, scenario file and overrides, target sources, conventions."""
    version = _core.version()
    files = scenario.file
    if lang == "zh":
        text = f"来源：clustersim {version} 模拟，情景 {scenario.name}（{files}）"
        if scenario.overrides:
            text += "，设定 " + "、".join(scenario.overrides)
    else:
        text = f"Source: clustersim {version} simulation, scenario {scenario.name} ({files})"
        if scenario.overrides:
            text += ", with " + ", ".join(scenario.overrides)
    shorts = []
    for t in targets:
        s = short_source(t, scenario)
        if s and s not in shorts:
            shorts.append(s)
    if shorts:
        text += sep(lang) + word("targets_from", lang) + colon(lang) + ", ".join(shorts)
    if extra:
        text += sep(lang) + extra
    text += "。" if lang == "zh" else "."
    return text


def _finish(fig: Figure, title: str, footnote: str, subtitle: Optional[str] = None) -> None:
    """Suptitle, footnote at the bottom, constrained layout in between."""
    width_in, height_in = fig.get_size_inches()
    columns = max(40, int(width_in * 72 / (FOOTNOTE_SIZE * 0.5)) - 6)
    lines = wrap(footnote, columns)
    text = "\n".join(lines)
    fig.text(0.01, 0.008, text, fontsize=FOOTNOTE_SIZE, color="#555555", ha="left",
             va="bottom", gid="footnote", linespacing=1.35)
    foot_h = (len(lines) * FOOTNOTE_SIZE * 1.35 + 6) / 72 / height_in
    if subtitle:
        title = f"{title}\n{subtitle}"
    fig.suptitle(title, x=0.01, ha="left")
    fig.set_layout_engine(ConstrainedLayoutEngine(rect=(0, foot_h, 1, 1 - foot_h), h_pad=0.06,
                                                  w_pad=0.06))
    # Tick labels are created when first needed, later ones copying the first: create the first
    # now, under the charts' style, so that the font holds when the figure is drawn elsewhere.
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            axis.get_major_ticks()
            axis.get_minor_ticks()


def _year_axis(ax, years, lang: str, label: bool = True) -> None:
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=min(len(years), 9)))
    ax.set_xlim(years[0] - 0.3, years[-1] + 0.3)
    if label:
        ax.set_xlabel(word("year", lang))


def _amount_axis(ax) -> None:
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 10
                                               else f"{v:,.1f}" if abs(v) >= 1 else f"{v:g}"))


def _grid_shape(count: int, ncols: Optional[int]) -> tuple:
    if ncols is None:
        ncols = 1 if count == 1 else 2 if count <= 4 else 3
    return math.ceil(count / ncols), ncols


def _scenario_of(x: Union[Run, Scenario]) -> Scenario:
    return x.scenario if isinstance(x, Run) else x


def _measure_unit(scenario: Scenario, cluster: str) -> tuple:
    """(measure, unit, unit_factor) of a cluster's output series, or of the sum for 'all'."""
    df = scenario.clusters
    if cluster == "all":
        units = df["unit"].unique()
        measures = df["measure"].unique()
        if len(units) == 1:
            return measures[0], units[0], float(df["unit_factor"].iloc[0])
        return measures[0], "亿元", 1.0
    row = df.loc[cluster]
    return row["measure"], row["unit"], float(row["unit_factor"])


def _output_series(run: Run, cluster: str, factor: float) -> np.ndarray:
    """Annual output of a cluster (or the sum of all) in the unit with `factor` 亿元 per unit."""
    out = run.array("output")
    if cluster == "all":
        return out.sum(axis=0) / factor
    return out[run.cluster_ids.index(cluster)] / factor


# ---------------------------------------------------------------------------------------------
# Axes-level drawing, shared by the charts below and by the review pack's composite pages


def _target_marker(ax, year, value, cid, first: bool, lang: str) -> None:
    ax.plot([year], [value], linestyle="none", marker="D", markersize=7,
            markerfacecolor="white", markeredgecolor=TARGET_COLOR, markeredgewidth=1.6, zorder=5,
            gid=f"target:{cid}:{year}", label=word("target", lang) if first else "_nolegend_")


def draw_trajectory(ax, run: Run, cluster: str, lang: str = "zh",
                    colors: Optional[Mapping[str, str]] = None, legend: bool = True,
                    title: Optional[str] = None) -> None:
    """One cluster's (or 'all') projected output with its targets and gaps, on `ax`."""
    sc = run.scenario
    targets = run.targets
    palette = dict(cluster_colors(sc), **(colors or {}))
    years = run.years
    measure, unit, factor = _measure_unit(sc, cluster)
    series = _output_series(run, cluster, factor)
    ax.plot(years, series, color=palette.get(cluster, ALL_COLOR), marker="o", markersize=3.5,
            label=word("projected", lang), gid=f"projected:{cluster}")
    rows = targets[targets["cluster"] == cluster]
    for k, (_, t) in enumerate(rows.iterrows()):
        value = t["target"] * t["unit_factor"] / factor  # in the panel's unit
        projected = t["projected"] * t["unit_factor"] / factor
        _target_marker(ax, t["year"], value, cluster, k == 0, lang)
        gap_color = REACHED_COLOR if t["reached"] else MISSED_COLOR
        ax.plot([t["year"], t["year"]], [projected, value], color=gap_color, linestyle=":",
                linewidth=1.4, zorder=4, label="_nolegend_", gid=f"gap-line:{cluster}:{t['year']}")
        if not math.isnan(t["gap_pct"]):
            # Missed: beside the gap line; reached: above the point, clear of the curve.
            xy, offset, va = (((t["year"], (projected + value) / 2), (-6, 0), "center")
                              if not t["reached"] else
                              ((t["year"], max(projected, value)), (-4, 7), "bottom"))
            ax.annotate(f"{word('gap', lang)} {fmt_pct(t['gap_pct'], sign=True)}", xy=xy,
                        xytext=offset, textcoords="offset points", ha="right", va=va,
                        fontsize=8.5, color=gap_color, fontweight="bold",
                        gid=f"gap:{cluster}:{t['year']}")
    ax.set_title(title if title is not None else cluster_label(sc.cluster_info(cluster), lang))
    ax.set_ylabel(axis_label(measure_name(measure, lang), unit, lang))
    _year_axis(ax, years, lang)
    _amount_axis(ax)
    top = max(float(np.max(series)),
              float((rows["target"] * rows["unit_factor"] / factor).max()) if len(rows) else 0.0)
    ax.set_ylim(0, top * 1.12)
    if legend:
        ax.legend(loc="upper left")


def draw_capacities(ax, run: Run, cluster: str, lang: str = "zh",
                    title: Optional[str] = None) -> list:
    """One cluster's output against its capital, labour and space capacities and demand (亿元
    per year) on `ax`; returns the names of the series above the visible range."""
    sc = run.scenario
    info = sc.cluster_info(cluster)
    i = run.cluster_ids.index(cluster)
    years = run.years
    measure = info["measure"]
    out = run.array("output")[i]
    ax.plot(years, out, color=cluster_colors(sc)[cluster], linewidth=2.8,
            label=measure_name(measure, lang), gid=f"projected:{cluster}")
    clipped = []
    top = 2.2 * float(np.max(out))  # capacities far above output do not bind
    for var, constraint in [("capacity_capital", "capital"), ("capacity_labour", "labour"),
                            ("capacity_space", "space"), ("demand", "demand")]:
        y = run.array(var)[i]
        ax.plot(years, y, color=CONSTRAINT_COLORS[constraint], linewidth=1.4,
                linestyle="-." if var == "demand" else "--", label=variable_name(var, lang),
                gid=var)
        if np.max(y) > top:
            clipped.append(variable_name(var, lang))
    ax.set_ylim(0, top)
    if title is None:
        title = (f"{cluster_label(info, lang)}{colon(lang)}产能、需求与{measure_name(measure, lang)}"
                 if lang == "zh" else f"{cluster_label(info, lang)}: capacities, demand and "
                                      f"{measure_name(measure, lang).lower()}")
    ax.set_title(title)
    ax.set_ylabel(axis_label(measure_name(measure, lang) + "、产能与需求" if lang == "zh"
                             else measure_name(measure, lang) + ", capacities and demand",
                             "亿元", lang))
    _year_axis(ax, years, lang)
    _amount_axis(ax)
    ax.legend(loc="upper left")
    return clipped


def draw_binding(ax, run: Run, clusters: Optional[Sequence[str]] = None, lang: str = "zh",
                 legend: bool = True, mark_targets: bool = True) -> None:
    """The binding-constraint grid (rows: clusters, columns: years) on `ax`."""
    from matplotlib.colors import ListedColormap

    sc = run.scenario
    ids = list(clusters) if clusters is not None else run.cluster_ids
    grid = run.binding_codes()[[run.cluster_ids.index(c) for c in ids], :]
    years = run.years
    names = list(_core.constraints())
    cmap = ListedColormap([CONSTRAINT_COLORS[n] for n in names])
    ax.imshow(grid, cmap=cmap, vmin=-0.5, vmax=len(names) - 0.5, aspect="auto",
              extent=(years[0] - 0.5, years[-1] + 0.5, len(ids) - 0.5, -0.5),
              interpolation="nearest", gid="binding")
    for r in range(len(ids)):
        for c, y in enumerate(years):
            ax.text(y, r, constraint_name(names[grid[r, c]], lang, short=True), ha="center",
                    va="center", fontsize=8, color="white")
    if mark_targets:
        targets = run.targets
        for r, cid in enumerate(ids):
            for y in targets.loc[targets["cluster"] == cid, "year"]:
                ax.plot([y], [r + 0.36], marker="^", color="white", markeredgecolor="black",
                        markersize=6, linestyle="none", gid=f"target:{cid}:{y}")
    ax.set_yticks(range(len(ids)))
    # A single row belongs to a page that names its cluster already.
    ax.set_yticklabels([cluster_label(sc.cluster_info(c), lang) for c in ids]
                       if len(ids) > 1 else [word("binding", lang)])
    ax.set_xticks(years)
    ax.set_xlabel(word("year", lang))
    if len(ids) > 1:
        ax.set_ylabel(word("cluster", lang))
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if legend:
        handles = [Patch(facecolor=CONSTRAINT_COLORS[n], label=constraint_name(n, lang))
                   for n in names]
        if mark_targets:
            handles.append(Line2D([], [], marker="^", color="white", markeredgecolor="black",
                                  linestyle="none", label=word("target", lang) +
                                  ("年份" if lang == "zh" else " year")))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  title=word("binding", lang))


BINDING_NOTE = {
    "zh": "约束因素为当年资本、劳动力、空间产能与需求中全年积分最小者（docs/model.md E9）",
    "en": "binding: the smallest over the year of the capital, labour and space capacities "
          "and demand (docs/model.md E9)",
}


# ---------------------------------------------------------------------------------------------
# Trajectory against targets


def _select_clusters(run: Run, clusters) -> list:
    sc = run.scenario
    if clusters is None:
        with_targets = list(dict.fromkeys(run.targets["cluster"]))
        ids = [c for c in sc.cluster_ids if c in with_targets] or sc.cluster_ids
        if "all" in with_targets:
            ids.append("all")
    elif isinstance(clusters, str):
        ids = [clusters]
    else:
        ids = list(clusters)
    for cid in ids:
        sc.cluster_info(cid)  # KeyError for an unknown id
    return ids


def trajectory(run: Run, clusters: Union[None, str, Sequence[str]] = None, *, lang: str = "zh",
               ncols: Optional[int] = None, figsize=None,
               colors: Optional[Mapping[str, str]] = None, title: Optional[str] = None) -> Figure:
    """Projected annual output against the targets, one panel per cluster, with the gap of each
    target annotated (green: reached, red: missed).

    `clusters`: a cluster id, a list of ids, or None for every cluster with a target (every
    cluster when there are no targets; 'all' adds a panel for the sum).
    """
    check_lang(lang)
    sc = run.scenario
    ids = _select_clusters(run, clusters)
    with _styled(lang):
        nrows, nc = _grid_shape(len(ids), ncols)
        fig = _figure(figsize or ((9.0, 5.4) if len(ids) == 1 else None))
        axes = fig.subplots(nrows, nc, squeeze=False)
        for k, cid in enumerate(ids):
            draw_trajectory(axes[k // nc][k % nc], run, cid, lang, colors, legend=(k == 0))
        for k in range(len(ids), nrows * nc):
            axes[k // nc][k % nc].set_visible(False)
        heading = title or (f"{sc.title}{colon(lang)}预测与目标" if lang == "zh"
                            else f"{sc.title}: projection against targets")
        _finish(fig, heading, sources_note(sc, lang, run.targets["source"],
                                           extra=word("annual_flow", lang)))
    return fig


# ---------------------------------------------------------------------------------------------
# Scenario A vs B


def _run_label(run: Run, lang: str) -> str:
    sc = run.scenario
    text = sc.title if sc.title != sc.name else sc.name
    if sc.overrides:
        text += paren(", ".join(sc.overrides), lang)
    return text


def compare(a: Union[Run, Comparison], b: Optional[Run] = None,
            clusters: Union[None, str, Sequence[str]] = None, *, lang: str = "zh",
            labels: Optional[Sequence[str]] = None, ncols: Optional[int] = None, figsize=None,
            title: Optional[str] = None) -> Figure:
    """Scenario A (solid) against B (dashed), one panel per cluster, with the targets and B's
    difference from A in the last year. Takes two runs or a :class:`clustersim.Comparison`."""
    check_lang(lang)
    if isinstance(a, Comparison):
        a, b = a.a, a.b
    if b is None:
        raise TypeError("compare() needs two runs or a Comparison")
    sa, sb = a.scenario, b.scenario
    ids = ([clusters] if isinstance(clusters, str) else list(clusters) if clusters is not None
           else [c for c in sa.cluster_ids if c in sb.cluster_ids])
    la, lb = labels if labels is not None else (_run_label(a, lang), _run_label(b, lang))
    palette = cluster_colors(sa)
    targets = a.targets
    with _styled(lang):
        nrows, nc = _grid_shape(len(ids), ncols)
        fig = _figure(figsize or ((9.0, 5.4) if len(ids) == 1 else None))
        axes = fig.subplots(nrows, nc, squeeze=False)
        for k, cid in enumerate(ids):
            ax = axes[k // nc][k % nc]
            measure, unit, factor = _measure_unit(sa, cid)
            ya = _output_series(a, cid, factor)
            yb = _output_series(b, cid, factor)
            color = palette.get(cid, ALL_COLOR)
            ax.plot(a.years, ya, color=color, label="A", gid=f"scenario-a:{cid}")
            ax.plot(b.years, yb, color=color, linestyle="--", label="B", gid=f"scenario-b:{cid}")
            rows = targets[targets["cluster"] == cid]
            for j, (_, t) in enumerate(rows.iterrows()):
                _target_marker(ax, t["year"], t["target"] * t["unit_factor"] / factor, cid,
                               j == 0, lang)
            last_a, last_b = ya[-1], yb[-1]
            diff = (last_b - last_a) / last_a * 100 if last_a else float("nan")
            ax.text(0.98, 0.04, f"{b.years[-1]}{'年 ' if lang == 'zh' else ': '}B − A "
                    f"{fmt_pct(diff, sign=True)}", transform=ax.transAxes, ha="right",
                    va="bottom", fontsize=8.5, color=color, fontweight="bold",
                    gid=f"difference:{cid}")
            ax.set_title(cluster_label(sa.cluster_info(cid), lang))
            ax.set_ylabel(axis_label(measure_name(measure, lang), unit, lang))
            _year_axis(ax, a.years, lang)
            _amount_axis(ax)
            top = max(float(np.max(ya)), float(np.max(yb)),
                      float((rows["target"] * rows["unit_factor"] / factor).max())
                      if len(rows) else 0.0)
            ax.set_ylim(0, top * 1.15)
            if k == 0:
                ax.legend(loc="upper left")
        for k in range(len(ids), nrows * nc):
            axes[k // nc][k % nc].set_visible(False)
        heading = title or ("情景比较：A 与 B" if lang == "zh" else "Scenario comparison: A and B")
        if lang == "zh":
            b_note = (f"B：{sb.name}（{sb.file}"
                      + ("，设定 " + "、".join(sb.overrides) if sb.overrides else "") + "）")
            subtitle = f"A：{la}　B：{lb}"
        else:
            b_note = (f"B: {sb.name} ({sb.file}"
                      + (", with " + ", ".join(sb.overrides) if sb.overrides else "") + ")")
            subtitle = f"A: {la}   B: {lb}"
        _finish(fig, heading, sources_note(sa, lang, targets["source"], extra=b_note),
                subtitle=subtitle)
    return fig


# ---------------------------------------------------------------------------------------------
# Binding-constraint timeline


def binding(run: Run, *, lang: str = "zh", figsize=None, title: Optional[str] = None,
            clusters: Optional[Sequence[str]] = None) -> Figure:
    """What limits each cluster's output in each year: capital, labour, space (land and
    factory floor) or demand, as a coloured grid (rows: clusters, columns: years), with the
    target years marked."""
    check_lang(lang)
    sc = run.scenario
    ids = list(clusters) if clusters is not None else run.cluster_ids
    with _styled(lang):
        fig = _figure(figsize or (11.0, 1.8 + 0.55 * len(ids)))
        ax = fig.subplots()
        draw_binding(ax, run, ids, lang)
        heading = title or (f"{sc.title}{colon(lang)}约束产出的因素" if lang == "zh"
                            else f"{sc.title}: what limits output")
        _finish(fig, heading, sources_note(sc, lang, extra=BINDING_NOTE[lang]))
    return fig


# ---------------------------------------------------------------------------------------------
# Capacities and demand of one cluster


def capacities(run: Run, cluster: str, *, lang: str = "zh", figsize=None,
               title: Optional[str] = None) -> Figure:
    """Output of one cluster against its three capacities (capital, labour, space) and demand,
    in 亿元 per year: the lowest line is what binds."""
    check_lang(lang)
    sc = run.scenario
    with _styled(lang):
        fig = _figure(figsize or (9.0, 5.4))
        ax = fig.subplots()
        clipped = draw_capacities(ax, run, cluster, lang)
        heading = title or ax.get_title()
        ax.set_title("")
        _finish(fig, heading, sources_note(sc, lang, extra=_capacities_note(clipped, lang)))
    return fig


def _capacities_note(clipped: list, lang: str) -> str:
    parts = []
    if clipped:
        parts.append(("超出图幅（不构成约束）：" + "、".join(clipped)) if lang == "zh" else
                     "off the chart (not binding): " + ", ".join(clipped))
    parts.append("产能与需求为全年积分" if lang == "zh" else
                 "capacities and demand are integrals over the year")
    return sep(lang).join(parts)


# ---------------------------------------------------------------------------------------------
# One cluster on one page


def cluster(run: Run, cluster: str, *, lang: str = "zh", figsize=None,
            title: Optional[str] = None) -> Figure:
    """A cluster at a glance (a page of the review pack): output against targets, capacities
    and demand, the binding constraint by year and the target table."""
    check_lang(lang)
    sc = run.scenario
    info = sc.cluster_info(cluster)
    targets = run.targets
    rows = targets[targets["cluster"] == cluster]
    with _styled(lang):
        fig = _figure(figsize or (11.69, 8.27))
        gs = fig.add_gridspec(3, 2, height_ratios=[5.0, 0.9, 2.2])
        m = measure_name(info["measure"], lang)
        draw_trajectory(fig.add_subplot(gs[0, 0]), run, cluster, lang,
                        title=f"{m}与目标" if lang == "zh" else f"{m} against targets")
        clipped = draw_capacities(fig.add_subplot(gs[0, 1]), run, cluster, lang,
                                  title=f"产能、需求与{m}" if lang == "zh" else
                                  f"Capacities, demand and {m.lower()}")
        draw_binding(fig.add_subplot(gs[1, :]), run, [cluster], lang, legend=True)
        tax = fig.add_subplot(gs[2, :])
        tax.axis("off")
        unit = _common_unit(rows)
        table_rows = [_target_cells(t, lang, with_unit=unit is None) for _, t in rows.iterrows()]
        if table_rows:
            tbl = tax.table(cellText=table_rows,
                            colLabels=target_columns(lang, short=True, unit=unit),
                            loc="upper center", cellLoc="center")
            _style_table(tbl, table_rows, lang)
        else:
            tax.text(0.5, 0.5, "该集群无目标" if lang == "zh" else "no target for this cluster",
                     ha="center", va="center", transform=tax.transAxes)
        name = cluster_label(info, lang)
        baseline = f"{info['baseline']:,.1f} {unit_name(info['unit'], lang)}"
        heading = title or name
        subtitle = (f"{sc.start_year}年{measure_name(info['measure'], lang)} {baseline}"
                    f"（{info['baseline_source']}）" if lang == "zh" else
                    f"{measure_name(info['measure'], lang)} {sc.start_year}: {baseline} "
                    f"({info['baseline_source']})")
        extra = sep(lang).join([word("annual_flow", lang), BINDING_NOTE[lang],
                                _capacities_note(clipped, lang)])
        _finish(fig, heading, sources_note(sc, lang, rows["source"], extra=extra),
                subtitle=subtitle)
    return fig


# ---------------------------------------------------------------------------------------------
# The target table (the review pack's summary page, also a chart for slides)


def _common_unit(rows) -> Optional[str]:
    units = set(rows["unit"]) if len(rows) else set()
    return units.pop() if len(units) == 1 else None


def target_columns(lang: str, short: bool = False, probability: bool = False,
                   unit: Optional[str] = None) -> list:
    """Headers of the target table (two lines where long); with a common `unit`, the amount
    headers carry it."""
    u = "" if unit is None else "\n" + paren(unit_name(unit, lang), lang).strip()
    if lang == "zh":
        cols = ["集群", "年份", "目标" + u, "预测" + u, "差距", "结论", "首次\n达标", "所需\n增速",
                "预测\n增速", "约束\n因素"]
    else:
        cols = ["Cluster", "Year", "Target" + u, "Projected" + u, "Gap", "Verdict",
                "First\nreached", "CAGR\nrequired", "CAGR\nprojected", "Binding"]
    if probability:
        cols.insert(6, "达标\n概率" if lang == "zh" else "P(reach)")
    return cols[1:] if short else cols


def _target_cells(t, lang: str, short: bool = True, probability=None,
                  with_unit: bool = True) -> list:
    from ._text import fmt_amount, fmt_prob, fmt_rate
    unit = f" {unit_name(t['unit'], lang)}" if with_unit else ""
    verdict = word("reached", lang) if t["reached"] else word("missed", lang)
    first = t["first_year_reached"]
    cells = [t["name"] + (f"（{t['label']}）" if t["label"] else "") if lang == "zh" else
             t["name_en"] + (f" ({t['label']})" if t["label"] else ""),
             str(t["year"]), f"{fmt_amount(t['target'])}{unit}",
             f"{fmt_amount(t['projected'])}{unit}", fmt_pct(t["gap_pct"], sign=True), verdict,
             "-" if first is None or first is pd_NA else str(int(first)),
             fmt_rate(t["cagr_required"]), fmt_rate(t["cagr_projected"]),
             constraint_name(t["binding"], lang, short=True)]
    if probability is not None:
        cells.insert(6, fmt_prob(probability))
    return cells[1:] if short else cells


def _style_table(tbl, rows, lang: str, fontsize: Optional[float] = None) -> None:
    if fontsize is None:
        fontsize = 9.5 if lang == "zh" else 8.5  # English names are longer
    tbl.auto_set_font_size(False)
    tbl.set_fontsize(fontsize)
    tbl.scale(1.0, 1.5)
    ncols = len(rows[0]) if rows else 0
    tbl.auto_set_column_width(list(range(ncols)))
    missed, reached = word("missed", lang), word("reached", lang)
    two_line = any("\n" in cell.get_text().get_text()
                   for (r, _), cell in tbl.get_celld().items() if r == 0)
    for (r, c), cell in tbl.get_celld().items():
        cell.set_edgecolor("#CCCCCC")
        if r == 0:
            if two_line:
                cell.set_height(cell.get_height() * 1.8)
            cell.set_facecolor("#E8EEF4")
            cell.set_text_props(fontweight="bold")
            continue
        if r % 2 == 0:
            cell.set_facecolor("#F7F7F7")
        text = cell.get_text().get_text()
        if text in (missed, reached):
            cell.get_text().set_color(MISSED_COLOR if text == missed else REACHED_COLOR)
            cell.get_text().set_fontweight("bold")


def targets_table(run: Run, *, lang: str = "zh", probabilities=None, figsize=None,
                  title: Optional[str] = None) -> Figure:
    """The target table as a figure: target, projection, gap, verdict, first year reached,
    required and projected growth, binding constraint, and with `probabilities` (one per
    target, in the table's order) the probability of reaching each target."""
    check_lang(lang)
    sc = run.scenario
    targets = run.targets
    probs = list(probabilities) if probabilities is not None else None
    unit = _common_unit(targets)
    rows = [_target_cells(t, lang, short=False, with_unit=unit is None,
                          probability=None if probs is None else probs[k])
            for k, (_, t) in enumerate(targets.iterrows())]
    with _styled(lang):
        fig = _figure(figsize or (11.69, max(3.0, 1.9 + 0.32 * len(rows))))
        ax = fig.subplots()
        ax.axis("off")
        if rows:
            tbl = ax.table(cellText=rows, loc="upper center", cellLoc="center",
                           colLabels=target_columns(lang, probability=probs is not None,
                                                    unit=unit), gid="targets-table")
            _style_table(tbl, rows, lang)
        heading = title or (f"{sc.title}{colon(lang)}目标一览" if lang == "zh"
                            else f"{sc.title}: targets")
        notes = [word("annual_flow", lang)]
        notes.append("差距 =（预测 − 目标）/ 目标；增速为自基年起的年均复合增长率" if lang == "zh"
                     else "gap = (projected − target) / target; growth rates are compound "
                          "annual rates from the baseline year")
        if probs is not None:
            notes.append("达标概率来自不确定性抽样（见敏感性页）" if lang == "zh" else
                         "probabilities from the uncertainty sweep (see the sensitivity page)")
        _finish(fig, heading, sources_note(sc, lang, targets["source"], extra=sep(lang).join(notes)))
    return fig
