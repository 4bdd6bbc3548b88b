"""The heart at a borough's scale: allocation, suggestions, task lists and moves, in the
database, against baselines measured in the same run.

Run: ``.venv/bin/python bench/bench_heart.py [--households 200000] [--families 10000]
[--workers 2000] [--database-url URL] [--work DIR]``

Builds a database (SQLite in ``--work`` unless ``--database-url`` names PostgreSQL) the
shape of a 200,000-household borough: every household with its members, 10,000 of them
eligible and waiting for a champion, a fifth with domestic-abuse rows, a fifth with health
rows, one in twenty gang-affected; 2,000 keyworkers in 24 teams over 6 localities, with
specialisms and capacities of 6–12 units. Rows are written with bulk inserts (this is not
the import being measured). Then, timed:

1. **A whole-backlog proposal** (``make_proposal``: reading the backlog, its needs and
   continuity and every caseload from the database, solving, storing it). Baseline: the
   greedy allocation of the same backlog inside the same call. Goal: under 30 s.
2. **Applying it** (``apply_proposal``): every family's champion, its ``allocate`` move in
   the history, its first tasks, in one transaction; reported as moves per second.
   Baseline: inserting the same number of history rows alone. Goal: 1,000 or more a second.
3. **One family's suggestions** (``suggestions_for``), p50 and p95 over 50 families.
   Baseline: the pure scoring for the same families (``workflow.champions.suggest``).
   Goal: under 200 ms.
4. **A keyworker's task list** (``list_tasks``), p50 and p95 over 200 keyworkers.
   Baseline: one primary-key read. Goal on PostgreSQL: p95 under 50 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, text

from workflow.bootstrap import build
from workflow.clock import FixedClock
from workflow.db.migrate import upgrade
from workflow.domain.vocabulary import StaffRole
from workflow.localities import LocalityMap
from workflow.pathway.catalogue import shipped_pathways
from workflow.principal import Principal
from workflow.settings import Settings

TODAY = dt.date(2026, 11, 23)
CLOCK = FixedClock(TODAY)


@contextmanager
def writing(container: Any) -> Iterator[Any]:
    """One unit of work whose connection the benchmark writes through, committed at the end."""
    with container.uow() as uow:
        yield uow.connection
        uow.commit()


@contextmanager
def reading(container: Any) -> Iterator[Any]:
    """One unit of work, read only: never committed."""
    with container.uow() as uow:
        yield uow.connection


MANAGER = Principal.staff("M0001", StaffRole.MANAGER)
LOCALITIES = ("Northbrook", "Southfield", "Eastmoor", "Westcombe", "Millbrook", "Ashdown")
SPECIALISMS = ("gangs", "domestic_abuse", "youth_justice", "substance_misuse", "mental_health")


def _chunked(connection: Any, table: Any, rows: list[dict[str, Any]], size: int = 20_000) -> None:
    for start in range(0, len(rows), size):
        connection.execute(insert(table), rows[start : start + size])


def build_borough(container: Any, households: int, families: int, workers: int, seed: int) -> None:
    from workflow.db.models import (
        HouseholdEpisode,
        ImportBatch,
        Locality,
        Staff,
        Team,
    )
    from workflow.db.models.facts import FACT_MODELS
    from workflow.db.models.matching import HouseholdIntelFlag

    rng = np.random.default_rng(seed)
    t = dict(HouseholdEpisode.metadata.tables.items())
    now = CLOCK.now()
    with writing(container) as c:
        batches = {}
        for kind in ("people", "domestic_abuse", "health", "keyworkers"):
            batches[kind] = c.execute(
                insert(ImportBatch)
                .values(
                    kind=kind,
                    file_name=f"{kind}.xlsx",
                    checksum=f"bench-{kind}",
                    status="accepted",
                    submitted_by="bench",
                    source="bench",
                )
                .returning(ImportBatch.id)
            ).scalar_one()
        _chunked(
            c,
            t["households"],
            [
                {
                    "id": i,
                    "household_ref": f"H{i:06d}",
                    "postcode": f"QX{i % 6 + 1} {i % 9}AB",
                    "created_at": now,
                }
                for i in range(1, households + 1)
            ],
        )
        people, members = [], []
        pid = 0
        for h in range(1, households + 1):
            for _k in range(1 + int(h % 3 == 0) + int(h % 5 == 0)):
                pid += 1
                born = dt.date(1975 + (pid % 45), 1 + pid % 12, 1 + pid % 28)
                people.append(
                    {
                        "id": pid,
                        "person_ref": f"P{pid:07d}",
                        "forename": "A",
                        "surname": "B",
                        "date_of_birth": born,
                        "created_at": now,
                    }
                )
                members.append(
                    {
                        "person_id": pid,
                        "household_id": h,
                        "relationship": "self",
                        "valid_from": dt.date(2015, 1, 1),
                        "batch_id": batches["people"],
                    }
                )
        _chunked(c, t["people"], people)
        _chunked(c, t["household_memberships"], members)
        eligible = rng.choice(np.arange(1, households + 1), families, replace=False)
        _chunked(
            c,
            t["household_episodes"],
            [
                {"household_id": int(h), "number": 1, "state": "eligible", "opened_at": now}
                for h in eligible
            ],
        )
        first_person = {m["household_id"]: m["person_id"] for m in reversed(members)}
        da = FACT_MODELS["domestic_abuse"].__table__
        health = FACT_MODELS["health"].__table__
        _chunked(
            c,
            da,
            [
                {
                    "batch_id": batches["domestic_abuse"],
                    "source_row": n,
                    "person_id": first_person[int(h)],
                    "valid_from": dt.date(2026, 3, 1),
                    "role": "victim",
                }
                for n, h in enumerate(eligible[: families // 5])
            ],
        )
        _chunked(
            c,
            health,
            [
                {
                    "batch_id": batches["health"],
                    "source_row": n,
                    "person_id": first_person[int(h)],
                    "valid_from": dt.date(2026, 2, 1),
                    "need": "mental_health",
                }
                for n, h in enumerate(eligible[families // 5 : 2 * families // 5])
            ],
        )
        _chunked(
            c,
            HouseholdIntelFlag.__table__,
            [
                {
                    "household_id": int(h),
                    "person_id": first_person[int(h)],
                    "flag": "gang_affected",
                    "role": "gang_victim",
                    "source_kind": "gangs_matrix",
                    "intel_row_id": n,
                    "created_at": now,
                }
                for n, h in enumerate(eligible[-families // 20 :])
            ],
        )
        locality_ids = {
            name: c.execute(insert(Locality).values(name=name).returning(Locality.id)).scalar_one()
            for name in LOCALITIES
        }
        team_ids = {}
        for n in range(24):
            place = LOCALITIES[n % 6]
            team_ids[f"{place} Team {n // 6 + 1}"] = (
                c.execute(
                    insert(Team)
                    .values(name=f"{place} Team {n // 6 + 1}", locality_id=locality_ids[place])
                    .returning(Team.id)
                ).scalar_one(),
                locality_ids[place],
            )
        teams = list(team_ids.values())
        staff = [
            {
                "staff_ref": f"S{n:05d}",
                "name": f"Worker {n}",
                "email": f"w{n}@bench.invalid",
                "role": "keyworker",
                "team_id": teams[n % 24][0],
                "locality_id": teams[n % 24][1],
                "capacity_units": float(rng.choice([6, 8, 10, 12, 12, 12])),
                "specialisms": list(
                    rng.choice(SPECIALISMS, int(rng.integers(0, 3)), replace=False)
                ),
                "languages": [],
                "active": True,
                "batch_id": batches["keyworkers"],
                "created_at": now,
            }
            for n in range(1, workers + 1)
        ]
        staff.append(
            {
                "staff_ref": "M0001",
                "name": "Manager",
                "email": "m@bench.invalid",
                "role": "manager",
                "active": True,
                "created_at": now,
                "specialisms": [],
                "languages": [],
                "capacity_units": 0,
                "team_id": None,
                "locality_id": None,
                "batch_id": None,
            }
        )
        _chunked(c, Staff.__table__, staff)


def percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=200_000)
    parser.add_argument("--families", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url")
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="bench-heart-"))
    settings = Settings(data_dir=work, database_url=args.database_url)
    container = build(settings, check=False)
    if container.engine.dialect.name == "postgresql":
        with writing(container) as c:
            c.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    else:
        (work / "tfe.db").unlink(missing_ok=True)
        container.close()
        container = build(settings, check=False)
    upgrade(container.engine)
    pathways, places = (
        shipped_pathways(),
        LocalityMap({f"QX{i + 1}": p for i, p in enumerate(LOCALITIES)}),
    )
    started = time.perf_counter()
    build_borough(container, args.households, args.families, args.workers, args.seed)
    print(
        f"{container.engine.dialect.name}: built {args.households:,} households, "
        f"{args.families:,} waiting, {args.workers:,} keyworkers "
        f"in {time.perf_counter() - started:.0f} s"
    )

    from workflow.allocation.proposals import apply_proposal, make_proposal, suggestions_for
    from workflow.tasks.service import list_tasks

    started = time.perf_counter()
    proposal = make_proposal(
        uow=container.uow(), clock=CLOCK, actor=MANAGER, pathways=pathways, localities=places
    )
    took = time.perf_counter() - started
    with reading(container) as c:
        greedy_seconds = c.execute(
            text("SELECT detail FROM allocation_proposals WHERE id = :i"), {"i": proposal.id}
        ).scalar_one()
    greedy_seconds = (
        greedy_seconds
        if isinstance(greedy_seconds, dict)
        else __import__("json").loads(greedy_seconds)
    )["greedy_seconds"]
    print(
        f"1. proposal for {proposal.families:,} families: {took:.1f} s in all "
        f"(solving {proposal.seconds:.1f} s; greedy alone {greedy_seconds:.1f} s); goal 30 s: "
        f"{took / 30:.2f} of it"
    )
    for line in proposal.summary():
        print(f"   {line}")

    started = time.perf_counter()
    applied = apply_proposal(
        proposal.id,
        uow=container.uow(),
        clock=CLOCK,
        actor=MANAGER,
        pathways=pathways,
        localities=places,
    )
    took = time.perf_counter() - started
    rate = applied.assigned / took
    with writing(container) as c:
        c.execute(text("CREATE TEMPORARY TABLE bench_rows (a INTEGER, b TEXT, c TEXT, d TEXT)"))
        began = time.perf_counter()
        c.execute(
            text("INSERT INTO bench_rows VALUES (:a, :b, :c, :d)"),
            [
                {"a": i, "b": "eligible", "c": "allocated", "d": "allocate"}
                for i in range(applied.assigned)
            ],
        )
        baseline = time.perf_counter() - began
    print(
        f"2. applied: {applied.assigned:,} families allocated with history and tasks "
        f"in {took:.1f} s "
        f"= {rate:,.0f} moves a second (goal 1,000: {rate / 1000:.2f}×); the bare history "
        f"rows alone: {applied.assigned / baseline:,.0f} a second, {took / baseline:.0f}× faster"
    )

    from workflow.allocation.inputs import backlog, workers
    from workflow.champions import suggest

    with reading(container) as c:
        sample = [
            str(r)
            for r in c.execute(
                text(
                    "SELECT h.household_ref FROM households h "
                    "JOIN household_episodes e ON e.household_id = h.id "
                    "ORDER BY h.id LIMIT 50"
                )
            ).scalars()
        ]
    times, pure = [], []
    for ref in sample:
        began = time.perf_counter()
        suggestions_for(
            ref,
            uow=container.uow(),
            clock=CLOCK,
            actor=MANAGER,
            pathways=pathways,
            localities=places,
        )
        times.append(time.perf_counter() - began)
    with container.uow() as u:
        everyone, _ = workers(u.connection, pathways)
        waiting = backlog(
            u.connection, pathways, today=TODAY, localities=places, household_refs=sample
        )
    for w in waiting:
        began = time.perf_counter()
        suggest(w.family, everyone, include_overrides=True)
        pure.append(time.perf_counter() - began)
    p50, p95 = percentiles(times)
    q50, q95 = percentiles(pure)
    print(
        f"3. one family's suggestions: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms "
        f"(goal 200 ms: {p95 / 0.2:.2f} of it); the scoring alone p95 {q95 * 1000:.0f} ms"
    )

    times, base = [], []
    for n in range(1, 201):
        ref = f"S{n * (args.workers // 200):05d}"
        began = time.perf_counter()
        list_tasks(uow=container.uow(), clock=CLOCK, staff_ref=ref)
        times.append(time.perf_counter() - began)
        began = time.perf_counter()
        with reading(container) as c:
            c.execute(text("SELECT id FROM staff WHERE staff_ref = :r"), {"r": ref}).first()
        base.append(time.perf_counter() - began)
    p50, p95 = percentiles(times)
    b50, b95 = percentiles(base)
    print(
        f"4. a keyworker's task list: p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms "
        f"(goal 50 ms on PostgreSQL: {p95 / 0.05:.2f} of it); one primary-key read p95 "
        f"{b95 * 1000:.1f} ms"
    )
    container.close()


if __name__ == "__main__":
    main()
