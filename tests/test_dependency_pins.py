"""Pins that keep Prefect's own server working (docs/decisions/0003-fastapi-pin.md).

Prefect 3.8's server, which ``tfe serve`` and ``tfe demo`` run beside the app, breaks with
newer FastAPI releases in two ways measured here: from 0.151 an explicit ``null`` in a
request body no longer falls back to the parameter's default (Prefect's own client sends
``"limit": null``), and from 0.155 its routes fail to build (``min_items``).
"""

from __future__ import annotations

from importlib.metadata import version

from fastapi import Body, FastAPI
from fastapi.testclient import TestClient


def test_prefects_server_routes_build_with_the_installed_fastapi() -> None:
    from prefect.server.api.server import create_app

    assert create_app(ephemeral=True) is not None


def test_a_null_limit_falls_back_to_prefects_default() -> None:
    from prefect.server.api.dependencies import LimitBody

    app = FastAPI()

    # The shape of Prefect's own POST /work_pools/{name}/workers/filter.
    @app.post("/filter")
    def read(limit: int = LimitBody(), offset: int = Body(0, ge=0)) -> dict[str, int]:
        return {"limit": limit, "offset": offset}

    with TestClient(app) as client:
        response = client.post("/filter", json={"limit": None, "offset": None})
    assert response.status_code == 200, f"FastAPI {version('fastapi')} breaks Prefect's server"
    assert response.json()["limit"] > 0
