"""The review pack: one command writes what a policy review meeting needs.

    python3 -m clustersim.report SCENARIO.yaml --out DIR [--set KEY=VALUE]... [--sweep DIR|SWEEP.yaml]
                                 [--allow-other-sweep] [--compare B.yaml] [--lang zh|en] [--dpi N]
                                 [--quiet]
    clustersim report SCENARIO.yaml --out DIR ...        (the same, through the command)

DIR receives

- ``<scenario>-review.pdf``: a summary page (every target with its projection, gap, verdict and,
  when the scenario declares uncertainty, the probability of reaching it from the sweep
  ``clustersim run`` makes (2,000 runs) or from ``--sweep``, with the verdict in the IPCC's
  likelihood words; the main findings, among them how the sweep's median differs from the
  projection and why), the projections against
  the targets, the binding constraints by year, what binds and what each lever buys in each
  target year (the marginal gains and lever responses of binding.csv and levers.csv), one page
  per cluster, sensitivity pages (with
  ``--sweep``), and the assumptions and sources;
- ``charts/``: every chart of the PDF as PNG (for slides) and SVG (for editing);
- ``<scenario>-tables.xlsx``: the tables behind the charts (targets, output, binding
  constraints, every series, one sheet per lever that ``clustersim import-levers`` reads back,
  parameters, events, assumptions and sources, run information; with ``--sweep`` also
  probabilities, bands and sensitivities).

``--sweep`` must be a sweep of this scenario's model inputs (summary.json's ``inputs_hash``): a
sweep of another scenario is refused (exit 2) unless ``--allow-other-sweep``, which then labels
every probability with the sweep's scenario and keeps it out of the verdicts. ``--compare B.yaml``
writes the comparison pack ``<A>-vs-<B>-review.pdf`` instead (``_compare_pack``).

Everything is written into a temporary directory first and moved into DIR at the end, so a
failure leaves DIR as it was. Exit codes as for the command: 0 success, 2 bad input, 1 other
failures; errors are one line on stderr.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, List, Mapping, Optional, Sequence, Union

from . import _core, _levers, plot
from ._api import Run, Scenario, as_scenario
from ._assumptions import (assumption_lines, display_path, internal_references,  # noqa: F401
                           source_entry, stale_figures)
from ._pages import A4_LANDSCAPE, findings, summary_page, text_pages  # noqa: F401
from ._text import check_lang
from ._verdict import Probabilities, of_run
from ._workbook import sheet_frames, write_workbook  # noqa: F401

__all__ = ["Pack", "build", "main", "stale_figures", "internal_references"]

_findings = findings  # the name the tests and notebooks used


@dataclass
class Pack:
    """What :func:`build` wrote."""

    directory: Path
    pdf: Path
    workbook: Path
    charts: List[Path] = field(default_factory=list)  # PNG and SVG files
    pages: int = 0
    sheets: List[str] = field(default_factory=list)
    run: Optional[Run] = None
    sweep: Any = None
    probabilities: Optional[Probabilities] = None
    other: Optional[Run] = None  # scenario B of a comparison pack


# ---------------------------------------------------------------------------------------------
# The sweep behind the probabilities


def sweep_probabilities(sc: Scenario, run: Run, sw, allow_other: bool = False,
                        named: Optional[str] = None) -> Optional[Probabilities]:
    """The probabilities `sw` gives the targets of `run`, after checking that the sweep is one of
    this scenario's model inputs. A sweep of another scenario raises InputError (exit 2, naming
    both scenarios) unless `allow_other`, which labels the probabilities with the sweep's
    scenario. None when the sweep has no targets table (oat, Morris, Sobol)."""
    foreign = not sw.matches(sc)
    file = display_path(str(sw.summary.get("scenario_file", "")))
    if foreign and not allow_other:
        why = ("the sweep records no inputs hash (it was written by an older clustersim: run it "
               "again)" if not sw.inputs_hash else "its model inputs differ")
        raise _core.InputError(
            f"clustersim report: error: --sweep {named or sw.directory or ''}: the sweep is of "
            f"scenario '{sw.scenario}' ({file}), not of '{sc.name}' ({display_path(sc.file)}): "
            f"{why}, so its probabilities are not this scenario's; sweep a file that extends "
            f"{display_path(sc.file)}, or pass --allow-other-sweep to show them labelled with "
            f"'{sw.scenario}'")
    values = sw.target_probabilities(run)
    if values is None:
        return None
    return Probabilities(values, sw.scenario, file, foreign, sw.runs_count)


# ---------------------------------------------------------------------------------------------
# Building the pack


def _save_chart(fig, charts_dir: Path, stem: str, dpi: int, written: list) -> None:
    for ext in ("png", "svg"):
        p = charts_dir / f"{stem}.{ext}"
        fig.savefig(p, dpi=dpi if ext == "png" else None, format=ext)
        written.append(p)


def build(scenario: Union[str, os.PathLike, Scenario], out: Union[str, os.PathLike],
          overrides: Optional[Mapping[str, Any]] = None, /, *, sweep: Any = None,
          lang: str = "zh", dpi: int = 200, allow_other_sweep: bool = False,
          compare: Union[None, str, os.PathLike, Scenario] = None, **kwargs: Any) -> Pack:
    """Write the review pack for `scenario` into `out` (created if missing; files of the same
    names replaced, others left alone) and return what was written.

    `overrides`/`kwargs`: as for :func:`clustersim.load` (with `compare`: they apply to B only,
    as in ``clustersim compare``). `sweep`: a finished :class:`clustersim.Sweep`, a sweep's
    directory (``clustersim sweep --out DIR``), or a scenario file with an uncertainty section
    (an mc sweep of 1,000 runs is run, with these overrides); adds the probability of each
    target (mc sweeps) and the sensitivity pages (fan chart and first years for mc; tornado,
    Morris or Sobol when the directory has them). A sweep of other model inputs raises InputError
    unless `allow_other_sweep`. `compare`: scenario B; writes the comparison pack of `scenario`
    (A) and B (:mod:`clustersim._compare_pack`).
    """
    check_lang(lang)
    if compare is not None:
        if sweep is not None:
            raise _core.InputError("clustersim report: error: --sweep and --compare cannot be "
                                   "combined: write each scenario's pack with its sweep, and the "
                                   "comparison without")
        a = as_scenario(scenario)
        b = as_scenario(compare, overrides, **kwargs)
        runs = (a.run(sweep=0), b.run(sweep=0))  # the comparison shows no probabilities
        return _atomic(out, lambda tmp: _write_comparison(runs[0], runs[1], tmp, lang, dpi))
    sc = as_scenario(scenario, overrides, **kwargs)
    run = sc.run()
    sweep_result = _run_sweep(sc, sweep) if sweep is not None else None
    # The verdicts' probabilities: the given sweep's, else the run's own (clustersim run's sweep
    # of the scenario's uncertainty), so that page 1 says what `clustersim run` prints.
    probabilities = of_run(run)
    if sweep_result is not None:
        named = str(sweep) if isinstance(sweep, (str, os.PathLike)) else None
        given = sweep_probabilities(sc, run, sweep_result, allow_other_sweep, named)
        if given is not None:
            probabilities = given
    return _atomic(out, lambda tmp: _write_pack(sc, run, sweep_result, probabilities, tmp,
                                                lang, dpi))


def _atomic(out, write) -> Pack:
    """Run `write(tmp)` into a temporary directory beside `out`, then move its files into
    `out`; on failure leave nothing behind (not even parents made for the pack)."""
    out = Path(out)
    parent = out.parent if str(out.parent) else Path(".")
    created = [p for p in [parent, *parent.parents] if not p.exists()]
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=parent))
    try:
        pack = write(tmp)
        _move_into(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        for p in created:  # innermost first: leave no parent made for this pack
            with contextlib.suppress(OSError):
                p.rmdir()
        raise
    shutil.rmtree(tmp, ignore_errors=True)
    rel = lambda p: out / p.relative_to(tmp)  # noqa: E731
    pack.directory, pack.pdf, pack.workbook = out, rel(pack.pdf), rel(pack.workbook)
    pack.charts = [rel(p) for p in pack.charts]
    return pack


def _move_into(tmp: Path, out: Path) -> None:
    if not out.exists():
        os.replace(tmp, out)
        tmp.mkdir()  # for the caller's cleanup
        return
    for src in sorted(tmp.rglob("*")):
        dst = out / src.relative_to(tmp)
        if src.is_dir():
            dst.mkdir(exist_ok=True)
        else:
            os.replace(src, dst)


def _run_sweep(sc: Scenario, sweep: Any):
    from . import _sweep
    return _sweep.as_sweep(sc, sweep)


def _pdf(path: Path, pages: list, charts_dir: Path, dpi: int, written: list,
         metadata: dict) -> int:
    """Write the pages into one PDF and each chart page as PNG and SVG; the page count."""
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages

    # The font type is read when the file is written: TrueType subsets, searchable text.
    fonts = {k: v for k, v in plot.style("en").items() if k.endswith(".fonttype")}
    with matplotlib.rc_context(fonts), PdfPages(path, metadata=metadata) as pdf:
        for name, fig in pages:
            pdf.savefig(fig)
            if name:
                _save_chart(fig, charts_dir, name, dpi, written)
        return pdf.get_pagecount()


def _write_pack(sc: Scenario, run: Run, sweep, probabilities: Optional[Probabilities],
                directory: Path, lang: str, dpi: int) -> Pack:
    charts_dir = directory / "charts"
    charts_dir.mkdir()
    pdf_path = directory / f"{sc.name}-review.pdf"
    xlsx_path = directory / f"{sc.name}-tables.xlsx"
    written: list = []
    zh = lang == "zh"

    pages = [("01-summary", summary_page(run, lang, probabilities)),
             ("02-trajectories", plot.trajectory(run, lang=lang, figsize=A4_LANDSCAPE)),
             ("03-binding", plot.binding(run, lang=lang, figsize=(A4_LANDSCAPE[0], 5.2)))]
    levers_page = _levers.page(run, lang)
    if levers_page is not None:
        pages.append(("03-levers", levers_page))
    for k, cid in enumerate(sc.cluster_ids):
        pages.append((f"04-cluster-{k + 1:02d}-{cid}",
                      plot.cluster(run, cid, lang=lang, probabilities=probabilities)))
    if sweep is not None:
        label = probabilities.label(lang) if probabilities is not None else None
        for name, fig in sweep.report_figures(run, lang, other_sweep=label or None):
            pages.append((f"05-sensitivity-{name}", fig))
    title = "假设与来源" if zh else "Assumptions and sources"
    for fig in text_pages(title, assumption_lines(sc, run, lang), lang, plot.sources_note(sc, lang)):
        pages.append(("", fig))

    metadata = {"Title": f"{sc.text('title', lang)} — {'目标评估' if zh else 'review of the targets'}",
                "Author": "clustersim " + _core.version(),
                "Subject": f"{sc.name} ({display_path(sc.file)})",
                "Keywords": "clustersim; " + sc.name}
    count = _pdf(pdf_path, pages, charts_dir, dpi, written, metadata)

    frames = sheet_frames(run, lang, probabilities)
    frames.update(_levers.sheets(run, lang))
    if sweep is not None:
        frames.update(sweep.report_sheets(run, lang))
    sheets = write_workbook(xlsx_path, frames, lang)
    return Pack(directory=directory, pdf=pdf_path, workbook=xlsx_path, charts=written,
                pages=count, sheets=sheets, run=run, sweep=sweep, probabilities=probabilities)


def _write_comparison(a: Run, b: Run, directory: Path, lang: str, dpi: int) -> Pack:
    from . import _compare_pack

    charts_dir = directory / "charts"
    charts_dir.mkdir()
    stem = f"{a.scenario.name}-vs-{b.scenario.name}"
    pdf_path = directory / f"{stem}-review.pdf"
    xlsx_path = directory / f"{stem}-tables.xlsx"
    written: list = []
    pages = _compare_pack.pages(a, b, lang)
    zh = lang == "zh"
    metadata = {"Title": f"{a.scenario.text('title', lang)} — "
                         f"{'情景比较' if zh else 'comparison'}: {a.scenario.name} / {b.scenario.name}",
                "Author": "clustersim " + _core.version(),
                "Subject": f"{a.scenario.name} ({display_path(a.scenario.file)}) vs "
                           f"{b.scenario.name} ({display_path(b.scenario.file)})",
                "Keywords": f"clustersim; {a.scenario.name}; {b.scenario.name}"}
    count = _pdf(pdf_path, pages, charts_dir, dpi, written, metadata)
    sheets = write_workbook(xlsx_path, _compare_pack.sheets(a, b, lang), lang)
    return Pack(directory=directory, pdf=pdf_path, workbook=xlsx_path, charts=written,
                pages=count, sheets=sheets, run=a, other=b)


# ---------------------------------------------------------------------------------------------
# Command line


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, as the command does
        sys.stderr.write(f"clustersim report: error: {message} (see 'clustersim report --help')\n")
        sys.exit(2)


EXAMPLES = """Examples:
  clustersim report scenarios/pingshan-2024.yaml --out review/pingshan
  clustersim report scenarios/pingshan-2024.yaml --sweep results/mc --out review/pingshan
  clustersim report scenarios/pingshan-2024.yaml --sweep scenarios/sweeps/pingshan-uncertainty.yaml --out review/pingshan
  clustersim report scenarios/pingshan-2024.yaml --set 'levers.land.region=198 ha/yr' --out review/more-land
  clustersim report scenarios/pingshan-2024.yaml --compare scenarios/pingshan-ic-fund-doubled.yaml --out review/fund
  python3 -m clustersim.report scenarios/pingshan-2024.yaml --lang en --out review/pingshan-en
"""


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="clustersim report",
                description="Write the review pack of a scenario: a PDF for the meeting, every "
                            "chart as PNG and SVG, and an .xlsx workbook with the tables.",
                epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("scenario", metavar="SCENARIO.yaml", help="scenario file (YAML)")
    p.add_argument("-o", "--out", required=True, metavar="DIR",
                   help="directory to write into (created if missing)")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="sets",
                   help="override a scenario key, as for clustersim run (repeatable; with "
                        "--compare, of B only)")
    p.add_argument("--sweep", metavar="DIR|SWEEP.yaml",
                   help="a sweep's directory (clustersim sweep --out DIR), or a scenario with an "
                        "uncertainty section (an mc sweep of 1,000 runs is then run): adds target "
                        "probabilities and sensitivity pages")
    p.add_argument("--allow-other-sweep", action="store_true",
                   help="accept a sweep of another scenario's model inputs; its probabilities "
                        "are then labelled with that scenario and left out of the verdicts")
    p.add_argument("--compare", metavar="B.yaml",
                   help="write the comparison pack of SCENARIO (A) and B: targets side by side, "
                        "trajectories overlaid, what differs in the inputs")
    p.add_argument("--lang", choices=["zh", "en"], default="zh",
                   help="language of the charts and tables (default: zh)")
    p.add_argument("--dpi", type=int, default=200, help="resolution of the PNG charts (default 200)")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    """``python3 -m clustersim.report``: parse the arguments, build the pack, print what was
    written; returns the exit code (0 success, 2 bad input, 1 other failures)."""
    args = _parser().parse_args(argv)
    if args.dpi < 50 or args.dpi > 1200:
        _parser().error(f"--dpi: must lie in [50, 1200], got {args.dpi}")
    from ._core import Error, InputError, ModelError, ScenarioError
    try:
        pack = build(args.scenario, args.out, list(args.sets) or None, sweep=args.sweep,
                     lang=args.lang, dpi=args.dpi, allow_other_sweep=args.allow_other_sweep,
                     compare=args.compare)
    except (ScenarioError, ModelError, InputError) as e:
        sys.stderr.write(str(e).replace("\n", " ") + "\n")
        return 2
    except Error as e:
        sys.stderr.write(str(e).replace("\n", " ") + "\n")
        return 1
    except Exception as e:  # matplotlib, xlsxwriter, the file system
        sys.stderr.write(f"clustersim: error: {type(e).__name__}: {e}".replace("\n", " ") + "\n")
        return 1
    if not args.quiet:
        pngs = sum(1 for c in pack.charts if c.suffix == ".png")
        print(f"{pack.pdf}: {pack.pages} pages")
        print(f"{pack.directory / 'charts'}: {pngs} charts as PNG and SVG")
        print(f"{pack.workbook}: {len(pack.sheets)} sheets ({', '.join(pack.sheets)})")
        if pack.probabilities is not None and pack.probabilities.foreign:
            print(f"note: probabilities from the sweep of scenario {pack.probabilities.scenario}, "
                  "labelled as such (--allow-other-sweep)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
