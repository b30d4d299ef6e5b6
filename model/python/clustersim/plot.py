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
import re
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
from . import _table
from ._fonts import FontError, cjk_family, truetype_subsets
from ._text import (axis_label, check_lang, cluster_label, colon, constraint_name, display_unit,
                    fmt_pct, fmt_prob, fmt_quantity, measure_name, paren, pick, sep, variable_name,
                    word, wrap)
from ._verdict import MISSED_COLOR, REACHED_COLOR, as_probabilities

__all__ = ["trajectory", "compare", "binding", "capacities", "cluster", "targets_table",
           "fan", "tornado", "morris", "sobol", "first_years", "fitted",
           "cluster_colors", "cite", "style", "use_style", "FontError", "PALETTE", "CONSTRAINT_COLORS"]

# Cluster colours: Okabe–Ito without its yellow, then muted extras (colour-blind safe first).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#8C564B",
           "#7F7F7F", "#BCBD22", "#17BECF", "#1B3A6B", "#A6761D"]
ALL_COLOR = "#333333"
TARGET_COLOR = "#111111"
CONSTRAINT_COLORS = {"capital": "#3B75AF", "labour": "#EF8636", "space": "#519E3E",
                     "demand": "#8D69B8"}

# Slides are 16:9; the review pack prints on A4 landscape (report.py).
FIGSIZE = (11.0, 6.2)
FOOTNOTE_SIZE = 7.0
# Capacity panels show the series up to this multiple of the output (the rest cannot bind).
CAPACITY_RANGE = 2.2


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
    truetype_subsets()
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
        # TrueType (CID) subsets with a ToUnicode map: text that can be searched and copied
        # (_fonts.truetype_subsets gives the CFF outlines of Noto CJK TrueType ones).
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        # Texts from scenario files are printed as written: no mathtext ('US$6.35bn / US$7.27bn'
        # keeps its dollar signs).
        "text.parse_math": False,
    }


def use_style(lang: str = "zh") -> None:
    """Make the charts' style matplotlib's default (for titles and labels a notebook adds
    afterwards in Chinese, and for ``fig.savefig("x.pdf")``: the PDF font type is read when the
    file is written, and the style's TrueType fonts make its text searchable)."""
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


_CITATION = re.compile(r"^\[([A-Za-z0-9][A-Za-z0-9_.-]*)\]")
_DOC_NUMBER = re.compile(r"[（(]([^（）()]*\[\d{4}\]\d+号)[）)]")


def _cited_document(key: str, scenario: Scenario) -> Optional[str]:
    """The document an [id] of the scenario's sources file names: its number when the title
    carries one ('…（深坪府[2024]1号）' -> '深坪府[2024]1号'), else its title; None when unknown."""
    cited = scenario.cited_sources
    row = cited[cited["id"] == key]
    if not len(row):
        return None
    title = str(row["title"].iloc[0])
    m = _DOC_NUMBER.search(title)
    return m.group(1) if m else title


def short_source(source: str, scenario: Optional[Scenario] = None) -> str:
    """'[ps-6plus3-2024] 三(一)1(2): …' or 'LABEL, 三(一)1(2): …' -> '深坪府[2024]1号' when the
    scenario's sources file (or its sources list, as 'LABEL: 深坪府[2024]1号 …') names that document,
    else the id or label as written."""
    m = _CITATION.match(source.strip())
    if m:
        doc = _cited_document(m.group(1), scenario) if scenario is not None else None
        return doc or m.group(0)
    s = source.replace("：", ":").split(":")[0].split(",")[0].split("，")[0].strip()
    if scenario is not None:
        for full in scenario.sources:
            if full.startswith(s + ":") or full.startswith(s + "："):
                doc = full[len(s) + 1:].strip().split()[0] if full[len(s) + 1:].strip() else ""
                if doc:
                    return doc
    return s


def cite(source: str, scenario: Scenario) -> str:
    """A source for the reader: '[ps-6plus3-2024] 三(一)2(2): …' (or 'LABEL, 三(一)2(2): …') ->
    '深坪府[2024]1号 三(一)2(2): …' when the scenario's sources name that document (as
    :func:`short_source`); else unchanged."""
    source = str(source)
    m = _CITATION.match(source.strip())
    if m:
        doc = _cited_document(m.group(1), scenario)
        return source if doc is None else doc + source.strip()[len(m.group(0)):]
    raw = source.replace("：", ":").split(":")[0].split(",")[0].split("，")[0].strip()
    doc = short_source(source, scenario)
    if not raw or doc == raw or not source.startswith(raw):
        return source
    rest = source[len(raw):].lstrip(",，").lstrip()
    return f"{doc} {rest}" if rest and rest[0] not in ":：" else doc + rest


def sources_note(scenario: Scenario, lang: str, targets: Iterable[str] = (),
                 extra: Optional[str] = None) -> str:
    """The footnote: model version, scenario file and overrides, target sources, conventions."""
    from ._assumptions import display_path

    version = _core.version()
    files = display_path(scenario.file)
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
    _clear_of_titles(fig)


def _clear_of_titles(fig: Figure, pad: float = 3.0) -> None:
    """Raise the top of every panel whose labels (annotations, texts) reach above it, into its
    title or the figure's: after the layout, the labels must sit inside their axes."""
    axes = [ax for ax in fig.axes if ax.get_visible() and ax.texts and ax.get_navigate()]
    if not axes:
        return
    for _ in range(4):
        fig.draw_without_rendering()  # the layout and the labels' final places
        renderer = fig.canvas.get_renderer()
        moved = False
        for ax in axes:
            box = ax.get_window_extent(renderer)
            tops = [t.get_window_extent(renderer).y1 for t in ax.texts
                    if t.get_visible() and t.get_text() and t.get_transform() != ax.transAxes]
            over = (max(tops) if tops else 0.0) - (box.y1 - pad)
            if over > 0 and box.height > over:
                lo, hi = ax.get_ylim()
                ax.set_ylim(lo, hi + (hi - lo) * over / (box.height - over) * 1.05)
                moved = True
        if not moved:
            return


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


def _measure_unit(scenario: Scenario, cluster: str, lang: str = "zh") -> tuple:
    """(measure, unit, factor): the unit is the model's (axis_label shows it in `lang`), factor
    the 亿元 per displayed unit (English shows 亿元 figures in CNY bn: factor 10)."""
    measure, unit, factor = _measure_unit_model(scenario, cluster)
    return measure, unit, factor / display_unit(unit, lang)[1]


def _measure_unit_model(scenario: Scenario, cluster: str) -> tuple:
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
    measure, unit, factor = _measure_unit(sc, cluster, lang)
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
    scale = display_unit("亿元", lang)[1]  # English: CNY bn
    out = run.array("output")[i] * scale
    ax.plot(years, out, color=cluster_colors(sc)[cluster], linewidth=2.8,
            label=measure_name(measure, lang), gid=f"projected:{cluster}")
    # The panel spans the series that can bind: those within CAPACITY_RANGE times the output.
    # A capacity far above the output does not bind; it is left off the scale and named in the
    # footnote, so that the others fill the panel.
    clipped = []
    limit = CAPACITY_RANGE * float(np.max(out))
    top = float(np.max(out))
    for var, constraint in [("capacity_capital", "capital"), ("capacity_labour", "labour"),
                            ("capacity_space", "space"), ("demand", "demand")]:
        y = run.array(var)[i] * scale
        ax.plot(years, y, color=CONSTRAINT_COLORS[constraint], linewidth=1.4,
                linestyle="-." if var == "demand" else "--", label=variable_name(var, lang),
                gid=var)
        if np.max(y) > limit:
            clipped.append(variable_name(var, lang))
        else:
            top = max(top, float(np.max(y)))
    ax.set_ylim(0, top * 1.08)
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
        heading = title or (f"{sc.text('title', lang)}{colon(lang)}预测与目标" if lang == "zh"
                            else f"{sc.text('title', lang)}: projection against targets")
        _finish(fig, heading, sources_note(sc, lang, run.targets["source"],
                                           extra=word("annual_flow", lang)))
    return fig


# ---------------------------------------------------------------------------------------------
# Scenario A vs B


def _run_label(run: Run, lang: str) -> str:
    sc = run.scenario
    text = sc.text('title', lang)
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
            measure, unit, factor = _measure_unit(sa, cid, lang)
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
        heading = title or (f"{sc.text('title', lang)}{colon(lang)}约束产出的因素" if lang == "zh"
                            else f"{sc.text('title', lang)}: what limits output")
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
            title: Optional[str] = None, probabilities=None) -> Figure:
    """A cluster at a glance (a page of the review pack): output against targets, capacities
    and demand, the binding constraint by year and the target table (with `probabilities`, one
    per target of the run, the probability column and verdicts as on the summary page)."""
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
        probs = as_probabilities(probabilities, run)
        if probs is not None:
            probs = probs.subset([k for k, c in enumerate(targets["cluster"]) if c == cluster])
        verdicts = _table.draw(tax, rows, lang, probs, short=True)
        if not len(rows):
            tax.text(0.5, 0.5, "该集群无目标" if lang == "zh" else "no target for this cluster",
                     ha="center", va="center", transform=tax.transAxes)
        name = cluster_label(info, lang)
        baseline = fmt_quantity(info["baseline"], info["unit"], lang)
        source = cite(pick(info["baseline_source"], info.get("baseline_source_en"), lang), sc)
        heading = title or name
        subtitle = (f"{sc.start_year}年{measure_name(info['measure'], lang)} {baseline}" if lang == "zh"
                    else f"{measure_name(info['measure'], lang)} {sc.start_year}: {baseline}")
        if source.strip():
            subtitle += paren(source, lang)
        extra = sep(lang).join([word("annual_flow", lang), BINDING_NOTE[lang],
                                _capacities_note(clipped, lang)] +
                               _table.notes(lang, verdicts, probs)[2:])
        _finish(fig, heading, sources_note(sc, lang, rows["source"], extra=extra),
                subtitle=subtitle)
    return fig


# ---------------------------------------------------------------------------------------------
# The target table (the review pack's summary page, also a chart for slides)


def targets_table(run: Run, *, lang: str = "zh", probabilities=None, figsize=None,
                  title: Optional[str] = None) -> Figure:
    """The target table as a figure: target, projection, gap, verdict, first year reached,
    required and projected growth, binding constraint, and with `probabilities` (one per
    target, in the table's order, or a :class:`clustersim._verdict.Probabilities`) the
    probability of reaching each target; verdicts as :func:`clustersim._verdict.verdict`
    decides them."""
    check_lang(lang)
    sc = run.scenario
    targets = run.targets
    probs = as_probabilities(probabilities, run)
    with _styled(lang):
        fig = _figure(figsize or (11.69, max(3.0, 1.9 + 0.32 * len(targets))))
        ax = fig.subplots()
        verdicts = _table.draw(ax, targets, lang, probs, gid="targets-table")
        heading = title or (f"{sc.text('title', lang)}{colon(lang)}目标一览" if lang == "zh"
                            else f"{sc.text('title', lang)}: targets")
        _finish(fig, heading, sources_note(sc, lang, targets["source"],
                                           extra=_table.footnote_text(lang, verdicts, probs)))
    return fig


# ---------------------------------------------------------------------------------------------
# Sensitivity (clustersim sweep) and calibration charts. They read the sweep's and the fit's
# tables (clustersim.Sweep / clustersim.Calibration, or anything with the same DataFrames, e.g.
# clustersim.read_sweep(DIR)), so that a sweep run on a server charts the same in a notebook.

_SENS = {
    "fan_title": ("{scope}：{variable}的概率区间（{n} 次模拟）",
                  "{scope}: {variable}, percentile bands ({n} runs)"),
    "band_90": ("5%–95% 区间", "5–95% band"),
    "band_50": ("25%–75% 区间", "25–75% band"),
    "p_reach": ("达标概率 {p}", "P(reach) {p}"),
    "tornado_title": ("{output}：各输入在其 5%/95% 取值时的影响（单因素）",
                      "{output}: each input at its 5% and 95% value, one at a time"),
    "at_low": ("输入取低值", "input at its low value"),
    "at_high": ("输入取高值", "input at its high value"),
    "base": ("基准", "Base"),
    "morris_title": ("{output}：Morris 筛选（μ*–σ）", "{output}: Morris screening (μ*–σ)"),
    "mu_star": ("平均绝对效应 μ*", "Mean absolute effect μ*"),
    "sigma": ("效应标准差 σ", "Std. deviation of effects σ"),
    "sobol_title": ("{output}：Sobol 敏感性指数", "{output}: Sobol sensitivity indices"),
    "sobol_axis": ("敏感性指数", "Sensitivity index"),
    "first_title": ("首次达标年份的分布", "Year in which each target is first reached"),
    "first_axis": ("模拟占比", "Share of runs"),
    "never": ("期内未达", "not within horizon"),
    "fitted_title": ("拟合值与观测值", "Fitted against observed"),
    "observed_in": ("观测值（样本内）", "Observed (in sample)"),
    "observed_out": ("观测值（样本外）", "Observed (out of sample)"),
    "fitted": ("拟合值", "Fitted"),
    "until": ("样本截止", "Fit until"),
}


def _sw(key: str, lang: str, **kw) -> str:
    zh, en = _SENS[key]
    return (zh if lang == "zh" else en).format(**kw)


def _sweep_scenario(sw) -> Optional[Scenario]:
    """The sweep's scenario (for cluster names and sources), loaded from summary.json's file when
    it can be; None when the file is not reachable from here."""
    summary = getattr(sw, "summary", {}) or {}
    file = summary.get("scenario_file")
    if not file:
        return None
    try:
        from ._api import load
        return load(file, list(summary.get("overrides") or []) or None)
    except Exception:  # noqa: BLE001 - names then fall back to ids
        return None


def _cluster_name(sc: Optional[Scenario], cid: str, lang: str, fallback: Optional[str] = None,
                  sw=None) -> str:
    if sc is not None:
        try:
            return cluster_label(sc.cluster_info(cid), lang)
        except Exception:  # noqa: BLE001
            pass
    targets = getattr(sw, "targets", None)
    if fallback is None and lang == "zh" and targets is not None and "name" in targets:
        names = targets[targets["cluster"] == cid]["name"]
        if len(names):
            return str(names.iloc[0])  # the scenario's (Chinese) cluster name, from targets.csv
    return fallback or cid


def _sweep_note(sw, sc: Optional[Scenario], lang: str, extra: Optional[str] = None) -> str:
    from ._assumptions import display_path

    s = getattr(sw, "summary", {}) or {}
    zh = lang == "zh"
    method = s.get("method", "")
    bits = (f"来源：clustersim {s.get('version', _core.version())} 不确定性模拟（方法 {method}，"
            f"抽样 {s.get('sampler', '')}，种子 {s.get('seed', '')}，{s.get('runs', '')} 次运行，"
            f"失败 {s.get('failed', 0)} 次），情景 {s.get('scenario', '')}（{display_path(s.get('scenario_file', ''))}）"
            if zh else
            f"Source: clustersim {s.get('version', _core.version())} uncertainty sweep (method "
            f"{method}, sampler {s.get('sampler', '')}, seed {s.get('seed', '')}, "
            f"{s.get('runs', '')} runs, {s.get('failed', 0)} failed), scenario "
            f"{s.get('scenario', '')} ({display_path(s.get('scenario_file', ''))})")
    ninputs = len(s.get("inputs", []) or [])
    if ninputs:
        bits += (sep(lang) + (f"{ninputs} 个不确定输入，分布与来源见 summary.json" if zh else
                              f"{ninputs} uncertain inputs, distributions and sources in "
                              "summary.json"))
    if sc is not None:
        shorts = []
        for t in sc.targets.get("source", []) if hasattr(sc.targets, "get") else []:
            short = short_source(str(t), sc)
            if short and short not in shorts:
                shorts.append(short)
        if shorts:
            bits += sep(lang) + word("targets_from", lang) + colon(lang) + ", ".join(shorts)
    if extra:
        bits += sep(lang) + extra
    return bits + ("。" if zh else ".")


def _output_label(sw, output: str, lang: str, sc: Optional[Scenario] = None) -> tuple:
    """(display name, unit) of a sweep output: 'ic:2030' -> ('半导体与集成电路 2030 年产值',
    '亿元'); 'gap:…', 'reached:…' and bare cluster ids likewise."""
    units = {o.get("name"): o.get("unit", "") for o in (getattr(sw, "summary", {}) or {})
             .get("outputs", []) or []}
    parts = output.split(":")
    kind = parts[0] if parts[0] in ("gap", "reached") else "output"
    if kind != "output":
        parts = parts[1:]
    cid = parts[0]
    year = parts[1] if len(parts) > 1 else None
    name = _cluster_name(sc, cid, lang, sw=sw)
    unit = units.get(output, "")
    if kind == "gap":
        what = "目标差距" if lang == "zh" else "gap to the target"
    elif kind == "reached":
        what = "达标与否" if lang == "zh" else "target reached"
    else:
        what = variable_name("output", lang)
    if lang == "zh":
        label = f"{name} {year} 年{what}" if year else f"{name}{what}"
    else:
        label = f"{name}, {what}" + (f", {year}" if year else "")
    if not unit:
        unit = "亿元" if kind == "output" else "1"
    return label, unit


_INPUT_WORDS = {
    "baseline": ("基年产值", "baseline"), "value": ("数值", "value"), "at": ("时间", "date"),
    "capex": ("投资额", "capex"), "start": ("开工时间", "start"),
    "event": ("事件", "event"), "region": ("区域", "region"),
    "scale": ("倍数", "multiplier"),
}


def _input_label(path: str, lang: str = "zh", scenario: Optional[Scenario] = None) -> str:
    """The display name of an uncertain input: 'clusters.ic.capital_output_ratio' ->
    '半导体与集成电路 · 资本产出比' / 'Semiconductors ... · capital–output ratio';
    'levers.fund.ic' -> '产业基金 · 半导体与集成电路（倍数）'; 'region.talent_attraction' ->
    '区域 · 人才吸引系数'; 'events.<name>.value' -> '事件 <name> · 数值'. Names come from the
    parameter and lever tables (label_zh, label_en) and the scenario's cluster names."""
    from ._assumptions import lever_label, param_label

    zh = lang == "zh"

    def w(key: str) -> str:
        return _INPUT_WORDS[key][0 if zh else 1]

    def cluster(cid: str) -> str:
        return w("region") if cid == "region" else _cluster_name(scenario, cid, lang)

    parts = path.split(".")
    if parts[0] == "clusters" and len(parts) == 3:
        what = w("baseline") if parts[2] == "baseline" else param_label(parts[2], lang)
        return f"{cluster(parts[1])} · {what}"
    if parts[0] == "region" and len(parts) == 2:
        return f"{w('region')} · {param_label(parts[1], lang, 'region')}"
    if parts[0] == "levers" and len(parts) == 3:
        return f"{lever_label(parts[1], lang)} · {cluster(parts[2])}" + paren(w("scale"), lang)
    if parts[0] == "events" and len(parts) == 3:
        what = _INPUT_WORDS.get(parts[2], (parts[2], parts[2]))[0 if zh else 1]
        return f"{w('event')} {parts[1]} · {what}"
    return path


def _pick_output(frame, output: Optional[str]) -> str:
    outputs = list(dict.fromkeys(frame["output"]))
    if output is None:
        return outputs[0]
    if output not in outputs:
        raise ValueError(f"output {output!r} is not in the sweep (it has {', '.join(outputs)})")
    return output


def _require(sw, table: str, method: str):
    frame = getattr(sw, table, None)
    if frame is None or len(frame) == 0:
        raise ValueError(f"this sweep has no {table}.csv: run clustersim sweep --method {method}")
    return frame


def fan(sw, clusters: Union[None, str, Sequence[str]] = None, variable: str = "output", *,
        lang: str = "zh", ncols: Optional[int] = None, figsize=None,
        scenario: Optional[Scenario] = None, colors: Optional[Mapping[str, str]] = None,
        title: Optional[str] = None, other_sweep: Optional[str] = None) -> Figure:
    """Fan chart of an mc sweep (bands.csv): the 5–95% and 25–75% bands and the median of
    `variable` per cluster and year, the targets (targets.csv) as markers on the output panels
    with the probability of reaching each annotated (gid ``probability:<cluster>:<year>``).

    `clusters`: an id, a list, or None for the clusters that have targets (all when none do).
    `other_sweep`: the sentence saying that the sweep is of another scenario than the pack's
    (the review pack's --allow-other-sweep); every probability is then marked '*' and the
    sentence ends the footnote."""
    check_lang(lang)
    bands = _require(sw, "bands", "mc")
    targets = getattr(sw, "targets", None)
    sc = scenario if scenario is not None else _sweep_scenario(sw)
    have = list(dict.fromkeys(bands["cluster"]))
    if clusters is None:
        with_targets = [] if targets is None else list(dict.fromkeys(targets["cluster"]))
        ids = [c for c in have if c in with_targets] or have
    else:
        ids = [clusters] if isinstance(clusters, str) else list(clusters)
        for c in ids:
            if c not in have:
                raise ValueError(f"cluster {c!r} is not in the sweep's bands (it has "
                                 f"{', '.join(have)})")
    if variable not in set(bands["variable"]):
        raise ValueError(f"variable {variable!r} is not in the sweep's bands")
    unit = {v["name"]: v["unit"] for v in _core.variables()}.get(variable, "")
    scale = display_unit(unit, lang)[1] if unit else 1.0  # English: CNY bn
    colors = dict(colors or cluster_colors(sc.cluster_ids if sc is not None else have))
    with _styled(lang):
        nrows, nc = _grid_shape(len(ids), ncols)
        fig = _figure(figsize or ((9.0, 5.4) if len(ids) == 1 else None))
        axes = fig.subplots(nrows, nc, squeeze=False).ravel()
        for k, cid in enumerate(ids):
            ax = axes[k]
            b = bands[(bands["cluster"] == cid) & (bands["variable"] == variable)].sort_values("year")
            years = b["year"].to_numpy()
            color = colors.get(cid, PALETTE[k % len(PALETTE)])
            ax.fill_between(years, b["p05"] * scale, b["p95"] * scale, color=color, alpha=0.18,
                            linewidth=0, gid="band:5-95", label=_sw("band_90", lang))
            ax.fill_between(years, b["p25"] * scale, b["p75"] * scale, color=color, alpha=0.35,
                            linewidth=0, gid="band:25-75", label=_sw("band_50", lang))
            ax.plot(years, b["p50"] * scale, color=color, gid="median",
                    label=word("median", lang))
            if targets is not None and variable == "output":
                rows = targets[(targets["cluster"] == cid) & (targets["measure"] == "output")]
                for j, t in enumerate(rows.itertuples()):
                    value = float(t.target) * display_unit(str(getattr(t, "unit", unit) or unit),
                                                           lang)[1]
                    _target_marker(ax, int(t.year), value, cid, j == 0, lang)
                    ax.axhline(value, color=TARGET_COLOR, linewidth=0.6,
                               linestyle=":", gid=f"target-line:{cid}:{int(t.year)}")
                    p = t.probability
                    text = _sw("p_reach", lang, p=fmt_prob(None if _isna(p) else float(p)))
                    text += "*" if other_sweep and not _isna(p) else ""
                    good = not _isna(p) and float(p) >= 0.5
                    ax.annotate(text, (int(t.year), value), xytext=(-6, 8),
                                textcoords="offset points", ha="right", va="bottom",
                                fontsize=8.5, fontweight="bold",
                                color=REACHED_COLOR if good else MISSED_COLOR,
                                gid=f"probability:{cid}:{int(t.year)}")
            name = _cluster_name(sc, cid, lang, sw=sw)
            ax.set_title(name)
            _year_axis(ax, years, lang)
            ax.set_ylabel(axis_label(variable_name(variable, lang), unit, lang))
            _amount_axis(ax)
            ax.set_ylim(bottom=0)
            if k == 0:
                ax.legend(loc="upper left")
        for ax in axes[len(ids):]:
            ax.set_visible(False)
        n = (getattr(sw, "summary", {}) or {}).get("runs", "")
        scope = sc.text('title', lang) if sc is not None else (getattr(sw, "summary", {}) or {}).get("scenario", "")
        _finish(fig, title or _sw("fan_title", lang, scope=scope,
                                  variable=variable_name(variable, lang), n=n),
                _sweep_note(sw, sc, lang, extra=sep(lang).join(
                    ["达标概率 = 达到目标的模拟占比（置信区间见 targets.csv）" if lang == "zh"
                     else "P(reach) = share of runs reaching the target (intervals in "
                          "targets.csv)"] + ([other_sweep] if other_sweep else []))))
    return fig


def _isna(v) -> bool:
    return v is None or v is pd_NA or (isinstance(v, float) and math.isnan(v))


def tornado(sw, output: Optional[str] = None, *, lang: str = "zh", top: int = 15, figsize=None,
            scenario: Optional[Scenario] = None, title: Optional[str] = None) -> Figure:
    """Tornado diagram of an oat sweep (tornado.csv): for each input, the output at the input's
    low and high value (the others at the scenario's values), bars sorted by swing (largest on
    top), the base (the deterministic projection) as a vertical line. Bars' gids: ``low:<input>``, ``high:<input>``; the base ``base``."""
    check_lang(lang)
    frame = _require(sw, "tornado", "oat")
    output = _pick_output(frame, output)
    sc = scenario if scenario is not None else _sweep_scenario(sw)
    rows = frame[frame["output"] == output].sort_values("swing", ascending=False).head(top)
    rows = rows.iloc[::-1]  # barh draws bottom-up
    label, unit = _output_label(sw, output, lang, sc)
    scale = display_unit(unit, lang)[1]  # English: CNY bn
    with _styled(lang):
        fig = _figure(figsize or (10.0, max(3.8, 0.38 * len(rows) + 2.2)))
        ax = fig.subplots()
        base = float(rows["output_base"].iloc[0]) * scale if len(rows) else 0.0
        y = np.arange(len(rows))
        for i, r in enumerate(rows.itertuples()):
            for which, value, color in (("low", r.output_at_low * scale, "#3B75AF"),
                                        ("high", r.output_at_high * scale, "#EF8636")):
                ax.barh(i, float(value) - base, left=base, height=0.6, color=color,
                        gid=f"{which}:{r.input}",
                        label=_sw("at_low" if which == "low" else "at_high", lang) if i == 0 else "_nolegend_")
        ax.axvline(base, color=TARGET_COLOR, linewidth=1.2, gid="base",
                   label=f"{_sw('base', lang)} {_fmt_amount_short(base)}")
        ax.set_yticks(y)
        ax.set_yticklabels([_input_label(p, lang, sc) for p in rows["input"]])
        ax.set_xlabel(axis_label(label, unit, lang))
        ax.set_ylabel("不确定输入" if lang == "zh" else "Uncertain input")
        ax.grid(axis="y", visible=False)
        ax.legend(loc="lower right")
        _finish(fig, title or _sw("tornado_title", lang, output=label),
                _sweep_note(sw, sc, lang, extra=(
                    "按波动幅度排序；低值/高值为各输入分布的 5%/95% 分位数，其余输入取情景值，"
                    "基准即确定性预测" if lang == "zh" else
                    "sorted by swing; low/high are the 5% and 95% quantiles of each input, the "
                    "others at the scenario's values: the base is the deterministic projection")))
    return fig


def _fmt_amount_short(v: float) -> str:
    return f"{v:,.1f}" if abs(v) >= 10 else f"{v:,.3g}"


MORRIS_GUIDES = (0.1, 0.5, 1.0)


def morris(sw, output: Optional[str] = None, *, lang: str = "zh", label_top: int = 8,
           figsize=None, scenario: Optional[Scenario] = None, title: Optional[str] = None) -> Figure:
    """Morris screening (morris.csv): μ* against σ for each input, with the σ/μ* = 0.1, 0.5 and
    1 guide lines (near-linear below 0.1; non-linear or interacting above 1) and the names of the
    `label_top` inputs by rank. Points' gids ``point:<input>``, guides ``guide:<ratio>``."""
    check_lang(lang)
    frame = _require(sw, "morris", "morris")
    output = _pick_output(frame, output)
    sc = scenario if scenario is not None else _sweep_scenario(sw)
    rows = frame[frame["output"] == output].sort_values("rank").copy()
    label, unit = _output_label(sw, output, lang, sc)
    scale = display_unit(unit, lang)[1]  # English: CNY bn
    for col in ("mu_star", "sigma", "mu_star_low", "mu_star_high"):
        rows[col] = rows[col] * scale
    with _styled(lang):
        fig = _figure(figsize or (10.0, 6.2))
        ax = fig.subplots()
        top = max(float(rows["mu_star"].max()), float(rows["sigma"].max()), 1e-12) * 1.12
        for ratio in MORRIS_GUIDES:
            ax.plot([0, top], [0, ratio * top], color="#999999", linewidth=0.8, linestyle="--",
                    gid=f"guide:{ratio:g}", label="_nolegend_")
            xr = top if ratio <= 1 else top / ratio
            ax.text(xr * 0.98, ratio * xr * 0.98, f"σ/μ* = {ratio:g}", fontsize=7.5,
                    color="#777777", ha="right", va="bottom")
        for i, r in enumerate(rows.itertuples()):
            ax.errorbar([r.mu_star], [r.sigma],
                        xerr=[[max(0.0, r.mu_star - r.mu_star_low)], [max(0.0, r.mu_star_high - r.mu_star)]],
                        fmt="o", color=PALETTE[0], ecolor="#9DB8D9", elinewidth=1, markersize=6,
                        gid=f"point:{r.input}")
            if i < label_top:
                ax.annotate(_input_label(r.input, lang, sc), (r.mu_star, r.sigma), xytext=(5, 4),
                            textcoords="offset points", fontsize=8, gid=f"label:{r.input}")
        ax.set_xlim(0, top)
        ax.set_ylim(0, top)
        ax.set_xlabel(axis_label(_sw("mu_star", lang), unit, lang))
        ax.set_ylabel(axis_label(_sw("sigma", lang), unit, lang))
        _finish(fig, title or _sw("morris_title", lang, output=label),
                _sweep_note(sw, sc, lang, extra=(
                    f"{label}；横线为 μ* 的置信区间；σ/μ* 小于 0.1 近似线性，大于 1 为非线性或交互作用"
                    if lang == "zh" else
                    f"{label}; bars: confidence interval of μ*; σ/μ* below 0.1 near-linear, "
                    "above 1 non-linear or interacting")))
    return fig


def sobol(sw, output: Optional[str] = None, *, lang: str = "zh", top: int = 6, figsize=None,
          scenario: Optional[Scenario] = None, title: Optional[str] = None) -> Figure:
    """Sobol indices (sobol.csv). An output with indices per year (a bare cluster id): first-order
    S1 (solid) and total ST (dashed) of the `top` inputs by largest ST over the years, with their
    confidence intervals shaded; a single-year output: bars of S1 and ST with interval whiskers.
    Gids ``S1:<input>``, ``ST:<input>``, ``ci:S1:<input>``, ``ci:ST:<input>``."""
    check_lang(lang)
    frame = _require(sw, "sobol", "sobol")
    output = _pick_output(frame, output)
    sc = scenario if scenario is not None else _sweep_scenario(sw)
    rows = frame[frame["output"] == output].dropna(subset=["ST"])
    label, _ = _output_label(sw, output, lang, sc)
    ranking = rows.groupby("input")["ST"].max().sort_values(ascending=False)
    inputs = list(ranking.index[:top])
    years = sorted(set(int(y) for y in rows["year"].dropna()))
    with _styled(lang):
        fig = _figure(figsize)
        ax = fig.subplots()
        if len(years) > 1:
            for k, inp in enumerate(inputs):
                r = rows[rows["input"] == inp].sort_values("year")
                color = PALETTE[k % len(PALETTE)]
                yr = r["year"].to_numpy()
                name = _input_label(inp, lang, sc)
                ax.plot(yr, r["S1"], color=color, gid=f"S1:{inp}", label=f"{name} S1")
                ax.plot(yr, r["ST"], color=color, linestyle="--", gid=f"ST:{inp}",
                        label=f"{name} ST")
                ax.fill_between(yr, r["S1_low"], r["S1_high"], color=color, alpha=0.12,
                                linewidth=0, gid=f"ci:S1:{inp}")
                ax.fill_between(yr, r["ST_low"], r["ST_high"], color=color, alpha=0.07,
                                linewidth=0, gid=f"ci:ST:{inp}")
            _year_axis(ax, years, lang)
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7.5)
        else:
            x = np.arange(len(inputs))
            sub = rows.set_index("input").loc[inputs]
            for off, idx, color in ((-0.2, "S1", PALETTE[0]), (0.2, "ST", PALETTE[1])):
                low = (sub[idx] - sub[f"{idx}_low"]).clip(lower=0)
                high = (sub[f"{idx}_high"] - sub[idx]).clip(lower=0)
                bars = ax.bar(x + off, sub[idx], width=0.4, color=color, label=idx,
                              yerr=[low, high], ecolor="#555555", capsize=2)
                for inp, bar in zip(inputs, bars.patches):
                    bar.set_gid(f"{idx}:{inp}")
            ax.set_xticks(x)
            ax.set_xticklabels([_input_label(i, lang, sc) for i in inputs], rotation=25, ha="right")
            ax.set_xlabel("不确定输入" if lang == "zh" else "Uncertain input")
            ax.legend(loc="upper right")
        ax.set_ylabel(axis_label(_sw("sobol_axis", lang),
                                 "无量纲" if lang == "zh" else "dimensionless", lang))
        ax.set_ylim(bottom=0)
        _finish(fig, title or _sw("sobol_title", lang, output=label),
                _sweep_note(sw, sc, lang, extra=(
                    "S1：单独贡献的方差份额；ST：含交互作用的总份额；阴影/误差线为自助法置信区间"
                    if lang == "zh" else
                    "S1: share of variance from the input alone; ST: total, with interactions; "
                    "shading/whiskers: bootstrap confidence intervals")))
    return fig


def first_years(sw, clusters: Union[None, str, Sequence[str]] = None, *, lang: str = "zh",
                ncols: Optional[int] = None, figsize=None, scenario: Optional[Scenario] = None,
                title: Optional[str] = None, other_sweep: Optional[str] = None) -> Figure:
    """Distribution of the year each target is first reached (first_years.csv): one panel per
    cluster, bars per year for each of its targets, the share never reaching it within the
    horizon as a last bar, the target year as a dashed line. Gids ``bars:<cluster>:<year>``,
    ``never:<cluster>:<year>``, ``target-year:<cluster>:<year>``. `other_sweep`: as for
    :func:`fan`, the sentence labelling a sweep of another scenario, ending the footnote."""
    check_lang(lang)
    frame = _require(sw, "first_years", "mc")
    sc = scenario if scenario is not None else _sweep_scenario(sw)
    have = list(dict.fromkeys(frame["cluster"]))
    ids = have if clusters is None else ([clusters] if isinstance(clusters, str) else list(clusters))
    colors = cluster_colors(sc.cluster_ids if sc is not None else have)
    with _styled(lang):
        nrows, nc = _grid_shape(len(ids), ncols)
        fig = _figure(figsize)
        axes = fig.subplots(nrows, nc, squeeze=False).ravel()
        for k, cid in enumerate(ids):
            ax = axes[k]
            sub = frame[frame["cluster"] == cid]
            tys = sorted(set(int(t) for t in sub["target_year"]))
            reached_years = sorted(int(y) for y in sub["first_year"].dropna().unique())
            never_x = (reached_years[-1] if reached_years else 2030) + 1.2
            width = 0.8 / max(1, len(tys))
            for j, ty in enumerate(tys):
                r = sub[sub["target_year"] == ty]
                off = (j - (len(tys) - 1) / 2) * width
                got = r.dropna(subset=["first_year"])
                alpha = 0.55 + 0.45 * (j + 1) / len(tys)
                color = colors.get(cid, PALETTE[k % len(PALETTE)])
                ax.bar(got["first_year"].astype(float) + off, got["probability"], width=width,
                       color=color, alpha=alpha, gid=f"bars:{cid}:{ty}",
                       label=f"{word('target', lang)} {ty}")
                never = r[r["first_year"].isna()]["probability"]
                ax.bar([never_x + off], [float(never.iloc[0]) if len(never) else 0.0],
                       width=width, color="#999999", alpha=alpha, gid=f"never:{cid}:{ty}",
                       label="_nolegend_")
                ax.axvline(ty, color=TARGET_COLOR, linestyle="--", linewidth=0.8,
                           gid=f"target-year:{cid}:{ty}")
            ticks = reached_years + [never_x]
            ax.set_xticks(ticks)
            ax.set_xticklabels([str(y) for y in reached_years] + [_sw("never", lang)],
                               rotation=30, ha="right", fontsize=8)
            ax.set_title(_cluster_name(sc, cid, lang, sw=sw))
            ax.set_xlabel(word("year", lang))
            ax.set_ylabel(axis_label(_sw("first_axis", lang), "%", lang))
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{100 * v:.0f}"))
            ax.set_ylim(0, 1.02)
            ax.legend(loc="upper left")
        for ax in axes[len(ids):]:
            ax.set_visible(False)
        _finish(fig, title or _sw("first_title", lang),
                _sweep_note(sw, sc, lang, extra=sep(lang).join(
                    ["虚线为目标年份；灰色柱为期内未达到目标的模拟占比" if lang == "zh" else
                     "dashed: the target year; grey: share of runs not reaching the target within "
                     "the horizon"] + ([other_sweep] if other_sweep else []))))
    return fig


def fitted(cal, series: Union[None, str, Sequence[str]] = None, *, lang: str = "zh",
           ncols: Optional[int] = None, figsize=None, unit: Optional[str] = None,
           title: Optional[str] = None) -> Figure:
    """Fitted against observed (a calibration's fitted.csv): per series the observations as
    markers (filled: in sample, hollow: out of sample, i.e. after ``--until``), the model's
    fitted values in the same years as small squares (joined only across consecutive years: the
    data say nothing about the years between), a dashed line at the last in-sample year. The axis
    names the series' measure (产值, 增加值, 营收) and unit from summary.json (`unit` overrides
    it); the scope goes to the title. Gids ``observed-in:<series>``, ``observed-out:<series>``,
    ``fitted:<series>``, ``until``."""
    check_lang(lang)
    frame = getattr(cal, "fitted", None)
    if frame is None or len(frame) == 0:
        raise ValueError("this calibration has no fitted.csv")
    have = list(dict.fromkeys(frame["series"]))
    ids = have if series is None else ([series] if isinstance(series, str) else list(series))
    summary = getattr(cal, "summary", {}) or {}
    scopes = {s.get("series"): s.get("scope", "") for s in summary.get("series", []) or []}
    meta = {s.get("series"): s for s in summary.get("series", []) or []}
    until = summary.get("until")
    with _styled(lang):
        nrows, nc = _grid_shape(len(ids), ncols)
        fig = _figure(figsize or ((9.0, 5.4) if len(ids) == 1 else None))
        axes = fig.subplots(nrows, nc, squeeze=False).ravel()
        for k, name in enumerate(ids):
            ax = axes[k]
            m = meta.get(name, {})
            variable = m.get("variable") or "output"
            quantity = (measure_name(m["measure"], lang) if variable == "output" and m.get("measure")
                        else variable_name(variable, lang))
            series_unit = unit or m.get("unit") or "亿元"
            factor = display_unit(series_unit, lang)[1]  # English shows money in CNY bn
            r = frame[frame["series"] == name].sort_values("year")
            ins = r[r["in_sample"].astype(bool)]
            outs = r[~r["in_sample"].astype(bool)]
            years = r["year"].to_numpy()
            fitted = r["fitted"].to_numpy(dtype=float) * factor
            # Consecutive years are joined; a gap in the data is a gap in the line.
            breaks = np.where(np.diff(years) > 1)[0] + 1
            xs = np.insert(years.astype(float), breaks, np.nan)
            ys = np.insert(fitted, breaks, np.nan)
            ax.plot(xs, ys, color=PALETTE[0], marker="s", markersize=4, linewidth=1.2,
                    gid=f"fitted:{name}", label=_sw("fitted", lang))
            ax.plot(ins["year"], ins["observed"] * factor, linestyle="none", marker="o",
                    markersize=7, color=TARGET_COLOR, gid=f"observed-in:{name}",
                    label=_sw("observed_in", lang))
            if len(outs):
                ax.plot(outs["year"], outs["observed"] * factor, linestyle="none", marker="o",
                        markersize=7, markerfacecolor="white", markeredgecolor=MISSED_COLOR,
                        markeredgewidth=1.6, gid=f"observed-out:{name}",
                        label=_sw("observed_out", lang))
            if until is not None and len(outs):
                ax.axvline(float(until) + 0.5, color="#777777", linestyle="--", linewidth=0.9,
                           gid="until", label=f"{_sw('until', lang)} {until}")
            _year_axis(ax, years, lang)
            scope = scopes.get(name, "")
            ax.set_title(f"{name}" + (paren(scope, lang) if scope else ""))
            ax.set_ylabel(axis_label(quantity, series_unit, lang))
            _amount_axis(ax)
            ax.set_ylim(bottom=0)
            ax.legend(loc="upper left")
        for ax in axes[len(ids):]:
            ax.set_visible(False)
        zh = lang == "zh"
        scope_text = ", ".join(f"{s}: {scopes[s]}" for s in ids if scopes.get(s))
        note = (f"来源：clustersim {_core.version()} 校准（{summary.get('spec', '')}，情景 "
                f"{summary.get('scenario', '')}）" if zh else
                f"Source: clustersim {_core.version()} calibration ({summary.get('spec', '')}, "
                f"scenario {summary.get('scenario', '')})")
        if scope_text:
            note += sep(lang) + ("序列口径" if zh else "series scope") + colon(lang) + scope_text
        if until is not None:
            note += sep(lang) + (f"拟合只用 {until} 年及以前的观测值，之后为样本外检验" if zh else
                                 f"fitted on observations up to {until}; later ones are out of "
                                 "sample")
        note += "。" if zh else "."
        _finish(fig, title or _sw("fitted_title", lang), note)
    return fig
