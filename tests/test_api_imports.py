"""Uploading a partner file through the API: a pending batch, its status and its report."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from api.app import create_app
from tests.loading.builders import a_borough, incidents
from tests.support import import_file, signed_in
from workflow.batches import pending_uploads
from workflow.bootstrap import Container
from workflow.settings import Settings


@pytest.fixture
def client(settings: Settings, container: Container, migrated_engine) -> TestClient:
    with TestClient(create_app(settings)) as test_client:
        test_client.headers.update(
            signed_in(container, "S9", "data_officer")
        )  # unless a request says
        yield test_client


def test_an_upload_is_recorded_as_a_pending_batch(
    client: TestClient, container: Container, tmp_path: Path
) -> None:
    people = a_borough(tmp_path / "people.xlsx")
    with people.open("rb") as handle:
        response = client.post(
            "/imports",
            data={"kind": "people"},
            files={"file": ("people.xlsx", handle)},
            headers=signed_in(container, "S9", "data_officer"),
        )
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "pending" and body["status_url"] == f"/imports/{body['batch_id']}"
    waiting = pending_uploads(uow=container.uow())
    assert [(u.batch_id, u.kind, u.submitted_by) for u in waiting] == [
        (body["batch_id"], "people", "S9")
    ]
    assert Path(waiting[0].stored_path).read_bytes() == people.read_bytes()
    status = client.get(body["status_url"]).json()
    assert (status["status"], status["submitted_by"], status["report_url"]) == (
        "pending",
        "S9",
        None,
    )


def test_the_import_finishes_the_pending_batch_and_its_report_can_be_fetched(
    client: TestClient, container: Container, tmp_path: Path
) -> None:
    import_file(container, a_borough(tmp_path / "people.xlsx"), "people")
    bad = incidents(
        tmp_path / "police_incidents.xlsx",
        [
            (
                "Daniel",
                "Okafor",
                "02/07/2009",
                "QX1 1AA",
                "P2",
                None,
                "14/03/2026",
                "mugging",
                "perpetrator",
                "CR1",
            )
        ],
    )
    with bad.open("rb") as handle:
        batch_id = client.post(
            "/imports",
            data={"kind": "police_incidents"},
            files={"file": ("pi.xlsx", handle)},
            headers=signed_in(container, "S7", "data_officer"),
        ).json()["batch_id"]
    [upload] = pending_uploads(uow=container.uow())
    outcome = import_file(
        container,
        Path(upload.stored_path),
        upload.kind,
        source=upload.source,
        submitted_by=upload.submitted_by,
        batch_id=upload.batch_id,
    )
    assert outcome.batch_id == batch_id and outcome.rows_rejected == 1
    status = client.get(f"/imports/{batch_id}").json()
    assert status["status"] == "accepted" and status["report_url"] == f"/imports/{batch_id}/report"
    # The batch still names who uploaded it and the file as they sent it.
    assert (status["submitted_by"], status["file_name"]) == ("S7", "pi.xlsx")
    report = client.get(status["report_url"], headers=signed_in(container, "S9", "data_officer"))
    assert report.status_code == 200 and report.content[:2] == b"PK"
    with container.engine.connect() as connection:
        reads = connection.execute(
            text("SELECT actor, action, entity_type FROM audit_events WHERE action = 'read'")
        ).all()
    assert [tuple(r) for r in reads] == [("S9", "read", "import_report")]
    # A report file gone from the server is a plain 404, and no read is recorded.
    Path(outcome.report_path or "").unlink()
    gone = client.get(status["report_url"], headers=signed_in(container, "S9", "data_officer"))
    assert gone.status_code == 404 and "no longer on the server" in gone.json()["detail"]
    with container.engine.connect() as connection:
        assert (
            connection.execute(
                text("SELECT COUNT(*) FROM audit_events WHERE action = 'read'")
            ).scalar()
            == 1
        )


def test_the_same_upload_twice_is_marked_unchanged(
    client: TestClient, container: Container, tmp_path: Path
) -> None:
    people = a_borough(tmp_path / "people.xlsx")
    import_file(container, people, "people")
    with people.open("rb") as handle:
        batch_id = client.post(
            "/imports", data={"kind": "people"}, files={"file": ("people.xlsx", handle)}
        ).json()["batch_id"]
    [upload] = pending_uploads(uow=container.uow())
    assert (
        import_file(
            container, Path(upload.stored_path), upload.kind, batch_id=upload.batch_id
        ).status
        == "unchanged"
    )
    assert client.get(f"/imports/{batch_id}").json()["status"] == "unchanged"
    assert pending_uploads(uow=container.uow()) == []


@pytest.mark.parametrize(
    ("data", "file", "status", "field"),
    [
        ({"kind": "schools"}, ("a.xlsx", b"PK.."), 422, "kind"),
        ({"kind": "people"}, ("a.pdf", b"%PDF"), 422, "file"),
        ({"kind": "people"}, ("a.xlsx", b""), 422, "file"),
    ],
)
def test_a_bad_upload_names_the_field_and_records_nothing(
    client: TestClient, container: Container, data, file, status, field
) -> None:
    response = client.post("/imports", data=data, files={"file": file})
    assert response.status_code == status
    assert response.json()["field"] == field
    assert pending_uploads(uow=container.uow()) == []


def test_an_unknown_batch_is_a_404_with_a_plain_message(client: TestClient) -> None:
    response = client.get("/imports/999")
    assert response.status_code == 404
    assert response.json() == {"code": "batch_not_found", "detail": "There is no import batch 999."}
