"""The matching API: the review queue, decisions that take effect at once (404 / 409 with
clear messages), undoing a link, and a household's links."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from imports.linkage.model import Thresholds
from tests.support import match_lists, signed_in
from workflow.bootstrap import Container

from .helpers import forget_exact_links, intel, rows


@pytest.fixture
def client(imported: Container) -> Iterator[TestClient]:
    """This council lets its data officers see the police's references for nominals."""
    settings = imported.settings.model_copy(
        update={"intelligence_roles": "manager,senior_manager,data_officer"}
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_by_default_a_data_officer_reviews_without_the_polices_references(
    STAFF: dict[str, str], imported: Container
) -> None:
    forget_exact_links(imported)
    match_lists(imported, actor="officer", thresholds=Thresholds(upper=100.0, lower=-10.0))
    with TestClient(create_app(imported.settings)) as default:
        pairs = default.get("/matching/reviews", headers=STAFF).json()["pairs"]
    assert pairs and all(p["nominal"]["nominal_ref"] is None for p in pairs)
    assert pairs[0]["nominal"]["forename"] and pairs[0]["person"]["person_ref"]


@pytest.fixture
def STAFF(imported: Container) -> dict[str, str]:
    return signed_in(imported, "S00042", "data_officer")


def test_the_queue_lists_pairs_side_by_side_and_a_decision_applies_at_once(
    client: TestClient, STAFF: dict[str, str], imported: Container
) -> None:
    forget_exact_links(imported)
    match_lists(imported, actor="officer", thresholds=Thresholds(upper=100.0, lower=-10.0))
    pairs = client.get("/matching/reviews", headers=STAFF).json()["pairs"]
    assert pairs and pairs[0]["nominal"]["nominal_ref"] and pairs[0]["person"]["person_ref"]
    assert pairs[0]["evidence"]["fields"][0]["field"] == "forename"
    chosen = pairs[0]
    answer = client.post(
        f"/matching/reviews/{chosen['review_id']}/decision",
        json={"decision": "accept", "reason": "same date of birth and address"},
        headers=STAFF,
    )
    assert answer.status_code == 200 and answer.json()["status"] == "applied"
    assert answer.json()["households_changed"]
    # No matching run in between: the link and the household's flag are there already.
    linked = intel(imported).set_index("nominal_ref").loc[chosen["nominal"]["nominal_ref"]]
    assert (linked["linked"], linked["link_method"]) == (chosen["person"]["person_ref"], "reviewed")
    flags = rows(imported, "SELECT nominal_ref FROM intel_household_flags")["nominal_ref"]
    assert chosen["nominal"]["nominal_ref"] in set(flags)
    decided = rows(imported, "SELECT decided_by, reason, applied_at FROM match_decisions")
    assert decided.iloc[0, 0] == "S00042" and decided.iloc[0, 1].startswith("same date")
    assert decided.iloc[0, 2] is not None
    again = client.post(
        f"/matching/reviews/{chosen['review_id']}/decision",
        json={"decision": "reject"},
        headers=STAFF,
    )
    assert again.status_code == 409 and again.json()["code"] == "pair_already_decided"
    # The accepted pair survives a later run.
    match_lists(imported, actor="officer")
    linked = intel(imported).set_index("nominal_ref").loc[chosen["nominal"]["nominal_ref"]]
    assert linked["linked"] == chosen["person"]["person_ref"]


def test_a_link_undone_through_the_api_takes_its_flags_and_never_comes_back(
    client: TestClient, STAFF: dict[str, str], imported: Container
) -> None:
    forget_exact_links(imported)
    match_lists(imported, actor="officer")
    link = rows(imported, "SELECT id, nominal_ref FROM match_links WHERE undone_at IS NULL")
    link_id, nominal_ref = int(link.iloc[0, 0]), str(link.iloc[0, 1])
    refused = client.post(f"/matching/links/{link_id}/undo", json={}, headers=STAFF)
    assert refused.status_code == 422 and "reason" in refused.text
    answer = client.post(
        f"/matching/links/{link_id}/undo", json={"reason": "different person"}, headers=STAFF
    )
    assert answer.status_code == 200 and answer.json()["households_changed"]
    flags = rows(imported, "SELECT nominal_ref FROM intel_household_flags")["nominal_ref"]
    assert nominal_ref not in set(flags)
    match_lists(imported, actor="officer")
    assert pd.isna(intel(imported).set_index("nominal_ref").loc[nominal_ref, "linked"])
    gone = client.post(
        f"/matching/links/{link_id}/undo", json={"reason": "different person"}, headers=STAFF
    )
    assert gone.status_code == 404 and gone.json()["code"] == "link_not_found"


def test_a_decision_on_a_pair_that_no_longer_exists_is_a_404(
    client: TestClient, STAFF: dict[str, str]
) -> None:
    answer = client.post(
        "/matching/reviews/424242/decision", json={"decision": "reject"}, headers=STAFF
    )
    assert answer.status_code == 404
    assert answer.json()["detail"].startswith("Pair 424242 is not in the review queue")
    bad = client.post("/matching/reviews/1/decision", json={"decision": "maybe"}, headers=STAFF)
    assert bad.status_code == 422


def test_a_households_links_show_flags_roles_and_evidence(
    client: TestClient, STAFF: dict[str, str], imported: Container
) -> None:
    match_lists(imported, actor="officer")
    household = rows(
        imported,
        "SELECT h.household_ref FROM match_links l JOIN households h ON h.id = l.household_id",
    ).iloc[0, 0]
    found = client.get(f"/households/{household}/links", headers=STAFF).json()
    assert found["links"][0]["method"] == "probabilistic"
    assert found["links"][0]["evidence"]["fields"]
    assert all(f["role"] != "gang" for f in found["flags"]) and found["flags"]
    assert client.get("/households/H999999/links", headers=STAFF).status_code == 404
