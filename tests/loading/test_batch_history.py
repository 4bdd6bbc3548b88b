"""Every change of an import batch's status is kept, with who made it and why."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from tests.loading.builders import incidents
from tests.loading.conftest import TODAY
from tests.loading.test_facts import INCIDENTS
from tests.support import import_file
from workflow.bootstrap import Container


def history(container: Container, batch_id: int) -> list[tuple[str | None, str, str, str]]:
    with container.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT from_state, to_state, trigger, actor FROM batch_transitions "
                "WHERE batch_id = :b ORDER BY id"
            ),
            {"b": batch_id},
        )
        return [tuple(r) for r in rows]


def test_an_accepted_import_is_created_running_then_accepted(
    borough: Container, tmp_path: Path
) -> None:
    path = incidents(tmp_path / "incidents.xlsx", INCIDENTS)
    outcome = import_file(borough, path, "police_incidents", today=TODAY, submitted_by="S7")
    assert history(borough, outcome.batch_id) == [
        (None, "running", "created", "S7"),
        ("running", "accepted", "accept", "S7"),
    ]


def test_a_refused_file_is_rejected_and_the_same_file_again_changes_nothing(
    borough: Container, tmp_path: Path
) -> None:
    bad = tmp_path / "not-a-workbook.csv"
    bad.write_bytes(b"\x00\x01\x02 not a spreadsheet")
    refused = import_file(borough, bad, "police_incidents", today=TODAY)
    assert refused.status == "rejected"
    assert [row[:3] for row in history(borough, refused.batch_id)] == [
        (None, "running", "created"),
        ("running", "rejected", "reject"),
    ]


def test_an_import_that_stops_part_way_is_failed_and_says_so(
    borough: Container, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import imports.loading.facts as facts_module
    from imports.errors import ImportStopped

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(facts_module, "load", broken)
    path = incidents(tmp_path / "incidents.xlsx", INCIDENTS)
    with pytest.raises(ImportStopped):
        import_file(borough, path, "police_incidents", today=TODAY)
    with borough.engine.connect() as connection:
        batch_id, status, detail = connection.execute(
            text("SELECT id, status, detail FROM import_batches ORDER BY id DESC LIMIT 1")
        ).one()
    assert status == "failed" and "nothing from it was loaded" in detail
    assert [row[:3] for row in history(borough, batch_id)] == [
        (None, "running", "created"),
        ("running", "failed", "fail"),
    ]
