"""Readable builders for households' facts and for small rule files, for the eligibility tests."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from eligibility import FACTS, FactType, RuleSet, explain, load_catalogue, screen

SHIPPED = load_catalogue()


def household(**facts: float) -> dict[str, float]:
    """Every fact: the ones given, 0 for other counts and no attendance data (NaN)."""
    unknown = set(facts) - set(FACTS)
    assert not unknown, f"not facts: {sorted(unknown)}"
    blank = {
        name: (math.nan if fact.type is FactType.PERCENT else 0.0) for name, fact in FACTS.items()
    }
    return blank | {name: float(value) for name, value in facts.items()}


def frame(households: Iterable[Mapping[str, float]]) -> pd.DataFrame:
    """One row per household, a column per fact, as ``workflow.screening`` builds it."""
    return pd.DataFrame(list(households), columns=list(FACTS)).astype(float)


def both(ruleset: RuleSet, facts: Mapping[str, float]) -> tuple[tuple[bool, list[str]], ...]:
    """(eligible, criteria met) from the vectorised and the per-household evaluator."""
    screening = screen(ruleset, frame([facts]))
    decision = explain(ruleset, facts)
    return (
        (bool(screening.eligible.iloc[0]), list(screening.criteria_met().iloc[0])),
        (decision.eligible, decision.criteria_met),
    )


def rule_file(path: Path, body: str) -> Path:
    """Write a rule file (``body`` is dedented) and return its path."""
    path.write_text(textwrap.dedent(body).lstrip(), encoding="utf-8")
    return path


MINIMAL = """\
id = "{id}"
version = 1
programme = "{programme}"
title = "A test programme"
effective_from = {start}
{end}source = "Test guidance, page 1"
summary = "Eligible with a child in need and one other problem."

[parameters.lookback_months]
value = 12
description = "Look-back in months"
source = "Test guidance, page 2"

[parameters.terms]
value = 3
description = "Terms"
source = "Test guidance, page 3"

[parameters.absence_pct]
value = 10
description = "Absence threshold"
source = "Test guidance, page 4"

[[criteria]]
id = "children"
title = "A child in need"
group = "problem"
headline = "Children"
source = "Test guidance, page 5"
any_of = ["children_in_need >= 1"]

[[criteria]]
id = "school"
title = "Missing school"
group = "problem"
headline = "School"
source = "Test guidance, page 6"
any_of = ["highest_absence_pct >= $absence_pct"]

[[eligible_when]]
at_least = {{ problem = 2 }}
"""


def minimal_rules(
    path: Path,
    *,
    ruleset_id: str = "test-rules-2030",
    programme: str = "test-programme",
    start: str = "2030-04-01",
    end: str | None = None,
) -> Path:
    """A small valid rule file: two criteria, both needed."""
    ending = f"effective_to = {end}\n" if end else ""
    text = MINIMAL.format(id=ruleset_id, programme=programme, start=start, end=ending)
    path.write_text(text, encoding="utf-8")
    return path
