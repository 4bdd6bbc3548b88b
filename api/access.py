"""Each route's access rule, as a dependency that carries its name (``rule``), so the
authorisation matrix test can find a route without one. The rules themselves are the
policy's (``workflow.access.scope``):

- ``area(Area.IMPORTS)``: the principal's roles must reach that part of the engine (403);
- ``family(Sight.WRITE)`` / ``family(Sight.READ)``: the family in the path must be in the
  principal's scope (404 otherwise, and the attempt is logged);
- ``family_or_area(Sight.READ, Area.REVIEW_QUEUE)``: either;
- ``SIGNED_IN``: anyone signed in (what they then see is filtered by the policy).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool

from api.auth import get_actor
from workflow.access.families import require_area, require_family
from workflow.access.scope import Area, Sight, may_change, may_see
from workflow.bootstrap import Container
from workflow.principal import Principal

SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


def _named(rule: str, check: Callable[..., Awaitable[None]]) -> Any:
    check.rule = rule  # type: ignore[attr-defined]
    return Depends(check)


def area(which: Area) -> Any:
    async def check(request: Request, actor: Principal = Depends(get_actor)) -> None:
        require_area(actor, which)
        if request.method not in SAFE and not may_change(actor, which):
            from workflow.access.policy import NotAllowed

            raise NotAllowed("Your role may look at this, not change it.")

    return _named(f"area:{which.value}", check)


async def _family(request: Request, actor: Principal, need: Sight) -> None:
    container: Container = request.app.state.container
    ref = str(request.path_params.get("household_ref", ""))
    covering = request.query_params.get("covering") in ("true", "1") and need is Sight.READ
    await run_in_threadpool(
        require_family,
        ref,
        uow=container.uow(),
        actor=actor,
        need=need,
        covering=covering,
        purpose=f"{request.method} {request.url.path}"[:100],
    )


def family(need: Sight) -> Any:
    async def check(request: Request, actor: Principal = Depends(get_actor)) -> None:
        await _family(request, actor, need)

    return _named(f"family:{need.name.lower()}", check)


def family_or_area(need: Sight, which: Area) -> Any:
    async def check(request: Request, actor: Principal = Depends(get_actor)) -> None:
        if not may_see(actor, which):
            await _family(request, actor, need)

    return _named(f"family:{need.name.lower()}|area:{which.value}", check)


async def _signed_in(_actor: Principal = Depends(get_actor)) -> None:
    return None


SIGNED_IN = _named("signed_in", _signed_in)


def any_area(*which: Area) -> Any:
    """The principal's roles reach at least one of ``which`` (403 otherwise); what they
    may then do there the service decides (approving claims: finance or internal audit,
    never the preparer)."""

    async def check(actor: Principal = Depends(get_actor)) -> None:
        if not any(may_see(actor, one) for one in which):
            require_area(actor, which[0])

    return _named("area:" + "|".join(one.value for one in which), check)
