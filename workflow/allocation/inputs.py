"""What the allocation engine is told, read from the database in a few set-based queries.

- **Workers**: every keyworker's team, locality, specialisms, languages, capacity and the
  caseload they carry now (``caseloads``); leavers are marked and never proposed.
- **Families**: the backlog (open episodes that are eligible and have no champion, oldest
  first) or named households, each with
  - its weight: the caseload weight of the tier its strand would start it on;
  - its locality: from its postcode district, by the council's locality map
    (``workflow.localities``);
  - its needs, from the last two years of its members' partner rows and flags: ``gangs``
    (a member on the gangs matrix), ``domestic_abuse``, ``youth_justice``,
    ``mental_health`` and ``substance_misuse`` (health rows), ``early_years`` (a child under
    five);
  - continuity: keyworkers who champion, or championed in the last two years, a household
    one of its members belongs to now or did (an earlier episode, a young person who moved
    out).

Nothing here says which member had which problem or in what role: a need names a
specialism, never a person.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, and_, or_, select

from workflow.allocation.caseloads import Caseload, caseloads
from workflow.allocation.weights import Weights
from workflow.champions.records import Family, Worker
from workflow.db.models import (
    ChampionAssignment,
    Household,
    HouseholdEpisode,
    HouseholdMembership,
    Person,
    Staff,
)
from workflow.db.models.facts import FACT_MODELS
from workflow.db.models.matching import HouseholdIntelFlag as HouseholdFlag
from workflow.domain.vocabulary import HouseholdState
from workflow.localities import LocalityMap
from workflow.pathway.catalogue import PathwayCatalogue

LOOK_BACK = dt.timedelta(days=730)
HEALTH_NEEDS = {
    "mental_health": "mental_health",
    "substance_misuse": "substance_misuse",
    "alcohol": "substance_misuse",
}


@dataclass(frozen=True)
class Waiting:
    """A family in the backlog: its ids, and what the engine is told about it."""

    household_id: int
    episode_id: int
    family: Family


def workers(
    connection: Connection, pathways: PathwayCatalogue
) -> tuple[list[Worker], dict[str, Caseload]]:
    """Every keyworker (leavers marked as such), and their caseloads by staff reference."""
    loads = caseloads(connection, pathways)
    keyworkers = {
        int(sid)
        for sid, role in connection.execute(select(Staff.id, Staff.role))
        if "keyworker" in str(role or "keyworker").split(",")
    }
    found = []
    by_ref = {}
    for staff_id in sorted(loads, key=lambda s: loads[s].staff_ref):
        c = loads[staff_id]
        if staff_id not in keyworkers:
            continue
        by_ref[c.staff_ref] = c
        found.append(
            Worker(
                staff_ref=c.staff_ref,
                name=c.name,
                team=c.team or "",
                locality=c.locality,
                specialisms=frozenset(c.specialisms),
                languages=frozenset(c.languages),
                capacity=c.capacity,
                load=c.load,
                active=c.active,
            )
        )
    return found, by_ref


def backlog(
    connection: Connection,
    pathways: PathwayCatalogue,
    *,
    today: dt.date,
    localities: LocalityMap,
    locality: str | None = None,
    household_refs: Iterable[str] | None = None,
) -> list[Waiting]:
    """The families waiting for a champion, oldest first (or the named households, in any
    open state, for a suggestion or a rebalance); ``locality`` keeps only those there."""
    e, h = HouseholdEpisode, Household
    query = select(
        e.id, e.household_id, h.household_ref, h.postcode, e.strand, e.pathway_version
    ).join(h, h.id == e.household_id)
    if household_refs is None:
        active = select(ChampionAssignment.household_id).where(
            ChampionAssignment.ended_on.is_(None)
        )
        query = query.where(
            e.state == HouseholdState.ELIGIBLE.value,
            e.closed_at.is_(None),
            e.household_id.not_in(active),
        ).order_by(e.opened_at, e.id)
    else:
        refs = list(dict.fromkeys(household_refs))
        query = query.where(h.household_ref.in_(refs), e.closed_at.is_(None)).order_by(e.id)
    rows = connection.execute(query).all()
    if locality is not None:
        rows = [r for r in rows if localities.of(r[3]) == locality]
    ids = [int(r[1]) for r in rows]
    needs = _needs(connection, ids, today)
    continuity = _continuity(connection, ids, today)
    weights: dict[str | None, Weights] = {}
    waiting = []
    for episode_id, household_id, ref, postcode, strand, version in rows:
        if version not in weights:
            pathway = pathways.current if version is None else pathways.get(str(version))
            weights[version] = Weights.of_pathway(pathway)
        family = Family(
            household_ref=str(ref),
            weight=weights[version].of(None, strand),
            locality=localities.of(postcode),
            needs=frozenset(needs.get(int(household_id), ())),
            continuity=frozenset(continuity.get(int(household_id), ())),
        )
        waiting.append(Waiting(int(household_id), int(episode_id), family))
    return waiting


def _chunks(ids: list[int], size: int = 5000) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _members(connection: Connection, household_ids: list[int]) -> dict[int, set[int]]:
    """Each household's current members (person ids)."""
    m = HouseholdMembership
    members: dict[int, set[int]] = defaultdict(set)
    for chunk in _chunks(household_ids):
        for household_id, person_id in connection.execute(
            select(m.household_id, m.person_id).where(
                m.household_id.in_(chunk), m.valid_to.is_(None)
            )
        ):
            members[int(household_id)].add(int(person_id))
    return members


def _needs(connection: Connection, household_ids: list[int], today: dt.date) -> dict[int, set[str]]:
    if not household_ids:
        return {}
    since = today - LOOK_BACK
    members = _members(connection, household_ids)
    home = {person: hh for hh, people in members.items() for person in people}
    people = list(home)
    needs: dict[int, set[str]] = defaultdict(set)

    def recent(model: type) -> object:
        table = model.__table__  # type: ignore[attr-defined]
        return or_(
            table.c.valid_from >= since, table.c.valid_to.is_(None), table.c.valid_to >= since
        )

    for kind, need in (("domestic_abuse", "domestic_abuse"), ("youth_justice", "youth_justice")):
        table = FACT_MODELS[kind].__table__
        for chunk in _chunks(people):
            for (person,) in connection.execute(
                select(table.c.person_id)
                .where(table.c.person_id.in_(chunk), recent(FACT_MODELS[kind]))  # type: ignore[arg-type]
                .distinct()
            ):
                needs[home[int(person)]].add(need)
    health = FACT_MODELS["health"].__table__
    for chunk in _chunks(people):
        for person, code in connection.execute(
            select(health.c.person_id, health.c.need)
            .where(health.c.person_id.in_(chunk), recent(FACT_MODELS["health"]))  # type: ignore[arg-type]
            .distinct()
        ):
            if code in HEALTH_NEEDS:
                needs[home[int(person)]].add(HEALTH_NEEDS[code])
    for chunk in _chunks(household_ids):
        for (household_id,) in connection.execute(
            select(HouseholdFlag.household_id)
            .where(HouseholdFlag.household_id.in_(chunk), HouseholdFlag.flag == "gang_affected")
            .distinct()
        ):
            needs[int(household_id)].add("gangs")
    under_five = dt.date(today.year - 5, today.month, min(today.day, 28))
    for chunk in _chunks(people):
        for (person,) in connection.execute(
            select(Person.id).where(Person.id.in_(chunk), Person.date_of_birth > under_five)
        ):
            needs[home[int(person)]].add("early_years")
    return needs


def _continuity(
    connection: Connection, household_ids: list[int], today: dt.date
) -> dict[int, set[str]]:
    """Keyworkers who champion (or lately championed) a household a member is or was in."""
    if not household_ids:
        return {}
    since = today - LOOK_BACK
    m, a = HouseholdMembership, ChampionAssignment
    members = _members(connection, household_ids)
    home = {person: hh for hh, people in members.items() for person in people}
    found: dict[int, set[str]] = defaultdict(set)
    for chunk in _chunks(list(home)):
        rows = connection.execute(
            select(m.person_id, Staff.staff_ref)
            .join(a, a.household_id == m.household_id)
            .join(Staff, Staff.id == a.staff_id)
            .where(
                m.person_id.in_(chunk),
                or_(a.ended_on.is_(None), a.ended_on >= since),
                or_(m.valid_to.is_(None), and_(a.started_on <= m.valid_to)),
            )
        )
        for person, staff_ref in rows:
            found[home[int(person)]].add(str(staff_ref))
    return found


def fingerprint(waiting: Iterable[Waiting], loads: Mapping[str, Caseload]) -> str:
    """What a proposal was made from: the families (and their episodes) and every worker's
    load, capacity and being in post. Applying refuses a proposal whose inputs changed."""
    body = {
        "families": sorted((w.household_id, w.episode_id) for w in waiting),
        "workers": sorted(
            (c.staff_ref, round(c.load, 2), round(c.capacity, 2), c.active) for c in loads.values()
        ),
    }
    return hashlib.sha256(json.dumps(body, separators=(",", ":")).encode()).hexdigest()
