"""Issue #4's first "done when": on the synthetic borough, the households each rule set
finds are exactly those whose generated problems meet it.

A fixed-seed borough is generated, imported, matched (police lists and the partner rows
the exact rules could not link) and screened under the three rule sets at the demo date,
and every decision is compared with the oracle (``synth.scoring``), which reads only
the generator's ground truth: no false positives and no false negatives, decision by
decision and criterion by criterion.

The delivery is imported on the as-of date: the importer dates the IOM cohort, a snapshot
with no dates of its own, on its import day, so a list imported later would not count on
the as-of date (the evaluation reports those as "on the IOM list only from its import day").
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from imports.loading.folder import delivery_plan
from synth import generate
from synth.scoring import RULESETS
from tests.support import evaluate_screening, import_file, match_lists, screen_households
from workflow.bootstrap import Container

AS_OF = dt.date(2026, 8, 31)  # tfe demo's screening date, the synthetic data's last day
HOUSEHOLDS, SEED = 3000, 11


@pytest.mark.slow
def test_screening_finds_exactly_the_households_whose_generated_problems_qualify(
    container: Container, migrated_engine, tmp_path: Path
) -> None:
    borough = tmp_path / "borough"
    generate(HOUSEHOLDS, SEED, borough)
    plan, _ = delivery_plan(borough)
    for kind, path in plan:
        assert import_file(container, path, kind, today=AS_OF).status == "accepted", path.name
    match_lists(container, today=AS_OF)
    for ruleset_id in RULESETS:
        screen_households(container, ruleset_id=ruleset_id, as_of=AS_OF)

    evaluations = evaluate_screening(container, borough, AS_OF)

    assert [e.ruleset_id for e in evaluations] == list(RULESETS)
    for evaluation in evaluations:
        summary = "\n".join(evaluation.lines())
        assert evaluation.expected >= 20, summary  # the borough gives each rule set work
        assert evaluation.false_positives.empty, summary
        assert evaluation.unexplained_negatives.empty, (
            summary + "\n" + evaluation.unexplained_negatives.to_string()
        )
        assert evaluation.false_negatives.empty, summary
        assert evaluation.agree == evaluation.expected
        # Criterion by criterion too, not only the decision.
        assert evaluation.criteria_extra.empty, evaluation.criteria_extra.to_string()
        assert evaluation.criteria_missed.empty, evaluation.criteria_missed.to_string()
