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

from . import _core
from ._api import Comparison, Run, Scenario
from ._fonts import FontError, cjk_family
from ._text import (axis_label, check_lang, cluster_label, colon, constraint_name, fmt_pct,
                    has_cjk, measure_name, paren, sep, unit_name, variable_name, word, wrap)

__all__ = ["trajectory", "compare", "binding", "capacities", "cluster_colors", "style", "use_style",
           "FontError", "PALETTE", "CONSTRAINT_COLORS"]

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
        "pdf.fonttype": 42,
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
# Trajectory against targets


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
    targets = run.targets
    if clusters is None:
        with_targets = list(dict.fromkeys(targets["cluster"]))
        ids = [c for c in sc.cluster_ids if c in with_targets] or sc.cluster_ids
        if "all" in with_targets:
            ids.append("all")
    elif isinstance(clusters, str):
        ids = [clusters]
    else:
        ids = list(clusters)
    for cid in ids:
        sc.cluster_info(cid)  # KeyError for an unknown id
    palette = dict(cluster_colors(sc), **(colors or {}))
    years = run.years
    with _styled(lang):
        nrows, nc = _grid_shape(len(ids), ncols)
        if figsize is None and len(ids) == 1:
            figsize = (9.0, 5.4)
        fig = _figure(figsize)
        axes = fig.subplots(nrows, nc, squeeze=False)
        for k, cid in enumerate(ids):
            ax = axes[k // nc][k % nc]
            measure, unit, factor = _measure_unit(sc, cid)
            series = _output_series(run, cid, factor)
            color = palette.get(cid, ALL_COLOR)
            ax.plot(years, series, color=color, marker="o", markersize=3.5,
                    label=word("projected", lang), gid=f"projected:{cid}")
            rows = targets[targets["cluster"] == cid]
            first = True
            for _, t in rows.iterrows():
                value = t["target"] * t["unit_factor"] / factor  # in the panel's unit
                projected = t["projected"] * t["unit_factor"] / factor
                ax.plot([t["year"]], [value], linestyle="none", marker="D", markersize=7,
                        markerfacecolor="white", markeredgecolor=TARGET_COLOR,
                        markeredgewidth=1.6, zorder=5, gid=f"target:{cid}:{t['year']}",
                        label=word("target", lang) if first else "_nolegend_")
                first = False
                gap_color = REACHED_COLOR if t["reached"] else MISSED_COLOR
                ax.plot([t["year"], t["year"]], [projected, value], color=gap_color,
                        linestyle=":", linewidth=1.4, zorder=4, label="_nolegend_")
                gap_text = (f"{word('gap', lang)} {fmt_pct(t['gap_pct'], sign=True)}"
                            if not math.isnan(t["gap_pct"]) else "")
                ax.annotate(gap_text, xy=(t["year"], (projected + value) / 2),
                            xytext=(-6, 0), textcoords="offset points", ha="right",
                            va="center", fontsize=8.5, color=gap_color, fontweight="bold",
                            gid=f"gap:{cid}:{t['year']}")
            name = cluster_label(sc.cluster_info(cid), lang)
            ax.set_title(name)
            ax.set_ylabel(axis_label(measure_name(measure, lang), unit, lang))
            _year_axis(ax, years, lang)
            _amount_axis(ax)
            top = max(float(np.max(series)),
                      float((rows["target"] * rows["unit_factor"] / factor).max())
                      if len(rows) else 0.0)
            ax.set_ylim(0, top * 1.12)
            if k == 0:
                ax.legend(loc="upper left")
        for k in range(len(ids), nrows * nc):
            axes[k // nc][k % nc].set_visible(False)
        heading = title or (f"{sc.title}{colon(lang)}预测与目标" if lang == "zh"
                            else f"{sc.title}: projection against targets")
        _finish(fig, heading, sources_note(sc, lang, targets["source"],
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
            first = True
            for _, t in rows.iterrows():
                ax.plot([t["year"]], [t["target"] * t["unit_factor"] / factor], linestyle="none",
                        marker="D", markersize=7, markerfacecolor="white",
                        markeredgecolor=TARGET_COLOR, markeredgewidth=1.6, zorder=5,
                        gid=f"target:{cid}:{t['year']}",
                        label=word("target", lang) if first else "_nolegend_")
                first = False
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
        note = sources_note(sa, lang, targets["source"], extra=(
            f"B：{sb.name}（{sb.file}" + ("，设定 " + "、".join(sb.overrides) if sb.overrides else "")
            + "）" if lang == "zh" else
            f"B: {sb.name} ({sb.file}" + (", with " + ", ".join(sb.overrides)
                                          if sb.overrides else "") + ")"))
        _finish(fig, heading, note, subtitle=f"A{colon(lang)}{la}　B{colon(lang)}{lb}"
                if lang == "zh" else f"A: {la}   B: {lb}")
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
    codes = run.binding_codes()
    rows_idx = [run.cluster_ids.index(c) for c in ids]
    grid = codes[rows_idx, :]
    years = run.years
    names = list(_core.constraints())
    from matplotlib.colors import ListedColormap
    cmap = ListedColormap([CONSTRAINT_COLORS[n] for n in names])
    with _styled(lang):
        fig = _figure(figsize or (11.0, 1.6 + 0.55 * len(ids)))
        ax = fig.subplots()
        ax.imshow(grid, cmap=cmap, vmin=-0.5, vmax=len(names) - 0.5, aspect="auto",
                  extent=(years[0] - 0.5, years[-1] + 0.5, len(ids) - 0.5, -0.5),
                  interpolation="nearest", gid="binding")
        for r, _ in enumerate(ids):
            for c, y in enumerate(years):
                ax.text(y, r, constraint_name(names[grid[r, c]], lang, short=True),
                        ha="center", va="center", fontsize=8, color="white")
        targets = run.targets
        for r, cid in enumerate(ids):
            for y in targets.loc[targets["cluster"] == cid, "year"]:
                ax.plot([y], [r + 0.38], marker="^", color="white", markeredgecolor="black",
                        markersize=6, linestyle="none", gid=f"target:{cid}:{y}")
        ax.set_yticks(range(len(ids)))
        ax.set_yticklabels([cluster_label(sc.cluster_info(c), lang) for c in ids])
        ax.set_xticks(years)
        ax.set_xlabel(word("year", lang))
        ax.set_ylabel(word("cluster", lang))
        ax.grid(False)
        for s in ax.spines.values():
            s.set_visible(False)
        handles = [Patch(facecolor=CONSTRAINT_COLORS[n], label=constraint_name(n, lang))
                   for n in names]
        handles.append(Line2D([], [], marker="^", color="white", markeredgecolor="black",
                              linestyle="none", label=word("target", lang) +
                              ("年份" if lang == "zh" else " year")))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  title=word("binding", lang))
        heading = title or (f"{sc.title}{colon(lang)}约束产出的因素" if lang == "zh"
                            else f"{sc.title}: what limits output")
        extra = ("约束因素为当年资本、劳动力、空间产能与需求中全年积分最小者（docs/model.md E9）"
                 if lang == "zh" else
                 "binding: the smallest over the year of the capital, labour and space "
                 "capacities and demand (docs/model.md E9)")
        _finish(fig, heading, sources_note(sc, lang, extra=extra))
    return fig


# ---------------------------------------------------------------------------------------------
# Capacities and demand of one cluster


def capacities(run: Run, cluster: str, *, lang: str = "zh", figsize=None,
               title: Optional[str] = None) -> Figure:
    """Output of one cluster against its three capacities (capital, labour, space) and demand,
    in 亿元 per year: the lowest line is what binds."""
    check_lang(lang)
    sc = run.scenario
    info = sc.cluster_info(cluster)
    i = run.cluster_ids.index(cluster)
    years = run.years
    with _styled(lang):
        fig = _figure(figsize or (9.0, 5.4))
        ax = fig.subplots()
        measure = info["measure"]
        out = run.array("output")[i]
        ax.plot(years, out, color=cluster_colors(sc)[cluster], linewidth=2.8,
                label=measure_name(measure, lang), gid=f"projected:{cluster}")
        series = {}
        for var, constraint in [("capacity_capital", "capital"), ("capacity_labour", "labour"),
                                ("capacity_space", "space"), ("demand", "demand")]:
            y = run.array(var)[i]
            series[var] = y
            ax.plot(years, y, color=CONSTRAINT_COLORS[constraint], linewidth=1.4,
                    linestyle="--" if var != "demand" else "-.",
                    label=variable_name(var, lang), gid=var)
        # Capacities far above output do not bind; keep the lines that matter readable.
        top = 2.2 * float(np.max(out))
        ax.set_ylim(0, top)
        clipped = [variable_name(v, lang) for v, y in series.items() if np.max(y) > top]
        ax.set_ylabel(axis_label(measure_name(measure, lang) + "、产能与需求" if lang == "zh"
                                 else measure_name(measure, lang) + ", capacities and demand",
                                 "亿元", lang))
        _year_axis(ax, years, lang)
        _amount_axis(ax)
        ax.legend(loc="upper left")
        name = cluster_label(info, lang)
        heading = title or (f"{name}{colon(lang)}产能、需求与产值" if lang == "zh"
                            else f"{name}: capacities, demand and output")
        extra = []
        if clipped:
            extra.append(("超出图幅（不构成约束）：" + "、".join(clipped)) if lang == "zh" else
                         "off the chart (not binding): " + ", ".join(clipped))
        extra.append("产能与需求为全年积分，单位亿元" if lang == "zh" else
                      "capacities and demand are integrals over the year, in 100 million yuan")
        _finish(fig, heading, sources_note(sc, lang, extra=sep(lang).join(extra)))
    return fig
