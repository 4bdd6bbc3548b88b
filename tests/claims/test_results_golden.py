"""Golden cases for the results rules: families from the guidance, judged by hand.

The cases live beside the rules (``workflow/claims/golden/<rules id>.toml``); every
expected verdict and outcome there was written from docs/programme-rules.md, not from
the code under test.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from eligibility.loading import SHIPPED as ELIGIBILITY_RULES
from eligibility.loading import load_ruleset
from workflow.claims.loading import RULESETS, shipped
from workflow.claims.results import BenefitSpell, Figures, Progress, assess

GOLDEN = Path(__file__).parents[2] / "workflow" / "claims" / "golden"
PHASES = ("troubled-families-2012", "troubled-families-2015", "supporting-families-2022")


def cases() -> list[Any]:
    found = []
    for path in sorted(GOLDEN.glob("*.toml")):
        content = tomllib.loads(path.read_text(encoding="utf-8"))
        for case in content["case"]:
            found.append(pytest.param(content["rules"], case, id=f"{path.stem}: {case['name']}"))
    return found


def _figures(values: dict[str, Any], people: dict[str, list[str]]) -> Figures:
    return Figures(values=values, people={k: frozenset(v) for k, v in people.items()})


def test_every_phase_has_results_rules_and_golden_cases() -> None:
    assert sorted(p.name for p in RULESETS.glob("*.results.toml")) == sorted(
        f"{phase}.results.toml" for phase in PHASES
    )
    assert sorted(p.name for p in GOLDEN.glob("*.toml")) == sorted(
        f"{phase}.results.toml" for phase in PHASES
    )


@pytest.mark.parametrize(("rules_id", "case"), cases())
def test_golden_case(rules_id: str, case: dict[str, Any]) -> None:
    phase = rules_id.removesuffix(".results")
    rules = shipped(phase)
    eligibility = load_ruleset(ELIGIBILITY_RULES / f"{phase}.toml")
    progress = Progress(
        attached_on=case["attached_on"],
        claim_on=case["claim_on"],
        closed_on=case.get("closed_on"),
        identified=tuple(case["identified"]),
        baseline=_figures(case["baseline"], case.get("baseline_people", {})),
        now=_figures(case["now"], case.get("now_people", {})),
        benefits=tuple(
            BenefitSpell(b["person"], b["benefit"], b.get("ended_on"))
            for b in case.get("benefits", [])
        ),
    )
    assessment = assess(rules, eligibility.criteria, progress)
    assert {m.measure: m.verdict.value for m in assessment.measures} == case["measures"]
    assert (assessment.outcome or "") == case["outcome"]
    for measure in assessment.measures:
        assert measure.why.endswith(".")
