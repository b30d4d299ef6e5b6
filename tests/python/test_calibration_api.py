"""cs.calibrate and cs.optimize in process against the command: the same files byte for byte
(calibrate, with and without --until and --mcmc), the same allocation and targets (optimize), the
command's message for bad input, the GIL released while they run; the executable's route for a
build without the calibration layer reads back the same."""
import inspect
from pathlib import Path

import pytest

import clustersim as cs
from conftest import PINGSHAN, run_cli, ticks_while

SPEC = "calibration/shenzhen-ic.yaml"
CALIBRATION_FILES = {"estimates.csv", "correlation.csv", "fitted.csv", "series.csv",
                     "summary.json", "fitted.yaml"}

pytestmark = pytest.mark.skipif(not cs._core.have_calibration,
                                reason="the build has no calibration layer")


def same_files(a, b):
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    return set(names)


@pytest.mark.parametrize("args, kwargs, extra", [
    ([], {}, set()),
    (["--until", "2022"], {"until": 2022}, {"backtest.csv"}),
    (["--until", "2022", "--mcmc", "--walkers", "8", "--steps", "40", "--burn", "10",
      "--starts", "2"],
     {"until": 2022, "mcmc": True, "walkers": 8, "steps": 40, "burn": 10, "starts": 2},
     {"backtest.csv", "posterior.csv"}),
])
def test_calibrate_same_files_as_the_command(cli, tmp_path, args, kwargs, extra):
    code, stdout, err = run_cli(cli, ["calibrate", SPEC, *args, "--out", str(tmp_path / "cli")])
    assert code == 0, err
    fit = cs.calibrate(SPEC, out=tmp_path / "py", **kwargs)
    assert fit.directory == tmp_path / "py"
    assert same_files(tmp_path / "cli", tmp_path / "py") == CALIBRATION_FILES | extra
    assert fit.report == stdout
    ref = cs.read_calibration(tmp_path / "cli")
    assert fit.estimates.equals(ref.estimates) and fit.fitted.equals(ref.fitted)
    assert fit.summary == ref.summary and fit.fitted_yaml == ref.fitted_yaml
    # In memory (no out): the same tables; fitted.yaml extends the scenario by its absolute path.
    m = cs.calibrate(SPEC, **kwargs)
    assert m.directory is None and m.estimates.equals(ref.estimates)
    assert m.fitted_yaml != ref.fitted_yaml and str(Path.cwd()) in m.fitted_yaml


def test_calibrate_matches_the_shipped_fit(tmp_path):
    fit = cs.calibrate(SPEC, out=tmp_path / "shenzhen-ic")
    shipped = cs.read_calibration("calibration/fitted/shenzhen-ic")
    for name in CALIBRATION_FILES - {"fitted.yaml"}:  # fitted.yaml's extends: depends on DIR
        assert (tmp_path / "shenzhen-ic" / name).read_bytes() == \
            (shipped.directory / name).read_bytes(), name
    assert fit.estimates.equals(shipped.estimates)


def test_calibrate_bad_input_raises_the_commands_message(cli):
    for args, kwargs in [([SPEC, "--walkers", "5", "--mcmc"], {"walkers": 5, "mcmc": True}),
                         ([SPEC, "--until", "2010"], {"until": 2010}),
                         (["tests/calibration/data/bad-spec-key.yaml"], {}),
                         (["calibration/nosuch.yaml"], {})]:
        with pytest.raises(cs.ScenarioError) as e:
            cs.calibrate(args[0], **kwargs)
        code, _, err = run_cli(cli, ["calibrate", *args])
        assert code == 2 and str(e.value) == err.strip(), args


def test_calibrate_and_optimize_release_the_gil():
    # A Python thread keeps counting while the fit and the optimiser run in C++.
    assert ticks_while(lambda: cs.calibrate(SPEC, starts=16, threads=1)) > 20
    assert ticks_while(lambda: cs.optimize(PINGSHAN, starts=2)) > 20


def test_calibrate_through_the_command_reads_back_the_same(cli, tmp_path, monkeypatch):
    in_process = cs.calibrate(SPEC, until=2022, starts=2, out=tmp_path / "py")
    monkeypatch.setenv("CLUSTERSIM_CLI", cli)
    monkeypatch.setattr(cs._core, "have_calibration", False)
    by_command = cs.calibrate(SPEC, until=2022, starts=2, out=tmp_path / "cmd")
    assert same_files(tmp_path / "py", tmp_path / "cmd")
    assert by_command.estimates.equals(in_process.estimates)
    with pytest.raises(cs.InputError, match="nosuch.yaml"):
        cs.calibrate("calibration/nosuch.yaml")


@pytest.mark.parametrize("extra, kwargs", [
    ([], {}),
    (["--objective", "count", "--budget", "200", "--set", "levers.land.region=198 ha/yr"],
     {"objective": "count", "budget": 200, "overrides": {"levers.land.region": "198 ha/yr"}}),
    (["--targets", "icv:2030,biomed:2030", "--max-multiplier", "4", "--cost-land", "0.3"],
     {"targets": ["icv:2030", "biomed:2030"], "max_multiplier": 4, "cost_land": 0.3}),
])
def test_optimize_same_allocation_as_the_command(cli, tmp_path, extra, kwargs):
    code, stdout, err = run_cli(cli, ["optimize", PINGSHAN, "--starts", "2", "--max-evaluations", "600",
                                      *extra, "--out", str(tmp_path / "cli")])
    assert code == 0, err
    overrides = kwargs.pop("overrides", None)
    opt = cs.optimize(PINGSHAN, overrides, starts=2, max_evaluations=600, out=tmp_path / "py",
                      **kwargs)
    for name in ("allocation.csv", "targets.csv"):
        assert (tmp_path / "py" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    ref = cs.read_optimization(tmp_path / "cli")
    assert opt.allocation.equals(ref.allocation) and opt.targets.equals(ref.targets)
    drop = ("seconds", "overrides")  # the wall time; overrides as Python writes them
    assert {k: v for k, v in opt.summary.items() if k not in drop} == \
        {k: v for k, v in ref.summary.items() if k not in drop}
    assert opt.objective == kwargs.get("objective", "cost")
    assert list(opt.shadow_values.columns) == ["lever", "cluster", "unit", "gain_per_unit",
                                               "gain_per_yi"]
    # The report is the command's, up to the timing and the "Wrote" line.
    first = stdout.splitlines()[0].split(" simulations in")[0]
    assert opt.report.splitlines()[0].split(" simulations in")[0] == first
    assert opt.report.splitlines()[1:] == stdout.splitlines()[1:-1]
    if kwargs.get("objective") == "count":
        assert opt.budget_shadow is not None
    # In memory: the same frames.
    assert cs.optimize(PINGSHAN, overrides, starts=2, max_evaluations=600,
                       **kwargs).allocation.equals(ref.allocation)


def test_optimize_bad_options_raise_the_commands_message(cli):
    for extra, kwargs in [(["--objective", "count"], {"objective": "count"}),
                          (["--budget", "-5"], {"budget": -5}),
                          (["--targets", "ic:2031"], {"targets": ["ic:2031"]})]:
        with pytest.raises(cs.ScenarioError) as e:
            cs.optimize(PINGSHAN, **kwargs)
        code, _, err = run_cli(cli, ["optimize", PINGSHAN, *extra])
        assert code == 2 and str(e.value) == err.strip(), extra
    with pytest.raises(ValueError, match="objective must be one of"):
        cs.optimize(PINGSHAN, objective="least")
    with pytest.raises(cs.ScenarioError, match="--starts"):
        cs.optimize(PINGSHAN, starts=4)
    with pytest.raises(cs.ScenarioError, match="--max-multiplier"):
        cs.optimize(PINGSHAN, max_multiplier=0)


def test_optimize_defaults_are_the_commands():
    params = inspect.signature(cs.optimize).parameters
    assert set(cs._core.optimize_defaults) <= set(params)
    for name, value in cs._core.optimize_defaults.items():
        assert params[name].default == value, name


def test_optimize_through_the_command_reads_back_the_same(cli, monkeypatch):
    in_process = cs.optimize(PINGSHAN, starts=2, max_evaluations=600)
    monkeypatch.setenv("CLUSTERSIM_CLI", cli)
    monkeypatch.setattr(cs._core, "have_calibration", False)
    by_command = cs.optimize(PINGSHAN, starts=2, max_evaluations=600)
    assert by_command.directory is None
    assert by_command.allocation.equals(in_process.allocation)
    assert by_command.targets.equals(in_process.targets)
    with pytest.raises(cs.InputError, match="needs a --budget"):
        cs.optimize(PINGSHAN, objective="count")
