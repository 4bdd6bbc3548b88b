"""Fuzzing the JSON API from its OpenAPI document (schemathesis 4, positive mode, a bounded
number of examples per operation) on the web borough, signed in with a token of a senior
manager who is also a data officer: no request may end in a server error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from starlette.testclient import TestClient

from api.app import create_app
from tests.support import signed_in
from tests.web.conftest import Web


@pytest.fixture
def api_app(web: Web) -> Iterator[Any]:
    app = create_app(web.container.settings.model_copy(update={"sign_in_delay": False}))
    with TestClient(app):  # runs the lifespan: the app has its container
        yield app


@pytest.fixture
def auth(web: Web) -> dict[str, str]:
    return signed_in(web.container, "FUZZ1", "senior_manager", "data_officer")


def test_the_api_never_answers_with_a_server_error(api_app: Any, auth: dict[str, str]) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", api_app)
    failures: list[str] = []
    statuses: set[int] = set()
    operations = 0
    for found in schema.get_all_operations():
        operation = found.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
        def fuzz(case: Any) -> None:
            response = case.call(headers=auth)
            statuses.add(response.status_code)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path}: {response.status_code}")

        fuzz()
    assert operations >= 38
    assert failures == []
    assert 200 in statuses and 401 not in statuses  # signed in, and really answered
