"""``tfe db``: the database's schema."""

from __future__ import annotations

import typer

from tfe.commands.common import (
    DatabaseUrlOption,
    DataDirOption,
    JsonOption,
    resolve_settings,
    safe_url,
)
from tfe.output import emit_json, out
from workflow.bootstrap import build
from workflow.db.migrate import current_revision, head_revision
from workflow.db.migrate import upgrade as migrate_upgrade

app = typer.Typer(help="Look after the database.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(
    data_dir: DataDirOption = None, database_url: DatabaseUrlOption = None, json: JsonOption = False
) -> None:
    """Create or migrate the database to the newest schema."""
    settings = resolve_settings(data_dir, database_url)
    container = build(settings)
    try:
        before = current_revision(container.engine)
        migrate_upgrade(container.engine)
        after = current_revision(container.engine)
    finally:
        container.close()
    url = safe_url(settings.effective_database_url)
    if json:
        emit_json(
            {
                "database": url,
                "from_revision": before,
                "to_revision": after,
                "head": head_revision(),
            }
        )
        return
    if before == after:
        out.print(f"The database at {url} is already up to date (revision {after}).")
    else:
        out.print(f"Migrated the database at {url} from {before or 'empty'} to revision {after}.")
