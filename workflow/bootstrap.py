"""The composition root: builds the engine, session factory and units of work from settings.

Entry points (the CLI, the web app's lifespan, Prefect flows) call :func:`build` once and
pass the container on. Nothing here runs at import time.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from workflow.db.engine import check_connection, make_engine, make_session_factory
from workflow.settings import Settings
from workflow.uow import UnitOfWork


@dataclass(frozen=True)
class Container:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory)

    def close(self) -> None:
        self.engine.dispose()


def build(settings: Settings, *, check: bool = True) -> Container:
    """Wire the engine for ``settings``; with ``check``, fail fast if it is unreachable."""
    engine = make_engine(settings.effective_database_url, echo=settings.sql_echo)
    if check:
        check_connection(engine)
    return Container(settings=settings, engine=engine, session_factory=make_session_factory(engine))
