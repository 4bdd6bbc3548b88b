"""Champions through the API: a manager asks for suggestions, makes a proposal, reviews
and applies it; a leaver's caseload is rebalanced; refusals are answers, never errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.heart.conftest import Heart
from tests.support import Tokens

MGR = "MGR1"
KW = "KW1"


@pytest.fixture
def client(heart: Heart):
    with TestClient(create_app(heart.container.settings)) as client:
        yield client


@pytest.fixture
def who(heart: Heart) -> Tokens:
    return Tokens(heart.container)


def test_a_manager_allocates_the_backlog_with_one_reviewed_proposal(
    client: TestClient, who: Tokens
) -> None:
    suggested = client.get("/households/H1/suggestions", headers=who[MGR])
    assert suggested.status_code == 200
    assert [s["staff_ref"] for s in suggested.json()["suggestions"]] == ["KW1", "KW2"]

    made = client.post("/allocation/proposals", json={}, headers=who[MGR])
    assert made.status_code == 201
    proposal = made.json()
    assert (proposal["status"], proposal["families"], proposal["unassigned"]) == ("proposed", 3, 0)
    shown = client.get(f"/allocation/proposals/{proposal['id']}", headers=who[MGR]).json()
    assert sorted(item["household_ref"] for item in shown["items"]) == ["H1", "H2", "H3"]

    applied = client.post(
        f"/allocation/proposals/{proposal['id']}/apply",
        json={"changes": {"H3": None}, "reason": "H3 waits"},
        headers=who[MGR],
    )
    assert applied.status_code == 200
    assert applied.json() == {
        "proposal_id": proposal["id"], "assigned": 2, "edited": 1, "left_unassigned": 1,
        "allocated": 2,
    }  # fmt: skip
    again = client.post(f"/allocation/proposals/{proposal['id']}/apply", json={}, headers=who[MGR])
    assert again.status_code == 409 and again.json()["code"] == "proposal_refused"
    listed = client.get("/allocation/proposals", headers=who[MGR]).json()["proposals"]
    assert [p["status"] for p in listed] == ["applied"]


def test_a_leaver_is_recorded_and_their_families_rebalanced(
    client: TestClient, who: Tokens
) -> None:
    client.post(
        "/households/H1/champion", json={"staff_ref": "KW1", "reason": "fit"}, headers=who[MGR]
    )
    left = client.post("/staff/KW1/leave", json={"reason": "new job"}, headers=who[MGR])
    assert left.status_code == 200 and left.json()["families_to_move"] == 1
    made = client.post("/staff/KW1/rebalance", headers=who[MGR])
    assert made.status_code == 201 and made.json()["kind"] == "rebalance"
    assert [i["staff_ref"] for i in made.json()["items"]] == ["KW2"]
    staff = client.get("/staff", headers=who[MGR]).json()["staff"]
    assert "KW1" not in [m["staff_ref"] for m in staff]


@pytest.mark.parametrize(
    ("method", "url", "body", "headers", "status", "code"),
    [
        ("post", "/allocation/proposals", {}, KW, 403, "not_allowed"),
        ("get", "/allocation/proposals/99", None, MGR, 404, "proposal_not_found"),
        ("post", "/allocation/proposals/99/apply", {}, MGR, 404, "proposal_not_found"),
        ("post", "/allocation/proposals/0/apply", {}, MGR, 422, "invalid_request"),
        ("post", "/allocation/proposals/1/reject", {"reason": ""}, MGR, 422, "invalid_request"),
        ("post", "/staff/NOBODY/rebalance", None, MGR, 409, "proposal_refused"),
        ("post", "/staff/KW1/leave", {"reason": "x"}, KW, 403, "not_allowed"),
        ("get", "/households/H9/suggestions", None, MGR, 404, "household_not_found"),
        ("get", "/households/H1/suggestions?limit=500", None, MGR, 422, "invalid_request"),
    ],
)
def test_bad_requests_are_answered_in_plain_words(
    client: TestClient,
    who: Tokens,
    method: str,
    url: str,
    body: object,
    headers: str,
    status: int,
    code: str,
) -> None:
    response = client.request(method, url, json=body, headers=who[headers])
    assert response.status_code == status, response.text
    assert response.json()["code"] == code
    assert response.json()["detail"]


def test_an_empty_reason_is_named(client: TestClient, who: Tokens) -> None:
    response = client.post("/allocation/proposals/1/reject", json={"reason": " "}, headers=who[MGR])
    assert response.status_code == 422
    assert response.json()["detail"] == "‘reason’ can't be empty."
    assert response.json()["field"] == "reason"
