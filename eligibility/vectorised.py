"""The vectorised evaluator: every household screened at once with numpy over a facts frame.

``screen(ruleset, facts)`` takes one row per household (columns named as in
:data:`eligibility.facts.FACTS`) and returns, for each household, which criteria it meets
and whether it is eligible. It makes the same decisions as the per-household evaluator in
:mod:`eligibility.explain` (a property test keeps them in agreement), only much faster.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from eligibility.errors import EligibilityError
from eligibility.ruleset import OPERATORS, Alternative, Condition, RuleSet


@dataclass(frozen=True)
class Screening:
    """The decisions for many households under one rule set."""

    ruleset: RuleSet
    criteria: pd.DataFrame  # one bool column per criterion id, indexed like the facts
    eligible: pd.Series  # bool

    def criteria_met(self) -> pd.Series:
        """Each household's met criterion ids, as a list (in rule-file order)."""
        columns = list(self.criteria.columns)
        values = self.criteria.to_numpy()
        return pd.Series(
            [[columns[i] for i in np.flatnonzero(row)] for row in values],
            index=self.criteria.index,
            dtype=object,
        )

    def counts(self) -> dict[str, int]:
        """How many households meet each criterion, and how many are eligible."""
        counts = {str(column): int(self.criteria[column].sum()) for column in self.criteria}
        return counts | {"eligible": int(self.eligible.sum()), "screened": len(self.eligible)}


def screen(ruleset: RuleSet, facts: pd.DataFrame) -> Screening:
    """Screen every household in ``facts`` under ``ruleset``."""
    missing = [name for name in ruleset.facts_used if name not in facts.columns]
    if missing:
        raise EligibilityError(
            f"The facts are missing {', '.join(missing)}, which {ruleset.id} tests.",
            code="facts_missing",
        )
    met = {
        criterion.id: _any(criterion.any_of, facts, default=False) for criterion in ruleset.criteria
    }
    criteria = pd.DataFrame(met, index=facts.index)
    return Screening(ruleset, criteria, eligible_from_criteria(ruleset, criteria, facts))


def eligible_from_criteria(
    ruleset: RuleSet, criteria: pd.DataFrame, facts: pd.DataFrame
) -> pd.Series:
    """The rule set's ``eligible_when`` over criteria already decided (one column per
    criterion id); ``facts`` holds what the alternatives require besides (dependent
    children, expectant parents), row for row with ``criteria``."""
    eligible = np.zeros(len(criteria), dtype=bool)
    for alternative in ruleset.alternatives:
        eligible |= _alternative(alternative, ruleset, criteria, facts)
    return pd.Series(eligible, index=criteria.index, name="eligible")


def _holds(condition: Condition, facts: pd.DataFrame) -> np.ndarray:
    values = facts[condition.fact].to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        result = OPERATORS[condition.op](values, condition.value)
    held: np.ndarray = np.asarray(result, dtype=bool) & ~np.isnan(values)
    return held


def _any(conditions: tuple[Condition, ...], facts: pd.DataFrame, *, default: bool) -> np.ndarray:
    if not conditions:
        return np.full(len(facts), default, dtype=bool)
    result = np.zeros(len(facts), dtype=bool)
    for condition in conditions:
        result |= _holds(condition, facts)
    return result


def _alternative(
    alternative: Alternative, ruleset: RuleSet, criteria: pd.DataFrame, facts: pd.DataFrame
) -> np.ndarray:
    met = _any(alternative.requires_any, facts, default=True)
    for group, needed in alternative.at_least:
        columns = [c.id for c in ruleset.criteria if c.group == group]
        met &= criteria[columns].to_numpy().sum(axis=1) >= needed
    if alternative.headlines_at_least:
        headlines: dict[str, list[str]] = {}
        for criterion in ruleset.criteria:
            headlines.setdefault(criterion.headline, []).append(criterion.id)
        spanned = sum(
            criteria[ids].to_numpy().any(axis=1).astype(int) for ids in headlines.values()
        )
        met &= np.asarray(spanned) >= alternative.headlines_at_least
    return met
