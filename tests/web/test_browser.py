"""Each role's day in a real browser: Playwright (from PyPI) driving Debian's chromium at
/usr/bin/chromium (``./dev test`` installs it with apt; no browser is ever downloaded).
Every main page passes an axe-core audit (from npm) with no serious or critical
violation. A failing journey leaves a screenshot in the test's folder; with
``WEB_SCREENSHOTS=docs/screenshots`` each role's main page is saved there too."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Page, sync_playwright

from api.app import create_app
from api.pages.render import ROOT
from tests.web.conftest import PASSWORD, Web

CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(web: Web) -> Iterator[str]:
    """The app on localhost (browsers take a Secure cookie from http://localhost)."""
    settings = web.container.settings.model_copy(update={"sign_in_delay": False})
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, clock=web.clock), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the app did not start"
        time.sleep(0.05)
    yield f"http://localhost:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def browser_page(served: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Page]:
    assert Path(CHROMIUM).exists(), "chromium is not installed: apt-get install -y chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        # axe-core is injected as an inline script, which the pages' CSP (rightly) refuses.
        page = browser.new_page(base_url=served, bypass_csp=True)
        page.set_default_timeout(15_000)
        yield page
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
        browser.close()


def audit(page: Page, name: str) -> None:
    """No serious or critical accessibility violation on the page (axe-core)."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async () => (await axe.run(document)).violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )
    assert found == [], f"{name}: {found}"
    folder = os.environ.get("WEB_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def sign_in(page: Page, username: str) -> None:
    page.goto("/")
    assert page.title() == "Sign in – Early help: family keywork"
    audit(page, "sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"


def test_a_keyworker_records_a_contact_and_completes_a_task(browser_page: Page) -> None:
    page = browser_page
    sign_in(page, "kw1")
    assert page.get_by_role("heading", level=1).inner_text() == "My work"
    audit(page, "keyworker-my-work")
    page.get_by_role("link", name="H1").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Family H1"
    audit(page, "keyworker-family")
    page.get_by_label("Contact with the family").check()
    page.get_by_label("Note (optional)").fill("Home visit: <b>all well</b>")
    page.get_by_role("button", name="Save the record").click()
    assert page.get_by_text("Your record was saved.").is_visible()
    # A move with no step chosen: the error summary names the field and takes focus.
    page.get_by_role("button", name="Move the family on").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible() and page.title().startswith("Error: Family H1")
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    audit(page, "keyworker-family-errors")
    sign_out(page)


def test_a_manager_applies_an_allocation_proposal(browser_page: Page) -> None:
    page = browser_page
    sign_in(page, "mgr1")
    assert page.get_by_role("heading", level=1).inner_text() == "My team"
    audit(page, "manager-team")
    page.get_by_role("link", name="Allocate them with one proposal").click()
    page.get_by_role("button", name="Make a proposal").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Allocation proposal")
    audit(page, "manager-proposal")
    page.get_by_label("Champion for H3").fill("KW1")
    page.get_by_role("button", name="Apply the proposal").click()
    assert page.get_by_text("The proposal was applied.").is_visible()
    sign_out(page)


@pytest.mark.parametrize(
    ("username", "h1", "second"),
    [
        ("do1", "Imports", "Matching reviews"),
        ("fin1", "Claims", None),
        ("aud1", "Audit", "Who saw a family"),
        ("adm1", "Accounts", "Who saw a family"),
    ],
)
def test_the_other_roles_main_pages(
    browser_page: Page, username: str, h1: str, second: str | None
) -> None:
    page = browser_page
    sign_in(page, username)
    assert page.get_by_role("heading", level=1).inner_text() == h1
    audit(page, f"{username}-{h1.lower()}")
    if second is not None:
        page.locator(".govuk-service-navigation__list").get_by_role("link", name=second).click()
        assert page.get_by_role("heading", level=1).inner_text() == second
        audit(page, f"{username}-{second.lower().replace(' ', '-')}")
    sign_out(page)
