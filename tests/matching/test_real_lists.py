"""Matching on what real police lists carry: names swapped, partial identities, dates
that cannot exist, addresses, and a list whose postcode column is empty (issue #13)."""

from __future__ import annotations

import itertools

import pandas as pd

from imports.linkage.cleaning import split_address, written_dob
from imports.linkage.decide import Remembered
from imports.linkage.pipeline import run

FORENAMES = [
    "Joshua",
    "Amelia",
    "Oliver",
    "Isla",
    "Harry",
    "Ava",
    "Jack",
    "Mia",
    "Leo",
    "Zara",
    "Noah",
    "Freya",
    "Arlo",
    "Ivy",
    "Theo",
    "Elsie",
    "Finn",
    "Nia",
    "Omar",
    "Ruby",
]
SURNAMES = [
    "Wardle",
    "Khan",
    "Smith",
    "Jones",
    "Okafor",
    "Brown",
    "Patel",
    "Evans",
    "Nowak",
    "Hughes",
    "Begum",
    "Clarke",
    "Dunne",
    "Ellis",
    "Fraser",
    "Grant",
    "Hall",
    "Irving",
    "Joyce",
    "Kerr",
]
STREETS = ["Acacia Road", "Mill Lane", "Church Street", "Park Avenue"]


def register(size: int = 360) -> pd.DataFrame:
    """``size`` people, each with their own forename and surname pair, born on different
    days, each at their own address (on one of four streets) and postcode."""
    names = [(f, s) for s, f in itertools.product(SURNAMES, FORENAMES)]
    people = []
    for i in range(size):
        forename, surname = names[i % len(names)]
        people.append(
            {
                "person_id": i + 1,
                "person_ref": f"P{i + 1:05d}",
                "forename": forename,
                "surname": surname,
                "date_of_birth": pd.Timestamp(1970, 1, 1) + pd.Timedelta(days=97 * i),
                "sex": None,
                "postcode": f"QX{1 + i // 100} {i % 10}{'ABCDEFGHJK'[i // 10 % 10]}B",
                "address_line1": f"{i + 1} {STREETS[i % 4]}",
                "household_id": i + 1,
                "household_ref": f"H{i + 1:05d}",
                "history": [],
            }
        )
    return pd.DataFrame(people).astype({"household_id": "Int64"})


def nominal(row_id: int, **values: object) -> dict[str, object]:
    return {
        "kind": "gangs_matrix",
        "row_id": row_id,
        "nominal_ref": f"GM{row_id}",
        "batch_id": 1,
        "source_row": row_id + 1,
        "forename": None,
        "surname": None,
        "date_of_birth": pd.NaT,
        "postcode": None,
        "aliases": [],
        "seen_on": pd.Timestamp(2026, 11, 1),
        "person_id": pd.NA,
        "household_id": pd.NA,
        "link_method": None,
        "file_name": "gangs.xlsx",
    } | values


def nominals(*rows: dict[str, object]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows))
    frame["date_of_birth"] = pd.to_datetime(frame["date_of_birth"])
    return frame.astype({"person_id": "Int64", "household_id": "Int64"})


def with_others(*rows: dict[str, object]) -> pd.DataFrame:
    """``rows`` among 100 nominals copied exactly from people 201 to 300 (a list is never
    one row: the model's chance agreements are estimated over the whole list)."""
    people = register()
    others = [
        nominal(
            1000 + i,
            forename=p["forename"],
            surname=p["surname"],
            date_of_birth=p["date_of_birth"],
            postcode=p["postcode"],
        )
        for i, (_, p) in enumerate(people.iloc[200:300].iterrows())
    ]
    return nominals(*rows, *others)


def outcomes(frame: pd.DataFrame, people: pd.DataFrame) -> dict[str, tuple[str, str]]:
    result, _ = run(frame, people, model=None, remembered=Remembered())
    decisions = result.decisions[result.decisions["nominal_ref"].str.len() < 5]
    best = decisions.sort_values("weight", ascending=False).drop_duplicates("nominal_ref")
    return {
        str(r["nominal_ref"]): (str(r["person_ref"]), str(r["outcome"])) for _, r in best.iterrows()
    }


def test_forename_and_surname_in_each_other_columns_are_recognised_and_linked() -> None:
    people = register()
    # P00001 is Joshua Wardle, born 01/01/1970, 1 Acacia Road, QX1 0AB.
    frame = with_others(
        nominal(
            1,
            forename="Wardle",
            surname="Joshua",
            date_of_birth="1970-01-01",
            postcode="QX1 0AB",
        )
    )
    result, _ = run(frame, people, model=None, remembered=Remembered())
    row = result.decisions.set_index("nominal_ref").loc["GM1"]
    assert (row["person_ref"], row["outcome"]) == ("P00001", "link")
    assert row["level_forename"] == "forename and surname in each other's columns"
    assert row["level_surname"] == "forename and surname in each other's columns"


def test_a_partial_identity_is_matched_on_what_it_carries_and_thin_evidence_goes_to_review() -> (
    None
):
    people = register()
    # P00002 is Amelia Wardle, born 08/04/1970, 2 Mill Lane, QX1 1AB.
    frame = with_others(
        # only a name and a postcode: thin, so review, not a link
        nominal(1, forename="Amelia", surname="Wardle", postcode="QX1 1AB"),
        # name, postcode and the house number and street agree: strong enough to link
        nominal(
            2,
            forename="Amelia",
            surname="Wardle",
            postcode="QX1 1AB",
            address_line1="2 Mill Ln",
        ),
    )
    found = outcomes(frame, people)
    assert found["GM1"] == ("P00002", "review")
    assert found["GM2"] == ("P00002", "link")


def test_a_date_that_cannot_exist_is_kept_as_written_and_still_compared() -> None:
    assert written_dob("19960094") == "1996-00-94"
    assert written_dob("31/02/1996") == "1996-02-31"
    assert written_dob("not known") is None
    people = register()
    # P00003 is Oliver Wardle, born 14/07/1970 at QX1 2AB: written 1970-07-94 (a digit wrong)
    frame = with_others(
        nominal(
            1,
            forename="Oliver",
            surname="Wardle",
            postcode="QX1 2AB",
            date_of_birth_as_written="19700794",
        )
    )
    result, _ = run(frame, people, model=None, remembered=Remembered())
    row = result.decisions.set_index("nominal_ref").loc["GM1"]
    assert row["person_ref"] == "P00003"
    assert row["level_date_of_birth"] == "one digit different"
    assert result.incomplete == [
        {
            "kind": "gangs_matrix",
            "nominal_ref": "GM1",
            "row": 2,
            "missing": "a date of birth that cannot exist (compared as written)",
        }
    ]


def test_addresses_are_normalised_before_they_are_compared() -> None:
    assert split_address("12 Acacia Rd.") == ("12", "acacia road")
    assert split_address("Flat 3, 12A Mill Ln") == ("12a", "mill lane")
    assert split_address("Mill Lane") == (None, "mill lane")
    assert split_address("  ") == (None, None)


def test_an_address_the_person_lived_at_before_counts_from_the_address_history() -> None:
    people = register()
    # P00004 is Isla Wardle, born 19/10/1970, who moved from 77 Old Street
    people["address_history"] = [["77 Old Street"] if i == 3 else [] for i in range(len(people))]
    frame = with_others(
        nominal(
            1,
            forename="Isla",
            surname="Wardle",
            date_of_birth="1970-10-19",
            address_line1="77 old st",
        )
    )
    result, _ = run(frame, people, model=None, remembered=Remembered())
    row = result.decisions.set_index("nominal_ref").loc["GM1"]
    assert row["person_ref"] == "P00004"
    assert row["level_address"] == "a house number and street the person lived at before"


def test_training_carries_on_when_the_lists_postcode_column_is_empty() -> None:
    people = register()
    rows = [
        nominal(
            i + 1,
            forename=p["forename"],
            surname=p["surname"],
            date_of_birth=p["date_of_birth"],
        )
        for i, (_, p) in enumerate(people.head(200).iterrows())
    ]
    result, model = run(nominals(*rows), people, model=None, remembered=Remembered())
    assert set(model.not_estimated) == {"postcode", "date_of_birth", "address"}
    assert "no nominal has a postcode: no pairs to learn from" in model.training_notes
    assert len(result.decisions) > 0
