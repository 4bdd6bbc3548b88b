"""One Jinja environment for every page, and the furniture every page shares.

- templates from ``api/templates`` and the GOV.UK Frontend macros
  (``govuk_frontend_jinja/...``); autoescaped; ``ChainableUndefined``, which the macros
  need (``StrictUndefined`` breaks them);
- every page gets the signed-in principal, its session's CSRF token, the navigation for
  its roles and a per-request CSP nonce; its response carries the security headers;
- dates are shown dd/mm/yyyy (``uk_date``), money as £1,234.56 (``money``);
- a form's errors are ``{field_id: message}``: the page shows them at the fields and in
  an error summary, and its title starts "Error: ".
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import (
    ChainableUndefined,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
)

from workflow.access.scope import Area, may_see
from workflow.domain.vocabulary import StaffRole as R
from workflow.principal import Principal

ROOT = Path(__file__).resolve().parents[2]  # the checkout: node_modules/, api/static/
TEMPLATES = ROOT / "api" / "templates"
SERVICE_NAME = "Early help: family keywork"

_env: Environment | None = None


def uk_date(value: Any) -> str:
    """dd/mm/yyyy (a datetime in UK local time), or an empty string."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = (
                dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
            )
        except ValueError:
            return str(value)
    if isinstance(value, dt.datetime):
        from zoneinfo import ZoneInfo

        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        local = value.astimezone(ZoneInfo("Europe/London"))
        return f"{local:%d/%m/%Y %H:%M}"
    return f"{value:%d/%m/%Y}"


def money(value: Any) -> str:
    """£1,234.56 (pounds, two decimal places)."""
    if value is None:
        return ""
    amount = Decimal(str(value))
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def plain(value: Any) -> str:
    """A code as words: ``step_up`` → "step up"."""
    return "" if value is None else str(value).replace("_", " ")


def environment() -> Environment:
    global _env
    if _env is None:
        env = Environment(
            loader=ChoiceLoader(
                [
                    FileSystemLoader(TEMPLATES),
                    PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
                ]
            ),
            autoescape=True,
            undefined=ChainableUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters.update(uk_date=uk_date, money=money, plain=plain)
        _env = env
    return _env


# (label, url, who sees it): the service navigation, in order.
NAVIGATION: list[tuple[str, str, Area | None, frozenset[R]]] = [
    ("My work", "/my-work", None, frozenset({R.KEYWORKER})),
    ("My team", "/team", Area.ALLOCATION, frozenset()),
    ("Imports", "/data/imports", Area.IMPORTS, frozenset()),
    ("Matching reviews", "/data/reviews", Area.REVIEW_QUEUE, frozenset()),
    ("Claims", "/finance", Area.CLAIMS, frozenset()),
    ("Audit", "/audit", Area.AUDIT_SAMPLE, frozenset()),
    ("Who saw a family", "/admin/readers", Area.READERS, frozenset()),
    ("Accounts", "/admin", Area.ACCOUNTS, frozenset()),
]


def navigation(actor: Principal | None, here: str) -> list[dict[str, Any]]:
    if actor is None:
        return []
    items = []
    for label, url, area, roles in NAVIGATION:
        shown = may_see(actor, area) if area is not None else actor.has(*roles)
        if shown and not actor.is_system:
            items.append({"text": label, "href": url, "active": here.startswith(url)})
    return items


def security_headers(response: HTMLResponse, nonce: str) -> HTMLResponse:
    response.headers["Content-Security-Policy"] = (
        f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; "
        "img-src 'self' data:; font-src 'self'; frame-ancestors 'none'; form-action 'self'; "
        "base-uri 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cache-Control"] = "no-store"
    return response


def render(
    request: Request,
    template: str,
    title: str,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """The page ``template`` with ``title`` (its h1 and, with the service's name, its
    <title>), and ``errors`` as ``{field_id: message}``."""
    state = getattr(request.state, "session", None)
    actor: Principal | None = getattr(request.state, "actor", None) or (
        None if state is None else state.principal
    )
    nonce = secrets.token_urlsafe(16)
    errors = errors or {}
    html = (
        environment()
        .get_template(template)
        .render(
            title=title,
            service_name=SERVICE_NAME,
            actor=actor,
            csrf_token="" if state is None else state.csrf_token,
            nav=navigation(actor, request.url.path),
            errors=errors,
            error_list=[{"text": m, "href": f"#{f}"} for f, m in errors.items()],
            cspNonce=nonce,
            **context,
        )
    )
    return security_headers(HTMLResponse(html, status_code=status), nonce)


def problem_page(request: Request, status: int, title: str, detail: str) -> HTMLResponse:
    return render(request, "problem.html", title, status=status, detail=detail)
