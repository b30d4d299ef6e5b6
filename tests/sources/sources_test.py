#!/usr/bin/python3
"""The project's sources stay inside the project (stdlib only; /usr/bin/python3).

    sources_test.py --root SRC CASE

Cases:
  references   no file outside tests/ and .ci/ refers to material outside the repository: the
               compilation the data were copied from, a policy document by its file number, or an
               absolute path (REFERENCE below); the files the lead is still rewriting are listed in
               BEING_REWRITTEN and skipped until that list is emptied.
  sources      data/sources.csv: exact header, unique well-formed ids, the required fields, tag
               strong/weak/derived, address a URL or empty, date YYYY[-MM[-DD]] or empty.
  series       every `source` of calibration/*.csv, and every *source column of data/*.csv, names
               ids of data/sources.csv (one or more, separated by ";").
  citations    every "[id]" citation in the text files outside tests/ and .ci/ names an id of
               data/sources.csv ("[" lowercase words joined by hyphens "]", not followed by "(").
  self         the checks above find planted errors in small files written to a temporary
               directory (so none of them can pass by finding nothing).
"""
import argparse
import csv
import fnmatch
import io
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from clitest import check, failures  # noqa: E402  (the shared check of the command tests)

REFERENCE = re.compile(r"facts\.md|facts §|\bseed 00[0-9]|/work/|/shared/")
CITATION = re.compile(r"\[([a-z][a-z0-9]+(?:-[a-z0-9]+)+)\](?!\()")
SOURCE_ID = re.compile(r"^[a-z][a-z0-9]+(?:-[a-z0-9]+)+$")
ADDRESS = re.compile(r"^https?://[^\s/]+\S*$")
DATE = re.compile(r"^[12][0-9]{3}(-[01][0-9](-[0-3][0-9])?)?$")
SOURCES_HEADER = ["id", "title", "publisher", "address", "date", "tag", "note"]
TAGS = {"strong", "weak", "derived"}

# Files the lead is rewriting at the same time (model v2 and the city scenario); their citations of
# the old compilation and of policy documents by file number go when they are rewritten. The lead
# empties this list; a file left here that no longer needs it is reported (see `references`).
# Patterns are fnmatch patterns, whose "*" also matches "/": "scenarios/*.yaml" covers the sweep
# files under scenarios/sweeps/ as well.
BEING_REWRITTEN = [
    "model/include/clustersim/core/params.hpp",
    "docs/scenario.schema.json",
    "model/python/clustersim/plot.py",
]



def project_files(root):
    """Tracked files and new files not ignored, relative to root; a walk when git is unavailable."""
    try:
        out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                             cwd=root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True).stdout
        names = [n for n in out.decode("utf-8").split("\0") if n]
        return sorted(n for n in names if os.path.isfile(os.path.join(root, n)))
    except (OSError, subprocess.CalledProcessError):
        names = []
        for d, dirs, files in os.walk(root):
            dirs[:] = [x for x in dirs if not x.startswith((".git", "build")) and x != "node_modules"]
            names += [os.path.relpath(os.path.join(d, f), root) for f in files]
        return sorted(names)


def text_of(path):
    """The file as text, or None for binary files."""
    with open(path, "rb") as f:
        data = f.read()
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def outside_references(root, files, exempt):
    """(file, line number, line) for every reference outside the project; and the exempt patterns used."""
    found, used = [], set()
    for name in files:
        if name.startswith(("tests/", ".ci/")):
            continue
        text = text_of(os.path.join(root, name))
        if text is None:
            continue
        hits = [(k, line) for k, line in enumerate(text.splitlines(), 1) if REFERENCE.search(line)]
        if not hits:
            continue
        pattern = next((p for p in exempt if fnmatch.fnmatch(name, p)), None)
        if pattern is not None:
            used.add(pattern)
            continue
        found += [(name, k, line.strip()) for k, line in hits]
    return found, used


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def sources_problems(path):
    """Problems of a sources file as messages; and its ids."""
    problems, ids = [], set()
    with open(path, "rb") as f:
        raw = f.read()
    if raw.startswith(b"\xef\xbb\xbf") or b"\r" in raw:
        problems.append(f"{path}: write UTF-8 without BOM and with \\n line ends")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    if not rows or rows[0] != SOURCES_HEADER:
        problems.append(f"{path}:1: header must be {','.join(SOURCES_HEADER)}")
        return problems, ids
    for k, row in enumerate(rows[1:], 2):
        if len(row) != len(SOURCES_HEADER):
            problems.append(f"{path}:{k}: {len(row)} fields, expected {len(SOURCES_HEADER)}")
            continue
        r = dict(zip(SOURCES_HEADER, (x.strip() for x in row)))
        where = f"{path}:{k}: {r['id'] or '(no id)'}"
        if not SOURCE_ID.match(r["id"]):
            problems.append(f"{where}: id must be lowercase words joined by hyphens")
        if r["id"] in ids:
            problems.append(f"{where}: duplicate id")
        ids.add(r["id"])
        for col in ("title", "publisher", "note"):
            if not r[col]:
                problems.append(f"{where}: empty {col}")
        if r["tag"] not in TAGS:
            problems.append(f"{where}: tag {r['tag']!r} is not one of strong, weak, derived")
        if r["address"] and not ADDRESS.match(r["address"]):
            problems.append(f"{where}: address {r['address']!r} is not an http(s) URL")
        if r["date"] and not DATE.match(r["date"]):
            problems.append(f"{where}: date {r['date']!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return problems, ids


def split_ids(text):
    return [x.strip() for x in text.split(";") if x.strip()]


def series_problems(root, files, ids):
    """Unknown or missing source ids in calibration/*.csv and in the *source columns of data/*.csv."""
    problems = []
    for name in files:
        if not name.endswith(".csv") or os.path.dirname(name) not in ("calibration", "data") \
                or name == "data/sources.csv":
            continue
        rows = read_csv(os.path.join(root, name))
        if not rows:
            continue
        columns = [c for c, h in enumerate(rows[0]) if h == "source" or h.endswith("_source")]
        if name.startswith("calibration/") and rows[0][8:9] != ["source"]:
            problems.append(f"{name}:1: no source column")
        for k, row in enumerate(rows[1:], 2):
            for c in columns:
                cell = row[c] if c < len(row) else ""
                if not cell.strip() and (name.startswith("calibration/") or rows[0][c] == "source"):
                    problems.append(f"{name}:{k}: empty {rows[0][c]}")
                for i in split_ids(cell):
                    if i not in ids:
                        problems.append(f"{name}:{k}: {rows[0][c]} {i!r} is not an id of data/sources.csv")
    return problems


def citation_problems(root, files, ids):
    problems = []
    for name in files:
        text = text_of(os.path.join(root, name))
        if text is None:
            continue
        for k, line in enumerate(text.splitlines(), 1):
            for m in CITATION.finditer(line):
                if m.group(1) not in ids:
                    problems.append(f"{name}:{k}: citation [{m.group(1)}] is not an id of data/sources.csv")
    return problems


def case_references(root):
    files = project_files(root)
    found, used = outside_references(root, files, BEING_REWRITTEN)
    for name, k, line in found:
        check(False, f"{name}:{k}: refers outside the project (cite data/sources.csv ids or the "
                     f"document's title and number): {line[:160]}")
    for pattern in BEING_REWRITTEN:
        if pattern not in used:  # reported, not failed: the lead empties the list as files are rewritten
            print(f"note: BEING_REWRITTEN lists {pattern!r}, which no longer needs it", file=sys.stderr)


def case_sources(root):
    problems, ids = sources_problems(os.path.join(root, "data/sources.csv"))
    for p in problems:
        check(False, p)
    check(len(ids) >= 50, f"data/sources.csv has {len(ids)} ids; expected the project's full list")


def case_series(root):
    _, ids = sources_problems(os.path.join(root, "data/sources.csv"))
    files = project_files(root)
    check(any(f.startswith("calibration/") and f.endswith(".csv") for f in files), "no calibration/*.csv found")
    for p in series_problems(root, files, ids):
        check(False, p)


def case_citations(root):
    _, ids = sources_problems(os.path.join(root, "data/sources.csv"))
    files = [f for f in project_files(root) if not f.startswith(("tests/", ".ci/"))]
    for p in citation_problems(root, files, ids):
        check(False, p)


def case_self(root):
    """Each check on planted errors: it must report exactly what was planted."""
    with tempfile.TemporaryDirectory(prefix="clustersim-sources-") as tmp:
        def write(name, text):
            path = os.path.join(tmp, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
        write("data/sources.csv",
              "id,title,publisher,address,date,tag,note\n"
              "good-one,T,P,https://example.org/a,2024-02-18,strong,n\n"
              "good-two,T,P,,1996,weak,a printed paper\n"
              "good-one,T,P,,,weak,n\n"           # duplicate id
              "Bad_id,T,P,,,weak,n\n"             # malformed id
              "no-tag,T,P,,,official,n\n"         # tag outside the set
              "no-url,T,P,example.org/a,,weak,n\n"  # address without a scheme
              "bad-date,T,P,,2024/02,weak,n\n"    # date format
              "no-note,T,P,,,weak,\n")            # empty note
        problems, ids = sources_problems(os.path.join(tmp, "data/sources.csv"))
        expected = ["duplicate id", "id must be", "tag 'official'", "not an http(s) URL", "date '2024/02'", "empty note"]
        for e in expected:
            check(sum(e in p for p in problems) == 1, f"self: sources check should report {e!r} once: {problems}")
        check(len(problems) == len(expected), f"self: sources check reported {len(problems)} problems: {problems}")
        write("calibration/x.csv", "series,region,year,value,qualifier,unit,scope,tag,source,note\n"
                                   "a,深圳市,2020,1,=,亿元,s,weak,good-one; good-two,\n"
                                   "a,深圳市,2021,1,=,亿元,s,weak,good-one; nosuch-id,\n"
                                   "a,深圳市,2022,1,=,亿元,s,weak,,\n")
        write("data/y.csv", "id,baseline_source,target_source\nx,good-two,\ny,,missing-id\n")
        files = ["calibration/x.csv", "data/sources.csv", "data/y.csv"]
        sp = series_problems(tmp, files, ids)
        check(len(sp) == 3 and "nosuch-id" in sp[0] and "empty source" in sp[1] and "missing-id" in sp[2],
              f"self: series check {sp}")
        write("docs/a.md", "as in [good-one] and [good-two]; not [unknown-id]; [a link](x) [weak] [x]\n")
        write("docs/b.md", "see /work/shared/facts.md\nseed 004 says\nfine line\n")
        write("scenarios/c.yaml", "facts §2\n")
        cp = citation_problems(tmp, ["docs/a.md"], ids)
        check(len(cp) == 1 and "[unknown-id]" in cp[0], f"self: citation check {cp}")
        found, used = outside_references(tmp, ["docs/a.md", "docs/b.md", "scenarios/c.yaml"],
                                         ["scenarios/*.yaml", "docs/none.md"])
        check([(n, k) for n, k, _ in found] == [("docs/b.md", 1), ("docs/b.md", 2)],
              f"self: reference check {found}")
        check(used == {"scenarios/*.yaml"}, f"self: exempt patterns used {used}")


CASES = {"references": case_references, "sources": case_sources, "series": case_series,
         "citations": case_citations, "self": case_self}

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("case", choices=sorted(CASES) + ["all"])
    a = ap.parse_args()
    for name in sorted(CASES) if a.case == "all" else [a.case]:
        CASES[name](os.path.abspath(a.root))
    if failures:
        print(f"{len(failures)} failure(s)", file=sys.stderr)
        sys.exit(1)
