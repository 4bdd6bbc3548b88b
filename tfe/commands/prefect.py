"""``tfe prefect``: register the import deployments with a Prefect server."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from imports.prefect_env import server_url
from tfe.commands.common import JsonOption
from tfe.errors import Refused
from tfe.output import emit_json, out

app = typer.Typer(help="Run imports on a Prefect server with workers.", no_args_is_help=True)


@app.command("deploy")
def deploy(
    inbox: Annotated[
        Path, typer.Option("--inbox", help="Folder the watch-inbox flow imports from.")
    ],
    work_pool: Annotated[
        str, typer.Option("--work-pool", help="Prefect work pool.")
    ] = "tfe-imports",
    json: JsonOption = False,
) -> None:
    """Register the import deployments with the Prefect server in PREFECT_API_URL."""
    if server_url() is None:
        raise Refused("set PREFECT_API_URL to the Prefect server's API first")
    from imports.deployments import deploy_all

    names = deploy_all(inbox=inbox, work_pool=work_pool)
    if json:
        emit_json({"deployments": names, "work_pool": work_pool})
        return
    out.print(f"Registered {len(names)} deployments on work pool {work_pool}: " + ", ".join(names))
    out.print(f"Start a worker with: prefect worker start --pool {work_pool} --type process")
