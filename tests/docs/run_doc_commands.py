#!/usr/bin/env python3
"""Run every `clustersim …` command of a Markdown document, in a scratch copy of the source tree,
and fail on a non-zero exit: documentation whose examples run.

    run_doc_commands.py DOC.md [--list]

Commands are the lines of fenced code blocks that invoke the command (`clustersim`,
`build/clustersim`, `python3 -m clustersim.<module>`), in document order, sharing one scratch
directory (a later command may read what an earlier one wrote):

- in ```sh / ```bash blocks every line that is not a comment (`\\` continues a line; a leading
  `$ ` is dropped);
- in other blocks (transcripts) the lines that start with `$ `; the rest is output.

An HTML comment on the line before a block marks it:

- `<!-- docs-test: fails 2 -->`: every command of the block must exit 2 (bad input shown on
  purpose);
- `<!-- docs-test: skip REASON -->`: the block is not run (say why: a build step, an interrupted
  run, a file that the text only describes).

Environment: CLUSTERSIM_CLI (the executable), CLUSTERSIM_ROOT (the source tree), PYTHONPATH with
the build's package for `clustersim report` (as for the Python tests).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FENCE = re.compile(r"^(```|~~~)\s*([\w+-]*)")
MARKER = re.compile(r"<!--\s*docs-test:\s*(fails\s+(\d+)|skip\b[^>]*)\s*-->")
INVOKES = re.compile(r"(^|[\s;&|(])(?:build/)?clustersim(\s|$)|python3 -m clustersim\.\w+")
SHELL = {"sh", "bash", "shell", "console", "", "text"}
COPY_IGNORE = shutil.ignore_patterns(".git", "build", "build-*", "out", "results", "review",
                                     "__pycache__", "*.pyc")


def commands(doc: Path) -> list:
    """(line number, command, expected exit code or None to skip, reason) in document order."""
    out = []
    lines = doc.read_text(encoding="utf-8").splitlines()
    marker, fence, lang = None, None, ""
    block: list = []
    for n, line in enumerate(lines, start=1):
        if fence is None:
            m = FENCE.match(line.strip())
            if m:
                fence, lang, block = m.group(1), m.group(2).lower(), []
                continue
            mk = MARKER.search(line)
            if mk:
                marker = mk
            elif line.strip():
                marker = None
            continue
        if line.strip().startswith(fence):
            if lang in SHELL:
                out += _block_commands(block, lang, marker)
            fence, marker = None, None
            continue
        block.append((n, line))
    return out


def _block_commands(block: list, lang: str, marker) -> list:
    expected, reason = 0, ""
    if marker is not None:
        if marker.group(2):
            expected = int(marker.group(2))
        else:
            expected, reason = None, marker.group(1)
    transcript = lang not in ("sh", "bash", "shell")
    found, pending, first = [], "", 0
    for n, line in block:
        text = line.rstrip()
        if pending:
            text = pending + " " + text.lstrip()
        elif transcript:
            if not text.startswith("$ "):
                continue
            text, first = text[2:], n
        else:
            if not text.strip() or text.lstrip().startswith("#"):
                continue
            text, first = (text[2:] if text.startswith("$ ") else text), n
        if text.endswith("\\"):
            pending = text[:-1].rstrip()
            continue
        pending = ""
        if INVOKES.search(text):
            found.append((first, text.strip(), expected, reason))
    return found


def scratch_tree(root: Path, cli: Path) -> Path:
    """A copy of the source tree with build/clustersim and build/python of this build, and a
    bin/ directory with `clustersim` for PATH."""
    tmp = Path(tempfile.mkdtemp(prefix="clustersim-docs-"))
    work = tmp / "src"
    shutil.copytree(root, work, ignore=COPY_IGNORE, symlinks=True)
    (work / "build").mkdir()
    os.symlink(cli, work / "build" / "clustersim")
    python_dir = cli.parent / "python"
    if python_dir.is_dir():
        os.symlink(python_dir, work / "build" / "python")
    (tmp / "bin").mkdir()
    os.symlink(cli, tmp / "bin" / "clustersim")
    return work


def main(argv: list) -> int:
    doc = Path(argv[1]).resolve()
    found = commands(doc)
    if "--list" in argv:
        for n, cmd, expected, reason in found:
            print(f"{doc.name}:{n}: [{'skip' if expected is None else expected}] {cmd}")
        return 0
    root = Path(os.environ.get("CLUSTERSIM_ROOT", Path(__file__).resolve().parents[2])).resolve()
    cli = Path(os.environ["CLUSTERSIM_CLI"]).resolve()
    work = scratch_tree(root, cli)
    env = dict(os.environ)
    env["PATH"] = f"{work.parent / 'bin'}:{env.get('PATH', '')}"
    failures = []
    try:
        for n, cmd, expected, reason in found:
            where = f"{doc.relative_to(root) if doc.is_relative_to(root) else doc}:{n}"
            if expected is None:
                print(f"SKIP {where}: {cmd}  ({reason})")
                continue
            start = time.monotonic()
            proc = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], cwd=work, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=900)
            took = time.monotonic() - start
            ok = proc.returncode == expected
            print(f"{'ok  ' if ok else 'FAIL'} {where}: exit {proc.returncode} "
                  f"(expected {expected}), {took:.1f} s: {cmd}")
            if not ok:
                err = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-5:]
                failures.append(f"{where}: `{cmd}` exited {proc.returncode}, expected {expected}"
                                + "".join(f"\n    {e}" for e in err))
    finally:
        shutil.rmtree(work.parent, ignore_errors=True)
    if not found:
        print(f"{doc.name}: no clustersim command")
    if failures:
        print("\n" + "\n".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
