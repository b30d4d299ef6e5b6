"""The ``clustersim`` executable, which sweep, calibrate, seek and optimize run in a build whose
clustersim._core lacks the sweep or calibration layer (see docs/python.md, "What runs where").

Found, in this order: the ``CLUSTERSIM_CLI`` environment variable; the build's executable next to
the package (``<build>/python/clustersim`` -> ``<build>/clustersim``); ``clustersim`` on PATH.
Errors come back as the Python exceptions of clustersim._core with the command's message line.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Callable, Sequence

from . import _core


def executable() -> str:
    env = os.environ.get("CLUSTERSIM_CLI")
    if env and os.path.isfile(env):
        return os.path.abspath(env)
    beside = Path(__file__).resolve().parents[2] / "clustersim"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("clustersim")
    if found:
        return found
    raise _core.Error("clustersim: error: cannot find the clustersim executable (set "
                      "CLUSTERSIM_CLI to its path, or build it next to the package)")


def run(args: Sequence[str]) -> str:
    """Run ``clustersim ARGS...``; its stdout, or the exception its exit code means (2: bad
    input, InputError; 1: Error), with its last stderr line as the message."""
    proc = subprocess.run([executable()] + [str(a) for a in args], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE)
    out = proc.stdout.decode("utf-8", "replace")
    if proc.returncode != 0:
        lines = [ln for ln in proc.stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
        message = lines[-1] if lines else f"clustersim exited with code {proc.returncode}"
        raise (_core.InputError if proc.returncode == 2 else _core.Error)(message)
    return out


def run_into(args: Sequence[str], out, read: Callable[[Path], Any], kind: str) -> Any:
    """Run ``clustersim ARGS... --out DIR`` and return ``read(DIR)``. Without ``out`` the files go
    to a temporary directory that is removed afterwards (the result's ``directory`` is None)."""
    if out is not None:
        run(list(args) + ["--out", str(out)])
        return read(Path(out))
    with tempfile.TemporaryDirectory(prefix=f"clustersim-{kind}-") as tmp:
        run(list(args) + ["--out", str(Path(tmp) / kind)])
        result = read(Path(tmp) / kind)
        result.directory = None
        return result
