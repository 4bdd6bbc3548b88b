"""Need to know: which families, and which parts of the engine, a principal may see. Pure.

One place decides, from the principal's roles and teams and a family's champion alone; the
API, the pages and the command line's reads all ask here.

- a keyworker sees the families they champion, and (read-only) their team's when covering
  for a colleague;
- a manager sees the families their teams' keyworkers champion, and the families waiting
  for a champion (which they allocate); a senior manager sees every family;
- finance sees claim data only, an auditor (read-only) the claims in a sample and their
  evidence, a data officer the imports and the matching review queue, an admin accounts
  and who read a family's record: none of them opens a family's case record;
- police intelligence (gangs-matrix scores and bands, nominal references, IOM status) is
  shown in detail only to the roles the council configures (``TFE_INTELLIGENCE_ROLES``);
  everyone else who may see the family sees "gang-affected family: yes" and no more.

A family outside a principal's scope does not exist for them: the caller answers 404, not
403, and logs the attempt.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any

from workflow.domain.vocabulary import StaffRole as R
from workflow.principal import Principal


class Sight(Enum):
    """How much of a family's record a principal may have."""

    NONE = 0
    READ = 1  # see, change nothing
    WRITE = 2  # see and work the case

    def allows(self, needed: Sight) -> bool:
        return self.value >= needed.value


class Area(StrEnum):
    """Parts of the engine that are not one family's record."""

    CASEWORK = "casework"  # households, their tasks, casework, tiers
    ALLOCATION = "allocation"  # suggestions, proposals, staff and leavers
    CLAIMS = "claims"  # claim windows, claimable families, forecast, exports
    AUDIT_SAMPLE = "audit_sample"  # the claims in an audit sample, with their evidence
    IMPORTS = "imports"  # deliveries, their status and error reports
    REVIEW_QUEUE = "review_queue"  # matching pairs to accept or reject
    SCREENING = "screening"  # rule sets, screening runs, comparisons
    READERS = "readers"  # who read a family's record
    ACCOUNTS = "accounts"  # sign-in accounts and API tokens


AREAS: dict[Area, frozenset[R]] = {
    Area.CASEWORK: frozenset({R.KEYWORKER, R.MANAGER, R.SENIOR_MANAGER}),
    Area.ALLOCATION: frozenset({R.MANAGER, R.SENIOR_MANAGER}),
    Area.CLAIMS: frozenset({R.FINANCE, R.SENIOR_MANAGER}),
    Area.AUDIT_SAMPLE: frozenset({R.AUDITOR}),
    Area.IMPORTS: frozenset({R.DATA_OFFICER}),
    Area.REVIEW_QUEUE: frozenset({R.DATA_OFFICER}),
    Area.SCREENING: frozenset({R.DATA_OFFICER, R.MANAGER, R.SENIOR_MANAGER}),
    Area.READERS: frozenset({R.ADMIN, R.AUDITOR}),
    Area.ACCOUNTS: frozenset({R.ADMIN}),
}
READ_ONLY = frozenset({R.AUDITOR})  # may look at their areas, never change them

GANG_AFFECTED = "gang-affected family: yes"
DEFAULT_INTELLIGENCE_ROLES = frozenset({R.MANAGER, R.SENIOR_MANAGER})


@dataclass(frozen=True)
class Family:
    """What the policy needs to know about one family: who champions it, in which team.
    ``champion_ref`` is ``None`` while the family waits for allocation."""

    champion_ref: str | None
    champion_team: str | None


def family_sight(actor: Principal, family: Family, *, covering: bool = False) -> Sight:
    """How much of ``family``'s record ``actor`` may have (``covering``: a keyworker
    standing in for a colleague in their team, who may read but not change)."""
    if actor.is_system or actor.has(R.SENIOR_MANAGER):
        return Sight.WRITE
    ours = family.champion_ref is None or family.champion_team in actor.teams
    if actor.has(R.MANAGER) and ours:
        return Sight.WRITE
    if actor.has(R.KEYWORKER):
        if family.champion_ref is not None and family.champion_ref == actor.ref:
            return Sight.WRITE
        if covering and family.champion_team is not None and family.champion_team in actor.teams:
            return Sight.READ
    return Sight.NONE


@dataclass(frozen=True)
class Listing:
    """Which families a principal's lists hold: everyone's (``everyone``), or those
    championed by ``champion_ref`` or by anyone in ``teams``, and, with ``unallocated``,
    those waiting for a champion."""

    everyone: bool = False
    champion_ref: str | None = None
    teams: frozenset[str] = frozenset()
    unallocated: bool = False

    @property
    def nothing(self) -> bool:
        return not (self.everyone or self.champion_ref or self.teams or self.unallocated)


def family_listing(actor: Principal, *, covering: bool = False) -> Listing:
    """The families ``actor``'s lists may hold (the same rule as ``family_sight``)."""
    if actor.is_system or actor.has(R.SENIOR_MANAGER):
        return Listing(everyone=True)
    if actor.has(R.MANAGER):
        return Listing(teams=actor.teams, unallocated=True)
    if actor.has(R.KEYWORKER):
        return Listing(champion_ref=actor.ref, teams=actor.teams if covering else frozenset())
    return Listing()


@dataclass(frozen=True)
class TaskScope:
    """Whose open tasks a principal's task lists hold: one worker's (``worker``), some
    teams' (``teams``), or, with neither, everyone's."""

    worker: str | None = None
    teams: frozenset[str] | None = None


def task_scope(actor: Principal) -> TaskScope:
    """A keyworker sees their own tasks, a manager their teams', a senior manager all."""
    if actor.is_system or actor.has(R.SENIOR_MANAGER):
        return TaskScope()
    if actor.has(R.MANAGER):
        return TaskScope(teams=actor.teams)
    return TaskScope(worker=actor.ref)


def may_see(actor: Principal, area: Area) -> bool:
    return actor.is_system or actor.has(*AREAS[area])


def may_change(actor: Principal, area: Area) -> bool:
    """Seeing an area is not changing it: an auditor only ever reads."""
    if actor.is_system:
        return True
    roles = AREAS[area] - READ_ONLY
    return actor.has(*roles)


def intelligence_roles(setting: str | Iterable[str]) -> frozenset[R]:
    """The roles named in ``TFE_INTELLIGENCE_ROLES`` (unknown names are ignored)."""
    names = setting.split(",") if isinstance(setting, str) else list(setting)
    known = set(R.__members__.values())
    return frozenset(R(n.strip()) for n in names if n.strip() in known)


def sees_intelligence(actor: Principal, allowed: frozenset[R]) -> bool:
    """Whether ``actor`` may see police intelligence in detail (scores, bands, nominal
    references, IOM status), given the configured roles."""
    return actor.is_system or actor.has(*allowed)


AREA_PHRASES: dict[Area, str] = {
    Area.CASEWORK: "families' records",
    Area.ALLOCATION: "allocation and staff",
    Area.CLAIMS: "claims",
    Area.AUDIT_SAMPLE: "the audit sample",
    Area.IMPORTS: "imports",
    Area.REVIEW_QUEUE: "the matching review queue",
    Area.SCREENING: "screening",
    Area.READERS: "who read a family's record",
    Area.ACCOUNTS: "accounts",
}


def review_pairs_for(
    pairs: list[dict[str, Any]], actor: Principal, allowed: frozenset[R]
) -> list[dict[str, Any]]:
    """The review queue as ``actor`` may see it: the list row to match (names, date of
    birth, postcode, file and row) for everyone who reviews, but the police's own reference
    for the nominal only for the roles configured to see police intelligence."""
    if sees_intelligence(actor, allowed):
        return pairs
    return [
        {**pair, "nominal": {**pair["nominal"], "nominal_ref": None}}
        if pair.get("nominal")
        else pair
        for pair in pairs
    ]
