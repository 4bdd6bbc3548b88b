"""``tfe serve`` never imports in its own process, and survives an import that dies.

A real ``tfe serve`` (SQLite, its own Prefect server and worker) takes an upload through
``POST /imports``; the worker imports it in a process of its own. Killing that process
part-way (as an out-of-memory kill would) leaves the web app answering, and the batch is
marked failed, saying why, by the poller; the next upload imports as usual.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.loading.builders import a_borough
from tests.test_serve_shutdown import serving  # noqa: F401  (the fixture)

WAIT = 180  # a generous allowance for Prefect to start a flow run here, not a measurement


def _port(parent: subprocess.Popen[bytes]) -> int:
    args = parent.args
    assert isinstance(args, list)
    return int(args[args.index("--port") + 1])


def upload(port: int, path: Path, kind: str, auth: dict[str, str]) -> int:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n{kind}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{path.name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
        + path.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/imports",
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}", **auth},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return int(json.loads(answer.read())["batch_id"])


def token_for(data: Path, ref: str) -> dict[str, str]:
    """An API token for ``ref`` in the served database (``tfe serve`` migrated it)."""
    from tests.support import signed_in
    from workflow.bootstrap import build
    from workflow.settings import Settings

    container = build(Settings(data_dir=data))
    try:
        return signed_in(container, ref, "data_officer")
    finally:
        container.close()


def batch(data: Path, batch_id: int) -> dict[str, Any]:
    with sqlite3.connect(data / "tfe.db", timeout=30) as connection:
        connection.row_factory = sqlite3.Row
        row = connection.execute(
            "SELECT * FROM import_batches WHERE id = ?", (batch_id,)
        ).fetchone()
    return dict(row)


def wait_for(data: Path, batch_id: int, statuses: set[str]) -> dict[str, Any]:
    deadline = time.monotonic() + WAIT
    while True:
        found = batch(data, batch_id)
        if found["status"] in statuses:
            return found
        assert time.monotonic() < deadline, f"batch {batch_id} stayed {found['status']}"
        time.sleep(0.2)


def healthy(port: int) -> bool:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as answer:
        return answer.status == 200


def big_register(path: Path, people: int) -> Path:
    lines = ["person_ref,household_ref,forename,surname,date_of_birth,address_line1,postcode"]
    lines += [
        f"P{n},H{n // 3},Alex,Person{n},01/02/1990,{n} High Street,QX1 1AA" for n in range(people)
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.slow
def test_an_import_that_dies_leaves_the_web_app_up_and_is_marked_failed(
    serving: tuple[subprocess.Popen[bytes], dict[int, str]],  # noqa: F811
    tmp_path: Path,
) -> None:
    parent, _tree = serving
    port, data = _port(parent), tmp_path / "data"
    auth = token_for(data, "S7")
    big = upload(port, big_register(tmp_path / "register.csv", 300_000), "people", auth)
    running = wait_for(data, big, {"running", "accepted", "failed"})
    assert running["status"] == "running", "the import finished before it could be stopped"
    assert running["worker_pid"] not in (None, parent.pid)  # not in the web app's process
    os.kill(running["worker_pid"], signal.SIGKILL)  # as the kernel's out-of-memory killer

    failed = wait_for(data, big, {"failed", "accepted"})
    assert failed["status"] == "failed"
    assert "the process importing it ended" in failed["detail"]
    assert parent.poll() is None and healthy(port)

    small = upload(port, a_borough(tmp_path / "people.xlsx"), "people", auth)
    assert wait_for(data, small, {"accepted", "failed", "rejected"})["status"] == "accepted"
    assert healthy(port)
