"""Typed dependencies for routes, and the checks every free-text input goes through. Who is
asking (``ActorDep``) comes from ``api.auth``: a session or an API token, never a header
naming the caller."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, Path, Query, Request

from api.auth import ActorDep, get_actor
from api.errors import RequestProblem
from workflow.bootstrap import Container
from workflow.clock import Clock
from workflow.uow import UnitOfWork

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # NUL, tabs, line breaks, ...


def checked_text(value: str, field: str, max_length: int, label: str | None = None) -> str:
    """``value`` without surrounding spaces, or a 422 naming ``field`` (called ``label`` in
    the message) if it is longer than ``max_length`` characters or holds a control
    character, which a database may refuse."""
    text, label = value.strip(), label or f"‘{field}’"
    if len(text) > max_length:
        detail = f"{label} must be {max_length} characters or fewer."
        raise RequestProblem(422, "too_long", detail, field)
    if CONTROL.search(text):
        detail = f"{label} must not contain control characters, such as a line break or NUL."
        raise RequestProblem(422, "control_characters", detail, field)
    return text


def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


def get_clock(request: Request) -> Clock:
    container: Container = request.app.state.container
    return container.clock


def get_uow(request: Request) -> UnitOfWork:
    """A fresh unit of work for this request's use case."""
    container: Container = request.app.state.container
    return container.uow()


def get_household_ref(household_ref: str) -> str:
    return checked_text(household_ref, "household_ref", 40)


__all__ = ["ActorDep", "ContainerDep", "get_actor"]

ContainerDep = Annotated[Container, Depends(get_container)]
ClockDep = Annotated[Clock, Depends(get_clock)]
UowDep = Annotated[UnitOfWork, Depends(get_uow)]
HouseholdRef = Annotated[str, Depends(get_household_ref)]
# A stored record's id in a path: the database holds signed 64-bit ids from 1.
RecordId = Annotated[int, Path(ge=1, le=2**63 - 1)]
RULESET_ID_LENGTH = 80
RulesetId = Annotated[str, Path(max_length=RULESET_ID_LENGTH)]
Limit = Annotated[int, Query(ge=1, le=500, description="How many to list, 1 to 500")]
