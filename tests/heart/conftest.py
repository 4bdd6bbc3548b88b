"""A small borough for the heart of the engine: three eligible families, a team of
keyworkers and two managers. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import insert

from tests.screening.builders import Borough
from tests.support import screen_households
from workflow.bootstrap import Container
from workflow.clock import FixedClock
from workflow.db.models import Staff, Team
from workflow.domain.vocabulary import StaffRole
from workflow.pathway.catalogue import shipped_pathways
from workflow.principal import Principal

D = dt.date
TODAY = D(2026, 11, 23)  # a Monday
CLOCK = FixedClock(TODAY)
PATHWAYS = shipped_pathways()
MANAGER = Principal.staff("MGR1", StaffRole.MANAGER, teams=["North"])
OTHER_MANAGER = Principal.staff("MGR2", StaffRole.MANAGER, teams=["North"])
KEYWORKER = Principal.staff("KW1", StaffRole.KEYWORKER, teams=["North"])


@dataclass
class Heart:
    container: Container
    households: dict[str, int]
    staff: dict[str, int]


def _family(b: Borough, ref: str, n: int) -> int:
    """A family that meets Supporting Families 2022: a child and three headline problems."""
    home = b.household(ref)
    mum = b.person(f"P{n}1", born=D(1985, 1, 1), lives_in=home, moved_in=D(2020, 1, 1))
    b.person(f"P{n}2", born=D(2014, 1, 1), lives_in=home, moved_in=D(2020, 1, 1))
    b.fact("benefits", mum, on=D(2025, 1, 1), benefit="uc", out_of_work=True)
    b.fact("health", mum, on=D(2025, 9, 1), need="mental_health")
    b.fact("domestic_abuse", mum, on=D(2026, 2, 1), role="victim")
    return home


@pytest.fixture
def heart(container: Container, migrated_engine) -> Heart:
    with container.engine.begin() as connection:
        b = Borough(connection)
        households = {ref: _family(b, ref, n) for n, ref in enumerate(("H1", "H2", "H3"), 1)}
        team = connection.execute(insert(Team).values(name="North").returning(Team.id)).scalar_one()
        staff = {}
        for ref, role, capacity in (
            ("KW1", "keyworker", 12),
            ("KW2", "keyworker", 0.5),
            ("MGR1", "manager", 0),
            ("MGR2", "manager", 0),
        ):
            staff[ref] = connection.execute(
                insert(Staff)
                .values(
                    staff_ref=ref,
                    name=f"{ref} Worker",
                    email=f"{ref.lower()}@example.invalid",
                    role=role,
                    team_id=team,
                    capacity_units=capacity,
                )
                .returning(Staff.id)
            ).scalar_one()
    report = screen_households(container, as_of=D(2026, 7, 31), today=TODAY)
    assert report.eligible == 3
    return Heart(container, households, staff)
