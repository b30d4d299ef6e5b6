"""Fixtures of the Python tests (run by CTest: tests/python/CMakeLists.txt).

Environment: PYTHONPATH holds the build's python/ directory; CLUSTERSIM_CLI is the clustersim
executable of the same build; CLUSTERSIM_ROOT the source tree. Tests run from the source tree,
so that file names in messages read as the command prints them.
"""
import io
import logging
import os
import subprocess
import threading
import time
import warnings
from pathlib import Path

import pytest

ROOT = Path(os.environ.get("CLUSTERSIM_ROOT", Path(__file__).resolve().parents[2]))
PINGSHAN = "scenarios/pingshan-2024.yaml"
_START = os.getcwd()  # relative paths in the environment are relative to where pytest started


@pytest.fixture(autouse=True)
def in_source_tree(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("CLUSTERSIM_CLI")
    if not path or not os.path.isfile(os.path.join(_START, path)):
        pytest.skip("CLUSTERSIM_CLI does not name the clustersim executable")
    return os.path.join(_START, path)


def run_cli(cli, args, cwd=ROOT):
    proc = subprocess.run([cli] + list(args), cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=600)
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def ticks_while(work):
    """How often a Python thread got to count (every ~1 ms) while `work()` ran on this one: many
    when `work` releases the GIL, next to none when it holds it."""
    ticks = []
    stop = threading.Event()

    def count():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.001)

    t = threading.Thread(target=count)
    t.start()
    start = len(ticks)
    work()
    during = len(ticks) - start
    stop.set()
    t.join()
    return during


@pytest.fixture(scope="session")
def pingshan_run():
    import clustersim as cs
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        return cs.load(PINGSHAN).run()
    finally:
        os.chdir(old)


class GlyphLog(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record.getMessage())


def render_checked(fig):
    """Draw the figure to PNG, SVG and PDF; fail on any missing glyph or font lookup failure."""
    handler = GlyphLog()
    logger = logging.getLogger("matplotlib.font_manager")
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for fmt in ("png", "svg", "pdf"):
                fig.savefig(io.BytesIO(), format=fmt, dpi=60 if fmt == "png" else None)
    finally:
        logger.removeHandler(handler)
    problems = [str(w.message) for w in caught
                if "missing from current font" in str(w.message)
                or "constrained_layout not applied" in str(w.message)]
    problems += [m for m in handler.records if "findfont" in m]
    assert not problems, "\n".join(problems)
    return fig
