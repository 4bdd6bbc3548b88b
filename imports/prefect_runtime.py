"""One Prefect server and one worker beside a long-running process (``tfe serve``, ``tfe demo``).

A fresh ephemeral Prefect costs about 12 s per process and each synchronous flow call
about 1 s; a long-running process instead starts one local server and one process
worker, and every flow of the process talks to them.

Enter the runtime **before** importing ``prefect`` (or ``imports.flows``) where you can:
Prefect reads ``PREFECT_API_URL`` when it is imported. If it was imported already, the
runtime points the current thread at the server with ``temporary_settings``.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType

from imports.errors import ImportFailed

WORK_POOL = "tfe-imports"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _prefect() -> str:
    return str(Path(sys.executable).parent / "prefect")


class PrefectRuntime:
    """``with PrefectRuntime(home) as url:`` — a local Prefect server (and worker) for the block."""

    def __init__(self, home: Path, *, worker: bool = True, work_pool: str = WORK_POOL) -> None:
        self.home = home
        self.worker = worker
        self.work_pool = work_pool
        self.url = ""
        self._processes: list[subprocess.Popen[bytes]] = []
        self._saved_url: str | None = None
        self._stack = ExitStack()

    def __enter__(self) -> str:
        self.home.mkdir(parents=True, exist_ok=True)
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}/api"
        env = os.environ | {
            "PREFECT_HOME": str(self.home),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        }
        env.pop("PREFECT_API_URL", None)
        log = (self.home / "server.log").open("ab")
        self._processes.append(
            subprocess.Popen(
                [_prefect(), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        self._wait_healthy()
        self._saved_url = os.environ.get("PREFECT_API_URL")
        os.environ["PREFECT_API_URL"] = self.url
        if "prefect" in sys.modules:
            # Prefect read its settings when it was imported: point this thread at the server.
            from prefect.settings import PREFECT_API_URL, temporary_settings

            self._stack.enter_context(temporary_settings({PREFECT_API_URL: self.url}))
        if self.worker:
            worker_log = (self.home / "worker.log").open("ab")
            self._processes.append(
                subprocess.Popen(
                    [_prefect(), "worker", "start", "--pool", self.work_pool, "--type", "process"],
                    env=env | {"PREFECT_API_URL": self.url},
                    stdout=worker_log,
                    stderr=subprocess.STDOUT,
                )
            )
        return self.url

    def _wait_healthy(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._processes[0].poll() is not None:
                raise ImportFailed(
                    f"The Prefect server stopped while starting; see {self.home / 'server.log'}.",
                    code="prefect_unavailable",
                )
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        self._stop()
        raise ImportFailed(
            f"The Prefect server did not start within {timeout:.0f} s; "
            f"see {self.home / 'server.log'}.",
            code="prefect_unavailable",
        )

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if "prefect" in sys.modules:
            # Send the last flow-run logs before the server goes away.
            from prefect.logging.handlers import APILogHandler

            for name in ("prefect.flow_runs", "prefect.task_runs"):
                for handler in logging.getLogger(name).handlers:
                    if isinstance(handler, APILogHandler):
                        handler.flush()
        self._stack.close()
        self._stop()
        if self._saved_url is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = self._saved_url

    def _stop(self) -> None:
        for process in reversed(self._processes):
            process.terminate()
        for process in reversed(self._processes):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self._processes.clear()
