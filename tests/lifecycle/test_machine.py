"""The lifecycle machine and ``fire``: what moves, what is refused, and why. No database.

The expected table below is written out by hand from the product model (docs/product-model.md
§3, the household lifecycle), not derived from ``MOVES``: each row is a state, each
column a trigger, and each cell where the trigger takes the household, or ``-`` when the
trigger is refused from that state.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from workflow.domain.vocabulary import ClosureReason
from workflow.domain.vocabulary import HouseholdState as S
from workflow.lifecycle import (
    MACHINE,
    OPEN_STATES,
    Episode,
    KnownFacts,
    TransitionRefused,
    Trigger,
    available_triggers,
    fire,
)
from workflow.principal import Principal

P = Principal.acting
EVERYTHING = KnownFacts(
    champion=True, assessment=True, plan=True, progress=True, approvals=frozenset({"claim"})
)

# Every state x trigger, by hand from the product model. "-": refused from this state.
TABLE = """
state               screen   meets_criteria  does_not_meet  rescreen_eligible  allocate   start_assessment  agree_plan  evidence_progress   claim    close
identified          screened -               -              -                  -          -                 -           -                   -        closed
screened            -        eligible        not_eligible   -                  -          -                 -           -                   -        closed
eligible            -        -               -              -                  allocated  -                 -           -                   -        closed
not_eligible        -        -               -              eligible           -          -                 -           -                   -        closed
allocated           -        -               -              -                  -          assessment        -           -                   -        closed
assessment          -        -               -              -                  -          -                 active      -                   -        closed
active              -        -               -              -                  -          -                 -           progress_evidenced  -        closed
progress_evidenced  -        -               -              -                  -          -                 -           -                   claimed  closed
claimed             -        -               -              -                  -          -                 -           -                   -        closed
closed              -        -               -              -                  -          -                 -           -                   -        -
"""
# The state each trigger needs, as a refusal names it (close: any open state).
NEEDS = {
    "screen": "'identified'",
    "meets_criteria": "'screened'",
    "does_not_meet": "'screened'",
    "rescreen_eligible": "'not_eligible'",
    "allocate": "'eligible'",
    "start_assessment": "'allocated'",
    "agree_plan": "'assessment'",
    "evidence_progress": "'active'",
    "claim": "'progress_evidenced'",
}
FINAL = "it is 'closed', and a closed episode is final (a re-referral opens a new one)"


def _cells() -> list[tuple[S, Trigger, S | None]]:
    header, *rows = [line.split() for line in TABLE.strip().splitlines()]
    cells = []
    for state, *dests in rows:
        for trigger, dest in zip(header[1:], dests, strict=True):
            cells.append((S(state), Trigger(trigger), None if dest == "-" else S(dest)))
    return cells


CELLS = _cells()
ALLOWED = [(trigger, state, dest) for state, trigger, dest in CELLS if dest is not None]
REFUSED = [(trigger, state) for state, trigger, dest in CELLS if dest is None]


def test_the_table_covers_every_state_and_trigger_once() -> None:
    assert sorted((s, t) for s, t, _ in CELLS) == sorted((s, t) for s in S for t in Trigger)


def episode(state: S, ref: str = "H000123") -> Episode:
    return Episode(id=7, household_id=70, number=1, state=state, household_ref=ref)


def reason_for(trigger: Trigger) -> str:
    return ClosureReason.DISENGAGED.value if trigger is Trigger.CLOSE else "a reason"


def refusal(ep: Episode, trigger: Trigger | str, **kwargs) -> TransitionRefused:
    kwargs.setdefault("reason", reason_for(Trigger(trigger)) if trigger in set(Trigger) else "x")
    before = dataclasses.replace(ep)
    with pytest.raises(TransitionRefused) as caught:
        fire(ep, trigger, actor=P("kw1"), **kwargs)
    assert ep == before, "a refused trigger changed the episode"
    assert caught.value.code == "transition_refused"
    return caught.value


@pytest.mark.parametrize(("trigger", "source", "dest"), ALLOWED)
def test_every_trigger_moves_from_each_of_its_states(trigger: Trigger, source: S, dest: S) -> None:
    ep = episode(source)
    at = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
    moved = fire(
        ep,
        trigger,
        actor=P("kw1"),
        reason=reason_for(trigger),
        facts=EVERYTHING,
        detail={"decision_id": 5},
        at=at,
    )
    assert ep.state is dest
    assert (moved.from_state, moved.to_state, moved.trigger) == (source, dest, trigger.value)
    assert (moved.household_id, moved.episode_id, moved.episode_number) == (70, 7, 1)
    assert (moved.actor, moved.at, moved.reason, moved.detail) == (
        "kw1",
        at,
        reason_for(trigger),
        {"decision_id": 5},
    )


@pytest.mark.parametrize(("trigger", "state"), REFUSED)
def test_every_trigger_is_refused_from_the_other_states(trigger: Trigger, state: S) -> None:
    error = refusal(episode(state), trigger, facts=EVERYTHING)
    if state is S.CLOSED:
        expected = FINAL
    elif trigger is Trigger.CLOSE:
        raise AssertionError("close is allowed from every open state")
    else:
        expected = f"it is '{state.value}', and {trigger.value} needs {NEEDS[trigger.value]}"
    assert error.reasons == (expected,)
    assert (error.trigger, error.state, error.household_id) == (trigger.value, state.value, 70)


class SaysYes:
    """Facts that answer "yes" rather than True: a guard must not take that as a pass."""

    def champion_assigned(self) -> str:
        return "yes"

    def assessment_recorded(self) -> str:
        return "yes"

    def plan_recorded(self) -> str:
        return "yes"

    def progress_recorded(self) -> str:
        return "yes"

    def approved(self, action: str) -> str:
        return "yes"


def test_a_wrong_state_names_the_state_it_needs() -> None:
    error = refusal(episode(S.SCREENED), Trigger.ALLOCATE, facts=KnownFacts(champion=True))
    assert error.detail == (
        "Cannot allocate household H000123: it is 'screened', and allocate needs 'eligible'."
    )


@pytest.mark.parametrize(
    ("trigger", "state", "facts", "reason"),
    [
        (Trigger.ALLOCATE, S.ELIGIBLE, KnownFacts(), "champion not assigned"),
        (
            Trigger.AGREE_PLAN,
            S.ASSESSMENT,
            KnownFacts(plan=True),
            "no whole-family assessment recorded",
        ),
        (Trigger.AGREE_PLAN, S.ASSESSMENT, KnownFacts(assessment=True), "no family plan recorded"),
        (Trigger.EVIDENCE_PROGRESS, S.ACTIVE, KnownFacts(), "no evidence of progress recorded"),
        (Trigger.CLAIM, S.PROGRESS_EVIDENCED, KnownFacts(), "manager approval needed"),
    ],
)
def test_guards_say_why_they_refuse(
    trigger: Trigger, state: S, facts: KnownFacts, reason: str
) -> None:
    error = refusal(episode(state), trigger, facts=facts)
    assert error.reasons == (reason,)
    assert error.detail.endswith(f": {reason}.")
    # A "yes" that is not True does not count.
    refusal(episode(state), trigger, facts=SaysYes())


def test_closing_as_plan_completed_needs_a_plan() -> None:
    error = refusal(episode(S.ACTIVE), Trigger.CLOSE, reason="plan_completed", facts=KnownFacts())
    assert error.reasons == ("closing as ‘plan completed’ needs a family plan agreed first",)
    moved = fire(
        episode(S.ACTIVE), Trigger.CLOSE, actor=P("mgr1"), reason="plan_completed",
        facts=KnownFacts(plan=True),
    )  # fmt: skip
    assert moved.to_state is S.CLOSED


def test_every_reason_is_listed_at_once() -> None:
    error = refusal(episode(S.SCREENED), Trigger.ALLOCATE, reason=" ")
    assert error.reasons == (
        "it is 'screened', and allocate needs 'eligible'",
        "a reason is needed",
        "champion not assigned",
    )
    assert error.detail == (
        "Cannot allocate household H000123: it is 'screened', and allocate needs 'eligible'; "
        "a reason is needed; champion not assigned."
    )


@pytest.mark.parametrize("reason", ["", "   ", "x" * 501])
def test_every_move_needs_a_short_reason(reason: str) -> None:
    error = refusal(episode(S.IDENTIFIED), Trigger.SCREEN, reason=reason)
    assert len(error.reasons) == 1
    assert "reason" in error.reasons[0]


@pytest.mark.parametrize("reason", ["", "they moved", "DISENGAGED", "closed"])
def test_closing_needs_a_reason_from_the_fixed_list(reason: str) -> None:
    error = refusal(episode(S.ACTIVE), Trigger.CLOSE, reason=reason)
    assert error.reasons[-1].startswith("closing needs one of the closure reasons: ")
    assert "declined_consent" in error.detail and "claimed_and_closed" in error.detail


@pytest.mark.parametrize("reason", list(ClosureReason))
@pytest.mark.parametrize("state", OPEN_STATES)
def test_any_open_state_closes_with_any_listed_reason(state: S, reason: ClosureReason) -> None:
    ep = episode(state)
    moved = fire(ep, Trigger.CLOSE, actor=P("mgr1"), reason=reason.value, facts=EVERYTHING)
    assert (ep.state, moved.from_state, moved.reason) == (S.CLOSED, state, reason.value)


@pytest.mark.parametrize("trigger", list(Trigger))
def test_closed_is_final(trigger: Trigger) -> None:
    error = refusal(episode(S.CLOSED), trigger, facts=EVERYTHING)
    assert "a closed episode is final (a re-referral opens a new one)" in error.detail
    assert available_triggers(S.CLOSED) == []


def test_an_unknown_trigger_is_refused_by_name() -> None:
    error = refusal(episode(S.ELIGIBLE), "teleport")
    assert "there is no trigger 'teleport'" in error.detail
    assert "allocate" in error.detail


def test_a_household_without_a_ref_is_named_by_its_id() -> None:
    error = refusal(episode(S.SCREENED, ref=""), Trigger.ALLOCATE, facts=EVERYTHING)
    assert error.detail.startswith("Cannot allocate household #70: ")


def test_screening_moves_chain_on_the_same_episode() -> None:
    ep = episode(S.IDENTIFIED)
    first = fire(ep, Trigger.SCREEN, actor=P("system"), reason="screened")
    second = fire(ep, "meets_criteria", actor=P("system"), reason="meets sf-2022")
    assert (first.to_state, second.from_state, second.to_state) == (
        S.SCREENED,
        S.SCREENED,
        S.ELIGIBLE,
    )


def test_available_triggers_follow_the_machine() -> None:
    assert available_triggers(S.SCREENED) == [
        Trigger.MEETS_CRITERIA,
        Trigger.DOES_NOT_MEET,
        Trigger.CLOSE,
    ]
    assert available_triggers(S.ELIGIBLE) == [Trigger.ALLOCATE, Trigger.CLOSE]


def test_one_shared_machine_with_no_models_and_no_back_doors() -> None:
    ep = episode(S.IDENTIFIED)
    fire(ep, Trigger.SCREEN, actor=P("system"), reason="screened")
    assert MACHINE.models == []
    assert set(MACHINE.events) == {t.value for t in Trigger}  # no to_<state> triggers
    assert not hasattr(ep, "trigger") and not hasattr(ep, "is_screened")
