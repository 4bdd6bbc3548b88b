"""``tfe serve`` takes its Prefect server and worker with it, whichever way it is stopped.

Each case starts a real ``tfe serve`` (a Prefect server takes 10-20 s to start), records
every process below it, signals the parent alone, as a service manager does, and expects
the whole tree to be gone within 10 seconds.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

STOP_WITHIN_SECONDS = 10.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stat(pid: int) -> tuple[str, int, str] | None:
    """(state, parent pid, start time) of a process from /proc, or None once it has gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return fields[0], int(fields[1]), fields[19]


def _tree(root: int) -> dict[int, str]:
    """``root`` and every process below it, each with its start time (to survive pid reuse)."""
    parents: dict[int, list[int]] = {}
    started: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None:
            parents.setdefault(stat[1], []).append(int(entry.name))
            started[int(entry.name)] = stat[2]
    found, queue = {}, [root]
    while queue:
        pid = queue.pop()
        if pid in started:
            found[pid] = started[pid]
            queue.extend(parents.get(pid, []))
    return found


def _running(tree: dict[int, str]) -> list[int]:
    """The processes of ``tree`` still running (a zombie has stopped: it only waits to be reaped)."""
    alive = []
    for pid, start in tree.items():
        stat = _stat(pid)
        if stat is not None and stat[2] == start and stat[0] != "Z":
            alive.append(pid)
    return alive


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], dict[int, str]]]:
    """A running ``tfe serve`` (SQLite in a tmp data folder) and its process tree."""
    port = _free_port()
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TFE_", "PREFECT_API"))}
    env["TFE_DATA_DIR"] = str(data)
    tfe = Path(sys.executable).parent / "tfe"
    with (tmp_path / "serve.log").open("wb") as log:
        parent = subprocess.Popen(
            [tfe, "serve", "--port", str(port), "--data-dir", str(data)],
            env=env,
            stdout=log,
            stderr=log,
        )
    tree: dict[int, str] = {}
    try:
        deadline = time.monotonic() + 180  # a generous start-up allowance, not a measurement
        while True:
            assert parent.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline, "tfe serve never answered /health"
                time.sleep(0.5)
        tree = _tree(parent.pid)
        yield parent, tree
    finally:  # never leave a failed case's processes behind
        for pid in _running(_tree(parent.pid) | tree):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        parent.wait()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("stop", "exit_code"),
    [(signal.SIGTERM, 0), (signal.SIGINT, 0), (signal.SIGHUP, 0), (signal.SIGKILL, -9)],
    ids=["SIGTERM", "SIGINT", "SIGHUP", "SIGKILL"],
)
def test_stopping_tfe_serve_stops_the_app_the_prefect_server_and_the_worker(
    serving: tuple[subprocess.Popen[bytes], dict[int, str]], stop: int, exit_code: int
) -> None:
    parent, tree = serving
    commands = [_command_line(pid) for pid in tree]
    assert any("prefect server start" in c for c in commands), commands
    assert any("prefect worker start" in c for c in commands), commands

    os.kill(parent.pid, stop)
    deadline = time.monotonic() + STOP_WITHIN_SECONDS
    while _running(tree) and time.monotonic() < deadline:
        time.sleep(0.2)

    left = {pid: _command_line(pid) for pid in _running(tree)}
    assert not left, f"still running {STOP_WITHIN_SECONDS:g} s after {stop.name}: {left}"
    assert parent.wait() == exit_code


# A service that ignores its stop signal and a flow run in a session of its own (as the
# Prefect worker starts them): signalling the service's group reaches neither.
STUBBORN_SERVICE = """
import signal, subprocess, sys, time
for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(signum, signal.SIG_IGN)
run = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"],
                       start_new_session=True)
open(sys.argv[1], "w").write(str(run.pid))
time.sleep(600)
"""


@pytest.mark.slow
def test_when_the_parent_goes_its_watchdog_kills_a_stubborn_service_and_its_flow_runs(
    tmp_path: Path,
) -> None:
    ready = tmp_path / "flow-run.pid"
    service = [sys.executable, "-c", STUBBORN_SERVICE, str(ready)]
    watchdog = subprocess.Popen(
        [sys.executable, "-P", "-m", "imports.prefect_runtime", str(int(signal.SIGINT)), *service],
        stdin=subprocess.PIPE,  # as PrefectRuntime starts it: the parent holds the only end
        start_new_session=True,
    )
    tree: dict[int, str] = {}
    try:
        deadline = time.monotonic() + 60  # a start-up allowance, not a measurement
        while not ready.is_file() or not ready.read_text():
            assert watchdog.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        tree = _tree(watchdog.pid)
        assert int(ready.read_text()) in tree and len(tree) == 3

        assert watchdog.stdin is not None
        watchdog.stdin.close()  # what the kernel does when the parent dies, however it dies
        deadline = time.monotonic() + STOP_WITHIN_SECONDS
        while _running(tree) and time.monotonic() < deadline:
            time.sleep(0.2)

        assert not _running(tree), {pid: _command_line(pid) for pid in _running(tree)}
    finally:
        for pid in _running(_tree(watchdog.pid) | tree):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        watchdog.wait()


@pytest.mark.slow
def test_a_stop_while_prefect_is_still_starting_stops_everything(tmp_path: Path) -> None:
    port = _free_port()
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TFE_", "PREFECT_API"))}
    tfe = Path(sys.executable).parent / "tfe"
    with (tmp_path / "serve.log").open("wb") as log:
        parent = subprocess.Popen(
            [tfe, "serve", "--port", str(port), "--data-dir", str(data)],
            env=env,
            stdout=log,
            stderr=log,
        )
    try:
        deadline = time.monotonic() + 120
        while not any("prefect server start" in _command_line(p) for p in _tree(parent.pid)):
            assert parent.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, "the Prefect server never started"
            time.sleep(0.1)
        tree = _tree(parent.pid)
        os.kill(parent.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_WITHIN_SECONDS
        while _running(tree) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = {pid: _command_line(pid) for pid in _running(tree)}
        assert not left, f"still running {STOP_WITHIN_SECONDS:g} s after SIGTERM: {left}"
        assert parent.wait() == 0
        with contextlib.suppress(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
            pytest.fail("the web app started after it was told to stop")
    finally:
        for pid in _running(_tree(parent.pid)):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        parent.wait()


def test_a_stop_whose_exception_was_swallowed_is_still_honoured() -> None:
    """Python may raise a signal handler's exception inside a garbage-collection callback,
    where it is printed and dropped: the next check of the start raises it again."""
    from tfe.commands.serve import StopRequested, _StopSignals

    with _StopSignals() as signals:
        signals.check()  # nothing asked yet
        try:
            os.kill(os.getpid(), signal.SIGHUP)
            time.sleep(0.1)
        except StopRequested:
            pass  # swallowed, as a library's clean-up would
        with pytest.raises(StopRequested):
            signals.check()
        with pytest.raises(StopRequested):
            signals.run(None)  # type: ignore[arg-type]  # never reaches the server
