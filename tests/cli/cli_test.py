#!/usr/bin/python3
"""Tests of the clustersim command, run by CTest (tests/cli/CMakeLists.txt). Stdlib only.

    cli_test.py --cli build/clustersim --root . golden NAME [--regen]
    cli_test.py --cli build/clustersim --root . bad FIXTURE.yaml | bad-set NAME | missing-file
    cli_test.py --cli build/clustersim --root . usage | numerical-failure | numerical-traced | pingshan | schema | help
    cli_test.py --cli build/clustersim --root . version VERSION

golden: runs a case of tests/golden/cases.json in tests/golden and compares stdout (stored as
stdout.txt, stdout.csv or stdout.json after --format) and the written files with
tests/golden/expected/<case>/: numbers to 1e-6 relative (printed figures also to one unit of
their last digit), wall time and version not compared. --regen rewrites the expected files from the current output instead of
comparing: use it on purpose, after checking the new output, and commit the diff.

bad: runs a fixture of tests/cli/bad/ and checks exit code 2, exactly one stderr line
"<file>:<line>:<col>: error: <key>: ...", the key and text named in the fixture's
"# expect-key:" (a prefix of the key) / "# expect-text:" / "# expect-file:" comments, the line
marked "# <- error", an empty stdout and no output directory.
"""

import argparse
import csv
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77  # CTest SKIP_RETURN_CODE

RELATIVE_TOLERANCE = 1e-6
OUTPUT_FILES = ["trajectories.csv", "binding.csv", "targets.csv", "summary.json"]
# summary.json entries that differ between identical runs (or builds) and are not compared.
VOLATILE_JSON = {("run", "wall_time_ms"), ("run", "clustersim_version")}
# Stdout: the wall time of the run line.
VOLATILE_TEXT = re.compile(r"\d+(?:\.\d+)? ms\b")

failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message, file=sys.stderr)


def check(condition, message):
    if not condition:
        fail(message)
    return condition


def run_cli(cli, args, cwd):
    proc = subprocess.run([cli] + args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=600)
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def show(args, code, out, err):
    return "clustersim {}\n  exit {}\n  stdout: {!r}\n  stderr: {!r}".format(
        " ".join(args), code, out[:2000], err[:2000])


# ---------------------------------------------------------------------------------------------
# Numeric comparison

def close(a, b, absolute=0.0):
    if a == b:
        return True
    if math.isnan(a) or math.isnan(b):
        return False
    return abs(a - b) <= max(RELATIVE_TOLERANCE * max(abs(a), abs(b)), absolute, 1e-12)


# A printed number: optional sign, digits with optional thousands separators, decimals, exponent.
NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?")


def split_numbers(line):
    """(text parts, numbers, decimals) of a printed line."""
    texts, numbers, decimals = [], [], []
    pos = 0
    for m in NUMBER.finditer(line):
        texts.append(line[pos:m.start()])
        token = m.group(0)
        numbers.append(float(token.replace(",", "")))
        mantissa = re.split(r"[eE]", token)[0]
        decimals.append(len(mantissa.split(".")[1]) if "." in mantissa else 0)
        pos = m.end()
    texts.append(line[pos:])
    return texts, numbers, decimals


def compare_text(name, actual, expected):
    """Line by line; numbers within the tolerance or one unit of their last printed digit."""
    actual = VOLATILE_TEXT.sub("<ms>", actual)
    expected = VOLATILE_TEXT.sub("<ms>", expected)
    a_lines, e_lines = actual.split("\n"), expected.split("\n")
    if len(a_lines) != len(e_lines):
        return fail("{}: {} lines, expected {}".format(name, len(a_lines), len(e_lines)))
    for k, (a, e) in enumerate(zip(a_lines, e_lines), 1):
        at, an, ad = split_numbers(a)
        et, en, ed = split_numbers(e)
        ok = at == et and len(an) == len(en)
        if ok:
            for x, y, d in zip(an, en, ed):
                # Rounding of a printed figure may flip its last digit: allow one unit of it.
                if not close(x, y, 10.0 ** -d if d > 0 else 0.0):
                    ok = False
        if not ok:
            return fail("{} line {}:\n  got:      {}\n  expected: {}".format(name, k, a, e))


def compare_csv(name, actual, expected):
    a_rows = list(csv.reader(io.StringIO(actual)))
    e_rows = list(csv.reader(io.StringIO(expected)))
    if len(a_rows) != len(e_rows):
        return fail("{}: {} rows, expected {}".format(name, len(a_rows), len(e_rows)))
    for k, (a, e) in enumerate(zip(a_rows, e_rows), 1):
        if len(a) != len(e):
            return fail("{} row {}: {} fields, expected {}".format(name, k, len(a), len(e)))
        for x, y in zip(a, e):
            try:
                same = close(float(x), float(y))
            except ValueError:
                same = x == y
            if not same:
                return fail("{} row {}: {!r}, expected {!r}\n  got:      {}\n  expected: {}".format(
                    name, k, x, y, ",".join(a), ",".join(e)))


def compare_json(name, actual, expected, path=()):
    if path in VOLATILE_JSON:
        return True
    where = "{} at {}".format(name, "/".join(str(p) for p in path) or "top level")
    if isinstance(expected, bool) or expected is None or isinstance(expected, str):
        return check(actual == expected, "{}: {!r}, expected {!r}".format(where, actual, expected))
    if isinstance(expected, (int, float)):
        return check(isinstance(actual, (int, float)) and not isinstance(actual, bool)
                     and close(float(actual), float(expected)),
                     "{}: {!r}, expected {!r}".format(where, actual, expected))
    if isinstance(expected, list):
        if not check(isinstance(actual, list) and len(actual) == len(expected),
                     "{}: list of {} entries expected".format(where, len(expected))):
            return False
        return all([compare_json(name, a, e, path + (k,))
                    for k, (a, e) in enumerate(zip(actual, expected))])
    if not check(isinstance(actual, dict) and list(actual) == list(expected),
                 "{}: keys {}, expected {}".format(
                     where, list(actual) if isinstance(actual, dict) else actual, list(expected))):
        return False
    return all([compare_json(name, actual[k], expected[k], path + (k,)) for k in expected])


def stable(name, text):
    """The text to store as expected output: wall times zeroed, so that a regeneration's diff
    shows only real changes."""
    if name.endswith(".json"):
        return re.sub(r'"wall_time_ms": [-+0-9.eE]+', '"wall_time_ms": 0', text)
    if name.endswith(".txt"):
        return VOLATILE_TEXT.sub("0.0 ms", text)
    return text


def compare_file(name, actual, expected):
    if name.endswith(".json"):
        compare_json(name, json.loads(actual), json.loads(expected))
    elif name.endswith(".csv"):
        compare_csv(name, actual, expected)
    else:
        compare_text(name, actual, expected)


# ---------------------------------------------------------------------------------------------
# Test groups

def golden(cli, root, name, regen):
    golden_dir = os.path.join(root, "tests", "golden")
    with open(os.path.join(golden_dir, "cases.json"), encoding="utf-8") as f:
        cases = {c["name"]: c for c in json.load(f)}
    case = cases[name]
    expected_dir = os.path.join(golden_dir, "expected", name)
    before = sorted(os.listdir(golden_dir))
    with tempfile.TemporaryDirectory(prefix="clustersim-golden-") as tmp:
        out = os.path.join(tmp, "out")
        args = [a.replace("{out}", out) for a in case["args"]]
        code, stdout, stderr = run_cli(cli, args, golden_dir)
        if not check(code == case.get("exit", 0) and stderr == "",
                     "unexpected exit or stderr\n" + show(args, code, stdout, stderr)):
            return
        fmt = args[args.index("--format") + 1] if "--format" in args else "txt"
        produced = {"stdout." + {"table": "txt"}.get(fmt, fmt): stdout}
        for f in case.get("files", []):
            path = os.path.join(out, f)
            if check(os.path.isfile(path), "{} was not written".format(f)):
                with open(path, encoding="utf-8", newline="") as fh:
                    produced[f] = fh.read()
        if not case.get("files"):
            check(not os.path.exists(out), "output directory written without --out")
        if regen:
            shutil.rmtree(expected_dir, ignore_errors=True)
            os.makedirs(expected_dir)
            for f, text in produced.items():
                with open(os.path.join(expected_dir, f), "w", encoding="utf-8", newline="") as fh:
                    fh.write(stable(f, text))
                print("regenerated " + os.path.relpath(os.path.join(expected_dir, f), root))
            return
        for f, text in produced.items():
            path = os.path.join(expected_dir, f)
            if not check(os.path.isfile(path), "no expected file {} (run with --regen to create "
                                               "it after checking the output)".format(path)):
                continue
            with open(path, encoding="utf-8", newline="") as fh:
                compare_file(f, text, fh.read())
    check(sorted(os.listdir(golden_dir)) == before, "files appeared in tests/golden")
    if failures:
        print("output differs from tests/golden/expected/{}; if the change is intended, run\n"
              "  {} {} --cli {} --root {} golden {} --regen\nand review the diff".format(
                  name, sys.executable, __file__, cli, root, name), file=sys.stderr)


def expectations(fixture):
    """expect-key / expect-text / expect-file comments and the line marked '# <- error'."""
    keys, texts, files, line = [], [], [], None
    with open(fixture, encoding="utf-8") as f:
        for number, text in enumerate(f, 1):
            m = re.match(r"#\s*expect-(key|text|file):\s*(.+?)\s*$", text)
            if m:
                {"key": keys, "text": texts, "file": files}[m.group(1)].append(m.group(2))
            if "# <- error" in text:
                line = number
    return keys, texts, files, line


def expect_bad_input(cli, args, cwd, file_shown, keys=(), texts=(), line=None):
    """Exit 2, one stderr line '<file>:<line>:<col>: error: ...', clean stdout, nothing written."""
    with tempfile.TemporaryDirectory(prefix="clustersim-bad-") as tmp:
        out = os.path.join(tmp, "out")
        full = args + ["--out", out] if args[0] == "run" else args
        code, stdout, stderr = run_cli(cli, full, cwd)
        context = show(full, code, stdout, stderr)
        check(code == 2, "exit code {} instead of 2\n{}".format(code, context))
        check(stdout == "", "stdout not empty\n" + context)
        check(stderr.endswith("\n") and stderr.count("\n") == 1,
              "stderr is not exactly one line\n" + context)
        m = re.match(r"^(.*?):(\d+):(\d+): error: (.*)$", stderr.rstrip("\n"))
        if check(m is not None, "stderr is not '<file>:<line>:<col>: error: ...'\n" + context):
            check(m.group(1) == file_shown,
                  "file {!r}, expected {!r}\n{}".format(m.group(1), file_shown, context))
            if line is not None:
                check(int(m.group(2)) == line,
                      "line {}, expected {}\n{}".format(m.group(2), line, context))
            for key in keys:
                check(re.match(re.escape(key) + r"[.:]", m.group(4)) is not None,
                      "key {!r} not named first\n{}".format(key, context))
            for text in texts:
                check(text in m.group(4), "{!r} not in the message\n{}".format(text, context))
        check(os.listdir(tmp) == [], "something was written: {}\n{}".format(os.listdir(tmp), context))


def bad(cli, root, fixture):
    bad_dir = os.path.join(root, "tests", "cli", "bad")
    keys, texts, files, line = expectations(os.path.join(bad_dir, fixture))
    # The error is in the fixture unless it names another file (where an extends cycle closes).
    shown = files[0] if files else fixture
    expect_bad_input(cli, ["run", fixture], bad_dir, shown, keys, texts, line)
    # validate reports the same error the same way.
    expect_bad_input(cli, ["validate", fixture], bad_dir, shown, keys, texts, line)


# --set errors against a valid scenario: (arguments, key named, text in the message).
BAD_SETS = {
    "no-equals": (["--set", "levers.fund.ic"], "", ""),
    "unknown-key": (["--set", "clusters.ic.parms.market_growth=0.3"], "clusters.ic.parms",
                    "did you mean"),
    "negative-fund": (["--set", "levers.fund.ic=-3 亿元/yr"], "levers.fund.ic", ""),
    "wrong-type": (["--set", "horizon.end=soon"], "horizon.end", ""),
    "implausible-growth": (["--set", "clusters.icv.params.market_growth=19.8"],
                           "clusters.icv.params.market_growth", "write 0.198 for 19.8%"),
    "implausible-fund": (["--set", "levers.fund.ic=1e12 亿元/yr"], "levers.fund.ic",
                         "--allow-implausible"),
    "step-too-long": (["--solver", "rk4", "--dt", "1"], "solver.dt",
                      "longer than half the model's smallest time constant"),
}


def implausible_allowed(cli, root):
    """--allow-implausible runs an absurd value, with one warning line naming it; an unusual
    value runs with the warning and no flag."""
    golden_dir = os.path.join(root, "tests", "golden")
    for args in (["--set", "clusters.icv.params.market_growth=19.8", "--allow-implausible"],
                 ["--set", "clusters.icv.params.market_growth=0.6"]):
        full = ["run", "two-clusters.yaml", "--quiet"] + args
        code, stdout, stderr = run_cli(cli, full, golden_dir)
        context = show(full, code, stdout, stderr)
        check(code == 0, "exit code {} instead of 0\n{}".format(code, context))
        check(stderr.count("\n") == 1 and stderr.startswith(
            "<--set>:1:35: warning: clusters.icv.params.market_growth: "),
            "not one warning line naming the value\n" + context)


def bad_set(cli, root, name):
    args, key, text = BAD_SETS[name]
    golden_dir = os.path.join(root, "tests", "golden")
    expect_bad_input(cli, ["run", "two-clusters.yaml"] + args, golden_dir, "<--set>",
                     [key] if key else [], [text] if text else [])


def missing_file(cli, root):
    bad_dir = os.path.join(root, "tests", "cli", "bad")
    for command in ["run", "validate"]:
        expect_bad_input(cli, [command, "does-not-exist.yaml"], bad_dir, "does-not-exist.yaml")
    # Named as the user wrote it, directory included.
    expect_bad_input(cli, ["run", "nowhere/does-not-exist.yaml"], bad_dir,
                     "nowhere/does-not-exist.yaml")


def usage(cli, root):
    """Command-line errors: exit 2, one stderr line, nothing on stdout."""
    golden_dir = os.path.join(root, "tests", "golden")
    cases = [
        [],
        ["frobnicate"],
        ["run"],
        ["run", "two-clusters.yaml", "--no-such-option"],
        ["run", "two-clusters.yaml", "--solver", "heun"],
        ["run", "two-clusters.yaml", "--rtol", "-1"],
        ["run", "two-clusters.yaml", "--format", "xml"],
        ["run", "two-clusters.yaml", "--set"],
        ["compare", "two-clusters.yaml"],
        ["validate"],
        ["schema", "extra"],
    ]
    for args in cases:
        code, stdout, stderr = run_cli(cli, args, golden_dir)
        context = show(args, code, stdout, stderr)
        check(code == 2, "exit code {} instead of 2\n{}".format(code, context))
        check(stdout == "", "stdout not empty\n" + context)
        check(stderr.count("\n") == 1 and stderr.endswith("\n") and "error" in stderr,
              "stderr is not one error line\n" + context)


def numerical_failure(cli, root):
    """A run whose integration fails (dopri5 allowed only 5 steps for five years; a fixed step
    too long for the model is refused as bad input before it can blow up): exit 1, one line,
    nothing written."""
    golden_dir = os.path.join(root, "tests", "golden")
    with tempfile.TemporaryDirectory(prefix="clustersim-numerical-") as tmp:
        args = ["run", "two-clusters.yaml", "--set", "solver.max_steps=5",
                "--out", os.path.join(tmp, "out")]
        code, stdout, stderr = run_cli(cli, args, golden_dir)
        context = show(args, code, stdout, stderr)
        check(code == 1, "exit code {} instead of 1\n{}".format(code, context))
        check(stdout == "", "stdout not empty\n" + context)
        check(stderr.count("\n") == 1 and stderr.startswith("clustersim: error: the run failed"),
              "stderr is not one error line\n" + context)
        check(os.listdir(tmp) == [], "something was written: {}".format(os.listdir(tmp)))


def numerical_traced(cli, root):
    """A run that fails numerically because of a value far outside its plausible range (allowed
    with --allow-implausible; computable, so not refused before the run): the failure is bad
    input, exit 2, its last stderr line located at that value and naming it; nothing written."""
    golden_dir = os.path.join(root, "tests", "golden")
    with tempfile.TemporaryDirectory(prefix="clustersim-traced-") as tmp:
        args = ["run", "two-clusters.yaml", "--allow-implausible",
                "--set", "region.params.wage_curve_elasticity=1e100",
                "--out", os.path.join(tmp, "out")]
        code, stdout, stderr = run_cli(cli, args, golden_dir)
        context = show(args, code, stdout, stderr)
        check(code == 2, "exit code {} instead of 2\n{}".format(code, context))
        check(stdout == "", "stdout not empty\n" + context)
        lines = stderr.splitlines()
        # The warning about the value, then the error.
        check(len(lines) == 2 and lines[0].startswith(
            "<--set>:1:37: warning: region.params.wage_curve_elasticity: "),
            "not one warning line before the error\n" + context)
        last = lines[-1] if lines else ""
        check(last.startswith("<--set>:1:37: error: region.params.wage_curve_elasticity: "
                              "the run failed: numerical failure: "),
              "the error is not located at the value\n" + context)
        check("wage_curve_elasticity = 1e+100, 101 orders of magnitude above its plausible "
              "range [0.03, 0.3]" in last, "the cause is not named\n" + context)
        check(os.listdir(tmp) == [], "something was written: {}".format(os.listdir(tmp)))


def pingshan(cli, root):
    scenario = os.path.join(root, "scenarios", "pingshan-2024.yaml")
    if not os.path.isfile(scenario):
        print("skipped: scenarios/pingshan-2024.yaml does not exist yet")
        return SKIP
    with tempfile.TemporaryDirectory(prefix="clustersim-pingshan-") as tmp:
        out = os.path.join(tmp, "out")
        args = ["run", "scenarios/pingshan-2024.yaml", "--out", out]
        code, stdout, stderr = run_cli(cli, args, root)
        context = show(args, code, stdout, stderr)
        if not check(code == 0 and stderr == "", "run failed\n" + context):
            return
        lines = stdout.split("\n")
        rule = next((k for k, l in enumerate(lines) if l.startswith("----")), None)
        if check(rule is not None, "no table in stdout\n" + context):
            header = lines[rule - 1]
            for column in ["cluster", "year", "target", "projected", "gap %", "reached",
                           "P(reach)", "likelihood", "first reached", "CAGR req.", "CAGR proj.",
                           "binding"]:
                check(column in header, "column {!r} missing from the table".format(column))
            rows = []
            for l in lines[rule + 1:]:
                if not l.strip():
                    break
                rows.append(l)
            check(len(rows) == 12, "{} target rows, expected 12\n{}".format(len(rows), stdout))
            for r in rows:
                check(re.search(r"(capital|labour|space|demand)$", r) is not None,
                      "row without a binding constraint: " + r)
        check(any(l.startswith("run: ") for l in lines), "no run line\n" + stdout)
        # Pingshan declares uncertainty: the default sweep of 2,000 runs and its notes.
        check(any(l.startswith("sweep: 2,000 runs of ") for l in lines), "no sweep line\n" + stdout)
        check(any(l.startswith("note: likelihood (IPCC scale)") for l in lines),
              "no likelihood scale note\n" + stdout)

        with open(os.path.join(out, "trajectories.csv"), encoding="utf-8", newline="") as f:
            text = f.read()
        check(not text.startswith("\ufeff") and "\r" not in text, "BOM or CR in trajectories.csv")
        rows = list(csv.reader(io.StringIO(text)))
        check(rows[0] == ["scenario", "cluster", "variable", "year", "value"],
              "trajectories.csv header: {}".format(rows[0]))
        variables = {r[2] for r in rows[1:]}
        for v in ["output", "demand", "capacity_capital", "capacity_labour", "capacity_space",
                  "capital", "workforce", "skilled", "workers", "market_share", "fund_undeployed",
                  "skilled_pool", "worker_pool", "land_vacant"]:
            check(v in variables, "variable {} missing from trajectories.csv".format(v))
        check(all(math.isfinite(float(r[4])) for r in rows[1:]), "non-finite value written")
        check(any(r[1] == "region" for r in rows[1:]), "no region rows")

        with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
            summary = json.load(f)
        for key in ["scenario", "title", "targets", "variables", "clusters",
                    "potential_clusters", "run"]:
            check(key in summary, "summary.json without " + key)
        check(len(summary.get("targets", [])) == 12, "summary.json: not 12 targets")
        for t in summary.get("targets", []):
            for key in ["cluster", "year", "target", "projected", "gap_pct", "reached",
                        "first_year_reached", "cagr_required", "cagr_projected", "binding",
                        "measure", "unit", "source", "probability", "likelihood",
                        "likelihood_zh", "sweep_median", "at_input_medians"]:
                check(key in t, "target without " + key)
        sweep = summary.get("sweep", {})
        check(sweep.get("runs") == 2000 and sweep.get("seed") == 20240101 and
              sweep.get("failed") == 0, "summary.json sweep: {}".format(sweep))
        for key in ["clustersim_version", "solver", "rtol", "atol", "dt", "rhs_evaluations",
                    "steps", "calibration_iterations", "max_baseline_error", "wall_time_ms",
                    "start_year", "end_year", "scenario_files"]:
            check(key in summary.get("run", {}), "run metadata without " + key)
        for c in summary.get("clusters", []):
            for key in ["id", "name", "name_en", "measure", "unit"]:
                check(key in c, "cluster without " + key)
        for f in ["binding.csv", "targets.csv"]:
            check(os.path.isfile(os.path.join(out, f)), f + " not written")
        check(sorted(os.listdir(tmp)) == ["out"], "stray files: {}".format(os.listdir(tmp)))

    # Without --out nothing is written, in the working directory or anywhere near it.
    with tempfile.TemporaryDirectory(prefix="clustersim-pingshan-") as tmp:
        code, stdout, stderr = run_cli(cli, ["run", scenario, "--format", "csv", "--no-sweep"], tmp)
        check(code == 0 and os.listdir(tmp) == [], "run without --out wrote {}".format(
            os.listdir(tmp)))
        check(len(stdout.strip().split("\n")) == 13, "--format csv: not 12 rows and a header")
        check("probability" not in stdout, "--no-sweep: probability columns in the CSV")


def verdicts(cli, root):
    """Probabilities beside the projection: the same words in the table, the CSV and the JSON of
    one seeded sweep; the same numbers on a second run; nothing without a sweep or without an
    uncertainty section; --no-sweep and --quick-sweep exclusive."""
    base = ["run", "scenarios/pingshan-2024.yaml", "--quick", "--quick-sweep", "100"]
    code, table, stderr = run_cli(cli, base, root)
    if not check(code == 0 and stderr == "", show(base, code, table, stderr)):
        return
    _, again, _ = run_cli(cli, base, root)
    strip = lambda t: re.sub(r"\d+\.\d s on \d+ threads", "", VOLATILE_TEXT.sub("", t))  # noqa: E731
    check(strip(table) == strip(again), "two runs of one seed differ:\n" + table + "\n" + again)
    check("sweep: 100 runs of " in table, "no sweep line:\n" + table)
    code, text, _ = run_cli(cli, base + ["--format", "json"], root)
    summary = json.loads(text)
    check(summary["sweep"]["runs"] == 100, "sweep runs: {}".format(summary["sweep"]))
    words = {"virtually certain", "very likely", "likely", "about as likely as not", "unlikely",
             "very unlikely", "exceptionally unlikely"}
    lines = table.split("\n")
    rule = next(k for k, l in enumerate(lines) if l.startswith("----"))
    rows = lines[rule + 1:rule + 1 + len(summary["targets"])]
    for row, t in zip(rows, summary["targets"]):
        p = t["probability"]
        check(t["likelihood_en"] in words, "unknown word {}".format(t["likelihood_en"]))
        check(t["likelihood_en"] in row, "table row without its word: {} / {}".format(row, t))
        lo, hi = {"virtually_certain": (0.99, 1), "very_likely": (0.9, 0.99),
                  "likely": (0.66, 0.9), "about_as_likely_as_not": (0.33, 0.66),
                  "unlikely": (0.1, 0.33), "very_unlikely": (0.01, 0.1),
                  "exceptionally_unlikely": (0, 0.01)}[t["likelihood"]]
        check(lo <= p <= hi, "probability {} outside its word's range {}".format(p, t))
    code, csv_text, _ = run_cli(cli, base + ["--format", "csv"], root)
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    check([r["likelihood"] for r in rows] == [t["likelihood_en"] for t in summary["targets"]],
          "CSV and JSON words differ")
    check([float(r["probability"]) for r in rows] == [t["probability"] for t in summary["targets"]],
          "CSV and JSON probabilities differ")

    # --quick alone, --no-sweep: the projection says nothing about probabilities.
    for args in (["run", "scenarios/pingshan-2024.yaml", "--quick"],
                 ["run", "scenarios/pingshan-2024.yaml", "--quick", "--no-sweep", "--format", "json"]):
        code, stdout, stderr = run_cli(cli, args, root)
        check(code == 0 and "P(reach)" not in stdout and "probability" not in stdout and
              "sweep" not in stdout, show(args, code, stdout, stderr))
    # A scenario without uncertainty: nothing, and a warning when a sweep was asked for.
    args = ["run", "tests/golden/two-clusters.yaml", "--quick-sweep", "50"]
    code, stdout, stderr = run_cli(cli, args, root)
    check(code == 0 and "P(reach)" not in stdout and "declares no uncertain inputs" in stderr,
          show(args, code, stdout, stderr))
    args = ["run", "tests/golden/two-clusters.yaml"]
    code, stdout, stderr = run_cli(cli, args, root)
    check(code == 0 and stderr == "" and "P(reach)" not in stdout and "likelihood" not in stdout,
          show(args, code, stdout, stderr))
    # Bad options: exit 2, one line.
    for args in (base + ["--no-sweep"], ["run", "scenarios/pingshan-2024.yaml", "--quick-sweep", "5"]):
        code, stdout, stderr = run_cli(cli, args, root)
        check(code == 2 and stdout == "" and stderr.count("\n") == 1, show(args, code, stdout, stderr))


def schema(cli, root):
    code, stdout, stderr = run_cli(cli, ["schema"], root)
    if not check(code == 0 and stderr == "", show(["schema"], code, stdout, stderr)):
        return
    try:
        doc = json.loads(stdout)
    except ValueError as e:
        return fail("schema output is not JSON: {}".format(e))
    check(isinstance(doc, dict), "schema is not a JSON object")
    check("properties" in doc or "$defs" in doc, "schema without properties")


def help_(cli, root):
    for sub in [[], ["run"], ["compare"], ["validate"], ["schema"]]:
        for flag in ["--help", "-h"]:
            args = sub + [flag]
            code, stdout, stderr = run_cli(cli, args, root)
            context = show(args, code, stdout, stderr)
            check(code == 0 and stderr == "", "help failed\n" + context)
            check(("Usage: clustersim " + " ".join(sub)).strip() in stdout,
                  "no usage line\n" + context)
            check("Example" in stdout, "no examples in the help\n" + context)
    code, stdout, _ = run_cli(cli, ["run", "--help"], root)
    for option in ["--out", "--set", "--solver", "--rtol", "--dt", "--quiet", "--format",
                   "--quick-sweep", "--no-sweep"]:
        check(option in stdout, "run --help does not mention " + option)


def version(cli, root, expected):
    code, stdout, stderr = run_cli(cli, ["--version"], root)
    check(code == 0 and stdout == "clustersim {}\n".format(expected) and stderr == "",
          show(["--version"], code, stdout, stderr))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cli", required=True, help="the clustersim executable")
    parser.add_argument("--root", required=True, help="the source tree")
    parser.add_argument("group", choices=["golden", "bad", "bad-set", "implausible-allowed",
                                          "missing-file", "usage",
                                          "numerical-failure", "numerical-traced", "pingshan",
                                          "verdicts",
                                          "schema", "help",
                                          "version"])
    parser.add_argument("name", nargs="?", help="golden case, bad fixture, --set case, version")
    parser.add_argument("--regen", action="store_true",
                        help="golden: rewrite the expected files from the current output")
    a = parser.parse_args()
    cli, root = os.path.abspath(a.cli), os.path.abspath(a.root)
    if a.regen and a.group != "golden":
        parser.error("--regen applies to golden cases only")
    result = {
        "golden": lambda: golden(cli, root, a.name, a.regen),
        "bad": lambda: bad(cli, root, a.name),
        "bad-set": lambda: bad_set(cli, root, a.name),
        "implausible-allowed": lambda: implausible_allowed(cli, root),
        "missing-file": lambda: missing_file(cli, root),
        "usage": lambda: usage(cli, root),
        "numerical-failure": lambda: numerical_failure(cli, root),
        "numerical-traced": lambda: numerical_traced(cli, root),
        "pingshan": lambda: pingshan(cli, root),
        "verdicts": lambda: verdicts(cli, root),
        "schema": lambda: schema(cli, root),
        "help": lambda: help_(cli, root),
        "version": lambda: version(cli, root, a.name),
    }[a.group]()
    if failures:
        print("{} failure(s)".format(len(failures)), file=sys.stderr)
        return 1
    return result if result == SKIP else 0


if __name__ == "__main__":
    sys.exit(main())
