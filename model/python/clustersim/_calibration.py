"""Calibration from Python: :func:`calibrate` (fit a scenario's inputs to history), its reader
:func:`read_calibration`, :func:`seek` (the smallest lever level that reaches a target) and
:func:`optimize` (least-cost or budget-constrained allocation of the levers), with its reader
:func:`read_optimization`.

All three run the C++ code of ``clustersim calibrate``, ``seek`` and ``optimize`` in this process
(GIL released) when the build has the calibration layer, and the ``clustersim`` executable
otherwise (docs/python.md).

>>> import clustersim as cs
>>> fit = cs.calibrate("calibration/shenzhen-ic.yaml", until=2019)
>>> fit.estimates; fit.fitted            # pandas frames
>>> cs.seek("scenarios/pingshan-2024.yaml", target="ic:2030", lever="fund:ic")
>>> opt = cs.optimize("scenarios/pingshan-2024.yaml", objective="count", budget=200)
>>> opt.allocation; opt.targets          # pandas frames
"""
from __future__ import annotations

import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence, Union

import pandas as pd

from . import _cli, _core
from ._api import Scenario, as_scenario
from ._files import write_atomic

PathLike = Union[str, "os.PathLike[str]"]

TABLES = ("estimates", "correlation", "fitted", "series", "backtest", "posterior")


class Calibration:
    """What ``clustersim calibrate --out DIR`` writes, as frames: estimates (path, estimate, se,
    lower95, upper95, unit, at_bound), correlation, fitted (series, year, observed, fitted,
    residual, in_sample), series (fit statistics per series and sample), backtest (with
    `until`), posterior (with `mcmc`); ``summary`` (summary.json) and ``fitted_yaml`` (a scenario
    extending the calibrated one with the fitted values). A table not written is None.
    ``report`` is the text the command prints (empty when read back from a directory)."""

    def __init__(self, files: Mapping[str, bytes], directory: Optional[Path] = None):
        self.directory = directory
        self.summary: dict = json.loads(files["summary.json"]) if "summary.json" in files else {}
        self.fitted_yaml: str = files.get("fitted.yaml", b"").decode("utf-8")
        self.report: str = files.get("report.txt", b"").decode("utf-8")
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

    `until`: fit on the observations up to that year and backtest the later ones; `mcmc`: also
    draw a posterior sample (`walkers`, `steps`, `burn`, `thin`; the command's defaults when
    None); `seed` and `starts` default to the spec's. With `out`, the files are also written there
    (atomically), byte for byte what ``--out`` writes. The fit runs in this process with the GIL
    released; errors raise the exceptions of :mod:`clustersim` with the command's message line
    (a bad spec or option: ScenarioError). A build without the calibration layer runs the
    ``clustersim`` executable instead (errors then InputError for bad input, else Error)."""
    if _core.have_calibration:
        options = {k: v for k, v in (("walkers", walkers), ("steps", steps), ("burn", burn),
                                     ("thin", thin)) if v is not None}
        files = _core.calibrate(str(spec), until, bool(mcmc), seed=seed, starts=starts,
                                threads=int(threads), out_dir="" if out is None else str(out),
                                **options)
        result = Calibration(files)
        if out is not None:
            write_atomic(Path(out), {k: v for k, v in files.items() if k != "report.txt"})
            result.directory = Path(out)
        return result
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
    sc = as_scenario(scenario, overrides, **kwargs)
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


OBJECTIVES = ("cost", "count", "value")


class Optimization:
    """What ``clustersim optimize --out DIR`` writes, as frames: ``allocation`` (lever, cluster,
    first_year, last_year, unit, multiplier, amount, scenario_amount, unit_cost, cost,
    gain_per_unit, gain_per_yi: one row per lever row varied, with its shadow values) and
    ``targets`` (the target table at the allocation); ``summary`` (summary.json: objective,
    budget, total_cost, targets_met, feasible, budget_shadow, ...) and ``report`` (the text the
    command prints; empty when read back from a directory)."""

    def __init__(self, files: Mapping[str, bytes], directory: Optional[Path] = None):
        self.directory = directory
        self.summary: dict = json.loads(files["summary.json"]) if "summary.json" in files else {}
        self.report: str = files.get("report.txt", b"").decode("utf-8")
        self.allocation: pd.DataFrame = pd.read_csv(io.BytesIO(files["allocation.csv"]))
        self.targets: pd.DataFrame = pd.read_csv(io.BytesIO(files["targets.csv"]))

    def __repr__(self) -> str:
        return (f"<clustersim.Optimization {self.objective} total_cost={self.total_cost:.1f} "
                f"targets met {self.summary.get('targets_met')}/{self.summary.get('targets_total')}>")

    @property
    def objective(self) -> str:
        """cost, count or value."""
        return self.summary.get("objective", "")

    @property
    def total_cost(self) -> float:
        """Public cost of the allocation over the policy years, 亿元."""
        return float(self.summary.get("total_cost", float("nan")))

    @property
    def feasible(self) -> bool:
        """Cost: every reachable target met (within the budget, if any)."""
        return bool(self.summary.get("feasible", False))

    @property
    def shadow_values(self) -> pd.DataFrame:
        """Per lever row, the objective's progress per one more unit (gain_per_unit) and per
        亿元 (gain_per_yi) at the optimum (docs/calibration.md)."""
        return self.allocation[["lever", "cluster", "unit", "gain_per_unit", "gain_per_yi"]]

    @property
    def budget_shadow(self) -> Optional[float]:
        """Count/value under a budget: the surrogate's rise per one more 亿元; else None."""
        return self.summary.get("budget_shadow")


def read_optimization(directory: PathLike) -> Optimization:
    """Read the directory ``clustersim optimize --out DIR`` wrote."""
    d = Path(directory)
    if not all((d / n).is_file() for n in ("summary.json", "allocation.csv", "targets.csv")):
        raise _core.InputError(f"{d}: error: not an optimization's directory (no summary.json, "
                               "allocation.csv and targets.csv); write one with clustersim "
                               "optimize SCENARIO --out DIR")
    return Optimization({n: (d / n).read_bytes()
                         for n in ("summary.json", "allocation.csv", "targets.csv")}, d)


def optimize(scenario: Union[PathLike, Scenario], overrides: Optional[Mapping[str, Any]] = None, /,
             *, targets: Optional[Sequence[str]] = None, budget: Optional[float] = None,
             objective: str = "cost", max_multiplier: float = 10.0, max_evaluations: int = 4000,
             starts: int = 3, cost_land: float = 0.2, cost_floor: float = 0.35,
             cost_talent: float = 0.0003, bounds: Optional[Mapping[str, float]] = None,
             out: Optional[PathLike] = None, **kwargs: Any) -> Optimization:
    """Allocate the levers as ``clustersim optimize`` does and return its :class:`Optimization`.

    `objective`: cost (least public cost meeting every target of `targets`, ``CLUSTER:YEAR``
    strings, default the scenario's targets in its last target year; `budget`, if given, caps
    the cost), count (under `budget`, most targets met) or value (as count, weighted by the
    targets' values). `budget` in 亿元 over the policy years; `max_multiplier` bounds every
    lever row's multiplier; `max_evaluations` simulations over `starts` (1-3) optimiser starts;
    `cost_land` (亿元/ha), `cost_floor` (亿元/万m²) and `cost_talent` (亿元/person) are the
    assumed unit costs. `bounds` caps single rows' multipliers (``--bound``), e.g.
    ``{"land": 1.44}`` when only 1,000 ha of land can be released (land and floor are physically
    limited; ``"land"`` is the region's pool, ``"fund:ic"`` a cluster's row). `overrides`/`kwargs` as for :func:`clustersim.load`. With `out`, the files
    are also written there (atomically). Runs in this process with the GIL released (the
    ``clustersim`` executable for a build without the calibration layer); bad options raise
    ScenarioError with the command's message."""
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of {', '.join(OBJECTIVES)}, got {objective!r}")
    sc = as_scenario(scenario, overrides, **kwargs)
    if isinstance(targets, str):
        targets = [targets]
    bound_texts = [f"{k}={float(v)!r}" for k, v in (bounds or {}).items()]
    if _core.have_calibration:
        files = _core.optimize(sc._core, list(targets or []),
                               float("nan") if budget is None else float(budget), objective,
                               float(max_multiplier), int(max_evaluations), int(starts),
                               float(cost_land), float(cost_floor), float(cost_talent), bound_texts)
        result = Optimization(files)
        if out is not None:
            write_atomic(Path(out), {k: v for k, v in files.items() if k != "report.txt"})
            result.directory = Path(out)
        return result
    args = ["optimize", sc.file, "--objective", objective, "--quiet",
            "--max-multiplier", repr(float(max_multiplier)),
            "--max-evaluations", str(max_evaluations), "--starts", str(starts),
            "--cost-land", repr(float(cost_land)), "--cost-floor", repr(float(cost_floor)),
            "--cost-talent", repr(float(cost_talent))]
    if budget is not None:
        args += ["--budget", repr(float(budget))]
    if targets:
        args += ["--targets", ",".join(targets)]
    for b in bound_texts:
        args += ["--bound", b]
    for s in sc.overrides:
        args += ["--set", s]
    return _cli.run_into(args, out, read_optimization, "optimize")
