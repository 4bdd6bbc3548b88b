"""The per-household evaluator: one decision, explained in plain English with its evidence.

It reads the same rule set as :mod:`eligibility.vectorised` and reaches the same decision
(a property test checks that), but keeps every step: each condition with the household's
value and the threshold, each criterion met or not, the evidence rows behind each fact
(partner, file, sheet row), and a sentence a manager can read out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from eligibility.facts import FACTS, FactType
from eligibility.ruleset import OPERATOR_WORDS, Alternative, Condition, Criterion, RuleSet


@dataclass(frozen=True)
class Evidence:
    """One partner row behind a fact: where it came from, and what it says."""

    fact: str
    kind: str  # template kind, e.g. police_incidents
    file_name: str | None  # None for a register entry no import recorded
    sheet: str | None
    source_row: int | None
    date: str | None  # dd/mm/yyyy
    detail: str
    person_ref: str | None = None

    def cite(self) -> str:
        when = f" ({self.date})" if self.date and self.date not in self.detail else ""
        if not self.file_name:
            return f"{self.detail}{when}: the council's register"
        sheet = f", sheet ‘{self.sheet}’" if self.sheet else ""
        row = f", row {self.source_row}" if self.source_row else ""
        return f"{self.detail}{when}: {self.file_name}{sheet}{row}"


@dataclass(frozen=True)
class ConditionResult:
    text: str
    fact: str
    value: float | None
    threshold: float
    met: bool
    sentence: str


@dataclass(frozen=True)
class CriterionResult:
    id: str
    title: str
    group: str
    headline: str
    source: str
    met: bool
    conditions: tuple[ConditionResult, ...]
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class AlternativeResult:
    met: bool
    sentence: str
    short_of: tuple[str, ...] = ()  # the parts of ``sentence`` that are not enough


@dataclass(frozen=True)
class Decision:
    ruleset_id: str
    ruleset_version: int
    ruleset_hash: str
    eligible: bool
    summary: str
    criteria: tuple[CriterionResult, ...]
    alternatives: tuple[AlternativeResult, ...]
    facts: dict[str, float | None] = field(default_factory=dict)

    @property
    def criteria_met(self) -> list[str]:
        return [criterion.id for criterion in self.criteria if criterion.met]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"criteria_met": self.criteria_met}

    def lines(self) -> list[str]:
        """The explanation as plain-English lines, for the terminal and the web page."""
        lines = [self.summary, ""]
        for criterion in self.criteria:
            mark = "Met" if criterion.met else "Not met"
            lines.append(f"{mark}: {criterion.title} ({criterion.headline})")
            for condition in criterion.conditions:
                if condition.met or not criterion.met:
                    lines.append(f"    - {condition.sentence}")
            for item in criterion.evidence:
                lines.append(f"        · {item.cite()}")
        lines.append("")
        lines += [f"{'Yes' if a.met else 'No'}: {a.sentence}" for a in self.alternatives]
        lines.append(
            f"Rule set {self.ruleset_id} version {self.ruleset_version} ({self.ruleset_hash[:12]})"
        )
        return lines


def explain(
    ruleset: RuleSet,
    facts: Mapping[str, float | None],
    evidence: Sequence[Evidence] = (),
) -> Decision:
    """Decide one household from its facts, keeping every reason and the evidence rows."""
    values = {name: _value(facts.get(name)) for name in FACTS}
    criteria = tuple(
        _criterion(criterion, ruleset, values, evidence) for criterion in ruleset.criteria
    )
    alternatives = tuple(_alternative(a, criteria, values) for a in ruleset.alternatives)
    eligible = any(a.met for a in alternatives)
    return Decision(
        ruleset_id=ruleset.id,
        ruleset_version=ruleset.version,
        ruleset_hash=ruleset.content_hash,
        eligible=eligible,
        summary=_summary(ruleset, criteria, alternatives, eligible),
        criteria=criteria,
        alternatives=alternatives,
        facts={name: values[name] for name in ruleset.facts_used},
    )


def _value(raw: float | None) -> float | None:
    if raw is None:
        return None
    value = float(raw)
    return None if value != value else value  # NaN -> None


def _condition(
    condition: Condition, ruleset: RuleSet, values: Mapping[str, float | None]
) -> ConditionResult:
    value = values[condition.fact]
    met = condition.holds(value)
    spec = FACTS[condition.fact]
    window = spec.window_phrase(ruleset.lookback_months, ruleset.terms)
    needed = f"{OPERATOR_WORDS[condition.op]} {_number(condition.value, spec.type, exact=True)}"
    shown = "no records" if value is None else _shown(condition, value, spec.type)
    sentence = f"{spec.label[0].upper()}{spec.label[1:]} {window}: {shown} (needs {needed})"
    return ConditionResult(condition.text, condition.fact, value, condition.value, met, sentence)


def _number(value: float, kind: FactType, *, digits: int = 1, exact: bool = False) -> str:
    """``10%``, ``12.5%``, ``3``: a percentage to ``digits`` decimal places (all if exact)."""
    if kind is FactType.PERCENT:
        text = f"{value:g}" if exact else f"{value:.{digits}f}".rstrip("0").rstrip(".")
        return f"{text}%"
    return f"{value:g}"


def _shown(condition: Condition, value: float, kind: FactType) -> str:
    """The value, rounded no further than keeps it on the same side of the threshold.

    9.96% against "at least 10%" shows as 9.96%, never as a 10% that is not met.
    """
    for digits in (1, 2, 3, 4, 6):
        text = _number(value, kind, digits=digits)
        if condition.holds(float(text.rstrip("%"))) == condition.holds(value):
            return text
    return f"{value!r}%" if kind is FactType.PERCENT else f"{value!r}"


def _criterion(
    criterion: Criterion,
    ruleset: RuleSet,
    values: Mapping[str, float | None],
    evidence: Sequence[Evidence],
) -> CriterionResult:
    conditions = tuple(_condition(c, ruleset, values) for c in criterion.any_of)
    met = any(c.met for c in conditions)
    facts = {c.fact for c in conditions if c.met}
    return CriterionResult(
        id=criterion.id,
        title=criterion.title,
        group=criterion.group,
        headline=criterion.headline,
        source=criterion.source,
        met=met,
        conditions=conditions,
        evidence=tuple(item for item in evidence if item.fact in facts),
    )


def _alternative(
    alternative: Alternative,
    criteria: tuple[CriterionResult, ...],
    values: Mapping[str, float | None],
) -> AlternativeResult:
    parts: list[tuple[str, bool]] = []  # (what the household has, whether that is enough)
    if alternative.requires_any:
        held = [c for c in alternative.requires_any if c.holds(values[c.fact])]
        labels = [FACTS[c.fact].label for c in held or alternative.requires_any]
        text = f"has {' and '.join(labels)}" if held else f"has no {' or '.join(labels)}"
        parts.append((text, bool(held)))
    for group, needed in alternative.at_least:
        count = sum(1 for c in criteria if c.group == group and c.met)
        noun = "criterion" if count == 1 else "criteria"
        parts.append((f"meets {count or 'no'} {group} {noun} ({needed} needed)", count >= needed))
    if alternative.headlines_at_least:
        spanned = len({c.headline for c in criteria if c.met})
        needed = alternative.headlines_at_least
        noun = "headline" if spanned == 1 else "headlines"
        parts.append((f"has needs under {spanned} {noun} ({needed} needed)", spanned >= needed))
    return AlternativeResult(
        met=all(enough for _, enough in parts),
        sentence="; ".join(part for part, _ in parts),
        short_of=tuple(part for part, enough in parts if not enough),
    )


def _summary(
    ruleset: RuleSet,
    criteria: tuple[CriterionResult, ...],
    alternatives: tuple[AlternativeResult, ...],
    eligible: bool,
) -> str:
    """One sentence: the verdict, the criteria met and, if not eligible, what is missing."""
    met = [_in_sentence(c.title) for c in criteria if c.met]
    verdict = f"{'Eligible' if eligible else 'Not eligible'} under {ruleset.title}"
    if not met:
        return f"{verdict}: it meets none of the criteria."
    noun = "criterion" if len(met) == 1 else "criteria"
    sentence = f"{verdict}: it meets {len(met)} {noun} ({'; '.join(met)})"
    if not eligible and alternatives:
        closest = min(alternatives, key=lambda a: len(a.short_of))
        sentence += f", but it {' and '.join(closest.short_of)}"
    return f"{sentence}."


def _in_sentence(title: str) -> str:
    """A title as it reads mid-sentence: "A child in need" -> "a child in need", "IOM" kept."""
    keep = title[:2].isalpha() and title[:2].isupper()
    return title if keep else title[:1].lower() + title[1:]
