"""The people feed builds the register: households, people and who lived where when."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from tests.loading.builders import PEOPLE_HEADERS, workbook
from tests.loading.conftest import TODAY
from tests.support import import_file


def rows(container, sql: str) -> list[tuple]:
    with container.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(sql))]


def test_people_feed_creates_households_people_and_memberships(borough) -> None:
    assert rows(
        borough, "SELECT household_ref, postcode FROM households ORDER BY household_ref"
    ) == [
        ("H1", "QX1 1AA"),
        ("H2", "QX2 2BB"),
    ]
    assert rows(borough, "SELECT COUNT(*) FROM people") == [(5,)]
    assert rows(
        borough,
        "SELECT p.person_ref, h.household_ref, m.relationship FROM household_memberships m "
        "JOIN people p ON p.id = m.person_id JOIN households h ON h.id = m.household_id "
        "WHERE m.valid_to IS NULL ORDER BY p.person_ref",
    ) == [
        ("P1", "H1", "head"),
        ("P2", "H1", "child"),
        ("P3", "H1", "child"),
        ("P4", "H2", "head"),
        ("P5", "H2", "child"),
    ]


def test_a_person_who_moves_keeps_their_history(borough, tmp_path: Path) -> None:
    moved = workbook(
        tmp_path / "people-later.xlsx",
        (*PEOPLE_HEADERS, "date_moved_in"),
        [
            (
                "P5",
                "H3",
                "Kyle",
                "Brown",
                "30/01/2008",
                "M",
                "2 Oak Close",
                "QX3 3CC",
                None,
                None,
                "head",
                "01/09/2026",
            )
        ],
    )
    outcome = import_file(borough, moved, "people", today=TODAY)
    assert outcome.status == "accepted" and outcome.rows_loaded == 1
    history = rows(
        borough,
        "SELECT h.household_ref, m.valid_from, m.valid_to FROM household_memberships m "
        "JOIN people p ON p.id = m.person_id JOIN households h ON h.id = m.household_id "
        "WHERE p.person_ref = 'P5' ORDER BY m.id",
    )
    assert [(h, str(to)[:10] if to else None) for h, _from, to in history] == [
        ("H2", "2026-09-01"),
        ("H3", None),
    ]


def test_a_changed_name_updates_the_register_without_a_second_person(
    borough, tmp_path: Path
) -> None:
    corrected = workbook(
        tmp_path / "people-corrected.xlsx",
        PEOPLE_HEADERS,
        [
            (
                "P4",
                "H2",
                "Rob",
                "Brown",
                "05/05/1979",
                "M",
                "7 Ash Lane",
                "QX2 2BB",
                "QQ654321B",
                None,
                "head",
            )
        ],
    )
    assert import_file(borough, corrected, "people", today=TODAY).status == "accepted"
    assert rows(borough, "SELECT forename FROM people WHERE person_ref = 'P4'") == [("Rob",)]
    assert rows(borough, "SELECT COUNT(*) FROM people") == [(5,)]
    assert rows(borough, "SELECT COUNT(*) FROM household_memberships WHERE valid_to IS NULL") == [
        (5,)
    ]


def test_keyworker_roster_creates_staff_teams_and_localities(borough, tmp_path: Path) -> None:
    roster = workbook(
        tmp_path / "keyworkers.xlsx",
        (
            "staff_ref",
            "name",
            "email",
            "team",
            "locality",
            "capacity_units",
            "specialisms",
            "languages",
        ),
        [
            (
                "S1",
                "Amina Yusuf",
                "amina.yusuf@example.gov.uk",
                "North Early Help",
                "North",
                12,
                "gangs;youth_justice",
                "English;Somali",
            ),
            (
                "S2",
                "Tom Reid",
                "tom.reid@example.gov.uk",
                "North Early Help",
                "North",
                None,
                "",
                "",
            ),
        ],
    )
    outcome = import_file(borough, roster, "keyworkers", today=TODAY)
    assert outcome.status == "accepted" and outcome.rows_loaded == 2
    staff = rows(borough, "SELECT staff_ref, role, capacity_units FROM staff ORDER BY staff_ref")
    assert [(ref, role, float(cap)) for ref, role, cap in staff] == [
        ("S1", "keyworker", 12.0),
        ("S2", "keyworker", 12.0),
    ]
    assert rows(
        borough, "SELECT t.name, l.name FROM teams t JOIN localities l ON l.id = t.locality_id"
    ) == [("North Early Help", "North")]
