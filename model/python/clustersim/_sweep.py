"""Sweeps (uncertainty and sensitivity) from Python: :func:`sweep` runs one, :func:`read_sweep`
reads the directory ``clustersim sweep --out DIR`` wrote. Both give a :class:`Sweep` whose tables
are pandas frames with the columns of docs/sensitivity.md (bands, targets, first_years, tornado,
morris, sobol, runs) and whose ``summary`` is summary.json.

>>> import clustersim as cs
>>> s = cs.sweep("scenarios/sweeps/pingshan-uncertainty.yaml", n=500, seed=1)
>>> s.targets[["cluster", "year", "probability"]]
>>> import clustersim.plot as csp
>>> csp.fan(s, "ic")          # bands with the targets and the probability of each
"""
from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence, Union

import pandas as pd

from . import _cli, _core
from ._api import Scenario, as_scenario
from ._files import write_atomic

PathLike = Union[str, "os.PathLike[str]"]

TABLES = ("runs", "bands", "targets", "first_years", "tornado", "morris", "sobol")
METHODS = ("mc", "oat", "morris", "sobol")


class Sweep:
    """The results of one sweep. Each table is a DataFrame, or None when the method does not
    produce it (mc: runs, bands, targets, first_years; oat: tornado; morris: morris; sobol:
    sobol). ``directory`` is where the files are (None for a sweep kept in memory)."""

    def __init__(self, files: Mapping[str, bytes], directory: Optional[Path] = None):
        self.directory = directory
        self.summary: dict = json.loads(files["summary.json"]) if "summary.json" in files else {}
        self.table: str = files.get("table.txt", b"").decode("utf-8")
        for name in TABLES:
            data = files.get(f"{name}.csv")
            setattr(self, name, None if data is None else _read_csv(name, data))

    def __repr__(self) -> str:
        present = [n for n in TABLES if getattr(self, n) is not None]
        return (f"<clustersim.Sweep {self.scenario!r} method={self.method} runs={self.runs_count}"
                f" failed={self.failed} tables={present}>")

    # -- summary.json --------------------------------------------------------------------------
    @property
    def method(self) -> str:
        """mc, oat, morris or sobol."""
        return self.summary.get("method", "")

    @property
    def scenario(self) -> str:
        """The scenario's name."""
        return self.summary.get("scenario", "")

    @property
    def seed(self) -> Optional[int]:
        """The design's seed."""
        return self.summary.get("seed")

    @property
    def runs_count(self) -> int:
        """Runs done (failed ones included)."""
        if self.runs is not None:
            return len(self.runs)
        return int(self.summary.get("runs", 0))

    @property
    def failed(self) -> int:
        """Runs that failed (their errors are in runs.csv)."""
        if self.runs is not None:
            return int((self.runs["status"] != "ok").sum())
        return int(self.summary.get("failed", 0))

    @property
    def inputs_hash(self) -> str:
        """summary.json's ``inputs_hash``: the hash of the model inputs the sweep varied around
        (:attr:`clustersim.Scenario.inputs_hash`); '' for a sweep written before it existed."""
        return self.summary.get("inputs_hash", "")

    def matches(self, scenario) -> bool:
        """Whether this sweep was run on `scenario`'s model inputs (an uncertainty section, a
        name or notes of its own do not count), so that its probabilities are the scenario's."""
        return bool(self.inputs_hash) and self.inputs_hash == scenario.inputs_hash

    @property
    def inputs(self) -> pd.DataFrame:
        """The uncertain inputs (path, distribution, base, unit, source)."""
        return pd.DataFrame(self.summary.get("inputs", []))

    # -- for the charts and the review pack ----------------------------------------------------
    def probability(self, cluster: str, year: int, measure: Optional[str] = None) -> Optional[float]:
        """P(reaching the target of `cluster` in `year`) from targets.csv, None if absent."""
        if self.targets is None:
            return None
        t = self.targets
        rows = t[(t["cluster"] == cluster) & (t["year"] == int(year))]
        if measure is not None:
            rows = rows[rows["measure"] == measure]
        if rows.empty or pd.isna(rows["probability"].iloc[0]):
            return None
        return float(rows["probability"].iloc[0])

    def target_probabilities(self, run) -> Optional[list]:
        """One probability per row of ``run.targets`` (None where the sweep has none), or None
        when this sweep has no targets table (not an mc sweep)."""
        if self.targets is None:
            return None
        t = run.targets
        return [self.probability(c, y, m) for c, y, m in zip(t["cluster"], t["year"], t["measure"])]

    def report_figures(self, run, lang: str = "zh", other_sweep: Optional[str] = None) -> list:
        """(name, Figure) of the review pack's sensitivity pages. `other_sweep`: the sentence
        that labels the probabilities of a sweep of another scenario (see plot.fan)."""
        from . import plot
        figs = []
        if self.bands is not None:
            clusters = [c for c in run.cluster_ids if c in set(self.bands["cluster"])]
            figs.append(("fan", plot.fan(self, clusters, lang=lang, figsize=(11.69, 8.27),
                                         other_sweep=other_sweep)))
        if self.first_years is not None and not self.first_years.empty:
            figs.append(("first-years", plot.first_years(self, lang=lang,
                                                         other_sweep=other_sweep)))
        if self.tornado is not None and not self.tornado.empty:
            figs.append(("tornado", plot.tornado(self, lang=lang)))
        if self.morris is not None and not self.morris.empty:
            figs.append(("morris", plot.morris(self, lang=lang)))
        if self.sobol is not None and not self.sobol.empty:
            figs.append(("sobol", plot.sobol(self, lang=lang)))
        return figs

    def report_sheets(self, run=None, lang: str = "zh") -> dict:
        """Workbook sheets: each sweep table present (runs.csv left out: it can be large)."""
        names = {"targets": "sweep-targets", "first_years": "sweep-first-years",
                 "bands": "sweep-bands", "tornado": "sweep-tornado", "morris": "sweep-morris",
                 "sobol": "sweep-sobol"}
        sheets = {sheet: getattr(self, n) for n, sheet in names.items()
                  if getattr(self, n) is not None}
        if self.summary.get("inputs"):
            sheets["sweep-inputs"] = self.inputs
        return sheets


def _read_csv(name: str, data: bytes) -> pd.DataFrame:
    # first_years.first_year is empty when the target is not reached within the horizon.
    frame = pd.read_csv(io.BytesIO(data))
    if name == "first_years":
        frame["first_year"] = frame["first_year"].astype("Int64")  # years; empty: not reached
    # targets.first_year_p50 stays float: the median of an even count can be a half year.
    if name == "runs" and "error" in frame:
        frame["error"] = frame["error"].fillna("")
    return frame


def read_sweep(directory: PathLike) -> Sweep:
    """Read the directory ``clustersim sweep --out DIR`` wrote (summary.json and whichever of the
    method's CSV files are there)."""
    d = Path(directory)
    if not (d / "summary.json").is_file():
        raise _core.InputError(f"{d}: error: not a sweep's directory (no summary.json); "
                               "write one with clustersim sweep SCENARIO --out DIR")
    files = {p.name: p.read_bytes() for p in d.iterdir()
             if p.is_file() and (p.suffix == ".csv" or p.name == "summary.json")}
    return Sweep(files, d)


def sweep(scenario: Union[PathLike, Scenario], overrides: Optional[Mapping[str, Any]] = None, /,
          *, method: str = "mc", n: Optional[int] = None, seed: int = 20240101,
          threads: int = 0, sampler: Optional[str] = None, resamples: int = 500,
          outputs: Sequence[str] = (), out: Optional[PathLike] = None, **kwargs: Any) -> Sweep:
    """Run a sweep as ``clustersim sweep`` does and return its :class:`Sweep`.

    `scenario`: a file with an ``uncertainty:`` section (or a scenario that a sweep file next to
    it extends — as the command finds it), or a loaded :class:`Scenario`; `overrides`/`kwargs` as
    for :func:`clustersim.load`. `method`: mc, oat, morris or sobol; `n`: runs (mc, default
    1000), trajectories (morris, 20) or base rows (sobol, 512); `outputs`: ``CLUSTER:YEAR``,
    ``gap:CLUSTER:YEAR``, ``reached:CLUSTER:YEAR`` or ``CLUSTER`` (oat/morris/sobol; default:
    every target). The same seed gives the same bits on any number of threads. With `out`, the
    files are also written there (atomically). The C++ sweep engine runs in this process with
    the GIL released; a build without the sweep layer runs the ``clustersim`` executable.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    sc = as_scenario(scenario, overrides, **kwargs)
    if _core.have_sweep:
        files = _core.sweep_files(sc._core, method, int(n or 0), sampler or "", int(seed),
                                  int(threads), int(resamples), list(outputs))
        result = Sweep(files)
        if out is not None:
            write_atomic(Path(out), {k: v for k, v in files.items() if k != "table.txt"},
                         stale=[f"{name}.csv" for name in TABLES])
            result.directory = Path(out)
        return result
    return _sweep_by_command(sc, method, n, seed, threads, sampler, resamples, outputs, out)


def _sweep_by_command(sc: Scenario, method, n, seed, threads, sampler, resamples, outputs, out):
    args = ["sweep", sc.file, "--method", method, "--seed", str(seed), "--threads", str(threads),
            "--resamples", str(resamples), "--quiet"]
    if n:
        args += ["-n", str(n)]
    if sampler:
        args += ["--sampler", sampler]
    for o in outputs:
        args += ["--output", o]
    for s in sc.overrides:
        args += ["--set", s]
    return _cli.run_into(args, out, read_sweep, "sweep")


def as_sweep(sc: Scenario, spec: Any, n: int = 1000, seed: int = 20240101) -> Sweep:
    """What ``--sweep`` of the review pack names: a Sweep, a sweep's directory, or a scenario
    file with an uncertainty section (an mc sweep of `n` runs is then run, with the review's
    overrides)."""
    if isinstance(spec, Sweep):
        return spec
    path = Path(spec)
    if path.is_dir():
        return read_sweep(path)
    return sweep(path, list(sc.overrides) or None, method="mc", n=n, seed=seed)
