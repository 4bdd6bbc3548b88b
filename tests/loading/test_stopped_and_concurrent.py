"""Imports that die part-way, and the same file imported many times at once.

- A batch whose import process was killed is marked failed, saying so, by the next import
  (and by ``reap_stopped``, which ``tfe serve`` and a scheduled flow also run).
- Twenty imports of one file at once load it once; the other nineteen say the file was
  already imported, and nothing fails.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import text

from tests.loading.builders import incidents
from tests.loading.conftest import TODAY
from tests.loading.test_facts import INCIDENTS
from tests.support import import_file
from workflow.batches.reaper import DIED, reap_stopped
from workflow.bootstrap import Container
from workflow.principal import SYSTEM

CHILD = textwrap.dedent(
    """
    import sys, time
    from workflow.batches.status import start_batch
    from workflow.bootstrap import build
    from workflow.principal import SYSTEM
    from workflow.settings import Settings

    container = build(Settings(database_url=sys.argv[1]))
    batch_id = start_batch(
        container.uow(), actor=SYSTEM, kind="police_incidents", file_name="big.xlsx",
        checksum="ab" * 32, source="police", submitted_by="S7", batch_id=None,
    )
    print(batch_id, flush=True)
    time.sleep(600)  # "reading a huge file" until it is killed
    """
)


def status(container: Container, batch_id: int) -> tuple[str, str | None]:
    with container.engine.connect() as connection:
        row = connection.execute(
            text("SELECT status, detail FROM import_batches WHERE id = :b"), {"b": batch_id}
        ).one()
    return row[0], row[1]


def start_and_kill_an_import(container: Container) -> int:
    """A child process starts importing, then is killed with SIGKILL (kill -9)."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, container.settings.effective_database_url],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ | {"PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert child.stdout is not None
    batch_id = int(child.stdout.readline())
    assert status(container, batch_id)[0] == "running"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    return batch_id


def test_a_killed_import_is_marked_failed_by_the_next_import(
    borough: Container, tmp_path: Path
) -> None:
    killed = start_and_kill_an_import(borough)
    path = incidents(tmp_path / "incidents.xlsx", INCIDENTS)
    assert import_file(borough, path, "police_incidents", today=TODAY).status == "accepted"
    assert status(borough, killed) == ("failed", DIED)


def test_a_running_import_is_left_alone_and_a_dead_one_is_reaped(
    borough: Container, tmp_path: Path
) -> None:
    from workflow.batches.status import start_batch

    alive = start_batch(
        borough.uow(),
        actor=SYSTEM,
        kind="police_incidents",
        file_name="mine.xlsx",
        checksum="cd" * 32,
        source="police",
        submitted_by="S7",
        batch_id=None,
    )  # this very process: still running
    killed = start_and_kill_an_import(borough)
    assert reap_stopped(borough.uow(), actor=SYSTEM, clock=borough.clock) == [killed]
    assert status(borough, alive)[0] == "running"
    assert status(borough, killed)[0] == "failed"
    with borough.engine.connect() as connection:
        history = connection.execute(
            text("SELECT to_state, actor FROM batch_transitions WHERE batch_id = :b ORDER BY id"),
            {"b": killed},
        ).all()
    assert [tuple(h) for h in history] == [("running", "system"), ("failed", "system")]


def test_twenty_imports_of_one_file_at_once_load_it_once(
    borough: Container, tmp_path: Path
) -> None:
    path = incidents(tmp_path / "incidents.xlsx", INCIDENTS)
    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(
            pool.map(
                lambda _: import_file(borough, path, "police_incidents", today=TODAY), range(20)
            )
        )
    accepted = [o for o in outcomes if o.status == "accepted"]
    unchanged = [o for o in outcomes if o.status == "unchanged"]
    assert (len(accepted), len(unchanged)) == (1, 19)
    assert {o.batch_id for o in unchanged} == {accepted[0].batch_id}
    assert all("nothing changed" in (o.detail or "") for o in unchanged)
    with borough.engine.connect() as connection:
        facts = connection.execute(text("SELECT COUNT(*) FROM fact_police_incidents")).scalar()
        kept = connection.execute(
            text(
                "SELECT status, COUNT(*) FROM import_batches WHERE kind = 'police_incidents' "
                "GROUP BY status"
            )
        ).all()
    assert facts == accepted[0].rows_loaded
    assert dict(kept).get("accepted") == 1
