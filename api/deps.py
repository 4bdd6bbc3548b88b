"""Typed dependencies for routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from workflow.bootstrap import Container


def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


def get_actor(x_staff_ref: Annotated[str | None, Header()] = None) -> str:
    """Who is asking. Sign-in and roles arrive with the web app; until then the caller
    names itself in ``X-Staff-Ref`` (recorded in the audit trail) or is ``anonymous``."""
    return x_staff_ref or "anonymous"


ContainerDep = Annotated[Container, Depends(get_container)]
ActorDep = Annotated[str, Depends(get_actor)]
