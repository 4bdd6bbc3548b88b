"""``tfe serve``: the web app, with one Prefect server and worker beside it.

Uploads made through the API wait as pending batches; a poller runs the
``import-pending-uploads`` flow when any are waiting, against this process's server.
"""

from __future__ import annotations

import threading
from typing import Annotated

import typer

from imports.prefect_runtime import PrefectRuntime
from tfe.commands.common import (
    DatabaseUrlOption,
    DataDirOption,
    export_settings,
    resolve_settings,
)
from tfe.output import err, out
from workflow.batches import pending_uploads
from workflow.bootstrap import Container, build
from workflow.db.migrate import upgrade


def _poll_uploads(container: Container, stop: threading.Event, every: float) -> None:
    from imports.flows import import_pending_uploads

    while not stop.wait(every):
        try:
            if pending_uploads(uow=container.uow()):
                import_pending_uploads()
        except Exception as exc:  # keep serving; say what happened without personal data
            err.print(f"Importing uploads failed ({type(exc).__name__}); will try again.")


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    poll_seconds: Annotated[
        float, typer.Option("--poll-seconds", help="How often to look for uploads.")
    ] = 3.0,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Serve the web app and API, with a Prefect server and worker for imports."""
    import uvicorn

    from api.app import create_app

    settings = resolve_settings(data_dir, database_url)
    export_settings(settings)
    container = build(settings)
    upgrade(container.engine)
    stop = threading.Event()
    with PrefectRuntime(settings.data_dir / "prefect") as prefect_url:
        out.print(f"Prefect server for imports: {prefect_url.removesuffix('/api')}")
        poller = threading.Thread(
            target=_poll_uploads, args=(container, stop, poll_seconds), daemon=True
        )
        poller.start()
        try:
            out.print(f"The web app is at http://{host}:{port} (API documentation at /docs)")
            uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
        finally:
            stop.set()
            poller.join(timeout=30)
            container.close()
