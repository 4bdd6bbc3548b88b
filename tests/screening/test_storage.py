"""Screening again stores only what changed: a decision is kept until it differs.

The 5,000-household demo grew by about 4.9 MB per ``POST /screenings`` when every run
stored every decision with its facts; now a household whose eligibility, criteria and
facts are as before keeps its decision, and each run records how many it stored.
"""

from __future__ import annotations

from sqlalchemy import text

from tests.support import explain_household, screen_households
from workflow.bootstrap import Container

from .builders import Borough
from .conftest import AS_OF, SF, D


def decisions(container: Container) -> list[tuple[str, int, bool]]:
    with container.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT h.household_ref, d.run_id, d.eligible FROM screening_decisions d "
                "JOIN households h ON h.id = d.household_id ORDER BY d.id"
            )
        )
        return [(r[0], r[1], bool(r[2])) for r in rows]


def stored_per_run(container: Container) -> list[tuple[int, int | None]]:
    with container.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, decisions_stored FROM screening_runs ORDER BY id")
        )
        return [(r[0], r[1]) for r in rows]


def test_the_same_data_screened_again_stores_no_new_decisions(
    container: Container, borough: dict[str, int]
) -> None:
    first = screen_households(container, ruleset_id=SF, as_of=AS_OF)
    for _ in range(5):
        again = screen_households(container, ruleset_id=SF, as_of=AS_OF)
    assert (first.decisions_stored, again.decisions_stored) == (2, 0)
    assert again.eligible == 1 and again.households_screened == 2
    assert decisions(container) == [("H1", first.run_id, True), ("H2", first.run_id, False)]
    assert stored_per_run(container) == [(first.run_id, 2)] + [
        (run, 0) for run in range(first.run_id + 1, again.run_id + 1)
    ]


def test_a_household_whose_data_changed_gets_a_new_decision_and_the_rest_keep_theirs(
    container: Container, borough: dict[str, int]
) -> None:
    first = screen_households(container, ruleset_id=SF, as_of=AS_OF)
    with container.engine.begin() as connection:  # new partner data about H2's father
        dad = connection.execute(text("SELECT id FROM people WHERE person_ref = 'P3'")).scalar()
        Borough(connection).fact("benefits", dad, on=D(2025, 1, 1), benefit="uc", out_of_work=True)
    again = screen_households(container, ruleset_id=SF, as_of=AS_OF)
    assert again.decisions_stored == 1
    assert decisions(container) == [
        ("H1", first.run_id, True),
        ("H2", first.run_id, False),
        ("H2", again.run_id, False),  # two headlines now, still not three
    ]


def test_a_kept_decision_is_still_explained_and_reproduced(
    container: Container, borough: dict[str, int]
) -> None:
    first = screen_households(container, ruleset_id=SF, as_of=AS_OF)
    later = D(2026, 8, 14)
    screen_households(container, ruleset_id=SF, as_of=later)  # H1 unchanged: kept
    explained = explain_household(container, "H1")
    assert explained.as_of == later  # the last day it was screened
    stored = explained.stored
    assert stored is not None and stored.run_id == first.run_id
    assert stored.rerun_gives_same_answer and stored.data_still_agrees
    assert explain_household(container, "H1", as_of=later).stored is not None
