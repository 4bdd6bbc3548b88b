"""Options and helpers the commands share."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Annotated, Any

import typer

from tfe.errors import Refused
from workflow.principal import Principal, SystemJob
from workflow.settings import Settings, get_settings

# Who the command line acts as, until it signs people in (the audit trail says "cli").
CLI = Principal.system(SystemJob.CLI)

DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir", help="Folder for the database and files (default: TFE_DATA_DIR or ./data)."
    ),
]
DatabaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="Database URL (default: TFE_DATABASE_URL or SQLite in the data folder).",
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print machine-readable JSON instead of text.")
]


def resolve_settings(data_dir: Path | None = None, database_url: str | None = None) -> Settings:
    """The environment's settings, with any command-line options taking precedence."""
    overrides: dict[str, Any] = {"data_dir": data_dir, "database_url": database_url}
    given = {name: value for name, value in overrides.items() if value is not None}
    return Settings(**given) if given else get_settings()


def export_settings(settings: Settings) -> None:
    """Make ``settings`` the environment's, so flows run by this process use the same database.

    Flow parameters never carry the database URL (it may hold a password); flows read
    their settings from the environment instead.
    """
    os.environ["TFE_DATA_DIR"] = str(settings.data_dir.resolve())
    os.environ["TFE_DATABASE_URL"] = settings.effective_database_url
    get_settings.cache_clear()


def safe_url(url: str) -> str:
    """A database URL fit to print: any password is masked."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def parse_uk_date(text: str, option: str) -> dt.date:
    """A ``dd/mm/yyyy`` date typed on the command line; anything else is refused, naming
    the option."""
    try:
        return dt.datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError:
        raise Refused(
            f"{option} must be a date written dd/mm/yyyy, like 31/08/2026, not {text!r}"
        ) from None
