"""Each keyworker's caseload in weighted units, against their capacity."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Connection, select

from workflow.allocation.weights import Weights
from workflow.db.models import ChampionAssignment, HouseholdEpisode, Locality, Staff, Team
from workflow.pathway.catalogue import PathwayCatalogue


@dataclass(frozen=True)
class Caseload:
    staff_id: int
    staff_ref: str
    name: str
    team: str | None
    locality: str | None
    capacity: float
    load: float
    families: int
    active: bool
    specialisms: tuple[str, ...]
    languages: tuple[str, ...]

    @property
    def spare(self) -> float:
        return self.capacity - self.load

    def describe(self) -> str:
        return f"{self.load:g} of {self.capacity:g} units"


def caseloads(
    connection: Connection, pathways: PathwayCatalogue, staff_ids: list[int] | None = None
) -> dict[int, Caseload]:
    """Every keyworker's caseload (or the listed ones'), from their active assignments,
    each family weighed by its own pathway version's tier weights."""
    a, e = ChampionAssignment, HouseholdEpisode
    loads: dict[int, tuple[float, int]] = {}
    query = (
        select(a.staff_id, e.tier, e.strand, e.pathway_version)
        .join(e, e.id == a.episode_id)
        .where(a.ended_on.is_(None))
    )
    if staff_ids is not None:
        query = query.where(a.staff_id.in_(staff_ids))
    weights: dict[str | None, Weights] = {}
    for staff_id, tier, strand, version in connection.execute(query):
        if version not in weights:
            pathway = pathways.current if version is None else pathways.get(str(version))
            weights[version] = Weights.of_pathway(pathway)
        load, count = loads.get(int(staff_id), (0.0, 0))
        loads[int(staff_id)] = (load + weights[version].of(tier, strand), count + 1)
    people = (
        select(
            Staff.id,
            Staff.staff_ref,
            Staff.name,
            Team.name,
            Locality.name,
            Staff.capacity_units,
            Staff.active,
            Staff.specialisms,
            Staff.languages,
        )
        .outerjoin(Team, Team.id == Staff.team_id)
        .outerjoin(Locality, Locality.id == Staff.locality_id)
    )
    if staff_ids is not None:
        people = people.where(Staff.id.in_(staff_ids))
    found = {}
    for (
        sid,
        ref,
        name,
        team,
        locality,
        capacity,
        active,
        specialisms,
        languages,
    ) in connection.execute(people):
        load, count = loads.get(int(sid), (0.0, 0))
        found[int(sid)] = Caseload(
            int(sid),
            str(ref),
            str(name),
            team,
            locality,
            float(capacity if capacity is not None else Decimal(12)),
            round(load, 2),
            count,
            bool(active),
            tuple(specialisms or ()),
            tuple(languages or ()),
        )
    return found
