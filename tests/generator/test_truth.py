"""The ground truth matches the files: one truth row per data row, at the right sheet row."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from synth.names import NICKNAMES
from tests.generator.helpers import Generated
from workflow.templates import KINDS, TEMPLATES

FORENAME = {"forename", *TEMPLATES["people"].column("forename").aliases}
SURNAME = {"surname", *TEMPLATES["people"].column("surname").aliases}


@pytest.mark.parametrize("kind", KINDS)
def test_every_data_row_has_exactly_one_truth_row(borough: Generated, kind: str) -> None:
    truth = borough.truth(f"rows_{kind}")
    assert len(truth) == borough.summary.rows_by_kind[kind]
    assert set(truth["file"]) == {f"{kind}.xlsx"}
    rows = truth["row"].astype(int)
    assert rows.is_unique
    sheet = borough.sheet(kind)
    filled = np.flatnonzero(sheet.notna().any(axis=1).to_numpy()) + 1
    data = filled[filled > borough.header_row(kind)]
    assert np.array_equal(np.sort(rows.to_numpy()), data)


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "keyworkers"])
def test_rows_point_at_the_right_person(borough: Generated, kind: str) -> None:
    """Names read back from the cited cells are the true person's, or differ as recorded."""
    truth = borough.truth(f"rows_{kind}")
    headers = borough.headers(kind)
    forename = next((i for i, h in enumerate(headers) if h in FORENAME), None)
    surname = next((i for i, h in enumerate(headers) if h in SURNAME), None)
    assert forename is not None and surname is not None
    people = borough.truth("people").set_index("person_ref")
    outsiders = borough.truth("out_of_borough").set_index("outsider_ref")
    sheet = borough.sheet(kind)
    checked = 0
    for _, row in truth.iterrows():
        if row["subject"] == "person":
            true = people.loc[row["person_ref"]]
        elif row["subject"] == "not_in_register":
            assert row["person_ref"] == "not in register"
            true = outsiders.loc[row["outsider_ref"]]
        else:
            continue
        for column, name in ((forename, "forename"), (surname, "surname")):
            cell = sheet.iat[int(row["row"]) - 1, column]
            if pd.isna(cell):
                continue
            checked += 1
            _assert_same_name(str(cell), true[name], name, row["noise"])
    assert checked > 0


def _assert_same_name(cell: str, true: str, column: str, noise: str) -> None:
    tags = {t.split(":")[1] for t in noise.split(";") if t.startswith(f"{column}:")}
    if not tags:
        assert cell == true
    elif tags == {"case"}:
        assert cell.casefold() == true.casefold() and cell != true
    elif tags == {"spaces"}:
        assert cell.strip() == true and cell != true
    elif tags == {"nickname"}:
        assert cell in NICKNAMES[true]
    elif tags == {"hyphen"}:
        assert cell.replace(" ", "").replace("'", "") in true.replace("-", "").replace("'", "")
    else:  # a typo: the same length give or take a letter, mostly the same letters
        assert tags <= {"transposed", "dropped_letter"}
        assert abs(len(cell) - len(true)) <= 1 and cell != true
        assert len(set(cell.lower()) ^ set(true.lower())) <= 2


def test_subjects_are_people_households_outsiders_or_staff(borough: Generated) -> None:
    subjects = pd.concat([borough.truth(f"rows_{k}")["subject"] for k in KINDS])
    assert set(subjects) == {"person", "household", "not_in_register", "staff"}
    housing = borough.truth("rows_housing")
    whole = housing[housing["subject"] == "household"]
    assert len(whole) > 0 and (whole["person_ref"] == "").all()
    assert whole["household_ref"].str.match(r"^H\d{6}$").all()


def test_people_truth_has_canonical_identities(borough: Generated) -> None:
    people = borough.truth("people")
    assert people["person_ref"].str.match(r"^P\d{7}$").all()
    assert people["person_ref"].is_unique
    ninos = people.loc[people["nino"] != "", "nino"]
    assert ninos.str.match(r"^Q[A-Z]\d{6}[A-D]$").all() and ninos.is_unique
    assert (ninos.str[:2] == "QQ").all()  # HMRC's example prefix while there are enough
    upns = people.loc[people["upn"] != "", "upn"]
    assert upns.str.match(r"^[A-Z]\d{12}$").all() and upns.is_unique
    assert people["postcode"].str.match(r"^QX\d{1,2} \d[A-Z]{2}$").all()


def test_memberships_record_moves_with_dates(borough: Generated) -> None:
    memberships = borough.truth("memberships")
    moved = memberships[memberships["to"] != ""]
    assert len(moved) > 0
    people = borough.truth("people").set_index("person_ref")
    for ref, rows in memberships[memberships["person_ref"].isin(moved["person_ref"])].groupby(
        "person_ref"
    ):
        assert len(rows) == 2
        old, new = rows.iloc[0], rows.iloc[1]
        assert old["to"] == new["from"] and old["household_ref"] != new["household_ref"]
        assert people.loc[ref, "household_ref"] == new["household_ref"]


def test_old_addresses_are_recorded_where_partners_hold_them(borough: Generated) -> None:
    tagged = pd.concat(
        [borough.truth(f"rows_{k}") for k in ("police_incidents", "school_attendance", "benefits")]
    )
    assert tagged["noise"].str.contains("postcode:old_address").any()


def test_deliberately_invalid_rows_are_few_and_explained(borough: Generated) -> None:
    every = pd.concat([borough.truth(f"rows_{k}").assign(kind=k) for k in KINDS])
    bad = every[every["deliberately_invalid"] == "Y"]
    assert 0.001 <= len(bad) / len(every) <= 0.01
    assert (bad["invalid_reason"] != "").all()
    assert (every.loc[every["deliberately_invalid"] == "N", "invalid_reason"] == "").all()
    assert {"school_attendance", "police_incidents", "health"} <= set(bad["kind"])


def test_an_invalid_attendance_row_really_is_invalid(borough: Generated) -> None:
    truth = borough.truth("rows_school_attendance")
    bad = truth[truth["deliberately_invalid"] == "Y"].iloc[0]
    assert "greater than sessions_possible" in bad["invalid_reason"]
    headers = borough.headers("school_attendance")
    possible = headers.index(
        next(
            h
            for h in headers
            if h in ("sessions_possible", "Sessions Possible", "Possible Sessions")
        )
    )
    unauthorised = headers.index(next(h for h in headers if "nauth" in h))
    row = borough.sheet("school_attendance").iloc[int(bad["row"]) - 1]
    assert float(row[unauthorised]) > float(row[possible])
