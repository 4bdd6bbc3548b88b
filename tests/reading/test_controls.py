"""A control character in a cell rejects that row, naming the column; the other rows load.

PostgreSQL cannot store a NUL, and a whole import used to fail on one (issue #12); SQLite
stored it, invisible. The database tests here run on both (``./dev test``).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from tests.reading.builders import TODAY, minimal_row, with_texts, xlsx
from tests.reading.conftest import Read
from tests.support import import_file
from workflow.bootstrap import Container
from workflow.templates import TEMPLATES

PEOPLE = TEMPLATES["people"]
REFERRALS = TEMPLATES["referrals"]
NUL_IN_SURNAME = (
    "Surname holds a control character (NUL), which the engine can’t store: remove it and "
    "send the row again"
)


def people_rows(surnames: list[str]) -> list[list[object]]:
    base = minimal_row(PEOPLE)
    return [
        [*(base | {"person_ref": f"P{i}", "surname": s, "forename": f"F{i}"}).values()]
        for i, s in enumerate(surnames, start=1)
    ]


def people_csv(path: Path, surnames: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(PEOPLE.names)
        writer.writerows(
            [v.strftime("%d/%m/%Y") if isinstance(v, dt.datetime) else v for v in row]
            for row in people_rows(surnames)
        )
    return path


def people_xlsx(path: Path, surnames: list[str]) -> Path:
    """A workbook whose surname cells hold ``surnames`` as Excel writes them (NUL: _x0000_)."""
    placeholders = {f"SURNAME{i}": s for i, s in enumerate(surnames)}
    xlsx(path, PEOPLE.names, people_rows(list(placeholders)))
    return with_texts(path, placeholders)


@pytest.mark.parametrize("build", [people_csv, people_xlsx], ids=["csv", "xlsx"])
def test_a_nul_in_a_name_rejects_its_row_only(build: object, tmp_path: Path, read: Read) -> None:
    path = build(tmp_path / "people", ["Lee", "Ok\x00afor", "Brown"])  # type: ignore[operator]

    result = read(path, "people")

    assert [(r.row, r.column, r.reason) for r in result.rejections] == [
        (3, "surname", NUL_IN_SURNAME)
    ]
    assert result.frame["surname"].tolist() == ["Lee", "Brown"]


@pytest.mark.parametrize(
    ("surname", "reason"),
    [
        ("Lee\tSmith", "Surname holds a tab, which this column can’t: put it on one line"),
        ("Lee\nSmith", "Surname holds a line break, which this column can’t: put it on one line"),
        ("Lee\rSmith", "Surname holds a line break, which this column can’t: put it on one line"),
        ("Lee\x1b[31m", "Surname holds a control character (ESC), which the engine can’t store"),
        ("Lee\x7f", "Surname holds a control character (DEL), which the engine can’t store"),
        ("Le\x85e", "Surname holds a control character (U+0085), which the engine can’t store"),
    ],
)
def test_tabs_line_breaks_and_other_controls_in_a_single_line_column(
    surname: str, reason: str, tmp_path: Path, read: Read
) -> None:
    result = read(people_csv(tmp_path / "people.csv", ["Lee", surname]), "people")

    (rejection,) = result.rejections
    assert (rejection.row, rejection.field) == (3, "surname")
    assert rejection.reason.startswith(reason)
    assert rejection.reason.endswith("send the row again")


def test_a_control_character_is_the_only_reason_given_for_its_cell(
    tmp_path: Path, read: Read
) -> None:
    rows = people_rows(["Lee"])
    rows[0][PEOPLE.names.index("date_of_birth")] = "DOB"
    rows[0][PEOPLE.names.index("sex")] = "SEX"
    path = with_texts(
        xlsx(tmp_path / "p.xlsx", PEOPLE.names, rows), {"DOB": "03/04/2012\x00", "SEX": "F\x00"}
    )

    result = read(path, "people")

    assert [r.reason for r in result.rejections] == [
        "Date of birth holds a control character (NUL), which the engine can’t store: remove "
        "it and send the row again",
        "Sex holds a control character (NUL), which the engine can’t store: remove it and send "
        "the row again",
    ]


def test_spaces_tabs_and_line_breaks_around_a_name_are_trimmed(tmp_path: Path, read: Read) -> None:
    result = read(people_csv(tmp_path / "people.csv", ["\tLee\r\n", " Brown\t"]), "people")

    assert result.rejections == []
    assert result.frame["surname"].tolist() == ["Lee", "Brown"]


def test_a_free_text_reason_keeps_its_line_breaks_but_not_a_nul(tmp_path: Path, read: Read) -> None:
    base = minimal_row(REFERRALS)
    reasons = ["Two lines:\nschool and housing", "Tab\tseparated", "Hidden\x00NUL"]
    placeholders = {f"REASON{i}": r for i, r in enumerate(reasons)}
    rows = [
        [*(base | {"referral_ref": f"R{i}", "reason": p}).values()]
        for i, p in enumerate(placeholders)
    ]
    path = with_texts(xlsx(tmp_path / "referrals.xlsx", REFERRALS.names, rows), placeholders)

    result = read(path, "referrals")

    assert result.frame["reason"].tolist() == reasons[:2]
    assert [(r.row, r.field) for r in result.rejections] == [(4, "reason")]
    assert "control character (NUL)" in result.rejections[0].reason


# ---------------------------------------------------------------- stored: SQLite and PostgreSQL


def stored_surnames(container: Container) -> list[str]:
    with container.engine.connect() as connection:
        found = connection.execute(text("SELECT surname FROM people ORDER BY person_ref"))
        return [row[0] for row in found]


@pytest.mark.parametrize("build", [people_csv, people_xlsx], ids=["csv", "xlsx"])
def test_an_import_with_a_nul_loads_the_other_rows(
    build: object, container: Container, migrated_engine: object, tmp_path: Path
) -> None:
    surnames = ["Lee", *(f"Ok\x00afor{i}" for i in range(3)), "Brown"]
    path = build(tmp_path / "people", surnames)  # type: ignore[operator]

    outcome = import_file(container, path, "people", today=TODAY)

    assert (outcome.status, outcome.rows_loaded, outcome.rows_rejected) == ("accepted", 2, 3)
    assert stored_surnames(container) == ["Lee", "Brown"]
    report = load_workbook(outcome.report_path)["Rejected rows"]
    listed = [(row[0].value, row[1].value) for row in report.iter_rows(min_row=2)]
    assert listed == [(3, NUL_IN_SURNAME), (4, NUL_IN_SURNAME), (5, NUL_IN_SURNAME)]
    assert report["F2"].value == "Ok\ufffdafor0"  # shown to the sender, the NUL made visible
