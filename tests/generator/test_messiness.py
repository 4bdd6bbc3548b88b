"""Partner files are messy the way real ones are, without losing any row's meaning."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd

from tests.generator.helpers import Generated
from workflow.templates import KINDS, TEMPLATES

TEXT_DATE = r"^(\d{2}/\d{2}/\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2} [A-Z][a-z]{2} \d{4})$"


def _date_columns(borough: Generated, kind: str) -> list[int]:
    template = TEMPLATES[kind]
    names = {c.name: {c.name, *c.aliases} for c in template.columns if c.type == "date"}
    headers = borough.headers(kind)
    return [i for i, h in enumerate(headers) if any(h in spellings for spellings in names.values())]


def test_some_headers_are_aliases_and_every_header_is_known_or_extra(borough: Generated) -> None:
    aliased = 0
    extras = set()
    for kind in KINDS:
        template = TEMPLATES[kind]
        known = {c.name for c in template.columns} | {
            a for c in template.columns for a in c.aliases
        }
        for header in borough.headers(kind):
            if header not in known:
                extras.add(header)
            elif header not in template.names:
                aliased += 1
    assert aliased >= 20
    assert extras and extras <= {
        "Notes",
        "Officer",
        "Comments",
        "Caseworker",
        "Last Updated By",
        "Source System",
    }


def test_some_headers_sit_under_a_title_and_a_blank_row(borough: Generated) -> None:
    below = [k for k in KINDS if borough.header_row(k) > 1]
    on_top = [k for k in KINDS if borough.header_row(k) == 1]
    assert "police_incidents" in below and on_top
    sheet = borough.sheet("police_incidents")
    assert str(sheet.iat[0, 0]) == "Police incidents extract — produced 14/09/2026"
    assert sheet.iloc[1].isna().all()


def test_column_order_is_shuffled_in_some_files(borough: Generated) -> None:
    shuffled = 0
    for kind in KINDS:
        template = TEMPLATES[kind]
        lookup = {h: c.name for c in template.columns for h in (c.name, *c.aliases)}
        order = [lookup[h] for h in borough.headers(kind) if h in lookup]
        shuffled += order != [n for n in template.names if n in order]
    assert shuffled >= 2


def test_dates_come_as_real_dates_serial_numbers_and_text(borough: Generated) -> None:
    kinds = {"real": 0, "serial": 0, "text": 0}
    for kind in ("police_incidents", "benefits", "social_care"):
        sheet = borough.sheet(kind).iloc[borough.header_row(kind) :]
        for column in _date_columns(borough, kind):
            values = sheet[column].dropna()
            kinds["real"] += values.map(lambda v: isinstance(v, dt.datetime | pd.Timestamp)).sum()
            kinds["serial"] += values.map(lambda v: isinstance(v, int | float)).sum()
            text = values[values.map(lambda v: isinstance(v, str))]
            assert text.str.match(TEXT_DATE).all()
            kinds["text"] += len(text)
    assert kinds["real"] > kinds["text"] > 0 and kinds["serial"] > 0


def test_real_dates_are_date_cells_for_openpyxl_too(borough: Generated) -> None:
    book = openpyxl.load_workbook(borough.workbook("people"), read_only=True)
    sheet = book.active
    assert sheet is not None
    seen = [
        c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, dt.datetime)
    ]
    book.close()
    assert len(seen) > 100


def test_identifiers_are_often_missing_as_partners_hold_them(borough: Generated) -> None:
    police = borough.truth("rows_police_incidents")
    sheet = borough.sheet("police_incidents").iloc[borough.header_row("police_incidents") :]
    headers = borough.headers("police_incidents")
    nino = next(
        i
        for i, h in enumerate(headers)
        if h in TEMPLATES["police_incidents"].column("nino").aliases + ("nino",)
    )
    person_ref = next(
        i
        for i, h in enumerate(headers)
        if h in TEMPLATES["people"].column("person_ref").aliases + ("person_ref",)
    )
    filled = sheet.dropna(how="all")
    assert len(filled) == len(police)
    assert filled[nino].isna().mean() > 0.8
    assert filled[person_ref].isna().mean() > 0.95
    schools = (
        borough.sheet("school_attendance")
        .iloc[borough.header_row("school_attendance") :]
        .dropna(how="all")
    )
    upn = next(
        i
        for i, h in enumerate(borough.headers("school_attendance"))
        if h in ("upn", "UPN", "Unique Pupil Number", "Pupil Number")
    )
    assert schools[upn].notna().mean() > 0.9


def test_flags_and_codes_are_spelt_in_several_ways(borough: Generated) -> None:
    flags: set[str] = set()
    codes: set[str] = set()
    for kind in KINDS:
        template = TEMPLATES[kind]
        sheet = borough.sheet(kind).iloc[borough.header_row(kind) :]
        headers = borough.headers(kind)
        for column in template.columns:
            spellings = {column.name, *column.aliases}
            index = next((i for i, h in enumerate(headers) if h in spellings), None)
            if index is None:
                continue
            values = {str(v) for v in sheet[index].dropna()}
            if column.type == "flag":
                flags |= values
            elif column.type == "code":
                codes |= {v for v in values if v != v.strip().lower()}
    assert len(flags) >= 4
    assert {"Y", "N"} & flags
    assert any(v != v.strip() for v in codes) and any(v.isupper() for v in codes)


def test_stray_blank_rows_inside_some_files(borough: Generated) -> None:
    gaps = 0
    for kind in KINDS:
        rows = borough.truth(f"rows_{kind}")["row"].astype(int).sort_values()
        gaps += int((rows.diff().dropna() > 1).sum())
    assert gaps > 0
