"""One Prefect server and one worker beside a long-running process (``tfe serve``, ``tfe demo``).

A fresh ephemeral Prefect costs about 12 s per process and each synchronous flow call
about 1 s; a long-running process instead starts one local server and one process
worker, and every flow of the process talks to them.

Enter the runtime **before** importing ``prefect`` (or ``imports.flows``) where you can:
Prefect reads ``PREFECT_API_URL`` when it is imported. If it was imported already, the
runtime points the current thread at the server with ``temporary_settings``.

**Stopping.** Each service runs under a small watchdog (this module run as a script), the
leader of a process group and session of its own, so a terminal's Ctrl+C or a signal meant
for the parent never reaches the services half-way. The watchdog's stdin is a pipe only
the parent holds: when it closes, because the runtime is leaving or because the parent
died however it died (even SIGKILL), the watchdog stops its service: its stop signal to
the whole group (SIGTERM for the server; SIGINT for the worker, which waits out SIGTERM
for over a minute), then, after ``STOP_GRACE_SECONDS``, SIGKILL to the group and to every
process that was below it, which catches the worker's flow runs (Prefect starts them in
sessions of their own). A watchdog rather than Linux's ``PR_SET_PDEATHSIG``: the death
signal reaches only the direct child, and only on Linux, and needs a ``preexec_fn``,
which is unsafe in a process with threads.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path
from types import FrameType, TracebackType

from imports.errors import ImportFailed

WORK_POOL = "tfe-imports"
STOP_GRACE_SECONDS = 5.0  # the server and the worker each stop in about 2 s here


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
        self._saved_url = os.environ.get("PREFECT_API_URL")
        try:  # a signal while the server starts (10-20 s) must not leave it running
            self._spawn(
                [_prefect(), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                env,
                "server.log",
                stop_signal=signal.SIGTERM,  # uvicorn: 0.1 s, against 1.7 s on SIGINT
            )
            self._wait_healthy()
            os.environ["PREFECT_API_URL"] = self.url
            if "prefect" in sys.modules:
                # Prefect read its settings when it was imported: point this thread at it.
                from prefect.settings import PREFECT_API_URL, temporary_settings

                self._stack.enter_context(temporary_settings({PREFECT_API_URL: self.url}))
            if self.worker:
                self._spawn(
                    [_prefect(), "worker", "start", "--pool", self.work_pool, "--type", "process"],
                    env | {"PREFECT_API_URL": self.url},
                    "worker.log",
                    stop_signal=signal.SIGINT,  # it waits out SIGTERM for over a minute
                )
        except BaseException:
            self._stack.close()
            self._stop()
            self._restore_url()
            raise
        return self.url

    def _spawn(
        self, command: list[str], env: dict[str, str], log_name: str, *, stop_signal: int
    ) -> None:
        """Start ``command`` under its watchdog, in a process group and session of its own."""
        # -P: a folder called "imports" where tfe was started can't stand in for this module.
        watchdog = [sys.executable, "-P", "-m", "imports.prefect_runtime", str(stop_signal)]
        with (self.home / log_name).open("ab") as log:
            self._processes.append(
                subprocess.Popen(
                    [*watchdog, *command],
                    env=env,
                    stdin=subprocess.PIPE,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )

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
        self._restore_url()

    def _restore_url(self) -> None:
        if self._saved_url is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = self._saved_url

    def _stop(self) -> None:
        """Close each watchdog's pipe (it then stops its service) and wait for it.

        A watchdog that does not finish in time is killed with its whole group.
        """
        processes, self._processes = self._processes, []
        for process in reversed(processes):  # the worker first, while the server still answers
            if process.stdin is not None:
                with contextlib.suppress(OSError):
                    process.stdin.close()
        deadline = time.monotonic() + STOP_GRACE_SECONDS + 2
        for process in processes:
            try:
                process.wait(timeout=max(deadline - time.monotonic(), 0))
            except subprocess.TimeoutExpired:
                _signal_group(process.pid, signal.SIGKILL)
                process.wait()


def _signal_group(group: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, signum)


def _processes() -> dict[int, tuple[int, int, str]]:
    """Every process's parent, process group and start time, from /proc (empty without it)."""
    found = {}
    with contextlib.suppress(OSError):
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # it has just ended
            fields = stat[stat.rindex(")") + 2 :].split()  # the name may hold spaces
            found[int(entry.name)] = (int(fields[1]), int(fields[2]), fields[19])
    return found


def _below(root: int) -> dict[int, tuple[int, str]]:
    """The processes below ``root``: each one's group and start time (a reused pid differs)."""
    table = _processes()
    children: dict[int, list[int]] = {}
    for pid, (parent, _group, _start) in table.items():
        children.setdefault(parent, []).append(pid)
    found: dict[int, tuple[int, str]] = {}
    queue = list(children.get(root, []))
    while queue:
        pid = queue.pop()
        found[pid] = table[pid][1:]
        queue.extend(children.get(pid, []))
    return found


def _stop_group(service: subprocess.Popen[bytes], stop_signal: int, grace: float) -> None:
    """Stop the watchdog's group: ``stop_signal``, then SIGKILL to it, to every process that
    was below it and to the groups those processes lead (a flow run and what it started)."""
    before = _below(os.getpid())
    _signal_group(os.getpgrp(), stop_signal)
    with contextlib.suppress(subprocess.TimeoutExpired):
        service.wait(timeout=grace)
    seen = before | _below(os.getpid())
    now = _processes()
    for pid, (group, start) in seen.items():
        if pid != service.pid and now.get(pid, (0, 0, ""))[2] == start:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        if group == pid and group != os.getpgrp():
            _signal_group(group, signal.SIGKILL)
    _signal_group(os.getpgrp(), signal.SIGKILL)  # last: the group includes this watchdog


def _watch(stop_signal: int, command: list[str]) -> int:
    """Run ``command`` until it ends (its exit code) or until stdin closes (stop the group)."""
    stop_requested: list[int] = []

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        if signum != stop_signal:  # the group's own stop signal is for the service
            stop_requested.append(signum)

    # SIGTERM, SIGINT or SIGHUP from outside (a service manager signalling every process)
    # means stop. Handlers, not SIG_IGN: the service must not inherit an ignored signal.
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, on_signal)
    service = subprocess.Popen(command, stdin=subprocess.DEVNULL)
    parent = sys.stdin.fileno()
    while service.poll() is None:
        with contextlib.suppress(InterruptedError):
            readable, _, _ = select.select([parent], [], [], 0.5)
            if stop_requested or (readable and not os.read(parent, 1)):
                _stop_group(service, stop_signal, STOP_GRACE_SECONDS)
    return service.returncode


if __name__ == "__main__":
    sys.exit(_watch(int(sys.argv[1]), sys.argv[2:]))
