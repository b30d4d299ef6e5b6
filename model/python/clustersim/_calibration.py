"""Calibration from Python: :func:`calibrate` (fit a scenario's inputs to history), its reader
:func:`read_calibration`, and :func:`seek` (the smallest lever level that reaches a target).

``seek`` runs the C++ search in this process (GIL released) when the build has the calibration
layer. ``calibrate`` runs the ``clustersim calibrate`` executable into a temporary directory
(or `out`) and reads its files: the fit is not bound in-process yet (docs/python.md).

>>> import clustersim as cs
>>> fit = cs.calibrate("calibration/shenzhen-ic.yaml", until=2019)
>>> fit.estimates; fit.fitted            # pandas frames
>>> cs.seek("scenarios/pingshan-2024.yaml", target="ic:2030", lever="fund:ic")
"""
from __future__ import annotations

import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Mapping, Optional, Union

import pandas as pd

from . import _cli, _core
from ._api import Scenario, load

PathLike = Union[str, "os.PathLike[str]"]

TABLES = ("estimates", "correlation", "fitted", "series", "backtest", "posterior")


class Calibration:
    """What ``clustersim calibrate --out DIR`` writes, as frames: estimates (path, estimate, se,
    lower95, upper95, unit, at_bound), correlation, fitted (series, year, observed, fitted,
    residual, in_sample), series (fit statistics per series and sample), backtest (with
    `until`), posterior (with `mcmc`); ``summary`` (summary.json) and ``fitted_yaml`` (a scenario
    extending the calibrated one with the fitted values). A table not written is None."""

    def __init__(self, files: Mapping[str, bytes], directory: Optional[Path] = None):
        self.directory = directory
        self.summary: dict = json.loads(files["summary.json"]) if "summary.json" in files else {}
        self.fitted_yaml: str = files.get("fitted.yaml", b"").decode("utf-8")
        for name in TABLES:
            data = files.get(f"{name}.csv")
            setattr(self, name, None if data is None else pd.read_csv(io.BytesIO(data)))
        if self.fitted is not None and self.fitted["in_sample"].dtype != bool:
            self.fitted["in_sample"] = self.fitted["in_sample"].astype(str).str.lower() == "true"

    def __repr__(self) -> str:
        return (f"<clustersim.Calibration {self.summary.get('spec', '')!r} "
                f"until={self.until} parameters={len(self.estimates) if self.estimates is not None else 0}>")

    @property
    def until(self) -> Optional[int]:
        """The last in-sample year (--until), None when every observation is fitted."""
        return self.summary.get("until")

    @property
    def spec(self) -> str:
        """The calibration spec file."""
        return self.summary.get("spec", "")


def read_calibration(directory: PathLike) -> Calibration:
    """Read the directory ``clustersim calibrate --out DIR`` wrote."""
    d = Path(directory)
    if not (d / "summary.json").is_file() or not (d / "fitted.csv").is_file():
        raise _core.InputError(f"{d}: error: not a calibration's directory (no summary.json and "
                               "fitted.csv); write one with clustersim calibrate SPEC --out DIR")
    files = {p.name: p.read_bytes() for p in d.iterdir()
             if p.is_file() and p.suffix in (".csv", ".json", ".yaml")}
    return Calibration(files, d)


def calibrate(spec: PathLike, *, until: Optional[int] = None, mcmc: bool = False,
              walkers: Optional[int] = None, steps: Optional[int] = None,
              burn: Optional[int] = None, thin: Optional[int] = None, seed: Optional[int] = None,
              starts: Optional[int] = None, threads: int = 0,
              out: Optional[PathLike] = None) -> Calibration:
    """Fit as ``clustersim calibrate SPEC`` does and return its :class:`Calibration`.

    Runs the ``clustersim`` executable (CLUSTERSIM_CLI, else the build's, else PATH) into `out`
    or a temporary directory and reads the files back; errors are raised as InputError (bad
    input, the command's exit code 2) or Error with the command's message line."""
    args = ["calibrate", str(spec), "--quiet", "--threads", str(threads)]
    for flag, value in (("--until", until), ("--walkers", walkers), ("--steps", steps),
                        ("--burn", burn), ("--thin", thin), ("--seed", seed),
                        ("--starts", starts)):
        if value is not None:
            args += [flag, str(value)]
    if mcmc:
        args.append("--mcmc")
    return _cli.run_into(args, out, read_calibration, "calibrate")


class Seek(dict):
    """The answer of :func:`seek` (the fields of ``clustersim seek --out``'s summary.json):
    status (found / already_reached / unreachable), cluster, year, target, unit, lever,
    lever_unit, mode, level, current, max, bracket, projected, projected_current, binding,
    evaluations. Items are also attributes."""

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __repr__(self) -> str:
        return (f"<clustersim.Seek {self.get('cluster')}:{self.get('year')} {self.get('status')} "
                f"{self.get('lever')} level={self.get('level'):.4g} ({self.get('mode')})>")


def seek(scenario: Union[PathLike, Scenario], overrides: Optional[Mapping[str, Any]] = None, /,
         *, target: str, lever: str, mode: str = "scale", max: Optional[float] = None,
         **kwargs: Any) -> Seek:
    """The smallest level of `lever` (``KIND[:CLUSTER]``: fund, land, floor, talent) that reaches
    the scenario's `target` (``CLUSTER:YEAR``), as ``clustersim seek`` finds it. `mode`: scale
    (a multiplier on the lever's path) or amount (a constant annual amount)."""
    sc = scenario if isinstance(scenario, Scenario) else load(scenario, overrides, **kwargs)
    if isinstance(scenario, Scenario) and (overrides or kwargs):
        sc = sc.set(overrides, **kwargs)
    if _core.have_calibration:
        return Seek(_core.seek(sc._core, target, lever, mode,
                               float("nan") if max is None else float(max)))
    args = ["seek", sc.file, "--target", target, "--lever", lever, "--mode", mode]
    if max is not None:
        args += ["--max", repr(float(max))]
    for s in sc.overrides:
        args += ["--set", s]
    with tempfile.TemporaryDirectory(prefix="clustersim-seek-") as tmp:
        _cli.run(args + ["--out", str(Path(tmp) / "seek"), ])
        j = json.loads((Path(tmp) / "seek" / "summary.json").read_text("utf-8"))["seek"]
    t = j.get("target", {})
    return Seek(status=j["status"], cluster=t.get("cluster"), year=t.get("year"),
                target=t.get("value"), unit=t.get("unit"), lever=j["lever"],
                lever_unit=j.get("lever_unit"), mode=j["mode"], level=j["level"],
                current=j["current"], max=j["max"], bracket=tuple(j.get("bracket", ())),
                projected=j["projected"], projected_current=j["projected_current"],
                binding=j["binding"], evaluations=j["evaluations"])
