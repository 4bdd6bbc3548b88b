"""Golden cases: named households from the guidance, decided the same way by both evaluators.

The cases live beside the rules (``eligibility/golden/<rule set id>.toml``), one file per
shipped rule set, so that a reviewer reads them next to the rule file they test.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from eligibility_builders import SHIPPED, both, household

from eligibility import FACTS, FactType, explain, load_ruleset
from eligibility.loading import SHIPPED as SHIPPED_DIR

GOLDEN = Path(__file__).parents[2] / "eligibility" / "golden"
CASE_KEYS = {"name", "why", "facts", "eligible", "criteria_met"}


def golden_files() -> list[Path]:
    return sorted(GOLDEN.glob("*.toml"))


def cases() -> list[Any]:
    found = []
    for path in golden_files():
        content = tomllib.loads(path.read_text(encoding="utf-8"))
        for case in content["case"]:
            found.append(pytest.param(path.stem, case, id=f"{path.stem}: {case['name']}"))
    return found


def test_every_shipped_rule_set_has_golden_cases_and_every_golden_file_a_rule_set() -> None:
    shipped = {ruleset.id for ruleset in SHIPPED.all()}
    golden = {path.stem for path in golden_files()}
    assert golden == shipped
    for path in golden_files():
        content = tomllib.loads(path.read_text(encoding="utf-8"))
        assert content["ruleset"] == path.stem, f"{path.name} names another rule set"


def test_golden_cases_have_unique_names_and_enough_of_them() -> None:
    for path in golden_files():
        names = [case["name"] for case in tomllib.loads(path.read_text())["case"]]
        assert len(names) == len(set(names)), f"{path.name} repeats a case name"
        assert 12 <= len(names) <= 25, f"{path.name} has {len(names)} cases"


@pytest.mark.parametrize(("ruleset_id", "case"), cases())
def test_golden_case(ruleset_id: str, case: dict[str, Any]) -> None:
    ruleset = SHIPPED.get(ruleset_id)
    assert set(case) == CASE_KEYS, f"a case has exactly {sorted(CASE_KEYS)}"
    assert case["why"].strip(), "every case says why, citing the guidance"
    for name, value in case["facts"].items():
        assert name in FACTS, f"‘{name}’ is not a fact"
        # 0 is every count's default: said only where the case turns on it.
        said = FACTS[name].type is FactType.PERCENT or f"{name} = 0" in case["why"]
        assert value != 0 or said, f"{name} = 0 goes unsaid unless `why` explains it"
    ids = {criterion.id for criterion in ruleset.criteria}
    assert set(case["criteria_met"]) <= ids, "criteria_met names criteria of this rule set"

    vectorised, explained = both(ruleset, household(**case["facts"]))

    expected = (case["eligible"], sorted(case["criteria_met"]))
    assert (vectorised[0], sorted(vectorised[1])) == expected, "the vectorised evaluator"
    assert (explained[0], sorted(explained[1])) == expected, "the per-household evaluator"


def test_the_explanation_of_a_golden_case_reads_as_the_guidance_does() -> None:
    ruleset = SHIPPED.get("supporting-families-2022")
    lonely = household(
        members=2, children_with_proven_offence=1, members_with_mental_health_need=1, rent_arrears=1
    )
    decision = explain(ruleset, lonely)
    assert decision.summary.startswith("Not eligible under Supporting Families 2022 onwards")
    assert decision.summary.endswith("but it has no children under 18 or members expecting a baby.")


# "Three needs under two headlines" cannot happen with the shipped 2022 file (each need is a
# headline of its own), so a council's local file splits one headline into two needs.
SPLIT_HEALTH = """\
ruleset = "supporting-families-2022"
reason = "Our outcome plan has separate mental and physical health descriptors"
disable = ["health"]

[[criteria]]
id = "mental_health"
title = "Mental health needs"
group = "need"
headline = "Improved mental and physical health"
source = "Our outcome plan, descriptor 3a"
any_of = ["members_with_mental_health_need >= 1"]

[[criteria]]
id = "physical_health"
title = "Physical health needs"
group = "need"
headline = "Improved mental and physical health"
source = "Our outcome plan, descriptor 3b"
any_of = ["members_with_physical_health_need >= 1"]
"""


@pytest.mark.parametrize(
    ("facts", "eligible", "met"),
    [
        pytest.param(
            {
                "members_with_mental_health_need": 1,
                "members_with_physical_health_need": 1,
                "adults_on_out_of_work_benefits": 1,
            },
            False,
            ["financial", "mental_health", "physical_health"],
            id="three needs under two headlines",
        ),
        pytest.param(
            {
                "members_with_mental_health_need": 1,
                "members_with_physical_health_need": 1,
                "adults_on_out_of_work_benefits": 1,
                "housing_at_risk": 1,
            },
            True,
            ["financial", "housing", "mental_health", "physical_health"],
            id="four needs under three headlines",
        ),
        pytest.param(
            {
                "members_with_mental_health_need": 1,
                "domestic_abuse_victims": 1,
                "adults_on_out_of_work_benefits": 1,
            },
            True,
            ["domestic_abuse", "financial", "mental_health"],
            id="three needs under three headlines",
        ),
    ],
)
def test_needs_count_once_per_headline(
    tmp_path: Path, facts: dict[str, float], eligible: bool, met: list[str]
) -> None:
    local = tmp_path / "supporting-families-2022.local.toml"
    local.write_text(SPLIT_HEALTH, encoding="utf-8")
    ruleset = load_ruleset(SHIPPED_DIR / "supporting-families-2022.toml", local)

    for decided, criteria in both(ruleset, household(dependent_children=1, **facts)):
        assert (decided, sorted(criteria)) == (eligible, met)
    if not eligible:
        summary = explain(ruleset, household(dependent_children=1, **facts)).summary
        assert "but it has needs under 2 headlines (3 needed)" in summary
