#!/usr/bin/python3
"""The bad-input corpus (tests/data/scenario/bad/cases.json), one case per CTest test (stdlib only).

    bad_corpus_test.py --cli build/clustersim --root . NAME     one case
    bad_corpus_test.py --cli build/clustersim --root . --all    every case, a summary at the end

A case names a fixture of tests/data/scenario/bad ("file") or a generator below ("generate": files
too big, too many, or not regular, made in a temporary directory), the command (default
`validate`, which is also checked as `run --out`), extra arguments, the exit code, where the error
is ("at": the start of the line, e.g. "x.yaml:3:10" or "clustersim sweep: error: -n") and a
fragment of its message ("text"). Every case must give exactly that one printable stderr line,
nothing on stdout, and leave nothing behind (no --out directory, no DIR.partial, no temporary
file) within 60 seconds.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

TIMEOUT = 60


def snapshot(directory):
    found = set()
    for base, dirs, files in os.walk(directory):
        for name in dirs + files:
            found.add(os.path.relpath(os.path.join(base, name), directory))
    return found


# ---------------------------------------------------------------------------------------------
# Generated inputs: (working directory, file argument, extra arguments before the case's own)

def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def clusters_file(tmp, last):
    lines = ["scenario: {name: many}", "region: {name: r}", "horizon: {start: 2023, end: 2025}",
             "clusters:"]
    lines += ["  c%d: {baseline: {year: 2023, value: 10}}" % k for k in range(100000)]
    lines.append(last)
    write(os.path.join(tmp, "clusters.yaml"), "\n".join(lines) + "\n")
    return tmp, "clusters.yaml", []


def partial_with_manifest(tmp, text):
    os.makedirs(os.path.join(tmp, "out.partial"))
    write(os.path.join(tmp, "out.partial", "manifest.json"), text)
    return tmp, None, ["--resume", "out"]


def generate(name, tmp, bad_dir):
    if name == "big_file":
        with open(os.path.join(tmp, "big.yaml"), "w") as f:
            line = "# " + "x" * 1021 + "\n"
            for _ in range(17 * 1024):
                f.write(line)
        return tmp, "big.yaml", []
    if name == "many_values":
        write(os.path.join(tmp, "many.yaml"), "x: [" + "0," * 1000001 + "0]\n")
        return tmp, "many.yaml", []
    if name == "deep_5000":
        write(os.path.join(tmp, "deep.yaml"), "x: " + "[" * 5000 + "]" * 5000 + "\n")
        return tmp, "deep.yaml", []
    if name == "clusters_duplicate":
        return clusters_file(tmp, "  c0: {baseline: {year: 2023, value: 10}}")
    if name == "clusters_bad_key":
        return clusters_file(tmp, "  last: {baseline_: {year: 2023, value: 10}}")
    if name == "fifo":
        os.mkfifo(os.path.join(tmp, "fifo.yaml"))
        return tmp, "fifo.yaml", []
    if name == "extends_fifo":
        os.mkfifo(os.path.join(tmp, "pipe.yaml"))
        write(os.path.join(tmp, "child.yaml"), "extends: pipe.yaml\n")
        return tmp, "child.yaml", []
    if name == "dev_zero":
        return tmp, "/dev/zero", []
    if name == "symlink_dev_zero":
        os.symlink("/dev/zero", os.path.join(tmp, "zero.yaml"))
        return tmp, "zero.yaml", []
    if name == "directory":
        os.mkdir(os.path.join(tmp, "dir.yaml"))
        return tmp, "dir.yaml", []
    if name == "extends_chain":
        for k in range(40):
            write(os.path.join(tmp, "c%d.yaml" % k), "extends: c%d.yaml\n" % (k + 1))
        shutil.copy(os.path.join(bad_dir, "..", "valid.yaml"), os.path.join(tmp, "c40.yaml"))
        return tmp, "c0.yaml", []
    if name == "damaged_manifest":
        return partial_with_manifest(tmp, '{"scenario_file": "x.yaml", "sets": [')
    if name == "wrong_manifest":
        return partial_with_manifest(tmp, json.dumps({
            "scenario_file": 3, "sets": [], "method": "mc", "sampler": "lhs", "n": 10,
            "seed": 1, "resamples": 0, "outputs": []}))
    if name == "no_partial":
        return tmp, None, ["--resume", "out"]
    raise ValueError("unknown generator " + name)


# ---------------------------------------------------------------------------------------------

def run_once(cli, args, cwd):
    start = time.monotonic()
    try:
        p = subprocess.run([cli] + args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, b"", b"", TIMEOUT
    return p.returncode, p.stdout, p.stderr, time.monotonic() - start


def check_case(cli, root, case):
    """The problems found with one case (empty: it passes)."""
    bad_dir = os.path.join(root, "tests", "data", "scenario", "bad")
    problems = []
    with tempfile.TemporaryDirectory(prefix="clustersim-corpus-") as tmp:
        if "generate" in case:
            cwd, file_arg, pre = generate(case["generate"], tmp, bad_dir)
            command = case.get("command", "sweep" if file_arg is None else "validate")
        else:
            cwd, file_arg, pre = bad_dir, case["file"], []
            command = case.get("command", "validate")
        out = os.path.join(tmp, "result")
        runs = [[command] + ([file_arg] if file_arg else []) + pre + case.get("args", [])]
        if command == "validate":
            runs.append(["run", file_arg, "--out", out] + case.get("args", []))
        watched = [tmp] + ([bad_dir] if cwd == bad_dir else [])
        before = {d: snapshot(d) for d in watched}
        lines = []
        for args in runs:
            code, stdout, stderr, seconds = run_once(cli, args, cwd)
            shown = "clustersim " + " ".join(args)
            if code is None:
                problems.append("%s: no answer within %d s" % (shown, TIMEOUT))
                continue
            if code != case["exit"]:
                problems.append("%s: exit %d, expected %d (stderr %r)" % (shown, code, case["exit"],
                                                                         stderr[:300]))
            if stdout:
                problems.append("%s: stdout not empty: %r" % (shown, stdout[:200]))
            try:
                text = stderr.decode("utf-8")
            except UnicodeDecodeError:
                problems.append("%s: stderr is not UTF-8: %r" % (shown, stderr[:300]))
                continue
            if not text.endswith("\n") or text.count("\n") != 1:
                problems.append("%s: stderr is not one line: %r" % (shown, text[:500]))
            line = text.rstrip("\n")
            if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in line):
                problems.append("%s: control character in the message: %r" % (shown, line))
            at = case["at"]
            if not (line.startswith(at) and (at.endswith(":") or line[len(at):].startswith(":"))):
                problems.append("%s: the message does not start with %r: %r" % (shown, at, line))
            if case["text"] not in line:
                problems.append("%s: %r not in the message: %r" % (shown, case["text"], line))
            lines.append(line)
        if len(set(lines)) > 1:
            problems.append("validate and run differ: %r" % lines)
        for d in watched:
            # --resume locks a work directory that was there before: its lock file may stay.
            appeared = {p for p in snapshot(d) - before[d]
                        if not (p.endswith(".partial/lock") and os.path.dirname(p) in before[d])}
            if appeared:
                problems.append("left behind in %s: %s" % (d, sorted(appeared)))
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cli", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("name", nargs="?")
    ap.add_argument("--all", action="store_true")
    a = ap.parse_args()
    cli, root = os.path.abspath(a.cli), os.path.abspath(a.root)
    with open(os.path.join(root, "tests", "data", "scenario", "bad", "cases.json"),
              encoding="utf-8") as f:
        cases = json.load(f)
    chosen = cases if a.all else [c for c in cases if c["name"] == a.name]
    if not chosen:
        ap.error("no case named %r" % a.name)
    failed = 0
    for case in chosen:
        problems = check_case(cli, root, case)
        for p in problems:
            print("FAIL [%s]: %s" % (case["name"], p), file=sys.stderr)
        failed += 1 if problems else 0
    if a.all:
        print("%d of %d cases failed" % (failed, len(chosen)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
