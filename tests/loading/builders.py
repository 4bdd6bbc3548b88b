"""Readable builders for small partner workbooks, written in a test's tmp_path."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

PEOPLE_HEADERS = (
    "person_ref",
    "household_ref",
    "forename",
    "surname",
    "date_of_birth",
    "sex",
    "address_line1",
    "postcode",
    "nino",
    "upn",
    "relationship",
)


def workbook(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def a_borough(path: Path) -> Path:
    """Two households, five people: the Okafors at QX1 1AA and the Browns at QX2 2BB."""
    return workbook(
        path,
        PEOPLE_HEADERS,
        [
            (
                "P1",
                "H1",
                "Grace",
                "Okafor",
                "12/03/1985",
                "F",
                "1 Elm Road",
                "QX1 1AA",
                "QQ123456A",
                None,
                "head",
            ),
            (
                "P2",
                "H1",
                "Daniel",
                "Okafor",
                "02/07/2009",
                "M",
                "1 Elm Road",
                "QX1 1AA",
                None,
                "A123456789012",
                "child",
            ),
            (
                "P3",
                "H1",
                "Ruth",
                "Okafor",
                "19/11/2012",
                "F",
                "1 Elm Road",
                "QX1 1AA",
                None,
                "B123456789012",
                "child",
            ),
            (
                "P4",
                "H2",
                "Robert",
                "Brown",
                "05/05/1979",
                "M",
                "7 Ash Lane",
                "QX2 2BB",
                "QQ654321B",
                None,
                "head",
            ),
            (
                "P5",
                "H2",
                "Kyle",
                "Brown",
                "30/01/2008",
                "M",
                "7 Ash Lane",
                "QX2 2BB",
                None,
                None,
                "child",
            ),
        ],
    )


INCIDENT_HEADERS = (
    "forename",
    "surname",
    "date_of_birth",
    "postcode",
    "person_ref",
    "nino",
    "incident_date",
    "incident_type",
    "role",
    "crime_ref",
)


def incidents(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    return workbook(path, INCIDENT_HEADERS, rows)
