"""Lever schedules from Excel or WPS into a what-if scenario.

    python3 -m clustersim.import_levers SCHEDULE.xlsx --scenario S.yaml --out WHATIF.yaml [--force]
    clustersim import-levers SCHEDULE.xlsx --scenario S.yaml --out WHATIF.yaml     (the same)

A lever sheet is named after its lever: ``fund``, ``land``, ``floor``, ``talent``, or the names
the review pack gives them (产业基金, 工业用地, 工业上楼厂房, 人才引进; industry fund, industrial
land, high-rise factory floor, talent programme). Its layout is the pack's (``_workbook``):

    row 1      集群代码 | 集群  | 2023     | 2024     | ...     (years from the first year column)
    row 2      单位     |       | 亿元/yr  | 亿元/yr  | ...     (each year's unit; blank: as on its left)
    row 3...   ic       | 半导体 | 0        | 20       | ...     (a cluster id or name, or 'region')

Columns between the first and the years (a name) are ignored; other sheets are ignored, so the
pack's whole workbook can be read back. WHATIF.yaml ``extends`` the scenario and replaces every
lever row whose amounts differ from the scenario's with ``!replace {by_year: ...}`` (years the
sheet leaves out keep the scenario's amounts). Errors name the workbook, sheet, cell and key
(``SCHEDULE.xlsx:产业基金!D4: error: levers.fund.ic.by_year.2025: expected a number, got 'x'``),
exit 2, and nothing is written. An existing WHATIF.yaml is replaced only with ``--force``.
Reading needs Debian's python3-openpyxl.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import difflib
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from . import _core
from ._api import Scenario, load
from ._workbook import LEVER_UNIT, REGION_NAME

__all__ = ["import_levers", "main", "Imported"]


@dataclass
class Imported:
    """What :func:`import_levers` wrote: the file, and the lever rows that differ from the
    scenario's as (lever, row) pairs (empty: the schedule equals the scenario)."""

    path: Path
    changed: List[Tuple[str, str]] = field(default_factory=list)
    scenario: Optional[Scenario] = None


class _Bad(Exception):
    """An error at a cell: message and where."""

    def __init__(self, sheet: str, cell: str, key: str, message: str):
        super().__init__(message)
        self.sheet, self.cell, self.key, self.message = sheet, cell, key, message


@dataclass
class _Row:
    lever: str
    row: str          # cluster id or 'region'
    sheet: str
    number: int       # the sheet's row number
    values: Dict[int, Tuple[float, str, str, str]]  # year -> (amount, unit, cell, unit's cell)


def _error(workbook: str, e: _Bad) -> "_core.InputError":
    where = f"{workbook}:{e.sheet}!{e.cell}" if e.sheet else workbook
    key = f"{e.key}: " if e.key else ""
    return _core.InputError(f"{where}: error: {key}{e.message}")


def _lever_names() -> Dict[str, str]:
    """Every accepted sheet name (lower-case) -> lever key."""
    names = {}
    for lv in _core.levers():
        for n in (lv["key"], lv["label_zh"], lv["label_en"]):
            names[n.strip().lower()] = lv["key"]
    return names


def _cell(col: int, row: int) -> str:
    from openpyxl.utils import get_column_letter
    return f"{get_column_letter(col)}{row}"


def _year(v) -> Optional[int]:
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, np.integer)) or (isinstance(v, float) and v.is_integer()):
        y = int(v)
    elif isinstance(v, str) and re.fullmatch(r"\s*\d{4}\s*", v):
        y = int(v)
    else:
        return None
    return y if 1900 <= y <= 2200 else None


def _number(v) -> Optional[float]:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float, np.integer, np.floating)):
        return float(v)
    if isinstance(v, str):
        try:
            return float(v.strip())
        except ValueError:
            return None
    return None


def _row_id(text: str, sc: Scenario, region_allowed: bool) -> Optional[str]:
    t = text.strip()
    if t in sc.cluster_ids:
        return t
    for cid in sc.cluster_ids:
        info = sc.cluster_info(cid)
        if t in (info.get("name"), info.get("name_en")):
            return cid
    if region_allowed and t.lower() in ("region", REGION_NAME[0], REGION_NAME[1]):
        return "region"
    return None


def _read_sheet(ws, lever: dict, sc: Scenario) -> List[_Row]:
    sheet, key = ws.title, lever["key"]
    rows = list(ws.iter_rows(values_only=True))
    if len(rows) < 2:
        raise _Bad(sheet, "A1", f"levers.{key}",
                   "expected the years in row 1 and the units in row 2 (the review pack's layout)")
    header = rows[0]
    years: List[Tuple[int, int]] = []  # (column, year)
    for j, v in enumerate(header, start=1):
        y = _year(v)
        if y is not None:
            years.append((j, y))
        elif years and v not in (None, ""):
            raise _Bad(sheet, _cell(j, 1), f"levers.{key}", f"expected a year, got {v!r}")
    if not years:
        raise _Bad(sheet, "B1", f"levers.{key}", "no year in row 1 (expected e.g. 2024, 2025, ...)")
    for j, y in years:
        if not sc.start_year <= y <= sc.end_year:
            raise _Bad(sheet, _cell(j, 1), f"levers.{key}",
                       f"year {y} lies outside the horizon {sc.start_year}–{sc.end_year} of "
                       f"{sc.file}")
    seen_years = {}
    for j, y in years:
        if y in seen_years:
            raise _Bad(sheet, _cell(j, 1), f"levers.{key}",
                       f"year {y} twice (also in {_cell(seen_years[y], 1)})")
        seen_years[y] = j
    unit_label = rows[1][0] if rows[1] else None
    if not (isinstance(unit_label, str) and unit_label.strip().lower() in
            (LEVER_UNIT[0], LEVER_UNIT[1])):
        raise _Bad(sheet, "A2", f"levers.{key}",
                   f"row 2 must be the unit row ('{LEVER_UNIT[0]}' or '{LEVER_UNIT[1]}' in column "
                   f"A, then each year's unit), got {unit_label!r}")
    units: Dict[int, Tuple[str, str]] = {}  # column -> (unit, the cell that states it)
    current = (lever["unit"], _cell(years[0][0], 2))
    for j, _ in years:
        v = rows[1][j - 1] if j - 1 < len(rows[1]) else None
        if isinstance(v, str) and v.strip():
            current = (v.strip(), _cell(j, 2))
        elif v not in (None, ""):
            raise _Bad(sheet, _cell(j, 2), f"levers.{key}", f"expected a unit, got {v!r}")
        units[j] = current
    out: List[_Row] = []
    seen: Dict[str, int] = {}
    for i, values in enumerate(rows[2:], start=3):
        if all(v in (None, "") for v in values):
            continue
        label = values[0] if values else None
        if label in (None, ""):
            raise _Bad(sheet, _cell(1, i), f"levers.{key}",
                       "no cluster in column A (a cluster id or name, or 'region')")
        rid = _row_id(str(label), sc, lever["region_allowed"])
        if rid is None:
            choices = list(sc.cluster_ids) + (["region"] if lever["region_allowed"] else [])
            close = difflib.get_close_matches(str(label).strip(), choices, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f" (clusters: {', '.join(choices)})"
            if str(label).strip().lower() in ("region", REGION_NAME[0], REGION_NAME[1]):
                hint = f": the {key} lever has no region pool; name a cluster"
            raise _Bad(sheet, _cell(1, i), f"levers.{key}",
                       f"unknown cluster {str(label).strip()!r}{hint}")
        if rid in seen:
            raise _Bad(sheet, _cell(1, i), f"levers.{key}.{rid}",
                       f"'{rid}' twice (also in row {seen[rid]})")
        seen[rid] = i
        cells = {}
        for j, y in years:
            v = values[j - 1] if j - 1 < len(values) else None
            path = f"levers.{key}.{rid}.by_year.{y}"
            if v in (None, ""):
                raise _Bad(sheet, _cell(j, i), path, "empty cell: write 0 for no amount")
            x = _number(v)
            if x is None or not np.isfinite(x):
                raise _Bad(sheet, _cell(j, i), path, f"expected a number, got {v!r}")
            if x < 0:
                raise _Bad(sheet, _cell(j, i), path, f"must be ≥ 0, got {x:g} {units[j][0]}")
            cells[y] = (x, units[j][0], _cell(j, i), units[j][1])
        out.append(_Row(key, rid, sheet, i, cells))
    return out


def read_schedules(workbook: str, sc: Scenario) -> List[_Row]:
    """Every lever row of the workbook's lever sheets; raises _Bad or InputError."""
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - the dependency is installed by .ci/install-deps.sh
        raise _core.Error("clustersim import-levers: error: reading .xlsx needs openpyxl "
                          "(Debian: sudo apt-get install python3-openpyxl)")
    if not os.path.isfile(workbook):
        raise _core.InputError(f"{workbook}: error: cannot open the workbook: no such file")
    try:
        wb = openpyxl.load_workbook(workbook, data_only=True, read_only=True)
    except Exception as e:  # zipfile.BadZipFile, KeyError, InvalidFileException
        raise _core.InputError(f"{workbook}: error: not an .xlsx workbook ({type(e).__name__}: "
                               f"{e})".replace("\n", " "))
    names = _lever_names()
    levers = {lv["key"]: lv for lv in _core.levers()}
    rows: List[_Row] = []
    found: Dict[str, str] = {}
    try:
        for ws in wb.worksheets:
            key = names.get(ws.title.strip().lower())
            if key is None:
                continue
            if key in found:
                raise _Bad(ws.title, "A1", f"levers.{key}",
                           f"a second sheet for the {key} lever (also '{found[key]}')")
            found[key] = ws.title
            rows += _read_sheet(ws, levers[key], sc)
    finally:
        wb.close()
    if not found:
        expected = ", ".join(f"{lv['key']} ({lv['label_zh']}, {lv['label_en']})"
                             for lv in _core.levers())
        raise _Bad("", "", "", f"no lever sheet; expected a sheet named after a lever: {expected}")
    return rows


def _yaml_text(texts: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + texts.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _number_text(x: float) -> str:
    return repr(float(x)) if not float(x).is_integer() else str(int(x))


def _what_if(rows: List[_Row], sc: Scenario, workbook: str, out: Path,
             name: str) -> Tuple[str, Dict[int, Tuple[str, str, str, str]]]:
    """The YAML text and, per line number, the (sheet, cell, unit's cell, key) it came from."""
    base = os.path.relpath(os.path.abspath(sc.file), os.path.abspath(out.parent))
    book = os.path.basename(workbook)
    lines = _schema_line(sc, out) + [
             f"# Lever schedules imported from {book} by clustersim import-levers "
             f"({_core.version()}, {_dt.date.today().isoformat()}).",
             "# Each row replaces the scenario's amounts of that lever and cluster (!replace);",
             "# years the workbook leaves out keep the scenario's amounts.",
             f"extends: {base}",
             "scenario:",
             f"  name: {name}",
             f"  title: {_yaml_text(sc.title + '（导入的杠杆安排）')}",
             f"  title_en: {_yaml_text(sc.text('title', 'en') + ' (imported lever schedules)')}"]
    where: Dict[int, Tuple[str, str, str, str]] = {}
    if not rows:
        lines.append("# The workbook's schedules equal the scenario's: no lever differs.")
        return "\n".join(lines) + "\n", where
    lines.append("levers:")
    for lever in [lv["key"] for lv in _core.levers()]:
        mine = [r for r in rows if r.lever == lever]
        if not mine:
            continue
        lines.append(f"  {lever}:")
        for r in mine:
            lines.append(f"    {r.row}: !replace")
            lines.append("      by_year:")
            kept = sc.lever(lever)[r.row]
            info = next(lv for lv in _core.levers() if lv["key"] == lever)
            for year in sc.years:
                if int(year) in r.values:
                    x, unit, cell, unit_cell = r.values[int(year)]
                    where[len(lines) + 1] = (r.sheet, cell, unit_cell,
                                             f"levers.{lever}.{r.row}.by_year.{year}")
                    lines.append(f"        {year}: {_yaml_text(f'{_number_text(x)} {unit}')}")
                else:
                    same = f"{_number_text(float(kept[year]))} {info['unit']}"
                    lines.append(f"        {year}: {_yaml_text(same)}  # as in the scenario")
            lines.append(f"      source: {_yaml_text(f'{book}, sheet {r.sheet}, row {r.number}')}")
    return "\n".join(lines) + "\n", where


def _schema_line(sc: Scenario, out: Path) -> List[str]:
    """The scenario's yaml-language-server line, its schema path made relative to `out`."""
    try:
        first = Path(sc.file).read_text(encoding="utf-8").splitlines()[0]
    except (OSError, IndexError):
        return []
    m = re.match(r"#\s*yaml-language-server:\s*\$schema=(\S+)", first)
    if not m or "://" in m.group(1):
        return [first] if m else []
    schema = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(sc.file)), m.group(1)))
    return [f"# yaml-language-server: $schema={os.path.relpath(schema, os.path.abspath(out.parent))}"]


def _scenario_name(out: Path, sc: Scenario) -> str:
    stem = re.sub(r"[^a-z0-9_-]+", "-", out.stem.lower()).strip("-_")
    return stem if stem and stem[0].isalnum() else f"{sc.name}-levers"


def _load_checked(text: str, where: dict, out: Path, workbook: str) -> Scenario:
    """Write `text` beside `out` (extends resolves from there) and load it; an error in it is
    reported at the workbook's cell it came from. Returns the scenario; removes the file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".yaml", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        try:
            return load(tmp)
        except _core.ScenarioError as e:
            if os.path.abspath(e.file) == os.path.abspath(tmp) and e.line in where:
                sheet, cell, unit_cell, key = where[e.line]
                # A unit the loader rejects is the unit row's mistake, not the amount's.
                about_unit = "unit" in e.message or "which is" in e.message
                raise _error(workbook, _Bad(sheet, unit_cell if about_unit else cell, key,
                                            e.message)) from None
            raise
    finally:
        os.unlink(tmp)


def import_levers(workbook, scenario, out, force: bool = False) -> Imported:
    """Read the lever sheets of `workbook`, write the what-if `out` that extends `scenario` with
    the rows that differ, and return what was written. Raises InputError (cell named) or
    ScenarioError; writes nothing then."""
    workbook, out = str(workbook), Path(out)
    sc = scenario if isinstance(scenario, Scenario) else load(scenario)
    if out.exists() and not force:
        raise _core.InputError(f"clustersim import-levers: error: --out {out}: the file exists; "
                               "pass --force to replace it")
    if not out.parent.is_dir():
        raise _core.InputError(f"clustersim import-levers: error: --out {out}: no directory "
                               f"'{out.parent}'")
    try:
        rows = read_schedules(workbook, sc)
    except _Bad as e:
        raise _error(workbook, e) from None
    name = _scenario_name(out, sc)
    # First every row, to check each cell's unit and range with the scenario loader...
    text, where = _what_if(rows, sc, workbook, out, name)
    full = _load_checked(text, where, out, workbook)
    # ...then only the rows whose amounts differ from the scenario's.
    changed = []
    for r in rows:
        a = sc.lever(r.lever)[r.row].to_numpy()
        b = full.lever(r.lever)[r.row].to_numpy()
        if not np.allclose(a, b, rtol=1e-12, atol=0.0):
            changed.append(r)
    text, where = _what_if(changed, sc, workbook, out, name)
    result = _load_checked(text, where, out, workbook)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, out)
    return Imported(out, [(r.lever, r.row) for r in changed], result)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, as the command does
        sys.stderr.write(f"clustersim import-levers: error: {message} "
                         "(see 'clustersim import-levers --help')\n")
        sys.exit(2)


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = _Parser(prog="clustersim import-levers",
                description="Turn a workbook of lever schedules into a what-if scenario.")
    p.add_argument("workbook", metavar="SCHEDULE.xlsx")
    p.add_argument("--scenario", required=True, metavar="S.yaml")
    p.add_argument("-o", "--out", required=True, metavar="WHATIF.yaml")
    p.add_argument("--force", action="store_true", help="replace WHATIF.yaml when it exists")
    p.add_argument("-q", "--quiet", action="store_true")
    args = p.parse_args(argv)
    try:
        result = import_levers(args.workbook, args.scenario, args.out, force=args.force)
    except (_core.ScenarioError, _core.InputError) as e:
        sys.stderr.write(str(e).replace("\n", " ") + "\n")
        return 2
    except _core.Error as e:
        sys.stderr.write(str(e).replace("\n", " ") + "\n")
        return 1
    if not args.quiet:
        rows = ", ".join(f"{lever}.{row}" for lever, row in result.changed) or "none"
        print(f"{result.path}: extends {args.scenario}; lever rows that differ: {rows}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
