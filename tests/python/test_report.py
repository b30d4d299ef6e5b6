"""The review pack: the PDF's pages, the charts as PNG and SVG, the workbook's sheets, through
the Python entry point and through `clustersim report`."""
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import clustersim.plot as csp
from clustersim._text import fmt_pct
import clustersim.report as csr
from conftest import PINGSHAN, ROOT, run_cli

SHEETS_ZH = ["目标", "产值", "约束因素", "全部序列", "产业基金", "工业用地", "工业上楼厂房",
             "人才引进", "集群参数", "区域参数", "事件", "假设说明", "来源", "运行信息",
             "杠杆效果", "约束与增益", "杠杆响应"]
SHEETS_EN = ["targets", "output", "binding", "series", "industry fund", "industrial land",
             "high-rise factory floor", "talent programme", "cluster parameters",
             "region parameters", "events", "assumptions", "sources", "run",
             "what levers buy", "binding gains", "lever responses"]
CHARTS = ["01-summary", "02-trajectories", "03-binding", "03-levers", "04-cluster-01-icv",
          "04-cluster-02-ic", "04-cluster-03-meddev", "04-cluster-04-biomed",
          "04-cluster-05-newenergy", "04-cluster-06-terminals", "04-cluster-07-other"]


def pdf_pages(path: Path) -> int:
    """Page objects in the PDF (matplotlib writes page dictionaries uncompressed)."""
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def workbook_sheets(path: Path) -> list:
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        xml = z.read("xl/workbook.xml").decode("utf-8")
    return re.findall(r'<sheet name="([^"]+)"', xml)


def check_pack(directory: Path, name="pingshan-2024", sheets=SHEETS_ZH, min_pages=10):
    pdf = directory / f"{name}-review.pdf"
    xlsx = directory / f"{name}-tables.xlsx"
    assert pdf.is_file() and xlsx.is_file()
    pages = pdf_pages(pdf)
    # summary, projections, binding, one page per cluster, at least one of assumptions
    assert pages >= min_pages
    charts = sorted(p.name for p in (directory / "charts").iterdir())
    assert charts == sorted(f"{c}.{ext}" for c in CHARTS for ext in ("png", "svg"))
    for c in CHARTS:
        png = (directory / "charts" / f"{c}.png").read_bytes()
        assert png.startswith(b"\x89PNG") and len(png) > 20_000
        svg = (directory / "charts" / f"{c}.svg").read_text(encoding="utf-8")
        assert "<svg" in svg
    assert workbook_sheets(xlsx) == sheets
    return pages


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    out = tmp_path_factory.mktemp("pack") / "review" / "pingshan"
    return csr.build(ROOT / PINGSHAN, out)


def test_pack_files_pages_and_sheets(pack):
    pages = check_pack(pack.directory)
    assert pack.pages == pages
    # 3 overview pages, 6 cluster pages, then the assumptions and sources.
    assert pages == 3 + 6 + (pages - 9) and pages - 9 >= 1
    assert pack.sheets == SHEETS_ZH
    assert len(pack.charts) == 2 * len(CHARTS)
    assert not list(pack.directory.parent.glob(".*tmp*"))  # no temporary directory left


def test_workbook_tables(pack):
    with zipfile.ZipFile(pack.workbook) as z:
        strings = z.read("xl/sharedStrings.xml").decode("utf-8")
    # The verdicts are the run's probabilities in the IPCC's words (Pingshan declares
    # uncertainty), never a bare 达标 / 未达标.
    for text in ["半导体与集成电路", "达标概率", "劳动力", "levers.fund.ic", "深坪府[2024]1号"]:
        assert text in strings
    verdicts = pack.run.targets["likelihood_zh"]
    assert verdicts.notna().all()
    for word in set(verdicts):
        assert word in strings


def test_pdf_metadata(pack):
    data = pack.pdf.read_bytes()
    assert b"/Creator" in data and b"clustersim" in data


def test_findings(pingshan_run):
    t = pingshan_run.targets
    lines = csr._findings(pingshan_run, "zh")
    # The run has its own sweep: the count of targets reached is the deterministic projection's.
    assert lines[0].startswith(f"确定性预测（各输入取情景值）：{len(t)} 项目标中 "
                               f"{int(t['reached'].sum())} 项达到目标值")
    plain = csr._findings(pingshan_run.scenario.run(quick=True), "zh")
    assert plain[0].startswith(f"在本情景下，{len(t)} 项目标中预计")
    worst = t[~t["reached"]].sort_values("gap_pct").iloc[0]
    assert f"{worst['name']} {worst['year']} 年" in lines[1]
    assert fmt_pct(worst["gap_pct"], sign=True) in lines[1]
    en = csr._findings(pingshan_run, "en", probabilities=[0.9] * 6 + [0.1] * 6)
    assert any(l.startswith("Under uncertainty, the targets are: very likely 6 (") and
               "; very unlikely 6 (" in l for l in en)


def test_assumption_pages_cover_every_note(pingshan_run):
    sc = pingshan_run.scenario
    lines = csr.assumption_lines(sc, pingshan_run, "zh")
    text = "\n".join(t for _, t in lines)
    for note in sc.notes["text"]:   # baselines' and targets' sources name the document
        assert note in text or csp.cite(note, sc) in text
    assert "深坪府[2024]1号 三(一)2(2): 在2023年实现150亿元产值基础上" in text
    for source in sc.sources:   # the documents, without the project's seed labels
        assert csr.source_entry(source) in text and not csr.source_entry(source).startswith("seed")
    assert "资本产出比（clusters.ic.params.capital_output_ratio）= 1.49 年" in text
    figs = csr.text_pages("假设与来源", lines, "zh", "来源")
    assert len(figs) >= 2
    assert figs[1]._suptitle.get_text() == "假设与来源（续）"


def test_clustersim_report_command_in_english(cli, tmp_path):
    """`clustersim report` runs `python3 -m clustersim.report` of its build."""
    out = tmp_path / "cli"
    code, stdout, stderr = run_cli(cli, ["report", PINGSHAN, "--out", str(out), "--lang", "en",
                                         "--dpi", "60", "--set", "levers.fund.ic.scale=2"])
    assert code == 0, stderr
    assert stderr == ""
    pages = check_pack(out, sheets=SHEETS_EN)
    assert stdout.splitlines()[0] == f"{out}/pingshan-2024-review.pdf: {pages} pages"
    assert f"{len(SHEETS_EN)} sheets" in stdout.splitlines()[2]


def test_existing_directory_keeps_other_files(tmp_path):
    out = tmp_path / "out"
    (out / "charts").mkdir(parents=True)
    (out / "notes.txt").write_text("mine")
    (out / "charts" / "01-summary.png").write_text("old")
    new = tmp_path / "new"
    (new / "charts").mkdir(parents=True)
    (new / "charts" / "01-summary.png").write_text("new")
    (new / "x-review.pdf").write_text("pdf")
    csr._move_into(new, out)
    assert (out / "notes.txt").read_text() == "mine"
    assert (out / "charts" / "01-summary.png").read_text() == "new"
    assert (out / "x-review.pdf").read_text() == "pdf"


@pytest.mark.parametrize("args, code", [
    (["tests/cli/bad/unknown-key.yaml"], 2),
    ([PINGSHAN, "--set", "horizon.end=soon"], 2),
    ([PINGSHAN, "--lang", "fr"], 2),
])
def test_report_bad_input(cli, tmp_path, args, code):
    out = tmp_path / "deep" / "bad"
    got, stdout, stderr = run_cli(cli, ["report"] + args + ["--out", str(out)])
    assert got == code
    assert stdout == "" and stderr.count("\n") == 1
    assert not (tmp_path / "deep").exists()  # nothing written, no parent left behind
    if args[0].startswith("tests/cli/bad"):
        _, _, run_err = run_cli(cli, ["run", args[0]])
        assert stderr == run_err  # the same message as clustersim run


def test_python_entry_point_errors(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "clustersim.report", PINGSHAN],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr == ("clustersim report: error: the following arguments are required: "
                           "-o/--out (see 'clustersim report --help')\n")
