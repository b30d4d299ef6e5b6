#!/usr/bin/env python3
"""Run every `clustersim …` command of a Markdown document, in a scratch copy of the source tree,
and fail on a non-zero exit: documentation whose examples run.

    run_doc_commands.py DOC.md [--list] [--jobs N]

Commands are the lines of fenced code blocks that invoke the command (`clustersim`,
`build/clustersim`, `python3 -m clustersim.<module>`), in document order, sharing one scratch
directory (a later command may read what an earlier one wrote). Commands run side by side
(`--jobs`, default: the number of CPUs, or CLUSTERSIM_DOCS_JOBS), but a command waits for every
earlier one whose files it touches: one that writes a path (`--out`/`-o DIR`, `> FILE`) the later
command names, or names a path the later command writes. So the result is that of running them
in document order; only the wall time differs. The per-command report stays in document order.

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
import shlex
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
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


OUT_OPTIONS = ("--out", "-o")
REDIRECTS = (">", ">>", "1>", "2>", "&>")


def _tokens(cmd: str) -> list:
    try:
        return shlex.split(cmd, comments=True)
    except ValueError:
        return cmd.split()


def _norm(path: str) -> str:
    path = os.path.normpath(path)
    return "" if path == "." else path


def written_paths(cmd: str) -> set:
    """Paths a command writes: the values of --out/-o and the targets of output redirections."""
    toks, out = _tokens(cmd), set()
    for k, t in enumerate(toks):
        if t in OUT_OPTIONS or t in REDIRECTS:
            if k + 1 < len(toks):
                out.add(_norm(toks[k + 1]))
        elif t.startswith("--out="):
            out.add(_norm(t.split("=", 1)[1]))
        elif t.startswith(">") and len(t) > 1 and t not in REDIRECTS:
            out.add(_norm(t.lstrip(">")))
    return {p for p in out if p and p != "/dev/null"}


def named_paths(cmd: str) -> set:
    """Every token of a command that could name a file, options' values included."""
    names = set()
    for t in _tokens(cmd):
        for part in t.split("="):
            if part and not part.startswith("-"):
                names.add(_norm(part))
    return names


def _overlap(a: str, b: str) -> bool:
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


def dependencies(cmds: list, root: Path) -> list:
    """deps[k]: indices of earlier commands command k must wait for (shared files, either way).
    A command that writes over something of the source tree (a committed file or directory, which
    other files may include, e.g. by `extends:`) is a barrier: it waits for every earlier command
    and every later one waits for it."""
    writes = [written_paths(c) for c in cmds]
    names = [named_paths(c) | writes[k] for k, c in enumerate(cmds)]
    barrier = [any((root / w).exists() for w in ws) for ws in writes]
    deps = []
    for k in range(len(cmds)):
        mine = set()
        for d in range(k):
            if barrier[k] or barrier[d] or \
               any(_overlap(w, n) for w in writes[d] for n in names[k]) or \
               any(_overlap(w, n) for w in writes[k] for n in names[d]):
                mine.add(d)
        deps.append(mine)
    return deps


def run_all(found: list, work: Path, env: dict, jobs: int) -> dict:
    """Run the commands (those not skipped) as their dependencies allow; {index: (proc, took)}."""
    queued = [k for k, (_, _, expected, _) in enumerate(found) if expected is not None]
    deps = dependencies([found[k][1] for k in queued], work)
    position = {k: i for i, k in enumerate(queued)}
    done, results, running = set(), {}, {}

    def run(k):
        start = time.monotonic()
        proc = subprocess.run(["bash", "-o", "pipefail", "-c", found[k][1]], cwd=work, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=900)
        return proc, time.monotonic() - start

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        waiting = list(queued)
        while waiting or running:
            for k in list(waiting):
                if len(running) >= max(1, jobs):
                    break
                if all(queued[d] in done for d in deps[position[k]]):
                    waiting.remove(k)
                    running[pool.submit(run, k)] = k
            finished, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for f in finished:
                k = running.pop(f)
                results[k] = f.result()
                done.add(k)
    return results


def self_test() -> int:
    """The dependency rule on known cases (so that running side by side cannot pass by accident)."""
    root = Path(tempfile.mkdtemp(prefix="clustersim-docs-self-"))
    try:
        (root / "calibration" / "fitted").mkdir(parents=True)
        cmds = [
            "clustersim run s.yaml --out results/base",                  # 0
            "clustersim run s.yaml",                                     # 1 independent
            "clustersim report s.yaml --sweep results/base --out rev",   # 2 reads 0's output
            "clustersim import-levers rev/t.xlsx --out e.yaml",          # 3 reads inside 2's
            "clustersim compare s.yaml e.yaml --format csv > d.csv",     # 4 reads 3's file
            "clustersim run s.yaml --out results/base --quiet",          # 5 rewrites 0's, 2 read it
            "clustersim calibrate c.yaml --out calibration/fitted",      # 6 writes the tree: barrier
            "clustersim run s.yaml",                                     # 7 after the barrier
        ]
        got = dependencies(cmds, root)
        want = [set(), set(), {0}, {2}, {3}, {0, 2}, {0, 1, 2, 3, 4, 5}, {6}]
        bad = [k for k in range(len(cmds)) if got[k] != want[k]]
        for k in bad:
            print(f"FAIL self-test: command {k} `{cmds[k]}` waits for {sorted(got[k])}, "
                  f"expected {sorted(want[k])}", file=sys.stderr)
        if written_paths("clustersim app s.yaml --out meeting/") != {"meeting"}:
            print("FAIL self-test: --out meeting/ is not the path meeting", file=sys.stderr)
            bad.append(-1)
        print("self-test: " + ("failed" if bad else "dependencies as expected"))
        return 1 if bad else 0
    finally:
        shutil.rmtree(root, ignore_errors=True)


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
    if argv[1] == "--self-test":
        return self_test()
    doc = Path(argv[1]).resolve()
    found = commands(doc)
    jobs = int(os.environ.get("CLUSTERSIM_DOCS_JOBS", os.cpu_count() or 1))
    if "--jobs" in argv:
        jobs = int(argv[argv.index("--jobs") + 1])
    root = Path(os.environ.get("CLUSTERSIM_ROOT", Path(__file__).resolve().parents[2])).resolve()
    if "--list" in argv:
        queued = [c for c in found if c[2] is not None]
        deps = dependencies([c[1] for c in queued], root)
        after = {id(c): sorted(queued[d][0] for d in deps[i]) for i, c in enumerate(queued)}
        for c in found:
            n, cmd, expected, reason = c
            wait_for = after.get(id(c))
            print(f"{doc.name}:{n}: [{'skip' if expected is None else expected}] {cmd}"
                  + (f"  (after lines {', '.join(map(str, wait_for))})" if wait_for else ""))
        return 0
    cli = Path(os.environ["CLUSTERSIM_CLI"]).resolve()
    work = scratch_tree(root, cli)
    env = dict(os.environ)
    env["PATH"] = f"{work.parent / 'bin'}:{env.get('PATH', '')}"
    failures = []
    wall = time.monotonic()
    try:
        results = run_all(found, work, env, jobs)
        for k, (n, cmd, expected, reason) in enumerate(found):
            where = f"{doc.relative_to(root) if doc.is_relative_to(root) else doc}:{n}"
            if expected is None:
                print(f"SKIP {where}: {cmd}  ({reason})")
                continue
            proc, took = results[k]
            ok = proc.returncode == expected
            print(f"{'ok  ' if ok else 'FAIL'} {where}: exit {proc.returncode} "
                  f"(expected {expected}), {took:.1f} s: {cmd}")
            if not ok:
                err = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-5:]
                failures.append(f"{where}: `{cmd}` exited {proc.returncode}, expected {expected}"
                                + "".join(f"\n    {e}" for e in err))
    finally:
        shutil.rmtree(work.parent, ignore_errors=True)
    print(f"{doc.name}: {sum(c[2] is not None for c in found)} commands, {jobs} at a time, "
          f"{time.monotonic() - wall:.1f} s")
    if not found:
        print(f"{doc.name}: no clustersim command")
    if failures:
        print("\n" + "\n".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
