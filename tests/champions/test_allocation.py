"""Bulk allocation: hand-written backlogs with the answer worked out on paper.

Default weights (workflow/champions/weights.py). In most cases here each worker has room
for exactly one family (capacity 1, no load), so spare capacity scores nothing and each
worker who takes a family ends 0.1 unit above 90% of capacity: 20 × 0.1 = 2 points off
the total.
"""

from __future__ import annotations

import random

import pytest
from champion_builders import chosen, family, worker

from workflow.champions import AllocationInputInvalid, Proposal, propose


def one_place(ref: str, **kwargs: object) -> object:
    return worker(ref, capacity=1, **kwargs)  # type: ignore[arg-type]


def three_families_two_workers() -> tuple[list, list]:  # type: ignore[type-arg]
    """A: North, gangs and domestic abuse. B: South, domestic abuse. One place each.

    | family | needs | A | B |
    |---|---|---|---|
    | H1, North | domestic abuse | 15 + 10 = 25 | 15 |
    | H2, North | gangs | 15 + 10 = 25 | 0 |
    | H3, East | nothing | 0 | 0 |

    Greedy, in order: H1 takes its best, A (25); H2 gets B (0); H3 nobody: 25.
    The optimum: H1 to B (15), H2 to A (25), H3 nobody: 40.
    """
    workers = [
        one_place("A", locality="North", specialisms=["gangs", "domestic_abuse"]),
        one_place("B", locality="South", specialisms=["domestic_abuse"]),
    ]
    families = [
        family("H1", locality="North", needs=["domestic_abuse"]),
        family("H2", locality="North", needs=["gangs"]),
        family("H3", locality="East"),
    ]
    return families, workers


@pytest.mark.parametrize(
    ("method", "used"), [("auto", "flow"), ("flow", "flow"), ("lp", "lp"), ("milp", "milp")]
)
def test_the_optimum_beats_first_come_first_served(method: str, used: str) -> None:
    families, workers = three_families_two_workers()

    proposal = propose(families, workers, method=method)  # type: ignore[arg-type]

    assert chosen(proposal) == {"H1": "B", "H2": "A"}
    assert proposal.method == used
    assert proposal.total_score == pytest.approx(40 - 2 * 2)
    assert proposal.greedy.total_score == pytest.approx(25 - 2 * 2)
    assert proposal.bound == pytest.approx(2 * 1000 + 40 - 2 * 2, abs=0.01)
    assert [u.household_ref for u in proposal.unassigned] == ["H3"]
    assert (proposal.greedy.assigned, proposal.greedy.unassigned) == (2, 1)
    assert proposal.workers_over_90 == ("A", "B")
    assert proposal.summary()[0].startswith(
        "Optimised: total score 36, 1 family unassigned, 2 workers over 90% of capacity, "
    )
    assert proposal.summary()[1].startswith(
        "Greedy (first come, first served): total score 21, 1 family unassigned, 2 workers"
    )


def test_the_reasons_of_an_assignment_count_the_whole_proposal() -> None:
    families = [family("H1", needs=["send"]), family("H2")]
    proposal = propose(families, [worker("S1", specialisms=["send"], load=6)])

    by_ref = {a.household_ref: a for a in proposal.assignments}
    assert by_ref["H1"].reasons == (
        "specialist in SEND (special educational needs and disabilities)",
        "has 4 of 12 units free after this proposal",
    )
    assert by_ref["H1"].score == pytest.approx(15 + 10 * 5 / 12)  # on the loads before it


def test_capacity_is_respected() -> None:
    """S1 has 2 units free and every family would rather have S1 (the same locality).
    S2 has 1 unit free. Four gold families (1 unit each): two go to S1, one to S2, and
    one waits."""
    workers = [
        worker("S1", locality="North", load=10),
        worker("S2", locality="South", load=11),
    ]
    families = [family(f"H{i}", locality="North") for i in range(1, 5)]

    proposal = propose(families, workers)

    assert sorted(chosen(proposal).values()) == ["S1", "S1", "S2"]
    (waiting,) = proposal.unassigned
    assert (
        waiting.reason == "the 2 workers with room for this family were needed for other families"
    )


def test_continuity_wins_the_worker_when_it_matters_most() -> None:
    """One place with S1. H1's family already works with S1 (40); H2 is a specialist
    match (15). S2 (another locality, no specialism) has room for one."""
    workers = [
        one_place("S1", locality="North", specialisms=["mental_health"]),
        one_place("S2", locality="South"),
    ]
    families = [
        family("H1", locality="East", continuity=["S1"]),
        family("H2", locality="East", needs=["mental_health"]),
    ]
    assert chosen(propose(families, workers)) == {"H1": "S1", "H2": "S2"}


def test_a_proposal_never_takes_a_worker_over_capacity() -> None:
    workers = [worker("S1", load=11.5, specialisms=["gangs"]), worker("S2", load=11.75)]
    families = [family("H1", needs=["gangs"]), family("H2", weight=0.25)]

    proposal = propose(families, workers)

    assert chosen(proposal) == {"H2": "S1"}
    assert proposal.unassigned[0].reason == "no worker with spare capacity (it needs 1 unit)"


def test_unassigned_families_say_why() -> None:
    workers = [worker("S1", team="North 1", load=11), worker("S2", team="South 1", absent=True)]
    families = [
        family("H1", team="East 1"),
        family("H2", team="South 1"),
        family("H3", team="North 1", weight=2),
        family("H4", weight=2),
    ]

    proposal = propose(families, workers)

    assert {u.household_ref: u.reason for u in proposal.unassigned} == {
        "H1": "no keyworker in the East 1 team is available",
        "H2": "no keyworker in the South 1 team is available",
        "H3": "no worker with spare capacity in the North 1 team (it needs 2 units)",
        "H4": "no worker with spare capacity (it needs 2 units)",
    }
    assert proposal.assignments == ()
    nobody = propose([family("H1")], [worker("S1", active=False)])
    assert nobody.unassigned[0].reason == "no keyworker is available"


def test_a_family_stays_within_its_team() -> None:
    workers = [
        worker("S1", team="North 1", load=6),
        worker("S2", team="North 2", specialisms=["gangs"]),
    ]
    assert chosen(propose([family("H1", team="North 1", needs=["gangs"])], workers)) == {"H1": "S1"}


def test_ties_go_to_the_lower_references_whatever_the_order() -> None:
    """Two identical workers with one place each, three identical families: H1 and H2 get
    a champion, S1 before S2... in whichever order they are given."""
    workers = [one_place("S2"), one_place("S1")]
    families = [family("H3"), family("H2"), family("H1")]

    first = propose(families, workers)
    assert [u.household_ref for u in first.unassigned] == ["H3"]
    for _ in range(5):
        random.shuffle(workers)
        random.shuffle(families)
        again = propose(families, workers)
        assert (again.assignments, again.unassigned) == (first.assignments, first.unassigned)


def test_the_same_backlog_gives_the_same_proposal() -> None:
    families, workers = three_families_two_workers()
    a, b = propose(families, workers), propose(families, workers)
    assert (a.assignments, a.total_score) == (b.assignments, b.total_score)


def test_an_empty_backlog() -> None:
    proposal = propose([], [worker("S1")])
    assert isinstance(proposal, Proposal)
    assert (proposal.assignments, proposal.unassigned, proposal.total_score) == ((), (), 0)


def test_a_household_twice_or_a_weightless_family_is_refused() -> None:
    with pytest.raises(AllocationInputInvalid, match="more than once"):
        propose([family("H1"), family("H1")], [worker("S1")])
    with pytest.raises(AllocationInputInvalid, match="more than 0"):
        propose([family("H1", weight=0)], [worker("S1")])
