"""The review pack with a sweep: `--sweep DIR` (a finished sweep's directory) adds the probability
column to the summary, the sensitivity pages (fan chart, first years, tornado / Morris / Sobol
when the directory has them) and the sweep's sheets of the workbook."""
import zipfile
from pathlib import Path

import clustersim as cs
import clustersim.report as csr
from conftest import PINGSHAN, ROOT, run_cli
from test_report import SHEETS_ZH, pdf_pages, workbook_sheets

DATA = Path(__file__).resolve().parent / "data"


def test_pack_with_a_sweep_directory(cli, tmp_path):
    """Through `clustersim report --sweep DIR` (the command runs the package of its build)."""
    out = tmp_path / "pack"
    code, stdout, stderr = run_cli(cli, ["report", PINGSHAN, "--sweep", str(DATA / "sweep-mc"),
                                         "--dpi", "50", "--out", str(out)])
    assert code == 0, stderr
    pages = pdf_pages(out / "pingshan-2024-review.pdf")
    # 3 overview + 6 cluster pages + fan + first years + assumptions (>= 1)
    assert pages >= 3 + 6 + 2 + 1
    assert stdout.splitlines()[0].endswith(f"{pages} pages")
    charts = {p.name for p in (out / "charts").iterdir()}
    for name in ("05-sensitivity-fan", "05-sensitivity-first-years"):
        assert f"{name}.png" in charts and f"{name}.svg" in charts
    sheets = workbook_sheets(out / "pingshan-2024-tables.xlsx")
    assert sheets[:len(SHEETS_ZH)] == SHEETS_ZH
    assert sheets[len(SHEETS_ZH):] == ["sweep-targets", "sweep-first-years", "sweep-bands",
                                       "sweep-inputs"]
    with zipfile.ZipFile(out / "pingshan-2024-tables.xlsx") as z:
        strings = z.read("xl/sharedStrings.xml").decode("utf-8")
    assert "probability" in strings and "clusters.ic.market_growth" in strings
    code, stdout, stderr = run_cli(cli, ["report", "--help"])
    assert code == 0 and "DIR|SWEEP.yaml" in stdout


def test_probability_column_of_the_summary(pingshan_run):
    sw = cs.read_sweep(DATA / "sweep-mc")
    probs = sw.target_probabilities(pingshan_run)
    t = pingshan_run.targets
    assert len(probs) == len(t)
    for p, c, y in zip(probs, t["cluster"], t["year"]):
        row = sw.targets[(sw.targets["cluster"] == c) & (sw.targets["year"] == y)]
        assert p == row["probability"].iloc[0]
    fig = csr.summary_page(pingshan_run, "zh", probs)
    from matplotlib.table import Table
    (table,) = fig.findobj(Table)
    cells = table.get_celld()
    header = [cells[(0, j)].get_text().get_text() for j in range(len(probs) and 20) if (0, j) in cells]
    col = header.index("达标\n概率")
    shown = [cells[(i + 1, col)].get_text().get_text() for i in range(len(probs))]
    # As clustersim run prints them: whole percent, half away from zero (21 of 40 runs: 53%),
    # one decimal where a whole number would sit on a boundary of the likelihood scale.
    assert shown == [cs._core.probability_text(float(p)) for p in probs]
    assert "53%" in shown  # 21 of 40 runs; Python's round-half-even would print 52%


def test_sensitivity_pages_by_method(pingshan_run):
    oat = cs.read_sweep(DATA / "sweep-oat")
    assert oat.target_probabilities(pingshan_run) is None  # no targets.csv in an oat sweep
    assert [n for n, _ in oat.report_figures(pingshan_run, "en")] == ["tornado"]
    assert list(oat.report_sheets(pingshan_run)) == ["sweep-tornado", "sweep-inputs"]
    sob = cs.read_sweep(DATA / "sweep-sobol")
    assert [n for n, _ in sob.report_figures(pingshan_run, "zh")] == ["sobol"]


def test_report_refuses_a_directory_that_is_not_a_sweep(cli, tmp_path):
    code, stdout, stderr = run_cli(cli, ["report", PINGSHAN, "--sweep", str(tmp_path),
                                         "--out", str(tmp_path / "bad")])
    assert code == 2 and "not a sweep's directory" in stderr and stderr.count("\n") == 1
    assert not (tmp_path / "bad").exists()


def test_sweep_option_with_a_scenario_file_runs_an_mc_sweep():
    from clustersim import _sweep
    sc = cs.load(ROOT / PINGSHAN, {"levers.land.region": "198 ha/yr"})
    sw = _sweep.as_sweep(sc, ROOT / "scenarios/sweeps/pingshan-uncertainty.yaml", n=30)
    assert sw.method == "mc" and sw.runs_count == 30
    assert sw.summary["overrides"] == ["levers.land.region=198 ha/yr"]  # the review's overrides
    assert _sweep.as_sweep(sc, sw) is sw
