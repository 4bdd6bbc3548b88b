"""The heart through the API: a manager allocates, a keyworker works the family, and every
refusal is an answer in the project's shape, never a server error."""

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


def test_a_manager_allocates_and_a_keyworker_moves_the_family_on(
    client: TestClient, who: Tokens
) -> None:
    listed = client.get("/households", params={"unallocated": True}, headers=who[MGR]).json()
    assert [h["household_ref"] for h in listed["households"]] == ["H1", "H2", "H3"]
    assigned = client.post(
        "/households/H1/champion", json={"staff_ref": "KW1", "reason": "fit"}, headers=who[MGR]
    )
    assert assigned.status_code == 200 and assigned.json()["allocated"] is True
    recorded = client.post(
        "/households/H1/records", json={"kind": "contact", "note": "visit"}, headers=who[KW]
    )
    assert recorded.status_code == 201 and recorded.json()["tasks_completed"] == 1
    moved = client.post(
        "/households/H1/moves",
        json={"trigger": "start_assessment", "reason": "first visit"},
        headers=who[KW],
    )
    assert moved.json()["to_state"] == "assessment"
    page = client.get("/households/H1", headers=who[KW]).json()
    assert (page["state"], page["champion"]["staff_ref"]) == ("assessment", "KW1")
    tasks = client.get("/tasks", params={"worker": "KW1"}, headers=who[KW]).json()["tasks"]
    assert [t["task"] for t in tasks] == ["whole_family_assessment"]
    done = client.post(f"/tasks/{tasks[0]['task_id']}/done", headers=who[KW])
    assert done.json()["status"] == "done"


@pytest.mark.parametrize(
    ("method", "url", "body", "headers", "status", "code"),
    [
        (
            "post",
            "/households/H1/champion",
            {"staff_ref": "KW1", "reason": "x"},
            KW,  # H1 waits for a champion: not KW1's family, so not there for them
            404,
            "household_not_found",
        ),
        (
            "post",
            "/households/H1/moves",
            {"trigger": "claim", "reason": "x"},
            MGR,
            409,
            "transition_refused",
        ),
        (
            "post",
            "/households/H9/moves",
            {"trigger": "close", "reason": "disengaged"},
            MGR,
            404,
            "household_not_found",
        ),
        (
            "post",
            "/households/H1/moves",
            {"trigger": "start_assessment", "reason": "x", "effective_on": "01/01/2099"},
            MGR,
            422,
            "effective_date_refused",
        ),
        ("post", "/households/H1/records", {"kind": "gossip"}, MGR, 422, "invalid_request"),
        (
            "post",
            "/households/H1/champion",
            {"staff_ref": "NOBODY", "reason": "x"},
            MGR,
            409,
            "assignment_refused",
        ),
        ("post", "/tasks/999/done", None, KW, 409, "task_refused"),
        (
            "post",
            "/households/H1/moves",
            {"trigger": "close", "reason": "a\\x00b"},
            MGR,
            422,
            "control_characters",
        ),
    ],
)
def test_refusals_answer_in_the_projects_shape(
    client: TestClient, who: Tokens, method: str, url: str, body, headers, status: int, code: str
) -> None:
    if isinstance(body, dict) and "reason" in body:
        body = {**body, "reason": body["reason"].replace("\\x00", "\x00")}
    answer = getattr(client, method)(url, json=body, headers=who[headers])
    assert (answer.status_code, answer.json()["code"]) == (status, code), answer.text
    assert answer.json()["detail"]


def test_tiers_strand_and_enforcement_through_the_api(
    client: TestClient, heart: Heart, who: Tokens
) -> None:
    from tests.heart.test_allocate_and_move import to_active

    to_active(heart, "H1")
    up = client.post(
        "/households/H1/tier", json={"trigger": "step_up", "reason": "no progress"}, headers=who[KW]
    )
    assert up.status_code == 200 and (up.json()["from_tier"], up.json()["to_tier"]) == (
        "bronze",
        "silver",
    )
    recorded = client.post(
        "/households/H1/enforcement", json={"agency": "police", "reason": "order"}, headers=who[KW]
    )
    assert recorded.status_code == 201  # keyworkers may record enforcement beside their work
    unknown = client.post(
        "/households/H1/enforcement", json={"agency": "army", "reason": "x"}, headers=who[MGR]
    )
    assert unknown.status_code == 422 and "agency" in unknown.text
    bad_version = client.post(
        "/households/H1/pathway",
        json={"version": "nope", "reason": "new pathway"},
        headers=who[MGR],
    )
    assert bad_version.status_code == 404 and "nope" in bad_version.text
    page = client.get("/households/H1", headers=who[KW]).json()
    assert page["tier"] == "silver"
