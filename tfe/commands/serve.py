"""``tfe serve``: the web app, with one Prefect server and worker beside it.

Uploads made through the API wait as pending batches. No import ever runs in the web
app's own process: a poller hands each new upload to the Prefect worker as a run of the
``import-upload`` deployment, which imports it in a process of its own under a memory
ceiling (``imports.memory``), so a file that crashes or exhausts a reader ends that run
only. The poller also marks failed any import whose process died
(``workflow.batches.reaper``), as it does once at start.

SIGTERM, SIGINT and SIGHUP (a service manager, Ctrl+C, a closed terminal) all stop it the
same way: uvicorn finishes its requests, then the poller and the Prefect server and worker
stop (``PrefectRuntime``), and the command exits 0. A signal while Prefect is still
starting stops it there: the handler raises ``StopRequested`` and, because an exception
raised from a signal handler can land where it is swallowed (a garbage-collection callback,
an ``except Exception`` in a library), every step of the start also checks whether a stop
was asked for. Once everything it started has stopped, the process leaves within
``EXIT_WITHIN_SECONDS`` even if a library's at-exit clean-up waits on the Prefect server
that has just gone.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from types import FrameType
from typing import TYPE_CHECKING, Annotated, Any

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
from workflow.batches.reaper import reap_stopped
from workflow.bootstrap import Container, build
from workflow.db.migrate import upgrade
from workflow.principal import SYSTEM

if TYPE_CHECKING:
    import uvicorn

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
EXIT_WITHIN_SECONDS = 3.0


class StopRequested(BaseException):
    """A stop signal came before the web app was serving (a ``BaseException``, so that no
    ``except Exception`` on the way out swallows it)."""


class _StopSignals:
    """``with _StopSignals() as signals: ... signals.run(server)``: every stop signal ends
    the block in order.

    Before the web app serves (Prefect is starting) the first signal raises
    ``StopRequested``; once it serves, a signal asks uvicorn to finish. uvicorn answers
    SIGINT and SIGTERM itself while it serves and, having shut down, sends them on again:
    by then ``should_exit`` is set and the signal is done with.
    """

    def __init__(self) -> None:
        self._server: uvicorn.Server | None = None
        self._stopping = False
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> _StopSignals:
        self._previous = {signum: signal.signal(signum, self._on_signal) for signum in STOP_SIGNALS}
        return self

    def __exit__(self, *_exc: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    def check(self) -> None:
        """Raise ``StopRequested`` if a stop was asked for (its first raise may be lost)."""
        if self._stopping:
            raise StopRequested

    def run(self, server: uvicorn.Server) -> None:
        self._server = server
        self.check()  # a signal between the last check and now
        server.run()

    def _on_signal(self, _signum: int, _frame: FrameType | None) -> None:
        if self._server is not None:
            self._server.should_exit = True
        elif not self._stopping:  # once: a second signal must not cut the stopping short
            self._stopping = True
            raise StopRequested


def _leave_within(seconds: float, code: int) -> None:
    """Exit with ``code`` after ``seconds`` if the interpreter's own exit has not by then."""

    def leave() -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)

    timer = threading.Timer(seconds, leave)
    timer.daemon = True
    timer.start()


def _poll_uploads(container: Container, stop: threading.Event, every: float) -> None:
    """Hand each new upload to the worker; mark failed the imports whose process died."""
    from imports.deployments import submit_upload

    submitted: set[int] = set()
    while not stop.wait(every):
        try:
            reap_stopped(container.uow(), actor=SYSTEM, clock=container.clock)
            for upload in pending_uploads(uow=container.uow()):
                if upload.batch_id not in submitted:
                    submit_upload(upload.batch_id)
                    submitted.add(upload.batch_id)
        except Exception as exc:  # keep serving; say what happened without personal data
            err.print(f"Handing uploads to the import worker failed ({type(exc).__name__}).")


def _first_run_admin(container: Container) -> None:
    """On a database with no accounts yet, make the first admin and print its password once
    (an admin then adds everyone else: ``tfe users add``, or the staff pages). A demo
    database prints the sign-in of each role the demo made."""
    from tfe.commands.users import new_password
    from workflow.accounts.service import add_user, count_users

    demo_sign_ins = container.settings.data_dir / "demo-sign-ins.txt"
    if demo_sign_ins.exists():
        out.print("Demo sign-ins (demo database only):")
        out.print(demo_sign_ins.read_text().rstrip())
    if count_users(uow=container.uow()) > 0:
        return
    password = new_password()
    add_user(
        "admin",
        display_name="Administrator",
        password=password,
        roles=["admin"],
        uow=container.uow(),
        actor=SYSTEM,
    )
    out.print(f"First run: sign in as 'admin' with the password {password} (shown once).")


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    poll_seconds: Annotated[
        float, typer.Option("--poll-seconds", help="How often to look for uploads.")
    ] = 3.0,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> int:
    """Serve the web app and API, with a Prefect server and worker for imports."""
    import uvicorn

    from api.app import create_app

    settings = resolve_settings(data_dir, database_url)
    export_settings(settings)
    container = build(settings)
    upgrade(container.engine)
    _first_run_admin(container)
    stop = threading.Event()
    try:
        with (
            _StopSignals() as signals,
            PrefectRuntime(settings.data_dir / "prefect") as prefect_url,
        ):
            signals.check()
            out.print(f"Prefect server for imports: {prefect_url.removesuffix('/api')}")
            from imports.deployments import deploy_for_serve

            deploy_for_serve()
            signals.check()
            reap_stopped(container.uow(), actor=SYSTEM, clock=container.clock)
            poller = threading.Thread(
                target=_poll_uploads, args=(container, stop, poll_seconds), daemon=True
            )
            poller.start()
            try:
                out.print(f"The web app is at http://{host}:{port} (API documentation at /docs)")
                # Requests still open get 2 s: the whole stop fits in a service manager's 10 s.
                config = uvicorn.Config(
                    create_app(settings),
                    host=host,
                    port=port,
                    log_level="warning",
                    timeout_graceful_shutdown=2,
                )
                signals.run(uvicorn.Server(config))
            finally:
                stop.set()
                poller.join(timeout=2)  # a daemon: an import it is running ends with us
    except StopRequested:
        pass
    finally:
        container.close()
    err.print("Stopped.")
    _leave_within(EXIT_WITHIN_SECONDS, 0)
    return 0
