"""The bindings against the command: same numbers bit for bit, same files, same messages; no
copies of the results; the GIL released while C++ runs."""
import csv
import io
import json
import re
import math
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import clustersim as cs
from conftest import PINGSHAN, ROOT, run_cli

BAD_DIR = Path("tests/cli/bad")


# ---------------------------------------------------------------------------------------------
# Loading


def test_load_reads_the_scenario():
    sc = cs.load(PINGSHAN)
    assert sc.name == "pingshan-2024"
    assert sc.cluster_ids == ["icv", "ic", "meddev", "biomed", "newenergy", "terminals", "other"]
    assert (sc.start_year, sc.end_year) == (2023, 2030)
    assert list(sc.years) == list(range(2023, 2031))
    assert sc.clusters.loc["ic", "name"] == "半导体与集成电路"
    assert sc.clusters.loc["icv", "baseline"] == 3121.0
    assert sc.clusters.loc["icv", "market"] == "bass"
    assert len(sc.targets) == 12
    assert sc.targets.iloc[3][["cluster", "year", "value"]].tolist() == ["ic", 2030, 1000.0]
    assert sc.params.loc["ic", "capital_output_ratio"] == 1.49
    assert sc.params.loc["meddev", "capital_output_ratio"] == 0.6  # model default
    assert sc.region_params["land_initial_vacant"] == 49.5
    assert sc.lever("land")["region"].tolist() == [99.0] * 8
    assert sc.events.iloc[0]["target"] == "clusters.icv.market_scale"
    assert any(k == "levers.fund.ic" for k in sc.notes["key"])
    assert sc.files == [PINGSHAN]
    assert sc.solver["method"] == "dopri5"
    assert sc.potential_clusters["id"].tolist() == ["cell_gene", "low_altitude",
                                                     "culture_sports_tourism"]
    assert "pingshan-2024" in repr(sc)


def test_what_if_lists_the_files_it_extends():
    sc = cs.load("scenarios/pingshan-ic-fund-doubled.yaml")
    assert sc.files == ["scenarios/pingshan-ic-fund-doubled.yaml", "scenarios/pingshan-2024.yaml"]
    base = cs.load(PINGSHAN)
    np.testing.assert_array_equal(sc.lever("fund")["ic"], 2 * base.lever("fund")["ic"])


def test_overrides_as_dict_keywords_and_texts_are_the_same():
    a = cs.load(PINGSHAN, {"levers.land.region": "198 ha/yr", "horizon.end": 2032})
    b = cs.load(PINGSHAN, horizon__end=2032, levers__land__region="198 ha/yr")
    c = cs.load(PINGSHAN, ["levers.land.region=198 ha/yr", "horizon.end=2032"])
    for s in (a, b, c):
        assert s.end_year == 2032
        assert s.lever("land")["region"].iloc[0] == 198.0
    assert b.overrides == ["horizon.end=2032", "levers.land.region=198 ha/yr"]
    # set() stacks overrides on a new scenario and leaves the original alone.
    d = a.set(levers__fund__ic__scale=2)
    assert d.overrides == a.overrides + ["levers.fund.ic.scale=2"]
    assert a.overrides == ["levers.land.region=198 ha/yr", "horizon.end=2032"]


@pytest.mark.parametrize("value, text", [
    (2, "2"), (0.1, "0.1"), (1e-05, "1e-05"), (1 / 3, repr(1 / 3)), (True, "true"),
    (None, ""), ("198 ha/yr", "198 ha/yr"), ([1, 2.5], "[1, 2.5]"),
    ({"steps": {2026: 40}}, '{"steps": {"2026": 40}}'), (np.float64(0.25), "0.25"),
])
def test_override_values_are_written_as_yaml(value, text):
    assert cs.yaml_value(value) == text


def test_float_overrides_round_trip_exactly():
    v = 0.1 + 0.2  # 0.30000000000000004
    sc = cs.load(PINGSHAN, {"clusters.ic.params.market_growth": v})
    assert sc.params.loc["ic", "market_growth"] == v


def test_null_override_deletes_a_key():
    # The uncertainty section names the event too: an input on an event that does not exist is
    # refused (a typo), so a what-if that deletes the event deletes or replaces its uncertainty.
    sc = cs.load(PINGSHAN, {"events.byd_licence_moves": None, "uncertainty": None})
    assert len(sc.events) == 0


# ---------------------------------------------------------------------------------------------
# Bit for bit with the command


def _cli_out(cli, tmp_path, args):
    out = tmp_path / "out"
    code, stdout, stderr = run_cli(cli, ["run"] + args + ["--out", str(out), "--quiet"])
    assert code == 0, stderr
    return out


def _compare_with_cli_files(run, out):
    # trajectories.csv holds shortest round-trip doubles: parsing gives the exact bits.
    with open(out / "trajectories.csv", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["scenario", "cluster", "variable", "year", "value"]
    df = run.trajectories
    assert len(df) == len(rows) - 1
    assert df["cluster"].tolist() == [r[1] for r in rows[1:]]
    assert df["variable"].tolist() == [r[2] for r in rows[1:]]
    assert df["year"].tolist() == [int(r[3]) for r in rows[1:]]
    cli_values = np.array([float(r[4]) for r in rows[1:]])
    mismatch = np.flatnonzero(df["value"].to_numpy() != cli_values)
    assert mismatch.size == 0, df.iloc[mismatch[:5]]
    # The same through the zero-copy views.
    for v in ["output", "capital", "workforce", "capacity_space"]:
        sel = df[(df["variable"] == v)]
        np.testing.assert_array_equal(
            run.frame(v).to_numpy().T.reshape(-1), sel["value"].to_numpy())
    # The files themselves, byte for byte.
    for name in ["trajectories.csv", "binding.csv", "targets.csv", "levers.csv"]:
        assert run.csv(name) == (out / name).read_text(encoding="utf-8"), name
    ours = run.summary
    theirs = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    for s in (ours, theirs):
        s["run"].pop("wall_time_ms")
        if "sweep" in s:  # the uncertainty sweep's wall time
            s["sweep"].pop("wall_time_s")
    assert ours == theirs


def test_run_is_bit_for_bit_the_commands(cli, tmp_path):
    run = cs.load(PINGSHAN).run()
    _compare_with_cli_files(run, _cli_out(cli, tmp_path, [PINGSHAN]))


def test_run_with_overrides_is_bit_for_bit_the_commands(cli, tmp_path):
    sets = ["levers.fund.ic.scale=2", "levers.land.region=150 ha/yr", "horizon.end=2035"]
    args = [PINGSHAN] + [a for s in sets for a in ("--set", s)]
    # Without the uncertainty sweep (test_run_is_bit_for_bit_the_commands compares it).
    run = cs.load(PINGSHAN, sets).run(sweep=0)
    _compare_with_cli_files(run, _cli_out(cli, tmp_path, args + ["--no-sweep"]))


def test_what_if_and_rk4_are_bit_for_bit_the_commands(cli, tmp_path):
    f = "scenarios/pingshan-new-fab.yaml"
    run = cs.load(f, solver__method="rk4", solver__dt=0.01).run(sweep=0)
    _compare_with_cli_files(run, _cli_out(cli, tmp_path, [f, "--set", "solver.method=rk4",
                                                          "--set", "solver.dt=0.01", "--no-sweep"]))


def test_targets_frame_matches_targets_csv(pingshan_run):
    t = pingshan_run.targets
    rows = list(csv.DictReader(io.StringIO(pingshan_run.csv("targets.csv"))))
    assert len(t) == len(rows) == 12
    for (_, a), b in zip(t.iterrows(), rows):
        assert a["cluster"] == b["cluster"] and a["year"] == int(b["year"])
        assert a["projected"] == float(b["projected"])
        assert a["gap_pct"] == float(b["gap_pct"])
        assert str(a["reached"]).lower() == b["reached"]
        assert a["binding"] == b["binding"]
    ic2030 = t[(t["cluster"] == "ic") & (t["year"] == 2030)].iloc[0]
    assert not ic2030["reached"] and pd.isna(ic2030["first_year_reached"])


def test_report_text_is_what_the_command_prints(cli, pingshan_run):
    code, stdout, _ = run_cli(cli, ["run", PINGSHAN])
    assert code == 0
    # Wall times: the run line's and the sweep line's.
    strip = lambda s: [re.sub(r"[\d.]+ s on \d+ threads$", "", l) for l in s.splitlines()  # noqa: E731
                       if not l.startswith("run:")]
    assert strip(pingshan_run.report()) == strip(stdout)
    assert str(pingshan_run) == pingshan_run.report()


def test_compare_is_the_commands(cli):
    b_set = "levers.land.region=198 ha/yr"
    cmp = cs.compare(PINGSHAN, PINGSHAN, {"levers.land.region": "198 ha/yr"})
    code, stdout, _ = run_cli(cli, ["compare", PINGSHAN, PINGSHAN, "--set", b_set, "--format", "csv"])
    assert code == 0 and cmp.csv() == stdout
    code, stdout, _ = run_cli(cli, ["compare", PINGSHAN, PINGSHAN, "--set", b_set])
    strip = lambda s: [l for l in s.splitlines() if not l.startswith("run ")]
    assert strip(str(cmp)) == strip(stdout)
    t = cmp.targets
    assert len(t) == 12 and (t["difference"] == t["projected_b"] - t["projected_a"]).all()
    # Runs can be compared directly too.
    again = cs.compare(cmp.a, cmp.b)
    pd.testing.assert_frame_equal(again.targets, t)


def test_validate_and_schema_are_the_commands(cli):
    code, stdout, _ = run_cli(cli, ["validate", PINGSHAN])
    assert code == 0 and cs.validate(PINGSHAN) + "\n" == stdout
    code, stdout, _ = run_cli(cli, ["schema"])
    assert code == 0 and cs.schema() == stdout
    json.loads(cs.schema())


def test_version_is_the_commands(cli):
    code, stdout, _ = run_cli(cli, ["--version"])
    assert stdout == f"clustersim {cs.__version__}\n"


def test_write_writes_what_the_command_writes(cli, tmp_path, pingshan_run):
    ours = tmp_path / "ours"
    pingshan_run.write(ours)
    theirs = _cli_out(cli, tmp_path, [PINGSHAN])
    assert sorted(p.name for p in ours.iterdir()) == sorted(p.name for p in theirs.iterdir())
    for name in ["trajectories.csv", "binding.csv", "targets.csv", "levers.csv"]:
        assert (ours / name).read_bytes() == (theirs / name).read_bytes()


def test_tables():
    v = cs.variables()
    assert set(v["kind"]) == {"flow", "stock"}
    assert v[v["name"] == "output"]["kind"].item() == "flow"
    p = cs.parameters()
    assert {"capital_output_ratio", "talent_leave_time", "wage_curve_elasticity"} <= set(p["key"])
    assert p.set_index("key").loc["skilled_inflow_ceiling", "default"] == np.inf  # no ceiling
    assert cs.levers()["key"].tolist() == ["fund", "land", "floor", "talent"]
    labels = p.set_index("key")
    assert labels.loc["capital_output_ratio", "label_zh"] == "资本产出比"
    assert (labels["label_zh"] != "").all() and (labels["label_en"] != "").all()
    assert cs.levers().set_index("key").loc["fund", "label_en"] == "industry fund"
    assert cs.CONSTRAINTS == ("capital", "labour", "space", "demand")


def test_frames_and_binding(pingshan_run):
    r = pingshan_run
    out = r.output
    assert list(out.columns) == r.cluster_ids and list(out.index) == list(range(2023, 2031))
    assert abs(out.loc[2023, "icv"] / 3121 - 1) < 1e-5  # the baseline is reproduced
    pool = r["skilled_pool"]
    assert isinstance(pool, pd.Series) and len(pool) == 8
    b = r.binding
    assert set(b.to_numpy().ravel()) <= set(cs.CONSTRAINTS)
    rows = list(csv.reader(io.StringIO(r.csv("binding.csv"))))[1:]
    assert [b.loc[int(row[2]), row[1]] for row in rows] == [row[3] for row in rows]
    assert r.stats["steps"] > 0 and r.stats["max_baseline_error"] < 1e-5
    assert f"{int(r.targets['reached'].sum())} of 12" in repr(r) and "<table" in r._repr_html_()


# ---------------------------------------------------------------------------------------------
# Errors: exceptions with the command's messages


@pytest.mark.parametrize("fixture", sorted(p.name for p in (ROOT / BAD_DIR).glob("*.yaml")))
def test_bad_scenarios_raise_with_the_commands_message(cli, fixture):
    path = str(BAD_DIR / fixture)
    code, stdout, stderr = run_cli(cli, ["run", path])
    assert code == 2
    with pytest.raises(cs.ScenarioError) as e:
        cs.load(path)
    assert str(e.value) + "\n" == stderr
    assert isinstance(e.value, ValueError) and isinstance(e.value, cs.Error)
    assert e.value.file and str(e.value).startswith(f"{e.value.file}:{e.value.line}:{e.value.column}: error: ")
    assert e.value.message in str(e.value)


@pytest.mark.parametrize("override", ["horizon.end=soon", "levers.fund.ic=-3 亿元/yr",
                                      "clusters.ic.parms.x=1", "nokey"])
def test_bad_overrides_raise_with_the_commands_message(cli, override):
    code, _, stderr = run_cli(cli, ["run", PINGSHAN, "--set", override])
    assert code == 2
    with pytest.raises(cs.ScenarioError) as e:
        cs.load(PINGSHAN, [override])
    assert str(e.value) + "\n" == stderr
    assert e.value.file == "<--set>"


def test_missing_file(cli):
    code, _, stderr = run_cli(cli, ["run", "scenarios/nope.yaml"])
    with pytest.raises(cs.ScenarioError) as e:
        cs.load("scenarios/nope.yaml")
    assert code == 2 and str(e.value) + "\n" == stderr
    assert (e.value.line, e.value.column) == (0, 0)


def test_numerical_failure_raises_with_the_commands_message(cli):
    # Model v2 refuses a fixed step too long for its time constants (an input error), so the
    # numerical failure here is the adaptive solver running out of its step budget.
    args = ["run", "two-clusters.yaml", "--set", "solver.max_steps=3"]
    code, _, stderr = run_cli(cli, args, cwd=ROOT / "tests" / "golden")
    assert code == 1
    sc = cs.load("tests/golden/two-clusters.yaml", solver__max_steps=3)
    with pytest.raises(cs.NumericalError) as e:
        sc.run()
    assert str(e.value) + "\n" == stderr
    assert isinstance(e.value, RuntimeError) and math.isfinite(e.value.time)


def test_other_errors():
    sc = cs.load(PINGSHAN)
    with pytest.raises(cs.InputError, match="unknown event"):
        sc.input("events.nope.value")
    assert sc.input("clusters.ic.market_growth")["base"] == 0.12
    with pytest.raises(KeyError):
        sc.run().array("outptu")
    with pytest.raises(KeyError):
        sc.lever("money")
    with pytest.raises(KeyError):
        sc.cluster_info("nope")
    with pytest.raises(TypeError):
        cs.load(PINGSHAN, "horizon.end=2030")
    with pytest.raises(cs.OutputError):
        sc.run().write("/proc/clustersim-cannot-write-here")


# ---------------------------------------------------------------------------------------------
# No copies


def test_results_are_read_only_views_without_copies():
    run = cs.load(PINGSHAN, horizon__end=3000).run(quick=True)  # 978 years
    a = run.array("output")
    assert a.shape == (7, 978)
    assert not a.flags.owndata and not a.flags.writeable
    assert a.base is not None
    b = run.array("output")
    assert a.__array_interface__["data"][0] == b.__array_interface__["data"][0]
    assert np.shares_memory(a, b)
    frame = run.frame("output")
    assert np.shares_memory(frame.to_numpy(), a)
    assert np.shares_memory(run["capital"].to_numpy(), run.array("capital"))
    assert np.shares_memory(run["skilled_pool"].to_numpy(), run.array("skilled_pool"))
    assert np.shares_memory(run.binding_codes(), run.binding_codes())
    with pytest.raises(ValueError):
        a[0, 0] = 1.0
    # A view keeps the run's memory alive after the run object is gone.
    expected = a.copy()
    del run, b, frame
    import gc
    gc.collect()
    np.testing.assert_array_equal(a, expected)


def test_lever_frames_are_views():
    sc = cs.load(PINGSHAN)
    assert np.shares_memory(sc.lever("fund").to_numpy(), sc._core.lever("fund"))


# ---------------------------------------------------------------------------------------------
# Threads


SLOW = {"solver__method": "rk4", "solver__dt": 5e-5}  # 160,000 RK4 steps: about half a second


def test_the_gil_is_released_while_cpp_runs():
    """A Python thread keeps running while another thread is inside a C++ run. Were the GIL
    held, the main thread could not record a single time stamp between the run's start and end.
    Robust on a loaded machine: it asks only for progress, not for a speed-up."""
    sc = cs.load(PINGSHAN, **SLOW)
    window = {}

    def work():
        window["start"] = time.perf_counter()
        sc.run(quick=True)
        window["end"] = time.perf_counter()

    t = threading.Thread(target=work)
    stamps = []
    t.start()
    while t.is_alive():
        stamps.append(time.perf_counter())
        time.sleep(0.001)
    t.join()
    inside = [s for s in stamps if window["start"] < s < window["end"]]
    duration = window["end"] - window["start"]
    assert duration > 0.05, "the run was too quick to tell"
    assert len(inside) >= 5, (len(inside), duration)
    gaps = np.diff([window["start"]] + inside + [window["end"]])
    assert gaps.max() < 0.9 * duration  # progress throughout, not only at the edges


def test_runs_on_threads_equal_serial_runs():
    from concurrent.futures import ThreadPoolExecutor
    scenarios = [cs.load(PINGSHAN, {"levers.fund.ic.scale": s}) for s in (0.5, 1.0, 2.0, 3.0)]
    serial = [s.run(quick=True).array("output").copy() for s in scenarios]
    with ThreadPoolExecutor(4) as pool:
        parallel = list(pool.map(lambda s: s.run(quick=True).array("output"), scenarios * 3))
    for k, arr in enumerate(parallel):
        np.testing.assert_array_equal(arr, serial[k % 4])


# ---------------------------------------------------------------------------------------------
# Model v2: its new series, the marginal binding with its gains, lever responses, reality checks


V2_CLUSTER_VARS = ["final_demand", "fund_committed", "fund_deployed", "fund_undeployed",
                   "policy_capital", "capital_hostable", "skilled", "workers", "market",
                   "market_share"]
V2_REGION_VARS = ["skilled_pool", "worker_pool", "wage_index", "skilled_inflow", "worker_inflow",
                  "net_inflow"]


def test_v2_series_are_views_of_the_run(pingshan_run):
    r = pingshan_run
    names = set(cs.variables()["name"])
    assert set(V2_CLUSTER_VARS + V2_REGION_VARS) <= names
    traj = r.trajectories
    for v in V2_CLUSTER_VARS:
        f = r[v]
        assert list(f.columns) == r.cluster_ids and np.shares_memory(f.to_numpy(), r.array(v))
        sel = traj[traj["variable"] == v]["value"].to_numpy()
        np.testing.assert_array_equal(f.to_numpy().T.reshape(-1), sel)
    for v in V2_REGION_VARS:
        s = r[v]
        assert isinstance(s, pd.Series) and len(s) == len(r.years)
        np.testing.assert_array_equal(s.to_numpy(), traj[traj["variable"] == v]["value"].to_numpy())
    # Fund money is conserved (docs/model.md E23): money committed up to a year (flows, integrals
    # over each year) = money deployed up to then + what is left undeployed at its end (a stock).
    committed, deployed, undeployed = (r.array(v) for v in
                                       ("fund_committed", "fund_deployed", "fund_undeployed"))
    np.testing.assert_allclose(np.cumsum(deployed, axis=1) + undeployed - undeployed[:, :1],
                               np.cumsum(committed, axis=1), rtol=1e-9, atol=1e-6)
    assert committed[r.cluster_ids.index("ic")].sum() > 0
    # The two pools make up the workforce; shares lie in [0, 1]; the wage index starts at 1 and is
    # within 1% of it after the baseline year.
    np.testing.assert_allclose(r.array("skilled") + r.array("workers"), r.array("workforce"),
                               rtol=1e-9)
    share = r.array("market_share")
    assert ((share >= 0) & (share <= 1)).all()
    assert r["wage_index"].iloc[0] == pytest.approx(1.0, abs=0.01)


def test_binding_gains_levers_and_checks_are_the_commands(cli, tmp_path, pingshan_run):
    r = pingshan_run
    assert r.marginal
    out = _cli_out(cli, tmp_path, [PINGSHAN])
    # binding.csv with its four gains, read as a frame; the binding factor is the largest gain.
    g = r.binding_gains
    pd.testing.assert_frame_equal(g.astype({"binding": str}),
                                  pd.read_csv(out / "binding.csv"), check_exact=True)
    gains = g[["gain_capital", "gain_labour", "gain_space", "gain_demand"]].to_numpy()
    assert (np.asarray(cs.CONSTRAINTS)[gains.argmax(axis=1)] == g["binding"].astype(str)).all()
    # The zero-copy gains are those of the file (output in 亿元 in this scenario).
    ic = r.cluster_ids.index("ic")
    space = r.binding_gain("space")
    row = g[(g["cluster"] == "ic") & (g["year"] == 2030)].iloc[0]
    assert space[ic, 2030 - r.start_year] == row["gain_space"]
    assert r.binding.loc[2030, "ic"] == row["binding"]
    # What a lever buys: levers.csv as a frame.
    lev = r.levers
    pd.testing.assert_frame_equal(lev, pd.read_csv(out / "levers.csv"), check_exact=True)
    assert set(lev["lever"]) == {"fund", "land", "floor", "talent"}
    assert set(lev["cluster"]) == set(r.cluster_ids)
    assert lev["year"].min() == r.start_year + 1
    fund_ic = lev[(lev["cluster"] == "ic") & (lev["lever"] == "fund") & (lev["year"] == 2030)]
    assert fund_ic["per_unit"].item() > 0  # a fund that can buy capacity does
    # Reality checks: what `clustersim check` reports, and summary.json's checks and totals.
    code, stdout, _ = run_cli(cli, ["check", PINGSHAN, "--format", "csv"])
    assert code in (0, 1) and r.csv("checks.csv") == stdout
    checks = r.checks
    assert len(checks) > 0 and checks["passed"].dtype == bool
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert checks[["name", "passed", "expected", "got"]].to_dict("records") == [
        {k: c[k] for k in ("name", "passed", "expected", "got")} for c in summary["checks"]]
    assert r.totals.to_dict("records") == summary["totals"]
    assert r.summary["run"]["binding"] == "marginal"


def test_quick_run_is_run_quick(cli, tmp_path):
    r = cs.run(PINGSHAN, quick=True)
    assert not r.marginal and r.binding_gain("capital") is None
    assert r.levers.empty and r.checks.empty
    out = tmp_path / "quick"
    code, _, stderr = run_cli(cli, ["run", PINGSHAN, "--quick", "--out", str(out), "--quiet"])
    assert code == 0, stderr
    for name in ["trajectories.csv", "binding.csv", "targets.csv"]:
        assert r.csv(name) == (out / name).read_text(encoding="utf-8"), name
    assert not (out / "levers.csv").exists()
    with pytest.raises(KeyError, match="capital, labour, space or demand"):
        r.binding_gain("money")
