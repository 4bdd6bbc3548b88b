"""Results rules: whether a family's progress since it was attached earns a result. Pure.

A results rule file (``workflow/claims/rulesets/<phase>.results.toml``) lists *measures*
and the *results* they make up. Each measure compares the family's figures at its baseline
(taken when it was attached: its champion allocated) with its figures now, and says why:

- ``reduction``: a count across the whole family (anti-social behaviour, youth offending)
  fell by at least ``reduction_pct`` percent, the last ``months`` months against the
  ``months`` before attachment. A family with none at its baseline has nothing to reduce:
  the measure is *not relevant*, which counts as met (programme-rules.md §2.4, Devon S6).
- ``below``: every condition holds now (each child of compulsory school age under 3
  suspensions and under 15% unauthorised absence). A figure with no data (no child of
  compulsory school age with attendance rows) is not relevant, which counts as met.
- ``resolved``: every problem the family was identified with (the criteria its screening
  met at the baseline, under the same phase's eligibility rules) is no longer met over the
  last ``months`` months: "significant and sustained progress" (2015) or "a positive
  outcome sustained" (2022). With ``after_closure`` the months must also have passed since
  the case was closed.
- ``employment``: an adult who was on out-of-work benefits when the family was attached
  has been off them, continuously, for the weeks their benefit needs.

The whole-family rule (S15): a reduction counts only if nobody who was not part of the
problem at the baseline has it now. Another member developing the same problem invalidates
the result.

A *result* is met when all its measures are met; the first result met, in the file's
order, is the family's outcome (2012 lists continuous employment first: it pays the whole
£4,000 *instead of* the crime, anti-social behaviour and education result).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import Any

from eligibility.ruleset import OPERATOR_WORDS, Condition, Criterion
from eligibility.ruleset import Parameter as Setting


class MeasureKind(StrEnum):
    REDUCTION = "reduction"
    BELOW = "below"
    RESOLVED = "resolved"
    EMPLOYMENT = "employment"


class Verdict(StrEnum):
    MET = "met"
    NOT_MET = "not met"
    NOT_RELEVANT = "not relevant"  # no family member qualifies: counts as met

    @property
    def counts_as_met(self) -> bool:
        return self is not Verdict.NOT_MET


@dataclass(frozen=True)
class Measure:
    id: str
    title: str
    kind: MeasureKind
    source: str
    facts: tuple[str, ...] = ()  # reduction: the counts summed across the family
    conditions: tuple[Condition, ...] = ()  # below
    settings: Mapping[str, Setting] = field(default_factory=dict)
    weeks: Mapping[str, Setting] = field(default_factory=dict)  # employment, by benefit code
    after_closure: bool = False  # resolved: the months count from the case's closure

    def setting(self, name: str) -> float:
        return self.settings[name].value


@dataclass(frozen=True)
class Result:
    id: str  # the outcome type a claim records
    title: str
    all_of: tuple[str, ...]  # measure ids


@dataclass(frozen=True)
class ResultsRules:
    """One phase's results rules, as loaded (``workflow.claims.loading``)."""

    id: str
    version: int
    phase: str  # the eligibility rule set of the same phase, e.g. troubled-families-2012
    title: str
    source: str
    months: int  # the progress window: the last N months against the N before attachment
    terms: int  # school terms the education figures cover
    measures: tuple[Measure, ...]
    results: tuple[Result, ...]
    content_hash: str
    files: tuple[str, ...]

    def measure(self, measure_id: str) -> Measure:
        for measure in self.measures:
            if measure.id == measure_id:
                return measure
        raise KeyError(measure_id)

    @property
    def label(self) -> str:
        return f"{self.id} v{self.version} ({self.content_hash[:12]})"


@dataclass(frozen=True)
class Figures:
    """A family's figures at one date: each fact's value and the people behind it."""

    values: Mapping[str, float | None]
    people: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def value(self, fact: str) -> float | None:
        value = self.values.get(fact, 0)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        return value

    def who(self, fact: str) -> frozenset[str]:
        return self.people.get(fact, frozenset())


@dataclass(frozen=True)
class BenefitSpell:
    """An adult's out-of-work benefit claim that was open when the family was attached."""

    person: str
    benefit: str  # the template's code: JSA, ESA, IS, IB, UC ...
    ended_on: dt.date | None  # None: still claiming


@dataclass(frozen=True)
class Progress:
    """What a results rule judges for one family: its baseline, its figures now, and dates."""

    attached_on: dt.date
    claim_on: dt.date
    identified: tuple[str, ...]  # the criteria met at the baseline
    baseline: Figures
    now: Figures
    closed_on: dt.date | None = None
    benefits: tuple[BenefitSpell, ...] = ()


@dataclass(frozen=True)
class MeasureOutcome:
    measure: str
    title: str
    verdict: Verdict
    baseline: str  # the baseline figure, in words
    now: str  # the figure now, in words
    why: str  # plain English
    facts: tuple[str, ...] = ()  # the facts whose rows are the evidence


@dataclass(frozen=True)
class Assessment:
    """A family's outcome under one phase's results rules, with every measure's reasons."""

    rules: str  # ResultsRules.label
    outcome: str | None  # the result met first, or None
    measures: tuple[MeasureOutcome, ...]
    results_met: tuple[str, ...]

    @property
    def claimable(self) -> bool:
        return self.outcome is not None

    def verdict(self, measure_id: str) -> Verdict:
        for outcome in self.measures:
            if outcome.measure == measure_id:
                return outcome.verdict
        raise KeyError(measure_id)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rules": self.rules,
            "outcome": self.outcome,
            "results_met": list(self.results_met),
            "measures": [
                {
                    "measure": m.measure,
                    "title": m.title,
                    "verdict": m.verdict.value,
                    "baseline": m.baseline,
                    "now": m.now,
                    "why": m.why,
                    "facts": list(m.facts),
                }
                for m in self.measures
            ],
        }


@dataclass(frozen=True)
class _Said:
    """What a measure says whatever its verdict: the figures and the facts behind them."""

    measure: str
    title: str
    baseline: str
    now: str
    facts: tuple[str, ...]

    def outcome(self, verdict: Verdict, why: str) -> MeasureOutcome:
        return MeasureOutcome(
            self.measure, self.title, verdict, self.baseline, self.now, why, self.facts
        )


def _number(value: float | None) -> str:
    if value is None:
        return "no data"
    return f"{value:g}"


def assess(rules: ResultsRules, criteria: tuple[Criterion, ...], progress: Progress) -> Assessment:
    """Judge every measure of ``rules`` on ``progress``; ``criteria`` are the same phase's
    eligibility criteria (the problems a ``resolved`` measure checks are still gone)."""
    outcomes = {m.id: _judge(m, rules, criteria, progress) for m in rules.measures}
    met = tuple(
        result.id
        for result in rules.results
        if all(outcomes[m].verdict.counts_as_met for m in result.all_of)
    )
    return Assessment(
        rules=rules.label,
        outcome=met[0] if met else None,
        measures=tuple(outcomes.values()),
        results_met=met,
    )


def _judge(
    measure: Measure, rules: ResultsRules, criteria: tuple[Criterion, ...], progress: Progress
) -> MeasureOutcome:
    if measure.kind is MeasureKind.REDUCTION:
        return _reduction(measure, rules, progress)
    if measure.kind is MeasureKind.BELOW:
        return _below(measure, progress)
    if measure.kind is MeasureKind.RESOLVED:
        return _resolved(measure, rules.months, criteria, progress)
    return _employment(measure, progress)


def _reduction(measure: Measure, rules: ResultsRules, progress: Progress) -> MeasureOutcome:
    before = sum(progress.baseline.value(f) or 0 for f in measure.facts)
    now = sum(progress.now.value(f) or 0 for f in measure.facts)
    pct = measure.setting("reduction_pct")
    months = rules.months
    said = _Said(
        measure.id,
        measure.title,
        f"{before:g} in the {months} months before attachment",
        f"{now:g} in the last {months} months",
        measure.facts,
    )
    if before == 0:
        return said.outcome(
            Verdict.NOT_RELEVANT,
            "No family member had this problem before attachment, so it counts as met.",
        )
    newcomers = sorted(
        set().union(*(progress.now.who(f) for f in measure.facts))
        - set().union(*(progress.baseline.who(f) for f in measure.facts))
    )
    if newcomers:
        return said.outcome(
            Verdict.NOT_MET,
            (
                f"Another family member ({', '.join(newcomers)}) now has this problem, "
                "which invalidates the result (the whole-family rule)."
            ),
        )
    # Exact: now <= before * (1 - pct/100), in fractions, so 60% of 5 is 2, not 2.0000001.
    allowed = Fraction(str(before)) * (1 - Fraction(str(pct)) / 100)
    fell = Fraction(str(now)) <= allowed
    reduction = (1 - Fraction(str(now)) / Fraction(str(before))) * 100
    return said.outcome(
        Verdict.MET if fell else Verdict.NOT_MET,
        (f"It fell by {float(reduction):.0f}%; the result needs a fall of at least {pct:g}%."),
    )


def _below(measure: Measure, progress: Progress) -> MeasureOutcome:
    failing: list[str] = []
    relevant = False
    for condition in measure.conditions:
        value = progress.now.value(condition.fact)
        if value is None:
            continue
        relevant = True
        if not condition.holds(value):
            failing.append(
                f"{condition.spec.label} is {value:g}, not {OPERATOR_WORDS[condition.op]} "
                f"{condition.value:g}"
            )
    facts = tuple(c.fact for c in measure.conditions)
    baseline = "; ".join(
        f"{c.fact} {_number(progress.baseline.value(c.fact))}" for c in measure.conditions
    )
    now = "; ".join(f"{c.fact} {_number(progress.now.value(c.fact))}" for c in measure.conditions)
    if not relevant:
        verdict, why = (
            Verdict.NOT_RELEVANT,
            "No child of compulsory school age has school records now, so it counts as met.",
        )
    elif failing:
        verdict, why = Verdict.NOT_MET, "Not met: " + "; ".join(failing) + "."
    else:
        verdict, why = Verdict.MET, "Every child of compulsory school age is within the limits."
    return MeasureOutcome(measure.id, measure.title, verdict, baseline, now, why, facts)


def _resolved(
    measure: Measure, months: int, criteria: tuple[Criterion, ...], progress: Progress
) -> MeasureOutcome:
    by_id = {c.id: c for c in criteria}
    identified = [by_id[c] for c in progress.identified if c in by_id]
    still = [
        c.title
        for c in identified
        if any(cond.holds(progress.now.value(cond.fact)) for cond in c.any_of)
    ]
    facts = tuple(dict.fromkeys(cond.fact for c in identified for cond in c.any_of))
    said = _Said(
        measure.id,
        measure.title,
        ", ".join(c.title for c in identified) or "no problems identified",
        ", ".join(still) or "none of them",
        facts,
    )
    if not identified:
        return said.outcome(
            Verdict.NOT_MET,
            "The baseline names no problem, so there is no progress to claim.",
        )
    if measure.after_closure:
        if progress.closed_on is None:
            return said.outcome(
                Verdict.NOT_MET,
                "The case is not closed: the outcome must be sustained after closure.",
            )
        due = _add_months(progress.closed_on, months)
        if progress.claim_on < due:
            return said.outcome(
                Verdict.NOT_MET,
                (
                    f"The case closed on {progress.closed_on:%d/%m/%Y}: the outcome must be "
                    f"sustained for {months} months, until {due:%d/%m/%Y}."
                ),
            )
    if still:
        return said.outcome(
            Verdict.NOT_MET,
            f"Still met in the last {months} months: {', '.join(still)}.",
        )
    return said.outcome(
        Verdict.MET,
        f"None of the problems identified has been met in the last {months} months.",
    )


def _employment(measure: Measure, progress: Progress) -> MeasureOutcome:
    fact = "adults_on_out_of_work_benefits"
    still = progress.now.who(fact)
    said = _Said(
        measure.id,
        measure.title,
        f"{len(progress.benefits)} adults on out-of-work benefits at attachment",
        f"{_number(progress.now.value(fact))} adults on out-of-work benefits now",
        (fact,),
    )
    if not progress.benefits:
        return said.outcome(
            Verdict.NOT_MET,
            "No adult was on out-of-work benefits when the family was attached.",
        )
    reasons: list[str] = []
    for spell in sorted(progress.benefits, key=lambda s: s.person):
        setting = measure.weeks.get(spell.benefit) or measure.weeks["default"]
        weeks = int(setting.value)
        if spell.ended_on is None or spell.person in still:
            reasons.append(f"{spell.person} is still claiming {spell.benefit}")
            continue
        off = (progress.claim_on - spell.ended_on).days // 7
        if off >= weeks:
            return said.outcome(
                Verdict.MET,
                (
                    f"{spell.person} left {spell.benefit} on {spell.ended_on:%d/%m/%Y} and has "
                    f"been off out-of-work benefits for {off} weeks (at least {weeks} needed)."
                ),
            )
        reasons.append(
            f"{spell.person} has been off {spell.benefit} for {off} weeks of the {weeks} needed"
        )
    return said.outcome(
        Verdict.NOT_MET,
        "Not yet: " + "; ".join(reasons) + ".",
    )


def _add_months(day: dt.date, months: int) -> dt.date:
    import calendar

    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
