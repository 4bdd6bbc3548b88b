"""Readable keyworkers and families for the allocation tests."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from workflow.champions import Family, Worker


def worker(
    ref: str,
    *,
    team: str = "North 1",
    locality: str | None = "North",
    specialisms: Iterable[str] = (),
    languages: Iterable[str] = (),
    capacity: Decimal | float = 12,
    load: float = 0,
    active: bool = True,
    absent: bool = False,
) -> Worker:
    return Worker(
        staff_ref=ref,
        name=f"Worker {ref}",
        team=team,
        locality=locality,
        specialisms=frozenset(specialisms),
        languages=frozenset(languages),
        capacity=capacity,
        load=load,
        active=active,
        absent=absent,
    )


def family(
    ref: str,
    *,
    weight: float = 1.0,
    locality: str | None = None,
    needs: Iterable[str] = (),
    languages: Iterable[str] = (),
    continuity: Iterable[str] = (),
    team: str | None = None,
) -> Family:
    return Family(
        household_ref=ref,
        weight=weight,
        locality=locality,
        needs=frozenset(needs),
        languages=frozenset(languages),
        continuity=frozenset(continuity),
        team=team,
    )


def chosen(proposal) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {a.household_ref: a.staff_ref for a in proposal.assignments}
