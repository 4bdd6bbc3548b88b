"""Preparing a claim window for a borough's attached families, in the database, against a
baseline measured in the same run.

Run: ``.venv/bin/python bench/bench_claims.py [--families 20000] [--database-url URL]
[--work DIR]``

Builds a database (SQLite in ``--work`` unless ``--database-url`` names PostgreSQL) with
``--families`` attached families under Troubled Families 2012: three members each,
anti-social behaviour by two of them in the six months before attachment and by none,
one or another member after; a third with an adult on JSA who left it. Rows are written
with bulk inserts (this is not the import being measured). Then, timed:

1. **Baselines** (``snapshot_baselines``): every family's identified problems, figures and
   evidence rows at attachment.
2. **Building the window** (``build_window``): every family judged against its baseline
   at the window's close, its claims and their history written in one transaction.
3. **Approving it** (``approve_window``: evidence checked and approved, two moves each).
4. **The export** (``export_window``: workbook and CSV of every claim).

Baseline: deriving every family's facts once at the window's close
(``workflow.screening.derive.derive_facts`` with its evidence), the least a build must do.
Goal (issue #15): building and exporting under 30 s; writing the export under 3 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, text

from workflow.bootstrap import build
from workflow.clock import FixedClock
from workflow.db.migrate import upgrade
from workflow.db.models import (
    ChampionAssignment,
    Household,
    HouseholdEpisode,
    HouseholdMembership,
    ImportBatch,
    Person,
    Staff,
    Team,
)
from workflow.db.models.facts import BenefitSpell, PoliceIncident
from workflow.domain.vocabulary import StaffRole
from workflow.principal import Principal
from workflow.settings import Settings

D = dt.date
CLOCK = FixedClock(D(2013, 10, 7))
PREPARER = Principal.staff("M0001", StaffRole.MANAGER)
AUDITOR = Principal.staff("A0001", StaffRole.AUDITOR)
ATTACHED = D(2013, 1, 15)


def _chunks(connection: Any, table: Any, rows: list[dict[str, Any]], size: int = 20_000) -> None:
    for start in range(0, len(rows), size):
        connection.execute(insert(table), rows[start : start + size])


def _borough(container: Any, families: int) -> None:
    with container.uow() as uow:
        c = uow.connection
        batches = {}
        for kind in ("people", "police_incidents", "benefits"):
            batches[kind] = c.execute(
                insert(ImportBatch)
                .values(
                    kind=kind,
                    source=kind,
                    file_name=f"{kind}.xlsx",
                    sheet="Data",
                    checksum=kind,
                    status="accepted",
                )
                .returning(ImportBatch.id)
            ).scalar_one()
        _chunks(
            c,
            Household,
            [{"household_ref": f"H{n:06d}", "postcode": "QX1 1AA"} for n in range(families)],
        )
        homes = dict(c.execute(text("SELECT household_ref, id FROM households")).all())
        people = []
        for n in range(families):
            for role, born in (("A", D(1980, 1, 1)), ("C", D(2000, 6, 1)), ("T", D(1998, 6, 1))):
                people.append(
                    {
                        "person_ref": f"{role}{n:06d}",
                        "forename": "X",
                        "surname": "Y",
                        "date_of_birth": born,
                    }
                )
        _chunks(c, Person, people)
        ids = dict(c.execute(text("SELECT person_ref, id FROM people")).all())
        row = iter(range(2, 10_000_000))
        _chunks(
            c,
            HouseholdMembership,
            [
                {
                    "person_id": ids[p["person_ref"]],
                    "household_id": homes[f"H{p['person_ref'][1:]}"],
                    "valid_from": D(2010, 1, 1),
                    "batch_id": batches["people"],
                    "source_row": next(row),
                }
                for p in people
            ],
        )
        incidents, benefits = [], []
        for n in range(families):
            home = homes[f"H{n:06d}"]
            before = ("A", "C")
            after = () if n % 3 == 0 else ("C",) if n % 3 == 1 else ("T",)
            for when, who in [(D(2012, 10, 1), r) for r in before] + [
                (D(2013, 6, 1), r) for r in after
            ]:
                incidents.append(
                    {
                        "batch_id": batches["police_incidents"],
                        "source_row": next(row),
                        "person_id": ids[f"{who}{n:06d}"],
                        "household_id": home,
                        "valid_from": when,
                        "incident_type": "asb_incident",
                        "role": "perpetrator",
                    }
                )
            if n % 3 == 2:
                benefits.append(
                    {
                        "batch_id": batches["benefits"],
                        "source_row": next(row),
                        "person_id": ids[f"A{n:06d}"],
                        "household_id": home,
                        "valid_from": D(2011, 1, 1),
                        "valid_to": D(2013, 3, 1),
                        "benefit": "jsa",
                        "out_of_work": True,
                    }
                )
        _chunks(c, PoliceIncident, incidents)
        _chunks(c, BenefitSpell, benefits)
        team = c.execute(insert(Team).values(name="North").returning(Team.id)).scalar_one()
        worker = c.execute(
            insert(Staff)
            .values(
                staff_ref="K0001",
                name="K",
                email="k@example.invalid",
                role="keyworker",
                team_id=team,
                capacity_units=12,
            )
            .returning(Staff.id)
        ).scalar_one()
        _chunks(
            c,
            HouseholdEpisode,
            [{"household_id": h, "number": 1, "state": "allocated"} for h in homes.values()],
        )
        episodes = c.execute(text("SELECT id, household_id FROM household_episodes")).all()
        _chunks(
            c,
            ChampionAssignment,
            [
                {
                    "household_id": h,
                    "episode_id": e,
                    "staff_id": worker,
                    "started_on": ATTACHED,
                    "assigned_by": "M0001",
                }
                for e, h in episodes
            ],
        )
        uow.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=20_000)
    parser.add_argument("--database-url")
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-claims-"))
    settings = Settings(data_dir=work, database_url=args.database_url)
    container = build(settings)
    upgrade(container.engine)
    from workflow.claims.export import export_window
    from workflow.claims.service import (
        approve_window,
        build_window,
        open_window,
        snapshot_baselines,
    )
    from workflow.screening.derive import derive_facts
    from workflow.screening.service import load_rules

    started = time.perf_counter()
    _borough(container, args.families)
    print(
        f"{args.families:,} attached families written in {time.perf_counter() - started:.1f} s "
        f"({container.engine.dialect.name})"
    )
    catalogue = load_rules(settings)
    timings: dict[str, float] = {}

    def timed(name: str, call: Any) -> Any:
        begun = time.perf_counter()
        result = call()
        timings[name] = time.perf_counter() - begun
        return result

    with container.uow() as uow:
        ids = [int(i) for (i,) in uow.connection.execute(text("SELECT id FROM households"))]
        timed(
            "baseline: derive_facts once",
            lambda: derive_facts(
                uow.connection,
                D(2013, 9, 30),
                lookback_months=6,
                household_ids=ids,
                with_evidence=True,
            ),
        )
    timed(
        "baselines",
        lambda: snapshot_baselines(
            uow=container.uow(), clock=CLOCK, actor=PREPARER, catalogue=catalogue
        ),
    )
    window = open_window(
        "Autumn 2013",
        "troubled-families-2012",
        D(2013, 4, 1),
        D(2013, 9, 30),
        uow=container.uow(),
        clock=CLOCK,
        actor=Principal.staff("F0001", StaffRole.FINANCE),
    ).id
    report = timed(
        "build the window",
        lambda: build_window(
            window, uow=container.uow(), clock=CLOCK, actor=PREPARER, catalogue=catalogue
        ),
    )
    timed(
        "approve the window",
        lambda: approve_window(window, uow=container.uow(), clock=CLOCK, actor=AUDITOR),
    )
    exported = timed(
        "export the window",
        lambda: export_window(
            window, work / "exports", uow=container.uow(), clock=CLOCK, actor=AUDITOR
        ),
    )
    container.close()
    base = timings["baseline: derive_facts once"]
    print(
        f"claims: {report.results:,} results, {report.attachments:,} attachment fees, "
        f"{exported.claims:,} rows exported, total £{exported.total:,}"
    )
    for name, seconds in timings.items():
        print(f"  {name:<30} {seconds:7.2f} s   {seconds / base:5.1f}× the baseline")
    build_and_export = timings["build the window"] + timings["export the window"]
    print(
        f"  build + export {build_and_export:.2f} s (goal under 30 s); "
        f"export {timings['export the window']:.2f} s (goal under 3 s)"
    )


if __name__ == "__main__":
    main()
