"""Fact files: linking, provenance, idempotency, corrected re-sends, all-or-nothing, reports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

import imports.loading.facts as facts_module
import imports.loading.linking as linking
from imports.errors import ImportStopped
from imports.reading import FileRefused
from tests.loading.builders import incidents, workbook
from tests.loading.conftest import TODAY
from tests.support import import_file


def rows(container, sql: str) -> list[tuple]:
    with container.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(sql))]


INCIDENTS = [
    # forename, surname, dob, postcode, person_ref, nino, date, type, role, crime_ref
    (
        "Daniel",
        "Okafor",
        "02/07/2009",
        "QX1 1AA",
        "P2",
        None,
        "14/03/2026",
        "offence",
        "perpetrator",
        "CR1",
    ),
    (
        "Grace",
        "OKAFOR",
        "12/03/1985",
        None,
        None,
        "QQ 12 34 56 A",
        "14/03/2026",
        "offence",
        "victim",
        "CR1",
    ),
    (
        "Bob",
        "Brown",
        "05/05/1979",
        "QX2 2BB",
        None,
        None,
        "01/05/2026",
        "asb_incident",
        "perpetrator",
        "CR2",
    ),
    (
        "Kyle",
        "Brown",
        "30/01/2008",
        "QX9 9ZZ",
        None,
        None,
        "02/05/2026",
        "asb_incident",
        "witness",
        "CR3",
    ),
    (
        "Unknown",
        "Person",
        "01/01/1990",
        "QX5 5EE",
        None,
        None,
        "03/05/2026",
        "offence",
        "perpetrator",
        "CR4",
    ),
]


@pytest.mark.parametrize("read_by_value_below", [5_000, 0], ids=["rows-sharing-keys", "whole"])
def test_rows_link_by_each_rule_and_keep_their_roles_and_provenance(
    borough, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, read_by_value_below: int
) -> None:
    # A small file reads only the register rows sharing its ids and dates of birth; a big
    # one reads the whole register. Both must link exactly alike.
    monkeypatch.setattr(linking, "READ_BY_VALUE_BELOW", read_by_value_below)
    outcome = import_file(
        borough,
        incidents(tmp_path / "police_incidents.xlsx", INCIDENTS),
        "police_incidents",
        today=TODAY,
    )
    assert (outcome.status, outcome.rows_loaded, outcome.rows_unlinked) == ("accepted", 5, 1)
    linked = rows(
        borough,
        "SELECT f.source_row, p.person_ref, f.link_method, f.role FROM fact_police_incidents f "
        "LEFT JOIN people p ON p.id = f.person_id ORDER BY f.source_row",
    )
    assert linked == [
        (2, "P2", "person_ref", "perpetrator"),
        (3, "P1", "nino", "victim"),
        (4, "P4", "name_dob_postcode", "perpetrator"),  # Bob for Robert: surname + dob + postcode
        (5, "P5", "name_dob_postcode", "witness"),  # old postcode: forename + surname + dob
        (6, None, None, "perpetrator"),  # kept, unlinked, visible to the data officer
    ]
    batch = rows(
        borough,
        "SELECT file_name, sheet, status, rows_loaded FROM import_batches WHERE kind = 'police_incidents'",
    )
    assert batch == [("police_incidents.xlsx", "Data", "accepted", 5)]


def test_the_same_file_twice_changes_nothing(borough, tmp_path: Path) -> None:
    path = incidents(tmp_path / "police_incidents.xlsx", INCIDENTS)
    first = import_file(borough, path, "police_incidents", today=TODAY)
    second = import_file(borough, path, "police_incidents", today=TODAY)
    assert second.status == "unchanged" and second.batch_id == first.batch_id and second.accepted
    assert rows(borough, "SELECT COUNT(*) FROM fact_police_incidents") == [(5,)]
    assert rows(borough, "SELECT COUNT(*) FROM import_batches WHERE kind = 'police_incidents'") == [
        (1,)
    ]


def test_a_corrected_resend_for_a_declared_period_replaces_its_facts(
    borough, tmp_path: Path
) -> None:
    march_to_may = (dt.date(2026, 3, 1), dt.date(2026, 5, 31))
    first = import_file(
        borough,
        incidents(tmp_path / "q.xlsx", INCIDENTS),
        "police_incidents",
        today=TODAY,
        period=march_to_may,
    )
    corrected = [r for r in INCIDENTS if r[-1] != "CR4"]  # the sender withdrew one wrong row
    second = import_file(
        borough,
        incidents(tmp_path / "q-corrected.xlsx", corrected),
        "police_incidents",
        today=TODAY,
        period=march_to_may,
    )
    assert (second.status, second.rows_loaded, second.rows_replaced) == ("accepted", 4, 5)
    assert second.superseded_batch_id == first.batch_id
    assert rows(borough, "SELECT COUNT(*) FROM fact_police_incidents") == [(4,)]
    assert rows(borough, f"SELECT status FROM import_batches WHERE id = {first.batch_id}") == [
        ("superseded",)
    ]


def test_without_a_declared_period_a_resend_replaces_the_span_of_its_rows(
    borough, tmp_path: Path
) -> None:
    import_file(borough, incidents(tmp_path / "a.xlsx", INCIDENTS), "police_incidents", today=TODAY)
    fixed = [
        (*r[:8], "witness" if r[-1] == "CR2" else r[8], r[9]) for r in INCIDENTS
    ]  # one role corrected
    second = import_file(
        borough, incidents(tmp_path / "b.xlsx", fixed), "police_incidents", today=TODAY
    )
    assert (second.rows_loaded, second.rows_replaced) == (5, 5)
    assert rows(borough, "SELECT role FROM fact_police_incidents WHERE crime_ref = 'CR2'") == [
        ("witness",)
    ]
    assert (
        rows(
            borough,
            f"SELECT period_start, period_end FROM import_batches WHERE id = {second.batch_id}",
        )[0][0]
        is not None
    )


def test_a_resend_for_another_period_adds_to_the_earlier_facts(borough, tmp_path: Path) -> None:
    import_file(
        borough, incidents(tmp_path / "a.xlsx", INCIDENTS[:2]), "police_incidents", today=TODAY
    )
    later = import_file(
        borough, incidents(tmp_path / "b.xlsx", INCIDENTS[2:]), "police_incidents", today=TODAY
    )
    assert later.rows_replaced == 0
    assert rows(borough, "SELECT COUNT(*) FROM fact_police_incidents") == [(5,)]


def test_an_import_that_fails_part_way_leaves_the_database_as_it_was(
    borough, tmp_path: Path, monkeypatch
) -> None:
    path = incidents(tmp_path / "police_incidents.xlsx", INCIDENTS)
    real_insert = facts_module.bulk_insert

    def crash(*args, **kwargs):
        real_insert(*args, **kwargs)
        raise RuntimeError("the machine was switched off")

    monkeypatch.setattr(facts_module, "bulk_insert", crash)
    with pytest.raises(ImportStopped) as stopped:
        import_file(borough, path, "police_incidents", today=TODAY)
    # The message names the batch and the error's type, never its text (which can quote
    # a cell and reaches logs).
    assert "RuntimeError" in str(stopped.value) and "switched off" not in str(stopped.value)
    assert stopped.value.__suppress_context__
    assert rows(borough, "SELECT COUNT(*) FROM fact_police_incidents") == [(0,)]
    assert rows(borough, "SELECT status FROM import_batches WHERE kind = 'police_incidents'") == [
        ("failed",)
    ]
    monkeypatch.setattr(facts_module, "bulk_insert", real_insert)
    rerun = import_file(borough, path, "police_incidents", today=TODAY)
    assert rerun.status == "accepted" and rerun.rows_loaded == 5
    assert rows(borough, "SELECT COUNT(*) FROM fact_police_incidents") == [(5,)]


def test_bad_rows_are_reported_and_good_rows_load(borough, tmp_path: Path) -> None:
    bad = [
        *INCIDENTS[:2],
        (
            "Ruth",
            "Okafor",
            "19/11/2012",
            "QX1 1AA",
            "P3",
            None,
            "14/03/2026",
            "burglary",
            "victim",
            "CR9",
        ),
        (
            "Ruth",
            "Okafor",
            "19/11/2031",
            "QX1 1AA",
            "P3",
            None,
            "14/03/2026",
            "offence",
            "victim",
            "CR9",
        ),
    ]
    outcome = import_file(
        borough, incidents(tmp_path / "police_incidents.xlsx", bad), "police_incidents", today=TODAY
    )
    assert (outcome.status, outcome.rows_loaded, outcome.rows_rejected) == ("accepted", 2, 2)
    assert outcome.report_path and Path(outcome.report_path).is_file()
    sheet = load_workbook(outcome.report_path)["Rejected rows"]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    text_of_report = " ".join(str(v) for row in values for v in row if v is not None)
    assert "burglary" in text_of_report and "future" in text_of_report
    assert (
        rows(borough, "SELECT rows_rejected, report_path IS NOT NULL FROM import_batches")[-1][0]
        == 2
    )


def test_a_file_wrong_as_a_whole_loads_nothing_and_says_why(borough, tmp_path: Path) -> None:
    fake = tmp_path / "police_incidents.xlsx"
    fake.write_bytes(b"%PDF-1.7\n this is a PDF that somebody renamed")
    outcome = import_file(borough, fake, "police_incidents", today=TODAY)
    assert outcome.status == "rejected" and not outcome.accepted
    assert outcome.code == "not_a_spreadsheet"
    assert rows(borough, "SELECT COUNT(*) FROM fact_police_incidents") == [(0,)]
    assert rows(borough, "SELECT status FROM import_batches WHERE kind = 'police_incidents'") == [
        ("rejected",)
    ]


def test_school_terms_become_validity_periods_and_bad_years_are_rejected(
    borough, tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "school_attendance.xlsx",
        (
            "upn",
            "forename",
            "surname",
            "date_of_birth",
            "academic_year",
            "term",
            "sessions_possible",
            "sessions_authorised_absence",
            "sessions_unauthorised_absence",
        ),
        [
            ("A123456789012", "Daniel", "Okafor", "02/07/2009", "2025/26", "Autumn", 140, 4, 20),
            ("A123456789012", "Daniel", "Okafor", "02/07/2009", "2025/26", "spring", 120, 2, 1),
            ("B123456789012", "Ruth", "Okafor", "19/11/2012", "2025-2027", "summer", 130, 0, 0),
        ],
    )
    outcome = import_file(borough, path, "school_attendance", today=TODAY)
    assert (outcome.rows_loaded, outcome.rows_rejected) == (2, 1)
    terms = rows(
        borough,
        "SELECT term, valid_from, valid_to, link_method FROM fact_school_attendance ORDER BY valid_from",
    )
    assert [(t, str(a)[:10], str(b)[:10], m) for t, a, b, m in terms] == [
        ("autumn", "2025-09-01", "2025-12-31", "upn"),
        ("spring", "2026-01-01", "2026-03-31", "upn"),
    ]


def test_every_import_is_in_the_audit_trail_without_personal_data(borough, tmp_path: Path) -> None:
    import_file(
        borough,
        incidents(tmp_path / "police_incidents.xlsx", INCIDENTS),
        "police_incidents",
        today=TODAY,
    )
    events = rows(borough, "SELECT action, entity_type, detail FROM audit_events ORDER BY id")
    assert [e[:2] for e in events] == [("import", "import_batch"), ("import", "import_batch")]
    assert "Okafor" not in str(events) and "Grace" not in str(events)


IOM_HEADERS = ("nominal_ref", "forename", "surname", "date_of_birth", "postcode", "cohort")


def test_a_snapshot_list_holds_from_its_list_date_or_else_the_import_date(
    borough, tmp_path: Path
) -> None:
    listed = dt.date(2025, 12, 1)
    first = workbook(
        tmp_path / "iom_cohort.xlsx",
        IOM_HEADERS,
        [("IOM1", "Ann", "Lee", "01/02/1990", None, "fixed")],
    )
    dated = import_file(borough, first, "iom_cohort", today=TODAY, list_date=listed)
    later = workbook(
        tmp_path / "iom_cohort_2.xlsx",
        IOM_HEADERS,
        [("IOM2", "Ben", "Lee", "01/02/1991", None, "flex")],
    )
    undated = import_file(borough, later, "iom_cohort", today=TODAY, source="probation")

    assert (dated.status, undated.status) == ("accepted", "accepted")
    stored = rows(borough, "SELECT nominal_ref, valid_from FROM intel_iom_cohort ORDER BY id")
    assert [(ref, str(day)[:10]) for ref, day in stored] == [
        ("IOM1", "2025-12-01"),
        ("IOM2", TODAY.isoformat()),
    ]


def test_a_list_date_in_the_future_is_refused_and_nothing_loads(borough, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "iom_cohort.xlsx",
        IOM_HEADERS,
        [("IOM1", "Ann", "Lee", "01/02/1990", None, "fixed")],
    )
    batches = rows(borough, "SELECT count(*) FROM import_batches")
    with pytest.raises(FileRefused) as refused:
        import_file(
            borough, path, "iom_cohort", today=TODAY, list_date=TODAY + dt.timedelta(days=1)
        )

    assert "is in the future" in str(refused.value)
    assert rows(borough, "SELECT count(*) FROM intel_iom_cohort") == [(0,)]
    assert rows(borough, "SELECT count(*) FROM import_batches") == batches
