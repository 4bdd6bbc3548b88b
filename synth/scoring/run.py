"""Evaluating a screened synthetic borough: stored decisions against the generator's truth."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from eligibility.catalogue import Catalogue
from synth.scoring.compare import Evaluation, evaluate, row_links
from synth.scoring.mapping import RULESETS
from synth.scoring.oracle import expected
from synth.scoring.stored import stored_decisions, stored_rows
from synth.scoring.truth import Truth
from workflow.uow import UnitOfWork


def evaluate_borough(
    truth_dir: Path,
    as_of: dt.date,
    *,
    uow: UnitOfWork,
    catalogue: Catalogue,
    ruleset_ids: Sequence[str] = RULESETS,
) -> list[Evaluation]:
    """For each rule set, the decisions stored for ``as_of`` against the oracle's."""
    truth = Truth.at(truth_dir)
    rules = catalogue
    with uow:
        connection = uow.connection
        links = row_links(truth, stored_rows(connection))
        decisions = {r: stored_decisions(connection, r, as_of) for r in ruleset_ids}
    out = []
    for ruleset_id in ruleset_ids:
        ruleset = rules.get(ruleset_id)
        out.append(
            evaluate(ruleset, expected(ruleset, as_of, truth), decisions[ruleset_id], links, truth)
        )
    return out
