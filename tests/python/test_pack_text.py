"""Texts of the review pack for the audience: a PDF whose text pdftotext reads (TrueType/CID
fonts), texts printed literally (no mathtext), assumptions and sources in the pack's language with
every value in its unit, sources as titled documents, and the two checks of hand-written texts
(figures the model computes, references the audience cannot follow)."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import clustersim as cs
import clustersim.report as csr
from clustersim._text import fmt_amount
from conftest import ROOT

CITED = "tests/data/scenario/sources/cited.yaml"
SHIPPED = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "scenarios").glob("*.yaml"))


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    assert path, f"{tool} is missing: install Debian's poppler-utils (.ci/install-deps.sh does)"
    return path


def pdf_text(pdf: Path) -> str:
    out = subprocess.run([poppler("pdftotext"), "-layout", str(pdf), "-"], capture_output=True,
                         check=True)
    return out.stdout.decode("utf-8")


def pdf_fonts(pdf: Path) -> list:
    """(name, type, embedded, unicode map) of every font of the PDF, from pdffonts."""
    out = subprocess.run([poppler("pdffonts"), str(pdf)], capture_output=True, check=True)
    lines = out.stdout.decode("utf-8").splitlines()[2:]
    rows = []
    for line in lines:
        m = re.match(r"(\S+)\s+(.+?)\s{2,}(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)", line)
        assert m, line
        rows.append((m.group(1), m.group(2), m.group(4), m.group(6)))
    return rows


@pytest.fixture(scope="module")
def cited_pack(tmp_path_factory):
    out = tmp_path_factory.mktemp("cited")
    return {lang: csr.build(ROOT / CITED, out / lang, lang=lang, dpi=50) for lang in ("zh", "en")}


def test_pdf_text_can_be_searched_and_copied(cited_pack):
    """pdftotext finds the title, a cluster's Chinese name and a projected figure; every font
    is an embedded TrueType (CID) subset with a Unicode map, none Type 3."""
    pack = cited_pack["zh"]
    text = pdf_text(pack.pdf)
    run = pack.run
    assert run.scenario.title in text
    assert "半导体与集成电路" in text
    # A projection as the table prints it, computed from the run (not written down here).
    t = run.targets
    figure = fmt_amount(float(t.loc[t["cluster"] == "ic", "projected"].iloc[0]))
    assert figure in text
    fonts = pdf_fonts(pack.pdf)
    assert fonts
    for name, kind, embedded, unicode in fonts:
        assert kind == "CID TrueType", (name, kind)
        assert embedded == "yes" and unicode == "yes", name


def test_texts_in_the_packs_language(cited_pack):
    zh = pdf_text(cited_pack["zh"].pdf)
    en = pdf_text(cited_pack["en"].pdf)
    # notes and notes_en, title and title_en
    assert "建设 701 天 [fab-build-time]" in zh and "701 days to build" not in zh
    assert "701 days to build [fab-build-time]" in en and "建设 701 天" not in en
    assert "Fixture citing its sources" in en
    # printed literally: the dollar signs stay (no mathtext)
    assert "US$7.47bn / US$6.32bn" in re.sub(r"\s+", " ", zh)
    assert "US$7.47bn / US$6.32bn" in re.sub(r"\s+", " ", en)


def test_sources_as_titled_documents(cited_pack):
    sc = cited_pack["zh"].run.scenario
    lines = csr.assumption_lines(sc, cited_pack["zh"].run, "zh")
    text = "\n".join(t for _, t in lines)
    for _, d in sc.cited_sources.iterrows():
        assert f"[{d['id']}] {d['title']}" in text
        assert d["address"] in text
    # a bare id in scenario.sources is listed as its document, not as the id alone
    assert "• pingshan-6p3" not in text
    with_sources = cited_pack["zh"].sheets
    assert "来源" in with_sources


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_value_with_its_unit(pingshan_run, lang):
    lines = [t for _, t in csr.assumption_lines(pingshan_run.scenario, pingshan_run, lang)]
    params = [t for t in lines if "= " in t]
    assert params
    for t in params:
        assert not re.search(r"= [\d.,]+ 1$", t), t  # 'fund_leverage = 1 1'
    life = next(t for t in params if "(defaults.params.depreciation_life)" in t
                or "（defaults.params.depreciation_life）" in t)
    assert life.endswith(" 年" if lang == "zh" else " yr")
    names = csr.assumption_lines(pingshan_run.scenario, pingshan_run, lang)
    assert any(("折旧年限" if lang == "zh" else "depreciation life") in t for _, t in names)
    if lang == "en":
        # English amounts in CNY bn, never '1,000.0 100 million yuan'
        assert not any("100 million yuan" in t for t in lines)
        target = next(t for t in lines if t.startswith("Semiconductors and integrated circuits 2030"))
        assert target.endswith("CNY 100.0 bn")


def test_stale_figures_finds_a_projection_copied_into_a_note(pingshan_run):
    sc = pingshan_run.scenario
    out = pingshan_run.output
    value = float(out.loc[sc.end_year, "ic"])
    note = f"this gives ≈ {value:,.1f} 亿元 in {sc.end_year}"
    copied = sc.set({"clusters.ic.notes.market_growth": note})
    found = cs.report.stale_figures(copied)
    assert [f["key"] for f in found] == ["clusters.ic.params.market_growth"]
    assert found[0]["projection"] == f"output ic {sc.end_year}"
    # A region note that names the cluster (its id, as the ICV example did) is caught too.
    icv = float(out.loc[sc.end_year, "icv"])
    region = sc.set({"region.notes.worker_inflow_ceiling":
                     f"at 0.1, ICV {sc.end_year} falls to ≈ {icv:,.1f} 亿元"})
    assert [f["projection"] for f in cs.report.stale_figures(region)] == [f"output icv {sc.end_year}"]
    # Not flagged: 1% away; another year; inputs (baseline, target); other units; round figures.
    for text in [f"about {value * 1.01:,.1f} 亿元 in {sc.end_year}",
                 f"≈ {value:,.1f} 亿元 in {sc.start_year}",
                 f"target {1000:,} 亿元 in {sc.end_year}, base 150 亿元",
                 f"{value:,.1f} persons in {sc.end_year}",
                 f"{round(value, -2):,.0f} 亿元 in {sc.end_year}"]:
        other = sc.set({"clusters.ic.notes.market_growth": text})
        assert cs.report.stale_figures(other) == [], text


@pytest.mark.parametrize("scenario", SHIPPED)
def test_shipped_scenarios_quote_no_projection(scenario):
    """Hand-written texts must not copy what the model computes (it goes stale)."""
    found = cs.report.stale_figures(scenario)
    assert found == [], "\n".join(f"{f['key']}: '{f['number']}' is {f['projection']} "
                                  f"({f['value']}): quote the pack's table instead"
                                  for f in found)


@pytest.mark.parametrize("scenario", SHIPPED)
def test_shipped_scenarios_cite_no_internal_reference(scenario):
    found = cs.report.internal_references(scenario)
    assert found == [], "\n".join(f"{f['key']}: '{f['reference']}': {f['why']}" for f in found)


def test_internal_references_are_found():
    sc = cs.load(ROOT / CITED, {"clusters.ic.notes.capital_output_ratio": "facts §4 and seed 004",
                                "clusters.ic.notes_en.capital_output_ratio": "see /work/shared/x"})
    found = {(f["key"], f["reference"]) for f in cs.report.internal_references(sc)}
    assert ("clusters.ic.params.capital_output_ratio", "seed 004") in found
    assert ("clusters.ic.params.capital_output_ratio", "facts §") in found
    assert ("clusters.ic.params.capital_output_ratio (en)", "/work/shared/x") in found
    assert cs.report.internal_references(ROOT / CITED) == []
