#!/usr/bin/python3
"""Tests of `clustersim seek` and `clustersim optimize` through the process boundary (stdlib only).

    seek_optimize_cli_test.py --cli build/clustersim --root . CASE

Cases:
  seek      Pingshan IC 2030 with the fund lever: unreachable, labour named; a reachable variant
            (--set) writes --out (summary.json, trajectories.csv, ...): status found, projected
            at or just above the target, the run written is the run at the level
  optimize  Shenzhen IC with a harder target: allocation.csv, targets.csv, summary.json; the
            target met; the cost in summary.json equals the sum of allocation.csv's costs
  pingshan  Pingshan's six 2030 targets, least cost: the IC fund stays above ×1 (it still buys IC
            progress), land and floor at most the top of the scenario's uncertainty range (×1.5,
            ×1.1), the answer reproducible run to run; with --bound land=1.44 --bound floor=1 the
            optimum is not the scenario's allocation and keeps the bounds; seek's land answer for
            new energy 2030 acts in 2024–2030 only
  bad       exit 2, one stderr line, no output directory: unknown cluster, unknown lever kind,
            target without a scenario target, negative budget, count without a budget
"""

import csv
import json
import os
import re
import sys

from clitest import check, main, run

PINGSHAN = "scenarios/pingshan-2024.yaml"
SHENZHEN_IC = "scenarios/shenzhen-ic-2025.yaml"


def case_seek(cli, root, tmp):
    code, out, err = run(cli, ["seek", PINGSHAN, "--target", "ic:2030", "--lever", "fund:ic"], root)
    check(code == 0, f"seek ic:2030 fund:ic exits 0, got {code}: {err}")
    check("unreachable even at the bound" in out, "Pingshan IC 2030 by fund is unreachable: " + out)
    # With the fund at its bound, IC is short of capital and space, not of money to deploy.
    check(re.search(r"binding constraint in 2030 at the bound: (capital|labour|space|demand)",
                    out) is not None, "the binding constraint at the bound is named: " + out)
    check("半导体与集成电路" in out, "the Chinese cluster name is printed")

    d = os.path.join(tmp, "seek")
    code, out, err = run(cli, ["seek", PINGSHAN, "--target", "ic:2030", "--lever", "fund:ic",
                               "--set", "targets.3.value=270", "--out", d], root)
    check(code == 0, f"reachable seek exits 0, got {code}: {err}")
    check("the target is reached at" in out, "a level is found: " + out)
    files = sorted(os.listdir(d)) if os.path.isdir(d) else []
    check(files == ["binding.csv", "summary.json", "targets.csv", "trajectories.csv"],
          f"seek --out files: {files}")
    if "summary.json" in files:
        with open(os.path.join(d, "summary.json"), encoding="utf-8") as f:
            s = json.load(f)
        sk = s["seek"]
        check(sk["status"] == "found", f"status found: {sk['status']}")
        check(sk["projected"] >= sk["target"]["value"], "projected >= target")
        check(sk["projected"] - sk["target"]["value"] < 1e-3 * sk["target"]["value"],
              "projected within 0.1% of the target")
        check(sk["bracket"][1] == sk["level"], "the level is the upper end of the bracket")
        ic = [t for t in s["run"]["targets"] if t["cluster"] == "ic" and t["year"] == 2030]
        check(len(ic) == 1 and ic[0]["projected"] == sk["projected"],
              "the run written is the run at the level")


def case_optimize(cli, root, tmp):
    d = os.path.join(tmp, "opt")
    # On model v2 Shenzhen IC is demand-bound in 2025 (no lever moves it by then): the target is
    # a 2030 figure just above the scenario's projection (5,030.9), which money and sites reach.
    code, out, err = run(cli, ["optimize", SHENZHEN_IC, "--set", "targets.0.value=5040",
                               "--set", "targets.0.year=2030",
                               "--out", d], root)
    check(code == 0, f"optimize exits 0, got {code}: {err}")
    check("1 of 1 targets met" in out, "the target is met: " + out)
    files = sorted(os.listdir(d)) if os.path.isdir(d) else []
    check(files == ["allocation.csv", "summary.json", "targets.csv"], f"optimize --out files: {files}")
    if len(files) == 3:
        with open(os.path.join(d, "allocation.csv"), encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        with open(os.path.join(d, "summary.json"), encoding="utf-8") as f:
            s = json.load(f)
        check([r["lever"] + ":" + r["cluster"] for r in rows] ==
              ["fund:ic", "land:region", "floor:region", "talent:region"], "allocation rows")
        total = sum(float(r["cost"]) for r in rows)
        check(abs(total - s["total_cost"]) <= 1e-9 * max(1.0, total), "total cost = Σ row costs")
        check(s["targets_met"] == 1 and s["feasible"], "summary: met and feasible")
        for r in rows:
            check(abs(float(r["amount"]) - float(r["multiplier"]) * float(r["scenario_amount"]))
                  <= 1e-9 * max(1.0, float(r["amount"])), "amount = multiplier × scenario amount")
        with open(os.path.join(d, "targets.csv"), encoding="utf-8") as f:
            t = list(csv.DictReader(f))
        check(len(t) == 1 and float(t[0]["projected"]) >= 5040 * (1 - 1e-6),
              "targets.csv: projected >= 5040")


def allocation(cli, root, tmp, name, extra):
    d = os.path.join(tmp, name)
    code, out, err = run(cli, ["optimize", PINGSHAN, "--out", d] + extra, root)
    check(code == 0, f"optimize {' '.join(extra)} exits 0, got {code}: {err}")
    path = os.path.join(d, "allocation.csv")
    if not os.path.exists(path):
        return {}, {}, out
    with open(path, encoding="utf-8") as f:
        rows = {r["lever"] + ":" + r["cluster"]: r for r in csv.DictReader(f)}
    with open(os.path.join(d, "summary.json"), encoding="utf-8") as f:
        s = json.load(f)
    return rows, s, out


def case_pingshan(cli, root, tmp):
    rows, s, out = allocation(cli, root, tmp, "default", [])
    if rows:
        check(float(rows["fund:ic"]["multiplier"]) > 1.0, "the IC fund stays: " + out)
        check(float(rows["fund:ic"]["gain_per_yi"]) > 0.0, "and still buys IC progress: " + out)
        check(float(rows["land:region"]["multiplier"]) <= 1.5 + 1e-12, "land within ×1.5: " + out)
        check(float(rows["floor:region"]["multiplier"]) <= 1.1 + 1e-12, "floor within ×1.1: " + out)
        check(s["bounds"].get("land:region") == {"max": 1.5, "basis": "scenario"},
              f"summary.json names land's declared bound: {s['bounds']}")
        check("joint best" in out and "held at ≥" in out, "out-of-reach targets: best and held level")
    again, _, _ = allocation(cli, root, tmp, "again", [])
    check(again == rows, "the same allocation on a second run")

    rows, s, out = allocation(cli, root, tmp, "bounded", ["--bound", "land=1.44", "--bound", "floor=1"])
    if rows:
        check(float(rows["land:region"]["multiplier"]) <= 1.44 + 1e-12, "land within ×1.44: " + out)
        check(float(rows["floor:region"]["multiplier"]) <= 1.0 + 1e-12, "floor within ×1: " + out)
        moved = max(abs(float(r["multiplier"]) - 1.0) for r in rows.values())
        check(moved > 0.1, "the bounded optimum is not the scenario's allocation: " + out)
        check(abs(s["total_cost"] - s["scenario_cost"]) > 1.0, "nor its cost: " + out)

    code, out, err = run(cli, ["seek", PINGSHAN, "--target", "newenergy:2030", "--lever", "land",
                               "--max", "1.5"], root)
    check(code == 0, f"seek newenergy land exits 0, got {code}: {err}")
    check("in 2024–2030" in out, "the multiplier acts in the policy years: " + out)


def case_bad(cli, root, tmp):
    cases = [
        (["seek", PINGSHAN, "--target", "icc:2030", "--lever", "fund:ic"], "icc"),
        (["seek", PINGSHAN, "--target", "ic:2030", "--lever", "fund:icc"], "unknown cluster 'icc'"),
        (["seek", PINGSHAN, "--target", "ic:2030", "--lever", "money:ic"], "unknown lever kind 'money'"),
        (["seek", PINGSHAN, "--target", "ic:2029", "--lever", "fund:ic"], "ic:2030"),
        (["seek", PINGSHAN, "--target", "meddev:2030", "--lever", "fund:meddev"], "--mode amount"),
        (["optimize", PINGSHAN, "--budget", "-5"], "--budget"),
        (["optimize", PINGSHAN, "--objective", "count"], "needs a --budget"),
        (["optimize", PINGSHAN, "--targets", "ic:2031"], "no target 'ic:2031'"),
    ]
    for args, needle in cases:
        d = os.path.join(tmp, "bad-out")
        code, out, err = run(cli, args + ["--out", d], root)
        what = " ".join(args)
        check(code == 2, f"{what}: exit 2, got {code}")
        check(len(err.strip().splitlines()) == 1, f"{what}: one stderr line, got {err!r}")
        check(needle in err, f"{what}: message names {needle!r}: {err!r}")
        check(not os.path.exists(d), f"{what}: no output directory")


if __name__ == "__main__":
    sys.exit(main({"seek": case_seek, "optimize": case_optimize, "pingshan": case_pingshan, "bad": case_bad}))
