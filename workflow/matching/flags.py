"""Household flags from the police lists' links: offender families and gang-affected
families, always with the member's role — never one undifferentiated "gang" flag.

- a member on the IOM cohort: ``offender_family``, role ``iom_offender`` (with cohort);
- a member with a proven offence in the last 12 months (a youth justice outcome, or a
  police incident where they were the perpetrator and the outcome counts as proven —
  the same rule screening uses): ``offender_family``, role ``proven_offender``, with the
  date of their latest such offence (``since``);
- a member on the gangs matrix: ``gang_affected``, role ``gang_perpetrator`` (a harm
  band red/amber/green), ``gang_victim`` (a victim band) or
  ``gang_perpetrator_and_victim`` (both), with the bands as the list gives them.

The flags are rebuilt from the links every time a link changes (by an import, matching
or a reviewer), so an undone link takes its flag with it. The household is the member's
current one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, or_, select

from workflow.db.base import utcnow
from workflow.matching.tables import table
from workflow.screening.sources import PROVEN_OUTCOMES

RECENT_MONTHS = 12
KEY_FIELDS = (
    "household_id",
    "person_id",
    "flag",
    "role",
    "harm_band",
    "victim_band",
    "cohort",
    "source_kind",
    "nominal_ref",
    "since",
)

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


def _wanted(connection: Connection, today: dt.date) -> list[dict[str, Any]]:
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
                "since": None,
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
                "since": None,
            }
        )
    return flags + _offences(connection, current, _months_before(today, RECENT_MONTHS))


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, last)
        except ValueError:
            continue
    raise AssertionError(day)


def _offences(connection: Connection, current: Any, since: dt.date) -> list[dict[str, Any]]:
    """One flag per member with a proven offence on or after ``since``: the latest one."""
    latest: dict[tuple[int, str], dict[str, Any]] = {}
    y = table("fact_youth_justice").c
    p = table("fact_police_incidents").c
    outcome = func.lower(func.trim(p.outcome))
    queries = (
        (
            "youth_justice",
            select(y.id, y.person_id, current.c.household_id, y.valid_from, y.link_method)
            .join(current, current.c.person_id == y.person_id)
            .where(y.valid_from >= since),
        ),
        (
            "police_incidents",
            select(p.id, p.person_id, current.c.household_id, p.valid_from, p.link_method)
            .join(current, current.c.person_id == p.person_id)
            .where(
                and_(
                    p.valid_from >= since,
                    func.lower(p.incident_type) == "offence",
                    func.lower(p.role) == "perpetrator",
                    or_(*(outcome == o for o in sorted(PROVEN_OUTCOMES))),
                )
            ),
        ),
    )
    for kind, query in queries:
        for row_id, person, household, day, method in connection.execute(query):
            key = (int(person), kind)
            if key in latest and latest[key]["since"] >= day:
                continue
            latest[key] = {
                "household_id": household,
                "person_id": person,
                "flag": "offender_family",
                "role": "proven_offender",
                "harm_band": None,
                "victim_band": None,
                "cohort": None,
                "source_kind": kind,
                "intel_row_id": row_id,
                "nominal_ref": None,
                "link_method": method,
                "since": day,
            }
    return list(latest.values())


def _key(flag: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(flag[k] for k in KEY_FIELDS)


def refresh_flags(connection: Connection, *, today: dt.date | None = None) -> set[int]:
    """Rebuild the flags from the links (offences counted back from ``today``); returns
    the households whose flags changed."""
    flags = table("intel_household_flags")
    columns = [flags.c[k] for k in KEY_FIELDS]
    before = {tuple(r) for r in connection.execute(select(*columns))}
    wanted = _wanted(connection, today or dt.date.today())
    after = {_key(f) for f in wanted}
    if before == after:
        return set()
    connection.execute(delete(flags))
    if wanted:
        now = utcnow()
        connection.execute(insert(flags), [f | {"created_at": now} for f in wanted])
    return {int(k[0]) for k in before ^ after}
