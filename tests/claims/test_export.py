"""The finance export opens cleanly: values, formats, totals and neutralised cells, read
back with openpyxl; the forecast and the seeded audit sample."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text

from tests.claims.conftest import AUDITOR, CLOCK, FINANCE, KEYWORKER, SENIOR, Families
from tests.claims.test_claim_cycle import _built
from tests.support import rules
from workflow.claims.export import audit_sample, export_window, forecast
from workflow.claims.service import (
    WindowNotApproved,
    approve_window,
    prepare_claim,
    submit_window,
)

HOSTILE = '=HYPERLINK("http://example.invalid","click")'


def _approved(families: Families) -> int:
    window = _built(families)
    prepare_claim(
        "H2",
        window,
        uow=families.container.uow(),
        clock=CLOCK,
        actor=SENIOR,
        catalogue=rules(families.container),
        override_reason=HOSTILE,
        outcome="crime_asb_education",
    )
    approve_window(window, uow=families.container.uow(), clock=CLOCK, actor=AUDITOR)
    return window


def test_exporting_an_unapproved_window_is_refused(families: Families, tmp_path: Path) -> None:
    window = _built(families)
    with pytest.raises(WindowNotApproved, match="its claims are not all approved yet"):
        export_window(
            window, tmp_path / "out", uow=families.container.uow(), clock=CLOCK, actor=FINANCE
        )
    assert not (tmp_path / "out").exists()


def test_the_workbook_reads_back_with_totals_formats_and_safe_text(
    families: Families, tmp_path: Path
) -> None:
    window = _approved(families)
    report = export_window(
        window, tmp_path, uow=families.container.uow(), clock=CLOCK, actor=FINANCE
    )
    # 3 attachment fees of £3,200, H1's £800 employment result, H2's £700 override.
    assert (report.claims, report.total, report.overrides) == (5, Decimal("11100.00"), 1)
    book = openpyxl.load_workbook(report.workbook)
    assert book.sheetnames == ["Summary", "Claims", "Evidence", "Overrides"]
    claims = book["Claims"]
    assert claims.freeze_panes == "C2"
    header = [c.value for c in claims[1]]
    assert header[:6] == [
        "Claim",
        "Family reference",
        "Claimed for",
        "Criteria met",
        "Attached on",
        "Amount",
    ]
    rows = [[c.value for c in row] for row in claims.iter_rows(min_row=2)]
    by = {(r[1], r[2]): r for r in rows}
    assert sorted(by) == [
        ("H1", "Attachment fee"),
        ("H1", "Continuous employment"),
        ("H2", "Attachment fee"),
        ("H2", "Crime, anti-social behaviour and education"),
        ("H3", "Attachment fee"),
    ]
    amount_cell = claims.cell(row=2, column=6)
    assert amount_cell.number_format == '"£"#,##0.00'
    assert isinstance(amount_cell.value, float | int)
    assert claims.cell(row=2, column=5).number_format == "dd/mm/yyyy"
    assert by[("H1", "Continuous employment")][4] == dt.datetime(2013, 1, 15)
    assert sum(Decimal(str(r[5])) for r in rows) == Decimal("11100.00")
    summary = [[c.value for c in row] for row in book["Summary"].iter_rows(min_row=2)]
    assert summary[-1][0] == "Total" and Decimal(str(summary[-1][2])) == Decimal("11100.00")
    assert ["Crime, anti-social behaviour and education (equivalent progress)", 1, 700] in summary
    overrides = book["Overrides"]
    reason = overrides.cell(row=2, column=6)
    assert reason.value == HOSTILE and reason.data_type == "s" and reason.quotePrefix
    evidence = [[c.value for c in row] for row in book["Evidence"].iter_rows(min_row=2)]
    assert evidence and all(r[4] and r[6] for r in evidence)
    assert not {"gangs_matrix", "iom_cohort"} & {str(r[2]) for r in evidence}
    with report.csv.open(encoding="utf-8", newline="") as handle:
        csv_rows = list(csv.reader(handle))
    assert len(csv_rows) == 6
    with families.container.engine.connect() as connection:
        stored = connection.execute(
            text(f"SELECT SUM(amount) FROM claims WHERE window_id = {window}")
        ).scalar_one()
    assert Decimal(str(stored)) == report.total


def test_the_sample_is_the_same_for_the_same_seed(families: Families, tmp_path: Path) -> None:
    window = _approved(families)
    submit_window(window, uow=families.container.uow(), clock=CLOCK, actor=FINANCE)
    first, path = audit_sample(
        window, 2, 42, tmp_path, uow=families.container.uow(), clock=CLOCK, actor=AUDITOR
    )
    again, _ = audit_sample(
        window, 2, 42, tmp_path, uow=families.container.uow(), clock=CLOCK, actor=AUDITOR
    )
    assert first == again and len(first) == 2
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Sample", "Measures", "Evidence", "History"]
    history = [[c.value for c in row] for row in book["History"].iter_rows(min_row=2)]
    assert {r[0] for r in history} == set(first)
    assert [r[3] for r in history if r[0] == first[0]] == [
        "prepare",
        "check_evidence",
        "approve",
        "submit",
    ]


def test_the_forecast_lists_what_each_family_is_missing(families: Families) -> None:
    _built(families)
    found = forecast(
        "troubled-families-2012",
        dt.date(2013, 9, 30),
        uow=families.container.uow(),
        actor=KEYWORKER,
        catalogue=rules(families.container),
    )
    assert [f["household_ref"] for f in found] == ["H2", "H3"]
    h3 = found[1]
    assert h3["likely"] is None
    assert any("the whole-family rule" in m for m in h3["missing"])
