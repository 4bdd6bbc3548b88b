"""A rule set as the evaluators use it: parsed, validated and with its parameters resolved.

Built by :mod:`eligibility.loading` from a rule file (and a council's local file, if any);
immutable, and identified by its id, version and the hash of its effective content, which
every decision records.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from eligibility.facts import FACTS, Fact

OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}

OPERATOR_WORDS = {
    ">=": "at least",
    ">": "more than",
    "<=": "at most",
    "<": "less than",
    "==": "exactly",
    "!=": "other than",
}


@dataclass(frozen=True)
class Parameter:
    """A threshold or window a council may change in its local file."""

    name: str
    value: float
    description: str
    source: str
    confirmed: bool  # False where the guidance leaves it to councils or is unconfirmed
    overridden_by: str | None = None  # the local file that changed it, if any


@dataclass(frozen=True)
class Condition:
    """``fact op value``: one test of one fact, e.g. ``highest_absence_pct >= $absence_pct``."""

    text: str
    fact: str
    op: str
    value: float
    parameter: str | None = None  # the parameter the value came from, if any

    @property
    def spec(self) -> Fact:
        return FACTS[self.fact]

    def holds(self, actual: float | None) -> bool:
        """Whether a value meets this condition; a missing value never does."""
        if actual is None or actual != actual:  # None or NaN
            return False
        return bool(OPERATORS[self.op](actual, self.value))


@dataclass(frozen=True)
class Criterion:
    """One criterion (or, in 2022, one need): met when any of its conditions holds."""

    id: str
    title: str
    group: str  # national / local (2012), headline (2015), need (2022)
    headline: str
    source: str
    any_of: tuple[Condition, ...]


@dataclass(frozen=True)
class Alternative:
    """One way of being eligible; a household is eligible when any alternative is met."""

    requires_any: tuple[Condition, ...]  # at least one must hold (empty: nothing required)
    at_least: tuple[tuple[str, int], ...]  # (group, how many of its criteria must be met)
    headlines_at_least: int  # how many different headlines the met criteria must span


@dataclass(frozen=True)
class RuleSet:
    id: str
    version: int
    programme: str
    title: str
    effective_from: dt.date
    effective_to: dt.date | None
    source: str
    summary: str
    parameters: dict[str, Parameter]
    criteria: tuple[Criterion, ...]
    alternatives: tuple[Alternative, ...]
    content_hash: str  # sha-256 of the effective content (shipped file + local changes)
    files: tuple[str, ...]  # the files it was built from
    document: dict[str, Any]  # the effective content, as stored with decisions

    @property
    def lookback_months(self) -> int:
        return int(self.parameters["lookback_months"].value)

    @property
    def terms(self) -> int:
        return int(self.parameters["terms"].value)

    @property
    def label(self) -> str:
        return f"{self.id} v{self.version} ({self.content_hash[:12]})"

    def criterion(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)

    @property
    def facts_used(self) -> tuple[str, ...]:
        names = [c.fact for criterion in self.criteria for c in criterion.any_of]
        names += [c.fact for alternative in self.alternatives for c in alternative.requires_any]
        return tuple(dict.fromkeys(names))
