"""Each role's pages in the test client: what they show, and the forms that change things
(through the same services as the API), with refusals shown at the form."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.web.conftest import Web, csrf_of, page, sign_in
from workflow.db.models import AuditEvent, CaseRecord, HouseholdEpisode, ImportBatch


@pytest.mark.parametrize(
    ("username", "landing", "h1", "nav"),
    [
        ("kw1", "/my-work", "My work", ["My work"]),
        ("mgr1", "/team", "My team", ["My team"]),
        ("sm1", "/team", "My team", ["My team", "Claims"]),
        ("fin1", "/finance", "Claims", ["Claims"]),
        ("do1", "/data/imports", "Imports", ["Imports", "Matching reviews"]),
        ("aud1", "/audit", "Audit", ["Audit", "Who saw a family"]),
        ("adm1", "/admin", "Accounts", ["Who saw a family", "Accounts"]),
    ],
)
def test_each_role_lands_on_its_own_page(
    app_client: TestClient, username: str, landing: str, h1: str, nav: list[str]
) -> None:
    sign_in(app_client, username)
    home = app_client.get("/")
    assert home.headers["location"] == landing
    shown = page(app_client.get(landing).text)
    assert shown.h1.get_text() == h1
    links = [
        a.get_text().strip()
        for a in shown.select(".govuk-service-navigation__item .govuk-service-navigation__link")
    ]
    assert links == nav


def test_a_keyworker_records_a_contact_and_moves_the_family_on(
    app_client: TestClient, web: Web
) -> None:
    sign_in(app_client, "kw1")
    family = page(app_client.get("/families/H1").text)
    assert family.h1.get_text() == "Family H1"
    rows = {
        dt.get_text().strip(): dd.get_text().strip()
        for dt, dd in zip(
            family.select(".govuk-summary-list__key"),
            family.select(".govuk-summary-list__value"),
            strict=True,
        )
    }
    assert rows == {
        "State": "allocated",
        "Tier": "None yet",
        "Champion": "KW1 Worker (KW1), since 23/11/2026",
        "Police intelligence": "None known",
    }
    token = csrf_of(str(family))
    saved = app_client.post(
        "/families/H1/records",
        data={"kind": "contact", "note": "<script>alert(1)</script>", "csrf_token": token},
    )
    assert (saved.status_code, saved.headers["location"]) == (303, "/families/H1?done=recorded")
    after = app_client.get(saved.headers["location"])
    assert "Your record was saved." in after.text
    moved = app_client.post(
        "/families/H1/moves",
        data={"trigger": "start_assessment", "move_reason": "first visit", "csrf_token": token},
    )
    assert moved.headers["location"] == "/families/H1?done=moved"
    with web.container.engine.connect() as connection:
        kinds = connection.execute(select(CaseRecord.kind, CaseRecord.summary)).all()
        states = connection.execute(select(HouseholdEpisode.state)).scalars().all()
    assert [tuple(k) for k in kinds] == [("contact", "<script>alert(1)</script>")]
    assert sorted(str(s) for s in states) == ["allocated", "assessment", "eligible"]
    shown = page(app_client.get("/families/H1").text)
    assert shown.select(".govuk-summary-list__value")[0].get_text().strip() == "assessment"


def test_a_refused_move_is_shown_at_the_form_and_changes_nothing(app_client: TestClient) -> None:
    token = sign_in(app_client, "kw1")
    refused = app_client.post(
        "/families/H1/moves",
        data={"trigger": "evidence_progress", "move_reason": "x", "csrf_token": token},
    )
    assert refused.status_code == 422
    shown = page(refused.text)
    assert shown.title.get_text().startswith("Error: Family H1")
    link = shown.select_one(".govuk-error-summary a")
    assert link["href"] == "#trigger"
    assert shown.select_one("#trigger-error") is not None
    empty = app_client.post("/families/H1/moves", data={"csrf_token": token})
    errors = [a.get_text() for a in page(empty.text).select(".govuk-error-summary a")]
    assert errors == [
        "Choose the step the family has reached",
        "Say why (for a closure, the closure reason)",
    ]


def test_text_from_people_is_escaped_on_the_page(app_client: TestClient) -> None:
    token = sign_in(app_client, "kw1")
    app_client.post(
        "/families/H1/moves",
        data={
            "trigger": "start_assessment",
            "move_reason": '<img src=x onerror="alert(1)">',
            "csrf_token": token,
        },
    )
    html = app_client.get("/families/H1").text
    assert '<img src=x onerror="alert(1)">' not in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html


def test_a_keyworker_asking_for_another_teams_family_gets_404_and_it_is_logged(
    app_client: TestClient, web: Web
) -> None:
    sign_in(app_client, "kw1")
    for url in ("/families/H2", "/families/H3", "/families/H404"):
        missing = app_client.get(url)
        assert missing.status_code == 404, url
        assert page(missing.text).h1.get_text() == "Page not found"
    with web.container.engine.connect() as connection:
        tried = connection.execute(
            select(AuditEvent.actor, AuditEvent.action, AuditEvent.entity_id)
            .where(AuditEvent.action == "read_refused")
            .order_by(AuditEvent.id)
        ).all()
    assert [tuple(t) for t in tried] == [
        ("KW1", "read_refused", "H2"),
        ("KW1", "read_refused", "H3"),
    ]


def test_a_manager_makes_reviews_and_applies_a_proposal(app_client: TestClient, web: Web) -> None:
    token = sign_in(app_client, "mgr1")
    team = page(app_client.get("/team").text)
    assert [a.get_text() for a in team.select("ul.govuk-list a")][:1] == ["H3"]
    assert "0.25 of 12.0 units" in team.select_one("svg").get_text()
    made = app_client.post("/team/proposals", data={"csrf_token": token})
    assert made.status_code == 303
    shown = page(app_client.get(made.headers["location"]).text)
    assert [i["id"] for i in shown.select("input.govuk-input--width-10")] == ["staff-H3"]
    applied = app_client.post(
        made.headers["location"] + "/apply", data={"csrf_token": token, "staff-H3": "KW1"}
    )
    assert applied.headers["location"] == "/team/proposals?done=applied"
    assert "The proposal was applied." in app_client.get(applied.headers["location"]).text
    family = page(app_client.get("/families/H3").text)
    assert "KW1 Worker (KW1)" in family.get_text()


def test_a_data_officer_uploads_a_file_and_sees_the_queue(app_client: TestClient, web: Web) -> None:
    token = sign_in(app_client, "do1")
    none_chosen = app_client.post("/data/imports", data={"csrf_token": token, "kind": "people"})
    assert none_chosen.status_code == 422
    assert page(none_chosen.text).select_one(".govuk-error-summary a")["href"] == "#file"
    sent = app_client.post(
        "/data/imports",
        data={"csrf_token": token, "kind": "people"},
        files={"file": ("people.csv", b"person_ref,household_ref\nP1,H1\n")},
    )
    assert sent.status_code == 303
    listed = page(app_client.get(sent.headers["location"]).text)
    assert "Your file was received as import" in listed.get_text()
    assert "people.csv (people)" in listed.select_one("tbody").get_text()
    queue = page(app_client.get("/data/reviews").text)
    assert queue.h1.get_text() == "Matching reviews"
    assert "No pair is waiting for review." in queue.get_text()
    with web.container.engine.connect() as connection:
        batches = (
            connection.execute(
                select(ImportBatch.submitted_by).where(ImportBatch.file_name == "people.csv")
            )
            .scalars()
            .all()
        )
    assert batches == ["DO1"]


def test_an_admin_sees_who_read_a_family(app_client: TestClient) -> None:
    sign_in(app_client, "kw1")
    app_client.get("/families/H1")
    app_client.get("/families/H2")
    app_client.cookies.clear()
    sign_in(app_client, "adm1")
    assert app_client.get("/families/H1").status_code == 403  # an admin reads no case record
    shown = page(app_client.get("/admin/readers", params={"household": "H1"}).text)
    rows = [[td.get_text() for td in tr.select("td")][1:] for tr in shown.select("tbody tr")]
    assert rows == [["KW1 (keyworker)", "Read the record", "family page"]]
    other = page(app_client.get("/admin/readers", params={"household": "H2"}).text)
    assert [td.get_text() for td in other.select("tbody td")][1:3] == [
        "KW1 (keyworker)",
        "Tried to read it: refused",
    ]


def test_pages_carry_the_security_headers_and_assets_come_from_the_app(
    app_client: TestClient,
) -> None:
    shown = app_client.get("/sign-in")
    csp = shown.headers["Content-Security-Policy"]
    nonce = page(shown.text).select_one("script[nonce]")["nonce"]
    assert csp == (
        f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; "
        "img-src 'self' data:; font-src 'self'; frame-ancestors 'none'; form-action 'self'; "
        "base-uri 'none'"
    )
    assert shown.headers["X-Frame-Options"] == "DENY"
    soup = page(shown.text)
    sources = [t.get("src") or t.get("href") for t in soup.select("script[src], link[href]")]
    assert sorted(sources) == ["/static/init.mjs", "/static/tfe.css", "data:,"]  # no CDN
    for asset in ("/static/tfe.css", "/static/init.mjs", "/govuk/govuk-frontend.min.js"):
        assert app_client.get(asset).status_code == 200, asset
    assert app_client.get("/no-such-page").status_code == 404
