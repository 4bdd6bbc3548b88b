"""Screening as a manager uses it: decisions stored and reproducible, households moved
along the lifecycle (or flagged, never closed), explanations with evidence, comparisons."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select, text

from eligibility import AsOfOutOfRange, UnknownRuleset
from tests.support import (
    compare_rulesets,
    explain_household,
    rescreen_after_import,
    screen_households,
)
from workflow.bootstrap import Container
from workflow.lifecycle import history, open_episode, open_episodes
from workflow.principal import Principal
from workflow.screening.explaining import HouseholdNotFound
from workflow.screening.rescreen import households_touched

from .builders import Borough
from .conftest import AS_OF, SF

D = dt.date


def _state(container: Container, household_id: int) -> str | None:
    with container.engine.connect() as connection:
        episode = open_episodes(connection, [household_id]).get(household_id)
    return None if episode is None else episode.state.value


def test_screening_moves_the_eligible_and_stores_reproducible_decisions(
    container: Container, borough: dict[str, int]
) -> None:
    report = screen_households(container, ruleset_id=SF, as_of=AS_OF, actor="S001")

    assert (report.households_screened, report.eligible, report.newly_eligible) == (2, 1, 1)
    counts = {c.id: c.households for c in report.criteria}
    assert counts["health"] == 2 and counts["domestic_abuse"] == 1 and counts["financial"] == 1
    assert _state(container, borough["H1"]) == "eligible"
    assert _state(container, borough["H2"]) is None  # not eligible, never referred: no episode
    with container.engine.connect() as connection:
        moves = [(m.trigger, m.to_state.value) for m in history(connection, borough["H1"])]
        decisions = connection.execute(
            text("SELECT household_id, eligible, criteria_met FROM screening_decisions")
        ).all()
        audit = connection.execute(
            text("SELECT actor, action FROM audit_events WHERE action = 'screen'")
        ).all()
    assert [to for _, to in moves] == ["identified", "screened", "eligible"]
    assert len(decisions) == 2 and audit == [("S001", "screen")]

    explained = explain_household(container, "H1", actor="S001")
    assert explained.decision.eligible and explained.stored is not None
    with container.engine.connect() as connection:
        read = connection.execute(
            text("SELECT entity_type, entity_id FROM audit_events WHERE action = 'read'")
        ).all()
    assert [tuple(r) for r in read] == [("household", "H1")]  # as a household's links read
    assert explained.stored.rerun_gives_same_answer and explained.stored.data_still_agrees
    cited = {item.kind for c in explained.decision.criteria for item in c.evidence}
    assert {"benefits", "health", "domestic_abuse"} <= cited
    assert any("row" in line for line in explained.lines())


@pytest.mark.parametrize("rule_set_used_before", [False, True])
def test_screenings_started_at_once_all_finish_and_move_each_household_once(
    container: Container, borough: dict[str, int], rule_set_used_before: bool
) -> None:
    if rule_set_used_before:  # H2 alone: the rule set is stored, H1 is not yet moved
        screen_households(container, ruleset_id=SF, as_of=AS_OF, household_ids=[borough["H2"]])
    barrier = threading.Barrier(3)

    def screen_now(actor: str) -> object:
        barrier.wait()
        try:
            return screen_households(container, ruleset_id=SF, as_of=AS_OF, actor=actor)
        except Exception as exc:  # collected, asserted below
            return exc

    with ThreadPoolExecutor(3) as pool:
        results = list(pool.map(screen_now, ["S001", "S002", "S003"]))
    assert [type(r).__name__ for r in results] == ["ScreeningReport"] * 3
    with container.engine.connect() as connection:
        versions = connection.execute(text("SELECT COUNT(*) FROM ruleset_versions")).scalar()
        moves = [m.to_state.value for m in history(connection, borough["H1"])]
    assert versions == 1
    assert moves == ["identified", "screened", "eligible"]


def test_a_household_that_stops_meeting_the_criteria_is_flagged_not_closed(
    container: Container, borough: dict[str, int]
) -> None:
    screen_households(container, ruleset_id=SF, as_of=AS_OF)
    later = screen_households(container, ruleset_id=SF, as_of=D(2027, 9, 1))  # all lapsed

    assert later.no_longer_meeting == 1
    assert _state(container, borough["H1"]) == "eligible"
    with container.engine.connect() as connection:
        flag = connection.execute(
            text("SELECT flag FROM household_episodes WHERE household_id = :h"),
            {"h": borough["H1"]},
        ).scalar()
    assert flag and "No longer meets supporting-families-2022 as at 01/09/2027" in flag

    again = screen_households(container, ruleset_id=SF, as_of=AS_OF)
    assert again.meeting_again == 1 and again.newly_eligible == 0


def test_a_referred_household_moves_to_not_eligible_then_back_on_new_data(
    container: Container, borough: dict[str, int]
) -> None:
    with container.engine.begin() as connection:
        open_episode(
            connection,
            borough["H2"],
            actor=Principal.staff("S001"),
            reason="Referred by the school",
        )
    screen_households(container, ruleset_id=SF, as_of=AS_OF)
    assert _state(container, borough["H2"]) == "not_eligible"

    with container.engine.begin() as connection:
        b = Borough(connection)
        dad = connection.execute(text("SELECT id FROM people WHERE person_ref = 'P3'")).scalar()
        b.fact("benefits", dad, on=D(2025, 1, 1))
        b.fact("housing", dad, on=D(2026, 1, 1), issue="eviction_notice")
    again = screen_households(container, ruleset_id=SF, as_of=AS_OF)
    assert again.newly_eligible == 1
    assert _state(container, borough["H2"]) == "eligible"


def test_a_programme_that_has_ended_screens_for_comparison_and_moves_nobody(
    container: Container, borough: dict[str, int]
) -> None:
    report = screen_households(container, ruleset_id="troubled-families-2015", as_of=AS_OF)
    assert not report.lifecycle and report.note and "comparison only" in report.note
    assert report.eligible == 1  # H1: three headlines; H2: health only
    assert _state(container, borough["H1"]) is None


def test_comparing_rule_sets_lists_the_households_that_flip(
    container: Container, borough: dict[str, int]
) -> None:
    comparison = compare_rulesets(container, "troubled-families-2012", SF, as_of=AS_OF)
    assert comparison.households == 2
    assert (comparison.first.eligible, comparison.second.eligible) == (0, 1)
    assert comparison.only_second == ["H1"] and comparison.only_first == []
    assert any("Only under supporting-families-2022: 1 (H1)" in line for line in comparison.lines())


def test_after_an_import_the_households_it_touched_are_screened_again(
    container: Container, borough: dict[str, int]
) -> None:
    assert rescreen_after_import(container, borough["health_batch"]) is None  # never screened
    screen_households(container, ruleset_id=SF, as_of=AS_OF)
    with container.engine.connect() as connection:
        assert households_touched(connection, borough["health_batch"]) == sorted(
            [borough["H1"], borough["H2"]]
        )
    report = rescreen_after_import(container, borough["health_batch"], today=AS_OF)
    assert report is not None and report.households_screened == 2
    with container.engine.connect() as connection:
        trigger = connection.execute(
            text("SELECT trigger, batch_id FROM screening_runs ORDER BY id DESC LIMIT 1")
        ).one()
    assert tuple(trigger) == ("import", borough["health_batch"])


def test_bad_requests_get_plain_messages(container: Container, borough: dict[str, int]) -> None:
    with pytest.raises(UnknownRuleset, match="Known rule sets: .*troubled-families-2015"):
        screen_households(container, ruleset_id="tf-2099", as_of=AS_OF)
    with pytest.raises(AsOfOutOfRange, match="01/01/2020 is before Supporting Families"):
        screen_households(container, ruleset_id=SF, as_of=D(2020, 1, 1))
    with pytest.raises(HouseholdNotFound, match="no household ‘H999’"):
        explain_household(container, "H999")
    with container.engine.connect() as connection:  # nothing was half-written
        runs = connection.execute(select(text("count(*)")).select_from(text("screening_runs")))
        assert runs.scalar() == 0
