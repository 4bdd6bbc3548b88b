"""The composition root: builds the engine, the clock and units of work from settings.

Entry points (the CLI, the web app's lifespan, Prefect flows) call :func:`build` once and
pass what each use case needs on: a unit of work (``container.uow()``), the clock, and
the settings. Services never take the container itself. Nothing here runs at import time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from workflow.clock import Clock, SystemClock
from workflow.db.engine import check_connection, make_engine
from workflow.settings import Settings
from workflow.uow import UnitOfWork


@dataclass(frozen=True)
class Container:
    settings: Settings
    engine: Engine
    clock: Clock = field(default_factory=SystemClock)

    def uow(self) -> UnitOfWork:
        """A unit of work on this engine: ``with container.uow() as uow: ...``."""
        return UnitOfWork(self.engine)

    def close(self) -> None:
        self.engine.dispose()


def build(settings: Settings, *, check: bool = True, clock: Clock | None = None) -> Container:
    """Wire the engine for ``settings``; with ``check``, fail fast if it is unreachable."""
    engine = make_engine(settings.effective_database_url, echo=settings.sql_echo)
    if check:
        check_connection(engine)
    return Container(settings=settings, engine=engine, clock=clock or SystemClock())
