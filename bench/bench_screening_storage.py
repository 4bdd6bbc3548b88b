"""How much the database grows when the same borough is screened again and again.

Run: ``.venv/bin/python bench/bench_screening_storage.py --households 200000 --rescreens 30
[--database-url URL] [--work DIR]``

Generates a synthetic borough (or reuses one in ``--work``), imports every partner file
into a fresh database, screens it once, then screens it again ``--rescreens`` times under
the rule set in force, as ``POST /screenings`` would, and prints the database's size after
the import (the baseline) and after each screening, with the ratio to the baseline. On
SQLite the size is the database file's; on PostgreSQL it is ``pg_database_size``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

AS_OF = dt.date(2026, 8, 31)
TODAY = dt.date(2026, 9, 14)


def size_mb(container: object) -> float:
    engine = container.engine  # type: ignore[attr-defined]
    if engine.dialect.name == "sqlite":
        with container.uow() as uow:  # type: ignore[attr-defined]
            uow.connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        path = Path(engine.url.database)
        total = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
        return total / 1e6
    with container.uow() as uow:  # type: ignore[attr-defined]
        return (
            float(
                uow.connection.execute(text("SELECT pg_database_size(current_database())")).scalar()
            )
            / 1e6
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=200_000)
    parser.add_argument("--rescreens", type=int, default=30)
    parser.add_argument("--database-url")
    parser.add_argument("--work", type=Path, default=Path("/tmp/tfe-bench-storage"))
    args = parser.parse_args()

    from imports.loading import import_file
    from imports.loading.folder import delivery_plan
    from synth import generate
    from workflow.bootstrap import build
    from workflow.clock import FixedClock
    from workflow.db.migrate import upgrade
    from workflow.principal import Principal
    from workflow.screening.service import load_rules, screen_households
    from workflow.settings import Settings

    borough = args.work / f"borough-{args.households}"
    if not (borough / "ground_truth").is_dir():
        generate(args.households, 1, borough)
    data = args.work / "data"
    if data.exists() and args.database_url is None:
        for old in data.glob("tfe.db*"):
            old.unlink()
    settings = Settings(data_dir=data, database_url=args.database_url)
    container = build(settings)
    upgrade(container.engine)
    bench = Principal.system("system")
    plan, _ = delivery_plan(borough)
    started = time.perf_counter()
    for kind, path in plan:
        import_file(path, kind, uow=container.uow(), clock=FixedClock(TODAY), actor=bench,
                    reports_dir=settings.reports_dir)  # fmt: skip
    base = size_mb(container)
    print(f"{container.engine.dialect.name}: {args.households:,} households imported in "
          f"{time.perf_counter() - started:.0f} s; database {base:,.1f} MB")  # fmt: skip
    rules = load_rules(settings)
    for run in range(args.rescreens + 1):
        mark = time.perf_counter()
        report = screen_households(
            uow=container.uow(),
            clock=FixedClock(TODAY),
            actor=bench,
            catalogue=rules,
            ruleset_id=settings.ruleset,
            as_of=AS_OF,
        )
        now = size_mb(container)
        label = "first screening" if run == 0 else f"re-screen {run:>2}"
        seconds = time.perf_counter() - mark
        print(
            f"  {label}: {report.households_screened:,} households in {seconds:5.1f} s; "
            f"database {now:,.1f} MB ({now / base:.2f}x the imported data; "
            f"+{now - base:,.1f} MB)",
            flush=True,
        )
    container.close()


if __name__ == "__main__":
    main()
