"""Properties that hold for every backlog, on random small ones (hypothesis):

- a proposal gives each family at most one worker, never takes a worker over capacity,
  never proposes a leaver, an absent worker or one outside the family's team;
- the optimised proposal is at least as good as greedy (its value: 1,000 a family
  assigned plus the total score; and its total score, when both assign as many);
- the MILP finds the true optimum, checked against every possible allocation;
- the fast scorer (every worker at once) gives the explaining scorer's numbers.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from champion_builders import family, worker
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflow.champions import Family, Proposal, Worker, WorkerPool, propose, rebalance, score
from workflow.champions.candidates import gather
from workflow.champions.outcome import judge
from workflow.champions.rules import barred
from workflow.champions.weights import DEFAULT_WEIGHTS

SKILLS = ("gangs", "send", "mental_health")
SPEECH = ("Polish", "Urdu", "English")
TEAMS = ("T1", "T2")


@st.composite
def workers(draw: st.DrawFn, most: int = 6) -> list[Worker]:
    count = draw(st.integers(1, most))
    return [
        worker(
            f"S{i}",
            team=draw(st.sampled_from(TEAMS)),
            locality=draw(st.sampled_from(["North", "South", None])),
            specialisms=draw(st.sets(st.sampled_from(SKILLS))),
            languages=draw(st.sets(st.sampled_from(SPEECH), max_size=1)),
            capacity=draw(st.sampled_from([0, 1, 2, 3.5, 12])),
            load=draw(st.sampled_from([0, 0.5, 1, 3, 11.75])),
            active=draw(st.booleans()) or draw(st.booleans()),
            absent=draw(st.integers(0, 5)) == 0,
        )
        for i in range(count)
    ]


@st.composite
def backlogs(draw: st.DrawFn, most: int = 8) -> tuple[list[Family], list[Worker]]:
    staff = draw(workers())
    refs = [w.staff_ref for w in staff]
    count = draw(st.integers(0, most))
    families = [
        family(
            f"H{i}",
            weight=draw(st.sampled_from([0.25, 0.5, 1, 2])),
            locality=draw(st.sampled_from(["North", "South", None])),
            needs=draw(st.sets(st.sampled_from(SKILLS))),
            languages=draw(st.sets(st.sampled_from(SPEECH), max_size=1)),
            continuity=draw(st.sets(st.sampled_from(refs), max_size=1)),
            team=draw(st.sampled_from([None, None, *TEAMS])),
        )
        for i in range(count)
    ]
    return draw(st.permutations(families)), staff


def value(proposal: Proposal) -> float:
    return proposal.total_score + DEFAULT_WEIGHTS.unassigned * len(proposal.assignments)


def assert_sound(proposal: Proposal, families: list[Family], staff: list[Worker]) -> None:
    by_ref = {w.staff_ref: w for w in staff}
    fams = {f.household_ref: f for f in families}
    placed = [a.household_ref for a in proposal.assignments]
    left = [u.household_ref for u in proposal.unassigned]
    assert len(placed) == len(set(placed))
    assert sorted(placed + left) == sorted(fams)
    load = {ref: w.load for ref, w in by_ref.items()}
    for a in proposal.assignments:
        assert barred(fams[a.household_ref], by_ref[a.staff_ref]) is None
        load[a.staff_ref] += fams[a.household_ref].weight
    for ref, carried in load.items():
        if carried > by_ref[ref].load:
            assert carried <= float(by_ref[ref].capacity) + 1e-9


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(backlogs(), st.sampled_from(["auto", "flow", "lp", "milp"]))
def test_every_proposal_is_sound_and_at_least_as_good_as_greedy(
    backlog: tuple[list[Family], list[Worker]], method: str
) -> None:
    families, staff = backlog
    proposal = propose(families, staff, method=method)  # type: ignore[arg-type]

    assert_sound(proposal, families, staff)
    greedy = proposal.greedy.total_score + DEFAULT_WEIGHTS.unassigned * proposal.greedy.assigned
    assert value(proposal) >= greedy - 1e-6
    if proposal.greedy.assigned == len(proposal.assignments):
        assert proposal.total_score >= proposal.greedy.total_score - 1e-6


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(backlogs(most=5))
def test_the_milp_finds_the_best_of_every_possible_allocation(
    backlog: tuple[list[Family], list[Worker]],
) -> None:
    families, staff = backlog
    pool = WorkerPool(staff)
    cands = gather(families, pool, DEFAULT_WEIGHTS, limit=len(staff))
    best = -np.inf
    for choice in itertools.product(range(-1, len(pool)), repeat=len(families)):
        picked = np.array(choice, dtype=np.intp)
        load = pool.load.copy()
        fits = True
        for i, w in enumerate(choice):
            if w >= 0:
                f = cands.families[i]
                fits &= barred(f, pool.workers[w]) is None
                load[w] += f.weight
                fits &= bool(load[w] <= pool.capacity[w] + 1e-9)
        if fits:
            best = max(best, judge(cands, picked).value)

    exact = propose(families, staff, method="milp", candidates=len(staff))
    assert value(exact) == pytest.approx(best, abs=0.01)
    for method in ("auto", "flow", "lp"):
        assert value(propose(families, staff, method=method, candidates=len(staff))) <= best + 0.01


@FAST
@given(backlogs(), st.sampled_from(["S0", "S1", "S9"]))
def test_a_rebalance_never_proposes_the_leaver(
    backlog: tuple[list[Family], list[Worker]], leaver: str
) -> None:
    families, staff = backlog
    proposal = rebalance(leaver, families, staff)
    assert_sound(proposal, families, staff)
    assert leaver not in {a.staff_ref for a in proposal.assignments}


@settings(max_examples=300, deadline=None)
@given(backlogs(most=4))
def test_the_fast_scorer_gives_the_explaining_scorers_numbers(
    backlog: tuple[list[Family], list[Worker]],
) -> None:
    families, staff = backlog
    pool = WorkerPool(staff)
    for fam in families:
        points, after = pool.points(fam, DEFAULT_WEIGHTS)
        fits, allowed = pool.fits(fam), pool.allowed(fam)
        for i, w in enumerate(pool.workers):
            judged = score(fam, w)
            assert points[i] == judged.points
            assert after[i] == judged.load_after
            assert allowed[i] == (barred(fam, w) is None)
            assert fits[i] == (allowed[i] and not judged.over_capacity)
