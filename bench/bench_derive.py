"""How fast every household's screening facts are derived, against just reading their rows.

Run against a database that already holds a borough (``tfe synth`` then ``tfe import --dir``)::

    .venv/bin/python bench/bench_derive.py --database-url sqlite:///data/tfe.db --as-of 2026-07-31

It times, best of ``--repeat`` runs:

- the baseline: running the same SQL queries ``derive_facts`` runs and fetching their rows
  through the driver, with no pandas at all;
- ``derive_facts`` for the whole borough (the nightly screening);
- ``derive_facts`` for a list of 1,000 households (a re-screen after an import);
- ``derive_facts`` with evidence for one household (an explanation), averaged over 20.

The goal (issue #4): the whole borough of 200,000 households in well under 10 s on 2 cores,
on SQLite and PostgreSQL, so deriving and screening together stay under 20 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Connection, text

from eligibility.terms import last_complete_terms, lookback_start
from workflow.db.engine import make_engine
from workflow.screening.derive import derive_facts
from workflow.screening.queries import (
    Scope,
    Windows,
    bind,
    households_sql,
    members_sql,
)
from workflow.screening.sources import SOURCES, SQL_PARAMETERS
from workflow.uow import UnitOfWork


def best(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return min(times), result


def read_rows_only(connection: Connection, as_of: dt.date, months: int, terms: int) -> int:
    """The baseline: the same queries, rows fetched as the driver's tuples, nothing else."""
    windows = Windows(as_of, lookback_start(as_of, months), last_complete_terms(as_of, terms))
    params = {**windows.params(), **SQL_PARAMETERS}
    scope = Scope(None)
    statements = [households_sql(scope), members_sql(scope, evidence=False)]
    statements += [s.sql(terms, restricted=False, evidence=False) for s in SOURCES]
    rows = 0
    for sql in statements:
        result = connection.execute(*bind(sql, params, scope))
        rows += len(result.cursor.fetchall())
        result.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--as-of", default="2026-07-31", type=dt.date.fromisoformat)
    parser.add_argument("--lookback-months", type=int, default=12)
    parser.add_argument("--terms", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    engine = make_engine(args.database_url)
    options = {"lookback_months": args.lookback_months, "terms": args.terms}
    with UnitOfWork(engine) as uow:  # read only: never committed
        connection = uow.connection
        ids = [int(i) for (i,) in connection.execute(text("SELECT id FROM households"))]
        print(
            f"{engine.url.get_backend_name()}: {len(ids):,} households, as of {args.as_of:%d/%m/%Y}"
        )

        base, rows = best(
            args.repeat, lambda: read_rows_only(connection, args.as_of, **_months(options))
        )
        print(f"  baseline: run the queries, fetch {rows:,} rows  {base:6.2f} s")

        whole, derived = best(args.repeat, lambda: derive_facts(connection, args.as_of, **options))
        ratio = whole / base
        print(
            f"  derive_facts, whole borough                {whole:6.2f} s  ({ratio:.1f}× baseline)"
        )
        busy = (derived.facts.drop(columns=["members", "highest_absence_pct"]) > 0).any(axis=1)
        print(f"    households with any fact beyond members: {int(busy.sum()):,}")

        sample = random.Random(1).sample(ids, min(1000, len(ids)))
        listed, _ = best(
            args.repeat,
            lambda: derive_facts(connection, args.as_of, household_ids=sample, **options),
        )
        print(f"  derive_facts, 1,000 listed households      {listed:6.2f} s")

        few = random.Random(2).sample(ids, min(20, len(ids)))
        started = time.perf_counter()
        for household_id in few:
            derive_facts(
                connection, args.as_of, household_ids=[household_id], with_evidence=True, **options
            )
        one = (time.perf_counter() - started) / len(few)
        print(f"  derive_facts with evidence, one household  {one:6.3f} s (mean of {len(few)})")


def _months(options: dict[str, int]) -> dict[str, int]:
    return {"months": options["lookback_months"], "terms": options["terms"]}


if __name__ == "__main__":
    main()
