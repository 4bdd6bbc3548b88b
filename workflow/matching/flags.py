"""Household flags from the police lists' links: offender families and gang-affected
families, always with the member's role — never one undifferentiated "gang" flag.

- a member on the IOM cohort: ``offender_family``, role ``iom_offender`` (with cohort);
- a member on the gangs matrix: ``gang_affected``, role ``gang_perpetrator`` (a harm
  band red/amber/green), ``gang_victim`` (a victim band) or
  ``gang_perpetrator_and_victim`` (both), with the bands as the list gives them.

The flags are rebuilt from the links every time a link changes, so an undone link takes
its flag with it. The household is the member's current one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, insert, select

from workflow.db.base import utcnow
from workflow.matching.tables import table

BANDS = ("red", "amber", "green")


def gang_role(harm_band: str | None, victim_band: str | None) -> str | None:
    """The member's role on the matrix from its two bands (None when both are zero)."""
    harm = (harm_band or "").strip().lower() in BANDS
    victim = (victim_band or "").strip().lower() in BANDS
    if harm and victim:
        return "gang_perpetrator_and_victim"
    if harm:
        return "gang_perpetrator"
    if victim:
        return "gang_victim"
    return None


def _wanted(connection: Connection) -> list[dict[str, Any]]:
    m = table("household_memberships").c
    current = select(m.person_id, m.household_id).where(m.valid_to.is_(None)).subquery()
    flags: list[dict[str, Any]] = []
    g = table("intel_gangs_matrix").c
    gangs = select(
        g.id,
        g.nominal_ref,
        g.person_id,
        current.c.household_id,
        g.harm_band,
        g.victim_band,
        g.link_method,
    ).join(current, current.c.person_id == g.person_id)
    for row_id, ref, person, household, harm, victim, method in connection.execute(gangs):
        role = gang_role(harm, victim)
        if role is None:
            continue
        flags.append(
            {
                "household_id": household,
                "person_id": person,
                "flag": "gang_affected",
                "role": role,
                "harm_band": harm,
                "victim_band": victim,
                "cohort": None,
                "source_kind": "gangs_matrix",
                "intel_row_id": row_id,
                "nominal_ref": ref,
                "link_method": method,
            }
        )
    i = table("intel_iom_cohort").c
    iom = select(
        i.id, i.nominal_ref, i.person_id, current.c.household_id, i.cohort, i.link_method
    ).join(current, current.c.person_id == i.person_id)
    for row_id, ref, person, household, cohort, method in connection.execute(iom):
        flags.append(
            {
                "household_id": household,
                "person_id": person,
                "flag": "offender_family",
                "role": "iom_offender",
                "harm_band": None,
                "victim_band": None,
                "cohort": cohort,
                "source_kind": "iom_cohort",
                "intel_row_id": row_id,
                "nominal_ref": ref,
                "link_method": method,
            }
        )
    return flags


def _key(flag: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(
        flag[k]
        for k in (
            "household_id",
            "person_id",
            "flag",
            "role",
            "harm_band",
            "victim_band",
            "cohort",
            "source_kind",
            "nominal_ref",
        )
    )


def refresh_flags(connection: Connection) -> set[int]:
    """Rebuild the flags from the links; returns the households whose flags changed."""
    flags = table("intel_household_flags")
    columns = [
        flags.c[k]
        for k in (
            "household_id",
            "person_id",
            "flag",
            "role",
            "harm_band",
            "victim_band",
            "cohort",
            "source_kind",
            "nominal_ref",
        )
    ]
    before = {tuple(r) for r in connection.execute(select(*columns))}
    wanted = _wanted(connection)
    after = {_key(f) for f in wanted}
    if before == after:
        return set()
    connection.execute(delete(flags))
    if wanted:
        now = utcnow()
        connection.execute(insert(flags), [f | {"created_at": now} for f in wanted])
    return {int(k[0]) for k in before ^ after}
