"""Pages of the review pack that are not charts: the summary page (findings and the target
table) and pages of text (assumptions and sources, what differs between two scenarios)."""
from __future__ import annotations

import datetime as _dt
from typing import Optional

from . import _table, plot
from ._api import Run
from ._text import colon, constraint_name, fmt_pct, fmt_quantity, wrap
from ._verdict import Probabilities

A4_LANDSCAPE = (11.69, 8.27)


def baseline_within(run: Run) -> str:
    """The baseline error as the command's note writes it: '0.001%' or less, else 3 decimals."""
    pct = 100 * run.stats["max_baseline_error"]
    return "0.001%" if pct < 0.001 else f"{pct:.3f}%"


def findings(run: Run, lang: str, probabilities: Optional[Probabilities] = None) -> list:
    """The summary page's findings, one sentence each, saying what the table says. With
    probabilities, the verdict is theirs: the projection's count of targets reached is named as
    the deterministic one, and the likelihood words are counted."""
    from ._verdict import as_probabilities

    probabilities = as_probabilities(probabilities, run)
    own = probabilities is not None and not probabilities.foreign
    t = run.targets
    n = len(t)
    zh = lang == "zh"
    if n == 0:
        return ["本情景没有设定目标。" if zh else "The scenario sets no targets."]
    lines = []
    reached = t[t["reached"]]
    names = [f"{(r['name'] if zh else r['name_en'])} {r['year']}" for _, r in reached.iterrows()]
    if own:
        lines.append(f"确定性预测（各输入取情景值）：{n} 项目标中 {len(reached)} 项达到目标值"
                     + (f"（{'、'.join(names)}）。" if names else "。") if zh else
                     f"Deterministic projection (every input at the scenario's value): {len(reached)}"
                     f" of {n} targets reached" + (f" ({', '.join(names)})." if names else "."))
    elif zh:
        lines.append(f"在本情景下，{n} 项目标中预计 {len(reached)} 项达标"
                     + (f"（{'、'.join(names)}）。" if names else "。"))
    else:
        lines.append(f"Under this scenario {len(reached)} of {n} targets are reached"
                     + (f" ({', '.join(names)})." if names else "."))
    missed = t[~t["reached"]].dropna(subset=["gap_pct"])
    if len(missed):
        w = missed.loc[missed["gap_pct"].idxmin()]
        target = fmt_quantity(w["target"], w["unit"], lang)
        projected = fmt_quantity(w["projected"], w["unit"], lang)
        if zh:
            lines.append(f"差距最大：{w['name']} {w['year']} 年目标 {target}，预测 {projected}"
                         f"（{fmt_pct(w['gap_pct'], sign=True)}），需年均增长 "
                         f"{100 * w['cagr_required']:.1f}%，预测 {100 * w['cagr_projected']:.1f}%。")
        else:
            lines.append(f"Largest gap: {w['name_en']} {w['year']}, target {target}, projected "
                         f"{projected} ({fmt_pct(w['gap_pct'], sign=True)}); it needs "
                         f"{100 * w['cagr_required']:.1f}%/yr, the projection grows "
                         f"{100 * w['cagr_projected']:.1f}%/yr.")
    counts = t["binding"].value_counts()
    parts = [f"{constraint_name(k, lang, short=True)} {v}" + (" 项" if zh else "")
             for k, v in counts.items()]
    lines.append(("目标年份约束产出的因素：" + "，".join(parts) + "。") if zh else
                 "What limits output in the target years: " + ", ".join(parts) + ".")
    if probabilities is not None:
        lines.append(_likelihood_counts(t, probabilities, lang))
        mixed = [k for k, v in enumerate(_table.verdicts_of(t, probabilities, lang)) if v.mixed]
        if mixed:
            names = [f"{t['name'].iloc[k] if zh else t['name_en'].iloc[k]} {t['year'].iloc[k]}"
                     for k in mixed]
            lines.append(f"预测结论与达标概率不一致的目标 {len(mixed)} 项（{'、'.join(names)}）："
                         "预测接近目标，结论以达标概率为准，表中以 †/‡ 标出。" if zh else
                         f"{len(mixed)} targets where the projection and the probability point "
                         f"different ways ({', '.join(names)}): the projection lies close to the "
                         "target; the verdict is the probability's (marked † / ‡ in the table).")
    if own:
        median = median_finding(run, lang)
        if median:
            lines.append(median)
    within = baseline_within(run)
    lines.append(f"各集群 {run.start_year} 年产值复现基年数据，误差不超过 {within}。" if zh else
                 f"The {run.start_year} baseline of every cluster is reproduced within {within}.")
    return lines


_SCALE = ("virtually_certain", "very_likely", "likely", "about_as_likely_as_not", "unlikely",
          "very_unlikely", "exceptionally_unlikely")


def _likelihood_counts(t, probabilities: Probabilities, lang: str) -> str:
    """'Under uncertainty (2,000 runs): likely 2 (...), about as likely as not 1 (...), ...'."""
    from ._verdict import likelihood

    zh = lang == "zh"
    groups: dict = {}
    for k, p in enumerate(probabilities.values):
        if p is None or p != p:
            continue
        term = likelihood(p)
        name = f"{t['name'].iloc[k] if zh else t['name_en'].iloc[k]} {t['year'].iloc[k]}"
        groups.setdefault(term["key"], (term["zh"] if zh else term["en"], []))[1].append(name)
    parts = [f"{word} {len(names)} 项（{'、'.join(names)}）" if zh else
             f"{word} {len(names)} ({', '.join(names)})"
             for key in _SCALE if key in groups for word, names in [groups[key]]]
    runs = f"{probabilities.runs:,} 次" if zh and probabilities.runs else (
        f"{probabilities.runs:,} runs" if probabilities.runs else "")
    if probabilities.foreign:
        where = (f"（情景 {probabilities.scenario} 的模拟，输入与本情景不同）" if zh else
                 f" (sweep of scenario {probabilities.scenario}, whose inputs differ)")
    else:
        where = f"（{runs}模拟）" if zh and runs else (f" ({runs})" if runs else "")
    return (f"考虑不确定性{where}，达标的可能性：" + "；".join(parts) + "。" if zh else
            f"Under uncertainty{where}, the targets are: " + "; ".join(parts) + ".")


def median_finding(run: Run, lang: str) -> str:
    """How the median of the run's sweep differs from the deterministic projection, and why,
    for the target where they differ most: the run with every uncertain input at its median
    splits the difference into the inputs' medians lying off the scenario's values, and the
    inputs' spread through a model whose output is the smallest of its limits. '' when the run
    has no sweep or they agree within 0.1%."""
    t = run.targets
    if "sweep_median" not in t or not t["sweep_median"].notna().any():
        return ""
    rel = (t["sweep_median"] / t["projected"] - 1).abs()
    if not rel.notna().any() or rel.max() < 0.001:
        return ""
    r = t.loc[rel.idxmax()]
    zh = lang == "zh"
    name = f"{r['name'] if zh else r['name_en']} {r['year']}"
    median = fmt_quantity(r["sweep_median"], r["unit"], lang)
    projected = fmt_quantity(r["projected"], r["unit"], lang)
    total = 100 * (r["sweep_median"] / r["projected"] - 1)
    shifted = len((run.sweep or {}).get("inputs_off_centre", []))
    head = (f"模拟中位数与确定性预测不同，差别最大的是 {name}：中位数 {median}，预测 {projected}"
            f"（{total:+.1f}%）" if zh else
            f"The sweep's median differs from the deterministic projection, most for {name}: "
            f"median {median}, projection {projected} ({total:+.1f}%)")
    at = r["at_input_medians"]
    if at != at:  # the run at the inputs' medians failed
        return head + ("。" if zh else ".")
    shift = 100 * (at / r["projected"] - 1)
    rest = total - shift
    at_text = fmt_quantity(at, r["unit"], lang)
    if zh:
        why = ("产出取资本、劳动力、空间与需求约束的较小者，输入分散时典型结果低于各输入取中值时的结果"
               if rest < 0 else "模型的非线性（约束之间的切换、增长的复利累积）使输入分散时典型结果高于"
               "各输入取中值时的结果")
        return (head + f"。其中 {shift:+.1f}% 是因为 {shifted} 个不确定输入的分布中位数不等于情景"
                f"取值（各输入取中位数时预测 {at_text}），其余 {rest:+.1f}% 来自输入的分散：{why}。")
    why = ("output is the smallest of the capital, labour, space and demand limits, so spread "
           "inputs give a typical result below that of typical inputs" if rest < 0 else
           "the model's nonlinearity (switches between limits, compounding growth) gives spread "
           "inputs a typical result above that of typical inputs")
    return (head + f". Of this, {shift:+.1f}% is because {shifted} uncertain inputs have medians "
            f"other than the scenario's values (every input at its median gives {at_text}), and "
            f"{rest:+.1f}% comes from the inputs' spread: {why}.")


def summary_page(run: Run, lang: str = "zh", probabilities=None):
    """Page 1: title, findings and the target table; verdicts and probabilities from
    :mod:`clustersim._verdict`, so that the table, the findings and the footnote agree."""
    from ._verdict import as_probabilities

    sc = run.scenario
    t = run.targets
    probs = as_probabilities(probabilities, run)
    with plot._styled(lang):
        fig, table_ax = findings_page(findings(run, lang, probs))
        verdicts = _table.draw(table_ax, t, lang, probs,
                               fontsize=12.0 if lang == "zh" else 9.0, gid="targets-table")
        today = _dt.date.today().isoformat()
        region = sc.region["name"] if lang == "zh" else (sc.region["name_en"] or sc.region["name"])
        subtitle = (f"{region}，{sc.start_year}–{sc.end_year} 年，情景 {sc.name}，{today} 生成"
                    if lang == "zh" else
                    f"{region}, {sc.start_year}–{sc.end_year}, scenario {sc.name}, made {today}")
        title = (f"{sc.text('title', lang)}{colon(lang)}目标评估" if lang == "zh"
                 else f"{sc.text('title', lang)}: review of the targets")
        plot._finish(fig, title, plot.sources_note(
            sc, lang, t["source"], extra=_table.footnote_text(lang, verdicts, probs)),
            subtitle=subtitle)
    return fig


def findings_page(lines: list) -> tuple:
    """An A4 page with the findings as bullets at the top; returns (figure, the axes below them
    for a table, turned off). Call within the charts' style."""
    # Display columns per line: a CJK character is two columns of ~0.5 em, Latin ~0.56 em.
    columns = int((A4_LANDSCAPE[0] - 0.6) * 72 / (10.5 * 0.56))
    text = "\n".join("• " + "\n   ".join(wrap(line, columns)) for line in lines)
    text_h = (text.count("\n") + 1) * 10.5 * 1.7 / 72 + 0.2  # inches
    fig = plot._figure(A4_LANDSCAPE)
    gs = fig.add_gridspec(2, 1, height_ratios=[text_h, max(2.0, 6.3 - text_h)])
    fax = fig.add_subplot(gs[0])
    fax.axis("off")
    fax.text(0.0, 1.0, text, transform=fax.transAxes, va="top", fontsize=10.5, linespacing=1.7,
             gid="findings")
    table_ax = fig.add_subplot(gs[1])
    table_ax.axis("off")
    return fig, table_ax


def text_pages(title: str, lines: list, lang: str, footnote: str) -> list:
    """Lay (kind, text) lines out on as many A4 landscape pages as they need: kind 'h' heading,
    't' text, 'n' note (indented, smaller)."""
    sizes = {"h": 11.0, "t": 8.6, "n": 7.6}
    indent = {"h": 0.0, "t": 0.0, "n": 0.25}
    width_pt = (A4_LANDSCAPE[0] - 1.0) * 72
    top, bottom = 0.90, 0.09
    usable = (top - bottom) * A4_LANDSCAPE[1] * 72  # points
    # Blocks that stay on one page: a text with its notes, with the headings before it.
    blocks: list = []
    pending: list = []
    for kind, text in lines:
        if kind == "h":
            pending.append((kind, text))
        elif kind == "n" and blocks and not pending:
            blocks[-1].append((kind, text))
        else:
            blocks.append(pending + [(kind, text)])
            pending = []
    if pending:
        blocks.append(pending)
    pages: list = [[]]
    used = 0.0
    for block in blocks:
        laid = []
        height = 0.0
        for kind, text in block:
            size = sizes[kind]
            cols = int((width_pt - indent[kind] * 72) / (size * 0.56))
            wrapped = wrap(text, cols)
            gap = size * 0.9 if kind == "h" else 1.5
            laid.append((kind, wrapped, height + (gap if kind == "h" else 0.0)))
            height += len(wrapped) * size * 1.38 + gap
        if used + height > usable and pages[-1]:
            pages.append([])
            used = 0.0
        pages[-1] += [(kind, wrapped, used + offset) for kind, wrapped, offset in laid]
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
            fig.text(0.5 / A4_LANDSCAPE[0], 0.03, "\n".join(wrap(footnote, 190)),
                     fontsize=plot.FOOTNOTE_SIZE, color="#555555", gid="footnote", va="bottom")
            figs.append(fig)
    return figs
