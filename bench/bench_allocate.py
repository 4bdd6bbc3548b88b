"""Allocating champions: a whole backlog as one proposal, against greedy in the same run.

Run: ``.venv/bin/python bench/bench_allocate.py [--families 10000] [--workers 2000]
[--seed 1] [--candidates 50] [--compare]``

A synthetic borough's keyworkers and backlog, generated here with a fixed seed: six
localities with four early-help teams each and three borough-wide specialist teams;
capacities of about 12 units (some part-time), 3% of workers absent; families at bronze
to intensive weights (0.25, 0.5, 1, 2), most needing a specialism or two, one in ten a
language, a fifth already known to a worker, one in ten required to stay within a team.
Two backlogs on the same people: one the borough has room for (existing loads 35–80% of
capacity), and one that nearly fills every caseload (45–90%).

For each, side by side for the optimised proposal (``propose``, its default method) and
the greedy baseline (families in order, the best worker with room): total score, families
left unassigned, workers over 90% of capacity, seconds; and how close each comes to the
solver's bound. ``--compare`` also runs HiGHS's linear programme and integer programme
(20 s limit) on the first backlog: slow, for docs/decisions/0006. Then a leaver's
caseload rebalanced, and one family's suggestions, p50 and p95 over 200 families.

Goals (issue #14): a proposal under 30 s and at least as good as greedy; suggestions
under 200 ms.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workflow.champions import (
    DEFAULT_WEIGHTS,
    AllocationError,
    Family,
    Proposal,
    Worker,
    WorkerPool,
    propose,
    rebalance,
    suggest,
)

LOCALITIES = ("North", "South", "East", "West", "Central", "Riverside")
SPECIALIST_TEAMS = {
    "Youth Offending": "youth_justice",
    "Gangs Exit": "gangs",
    "Domestic Abuse": "domestic_abuse",
}
SPECIALISMS = (
    "gangs", "domestic_abuse", "youth_justice", "substance_misuse", "mental_health", "send",
    "early_years",
)  # fmt: skip
LANGUAGES = ("Polish", "Urdu", "Bengali", "Somali", "Romanian", "Turkish", "Portuguese", "Arabic")
WEIGHTS = (0.25, 0.5, 1.0, 2.0)  # bronze, silver, gold, intensive
REGIMES = {"room": (0.35, 0.80), "full": (0.45, 0.90)}  # existing loads, share of capacity


def keyworkers(count: int, rng: np.random.Generator, loads: tuple[float, float]) -> list[Worker]:
    teams = [(f"{place} {n}", place) for place in LOCALITIES for n in range(1, 5)]
    teams += [(name, None) for name in SPECIALIST_TEAMS]
    workers = []
    for i in range(count):
        team, locality = teams[int(rng.integers(len(teams)))]
        skills = {str(s) for s in rng.choice(SPECIALISMS, int(rng.integers(0, 3)), replace=False)}
        if team in SPECIALIST_TEAMS:
            skills.add(SPECIALIST_TEAMS[team])
            locality = LOCALITIES[int(rng.integers(len(LOCALITIES)))]
        capacity = float(rng.choice([12, 12, 12, 12, 12, 12, 9, 9, 6, 15]))
        speaks = frozenset([str(rng.choice(LANGUAGES))]) if rng.random() < 0.15 else frozenset()
        workers.append(
            Worker(
                staff_ref=f"S{i:05d}",
                name=f"Worker {i}",
                team=team,
                locality=locality,
                specialisms=frozenset(skills),
                languages=speaks,
                capacity=capacity,
                load=round(capacity * rng.uniform(*loads) * 4) / 4,
                absent=bool(rng.random() < 0.03),
            )
        )
    return workers


def backlog(count: int, workers: list[Worker], rng: np.random.Generator) -> list[Family]:
    families = []
    for i in range(count):
        locality = LOCALITIES[int(rng.integers(len(LOCALITIES)))]
        needs = rng.choice(SPECIALISMS, size=int(rng.choice([0, 1, 1, 2, 3])), replace=False)
        known: frozenset[str] = frozenset()
        if rng.random() < 0.2:
            known = frozenset([workers[int(rng.integers(len(workers)))].staff_ref])
        speaks = frozenset([str(rng.choice(LANGUAGES))]) if rng.random() < 0.1 else frozenset()
        families.append(
            Family(
                household_ref=f"H{i:06d}",
                weight=float(rng.choice(WEIGHTS, p=[0.3, 0.3, 0.3, 0.1])),
                locality=locality,
                needs=frozenset(str(n) for n in needs),
                languages=speaks,
                continuity=known,
                team=f"{locality} {int(rng.integers(1, 5))}" if rng.random() < 0.1 else None,
            )
        )
    return families


def borough(args: argparse.Namespace, regime: str) -> tuple[list[Family], list[Worker]]:
    rng = np.random.default_rng(args.seed)
    workers = keyworkers(args.workers, rng, REGIMES[regime])
    return backlog(args.families, workers, rng), workers


def timed(run: Callable[..., Proposal], *args: Any, **kwargs: Any) -> tuple[Proposal, float, float]:
    began, cpu = time.perf_counter(), time.process_time()
    result = run(*args, **kwargs)
    return result, time.perf_counter() - began, time.process_time() - cpu


def value(total: float, assigned: int) -> float:
    return total + DEFAULT_WEIGHTS.unassigned * assigned


def side_by_side(proposal: Proposal, label: str, wall: float, cpu: float) -> None:
    f, g = proposal.figures, proposal.greedy
    print(f"  {'':34} {'total score':>12} {'unassigned':>10} {'over 90%':>9} {'seconds':>8}")
    for name, row in ((f"{label} [{proposal.method}]", f), ("greedy", g)):
        print(
            f"  {name:34} {row.total_score:12,.1f} {row.unassigned:10,} "
            f"{row.workers_over_90:9,} {row.seconds:8.2f}"
        )
    print(
        f"  total score ÷ greedy's: {f.total_score / g.total_score:.4f}; "
        f"propose() in all {wall:.1f} s wall, {cpu:.1f} s CPU"
    )
    if proposal.bound is not None and np.isfinite(proposal.bound):
        ours, theirs = value(f.total_score, f.assigned), value(g.total_score, g.assigned)
        gap = 100 * (proposal.bound - ours) / proposal.bound
        greedy_gap = 100 * (proposal.bound - theirs) / proposal.bound
        print(
            f"  value (1,000 a family placed + total score) below the solver's bound "
            f"{proposal.bound:,.1f}: optimised {gap:.3f}%, greedy {greedy_gap:.3f}%"
        )


def whole_backlogs(args: argparse.Namespace) -> list[tuple[str, Proposal, float]]:
    results = []
    for regime in REGIMES:
        families, workers = borough(args, regime)
        demand = sum(f.weight for f in families)
        spare = sum(max(float(w.capacity) - w.load, 0) for w in workers if w.available)
        print(
            f"Backlog '{regime}': {len(families):,} families needing {demand:,.0f} units; "
            f"{len(workers):,} keyworkers with {spare:,.0f} units free"
        )
        proposal, wall, cpu = timed(propose, families, workers, candidates=args.candidates)
        side_by_side(proposal, "optimised", wall, cpu)
        results.append((regime, proposal, wall))
        if args.compare and regime == "room":
            for method, label in (("lp", "HiGHS linear programme"), ("milp", "HiGHS MILP, 20 s")):
                print(f"  -- {label}:")
                began = time.perf_counter()
                try:
                    other, wall, cpu = timed(
                        propose, families, workers, candidates=args.candidates, method=method,
                        time_limit=20,
                    )  # fmt: skip
                except AllocationError as error:
                    print(f"  no proposal after {time.perf_counter() - began:.0f} s: {error}")
                    continue
                side_by_side(other, "optimised", wall, cpu)
        print()
    return results


def leaver(args: argparse.Namespace) -> None:
    families, workers = borough(args, "room")
    gone = workers[0]
    caseload = [f for f in families[:400] if f.locality == gone.locality][:15]
    proposal, wall, _ = timed(rebalance, gone.staff_ref, caseload, workers)
    print(
        f"A leaver's {len(caseload)} families over {len(workers) - 1:,} workers: "
        f"{wall * 1000:.0f} ms [{proposal.method}], {len(proposal.unassigned)} unassigned"
    )


def suggestions(args: argparse.Namespace) -> float:
    families, workers = borough(args, "room")
    sample = families[:: max(len(families) // args.suggestions, 1)][: args.suggestions]
    pool = WorkerPool(workers)
    worst = 0.0
    for label, given in (("from the list of workers", workers), ("from a prepared pool", pool)):
        times = []
        for family in sample:
            began = time.perf_counter()
            suggest(family, given, limit=5)
            times.append(time.perf_counter() - began)
        p50, p95 = np.percentile(np.array(times) * 1000, [50, 95])
        worst = max(worst, float(p95))
        print(
            f"One family's suggestions, {label} ({len(sample)} families): "
            f"p50 {p50:.1f} ms, p95 {p95:.1f} ms"
        )
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--candidates", type=int, default=50)
    parser.add_argument("--suggestions", type=int, default=200)
    parser.add_argument("--compare", action="store_true", help="also HiGHS LP and MILP (slow)")
    args = parser.parse_args()

    results = whole_backlogs(args)
    leaver(args)
    p95 = suggestions(args)
    print("\nGoals:")
    for regime, proposal, wall in results:
        f, g = proposal.figures, proposal.greedy
        better = value(f.total_score, f.assigned) >= value(g.total_score, g.assigned)
        print(
            f"  '{regime}': proposal in {wall:.1f} s (goal under 30 s: "
            f"{'met' if wall < 30 else 'NOT met'}); at least as good as greedy: "
            f"{'yes' if better else 'NO'}"
        )
    print(
        f"  suggestions p95 {p95:.1f} ms (goal under 200 ms: {'met' if p95 < 200 else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
