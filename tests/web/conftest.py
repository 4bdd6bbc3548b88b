"""A borough for the web app: the heart's three families and team North, plus a keyworker
in team South, and one account per role with a known password.

    H1: champion KW1 (North)      H2: champion KW9 (South)      H3: waiting for a champion

Accounts (password ``PASSWORD`` for all): KW1 keyworker, KW2 keyworker (North), KW9
keyworker (South), MGR1 manager (North), SM1 senior manager, FIN1 finance, DO1 data
officer, AUD1 auditor, ADM1 admin.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import insert

from api.app import create_app
from tests.heart.conftest import CLOCK, PATHWAYS, Heart, heart  # noqa: F401
from workflow.accounts.service import add_user
from workflow.allocation.assignments import assign_champion
from workflow.clock import FixedClock
from workflow.db.models import Staff, Team
from workflow.principal import SYSTEM

PASSWORD = "correct horse battery"
ROLES = {  # account -> the role it stands for in the tests
    "KW1": "keyworker",
    "MGR1": "manager",
    "SM1": "senior_manager",
    "FIN1": "finance",
    "DO1": "data_officer",
    "AUD1": "auditor",
    "ADM1": "admin",
}


@dataclass
class Web:
    heart: Heart
    clock: FixedClock

    @property
    def container(self):
        return self.heart.container


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item):
    """Each phase's report on the test item, so a browser fixture can save a screenshot
    when the test itself failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def web(heart: Heart) -> Web:  # noqa: F811
    container = heart.container
    with container.uow() as uow:
        c = uow.connection
        south = c.execute(insert(Team).values(name="South").returning(Team.id)).scalar_one()
        for ref, role, team, capacity in (
            ("KW9", "keyworker", south, 12),
            ("SM1", "senior_manager", None, 0),
            ("FIN1", "finance", None, 0),
            ("DO1", "data_officer", None, 0),
            ("AUD1", "auditor", None, 0),
            ("ADM1", "admin", None, 0),
        ):
            c.execute(
                insert(Staff).values(
                    staff_ref=ref,
                    name=f"{ref} Person",
                    email=f"{ref.lower()}@example.invalid",
                    role=role,
                    team_id=team,
                    capacity_units=capacity,
                )
            )
        uow.commit()
    for ref in ("KW1", "KW2", "KW9", "MGR1", "SM1", "FIN1", "DO1", "AUD1", "ADM1"):
        add_user(
            ref.lower(),
            display_name=f"{ref} Person",
            password=PASSWORD,
            staff_ref=ref,
            uow=container.uow(),
            actor=SYSTEM,
        )
    for household, keyworker in (("H1", "KW1"), ("H2", "KW9")):
        assign_champion(
            household,
            keyworker,
            uow=container.uow(),
            clock=CLOCK,
            actor=SYSTEM,
            reason="test allocation",
            pathways=PATHWAYS,
        )
    return Web(heart, FixedClock(CLOCK.now()))


@pytest.fixture
def app_client(web: Web) -> Iterator[TestClient]:
    """The app over https (its session cookie is Secure), on the tests' clock."""
    app = create_app(
        web.container.settings.model_copy(update={"sign_in_delay": False}), clock=web.clock
    )
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        yield client


def csrf_of(html: str) -> str:
    field = BeautifulSoup(html, "html.parser").select_one("input[name=csrf_token]")
    assert field is not None, "the page has no CSRF field"
    return str(field["value"])


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Sign in through the form; returns the session's CSRF token for later forms."""
    page = client.get("/sign-in")
    answer = client.post(
        "/sign-in",
        data={"username": username, "password": password, "csrf_token": csrf_of(page.text)},
    )
    assert answer.status_code == 303, answer.text
    landed = client.get(answer.headers["location"])
    assert landed.status_code == 200, landed.text
    return csrf_of(landed.text)


def page(html: str) -> BeautifulSoup:
    """The page, once it has exactly one h1 and its <title> starts with the h1's words."""
    soup = BeautifulSoup(html, "html.parser")
    [h1] = soup.find_all("h1")
    title = soup.title.get_text().strip() if soup.title else ""
    assert title.removeprefix("Error: ").startswith(h1.get_text().strip()), (title, h1)
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), "duplicate ids"
    return soup
