"""The heart's invariants hold under real concurrent connections (20 and more at once),
on SQLite and on PostgreSQL (``./dev test`` runs these on both)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import text

from tests.heart.conftest import CLOCK, KEYWORKER, PATHWAYS, Heart
from tests.heart.test_allocate_and_move import assign, rows, state
from workflow.allocation.assignments import AssignmentRefused, assign_champion
from workflow.allocation.proposals import ProposalRefused, apply_proposal, make_proposal
from workflow.domain.vocabulary import StaffRole
from workflow.households.lookup import NoOpenEpisode
from workflow.lifecycle.service import move_household
from workflow.localities import LocalityMap
from workflow.principal import Principal
from workflow.statemachine.errors import SubjectsChanged, TransitionRefused
from workflow.tasks.service import TaskRefused, complete_task, list_tasks

RACERS = 20
EXPECTED = (
    AssignmentRefused,
    TaskRefused,
    TransitionRefused,
    SubjectsChanged,
    NoOpenEpisode,
    ProposalRefused,
)


def race(jobs: list[Callable[[], Any]]) -> tuple[list[Any], list[Exception]]:
    """Start every job at the same moment, each on its own connection; (results, refusals)."""
    start = threading.Barrier(len(jobs))

    def run(job: Callable[[], Any]) -> Any:
        start.wait()
        try:
            return job()
        except EXPECTED as refused:
            return refused

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        outcomes = list(pool.map(run, jobs))
    refused = [o for o in outcomes if isinstance(o, Exception)]
    return [o for o in outcomes if not isinstance(o, Exception)], refused


def managers(n: int) -> list[Principal]:
    return [Principal.staff(f"MGR{i}", StaffRole.MANAGER) for i in range(100, 100 + n)]


def test_managers_assigning_one_family_at_once_give_it_one_champion(heart: Heart) -> None:
    jobs = [
        (
            lambda who=who, worker=worker: assign_champion(
                "H1",
                worker,
                uow=heart.container.uow(),
                clock=CLOCK,
                pathways=PATHWAYS,
                actor=who,
                reason="race",
            )
        )
        for who, worker in zip(managers(RACERS), ["KW1", "KW2"] * (RACERS // 2), strict=True)
    ]
    done, refused = race(jobs)
    active = rows(heart, "SELECT COUNT(*) FROM champion_assignments WHERE ended_on IS NULL")
    assert active == [(1,)]
    assert state(heart, "H1") == "allocated"
    assert len(rows(heart, "SELECT id FROM household_transitions WHERE trigger = 'allocate'")) == 1
    assert len(done) + len(refused) == RACERS and all(isinstance(r, EXPECTED) for r in refused)


def test_families_competing_for_a_workers_last_unit_do_not_take_them_over(heart: Heart) -> None:
    # KW2 has 0.5 units: two of the three families (0.25 each) fit, never three.
    jobs = [
        (
            lambda ref=ref, who=who: assign_champion(
                ref,
                "KW2",
                uow=heart.container.uow(),
                clock=CLOCK,
                pathways=PATHWAYS,
                actor=who,
                reason="race",
            )
        )
        for ref, who in zip(["H1", "H2", "H3"] * 7, managers(21), strict=True)
    ]
    race(jobs)
    [(families,)] = rows(
        heart,
        "SELECT COUNT(*) FROM champion_assignments a JOIN staff s ON s.id = a.staff_id "
        "WHERE s.staff_ref = 'KW2' AND a.ended_on IS NULL",
    )
    assert families == 2


def test_keyworkers_completing_one_task_at_once_complete_it_once(heart: Heart) -> None:
    assign(heart, "H1", "KW1")
    [task, *_] = list_tasks(uow=heart.container.uow(), clock=CLOCK, staff_ref="KW1")
    workers = [Principal.staff(f"KW{i}", StaffRole.KEYWORKER) for i in range(100, 100 + RACERS)]
    done, refused = race(
        [
            (
                lambda who=who: complete_task(
                    task.task_id,
                    uow=heart.container.uow(),
                    clock=CLOCK,
                    actor=who,
                )
            )
            for who in workers
        ]
    )
    assert (len(done), len(refused)) == (1, RACERS - 1)
    assert rows(heart, f"SELECT status FROM keyworker_tasks WHERE id = {task.task_id}") == [
        ("done",)
    ]


def test_a_move_racing_a_close_leaves_one_consistent_outcome(heart: Heart) -> None:
    assign(heart, "H1", "KW1")
    jobs: list[Callable[[], Any]] = []
    for i in range(RACERS // 2):
        jobs.append(
            lambda: move_household(
                "H1",
                "start_assessment",
                uow=heart.container.uow(),
                clock=CLOCK,
                pathways=PATHWAYS,
                actor=KEYWORKER,
                reason="visit",
            )
        )
        jobs.append(
            lambda i=i: move_household(
                "H1",
                "close",
                uow=heart.container.uow(),
                clock=CLOCK,
                pathways=PATHWAYS,
                actor=managers(1)[0],
                reason="moved_out_of_area",
            )
        )
    race(jobs)
    with heart.container.engine.connect() as connection:
        episodes = connection.execute(
            text(
                "SELECT state, closed_at IS NOT NULL FROM household_episodes "
                "WHERE household_id = (SELECT id FROM households WHERE household_ref = 'H1')"
            )
        ).all()
        history = [
            tuple(r)
            for r in connection.execute(
                text(
                    "SELECT t.from_state, t.to_state FROM household_transitions t "
                    "JOIN households h ON h.id = t.household_id "
                    "WHERE h.household_ref = 'H1' ORDER BY t.id"
                )
            )
        ]
    [(final, closed)] = [tuple(e) for e in episodes]
    # Each recorded move starts where the one before it ended: no move was lost or doubled.
    moves = history[history.index(("eligible", "allocated")) + 1 :]
    assert all(a[1] == b[0] for a, b in zip(history, history[1:], strict=False))
    assert moves in (
        [("allocated", "closed")],
        [("allocated", "assessment"), ("assessment", "closed")],
        [("allocated", "assessment")],
    )
    assert closed == (final == "closed")
    if closed:
        assert rows(heart, "SELECT COUNT(*) FROM champion_assignments WHERE ended_on IS NULL") == [
            (0,)
        ]
        assert rows(heart, "SELECT COUNT(*) FROM keyworker_tasks WHERE status = 'open'") == [(0,)]


def test_managers_applying_one_proposal_at_once_apply_it_once(heart: Heart) -> None:

    who = managers(RACERS)
    proposal = make_proposal(uow=heart.container.uow(), clock=CLOCK, actor=who[0],
                             pathways=PATHWAYS, localities=LocalityMap())  # fmt: skip

    def job(manager: Principal) -> Any:
        return apply_proposal(proposal.id, uow=heart.container.uow(), clock=CLOCK,
                              actor=manager, pathways=PATHWAYS, localities=LocalityMap())  # fmt: skip

    done, refused = race([lambda m=m: job(m) for m in who])
    assert len(done) == 1 and len(refused) == RACERS - 1
    assert rows(heart, "SELECT COUNT(*) FROM champion_assignments") == [(3,)]
    assert rows(heart, "SELECT status FROM allocation_proposals") == [("applied",)]
    assert len(rows(heart, "SELECT id FROM household_transitions WHERE trigger = 'allocate'")) == 3
