"""A subject access request: everything held about one person, in a workbook a data officer
can open, with the request itself in the audit trail. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text

from tests.screening.builders import Borough
from workflow.bootstrap import Container
from workflow.clock import FixedClock
from workflow.principal import Principal
from workflow.subject_access import PersonNotFound, person_record, write_person_record

D = dt.date
CLOCK = FixedClock(D(2026, 11, 23))
OFFICER = Principal.staff("DO1")


@pytest.fixture
def held(container: Container, migrated_engine) -> None:
    with container.engine.begin() as connection:
        b = Borough(connection)
        home = b.household("H1")
        mum = b.person("P1", born=D(1985, 1, 1), lives_in=home, moved_in=D(2020, 4, 1))
        connection.execute(
            text("UPDATE people SET surname = '=HYPERLINK(\"x\")' WHERE id = :i"), {"i": mum}
        )
        b.person("P2", born=D(2012, 5, 5), lives_in=home)  # her son: not in her record
        b.fact("police_incidents", mum, on=D(2026, 1, 9))
        b.fact("benefits", mum, on=D(2024, 1, 1), until=D(2025, 2, 1))
        b.fact("gangs_matrix", mum, on=D(2025, 1, 1))


def _sheets(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def test_the_workbook_holds_the_person_their_households_and_every_partner_row(
    container: Container, held: None, tmp_path: Path
) -> None:
    record = person_record(
        "P1", uow=container.uow(), actor=OFFICER, clock=CLOCK, purpose="SAR 2026/114"
    )
    path = write_person_record(record, tmp_path / "p1.xlsx")
    sheets = _sheets(path)

    assert list(sheets)[:4] == ["Read me", "Person", "Households", "Police incidents"]
    assert "Benefits" in sheets and "Police list - gangs matrix" in sheets
    assert sheets["Read me"][0] == ("Person", "P1")
    assert sheets["Read me"][1] == ("Made", "23/11/2026 at 09:00")
    person = sheets["Person"]
    assert person[0][:4] == ("Person ref", "Forename", "Surname", "Date of birth")
    assert person[1][:4] == ("P1", "P1", '=HYPERLINK("x")', dt.datetime(1985, 1, 1))
    households = sheets["Households"]
    assert [row[0] for row in households[1:]] == ["H1"]
    assert households[1][4] == dt.datetime(2020, 4, 1)
    assert len(sheets["Police incidents"]) == 2  # the header and her one incident
    assert len(sheets["Benefits"]) == 2
    # the other member of the household has no sheet and no row of his own
    assert all("P2" not in str(row) for name, rows in sheets.items() for row in rows)


def test_no_text_from_the_register_runs_as_a_formula(
    container: Container, held: None, tmp_path: Path
) -> None:
    record = person_record("P1", uow=container.uow(), actor=OFFICER, clock=CLOCK, purpose="SAR")
    path = write_person_record(record, tmp_path / "p1.xlsx")
    cell = openpyxl.load_workbook(path)["Person"]["C2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("x")'
    assert cell.quotePrefix


def test_police_intelligence_can_be_left_out(
    container: Container, held: None, tmp_path: Path
) -> None:
    record = person_record(
        "P1",
        uow=container.uow(),
        actor=OFFICER,
        clock=CLOCK,
        purpose="SAR",
        include_intelligence=False,
    )
    sheets = _sheets(write_person_record(record, tmp_path / "p1.xlsx"))
    assert not [name for name in sheets if name.startswith("Police list")]
    assert "Household flags" not in sheets
    assert sheets["Read me"][2] == ("Police intelligence", "left out, as asked")


def test_the_request_is_in_the_audit_trail(container: Container, held: None) -> None:
    person_record("P1", uow=container.uow(), actor=OFFICER, clock=CLOCK, purpose="SAR 2026/114")
    with container.engine.connect() as connection:
        events = connection.execute(
            text(
                "SELECT actor, action, entity_type, entity_id, purpose FROM audit_events "
                "WHERE action = 'subject_access_export'"
            )
        ).all()
    assert [tuple(e) for e in events] == [
        ("DO1", "subject_access_export", "person", "P1", "SAR 2026/114")
    ]


def test_an_unknown_person_is_named_and_nothing_is_recorded(
    container: Container, held: None
) -> None:
    with pytest.raises(PersonNotFound, match="There is no person ‘P9’ in the register"):
        person_record("P9", uow=container.uow(), actor=OFFICER, clock=CLOCK, purpose="SAR")
    with container.engine.connect() as connection:
        count = connection.execute(
            text("SELECT count(*) FROM audit_events WHERE action = 'subject_access_export'")
        ).scalar_one()
    assert count == 0
