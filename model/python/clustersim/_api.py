"""Scenarios and runs: the pandas face of clustersim._core.

Everything here mirrors the command (docs/cli.md): ``load`` is ``clustersim validate``'s
loading, ``Scenario.run`` is ``clustersim run``, ``compare`` is ``clustersim compare``, and the
numbers are the ones ``clustersim run --out`` writes (docs/outputs.md), bit for bit.
"""
from __future__ import annotations

import io
import json
import math
import os
from typing import Any, Mapping, Optional, Union

import numpy as np
import pandas as pd

from . import _core

PathLike = Union[str, "os.PathLike[str]"]

_VARIABLES = _core.variables()
_CLUSTER_VARS = [v["name"] for v in _VARIABLES if v["scope"] == "cluster"]
_REGION_VARS = [v["name"] for v in _VARIABLES if v["scope"] == "region"]
CONSTRAINTS = tuple(_core.constraints())
# Columns of Run.targets from the sweep of the scenario's uncertainty (NaN / None without one).
ODDS_COLUMNS = ("probability", "probability_low", "probability_high", "likelihood",
                "likelihood_en", "likelihood_zh", "sweep_p05", "sweep_median", "sweep_p95",
                "at_input_medians")


# ---------------------------------------------------------------------------------------------
# Overrides: keyword arguments and dicts -> the "path=value" texts --set takes


def yaml_value(value: Any) -> str:
    """The YAML text of an override value.

    Strings are passed as written (so ``"198 ha/yr"`` or ``"{steps: {2026: 40}}"`` work as on
    the command line); numbers are written so that they read back exactly; ``True``/``False``
    become ``true``/``false``; ``None`` deletes the key; lists and dicts become YAML flow
    collections.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        v = float(value)
        if math.isnan(v):
            return ".nan"
        if math.isinf(v):
            return ".inf" if v > 0 else "-.inf"
        return repr(v)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{json.dumps(str(k), ensure_ascii=False)}: {yaml_value(v) or 'null'}"
                               for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(yaml_value(v) or "null" for v in value) + "]"
    raise TypeError(f"cannot write an override value of type {type(value).__name__}: {value!r}")


def override_texts(overrides: Optional[Mapping[str, Any]] = None, **kwargs: Any) -> list:
    """``{"levers.fund.ic.scale": 2}`` and ``levers__fund__ic__scale=2`` -> ``["levers.fund.ic.scale=2"]``.

    In keyword arguments a double underscore stands for the dot of a key path. A string of the
    form ``"path=value"`` in a list is taken as is.
    """
    out = []
    if overrides is not None:
        if isinstance(overrides, Mapping):
            items = list(overrides.items())
        elif isinstance(overrides, str):
            raise TypeError("overrides: pass a dict {path: value} or a list of 'path=value' texts")
        else:
            items = []
            for o in overrides:
                if not isinstance(o, str):
                    raise TypeError(f"overrides: expected 'path=value' texts, got {o!r}")
                out.append(o)
        for k, v in items:
            out.append(f"{k}={yaml_value(v)}")
    for k, v in kwargs.items():
        out.append(f"{k.replace('__', '.')}={yaml_value(v)}")
    return out


# ---------------------------------------------------------------------------------------------


class Scenario:
    """A loaded, validated scenario (immutable). Create with :func:`clustersim.load`.

    ``run()`` runs it; ``set(...)`` gives a new scenario with more overrides. Metadata come as
    pandas frames: ``clusters``, ``targets``, ``events``, ``notes``, ``params``.
    """

    def __init__(self, core: "_core.LoadedScenario"):
        self._core = core

    # -- identity ------------------------------------------------------------------------------
    @property
    def name(self) -> str:
        """``scenario.name``."""
        return self._core.name

    @property
    def title(self) -> str:
        """``scenario.title`` (the name when the file gives none)."""
        return self._core.title

    @property
    def description(self) -> str:
        """``scenario.description`` (empty when the file gives none)."""
        return self._core.description

    @property
    def title_en(self) -> str:
        """``scenario.title_en`` (empty when the file gives none)."""
        return self._core.title_en

    @property
    def description_en(self) -> str:
        """``scenario.description_en`` (empty when the file gives none)."""
        return self._core.description_en

    def text(self, field: str, lang: str = "zh") -> str:
        """``title`` or ``description`` in `lang`: the English text (``title_en``,
        ``description_en``) for ``"en"`` when the file gives one, the default text otherwise."""
        if field not in ("title", "description"):
            raise ValueError(f"field must be 'title' or 'description', got {field!r}")
        english = getattr(self, field + "_en") if lang == "en" else ""
        return english or getattr(self, field)

    @property
    def inputs_hash(self) -> str:
        """Hash of everything that determines the numbers (merged files and overrides, without
        notes, sources, titles or the uncertainty section): a sweep's ``summary.json`` records it
        as ``inputs_hash``, and the review pack refuses a sweep whose hash differs."""
        return self._core.inputs_hash

    @property
    def region(self) -> dict:
        """``{"name": ..., "name_en": ...}``."""
        return {"name": self._core.region_name, "name_en": self._core.region_name_en}

    @property
    def file(self) -> str:
        """The scenario file as given to :func:`load`."""
        return self._core.file

    @property
    def files(self) -> list:
        """The file and the files it extends, outermost first."""
        return list(self._core.chain)

    @property
    def overrides(self) -> list:
        """The overrides applied, as ``path=value`` texts (what ``--set`` would take)."""
        return list(self._core.overrides)

    @property
    def start_year(self) -> int:
        """The baseline year (``horizon.start``)."""
        return self._core.start_year

    @property
    def end_year(self) -> int:
        """The last simulated year (``horizon.end``)."""
        return self._core.end_year

    @property
    def years(self) -> np.ndarray:
        """The simulated years, baseline year first."""
        return np.arange(self.start_year, self.end_year + 1)

    @property
    def cluster_ids(self) -> list:
        """Ids of the simulated clusters, in the scenario's order."""
        return list(self._core.cluster_ids)

    # -- metadata ------------------------------------------------------------------------------
    @property
    def clusters(self) -> pd.DataFrame:
        """One row per simulated cluster, indexed by id: name, name_en, measure, unit,
        unit_factor (亿元 per unit), baseline_year, baseline (in unit), baseline_source,
        baseline_source_en (empty when none), market."""
        return pd.DataFrame(self._core.clusters).set_index("id")

    def cluster_info(self, cluster: str) -> dict:
        """The clusters row of one cluster as a dict (with its id); 'all' gives the sum's names."""
        if cluster == "all":
            return {"id": "all", "name": "各集群合计", "name_en": "all clusters"}
        for c in self._core.clusters:
            if c["id"] == cluster:
                return dict(c)
        raise KeyError(f"unknown cluster {cluster!r} (clusters: {', '.join(self.cluster_ids)})")

    @property
    def potential_clusters(self) -> pd.DataFrame:
        """Clusters the policy names without figures (listed, not simulated)."""
        return pd.DataFrame(self._core.potential_clusters,
                            columns=["id", "name", "name_en", "note", "note_en"])

    @property
    def targets(self) -> pd.DataFrame:
        """The scenario's targets: cluster, year, value (in unit), unit, measure, source,
        source_en (empty when none), label and where (file, line, column)."""
        return pd.DataFrame(self._core.targets,
                            columns=["cluster", "year", "value", "unit", "measure", "source",
                                     "source_en", "label", "where"])

    @property
    def events(self) -> pd.DataFrame:
        """Steps, ramps and major projects: name, kind, target path, op (to, scale, add,
        capex), value (canonical units), start and end (decimal years)."""
        return pd.DataFrame(self._core.events,
                            columns=["name", "kind", "target", "op", "value", "start", "end"])

    @property
    def notes(self) -> pd.DataFrame:
        """Source and assumption notes attached to values: key (dotted path), text (the
        ``notes``/``source`` text), text_en (its ``notes_en``/``source_en`` sibling, empty when
        none)."""
        return pd.DataFrame(self._core.notes, columns=["key", "text", "text_en"])

    @property
    def sources(self) -> list:
        """``scenario.sources`` (an entry may be the id of a document of the sources file)."""
        return list(self._core.sources)

    @property
    def sources_file(self) -> str:
        """``scenario.sources_file`` resolved against the file naming it ('' when none)."""
        return self._core.sources_file

    @property
    def cited_sources(self) -> pd.DataFrame:
        """The documents of the sources file that the scenario cites ([id] in any text, or an
        id in ``scenario.sources``), in order of first citation: id, title, publisher, address,
        date, tag, note."""
        return pd.DataFrame(self._core.cited_sources,
                            columns=["id", "title", "publisher", "address", "date", "tag", "note"])

    @property
    def solver(self) -> dict:
        """method, rtol, atol, dt, max_steps."""
        return dict(self._core.solver)

    @property
    def params(self) -> pd.DataFrame:
        """Effective cluster parameters (defaults < defaults.params < the cluster's params),
        clusters x parameter keys, canonical units (see :func:`clustersim.parameters`)."""
        keys = [p["key"] for p in _core.parameters() if p["scope"] == "cluster"]
        return pd.DataFrame(self._core.cluster_params(), index=self.cluster_ids, columns=keys)

    @property
    def region_params(self) -> pd.Series:
        """Effective region parameters (NaN where derived at the start of a run)."""
        return pd.Series(self._core.region_params(), dtype=float)

    def lever(self, key: str) -> pd.DataFrame:
        """Annual amounts of a lever (fund, land, floor, talent): years x (cluster ids +
        'region'), in the lever's canonical unit (:func:`clustersim.levers`). A view, no copy."""
        arr = self._core.lever(key)
        return pd.DataFrame(arr.T, index=pd.Index(self.years, name="year"),
                            columns=self.cluster_ids + ["region"], copy=False)

    def input(self, path: str) -> dict:
        """What a sweep or calibration input path names: path, base value, unit, admissible
        range. Raises InputError for a path that names nothing."""
        return dict(self._core.input(path))

    def locate(self, path: str) -> tuple:
        """(file, line, column) where the value at a dotted key path was written."""
        return tuple(self._core.locate(path))

    # -- actions -------------------------------------------------------------------------------
    def set(self, overrides: Optional[Mapping[str, Any]] = None, /, **kwargs: Any) -> "Scenario":
        """A new scenario: this one's file with its overrides and these (applied after them).

        >>> sc.set({"levers.land.region": "198 ha/yr"})
        >>> sc.set(levers__fund__ic__scale=2)
        """
        return load(self.file, self.overrides + override_texts(overrides, **kwargs))

    def run(self, *, quick: bool = False, sweep: Optional[int] = None) -> "Run":
        """Run the scenario (``clustersim run``): the projection, then the marginal binding
        factor with its four gains, what each lever buys and the reality checks (4 × clusters + 1
        runs each, plus the checks' runs). ``quick=True`` is ``run --quick``: the projection
        only, the binding the static smallest limit.

        When the scenario declares uncertainty, each target's probability of being reached and
        its IPCC likelihood word come from a seeded sweep of it, as ``clustersim run`` prints
        them (columns ``probability``, ``likelihood``... of :attr:`Run.targets`). `sweep`: its
        runs (None: as the command, 2,000, none when quick; 0: none, ``--no-sweep``; N:
        ``--quick-sweep N``). The GIL is released while C++ runs, so runs on several Python
        threads proceed in parallel."""
        if sweep is not None and (isinstance(sweep, bool) or int(sweep) != sweep or sweep < 0):
            raise ValueError(f"sweep: a number of runs >= 0, or None for the default, got {sweep!r}")
        return Run(_core.run(self._core, quick, -1 if sweep is None else int(sweep)), self)

    def validate(self) -> str:
        """The line ``clustersim validate`` prints: ``OK: <name>: N clusters, ...``."""
        return "OK: " + self._core.validate_line()

    def __repr__(self) -> str:
        extra = f", overrides={self.overrides!r}" if self.overrides else ""
        return (f"<clustersim.Scenario {self.name!r} ({self.title}), {len(self.cluster_ids)} "
                f"clusters, {self.start_year}–{self.end_year}, file {self.file!r}{extra}>")


class Run:
    """The results of one run (immutable). Create with :meth:`Scenario.run` or :func:`run`.

    - ``targets``: the target table (a DataFrame, the rows of targets.csv);
    - ``trajectories``: every series in long form (the rows of trajectories.csv);
    - ``frame(var)`` / ``run[var]``: one series as years x clusters, a zero-copy view;
    - ``array(var)``: the underlying read-only numpy view (clusters x years, canonical units).
    """

    def __init__(self, core: "_core.RunData", scenario: Scenario):
        self._core = core
        self.scenario = scenario
        self._cache: dict = {}

    @property
    def start_year(self) -> int:
        """The baseline year, first of the series."""
        return self._core.start_year

    @property
    def end_year(self) -> int:
        """The last simulated year."""
        return self._core.end_year

    @property
    def years(self) -> np.ndarray:
        """The simulated years: the columns of ``array()``, the index of ``frame()``."""
        return np.arange(self.start_year, self.end_year + 1)

    @property
    def cluster_ids(self) -> list:
        """Ids of the clusters: the rows of ``array()``, the columns of ``frame()``."""
        return list(self._core.cluster_ids)

    def array(self, variable: str) -> np.ndarray:
        """Read-only numpy view of a series, no copy: cluster variables clusters x years,
        region variables years. Canonical units (``output`` in 亿元; see ``frame`` for the
        baseline unit). The view keeps the run's memory alive."""
        return self._core.series(variable)

    def frame(self, variable: str) -> Union[pd.DataFrame, pd.Series]:
        """A series as in trajectories.csv: years x clusters (DataFrame) for cluster variables,
        a Series over years for region variables. A view of the run's memory (no copy), except
        ``output`` for clusters whose baseline unit is not 亿元, which is converted."""
        arr = self.array(variable)
        index = pd.Index(self.years, name="year")
        if variable in _REGION_VARS:
            return pd.Series(arr, index=index, name=variable, copy=False)
        if variable == "output":
            factors = self.scenario.clusters["unit_factor"].to_numpy()
            if np.any(factors != 1.0):
                arr = arr / factors[:, None]
        return pd.DataFrame(arr.T, index=index,
                            columns=pd.Index(self.cluster_ids, name="cluster"), copy=False)

    def __getitem__(self, variable: str) -> Union[pd.DataFrame, pd.Series]:
        return self.frame(variable)

    @property
    def output(self) -> pd.DataFrame:
        """Annual output per cluster (years x clusters), in each cluster's baseline unit."""
        return self.frame("output")

    @property
    def targets(self) -> pd.DataFrame:
        """The target table: one row per target (targets.csv / summary.json ``targets``), plus
        name_en, label, baseline and unit_factor. Growth rates are fractions per year. With a
        sweep of the scenario's uncertainty (:meth:`Scenario.run`), ``probability`` (share of
        runs reaching the target) with its 95% interval, ``likelihood`` (the IPCC term's key),
        ``likelihood_en``, ``likelihood_zh``, the sweep's ``sweep_p05``/``sweep_median``/
        ``sweep_p95`` and ``at_input_medians``; NaN / None without one."""
        if "targets" not in self._cache:
            df = pd.DataFrame(self._core.targets(), columns=[
                "cluster", "name", "name_en", "label", "year", "target", "projected", "gap_pct",
                "reached", "first_year_reached", "baseline_year", "baseline", "cagr_required",
                "cagr_projected", "binding", "measure", "unit", "unit_factor", "source",
                *ODDS_COLUMNS])
            for c in ("probability", "probability_low", "probability_high", "sweep_p05",
                      "sweep_median", "sweep_p95", "at_input_medians"):
                df[c] = df[c].astype(float)
            df["gap_pct"] = df["gap_pct"].astype(float)
            df["cagr_required"] = df["cagr_required"].astype(float)
            df["cagr_projected"] = df["cagr_projected"].astype(float)
            df["first_year_reached"] = df["first_year_reached"].astype("Int64")
            self._cache["targets"] = df
        return self._cache["targets"].copy()

    @property
    def trajectories(self) -> pd.DataFrame:
        """Every series in long form, the rows of trajectories.csv in its order: scenario,
        cluster ('region' for region variables), variable, year, value (``output`` in the
        cluster's baseline unit, the rest canonical)."""
        if "trajectories" not in self._cache:
            n, years = len(self.cluster_ids), self.years
            y = len(years)
            factors = self.scenario.clusters["unit_factor"].to_numpy() if n else np.ones(0)
            blocks = []
            for v in _CLUSTER_VARS:
                a = self.array(v)
                blocks.append(a / factors[:, None] if v == "output" else a)
            cluster_values = np.stack(blocks, axis=1).reshape(-1) if n else np.zeros(0)
            region_values = np.concatenate([self.array(v) for v in _REGION_VARS])
            nv, nr = len(_CLUSTER_VARS), len(_REGION_VARS)
            df = pd.DataFrame({
                "scenario": self.scenario.name,
                "cluster": np.concatenate([np.repeat(self.cluster_ids, nv * y),
                                           np.repeat("region", nr * y)]),
                "variable": np.concatenate([np.tile(np.repeat(_CLUSTER_VARS, y), n),
                                            np.repeat(_REGION_VARS, y)]),
                "year": np.concatenate([np.tile(years, n * nv), np.tile(years, nr)]),
                "value": np.concatenate([cluster_values, region_values]),
            })
            self._cache["trajectories"] = df
        return self._cache["trajectories"].copy()

    @property
    def marginal(self) -> bool:
        """True when the binding factor is the marginal one (E10, by perturbed runs), False for a
        quick run (the static smallest limit)."""
        return self._core.marginal_binding

    def binding_gain(self, factor: str) -> Optional[np.ndarray]:
        """Read-only view (clusters x years, 亿元) of the output gained when `factor` ('capital',
        'labour', 'space' or 'demand') of each cluster is relieved by 1% from the start; None
        for a quick run."""
        return self._core.binding_gains(factor)

    @property
    def binding_gains(self) -> pd.DataFrame:
        """binding.csv: one row per cluster and year with the binding factor and the four gains
        (gain_capital, gain_labour, gain_space, gain_demand, in the cluster's baseline unit;
        empty for a quick run). The binding factor is the one with the largest gain."""
        if "binding_gains" not in self._cache:
            df = pd.read_csv(io.StringIO(self._core.binding_csv()))
            df["binding"] = df["binding"].astype(pd.CategoricalDtype(CONSTRAINTS))
            self._cache["binding_gains"] = df
        return self._cache["binding_gains"].copy()

    @property
    def levers(self) -> pd.DataFrame:
        """levers.csv: what each lever buys, per cluster, lever and year from the first year of
        extra money: step (extra amount per year in the lever's unit), gain (output gained, the
        cluster's unit), per_unit (gain per 亿元 of fund, ha of land, 万m² of floor or 1,000
        persons of talent committed up to that year) and unit. Perturbed runs with the step
        earmarked for the cluster every year after the baseline; empty for a quick run."""
        if "levers" not in self._cache:
            text = self._core.levers_csv()
            self._cache["levers"] = pd.read_csv(io.StringIO(text))
        return self._cache["levers"].copy()

    @property
    def checks(self) -> pd.DataFrame:
        """The scenario's reality checks (``clustersim check``): name, describe, describe_en,
        passed, expected, got, runs; empty for a quick run or a scenario without checks."""
        return pd.DataFrame(self._core.checks(), columns=[
            "name", "describe", "describe_en", "passed", "expected", "got", "runs"])

    @property
    def totals(self) -> pd.DataFrame:
        """The scenario's reported totals against the simulated sum of its clusters
        (summary.json ``totals``): label, label_en, year, reported, simulated, unit, source."""
        return pd.DataFrame(self.summary["totals"], columns=[
            "label", "label_en", "year", "reported", "simulated", "unit", "source"])

    def binding_codes(self) -> np.ndarray:
        """Read-only int view (clusters x years) of the binding constraint codes, indices into
        :data:`clustersim.CONSTRAINTS`."""
        return self._core.binding()

    @property
    def binding(self) -> pd.DataFrame:
        """The binding factor per year (rows) and cluster (columns): 'capital', 'labour',
        'space' or 'demand' (binding.csv in wide form): the marginal one, whose 1% relief gains
        the most output (the static smallest limit for a quick run)."""
        codes = self.binding_codes()
        names = np.asarray(CONSTRAINTS, dtype=object)[codes.T]
        cat = pd.CategoricalDtype(CONSTRAINTS)
        return pd.DataFrame(names, index=pd.Index(self.years, name="year"),
                            columns=pd.Index(self.cluster_ids, name="cluster")).astype(cat)

    @property
    def sweep(self) -> Optional[dict]:
        """The sweep behind the targets' probabilities (summary.json ``sweep``: method, sampler,
        seed, runs, failed, inputs, threads, wall_time_s, inputs_off_centre), None without one."""
        return self.summary.get("sweep")

    @property
    def stats(self) -> dict:
        """Solver settings and work: solver, rtol, atol, dt, rhs_evaluations, steps,
        rejected_steps, segments, calibration_iterations, max_baseline_error, wall_time_ms."""
        return dict(self._core.stats)

    @property
    def summary(self) -> dict:
        """summary.json as a dict."""
        return json.loads(self._core.summary_json())

    def report(self) -> str:
        """The text ``clustersim run`` prints: title, target table, run line, notes."""
        return self._core.report_text()

    def write(self, directory: PathLike) -> None:
        """Write trajectories.csv, binding.csv, targets.csv, levers.csv (unless quick) and
        summary.json into `directory`, all together or not at all, exactly as ``clustersim run
        --out`` does."""
        self._core.write(os.fspath(directory))

    def csv(self, name: str) -> str:
        """The text of trajectories.csv, binding.csv, targets.csv, levers.csv or checks.csv as
        ``--out`` writes it (checks.csv: what ``clustersim check --format csv`` prints)."""
        texts = {"trajectories.csv": self._core.trajectories_csv,
                 "binding.csv": self._core.binding_csv, "targets.csv": self._core.targets_csv,
                 "levers.csv": self._core.levers_csv, "checks.csv": self._core.checks_csv}
        if name not in texts:
            raise KeyError(f"unknown file {name!r} (one of {', '.join(texts)})")
        return texts[name]()

    def __str__(self) -> str:
        return self.report()

    def __repr__(self) -> str:
        t = self.targets
        return (f"<clustersim.Run {self.scenario.name!r} {self.start_year}–{self.end_year}: "
                f"{int(t['reached'].sum())} of {len(t)} targets reached>")

    def _repr_html_(self) -> str:
        t = self.targets
        cols = ["name", "year", "target", "projected", "gap_pct", "reached"]
        if t["probability"].notna().any():  # the verdict: probability and its IPCC word
            cols += ["probability", "likelihood_en"]
        t = t[cols + ["first_year_reached", "binding", "unit"]]
        return (f"<p><b>{self.scenario.title}</b> ({self.scenario.name}), "
                f"{self.start_year}–{self.end_year}</p>" + t.to_html(index=False, na_rep="-",
                                                                    float_format="{:,.1f}".format))


class Comparison:
    """Two runs compared target by target (``clustersim compare``): ``targets`` is the table,
    ``str()`` the text the command prints."""

    def __init__(self, a: Run, b: Run, a_label: str, b_label: str):
        self.a, self.b = a, b
        self.a_label, self.b_label = a_label, b_label

    @property
    def targets(self) -> pd.DataFrame:
        """cluster, name, name_en, year, measure, unit, target, projected_a, projected_b,
        difference (B − A), difference_pct, reached_a, reached_b (None: target in one run only)."""
        df = pd.DataFrame(_core.compare(self.a._core, self.b._core), columns=[
            "cluster", "name", "name_en", "year", "measure", "unit", "target", "projected_a",
            "projected_b", "difference", "difference_pct", "reached_a", "reached_b"])
        for c in ["projected_a", "projected_b", "difference", "difference_pct"]:
            df[c] = df[c].astype(float)
        return df

    def csv(self) -> str:
        """What ``clustersim compare --format csv`` prints."""
        return _core.comparison_csv(self.a._core, self.b._core)

    def __str__(self) -> str:
        return _core.comparison_report(self.a._core, self.a_label, self.b._core, self.b_label)

    def __repr__(self) -> str:
        return f"<clustersim.Comparison A={self.a.scenario.name!r} B={self.b.scenario.name!r}>"


# ---------------------------------------------------------------------------------------------


def load(file: PathLike, overrides: Optional[Mapping[str, Any]] = None, /,
         **kwargs: Any) -> Scenario:
    """Load, merge (``extends``), override, validate and build a scenario.

    Overrides work like ``--set``: a dict ``{"levers.land.region": "198 ha/yr"}`` or keyword
    arguments with ``__`` for the dots (``horizon__end=2035``). Raises ScenarioError with the
    command's one-line message (file:line:column: error: key: message). Releases the GIL.
    """
    return Scenario(_core.load(os.fspath(file), override_texts(overrides, **kwargs)))


def as_scenario(scenario: Union[PathLike, Scenario], overrides: Optional[Mapping[str, Any]] = None,
                /, **kwargs: Any) -> Scenario:
    """The Scenario a function was given, or the file it names loaded, with the overrides set."""
    if not isinstance(scenario, Scenario):
        return load(scenario, overrides, **kwargs)
    return scenario.set(overrides, **kwargs) if (overrides or kwargs) else scenario


def run(scenario: Union[PathLike, Scenario], overrides: Optional[Mapping[str, Any]] = None, /,
        *, quick: bool = False, sweep: Optional[int] = None, **kwargs: Any) -> Run:
    """Load (when given a file) and run: ``cs.run("scenarios/pingshan-2024.yaml", horizon__end=2035)``.
    ``quick=True``: as ``clustersim run --quick``; ``sweep``: runs of the uncertainty sweep behind
    the targets' probabilities (see :meth:`Scenario.run`)."""
    return as_scenario(scenario, overrides, **kwargs).run(quick=quick, sweep=sweep)


def _label(x: Union[Scenario, Run]) -> str:
    s = x.scenario if isinstance(x, Run) else x
    return " ".join([s.file] + [f"--set {o}" for o in s.overrides])


def compare(a: Union[PathLike, Scenario, Run], b: Union[PathLike, Scenario, Run],
            overrides: Optional[Mapping[str, Any]] = None, /, **kwargs: Any) -> Comparison:
    """Run two scenarios (or take two runs) and compare them target by target, as
    ``clustersim compare A B``. Overrides apply to B only, so one file compared with itself
    under an override is a what-if::

        cs.compare("scenarios/pingshan-2024.yaml", "scenarios/pingshan-2024.yaml",
                   {"levers.fund.ic": "40 亿元/yr"})
    """
    def as_run(x, ov, kw):
        if isinstance(x, Run):
            if ov or kw:
                raise TypeError("overrides apply to scenarios, not to finished runs")
            return x
        return run(x, ov, **kw)

    ra = as_run(a, None, {})
    rb = as_run(b, overrides, kwargs)
    return Comparison(ra, rb, _label(ra), _label(rb))


def validate(file: PathLike, overrides: Optional[Mapping[str, Any]] = None, /,
             **kwargs: Any) -> str:
    """Check a scenario without running it; returns ``clustersim validate``'s line."""
    return load(file, overrides, **kwargs).validate()


def schema() -> str:
    """The JSON Schema of the scenario format (``clustersim schema``)."""
    return _core.schema()


def variables() -> pd.DataFrame:
    """Every series of a run: name, scope, unit, kind (flow/stock), meaning."""
    return pd.DataFrame(_core.variables())


def parameters() -> pd.DataFrame:
    """Every cluster and region parameter: key, scope, unit, default, range, meaning, source."""
    return pd.DataFrame(_core.parameters())


def levers() -> pd.DataFrame:
    """The policy levers: key, unit, region_allowed, meaning."""
    return pd.DataFrame(_core.levers())
