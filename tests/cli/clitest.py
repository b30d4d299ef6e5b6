"""Shared harness of the command tests run as `<test>.py --cli CLI --root SRC CASE` (stdlib only).

    from clitest import check, run, main
    def case_x(cli, root, tmp): ...          # tmp: a fresh temporary directory
    if __name__ == "__main__":
        sys.exit(main({"x": case_x}))
"""
import argparse
import os
import subprocess
import sys
import tempfile

failures = []


def check(condition, message):
    """Record and print a failed check; return the condition so a case can stop early."""
    if not condition:
        failures.append(message)
        print("FAIL: " + message, file=sys.stderr)
    return condition


def run(cli, args, cwd):
    """Run the command; exit code, stdout and stderr as text."""
    p = subprocess.run([cli] + args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=600)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def main(cases):
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("case", choices=sorted(cases))
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="clustersim-%s-" % a.case) as tmp:
        cases[a.case](os.path.abspath(a.cli), os.path.abspath(a.root), tmp)
    if failures:
        print("%d check(s) failed" % len(failures), file=sys.stderr)
        return 1
    print("ok")
    return 0
