"""Verdicts as probabilities: the Python module's run() gives each target the probability and
the IPCC word that `clustersim run` prints (one seeded sweep, the same numbers), and page 1 of
the review pack shows exactly those, never 达标 beside a probability."""
import json
import math

import pytest
from matplotlib.table import Table

import clustersim as cs
import clustersim.report as csr
from clustersim import _core
from clustersim._pages import median_finding
from clustersim._text import fmt_prob
from conftest import PINGSHAN, ROOT, run_cli

GOLDEN = "tests/golden/two-clusters.yaml"


@pytest.fixture(scope="module")
def swept():
    """Pingshan with a small sweep of its declared uncertainty (the same seed as the command)."""
    return cs.load(ROOT / PINGSHAN).run(quick=True, sweep=200)


@pytest.mark.parametrize("p, key, zh", [
    (1.0, "virtually_certain", "几乎确定"), (0.99, "virtually_certain", "几乎确定"),
    (0.9899, "very_likely", "很可能"), (0.90, "very_likely", "很可能"),
    (0.66, "likely", "可能"), (0.6599, "about_as_likely_as_not", "可能性约为一半"),
    (0.3301, "about_as_likely_as_not", "可能性约为一半"), (0.33, "unlikely", "不太可能"),
    (0.10, "very_unlikely", "很不可能"), (0.01, "exceptionally_unlikely", "极不可能"),
    (0.0, "exceptionally_unlikely", "极不可能"),
])
def test_the_scale_at_its_boundaries(p, key, zh):
    w = _core.likelihood(p)
    assert (w["key"], w["zh"]) == (key, zh)


def test_run_carries_probabilities_and_words(swept):
    t = swept.targets
    assert t["probability"].notna().all() and len(t) == 12
    for _, r in t.iterrows():
        w = _core.likelihood(r["probability"])
        assert (r["likelihood"], r["likelihood_en"], r["likelihood_zh"]) == (w["key"], w["en"], w["zh"])
        assert r["probability_low"] - 1e-12 <= r["probability"] <= r["probability_high"] + 1e-12
        assert r["sweep_p05"] <= r["sweep_median"] <= r["sweep_p95"]
        assert math.isfinite(r["at_input_medians"])
    assert swept.sweep["runs"] == 200 and swept.sweep["seed"] == 20240101
    assert swept.summary["targets"][0]["likelihood"] == t["likelihood"].iloc[0]


def test_no_sweep_no_probabilities():
    sc = cs.load(ROOT / PINGSHAN)
    for run in (sc.run(quick=True), sc.run(quick=True, sweep=0)):
        assert run.targets["probability"].isna().all() and run.sweep is None
        assert "probability" not in run.csv("targets.csv")
    plain = cs.load(ROOT / GOLDEN).run(sweep=100)  # no uncertainty section: nothing to say
    assert plain.targets["likelihood"].isna().all() and plain.sweep is None
    with pytest.raises(ValueError):
        sc.run(sweep=-5)


def test_python_and_command_agree(swept, cli):
    code, out, err = run_cli(cli, ["run", PINGSHAN, "--quick", "--quick-sweep", "200",
                                   "--format", "json"])
    assert code == 0, err
    targets = json.loads(out)["targets"]
    assert [t["probability"] for t in targets] == list(swept.targets["probability"])
    assert [t["likelihood"] for t in targets] == list(swept.targets["likelihood"])


def _cells(fig):
    (table,) = fig.findobj(Table)
    cells = table.get_celld()
    nrows, ncols = 1 + max(r for r, _ in cells), 1 + max(c for _, c in cells)
    return [[cells[(r, c)].get_text().get_text() for c in range(ncols)] for r in range(nrows)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_one_shows_the_runs_words(swept, lang):
    """Page 1 without --sweep: the run's own probabilities and words, as `clustersim run`."""
    t = swept.targets
    fig = csr.summary_page(swept, lang)
    rows = _cells(fig)
    header = rows[0]
    col_v = header.index("结论" if lang == "zh" else "Verdict")
    col_p = header.index("达标\n概率" if lang == "zh" else "P(reach)")
    words = t["likelihood_zh"] if lang == "zh" else t["likelihood_en"]
    for k, row in enumerate(rows[1:]):
        assert row[col_p] == fmt_prob(t["probability"].iloc[k])
        assert row[col_v].rstrip("†‡") == words.iloc[k]  # never 达标 / reached
        mixed = bool(t["reached"].iloc[k]) != (t["probability"].iloc[k] >= 0.5)
        assert row[col_v].endswith(("†", "‡")) == (mixed and t["probability"].iloc[k] != 0.5)
    note = fig.findobj(lambda a: a.get_gid() == "footnote")[0].get_text().replace("\n", "")
    assert ("200 次模拟" in note and "IPCC" in note) if lang == "zh" else ("200 runs" in note)
    lines = csr.findings(swept, lang)
    assert lines[0].startswith("确定性预测" if lang == "zh" else "Deterministic projection")
    assert any(("考虑不确定性（200 次模拟）" if lang == "zh" else "Under uncertainty (200 runs)")
               in line for line in lines)


def test_page_one_says_how_the_median_differs_and_why(swept):
    t = swept.targets
    rel = (t["sweep_median"] / t["projected"] - 1).abs()
    far = t.loc[rel.idxmax()]
    line = median_finding(swept, "zh")
    assert f"{far['name']} {far['year']}" in line
    total = 100 * (far["sweep_median"] / far["projected"] - 1)
    shift = 100 * (far["at_input_medians"] / far["projected"] - 1)
    assert f"（{total:+.1f}%）" in line and f"其中 {shift:+.1f}%" in line
    assert f"{len(swept.sweep['inputs_off_centre'])} 个不确定输入" in line
    assert line in csr.findings(swept, "zh")
