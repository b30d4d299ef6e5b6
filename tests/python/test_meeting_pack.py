"""A pack that cannot mislead: verdicts and probabilities from one function, a sweep checked
against the scenario's inputs (exit 2 naming both, or labelled with --allow-other-sweep), labels
clear of titles (text bounding boxes), capacity panels scaled to their data; and the comparison
pack."""
import zipfile

import numpy as np
import pytest
from matplotlib.table import Table

import clustersim as cs
import clustersim.plot as csp
import clustersim.report as csr
from clustersim._text import fmt_quantity
from clustersim._verdict import (MISSED_COLOR, MIXED_COLOR, REACHED_COLOR, Probabilities,
                                 verdict)
from conftest import PINGSHAN, ROOT, run_cli
from test_report import pdf_pages, workbook_sheets

NO_LAND = "scenarios/pingshan-no-new-land-after-2024.yaml"
SWEEP = "scenarios/sweeps/pingshan-uncertainty.yaml"


@pytest.fixture(scope="module")
def base_sweep(tmp_path_factory, cli):
    out = tmp_path_factory.mktemp("sweep") / "mc"
    code, _, err = run_cli(cli, ["sweep", SWEEP, "-n", "60", "--out", str(out), "--quiet"])
    assert code == 0, err
    return out


# ---------------------------------------------------------------------------------------------
# One function decides the verdict


@pytest.mark.parametrize("reached, p, key, color, text, mixed", [
    (True, None, "reached", REACHED_COLOR, "达标", False),
    (False, None, "missed", MISSED_COLOR, "未达标", False),
    (True, float("nan"), "reached", REACHED_COLOR, "达标", False),
    # With a probability the verdict is its IPCC term, never 达标 / 未达标.
    (True, 1.0, "virtually_certain", REACHED_COLOR, "几乎确定", False),
    (True, 0.95, "very_likely", REACHED_COLOR, "很可能", False),
    (True, 0.66, "likely", REACHED_COLOR, "可能", False),
    (True, 0.5, "about_as_likely_as_not", MIXED_COLOR, "可能性约为一半", False),
    (True, 0.37, "about_as_likely_as_not", MIXED_COLOR, "可能性约为一半†", True),
    (True, 0.33, "unlikely", MISSED_COLOR, "不太可能†", True),
    (False, 0.5, "about_as_likely_as_not", MIXED_COLOR, "可能性约为一半", False),
    (False, 0.51, "about_as_likely_as_not", MIXED_COLOR, "可能性约为一半‡", True),
    (False, 0.9, "very_likely", REACHED_COLOR, "很可能‡", True),
    (False, 0.05, "very_unlikely", MISSED_COLOR, "很不可能", False),
    (False, 0.0, "exceptionally_unlikely", MISSED_COLOR, "极不可能", False),
])
def test_verdict(reached, p, key, color, text, mixed):
    v = verdict(reached, p, "zh")
    assert (v.key, v.color, v.text, v.mixed) == (key, color, text, mixed)
    assert bool(v.note) == mixed  # a projection that points the other way always says why
    en = verdict(reached, p, "en")
    assert en.key == key and "达标" not in en.text


def table_cells(fig) -> list:
    (table,) = fig.findobj(Table)
    cells = table.get_celld()
    nrows = 1 + max(r for r, _ in cells)
    ncols = 1 + max(c for _, c in cells)
    return [[cells[(r, c)] for c in range(ncols)] for r in range(nrows)]


def test_summary_never_shows_a_green_verdict_next_to_a_low_probability(pingshan_run):
    """Page 1 with probabilities that contradict some projections: those verdicts are not green,
    carry a mark, and the footnote says why; the workbook says the same."""
    t = pingshan_run.targets
    # Every projection gets the opposite probability: 10% where reached, 90% where missed.
    probs = Probabilities([0.1 if r else 0.9 for r in t["reached"]], "pingshan-2024")
    fig = csr.summary_page(pingshan_run, "zh", probs)
    rows = table_cells(fig)
    header = [c.get_text().get_text() for c in rows[0]]
    col_v, col_p = header.index("结论"), header.index("达标\n概率")
    for k, row in enumerate(rows[1:]):
        text, color = row[col_v].get_text().get_text(), row[col_v].get_text().get_color()
        p = float(row[col_p].get_text().get_text().rstrip("%")) / 100
        assert not (color == REACHED_COLOR and p < 0.5), (k, text)
        assert text == ("很不可能†" if t["reached"].iloc[k] else "很可能‡")
    note = fig.findobj(lambda a: a.get_gid() == "footnote")[0].get_text().replace("\n", "")
    assert "不足半数的不确定性模拟达标" in note and "过半数的不确定性模拟达标" in note
    frames = csr.sheet_frames(pingshan_run, "zh", probs)
    assert list(frames["目标"]["结论"]) == [row[col_v].get_text().get_text() for row in rows[1:]]
    assert list(frames["目标"]["达标概率"]) == probs.values


def test_cluster_page_uses_the_same_verdicts(pingshan_run):
    t = pingshan_run.targets
    probs = Probabilities([0.1 if r else 0.9 for r in t["reached"]], "pingshan-2024")
    fig = csp.cluster(pingshan_run, "icv", probabilities=probs)
    rows = table_cells(fig)
    header = [c.get_text().get_text() for c in rows[0]]
    shown = [r[header.index("结论")].get_text().get_text() for r in rows[1:]]
    icv = t[t["cluster"] == "icv"]
    assert shown == ["很不可能†" if r else "很可能‡" for r in icv["reached"]]


# ---------------------------------------------------------------------------------------------
# The sweep must be the scenario's


def test_inputs_hash_ignores_uncertainty_and_names():
    base = cs.load(ROOT / PINGSHAN)
    assert cs.load(ROOT / SWEEP).inputs_hash == base.inputs_hash
    assert cs.load(ROOT / NO_LAND).inputs_hash != base.inputs_hash
    assert base.set({"levers.fund.ic.scale": 2}).inputs_hash != base.inputs_hash


def test_report_refuses_another_scenarios_sweep(cli, tmp_path, base_sweep):
    out = tmp_path / "deep" / "no-land"
    code, stdout, stderr = run_cli(cli, ["report", NO_LAND, "--sweep", str(base_sweep),
                                         "--out", str(out)])
    assert code == 2 and stdout == "" and stderr.count("\n") == 1
    assert stderr.startswith("clustersim report: error: --sweep ")
    assert "'pingshan-uncertainty'" in stderr and "'pingshan-no-new-land-after-2024'" in stderr
    assert "--allow-other-sweep" in stderr
    assert not (tmp_path / "deep").exists()
    # The same sweep with a --set that changes the inputs is refused too.
    code, _, stderr = run_cli(cli, ["report", PINGSHAN, "--sweep", str(base_sweep), "--set",
                                    "levers.fund.ic.scale=2", "--out", str(out)])
    assert code == 2 and "'pingshan-2024'" in stderr


def test_other_sweep_allowed_is_labelled(pingshan_run, base_sweep):
    no_land = cs.load(ROOT / NO_LAND)
    run = no_land.run()
    sw = cs.read_sweep(base_sweep)
    with pytest.raises(cs.InputError, match="pingshan-uncertainty"):
        csr.sweep_probabilities(no_land, run, sw)
    probs = csr.sweep_probabilities(no_land, run, sw, allow_other=True)
    assert probs.foreign and probs.scenario == "pingshan-uncertainty"
    fig = csr.summary_page(run, "en", probs)
    rows = table_cells(fig)
    header = [c.get_text().get_text() for c in rows[0]]
    col_p = next(j for j, h in enumerate(header) if h.startswith("P(reach)"))
    assert "pingshan-uncertainty" in header[col_p]
    shown = [r[col_p].get_text().get_text() for r in rows[1:]]
    assert all(s.endswith("*") for s in shown if s != "-")  # every probability labelled
    # Foreign probabilities never enter the verdicts.
    verdicts = [r[header.index("Verdict")].get_text().get_text() for r in rows[1:]]
    assert verdicts == ["reached" if r else "missed" for r in run.targets["reached"]]
    note = fig.findobj(lambda a: a.get_gid() == "footnote")[0].get_text().replace("\n", " ")
    assert "sweep of scenario pingshan-uncertainty" in note
    findings = csr.findings(run, "en", probs)
    assert any("sweep of scenario pingshan-uncertainty" in f for f in findings)
    figs = dict(sw.report_figures(run, "en", other_sweep=probs.label("en")))
    labels = [a.get_text() for a in
              figs["fan"].findobj(lambda a: (a.get_gid() or "").startswith("probability:"))]
    assert labels and all(s.endswith("*") for s in labels if not s.endswith("-"))
    for name in ("fan", "first-years"):
        foot = figs[name].findobj(lambda a: a.get_gid() == "footnote")[0].get_text()
        assert "sweep of scenario pingshan-uncertainty" in foot.replace("\n", " "), name


def test_own_sweep_is_accepted(base_sweep, pingshan_run):
    sw = cs.read_sweep(base_sweep)
    probs = csr.sweep_probabilities(pingshan_run.scenario, pingshan_run, sw)
    assert not probs.foreign and probs.values == sw.target_probabilities(pingshan_run)


# ---------------------------------------------------------------------------------------------
# Charts that read at a glance


def overlaps(fig) -> list:
    """Pairs (label, title) whose drawn text boxes overlap: every text of an axes against every
    axes title and the figure's title."""
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    titles = [fig._suptitle] if fig._suptitle is not None else []
    for ax in fig.axes:
        if ax.get_visible():
            titles += [t for t in (ax.title, ax._left_title, ax._right_title) if t.get_text()]
    found = []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for t in ax.texts:
            if not (t.get_visible() and t.get_text()):
                continue
            box = t.get_window_extent(r)
            for title in titles:
                if box.overlaps(title.get_window_extent(r)):
                    found.append((t.get_text(), title.get_text()))
    return found


def test_labels_never_overlap_titles(pingshan_run, base_sweep):
    sw = cs.read_sweep(base_sweep)
    figs = [csp.fan(sw, lang=lang, figsize=(11.69, 8.27)) for lang in ("zh", "en")]
    figs += [csp.trajectory(pingshan_run, lang="zh", figsize=(11.69, 8.27)),
             csp.cluster(pingshan_run, "ic"), csp.cluster(pingshan_run, "icv", lang="en"),
             csp.compare(pingshan_run, pingshan_run.scenario.set(
                 {"levers.fund.ic.scale": 3}).run(), figsize=(11.69, 8.27))]
    for fig in figs:
        assert overlaps(fig) == []
        for ax in fig.axes:  # and the labels stay inside their panels
            if ax.get_visible() and ax.texts:
                top = ax.get_window_extent().y1
                for t in ax.texts:
                    if t.get_visible() and t.get_text() and t.get_transform() != ax.transAxes:
                        assert t.get_window_extent().y1 <= top + 0.5, t.get_text()


def test_capacity_panel_spans_its_data(pingshan_run):
    for cid in pingshan_run.cluster_ids:
        fig = csp.capacities(pingshan_run, cid)
        (ax,) = [a for a in fig.axes if a.get_visible()]
        i = pingshan_run.cluster_ids.index(cid)
        out = pingshan_run.array("output")[i]
        shown = [out] + [pingshan_run.array(v)[i] for v in
                         ("capacity_capital", "capacity_labour", "capacity_space", "demand")
                         if np.max(pingshan_run.array(v)[i]) <= csp.CAPACITY_RANGE * np.max(out)]
        top = max(float(np.max(s)) for s in shown)
        assert ax.get_ylim()[1] == pytest.approx(top * 1.08, rel=1e-9)


def test_footnotes_show_relative_paths(pingshan_run):
    sc = cs.load(ROOT / PINGSHAN)  # an absolute path
    note = csp.sources_note(sc, "zh")
    assert "（scenarios/pingshan-2024.yaml）" in note and str(ROOT) not in note


# ---------------------------------------------------------------------------------------------
# The comparison pack


def test_input_differences_known_answers():
    from clustersim._compare_pack import input_differences
    a = cs.load(ROOT / PINGSHAN)
    b = a.set({"levers.fund.ic.scale": 2, "clusters.ic.params.market_growth": 0.25})
    d = input_differences(a, b, "en")
    assert list(d["kind"]) == ["cluster parameters", "levers"]
    assert d["item"].iloc[0].startswith("Semiconductors and integrated circuits · market growth")
    assert d["b"].iloc[0] == "0.25 1/yr"
    fund = a.lever("fund")["ic"]
    years = fund.index[fund > 0]
    assert d["item"].iloc[1].endswith(f"({years.min()}–{years.max()})")
    total = float(fund.sum())
    assert d["a"].iloc[1].endswith(f"{fmt_quantity(total, '亿元', 'en')} in all")
    assert d["b"].iloc[1].endswith(f"{fmt_quantity(2 * total, '亿元', 'en')} in all")
    assert len(input_differences(a, a, "zh")) == 0


def test_comparison_pack_through_the_command(cli, tmp_path):
    out = tmp_path / "cmp"
    code, stdout, stderr = run_cli(cli, ["report", PINGSHAN, "--compare", PINGSHAN, "--set",
                                         "levers.land.region=198 ha/yr", "--dpi", "50", "--out",
                                         str(out)])
    assert code == 0, stderr
    pdf = out / "pingshan-2024-vs-pingshan-2024-review.pdf"
    assert pdf_pages(pdf) >= 4
    assert stdout.splitlines()[0].startswith(str(pdf))
    charts = sorted(p.name for p in (out / "charts").iterdir())
    assert charts == sorted(f"{n}.{e}" for n in ("01-comparison", "02-trajectories", "03-binding")
                            for e in ("png", "svg"))
    sheets = workbook_sheets(out / "pingshan-2024-vs-pingshan-2024-tables.xlsx")
    assert sheets == ["比较", "输入差异", "产值 A", "产值 B"]
    with zipfile.ZipFile(out / "pingshan-2024-vs-pingshan-2024-tables.xlsx") as z:
        strings = z.read("xl/sharedStrings.xml").decode("utf-8")
    assert "工业用地 · 区域共享" in strings and "198.0 公顷/年" in strings
    code, _, stderr = run_cli(cli, ["report", PINGSHAN, "--compare", PINGSHAN, "--sweep",
                                    str(ROOT / "tests/python/data/sweep-mc"), "--out", str(out)])
    assert code == 2 and "cannot be combined" in stderr
