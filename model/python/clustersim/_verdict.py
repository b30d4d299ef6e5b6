"""What a target's verdict says, decided in one place.

Page 1 of the review pack, the cluster pages, the fan chart and the workbook all show a verdict
beside a target and, with a sweep, the probability of reaching it. They take both from here so
that they cannot disagree. :func:`verdict` turns the deterministic projection (reached or not)
and the sweep's probability into the words and colour shown:

- without a probability: 达标 / 未达标 (reached / missed), from the projection;
- with one: the term of the IPCC likelihood scale that ``clustersim run`` prints (可能, 可能性约为
  一半, 不太可能 ...; the same C++ table, ``_core.likelihood``), coloured green from "likely"
  up, amber for "about as likely as not", red from "unlikely" down; marked † / ‡ with a footnote
  when the projection points the other way (reached with a probability under 50 %, or missed
  with one over 50 %), so that no page shows 达标 next to 37 %.

:class:`Probabilities` carries a sweep's probabilities with the scenario they come from: those
of the run itself (``clustersim run``'s sweep of the scenario's uncertainty,
:func:`of_run`), of a sweep of this scenario (``report --sweep``), or of another scenario
(``--allow-other-sweep``), which labels every probability with that scenario and does not enter
the verdicts.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional, Sequence

from . import _core
from ._text import fmt_prob, sep

REACHED_COLOR = "#1A7F37"
MISSED_COLOR = "#B42318"
MIXED_COLOR = "#B26B00"  # about as likely as not

_TEXT = {
    # key: (zh, en)
    "reached": ("达标", "reached"),
    "missed": ("未达标", "missed"),
}
_NOTES = {
    # mark: (zh, en)
    "†": ("† 预测值达标，但不足半数的不确定性模拟达标：预测接近目标，结论以达标概率为准",
          "† the projection reaches the target, but fewer than half of the uncertainty runs do: "
          "it lies close to the target, and the verdict is the probability's"),
    "‡": ("‡ 预测值未达标，但过半数的不确定性模拟达标：预测接近目标，结论以达标概率为准",
          "‡ the projection misses the target, but more than half of the uncertainty runs reach "
          "it: it lies close to the target, and the verdict is the probability's"),
}
# Colours of the likelihood terms: green from "likely" up, red from "unlikely" down.
_LIKELIHOOD_COLOR = {"virtually_certain": REACHED_COLOR, "very_likely": REACHED_COLOR,
                     "likely": REACHED_COLOR, "about_as_likely_as_not": MIXED_COLOR,
                     "unlikely": MISSED_COLOR, "very_unlikely": MISSED_COLOR,
                     "exceptionally_unlikely": MISSED_COLOR}


def likelihood(p: float) -> dict:
    """The IPCC likelihood term of probability `p`: ``{"key", "en", "zh"}`` (the C++ table every
    output of clustersim uses)."""
    return dict(_core.likelihood(float(p)))


@dataclass(frozen=True)
class Verdict:
    """A target's verdict as shown: ``key`` (reached, missed, or the likelihood term's key:
    likely, about_as_likely_as_not, ...), ``text``, ``color``, ``note`` (why, when the
    projection and the probability point different ways; empty otherwise) for the page's
    footnote, and ``mixed`` (they do)."""

    key: str
    text: str
    color: str
    note: str = ""
    mixed: bool = False


def _missing(p) -> bool:
    return p is None or (isinstance(p, float) and math.isnan(p))


def verdict(reached: bool, probability: Optional[float], lang: str = "zh") -> Verdict:
    """The verdict of one target: `reached` by the deterministic projection, `probability` of
    reaching it in the sweep of this scenario (None without one)."""
    reached = bool(reached)
    if _missing(probability):
        key = "reached" if reached else "missed"
        zh, en = _TEXT[key]
        return Verdict(key, zh if lang == "zh" else en,
                       REACHED_COLOR if reached else MISSED_COLOR)
    term = likelihood(probability)
    mark = "†" if reached and probability < 0.5 else "‡" if not reached and probability > 0.5 else ""
    text = (term["zh"] if lang == "zh" else term["en"]) + mark
    note = _NOTES[mark][0 if lang == "zh" else 1] if mark else ""
    return Verdict(term["key"], text, _LIKELIHOOD_COLOR[term["key"]], note, bool(mark))


def verdict_notes(verdicts: Sequence[Verdict]) -> list:
    """The distinct notes of some verdicts, in order: the footnotes a page needs."""
    notes = []
    for v in verdicts:
        if v.note and v.note not in notes:
            notes.append(v.note)
    return notes


@dataclass
class Probabilities:
    """A sweep's probability of reaching each target of a run (one per row of
    ``run.targets``, None where the sweep has none), with the sweep's scenario. ``foreign``: the
    sweep's model inputs differ from the run's scenario (shown only with --allow-other-sweep):
    every probability is then labelled with the sweep's scenario and no verdict uses them."""

    values: list
    scenario: str = ""
    scenario_file: str = ""
    foreign: bool = False
    runs: int = 0
    seed: Optional[int] = None  # the run's own sweep (of_run): its seed

    def subset(self, rows: Sequence[int]) -> "Probabilities":
        """The probabilities of some rows (a cluster page's targets)."""
        return Probabilities([self.values[k] for k in rows], self.scenario, self.scenario_file,
                             self.foreign, self.runs, self.seed)

    def source(self, lang: str) -> str:
        """Where the probabilities come from and what the verdict words mean, for footnotes."""
        if self.foreign:
            return self.label(lang)
        scale = ("结论按 IPCC 可能性等级：几乎确定 ≥99%，很可能 ≥90%，可能 ≥66%，可能性约为一半 "
                 "33%–66%，不太可能 ≤33%，很不可能 ≤10%，极不可能 ≤1%" if lang == "zh" else
                 "verdicts on the IPCC likelihood scale: virtually certain ≥99%, very likely "
                 "≥90%, likely ≥66%, about as likely as not 33–66%, unlikely ≤33%, very "
                 "unlikely ≤10%, exceptionally unlikely ≤1%")
        runs = f"{self.runs:,}" if self.runs else ""
        if self.seed is not None:
            where = (f"达标概率：本情景不确定输入的 {runs} 次模拟（拉丁超立方抽样，种子 {self.seed}）"
                     "中达标的比例，与 clustersim run 相同" if lang == "zh" else
                     f"probabilities: share of {runs} runs of this scenario's uncertain inputs "
                     f"(Latin hypercube, seed {self.seed}) that reach the target, as clustersim "
                     "run gives them")
        else:
            where = ("达标概率来自本情景的不确定性模拟（见敏感性页）" if lang == "zh" else
                     "probabilities from this scenario's uncertainty sweep (see the sensitivity "
                     "pages)")
        return where + sep(lang) + scale

    def for_verdict(self, k: int) -> Optional[float]:
        """The probability the verdict of target `k` may use (None for a foreign sweep)."""
        return None if self.foreign else self.values[k]

    def text(self, k: int) -> str:
        """'37%', or '37%*' for a foreign sweep (the mark refers to :meth:`label`)."""
        p = self.values[k]
        return fmt_prob(None if _missing(p) else p) + ("*" if self.foreign and not _missing(p) else "")

    def label(self, lang: str) -> str:
        """Empty for the scenario's own sweep; else the sentence naming the sweep's scenario,
        for the header, the footnote and the findings."""
        if not self.foreign:
            return ""
        return (f"* 达标概率来自情景 {self.scenario}（{self.scenario_file}）的不确定性模拟，"
                "其输入与本情景不同，仅供参考" if lang == "zh" else
                f"* probabilities from the uncertainty sweep of scenario {self.scenario} "
                f"({self.scenario_file}), whose inputs differ from this scenario's: for reference "
                "only")

    def header(self, lang: str) -> str:
        """The probability column's header."""
        if lang == "zh":
            return "达标\n概率" + (f"*\n（{self.scenario}）" if self.foreign else "")
        return "P(reach)" + (f"*\n({self.scenario})" if self.foreign else "")


def of_run(run) -> Optional[Probabilities]:
    """The probabilities of the run's own sweep of the scenario's uncertainty (what ``clustersim
    run`` prints; :meth:`clustersim.Scenario.run`), None when the run has none."""
    t = run.targets
    if "probability" not in t or not t["probability"].notna().any():
        return None
    values = [None if math.isnan(p) else float(p) for p in t["probability"]]
    sweep = run.sweep or {}
    return Probabilities(values, run.scenario.name, run.scenario.file, False,
                         int(sweep.get("runs", 0)), int(sweep.get("seed", 0)))


def as_probabilities(p, run=None) -> Optional[Probabilities]:
    """None, a :class:`Probabilities`, or a plain list of probabilities (one per target, of
    this scenario's sweep). None with a `run`: the run's own probabilities (:func:`of_run`)."""
    if p is None:
        return of_run(run) if run is not None else None
    if isinstance(p, Probabilities):
        return p
    return Probabilities(list(p))


def verdicts(targets, probabilities: Optional[Probabilities], lang: str) -> list:
    """The verdict of every row of a target table (``run.targets``)."""
    return [verdict(r, None if probabilities is None else probabilities.for_verdict(k), lang)
            for k, r in enumerate(targets["reached"])]
