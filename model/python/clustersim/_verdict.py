"""What a target's verdict says, decided in one place.

Page 1 of the review pack, the cluster pages, the fan chart and the workbook all show a verdict
beside a target and, with a sweep, the probability of reaching it. They take both from here so
that they cannot disagree: :func:`verdict` turns the deterministic projection (reached or not)
and the sweep's probability into the words and colour shown, and says why when the two point
different ways (a green 达标 next to a probability under 50% would mislead). A likelihood scale
(e.g. the IPCC's "likely: 66–100%") replaces the body of :func:`verdict` and nothing else.

:class:`Probabilities` carries a sweep's probabilities with the scenario they come from: a sweep
of another scenario (``--allow-other-sweep``) labels every probability with that scenario and
does not enter the verdicts.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional, Sequence

from ._text import fmt_prob

REACHED_COLOR = "#1A7F37"
MISSED_COLOR = "#B42318"
MIXED_COLOR = "#B26B00"  # the projection and the probability point different ways

_TEXT = {
    # key: (zh, en, note zh, note en)
    "reached": ("达标", "reached", "", ""),
    "missed": ("未达标", "missed", "", ""),
    "reached_unlikely": (
        "达标†", "reached†",
        "† 预测值达标，但不足半数的不确定性模拟达标：预测接近目标，结论不稳",
        "† the projection reaches the target, but fewer than half of the uncertainty runs do: it "
        "lies close to the target and the verdict is not robust"),
    "missed_likely": (
        "未达标‡", "missed‡",
        "‡ 预测值未达标，但过半数的不确定性模拟达标：预测接近目标，结论不稳",
        "‡ the projection misses the target, but more than half of the uncertainty runs reach "
        "it: it lies close to the target and the verdict is not robust"),
}


@dataclass(frozen=True)
class Verdict:
    """A target's verdict as shown: ``key`` (reached, missed, reached_unlikely, missed_likely),
    ``text``, ``color``, and ``note`` (why, when the projection and the probability disagree;
    empty otherwise) for the page's footnote."""

    key: str
    text: str
    color: str
    note: str = ""


def _missing(p) -> bool:
    return p is None or (isinstance(p, float) and math.isnan(p))


def verdict(reached: bool, probability: Optional[float], lang: str = "zh") -> Verdict:
    """The verdict of one target: `reached` by the deterministic projection, `probability` of
    reaching it in the sweep of this scenario (None without one)."""
    reached = bool(reached)
    if _missing(probability):
        key = "reached" if reached else "missed"
    elif reached:
        key = "reached" if probability >= 0.5 else "reached_unlikely"
    else:
        key = "missed_likely" if probability > 0.5 else "missed"
    zh, en, note_zh, note_en = _TEXT[key]
    color = {"reached": REACHED_COLOR, "missed": MISSED_COLOR}.get(key, MIXED_COLOR)
    return Verdict(key, zh if lang == "zh" else en, color, note_zh if lang == "zh" else note_en)


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

    def subset(self, rows: Sequence[int]) -> "Probabilities":
        """The probabilities of some rows (a cluster page's targets)."""
        return Probabilities([self.values[k] for k in rows], self.scenario, self.scenario_file,
                             self.foreign, self.runs)

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


def as_probabilities(p) -> Optional[Probabilities]:
    """None, a :class:`Probabilities`, or a plain list of probabilities (one per target, of
    this scenario's sweep)."""
    if p is None or isinstance(p, Probabilities):
        return p
    return Probabilities(list(p))


def verdicts(targets, probabilities: Optional[Probabilities], lang: str) -> list:
    """The verdict of every row of a target table (``run.targets``)."""
    return [verdict(r, None if probabilities is None else probabilities.for_verdict(k), lang)
            for k, r in enumerate(targets["reached"])]
