#!/usr/bin/python3
"""clustersim calibrate through its process boundary (stdlib only).

Cases: fit  -- exit 0, the table, --out files with their headers, fitted.yaml runs, --until
              writes backtest.csv, --mcmc writes posterior.csv with the input paths as header;
       bad  -- bad specs, bad history files and bad options exit 2 with one line naming
              file:line:column, and write nothing.
"""
import csv
import json
import os
import sys

from clitest import check, main, run

def case_fit(cli, root, tmp):
    spec = "calibration/shenzhen-ic.yaml"
    out = os.path.join(tmp, "fit")
    code, stdout, stderr = run(cli, ["calibrate", spec, "--out", out], root)
    check(code == 0, f"calibrate exited {code}: {stderr}")
    check("clusters.ic.share_trend" in stdout and "Theil U" in stdout, "table lacks estimate or Theil")
    for name in ["estimates.csv", "correlation.csv", "fitted.csv", "series.csv", "summary.json", "fitted.yaml"]:
        check(os.path.exists(os.path.join(out, name)), f"--out lacks {name}")
    with open(os.path.join(out, "fitted.csv"), newline="") as f:
        rows = list(csv.reader(f))
    check(rows[0] == ["series", "year", "observed", "fitted", "residual", "in_sample"], f"fitted.csv header {rows[0]}")
    check(len(rows) == 5, "fitted.csv should hold the 4 design-only observations after 2014")
    with open(os.path.join(out, "series.csv"), newline="") as f:
        s = list(csv.DictReader(f))[0]
    total = float(s["um"]) + float(s["us"]) + float(s["uc"])
    check(abs(total - 1) < 1e-9, f"U^M + U^S + U^C = {total}")
    summary = json.load(open(os.path.join(out, "summary.json")))
    est = summary["parameters"][0]
    check(est["lower95"] < est["estimate"] < est["upper95"], "estimate outside its interval")
    code, stdout, stderr = run(cli, ["run", os.path.join(out, "fitted.yaml")], root)
    check(code == 0, f"fitted.yaml does not run: {stderr}")

    out2 = os.path.join(tmp, "bt")
    code, stdout, stderr = run(cli, ["calibrate", spec, "--until", "2022", "--out", out2, "--mcmc",
                                     "--walkers", "8", "--steps", "60", "--burn", "20"], root)
    check(code == 0, f"--until --mcmc exited {code}: {stderr}")
    check("out of sample (after 2022)" in stdout, "no out-of-sample table")
    with open(os.path.join(out2, "backtest.csv"), newline="") as f:
        bt = list(csv.DictReader(f))
    check([r["year"] for r in bt] == ["2023"], f"backtest years {[r['year'] for r in bt]}")
    with open(os.path.join(out2, "posterior.csv"), newline="") as f:
        post = list(csv.reader(f))
    check(post[0] == ["draw", "clusters.ic.share_trend"], f"posterior header {post[0]}")
    check(len(post) == 1 + 8 * 40, f"posterior rows {len(post) - 1}")


def case_bad(cli, root, tmp):
    data = "tests/calibration/data"
    cases = [
        (["calibrate", f"{data}/bad-spec-key.yaml"], f"{data}/bad-spec-key.yaml:6:1: error: strats:"),
        (["calibrate", f"{data}/bad-spec-path.yaml"], f"{data}/bad-spec-path.yaml:3:3: error: parameters.clusters.ic.market_grwoth:"),
        (["calibrate", f"{data}/bad-spec-scope.yaml"], f"{data}/bad-spec-scope.yaml:5:5: error: series.0.scope:"),
        (["calibrate", "calibration/shenzhen-ic.yaml", "--until", "2010"], "--until"),
        (["calibrate", "calibration/shenzhen-ic.yaml", "--walkers", "5"], "--walkers"),
        # One observation up to 2017 and one parameter: no residual sd for the likelihood.
        (["calibrate", "calibration/shenzhen-ic.yaml", "--until", "2017", "--mcmc"], "sigma: cannot be estimated"),
        (["calibrate", f"{data}/missing.yaml"], f"{data}/missing.yaml:0:0: error"),
    ]
    # A spec whose history file is malformed.
    spec = os.path.join(tmp, "spec.yaml")
    with open(spec, "w") as f:
        f.write(f"scenario: {root}/scenarios/shenzhen-ic-2025.yaml\n"
                "parameters:\n  clusters.ic.market_growth: {lower: 0.02, upper: 0.5}\n"
                f"series:\n  - {{file: {root}/{data}/bad-value.csv, series: ic_revenue, cluster: ic}}\n")
    cases.append((["calibrate", spec], f"{root}/{data}/bad-value.csv:3:21: error: value:"))
    for args, prefix in cases:
        out = os.path.join(tmp, "out")
        code, stdout, stderr = run(cli, args + ["--out", out], root)
        check(code == 2, f"{args}: exit {code}, expected 2 ({stderr.strip()})")
        lines = stderr.strip().splitlines()
        check(len(lines) == 1, f"{args}: {len(lines)} lines on stderr")
        check(prefix in stderr, f"{args}: stderr {stderr.strip()!r} lacks {prefix!r}")
        check(not os.path.exists(out), f"{args}: wrote {out}")


if __name__ == "__main__":
    sys.exit(main({"fit": case_fit, "bad": case_bad}))
