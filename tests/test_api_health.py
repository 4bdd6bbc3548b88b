"""The web app starts from settings and reports its database's state honestly."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.app import create_app
from workflow.db.migrate import head_revision, upgrade
from workflow.settings import Settings


def test_health_is_ok_on_a_migrated_database(settings: Settings, migrated_engine) -> None:
    with TestClient(create_app(settings)) as client:
        response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["schema_revision"] == head_revision()


def test_health_says_when_the_schema_needs_migrating(settings: Settings, engine) -> None:
    with TestClient(create_app(settings)) as client:
        response = client.get("/health")
        assert response.status_code == 503
        assert "tfe db upgrade" in response.json()["detail"]
        upgrade(engine)
        assert client.get("/health").status_code == 200


def test_health_says_when_the_database_is_unreachable(tmp_path) -> None:
    settings = Settings(data_dir=tmp_path, database_url="postgresql://nobody@127.0.0.1:1/none")
    with TestClient(create_app(settings)) as client:
        response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["status"] == "database_unavailable"
    assert "nobody" not in response.text  # no connection details leak to callers
