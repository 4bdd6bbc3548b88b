"""Settings come from TFE_ variables, default to embedded SQLite, and build nothing at import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from workflow.settings import Settings, get_settings


def test_default_database_is_a_sqlite_file_in_the_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TFE_DATA_DIR", str(tmp_path / "council"))
    get_settings.cache_clear()
    settings = get_settings()
    assert settings.is_sqlite
    assert (
        settings.effective_database_url
        == f"sqlite:///{(tmp_path / 'council' / 'tfe.db').as_posix()}"
    )


def test_a_postgresql_url_uses_the_psycopg_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TFE_DATABASE_URL", "postgresql://tfe@db.internal/tfe")
    get_settings.cache_clear()
    assert get_settings().effective_database_url == "postgresql+psycopg://tfe@db.internal/tfe"
    assert Settings(database_url="postgres://a@b/c").effective_database_url.startswith(
        "postgresql+psycopg://"
    )


def test_an_unsupported_database_is_refused_with_a_plain_reason() -> None:
    with pytest.raises(ValidationError, match="must start with sqlite:// or postgresql://"):
        Settings(database_url="mysql://root@localhost/tfe")


def test_importing_the_packages_builds_nothing() -> None:
    code = (
        "import workflow.settings, workflow.bootstrap, workflow.db.models\n"
        "import workflow.templates, api.app, tfe.cli\n"
        "from workflow.settings import get_settings\n"
        "import sqlalchemy.engine.create as c\n"
        "assert get_settings.cache_info().currsize == 0, 'settings were read at import'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
