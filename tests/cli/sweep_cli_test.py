#!/usr/bin/python3
"""Tests of `clustersim sweep` through its process boundary (stdlib only; tests/cli/CMakeLists.txt).

    sweep_cli_test.py --cli build/clustersim --root . CASE

Cases:
  mc        the shipped Pingshan sweep file: exit 0, a probability per target on stdout, the mc
            files with their documented columns, nothing else; probabilities are the share of
            runs in runs.csv; summary.json records the seed and the run counts
  methods   oat, morris and sobol each write their file (and runs.csv, summary.json) only
  resume    --stop-after interrupts (exit 130, work kept in DIR.partial); --resume finishes it
            with files byte-identical to an uninterrupted sweep on another thread count
  bad       exit 2 and one stderr line for: an unknown input path (file:line:column), a bad
            --output, a scenario without uncertainty, -n 1, --out on a non-sweep directory,
            --resume of nothing; no output directory written
  progress  under a pseudo-terminal: a progress bar with runs/s and ETA on stderr, one line
            redrawn; quiet when stderr is a pipe
  kill      a sweep killed with SIGKILL mid-way, then --resume'd, writes files byte-identical to
            an uninterrupted one
  damaged   four bytes changed inside a finished chunk (same size): --resume names the chunk,
            runs it again and still writes byte-identical files
  lock      a second sweep (or --resume) into a directory a sweep is working in is refused with
            one clear line; sweeps started at the same moment never both run
  leftovers a sweep that fails after its runs (the output cannot be written) leaves no
            DIR.partial; --out onto a file is refused before anything is created
"""

import csv
import json
import os
import subprocess
import sys

from clitest import check, main, run

def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


SWEEP = "scenarios/sweeps/pingshan-uncertainty.yaml"
COLUMNS = {
    "bands.csv": "scenario,cluster,variable,year,p05,p25,p50,p75,p95,mean",
    "targets.csv": "cluster,name,year,measure,target,unit,probability,probability_low,"
                   "probability_high,projected_p05,projected_p50,projected_p95,first_year_p50,"
                   "never_share",
    "first_years.csv": "cluster,target_year,first_year,probability",
    "tornado.csv": "output,input,low_value,high_value,output_at_low,output_at_high,output_base,swing",
    "morris.csv": "output,input,mu,mu_star,sigma,mu_star_low,mu_star_high,rank",
    "sobol.csv": "output,year,input,S1,S1_low,S1_high,ST,ST_low,ST_high",
}


def header(path):
    with open(path, encoding="utf-8") as f:
        return f.readline().rstrip("\n")


def case_mc(cli, root, tmp):
    out = os.path.join(tmp, "mc")
    code, stdout, stderr = run(cli, ["sweep", SWEEP, "-n", "600", "--out", out], root)
    check(code == 0, "mc exit %d: %s" % (code, stderr))
    check(sorted(os.listdir(out)) == sorted(["runs.csv", "bands.csv", "targets.csv",
                                             "first_years.csv", "summary.json"]),
          "mc files: %s" % sorted(os.listdir(out)))
    for name in ["bands.csv", "targets.csv", "first_years.csv"]:
        check(header(os.path.join(out, name)) == COLUMNS[name], name + " columns")
    targets = read_csv(os.path.join(out, "targets.csv"))
    check(len(targets) == 12, "12 Pingshan targets, got %d" % len(targets))
    runs = read_csv(os.path.join(out, "runs.csv"))
    check(len(runs) == 600, "600 runs")
    for t in targets:
        key = "%s:%s" % (t["cluster"], t["year"])
        row = [l for l in stdout.splitlines() if l.split()[:2] == [t["cluster"], t["year"]]]
        check(len(row) == 1 and "%.1f%%" % (100 * float(t["probability"])) in row[0],
              "stdout row of %s with its probability" % key)
        ok = [r for r in runs if r["status"] == "ok"]
        share = sum(float(r[key]) >= float(t["target"]) for r in ok) / len(ok)
        check(abs(share - float(t["probability"])) < 1e-12,
              "%s probability %s vs share %s" % (key, t["probability"], share))
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        s = json.load(f)
    check(s["method"] == "mc" and s["seed"] == 20240101 and s["runs"] == 600 and s["failed"] == 0,
          "summary.json: %s" % {k: s.get(k) for k in ("method", "seed", "runs", "failed")})
    check(len(s["inputs"]) == 29, "29 inputs in summary.json")
    check(not os.path.exists(out + ".partial"), "work directory removed after success")


def case_methods(cli, root, tmp):
    for method, n, name, extra in [("oat", "2", "tornado.csv", ["--output", "ic:2030"]),
                                   ("morris", "4", "morris.csv", ["--output", "gap:ic:2030"]),
                                   ("sobol", "32", "sobol.csv", ["--output", "ic"])]:
        out = os.path.join(tmp, method)
        code, stdout, stderr = run(cli, ["sweep", SWEEP, "--method", method, "-n", n,
                                         "--out", out] + extra, root)
        check(code == 0, "%s exit %d: %s" % (method, code, stderr))
        if code != 0:
            continue
        check(sorted(os.listdir(out)) == sorted(["runs.csv", "summary.json", name]),
              "%s files: %s" % (method, sorted(os.listdir(out))))
        check(header(os.path.join(out, name)) == COLUMNS[name], name + " columns")
        rows = read_csv(os.path.join(out, name))
        if method == "oat":
            check(len(rows) == 29, "tornado: one row per input")
            swings = [float(r["swing"]) for r in rows]
            check(swings == sorted(swings, reverse=True), "tornado sorted by swing")
        if method == "sobol":
            years = sorted({r["year"] for r in rows})
            check(years == [str(y) for y in range(2023, 2031)], "sobol per year: %s" % years)
        check("levers." in stdout or "clusters." in stdout, method + " prints top inputs")
        # The same directory again with mc: the method's file is gone, mc's are there.
        if method == "oat":
            code, _, stderr = run(cli, ["sweep", SWEEP, "-n", "20", "-q", "--out", out], root)
            check(code == 0 and not os.path.exists(os.path.join(out, name)) and
                  os.path.exists(os.path.join(out, "bands.csv")),
                  "a new sweep into a sweep directory replaces its files: %s" % os.listdir(out))


def case_resume(cli, root, tmp):
    whole = os.path.join(tmp, "whole")
    part = os.path.join(tmp, "part")
    args = ["sweep", SWEEP, "-n", "4500", "-q"]
    code, _, err = run(cli, args + ["--out", whole, "--threads", "2"], root)
    check(code == 0, "uninterrupted exit %d: %s" % (code, err))
    code, _, err = run(cli, args + ["--out", part, "--stop-after", "2000"], root)
    check(code == 130, "interrupted exit %d" % code)
    check(os.path.isdir(part + ".partial") and not os.path.exists(os.path.join(part, "runs.csv")),
          "interrupted: work kept, no results")
    check("--resume" in err, "the message says how to continue")
    code, _, err = run(cli, ["sweep", "--resume", part, "-q", "--threads", "1"], root)
    check(code == 0, "resume exit %d: %s" % (code, err))
    for name in ["runs.csv", "bands.csv", "targets.csv", "first_years.csv"]:
        with open(os.path.join(whole, name), "rb") as a, open(os.path.join(part, name), "rb") as b:
            check(a.read() == b.read(), name + " identical after resume")
    with open(os.path.join(part, "summary.json"), encoding="utf-8") as f:
        check(json.load(f)["resumed_runs"] == 2000, "summary.json counts the resumed runs")
    check(not os.path.exists(part + ".partial"), "work directory removed after the resume")


def case_bad(cli, root, tmp):
    bad = os.path.join(tmp, "bad.yaml")
    with open(bad, "w", encoding="utf-8") as f:
        f.write("extends: %s\nuncertainty: !replace\n  inputs:\n"
                "    levers.fund.icc: {distribution: uniform, low: 0.5, high: 2}\n"
                % os.path.join(root, "scenarios", "pingshan-2024.yaml"))
    notsweep = os.path.join(tmp, "notsweep")
    os.makedirs(notsweep)
    with open(os.path.join(notsweep, "keep.txt"), "w") as f:
        f.write("mine\n")
    out = os.path.join(tmp, "never")
    cases = [
        (["sweep", bad, "--out", out], bad + ":4:5: error: uncertainty.inputs.levers.fund.icc:"),
        (["sweep", SWEEP, "--output", "ic:2099", "--out", out], "--output"),
        (["sweep", "scenarios/shenzhen-sei-2025.yaml", "--out", out], "uncertainty"),
        (["sweep", SWEEP, "-n", "1", "--out", out], "-n"),
        (["sweep", SWEEP, "-n", "10", "--out", notsweep], "--out"),
        (["sweep", "--resume", os.path.join(tmp, "nothing")], "--resume"),
    ]
    for args, text in cases:
        code, stdout, stderr = run(cli, args, root)
        lines = stderr.strip().splitlines()
        check(code == 2, "%s: exit %d" % (args, code))
        check(len(lines) == 1 and text in lines[0], "%s: stderr %r" % (args, stderr))
        check(stdout == "", "%s: stdout empty" % args)
        check(not os.path.exists(out), "%s: nothing written" % args)
    check(os.listdir(notsweep) == ["keep.txt"], "a non-sweep directory is left alone")


def case_progress(cli, root, tmp):
    """On a terminal's stderr the sweep draws a progress bar with runs/s and ETA, ending at N/N
    and a newline; with stderr a pipe (every other case here) nothing but errors goes there."""
    import pty
    import select
    primary, secondary = pty.openpty()
    p = subprocess.Popen([cli, "sweep", SWEEP, "-n", "4000", "--threads", "1"], cwd=root,
                         stdout=subprocess.PIPE, stderr=secondary)
    os.close(secondary)
    shown = b""
    while True:
        ready, _, _ = select.select([primary], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    stdout, _ = p.communicate(timeout=120)
    os.close(primary)
    text = shown.decode("utf-8", "replace")
    check(p.returncode == 0, "sweep on a terminal exited %d" % p.returncode)
    check("4000/4000 runs" in text and "runs/s" in text and "ETA" in text,
          "no progress bar on the terminal: %r" % text[-300:])
    check(text.rstrip("\r\n").count("\n") == 0 and text.endswith("\n"),
          "the bar redraws one line (\\r) and ends with one newline: %r" % text[-300:])
    check(b"P(reach)" in stdout, "the table still goes to stdout")
    code, _, stderr = run(cli, ["sweep", SWEEP, "-n", "200"], root)
    check(code == 0 and stderr == "", "stderr not a terminal: quiet, got %r" % stderr)


def files_equal(a, b, names):
    for name in names:
        with open(os.path.join(a, name), "rb") as x, open(os.path.join(b, name), "rb") as y:
            if not check(x.read() == y.read(), name + " differs between %s and %s" % (a, b)):
                return False
    return True


MC_FILES = ["runs.csv", "bands.csv", "targets.csv", "first_years.csv"]


def chunks(partial):
    if not os.path.isdir(partial):
        return []
    return sorted(f for f in os.listdir(partial) if f.startswith("chunk-") and f.endswith(".bin"))


def case_kill(cli, root, tmp):
    import signal
    import time
    whole, part = os.path.join(tmp, "whole"), os.path.join(tmp, "part")
    args = ["sweep", SWEEP, "-n", "20000", "-q", "--threads", "1"]
    code, _, err = run(cli, args + ["--out", whole], root)
    check(code == 0, "uninterrupted exit %d: %s" % (code, err))
    p = subprocess.Popen([cli] + args + ["--out", part], cwd=root,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while len(chunks(part + ".partial")) < 2 and p.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    if not check(p.poll() is None, "the sweep ended before it could be killed"):
        return
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    check(p.returncode == -signal.SIGKILL, "killed by SIGKILL (%s)" % p.returncode)
    done = chunks(part + ".partial")
    check(len(done) >= 2 and not os.path.exists(os.path.join(part, "runs.csv")),
          "killed: finished chunks kept (%s), no results" % done)
    code, _, err = run(cli, ["sweep", "--resume", part, "-q", "--threads", "2"], root)
    check(code == 0 and err == "", "resume after SIGKILL: exit %d, %r" % (code, err))
    files_equal(whole, part, MC_FILES)
    with open(os.path.join(part, "summary.json"), encoding="utf-8") as f:
        check(json.load(f)["resumed_runs"] >= 4000, "the killed sweep's chunks were used")
    check(not os.path.exists(part + ".partial"), "work directory removed after the resume")


def case_damaged(cli, root, tmp):
    whole, part = os.path.join(tmp, "whole"), os.path.join(tmp, "part")
    args = ["sweep", SWEEP, "-n", "4500", "-q"]
    code, _, err = run(cli, args + ["--out", whole], root)
    check(code == 0, "uninterrupted exit %d: %s" % (code, err))
    code, _, _ = run(cli, args + ["--out", part, "--stop-after", "2000"], root)
    check(code == 130, "interrupted exit %d" % code)
    chunk = os.path.join(part + ".partial", "chunk-0.bin")
    size = os.path.getsize(chunk)
    # Four bytes inside the first run's first output (after the 56-byte header, its status byte
    # and its 15 inputs), same size: the design still matches, only the checksum can tell.
    at = 56 + 1 + 15 * 8 + 2
    with open(chunk, "r+b") as f:
        f.seek(at)
        old = f.read(4)
        f.seek(at)
        f.write(bytes(b ^ 0x5A for b in old))
    check(os.path.getsize(chunk) == size, "same size")
    code, _, err = run(cli, ["sweep", "--resume", part, "-q"], root)
    check(code == 0, "resume of a damaged chunk: exit %d, %s" % (code, err))
    lines = err.strip().splitlines()
    check(len(lines) == 1 and "chunk-0.bin" in lines[0] and "damaged" in lines[0] and
          "warning" in lines[0], "the damaged chunk is named: %r" % err)
    files_equal(whole, part, MC_FILES)
    with open(os.path.join(part, "summary.json"), encoding="utf-8") as f:
        check(json.load(f)["resumed_runs"] == 0, "the damaged chunk was run again, not used")


def case_lock(cli, root, tmp):
    import time
    out = os.path.join(tmp, "busy")
    slow = ["sweep", SWEEP, "-n", "20000", "-q", "--threads", "1", "--out", out]
    p = subprocess.Popen([cli] + slow, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not chunks(out + ".partial") and p.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    for args in (["sweep", SWEEP, "-n", "100", "-q", "--out", out], ["sweep", "--resume", out, "-q"]):
        code, stdout, stderr = run(cli, args, root)
        lines = stderr.strip().splitlines()
        check(code == 2 and len(lines) == 1 and "another clustersim sweep is working in" in lines[0],
              "%s while a sweep works there: exit %d, %r" % (args[-2:], code, stderr))
    _, err = p.communicate(timeout=600)
    check(p.returncode == 0 and err == b"", "the first sweep finished undisturbed: %s %r" % (p.returncode, err))
    # Started at the same moment, again and again: never a raw error, never two at once.
    reference = os.path.join(tmp, "reference")
    quick = ["sweep", SWEEP, "-n", "300", "-q", "--threads", "1"]
    code, _, _ = run(cli, quick + ["--out", reference], root)
    for trial in range(6):
        target = os.path.join(tmp, "race%d" % trial)
        ps = [subprocess.Popen([cli] + quick + ["--out", target], cwd=root,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)]
        results = [(q.wait(timeout=600), q.stderr.read().decode()) for q in ps]
        for code, err in results:
            check(code in (0, 2), "trial %d: exit %d %r" % (trial, code, err))
            if code == 2:
                check("another clustersim sweep is working in" in err or "unfinished sweep" in err,
                      "trial %d: refused with %r" % (trial, err))
        check(any(code == 0 for code, _ in results), "trial %d: one sweep ran" % trial)
        files_equal(reference, target, MC_FILES)
        check(not os.path.exists(target + ".partial"), "trial %d: no work directory left" % trial)


def case_leftovers(cli, root, tmp):
    # A directory a sweep wrote before, where runs.csv cannot be replaced (a directory of that
    # name): the runs finish, writing the results fails (exit 1), and no DIR.partial stays.
    out = os.path.join(tmp, "old")
    os.makedirs(os.path.join(out, "runs.csv"))
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump({"method": "mc", "seed": 1}, f)
    code, stdout, stderr = run(cli, ["sweep", SWEEP, "-n", "50", "-q", "--out", out], root)
    check(code == 1 and len(stderr.strip().splitlines()) == 1 and "runs.csv" in stderr,
          "unwritable result: exit %d, %r" % (code, stderr))
    check(not os.path.exists(out + ".partial"), "no DIR.partial after a failed sweep: %s"
          % os.listdir(tmp))
    check(sorted(os.listdir(out)) == ["runs.csv", "summary.json"], "the old directory unchanged")
    # --out onto a regular file: refused before anything is created beside it.
    target = os.path.join(tmp, "file.txt")
    with open(target, "w") as f:
        f.write("mine\n")
    code, _, stderr = run(cli, ["sweep", SWEEP, "-n", "50", "-q", "--out", target], root)
    check(code == 2 and "--out" in stderr and "not a directory" in stderr,
          "--out onto a file: exit %d, %r" % (code, stderr))
    check(sorted(os.listdir(tmp)) == ["file.txt", "old"], "nothing beside it: %s" % os.listdir(tmp))


if __name__ == "__main__":
    sys.exit(main({"mc": case_mc, "methods": case_methods, "resume": case_resume,
                   "bad": case_bad, "progress": case_progress, "kill": case_kill,
                   "damaged": case_damaged, "lock": case_lock, "leftovers": case_leftovers}))
