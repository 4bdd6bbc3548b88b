"""A small borough in 2012 to 2013 for claims: four families attached to a champion,
their partner rows before and after, and the staff who prepare and check claims.
Runs on SQLite and PostgreSQL.

- H1: anti-social behaviour by 3 members before attachment, by 1 of them after (a 67%
  fall); the mother left JSA on 01/03/2013: continuous employment by 30/09/2013.
- H2: ASB by 2 members before and the same 2 after: no result.
- H3: ASB by the father before; by a child (not before) after: the whole-family rule.
- H4: attached on 01/11/2013, after the first window closes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import insert

from tests.screening.builders import Borough
from workflow.bootstrap import Container
from workflow.clock import FixedClock
from workflow.db.models import ChampionAssignment, HouseholdEpisode, Staff, Team
from workflow.domain.vocabulary import StaffRole
from workflow.principal import Principal

D = dt.date
TODAY = D(2013, 10, 7)
CLOCK = FixedClock(TODAY)
PREPARER = Principal.staff("MGR1", StaffRole.MANAGER)
FINANCE = Principal.staff("FIN1", StaffRole.FINANCE)
AUDITOR = Principal.staff("AUD1", StaffRole.AUDITOR)
SENIOR = Principal.staff("SM1", StaffRole.SENIOR_MANAGER)
KEYWORKER = Principal.staff("KW1", StaffRole.KEYWORKER)


@dataclass
class Families:
    container: Container
    households: dict[str, int]


def _asb(b: Borough, person: int, on: dt.date) -> None:
    b.fact("police_incidents", person, on=on, incident_type="asb_incident", role="perpetrator")


@pytest.fixture
def families(container: Container, migrated_engine: object) -> Families:
    with container.engine.begin() as connection:
        b = Borough(connection)
        team = connection.execute(insert(Team).values(name="North").returning(Team.id)).scalar_one()
        worker = connection.execute(
            insert(Staff)
            .values(
                staff_ref="KW1",
                name="KW1 Worker",
                email="kw1@example.invalid",
                role="keyworker",
                team_id=team,
                capacity_units=12,
            )
            .returning(Staff.id)
        ).scalar_one()
        for ref, role in (
            ("MGR1", "manager"),
            ("FIN1", "finance"),
            ("AUD1", "auditor"),
            ("SM1", "senior_manager"),
        ):
            connection.execute(
                insert(Staff).values(
                    staff_ref=ref,
                    name=f"{ref} Person",
                    email=f"{ref.lower()}@example.invalid",
                    role=role,
                    team_id=team,
                    capacity_units=0,
                )
            )
        homes: dict[str, int] = {}
        for n, ref in enumerate(("H1", "H2", "H3", "H4"), 1):
            home = homes[ref] = b.household(ref)
            adult = b.person(f"A{n}", born=D(1980, 1, 1), lives_in=home, moved_in=D(2010, 1, 1))
            child = b.person(f"C{n}", born=D(2000, 6, 1), lives_in=home, moved_in=D(2010, 1, 1))
            teen = b.person(f"T{n}", born=D(1998, 6, 1), lives_in=home, moved_in=D(2010, 1, 1))
            if ref == "H1":
                for who in (adult, child, teen):
                    _asb(b, who, D(2012, 10, 1))
                _asb(b, child, D(2013, 6, 1))
                b.fact("benefits", adult, on=D(2011, 1, 1), until=D(2013, 3, 1), benefit="jsa")
            elif ref == "H2":
                for who in (adult, child):
                    _asb(b, who, D(2012, 11, 1))
                    _asb(b, who, D(2013, 7, 1))
            elif ref == "H3":
                _asb(b, adult, D(2012, 12, 1))
                _asb(b, child, D(2013, 8, 1))
            else:
                _asb(b, adult, D(2013, 9, 1))
            attached = D(2013, 11, 1) if ref == "H4" else D(2013, 1, 15)
            episode = connection.execute(
                insert(HouseholdEpisode)
                .values(household_id=home, number=1, state="allocated")
                .returning(HouseholdEpisode.id)
            ).scalar_one()
            connection.execute(
                insert(ChampionAssignment).values(
                    household_id=home,
                    episode_id=episode,
                    staff_id=worker,
                    started_on=attached,
                    assigned_by="MGR1",
                )
            )
    return Families(container, homes)
