"""clustersim import-levers: lever schedules from a workbook into a what-if that extends the
scenario; the review pack's workbook read back after an edit; every mistake named by workbook,
sheet, cell and key, exit 2, nothing written."""
import re

import openpyxl  # Debian's python3-openpyxl (.ci/install-deps.sh)
import pytest

import clustersim as cs
import clustersim.report as csr
from clustersim._workbook import lever_sheet
from conftest import PINGSHAN, ROOT, run_cli


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    """The lever sheets the pack writes, without the charts (sheet_frames + write_workbook)."""
    out = tmp_path_factory.mktemp("wb") / "levers.xlsx"
    run = cs.load(ROOT / PINGSHAN).run()
    csr.write_workbook(out, csr.sheet_frames(run, "zh"), "zh")
    return out


def edited(src, tmp_path, edits, name="edited.xlsx"):
    wb = openpyxl.load_workbook(src)
    for sheet, cell, value in edits:
        wb[sheet][cell] = value
    path = tmp_path / name
    wb.save(path)
    return path


def cell_of(ws, row_id, year):
    header = [c.value for c in ws[1]]
    col = header.index(year) + 1
    for row in ws.iter_rows(min_row=3):
        if row[0].value == row_id:
            return row[col - 1].coordinate
    raise KeyError(row_id)


def test_lever_sheet_layout():
    sc = cs.load(ROOT / PINGSHAN)
    df = lever_sheet(sc, "land", "en")
    assert list(df.columns[:2]) == ["cluster id", "cluster"]
    assert list(df.columns[2:]) == list(sc.years)
    assert list(df.iloc[0, :3]) == ["unit", "", "ha/yr"]
    assert list(df["cluster id"][1:]) == sc.cluster_ids + ["region"]
    assert list(df.iloc[-1, 2:]) == list(sc.lever("land")["region"])
    assert "region" not in list(lever_sheet(sc, "fund", "zh")["集群代码"])  # no fund pool


def test_unedited_workbook_gives_the_scenarios_inputs(cli, workbook, tmp_path):
    out = tmp_path / "same.yaml"
    code, stdout, stderr = run_cli(cli, ["import-levers", str(workbook), "--scenario", PINGSHAN,
                                         "--out", str(out)])
    assert code == 0, stderr
    assert "lever rows that differ: none" in stdout
    whatif = cs.load(out)
    assert whatif.inputs_hash == cs.load(ROOT / PINGSHAN).inputs_hash
    assert whatif.files[-1].endswith("pingshan-2024.yaml")


def test_edited_workbook_round_trip(cli, workbook, tmp_path):
    sc = cs.load(ROOT / PINGSHAN)
    wb = openpyxl.load_workbook(workbook)
    fund_cell = cell_of(wb["产业基金"], "ic", 2026)
    land_cell = cell_of(wb["工业用地"], "region", 2027)
    path = edited(workbook, tmp_path, [("产业基金", fund_cell, 55.5), ("工业用地", land_cell, 150)])
    out = tmp_path / "whatif.yaml"
    code, stdout, stderr = run_cli(cli, ["import-levers", str(path), "--scenario", PINGSHAN,
                                         "--out", str(out)])
    assert code == 0, stderr
    assert "fund.ic" in stdout and "land.region" in stdout
    w = cs.load(out)
    assert w.lever("fund").loc[2026, "ic"] == 55.5
    assert w.lever("land").loc[2027, "region"] == 150
    # everything else as in the scenario
    for key in ("fund", "land", "floor", "talent"):
        a, b = sc.lever(key).copy(), w.lever(key).copy()
        if key == "fund":
            a.loc[2026, "ic"] = b.loc[2026, "ic"]
        if key == "land":
            a.loc[2027, "region"] = b.loc[2027, "region"]
        assert (a.to_numpy() == b.to_numpy()).all(), key
    text = out.read_text(encoding="utf-8")
    assert "ic: !replace" in text and "sheet 产业基金, row" in text
    # the what-if runs, and an existing file is replaced only with --force
    assert w.run().targets is not None
    code, _, stderr = run_cli(cli, ["import-levers", str(path), "--scenario", PINGSHAN,
                                    "--out", str(out)])
    assert code == 2 and "--force" in stderr
    code, _, stderr = run_cli(cli, ["import-levers", str(path), "--scenario", PINGSHAN,
                                    "--out", str(out), "--force"])
    assert code == 0, stderr


def test_english_workbook_reads_back(cli, tmp_path):
    run = cs.load(ROOT / PINGSHAN).run()
    path = tmp_path / "en.xlsx"
    csr.write_workbook(path, csr.sheet_frames(run, "en"), "en")
    wb = openpyxl.load_workbook(path)
    cell = cell_of(wb["talent programme"], "region", 2028)
    path = edited(path, tmp_path, [("talent programme", cell, 12345)], "en-edited.xlsx")
    out = tmp_path / "en.yaml"
    code, _, stderr = run_cli(cli, ["import-levers", str(path), "--scenario", PINGSHAN,
                                    "--out", str(out)])
    assert code == 0, stderr
    assert cs.load(out).lever("talent").loc[2028, "region"] == 12345


@pytest.mark.parametrize("edit, where, message", [
    (("产业基金", "ic:2026", "abc"), "产业基金!{cell}", "levers.fund.ic.by_year.2026: expected a number, got 'abc'"),
    (("产业基金", "ic:2026", None), "产业基金!{cell}", "levers.fund.ic.by_year.2026: empty cell: write 0 for no amount"),
    (("产业基金", "ic:2026", -3), "产业基金!{cell}", "levers.fund.ic.by_year.2026: must be ≥ 0, got -3 亿元/yr"),
    (("产业基金", "A4", "icx"), "产业基金!A4", "levers.fund: unknown cluster 'icx'; did you mean 'ic'?"),
    (("产业基金", "A4", "region"), "产业基金!A4", "levers.fund: unknown cluster 'region': the fund lever has no region pool; name a cluster"),
    (("产业基金", "A2", "units"), "产业基金!A2", "levers.fund: row 2 must be the unit row"),
    # a unit the loader rejects is named at the unit row's cell, whichever row uses it first
    (("工业用地", "D2", "亿元/yr"), "工业用地!D2", r"levers\.land\.\w+\.by_year\.2024: expected area per year \(ha/yr\), got '[\d.]+ 亿元/yr', which is money per year"),
    (("工业用地", "J1", 2031), "工业用地!J1", "levers.land: year 2031 lies outside the horizon 2023–2030"),
])
def test_mistakes_name_sheet_cell_and_key(cli, workbook, tmp_path, edit, where, message):
    sheet, cell, value = edit
    wb = openpyxl.load_workbook(workbook)
    if ":" in cell:
        row_id, year = cell.split(":")
        cell = cell_of(wb[sheet], row_id, int(year))
    path = edited(workbook, tmp_path, [(sheet, cell, value)])
    out = tmp_path / "deep.yaml"
    code, stdout, stderr = run_cli(cli, ["import-levers", str(path), "--scenario", PINGSHAN,
                                         "--out", str(out)])
    assert code == 2 and stdout == "" and stderr.count("\n") == 1, stderr
    prefix = f"{path}:{where.format(cell=cell)}: error: "
    assert stderr.startswith(prefix), stderr
    rest = stderr[len(prefix):]
    assert rest.startswith(message) or re.match(message, rest), stderr
    assert not out.exists() and not list(tmp_path.glob(".deep*"))  # nothing written


def test_not_a_workbook_and_no_lever_sheet(cli, tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_text("not a zip")
    code, _, stderr = run_cli(cli, ["import-levers", str(bad), "--scenario", PINGSHAN, "--out",
                                    str(tmp_path / "w.yaml")])
    assert code == 2 and stderr.startswith(f"{bad}: error: not an .xlsx workbook")
    wb = openpyxl.Workbook()
    wb.active.title = "notes"
    empty = tmp_path / "empty.xlsx"
    wb.save(empty)
    code, _, stderr = run_cli(cli, ["import-levers", str(empty), "--scenario", PINGSHAN, "--out",
                                    str(tmp_path / "w.yaml")])
    assert code == 2 and "no lever sheet" in stderr and "产业基金" in stderr
    code, _, stderr = run_cli(cli, ["import-levers", str(empty), "--scenario",
                                    "tests/cli/bad/unknown-key.yaml", "--out", str(tmp_path / "w.yaml")])
    assert code == 2 and stderr.startswith("tests/cli/bad/unknown-key.yaml:")
    assert not (tmp_path / "w.yaml").exists()
