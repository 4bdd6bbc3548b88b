"""Signing in: passwords, lockout, sessions and their expiry, CSRF, API tokens, sign-out,
and the ``tfe users`` commands. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json

from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.web.conftest import PASSWORD, Web, csrf_of, page, sign_in
from workflow.accounts.service import (
    SignInRefused,
    disable_user,
    issue_token,
    reset_password,
)
from workflow.accounts.service import sign_in as service_sign_in
from workflow.db.models import AuditEvent, UserAccount, WebSession
from workflow.principal import SYSTEM


def test_the_home_page_sends_a_visitor_to_sign_in(app_client: TestClient) -> None:
    home = app_client.get("/")
    assert (home.status_code, home.headers["location"]) == (303, "/sign-in")
    form = page(app_client.get("/sign-in").text)
    assert form.h1.get_text() == "Sign in"
    assert form.title.get_text() == "Sign in – Early help: family keywork"
    assert [label.get_text().strip() for label in form.select("label")] == ["Username", "Password"]
    assert "GOV.UK" not in form.get_text() and not form.select(".govuk-header__logotype")


def test_a_keyworker_signs_in_lands_on_their_work_and_signs_out(
    app_client: TestClient, web: Web
) -> None:
    form = app_client.get("/sign-in")
    visitor_cookie = app_client.cookies["tfe_session"]
    answer = app_client.post(
        "/sign-in",
        data={"username": "KW1", "password": PASSWORD, "csrf_token": csrf_of(form.text)},
    )
    assert (answer.status_code, answer.headers["location"]) == (303, "/my-work")
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=lax" in cookie
    assert app_client.cookies["tfe_session"] != visitor_cookie  # a new session at sign-in
    work = page(app_client.get("/my-work").text)
    assert "Signed in as KW1 Worker (keyworker)." in work.select_one("#signed-in").get_text()
    assert [a.get_text() for a in work.select("ul.govuk-list a")] == ["H1"]
    out = app_client.post("/sign-out", data={"csrf_token": csrf_of(str(work))})
    assert (out.status_code, out.headers["location"]) == (303, "/sign-in?signed_out=1")
    again = app_client.get("/my-work")
    assert again.status_code == 303 and again.headers["location"].startswith("/sign-in")
    with web.container.engine.connect() as connection:
        actions = connection.execute(
            select(AuditEvent.action, AuditEvent.entity_id)
            .where(AuditEvent.entity_type == "user")
            .where(AuditEvent.action.in_(["sign_in", "sign_out"]))
            .order_by(AuditEvent.id)
        ).all()
    assert [tuple(a) for a in actions] == [("sign_in", "kw1"), ("sign_out", "kw1")]


def test_a_wrong_password_is_one_plain_message_and_five_lock_the_account(
    app_client: TestClient, web: Web
) -> None:
    for attempt in range(5):
        form = app_client.get("/sign-in")
        answer = app_client.post(
            "/sign-in",
            data={"username": "kw1", "password": "wrong", "csrf_token": csrf_of(form.text)},
        )
        assert answer.status_code == 401, attempt
        shown = page(answer.text)
        assert shown.title.get_text().startswith("Error: Sign in")
        summary = shown.select_one(".govuk-error-summary")
        assert summary.select_one("a")["href"] == "#username"
        assert summary.select_one("a").get_text() == "The username or password is not right."
        assert "wrong" not in answer.text.replace("wrong password", "")
    form = app_client.get("/sign-in")
    locked = app_client.post(
        "/sign-in", data={"username": "kw1", "password": PASSWORD, "csrf_token": csrf_of(form.text)}
    )
    assert locked.status_code == 401
    assert "locked after too many wrong passwords. Try again in 15 minutes" in locked.text
    web.clock.advance(dt.timedelta(minutes=16))
    assert sign_in(app_client, "kw1")  # the lock has lifted


def test_an_unknown_user_gets_the_same_message(app_client: TestClient) -> None:
    form = app_client.get("/sign-in")
    answer = app_client.post(
        "/sign-in", data={"username": "nobody", "password": "x", "csrf_token": csrf_of(form.text)}
    )
    assert answer.status_code == 401
    assert "The username or password is not right." in answer.text


def test_the_delay_grows_after_the_second_failure(web: Web) -> None:
    delays = []
    for _ in range(5):
        try:
            service_sign_in("kw2", "wrong", uow=web.container.uow(), clock=web.clock)
        except SignInRefused as refused:
            delays.append(refused.delay)
    assert delays == [0.0, 0.0, 1.0, 2.0, 4.0]


def test_a_form_without_its_csrf_token_changes_nothing(app_client: TestClient, web: Web) -> None:
    sign_in(app_client, "kw1")
    for data in ({"kind": "contact"}, {"kind": "contact", "csrf_token": "forged"}):
        answer = app_client.post("/families/H1/records", data=data)
        assert answer.status_code == 403
        assert page(answer.text).h1.get_text() == "Your form could not be sent"
    json_answer = app_client.post("/households/H1/records", json={"kind": "contact"})
    assert (json_answer.status_code, json_answer.json()["code"]) == (403, "csrf_refused")
    with web.container.engine.connect() as connection:
        recorded = connection.execute(
            select(AuditEvent.id).where(AuditEvent.action == "case_recorded")
        ).all()
    assert recorded == []
    # The header works as well as the hidden field.
    token = csrf_of(app_client.get("/my-work").text)
    sent = app_client.post(
        "/households/H1/records", json={"kind": "contact"}, headers={"X-CSRF-Token": token}
    )
    assert sent.status_code == 201, sent.text


def test_a_sign_in_form_without_its_token_is_refused(app_client: TestClient) -> None:
    app_client.get("/sign-in")
    answer = app_client.post("/sign-in", data={"username": "kw1", "password": PASSWORD})
    assert answer.status_code == 403
    assert page(answer.text).h1.get_text() == "Your form could not be sent"


def test_a_session_ends_after_30_minutes_idle_and_12_hours_in_all(
    app_client: TestClient, web: Web
) -> None:
    sign_in(app_client, "kw1")
    web.clock.advance(dt.timedelta(minutes=29))
    assert app_client.get("/my-work").status_code == 200
    web.clock.advance(dt.timedelta(minutes=31))
    ended = app_client.get("/my-work")
    assert ended.headers["location"] == "/sign-in?next=/my-work&expired=1"
    shown = app_client.get(ended.headers["location"])
    assert "Your session has ended" in shown.text
    sign_in(app_client, "kw1")
    for _ in range(25):  # busy all day: still ends 12 hours after sign-in
        web.clock.advance(dt.timedelta(minutes=29))
        app_client.get("/my-work")
    assert app_client.get("/my-work").status_code == 303
    assert app_client.get("/households/H1").status_code == 401


def test_an_api_token_reads_within_its_scope_and_expiry(app_client: TestClient, web: Web) -> None:
    read = issue_token(
        "kw1",
        name="reports",
        scope="read",
        days=1,
        uow=web.container.uow(),
        clock=web.clock,
        actor=SYSTEM,
    )
    auth = {"Authorization": f"Bearer {read.token}"}
    assert app_client.get("/households/H1", headers=auth).status_code == 200
    refused = app_client.post("/households/H1/records", json={"kind": "contact"}, headers=auth)
    assert (refused.status_code, refused.json()["code"]) == (403, "insufficient_scope")
    web.clock.advance(dt.timedelta(days=1))
    expired = app_client.get("/households/H1", headers=auth)
    assert (expired.status_code, expired.json()["code"]) == (401, "token_refused")
    with web.container.engine.connect() as connection:
        stored = connection.execute(select(UserAccount.id)).all()
        sessions = connection.execute(select(WebSession.digest)).scalars().all()
    assert stored and read.token not in sessions


def test_a_disabled_account_loses_its_sessions_and_tokens(app_client: TestClient, web: Web) -> None:
    token = issue_token(
        "kw1", name="x", scope="read", uow=web.container.uow(), clock=web.clock, actor=SYSTEM
    ).token
    sign_in(app_client, "kw1")
    disable_user("kw1", uow=web.container.uow(), clock=web.clock, actor=SYSTEM)
    assert app_client.get("/my-work").status_code == 303
    gone = app_client.get("/households/H1", headers={"Authorization": f"Bearer {token}"})
    assert gone.status_code == 401
    new = "a brand new passphrase"
    reset_password("kw1", new, uow=web.container.uow(), clock=web.clock, actor=SYSTEM)
    assert sign_in(app_client, "kw1", new)


def test_json_api_without_sign_in_is_401(app_client: TestClient) -> None:
    for url in ("/households", "/matching/reviews", "/imports", "/tasks"):
        answer = app_client.get(url)
        assert (answer.status_code, answer.json()["code"]) == (401, "not_signed_in"), url
    assert app_client.get("/health").status_code == 200


def test_the_users_commands_add_reset_issue_and_disable(web: Web, capsys) -> None:
    from tfe.cli import main

    where = ["--database-url", web.container.settings.effective_database_url]
    where += ["--data-dir", str(web.container.settings.data_dir)]
    assert main(["users", "add", "newadmin", "--role", "admin", "--json", *where]) == 0
    added = json.loads(capsys.readouterr().out)
    assert (added["username"], added["roles"], len(added["password"])) == (
        "newadmin",
        ["admin"],
        16,
    )
    assert (
        main(
            [
                "users",
                "token",
                "newadmin",
                "--name",
                "feed",
                "--scope",
                "read write",
                "--json",
                *where,
            ]
        )
        == 0
    )
    token = json.loads(capsys.readouterr().out)
    assert token["scope"] == "read write" and token["token"].startswith("tfe_")
    assert main(["users", "reset", "newadmin", "--json", *where]) == 0
    reset = json.loads(capsys.readouterr().out)
    assert reset["password"] != added["password"]
    assert main(["users", "disable", "newadmin", *where]) == 0
    assert "newadmin can no longer sign in." in capsys.readouterr().out
    assert main(["users", "add", "KW1", "--staff-ref", "KW1", *where]) == 1
    assert "There is already an account ‘KW1’." in capsys.readouterr().err
