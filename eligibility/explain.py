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
    file_name: str
    sheet: str | None
    source_row: int
    date: str | None  # dd/mm/yyyy
    detail: str
    person_ref: str | None = None

    def cite(self) -> str:
        sheet = f", sheet ‘{self.sheet}’" if self.sheet else ""
        when = f" ({self.date})" if self.date else ""
        return f"{self.detail}{when}: {self.file_name}{sheet}, row {self.source_row}"


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
        summary=_summary(ruleset, criteria, eligible),
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
    needed = f"{OPERATOR_WORDS[condition.op]} {_number(condition.value, spec.type)}"
    shown = "no records" if value is None else _number(value, spec.type)
    sentence = f"{spec.label[0].upper()}{spec.label[1:]} {window}: {shown} (needs {needed})"
    return ConditionResult(condition.text, condition.fact, value, condition.value, met, sentence)


def _number(value: float, kind: FactType) -> str:
    if kind is FactType.PERCENT:
        return f"{value:g}%" if value == round(value) else f"{value:.1f}%"
    return f"{value:g}"


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
    parts: list[str] = []
    met = True
    if alternative.requires_any:
        held = [c for c in alternative.requires_any if c.holds(values[c.fact])]
        met &= bool(held)
        wanted = " or ".join(FACTS[c.fact].label for c in alternative.requires_any)
        parts.append(f"has {wanted}" if held else f"has no {wanted}")
    for group, needed in alternative.at_least:
        count = sum(1 for c in criteria if c.group == group and c.met)
        met &= count >= needed
        parts.append(f"meets {count} {group} criteria ({needed} needed)")
    if alternative.headlines_at_least:
        spanned = len({c.headline for c in criteria if c.met})
        met &= spanned >= alternative.headlines_at_least
        parts.append(
            f"has needs under {spanned} headlines ({alternative.headlines_at_least} needed)"
        )
    return AlternativeResult(met=met, sentence="; ".join(parts))


def _summary(ruleset: RuleSet, criteria: tuple[CriterionResult, ...], eligible: bool) -> str:
    met = [
        c.title.lower() if c.title[:2] != c.title[:2].upper() else c.title
        for c in criteria
        if c.met
    ]
    verdict = "Eligible" if eligible else "Not eligible"
    if not met:
        return f"{verdict} under {ruleset.title}: it meets none of the criteria."
    listed = "; ".join(c.title for c in criteria if c.met)
    count = len(met)
    noun = "criterion" if count == 1 else "criteria"
    return f"{verdict} under {ruleset.title}: it meets {count} {noun} ({listed})."
