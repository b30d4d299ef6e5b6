"""clustersim: system-dynamics simulator of regional industrial clusters, from Python.

>>> import clustersim as cs
>>> sc = cs.load("scenarios/pingshan-2024.yaml")
>>> r = sc.run()
>>> r.targets                  # the target table (pandas DataFrame)
>>> r.output                   # annual output, years x clusters (a view, no copy)
>>> r2 = sc.set({"levers.land.region": "198 ha/yr"}).run()
>>> cs.compare(r, r2).targets
>>> import clustersim.plot as csp
>>> csp.trajectory(r)          # a matplotlib Figure

The C++ core does the work (clustersim._core) and releases the GIL while it runs. Errors are
Python exceptions whose str() is the line the ``clustersim`` command prints for the same
failure. Charts: :mod:`clustersim.plot`; the review pack: :mod:`clustersim.report`
(``python3 -m clustersim.report``). Documentation: docs/python.md.
"""
from __future__ import annotations

from . import _core
from ._api import (CONSTRAINTS, Comparison, Run, Scenario, compare, levers, load,
                   override_texts, parameters, run, schema, validate, variables, yaml_value)
from ._core import (Error, InputError, ModelError, NumericalError, OutputError,
                    ScenarioError)

__version__: str = _core.version()

__all__ = [
    "CONSTRAINTS", "Comparison", "Error", "InputError", "ModelError", "NumericalError",
    "OutputError", "Run", "Scenario", "ScenarioError", "compare", "levers", "load",
    "override_texts", "parameters", "run", "schema", "validate", "variables", "yaml_value",
    "__version__",
]

# Sweeps and calibration: the C++ layers in process when this build has them, else through the
# clustersim executable (clustersim/_cli.py; docs/python.md says which).
from ._calibration import (Calibration, Optimization, Seek, calibrate, optimize,  # noqa: E402
                           read_calibration, read_optimization, seek)
from ._sweep import Sweep, read_sweep, sweep  # noqa: E402

__all__ += ["Calibration", "Optimization", "Seek", "Sweep", "calibrate", "optimize",
            "read_calibration", "read_optimization", "read_sweep", "seek", "sweep"]


def __getattr__(name: str):
    # Charts and the review pack import matplotlib; load them on first use only.
    if name in ("plot", "report"):
        import importlib
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'clustersim' has no attribute {name!r}")
