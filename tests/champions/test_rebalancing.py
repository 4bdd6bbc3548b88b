"""Moving a leaver's whole caseload as one proposal."""

from __future__ import annotations

import pytest
from champion_builders import chosen, family, worker

from workflow.champions import rebalance


def caseload() -> list:  # type: ignore[type-arg]
    """The leaver S1's families; each already works with S1 (continuity)."""
    return [family(f"H{i}", locality="North", continuity=["S1"]) for i in (1, 2, 3)]


def test_the_leaver_is_never_proposed_and_no_longer_counts_as_continuity() -> None:
    workers = [
        worker("S1", team="North 1", active=False, load=3),
        worker("S2", team="North 1", load=6),
        worker("S3", team="South 1", locality="South"),
    ]

    proposal = rebalance("S1", caseload(), workers)

    assert chosen(proposal) == {"H1": "S2", "H2": "S2", "H3": "S2"}
    for assignment in proposal.assignments:
        assert not any("already works" in reason for reason in assignment.reasons)
        assert assignment.reasons[0] == "in the same team as the family's last champion (North 1)"


def test_the_same_team_is_preferred_but_not_at_any_price() -> None:
    """S2 (the leaver's team, 2 units free) against S3 (another team, all 12 free; both
    in the family's locality). A family with S2 scores 20 + 10 + 10 × 1/12 = 30.83 (S2
    would have 1 unit free after it); with S3, 10 + 10 × 11/12 = 19.17. But S2 past 10.8
    units is above 90% of capacity, at 20 points a unit:

    - two with S2 (12 units: 1.2 above), one with S3: 2 × 30.83 + 19.17 − 24 = 56.83;
    - one with S2 (11 units: 0.2 above), two with S3: 30.83 + 2 × 19.17 − 4 = 65.17;
    - all three with S3: 3 × 19.17 = 57.5.

    So one family stays in the team, and it is H1: between equals, the lower household
    reference gets the lower staff reference."""
    workers = [
        worker("S1", team="North 1", absent=True),
        worker("S2", team="North 1", load=10),
        worker("S3", team="North 2"),
    ]

    proposal = rebalance("S1", caseload(), workers)

    assert chosen(proposal) == {"H1": "S2", "H2": "S3", "H3": "S3"}
    assert proposal.total_score == pytest.approx(30 + 10 / 12 + 2 * (10 + 10 * 11 / 12) - 4)
    assert proposal.unassigned == ()


def test_a_remaining_workers_continuity_still_counts() -> None:
    workers = [worker("S1"), worker("S2", team="North 1"), worker("S3", team="Youth Offending")]
    families = [family("H1", continuity=["S1", "S3"])]

    (moved,) = rebalance("S1", families, workers).assignments

    assert moved.staff_ref == "S3"
    assert moved.reasons[0] == "already works with a member of the family (Youth Offending)"


def test_families_nobody_has_room_for_are_reported() -> None:
    workers = [worker("S1"), worker("S2", load=11.5)]
    proposal = rebalance("S1", caseload(), workers)
    assert proposal.assignments == ()
    assert {u.reason for u in proposal.unassigned} == {
        "no worker with spare capacity (it needs 1 unit)"
    }


def test_a_leaver_missing_from_the_workers_still_moves() -> None:
    proposal = rebalance("S9", caseload(), [worker("S2")])
    assert chosen(proposal) == {"H1": "S2", "H2": "S2", "H3": "S2"}
    # Each: the same locality (10) and 11 of 12 units free (10 × 11/12); 3 of 12 units
    # afterwards is not above 90%, so nothing comes off.
    assert proposal.total_score == pytest.approx(3 * (10 + 10 * 11 / 12))
