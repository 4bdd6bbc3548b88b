"""One claim per family holds under 20 real concurrent connections (SQLite and PostgreSQL:
``TFE_TEST_DATABASE_URL`` runs these on PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import Engine, create_engine, event, text

from tests.claims.conftest import CLOCK, FINANCE, PREPARER, Families
from tests.support import rules
from workflow.claims.service import (
    AlreadyClaimed,
    build_window,
    open_window,
    prepare_claim,
    snapshot_baselines,
)
from workflow.domain.vocabulary import StaffRole
from workflow.principal import Principal
from workflow.uow import UnitOfWork

RACERS = 20


def race(
    jobs: list[Callable[[], Any]], *, expected: tuple[type[Exception], ...]
) -> tuple[list[Any], list[Exception]]:
    """Start every job at the same moment, each on its own connection; (results, refusals)."""
    start = threading.Barrier(len(jobs))

    def run(job: Callable[[], Any]) -> Any:
        start.wait()
        try:
            return job()
        except expected as refused:
            return refused

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        outcomes = list(pool.map(run, jobs))
    refused = [o for o in outcomes if isinstance(o, Exception)]
    return [o for o in outcomes if not isinstance(o, Exception)], refused


def wide(families: Families) -> tuple[Engine, set[int]]:
    """An engine on the same database whose pool lets every racer hold its own connection
    at once (the default pool stops at 15), and the connections it opened."""
    engine = families.container.engine
    if engine.dialect.name == "sqlite":
        return engine, set()
    racing = create_engine(engine.url, pool_size=RACERS, max_overflow=0)
    opened: set[int] = set()
    event.listen(racing, "connect", lambda dbapi, record: opened.add(id(dbapi)))
    return racing, opened


def _ready(families: Families) -> int:
    snapshot_baselines(
        uow=families.container.uow(),
        clock=CLOCK,
        actor=PREPARER,
        catalogue=rules(families.container),
    )
    return open_window(
        "Autumn 2013",
        "troubled-families-2012",
        dt.date(2013, 4, 1),
        dt.date(2013, 9, 30),
        uow=families.container.uow(),
        clock=CLOCK,
        actor=FINANCE,
    ).id


def _count(families: Families, sql: str) -> int:
    with families.container.engine.connect() as connection:
        return int(connection.execute(text(sql)).scalar_one())


def test_twenty_people_claiming_one_family_at_once_make_one_claim(families: Families) -> None:
    window = _ready(families)
    catalogue = rules(families.container)
    preparers = [Principal.staff(f"MGR{i}", StaffRole.MANAGER) for i in range(RACERS)]
    engine, opened = wide(families)
    jobs = [
        (
            lambda who=who: prepare_claim(
                "H1",
                window,
                uow=UnitOfWork(engine),
                clock=CLOCK,
                actor=who,
                catalogue=catalogue,
            )
        )
        for who in preparers
    ]
    done, refused = race(jobs, expected=(AlreadyClaimed,))
    assert len(done) == 1 and len(refused) == RACERS - 1
    assert all(isinstance(r, AlreadyClaimed) for r in refused)
    assert _count(families, "SELECT COUNT(*) FROM claims WHERE kind = 'result'") == 1
    assert _count(families, "SELECT COUNT(*) FROM claim_transitions") == 1
    if engine.dialect.name == "postgresql":
        engine.dispose()
        assert len(opened) == RACERS


def test_twenty_builds_of_one_window_at_once_claim_each_fee_once(families: Families) -> None:
    window = _ready(families)
    catalogue = rules(families.container)
    engine, opened = wide(families)
    jobs = [
        (
            lambda: build_window(
                window,
                uow=UnitOfWork(engine),
                clock=CLOCK,
                actor=PREPARER,
                catalogue=catalogue,
            )
        )
        for _ in range(RACERS)
    ]
    done, refused = race(jobs, expected=(AlreadyClaimed,))
    assert len(done) + len(refused) == RACERS
    # Three families attached by the close: three attachment fees and H1's result.
    assert _count(families, "SELECT COUNT(*) FROM claims WHERE kind = 'attachment'") == 3
    assert _count(families, "SELECT COUNT(*) FROM claims WHERE kind = 'result'") == 1
    assert _count(families, "SELECT COUNT(DISTINCT household_id) FROM claims") == 3
    if engine.dialect.name == "postgresql":
        engine.dispose()
        assert len(opened) == RACERS
