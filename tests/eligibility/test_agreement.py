"""The two evaluators agree: for any households and any valid rule set, ``screen`` (every
household at once) and ``explain`` (one household, with reasons) decide the same way and
name the same criteria met.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from eligibility_builders import SHIPPED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eligibility import FACTS, FactType, RuleSet, explain, load_ruleset, screen
from eligibility.ruleset import OPERATORS

COUNTS = [name for name, fact in FACTS.items() if fact.type is FactType.COUNT]
PERCENTS = [name for name, fact in FACTS.items() if fact.type is FactType.PERCENT]
THRESHOLDS = (0.0, 9.9, 10.0, 14.9, 15.0, 50.0, 100.0)  # the guidance's edges, and the ends

# Mostly zero, as in a real borough: most households have no record of most things.
COUNT = st.one_of(st.just(0), st.just(0), st.just(0), st.integers(0, 4))
PERCENT = st.one_of(
    st.just(math.nan),  # no attendance records
    st.sampled_from(THRESHOLDS),
    st.floats(0, 100, allow_nan=False),
)


@st.composite
def facts_frames(draw: st.DrawFn) -> pd.DataFrame:
    """Many households at once: one row each, a column per fact."""
    rows = draw(st.integers(1, 30))
    columns: dict[str, list[float]] = {}
    for name in FACTS:
        values = draw(st.lists(COUNT if name in COUNTS else PERCENT, min_size=rows, max_size=rows))
        columns[name] = [float(value) for value in values]
    return pd.DataFrame(columns, index=pd.RangeIndex(1000, 1000 + rows))


def assert_agree(ruleset: RuleSet, facts: pd.DataFrame) -> None:
    screening = screen(ruleset, facts)
    met = screening.criteria_met()
    for index, row in zip(facts.index, facts.to_dict("records"), strict=True):
        decision = explain(ruleset, row)
        known = {name: value for name, value in row.items() if value and value == value}
        where = f"household {index} under {ruleset.id}, with {known or 'nothing known'}"
        assert decision.eligible == bool(screening.eligible[index]), where
        assert decision.criteria_met == list(met[index]), where
    counts = screening.counts()
    assert counts["screened"] == len(facts)
    assert counts["eligible"] == int(screening.eligible.sum())


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=facts_frames())
def test_the_evaluators_agree_on_the_shipped_rule_sets(facts: pd.DataFrame) -> None:
    for ruleset in SHIPPED.all():
        assert_agree(ruleset, facts)


# Random rule sets, written as rule files and loaded as a council's own would be.

GROUPS = ("national", "local", "need")
HEADLINES = ("Crime", "School", "Health", "Money")


@st.composite
def conditions(draw: st.DrawFn, parameters: dict[str, float]) -> str:
    fact = draw(st.sampled_from(sorted(FACTS)))
    op = draw(st.sampled_from(sorted(OPERATORS)))
    if parameters and draw(st.booleans()):
        return f"{fact} {op} ${draw(st.sampled_from(sorted(parameters)))}"
    if fact in PERCENTS:
        return f"{fact} {op} {draw(st.sampled_from(THRESHOLDS))}"
    return f"{fact} {op} {draw(st.integers(0, 4))}"


def quoted(items: list[str]) -> str:
    return "[" + ", ".join(f'"{item}"' for item in items) + "]"


@st.composite
def rule_files(draw: st.DrawFn) -> str:
    """A valid rule file: random criteria, groups, headlines and ways of being eligible."""
    parameters = {
        name: draw(st.sampled_from(THRESHOLDS))
        for name in draw(st.lists(st.sampled_from(("edge", "cut", "bar")), unique=True))
    }
    lines = [
        'id = "random-rules"', "version = 1", 'programme = "random"', 'title = "Random rules"',
        "effective_from = 2030-01-01", 'source = "Hypothesis"', 'summary = "Random."',
        "[parameters.lookback_months]", "value = 12", 'source = "Hypothesis"',
        "[parameters.terms]", "value = 3", 'source = "Hypothesis"',
    ]  # fmt: skip
    for name, value in parameters.items():
        lines += [f"[parameters.{name}]", f"value = {value}", 'kind = "percent"',
                  'source = "Hypothesis"']  # fmt: skip
    groups: set[str] = set()
    for number in range(draw(st.integers(1, 6))):
        group = draw(st.sampled_from(GROUPS))
        groups.add(group)
        tests = draw(st.lists(conditions(parameters), min_size=1, max_size=3))
        lines += [
            "[[criteria]]", f'id = "c{number}"', f'title = "Criterion {number}"',
            f'group = "{group}"', f'headline = "{draw(st.sampled_from(HEADLINES))}"',
            'source = "Hypothesis"', f"any_of = {quoted(tests)}",
        ]  # fmt: skip
    for _ in range(draw(st.integers(1, 3))):
        requires = draw(st.lists(conditions(parameters), max_size=2))
        at_least = {
            group: draw(st.integers(1, 3))
            for group in draw(st.lists(st.sampled_from(sorted(groups)), unique=True))
        }
        headlines = draw(st.integers(0, 3))
        if not requires and not at_least and not headlines:
            headlines = 1
        lines.append("[[eligible_when]]")
        if requires:
            lines.append(f"requires_any = {quoted(requires)}")
        if at_least:
            pairs = ", ".join(f"{group} = {count}" for group, count in at_least.items())
            lines.append(f"at_least = {{ {pairs} }}")
        lines.append(f"headlines_at_least = {headlines}")
    return "\n".join(lines) + "\n"


def loaded(text: str) -> RuleSet:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random-rules.toml"
        path.write_text(text, encoding="utf-8")
        return load_ruleset(path)


@pytest.mark.slow
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=rule_files(), facts=facts_frames())
def test_the_evaluators_agree_on_any_rule_set(text: str, facts: pd.DataFrame) -> None:
    assert_agree(loaded(text), facts)


def test_a_random_rule_file_is_a_valid_one() -> None:
    """The generator above writes files the loader accepts (else the property tests nothing)."""
    example: dict[str, Any] = {}

    @settings(max_examples=20, deadline=None)
    @given(text=rule_files())
    def check(text: str) -> None:
        ruleset = loaded(text)
        example["criteria"] = len(ruleset.criteria)

    check()
    assert example["criteria"] >= 1
