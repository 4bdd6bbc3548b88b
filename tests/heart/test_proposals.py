"""Suggestions for one family, a whole backlog allocated by one reviewed proposal (accepted
whole, edited or rejected), rebalancing a leaver's caseload, and the refusals: stale,
twice, over capacity, the wrong role. The small borough: three eligible families, KW1
(12 units) and KW2 (0.5 units), each family weighing 0.25 (bronze, where it would start).
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.heart.conftest import CLOCK, KEYWORKER, MANAGER, PATHWAYS, Heart
from tests.heart.test_allocate_and_move import assign, rows, state
from workflow.access.policy import NotAllowed
from workflow.allocation.proposals import (
    ProposalRefused,
    apply_proposal,
    make_proposal,
    rebalance_proposal,
    reject_proposal,
    show_proposal,
    suggestions_for,
)
from workflow.localities import LocalityMap
from workflow.staff import leave

D = dt.date
NO_MAP = LocalityMap()


def propose(heart: Heart, **options):
    return make_proposal(
        uow=heart.container.uow(),
        clock=CLOCK,
        actor=MANAGER,
        pathways=PATHWAYS,
        localities=NO_MAP,
        **options,
    )


def apply(heart: Heart, proposal_id: int, **options):
    return apply_proposal(
        proposal_id,
        uow=heart.container.uow(),
        clock=CLOCK,
        actor=options.pop("actor", MANAGER),
        pathways=PATHWAYS,
        localities=NO_MAP,
        **options,
    )


def champions(heart: Heart) -> dict[str, str]:
    return dict(
        rows(
            heart,
            "SELECT h.household_ref, s.staff_ref FROM champion_assignments a "
            "JOIN households h ON h.id = a.household_id JOIN staff s ON s.id = a.staff_id "
            "WHERE a.ended_on IS NULL",
        )
    )


def test_suggestions_rank_the_keyworkers_with_reasons(heart: Heart) -> None:
    found = suggestions_for(
        "H1",
        uow=heart.container.uow(),
        clock=CLOCK,
        actor=MANAGER,
        pathways=PATHWAYS,
        localities=NO_MAP,
    )
    assert found.household_ref == "H1" and found.weight == 0.25
    assert found.needs == ("domestic_abuse", "mental_health")
    assert [s.staff_ref for s in found.suggestions] == ["KW1", "KW2"]
    first = found.suggestions[0]
    assert first.load_after == 0.25 and first.capacity == 12.0 and not first.over_capacity
    assert any("units free" in reason for reason in first.reasons)


def test_a_keyworker_may_not_propose_or_apply(heart: Heart) -> None:
    with pytest.raises(NotAllowed, match="Only a manager or senior manager can propose"):
        make_proposal(
            uow=heart.container.uow(),
            clock=CLOCK,
            actor=KEYWORKER,
            pathways=PATHWAYS,
            localities=NO_MAP,
        )


def test_the_backlog_is_allocated_by_one_proposal_accepted_whole(heart: Heart) -> None:
    proposal = propose(heart)
    assert (proposal.kind, proposal.status, proposal.families) == ("backlog", "proposed", 3)
    assert proposal.assigned == 3 and proposal.unassigned == 0
    assert proposal.score >= proposal.greedy_score
    assert len(proposal.summary()) == 2 and proposal.summary()[1].startswith("Greedy")
    assert champions(heart) == {}  # proposing changes nothing

    done = apply(heart, proposal.id)
    assert (done.assigned, done.allocated, done.edited, done.left_unassigned) == (3, 3, 0, 0)
    assert set(champions(heart)) == {"H1", "H2", "H3"}
    assert [state(heart, ref) for ref in ("H1", "H2", "H3")] == ["allocated"] * 3
    # KW2 (0.5 units) never carries more than two 0.25 families
    assert list(champions(heart).values()).count("KW2") <= 2
    assert show_proposal(proposal.id, uow=heart.container.uow(), actor=MANAGER).status == "applied"
    [(source,)] = rows(
        heart, "SELECT count(*) FROM champion_assignments WHERE proposal_id IS NOT NULL"
    )
    assert source == 3

    with pytest.raises(ProposalRefused, match=f"Proposal {proposal.id} was applied by MGR1"):
        apply(heart, proposal.id)


def test_a_manager_edits_the_proposal_before_applying_it(heart: Heart) -> None:
    proposal = propose(heart)
    done = apply(
        heart, proposal.id, changes={"H1": "KW1", "H2": None}, reason="H2 waits for the new starter"
    )
    assert done.left_unassigned == 1
    assert champions(heart)["H1"] == "KW1" and "H2" not in champions(heart)
    assert state(heart, "H2") == "eligible"


def test_a_stale_proposal_is_refused_and_changes_nothing(heart: Heart) -> None:
    proposal = propose(heart)
    assign(heart, "H1", "KW1")  # another manager got there first
    with pytest.raises(ProposalRefused, match="out of date: families or caseloads have changed"):
        apply(heart, proposal.id)
    assert champions(heart) == {"H1": "KW1"}
    assert state(heart, "H2") == "eligible"


def test_an_edit_past_capacity_refuses_the_whole_proposal(heart: Heart) -> None:
    proposal = propose(heart)
    with pytest.raises(
        ProposalRefused,
        match="H3 .weight 0.25. would take KW2 to 0.75 of 0.5 units: over capacity.*Nothing was changed",
    ):
        apply(heart, proposal.id, changes={"H1": "KW2", "H2": "KW2", "H3": "KW2"})
    assert champions(heart) == {}
    with pytest.raises(ProposalRefused, match="Household H9 is not in proposal"):
        apply(heart, proposal.id, changes={"H9": "KW1"})


def test_a_rejected_proposal_can_not_then_be_applied(heart: Heart) -> None:
    proposal = propose(heart)
    rejected = reject_proposal(
        proposal.id,
        reason="wait for the new team",
        uow=heart.container.uow(),
        clock=CLOCK,
        actor=MANAGER,
    )
    assert (rejected.status, rejected.decision_reason) == ("rejected", "wait for the new team")
    with pytest.raises(ProposalRefused, match="was rejected"):
        apply(heart, proposal.id)
    assert champions(heart) == {}


def test_back_dated_assignments_take_the_day_each_family_began(heart: Heart) -> None:
    proposal = propose(heart)
    apply(heart, proposal.id, effective_on={"H1": D(2026, 9, 1), "H2": D(2026, 10, 5)})
    started = dict(
        rows(
            heart,
            "SELECT h.household_ref, a.started_on FROM champion_assignments a "
            "JOIN households h ON h.id = a.household_id",
        )
    )
    assert str(started["H1"])[:10] == "2026-09-01"
    assert str(started["H2"])[:10] == "2026-10-05"
    assert str(started["H3"])[:10] == "2026-11-23"  # today


def test_a_leavers_caseload_is_rebalanced_in_one_proposal(heart: Heart) -> None:
    for ref in ("H1", "H2", "H3"):
        assign(heart, ref, "KW1")
    leave("KW1", reason="new job", uow=heart.container.uow(), clock=CLOCK, actor=MANAGER)
    proposal = rebalance_proposal(
        "KW1",
        uow=heart.container.uow(),
        clock=CLOCK,
        actor=MANAGER,
        pathways=PATHWAYS,
        localities=NO_MAP,
    )
    assert (proposal.kind, proposal.scope, proposal.families) == ("rebalance", "KW1", 3)
    # KW2 has room for two of the three; the third waits, and says why
    assert proposal.assigned == 2 and proposal.unassigned == 1
    assert {item.previous_staff_ref for item in proposal.items} == {"KW1"}
    waiting = next(item for item in proposal.items if item.staff_ref is None)
    assert waiting.reasons == (
        "the one worker with room for this family was needed for other families",
    )
    apply(heart, proposal.id, reason="KW1 has left")
    now = champions(heart)
    assert sorted(now.values()) == ["KW1", "KW2", "KW2"]
    ended = rows(heart, "SELECT end_reason FROM champion_assignments WHERE ended_on IS NOT NULL")
    assert sorted(r[0] for r in ended) == ["champion changed: KW1 has left"] * 2


def test_nothing_to_propose_is_said_plainly(heart: Heart) -> None:
    apply(heart, propose(heart).id)
    with pytest.raises(ProposalRefused, match="No family is waiting for a champion"):
        propose(heart)
    with pytest.raises(ProposalRefused, match="KW2 champions no families|There is no keyworker"):
        rebalance_proposal(
            "NOBODY",
            uow=heart.container.uow(),
            clock=CLOCK,
            actor=MANAGER,
            pathways=PATHWAYS,
            localities=NO_MAP,
        )
