"""Shared fixtures.

Database tests ask for ``database_url`` (or ``engine``/``container``). By default each test
gets its own SQLite file; with ``TFE_TEST_DATABASE_URL`` set to a PostgreSQL URL, each test
gets its own schema in that database, dropped afterwards. An unreachable PostgreSQL is an
error, never a skip. Tests that use these fixtures are marked ``db`` automatically, so
``./dev test`` runs exactly them a second time on PostgreSQL.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from workflow.bootstrap import Container, build
from workflow.settings import Settings

# Prefect reads its settings when imported: give the whole test session its own Prefect
# home before anything imports it, so tests never touch a developer's ~/.prefect.
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="tfe-test-prefect-")
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ.pop("PREFECT_API_URL", None)

DB_FIXTURES = {"database_url", "engine", "container", "migrated_engine"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "db: uses a database (run on SQLite and PostgreSQL)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if DB_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads a developer's own TFE_ settings or writes into ./data."""
    for name in list(os.environ):
        if name.startswith("TFE_") and name != "TFE_TEST_DATABASE_URL":
            monkeypatch.delenv(name)
    monkeypatch.setenv("TFE_DATA_DIR", str(tmp_path / "data"))
    from workflow.settings import get_settings

    get_settings.cache_clear()


def _postgres_url() -> str | None:
    url = os.environ.get("TFE_TEST_DATABASE_URL")
    return url if url and url.startswith("postgresql") else None


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """An empty database of its own for this test."""
    base = _postgres_url()
    if base is None:
        yield f"sqlite:///{(tmp_path / 'test.db').as_posix()}"
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:  # fails loudly if PostgreSQL is unreachable
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=database_url)


@pytest.fixture
def container(settings: Settings) -> Iterator[Container]:
    built = build(settings)
    yield built
    built.close()


@pytest.fixture
def engine(container: Container) -> Engine:
    return container.engine


@pytest.fixture
def migrated_engine(engine: Engine) -> Engine:
    from workflow.db.migrate import upgrade

    upgrade(engine)
    return engine
