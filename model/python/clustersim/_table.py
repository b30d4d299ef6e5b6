"""The target table, drawn on a matplotlib Axes: page 1 of the review pack, the cluster pages and
:func:`clustersim.plot.targets_table`. Verdicts and probabilities come from :mod:`._verdict`, so
every page says the same about a target."""
from __future__ import annotations

from typing import Optional

from pandas import NA as pd_NA

from ._text import (constraint_name, display_unit, fmt_amount, fmt_pct, fmt_quantity, fmt_rate,
                    paren, sep, word)
from ._verdict import Probabilities, Verdict, verdict_notes
from ._verdict import verdicts as verdicts_of

HEADER_COLOR = "#E8EEF4"


def common_unit(rows) -> Optional[str]:
    """The unit of every row's target when they share one (the headers then carry it)."""
    units = set(rows["unit"]) if len(rows) else set()
    return units.pop() if len(units) == 1 else None


def columns(lang: str, short: bool = False, probabilities: Optional[Probabilities] = None,
            unit: Optional[str] = None) -> list:
    """Headers of the target table (two lines where long); with a common `unit`, the amount
    headers carry it (in the unit the language shows values in: 亿元, CNY bn)."""
    u = "" if unit is None else "\n" + paren(display_unit(unit, lang)[0], lang).strip()
    if lang == "zh":
        cols = ["集群", "年份", "目标" + u, "预测" + u, "差距", "结论", "首次\n达标", "所需\n增速",
                "预测\n增速", "约束\n因素"]
    else:
        cols = ["Cluster", "Year", "Target" + u, "Projected" + u, "Gap", "Verdict",
                "First\nreached", "CAGR\nrequired", "CAGR\nprojected", "Binding"]
    if probabilities is not None:
        cols.insert(6, probabilities.header(lang))
    return cols[1:] if short else cols


def cells(t, lang: str, v: Verdict, short: bool = True, probability: Optional[str] = None,
          with_unit: bool = True) -> list:
    """One row of the table: `t` a row of ``run.targets``, `v` its verdict, `probability` the
    text of its probability column (None: no column)."""
    def amount(x):
        if with_unit:
            return fmt_quantity(x, t["unit"], lang)
        return fmt_amount(x * display_unit(t["unit"], lang)[1])

    first = t["first_year_reached"]
    row = [t["name"] + (f"（{t['label']}）" if t["label"] else "") if lang == "zh" else
           t["name_en"] + (f" ({t['label']})" if t["label"] else ""),
           str(t["year"]), amount(t["target"]), amount(t["projected"]),
           fmt_pct(t["gap_pct"], sign=True), v.text,
           "-" if first is None or first is pd_NA else str(int(first)),
           fmt_rate(t["cagr_required"]), fmt_rate(t["cagr_projected"]),
           constraint_name(t["binding"], lang, short=True)]
    if probability is not None:
        row.insert(6, probability)
    return row[1:] if short else row


def style(tbl, ncols: int, lang: str, verdicts: list, verdict_col: int,
          fontsize: Optional[float] = None) -> None:
    """Font, widths, header shading, banded rows, verdicts in their colours."""
    if fontsize is None:
        fontsize = 9.5 if lang == "zh" else 8.5  # English names are longer
    tbl.auto_set_font_size(False)
    tbl.set_fontsize(fontsize)
    tbl.scale(1.0, 1.5)
    tbl.auto_set_column_width(list(range(ncols)))
    header_lines = max(cell.get_text().get_text().count("\n") + 1
                       for (r, _), cell in tbl.get_celld().items() if r == 0)
    for (r, c), cell in tbl.get_celld().items():
        cell.set_edgecolor("#CCCCCC")
        if r == 0:
            cell.set_height(cell.get_height() * (1.0 + 0.8 * (header_lines - 1)))
            cell.set_facecolor(HEADER_COLOR)
            cell.set_text_props(fontweight="bold")
            continue
        if r % 2 == 0:
            cell.set_facecolor("#F7F7F7")
        if c == verdict_col:
            cell.get_text().set_color(verdicts[r - 1].color)
            cell.get_text().set_fontweight("bold")


def draw(ax, targets, lang: str, probabilities: Optional[Probabilities] = None,
         short: bool = False, fontsize: Optional[float] = None, gid: Optional[str] = None) -> list:
    """The table of `targets` (rows of ``run.targets``) on `ax`, with `probabilities` (one per
    row) as a column; returns the verdicts, whose notes the page's footnote must carry."""
    ax.axis("off")
    unit = common_unit(targets)
    verdicts = verdicts_of(targets, probabilities, lang)
    rows = [cells(t, lang, verdicts[k], short=short, with_unit=unit is None,
                  probability=None if probabilities is None else probabilities.text(k))
            for k, (_, t) in enumerate(targets.iterrows())]
    if not rows:
        return verdicts
    tbl = ax.table(cellText=rows, loc="upper center", cellLoc="center",
                   colLabels=columns(lang, short=short, probabilities=probabilities, unit=unit))
    if gid:
        tbl.set_gid(gid)
    style(tbl, len(rows[0]), lang, verdicts, 4 if short else 5, fontsize)
    return verdicts


def notes(lang: str, verdicts: list, probabilities: Optional[Probabilities]) -> list:
    """The footnote's parts for a page with the table: conventions, verdict notes, where the
    probabilities come from."""
    parts = [word("annual_flow", lang),
             "差距 =（预测 − 目标）/ 目标；增速为自基年起的年均复合增长率" if lang == "zh" else
             "gap = (projected − target) / target; growth rates are compound annual rates from "
             "the baseline year"]
    if probabilities is not None:
        parts.append(probabilities.source(lang))
    parts += verdict_notes(verdicts)
    return parts


def footnote_text(lang: str, verdicts: list, probabilities: Optional[Probabilities]) -> str:
    return sep(lang).join(notes(lang, verdicts, probabilities))
