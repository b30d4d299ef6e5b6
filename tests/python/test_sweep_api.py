"""cs.sweep, cs.seek and cs.calibrate against the command: the same files bit for bit (sweep),
the same answer (seek), a backtest's tables (calibrate; test_calibration_api.py compares its files
with the command's); bad input raises the command's message; the GIL is released while a sweep
runs."""
import json

import pytest

import clustersim as cs
from conftest import run_cli, ticks_while

SWEEP = "scenarios/sweeps/pingshan-uncertainty.yaml"


def test_mc_sweep_identical_to_the_command(cli, tmp_path):
    code, _, err = run_cli(cli, ["sweep", SWEEP, "-n", "60", "--seed", "7", "-q",
                                 "--out", str(tmp_path / "cli")])
    assert code == 0, err
    s = cs.sweep(SWEEP, n=60, seed=7, threads=2, out=tmp_path / "py")
    assert s.method == "mc" and s.runs_count == 60 and s.directory == tmp_path / "py"
    for name in ("runs.csv", "bands.csv", "targets.csv", "first_years.csv"):
        assert (tmp_path / "py" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    ref = cs.read_sweep(tmp_path / "cli")
    assert s.targets.equals(ref.targets) and s.bands.equals(ref.bands)
    # In memory (no out): the same tables.
    m = cs.sweep(SWEEP, n=60, seed=7)
    assert m.directory is None and m.targets.equals(ref.targets)


def test_oat_sweep_with_overrides_and_outputs(cli, tmp_path):
    s = cs.sweep(SWEEP, {"levers.land.region": "198 ha/yr"}, method="oat", outputs=["ic:2030"])
    assert s.method == "oat" and s.bands is None
    assert set(s.tornado["output"]) == {"ic:2030"}
    code, _, err = run_cli(cli, ["sweep", SWEEP, "--method", "oat", "--output", "ic:2030",
                                 "--set", "levers.land.region=198 ha/yr", "-q",
                                 "--out", str(tmp_path / "oat")])
    assert code == 0, err
    assert s.tornado.equals(cs.read_sweep(tmp_path / "oat").tornado)
    # More land raises the IC cluster's 2030 base output above the scenario's own.
    base = cs.sweep(SWEEP, method="oat", outputs=["ic:2030"])
    assert s.tornado["output_base"].iloc[0] > base.tornado["output_base"].iloc[0]


def test_sweep_bad_input_raises_the_commands_message(cli):
    with pytest.raises(ValueError, match="method must be one of"):
        cs.sweep(SWEEP, method="lhs")
    with pytest.raises(cs.ScenarioError) as e:
        cs.sweep(SWEEP, method="oat", outputs=["nosuch:2030"])
    code, _, err = run_cli(cli, ["sweep", SWEEP, "--method", "oat", "--output", "nosuch:2030"])
    assert code == 2 and str(e.value) == err.strip()
    with pytest.raises(cs.ScenarioError, match="no uncertain inputs"):
        cs.sweep("scenarios/shenzhen-sei-2025.yaml", n=10)


@pytest.mark.skipif(not cs._core.have_sweep, reason="sweep runs through the command")
def test_sweep_releases_the_gil():
    # A Python thread keeps counting while the sweep runs in C++ on another thread.
    assert ticks_while(lambda: cs.sweep(SWEEP, n=300, threads=1)) > 20


def test_seek_same_answer_as_the_command(cli, tmp_path):
    r = cs.seek("scenarios/pingshan-2024.yaml", target="ic:2030", lever="fund:ic")
    code, _, err = run_cli(cli, ["seek", "scenarios/pingshan-2024.yaml", "--target", "ic:2030",
                                 "--lever", "fund:ic", "--out", str(tmp_path / "seek")])
    assert code == 0, err
    j = json.loads((tmp_path / "seek" / "summary.json").read_text("utf-8"))["seek"]
    assert r.status == j["status"] and r.level == j["level"] and r.binding == j["binding"]
    assert r.cluster == "ic" and r.year == 2030 and r.target == 1000.0
    if r.status == "found":
        assert r.projected >= r.target * (1 - 1e-6)
    with pytest.raises(cs.ScenarioError, match="--lever"):
        cs.seek("scenarios/pingshan-2024.yaml", target="ic:2030", lever="money:ic")


def test_calibrate_backtest_tables(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("CLUSTERSIM_CLI", cli)  # for a build without the calibration layer
    fit = cs.calibrate("calibration/shenzhen-ic.yaml", until=2017, starts=2)
    assert fit.directory is None and fit.until == 2017
    assert list(fit.estimates["path"]) == ["clusters.ic.share_trend"]
    g = float(fit.estimates["estimate"].iloc[0])
    assert -0.1 <= g <= 0.2
    f = fit.fitted
    assert list(f[f["in_sample"]]["year"]) == [2017] and list(f[~f["in_sample"]]["year"]) == [2018, 2022, 2023]
    # The in-sample observation is fitted (one parameter, one point).
    assert float(f[f["in_sample"]]["residual"].abs().max()) < 1e-6
    assert fit.backtest is not None and fit.fitted_yaml.strip()
    # In process ScenarioError, through the command InputError (exit code 2): the same line.
    with pytest.raises((cs.ScenarioError, cs.InputError), match="nosuch.yaml.*cannot open"):
        cs.calibrate("calibration/nosuch.yaml")
