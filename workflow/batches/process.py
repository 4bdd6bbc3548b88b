"""Which process is running an import, and whether it still is.

A batch that is ``running`` records the host, process id and the process's start time.
If that process is gone (killed, crashed, out of memory) the batch will never finish, so
the reaper (``workflow.batches.reaper``) marks it failed. The start time guards against a
reused process id: on Linux it is the process's start in clock ticks since boot, from
``/proc/<pid>/stat``; elsewhere it is not known and only the id is checked.
"""

from __future__ import annotations

import contextlib
import os
import socket
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ProcessId:
    host: str
    pid: int
    started: int | None  # clock ticks after boot (Linux), or None


def _stat(pid: int) -> tuple[str, int] | None:
    """The process's state letter and start time, from ``/proc`` (Linux), or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) is in brackets and may hold spaces: count from its end.
    fields = stat[stat.rindex(")") + 2 :].split()
    return fields[0], int(fields[19])  # fields 3 (state) and 22 (starttime)


def _start_ticks(pid: int) -> int | None:
    found = _stat(pid)
    return None if found is None else found[1]


def this_process() -> ProcessId:
    pid = os.getpid()
    return ProcessId(socket.gethostname()[:100], pid, _start_ticks(pid))


def is_alive(process: ProcessId) -> bool | None:
    """Whether ``process`` still runs: None when it ran on another host (can't tell)."""
    if process.host != socket.gethostname()[:100]:
        return None
    try:
        os.kill(process.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        pass
    found = None
    with contextlib.suppress(ValueError, IndexError):
        found = _stat(process.pid)
    if found is None:
        return True  # not Linux, or /proc unreadable: the id answered, so assume it runs
    state, started = found
    if state == "Z":  # a zombie: it has ended, its parent just hasn't collected it
        return False
    return process.started is None or started == process.started
