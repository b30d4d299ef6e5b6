#!/usr/bin/python3
"""Execute a notebook top to bottom with nbclient (tests/notebooks/CMakeLists.txt).

    run_notebook.py NOTEBOOK.ipynb

Fails when the stored notebook carries outputs or execution counts (notebooks are stored
clean), when a cell raises, or when a cell prints a matplotlib missing-glyph warning. The kernel
is this interpreter (a kernel spec written to a temporary JUPYTER_PATH), so the notebook sees
the same numpy, pandas, matplotlib and clustersim as the tests; the working directory is the
notebook's folder, as in Jupyter.
"""
import json
import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

KERNEL = "clustersim-python3"
TIMEOUT = 600  # seconds per cell


def stored_outputs(nb):
    return [k for k, c in enumerate(nb.cells) if c.cell_type == "code"
            and (c.get("outputs") or c.get("execution_count") is not None)]


def main():
    path = Path(sys.argv[1]).resolve()
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = stored_outputs(nb)
    if dirty:
        print(f"{path.name}: cells {dirty} are stored with outputs; clear them before committing "
              "(Jupyter: Edit > Clear All Outputs)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="clustersim-nb-") as tmp:
        spec_dir = Path(tmp) / "kernels" / KERNEL
        spec_dir.mkdir(parents=True)
        (spec_dir / "kernel.json").write_text(json.dumps({
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "clustersim (Python 3)", "language": "python"}))
        os.environ["JUPYTER_PATH"] = tmp + os.pathsep + os.environ.get("JUPYTER_PATH", "")
        os.environ["JUPYTER_RUNTIME_DIR"] = str(Path(tmp) / "runtime")
        os.environ.pop("MPLBACKEND", None)  # the kernel's inline backend draws the figures
        client = NotebookClient(nb, timeout=TIMEOUT, kernel_name=KERNEL,
                                resources={"metadata": {"path": str(path.parent)}})
        try:
            client.execute()
        except CellExecutionError as e:
            print(f"{path.name}: a cell failed:\n{e}", file=sys.stderr)
            return 1
    problems = []
    figures = 0
    for k, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            text = out.get("text", "") if out.get("output_type") == "stream" else ""
            if "missing from current font" in text or "findfont" in text:
                problems.append(f"cell {k}: {text.strip()[:300]}")
            if "image/png" in out.get("data", {}):
                figures += 1
    if problems:
        print(f"{path.name}: glyphs missing:\n" + "\n".join(problems), file=sys.stderr)
        return 1
    code_cells = sum(1 for c in nb.cells if c.cell_type == "code")
    print(f"{path.name}: {code_cells} code cells executed, {figures} figures drawn")
    return 0


if __name__ == "__main__":
    sys.exit(main())
