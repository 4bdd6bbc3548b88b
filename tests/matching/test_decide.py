"""Deciding from scored pairs: thresholds, close rivals, remembered decisions, household
evidence, and nominals matching refuses to judge."""

from __future__ import annotations

import pandas as pd

from imports.linkage.decide import (
    HOUSEHOLD_BONUS,
    LINK,
    OLD_ADDRESS_PENALTY,
    REVIEW,
    Remembered,
    adjust,
    decide,
    evidence,
)
from imports.linkage.model import Thresholds
from imports.linkage.pipeline import incomplete_of, prepare_nominals

LIMITS = Thresholds(upper=10.0, lower=2.0)


def pair(uid: str, person: str, weight: float, **more: object) -> dict[str, object]:
    return {
        "nominal_uid": uid,
        "kind": "gangs_matrix",
        "nominal_ref": uid.upper(),
        "person_ref": person,
        "person_id": int(person[1:]),
        "household_id": 1,
        "row_id": 1,
        "match_weight": weight,
        "weight": weight,
    } | more


def outcomes(frame: pd.DataFrame) -> set[tuple[str, str, str]]:
    return {(r.nominal_uid, r.person_ref, r.outcome) for r in frame.itertuples()}


def test_above_the_upper_threshold_with_no_rival_is_a_link_between_is_review_below_nothing() -> (
    None
):
    pairs = pd.DataFrame([pair("a", "P1", 15.0), pair("b", "P2", 5.0), pair("c", "P3", 1.0)])
    assert outcomes(decide(pairs, LIMITS, Remembered())) == {("a", "P1", LINK), ("b", "P2", REVIEW)}


def test_a_close_rival_sends_both_people_to_review_instead_of_linking() -> None:
    pairs = pd.DataFrame([pair("a", "P1", 15.0), pair("a", "P2", 12.0)])
    assert outcomes(decide(pairs, LIMITS, Remembered())) == {
        ("a", "P1", REVIEW),
        ("a", "P2", REVIEW),
    }


def test_a_rejected_pair_never_returns_and_an_accepted_one_is_linked_whatever_its_score() -> None:
    pairs = pd.DataFrame([pair("a", "P1", 20.0), pair("a", "P2", 3.0), pair("b", "P3", 25.0)])
    remembered = Remembered(
        accepted=frozenset({("gangs_matrix", "A", "P2")}),
        rejected=frozenset({("gangs_matrix", "B", "P3")}),
    )
    assert outcomes(decide(pairs, LIMITS, remembered)) == {("a", "P2", LINK)}


def test_another_member_of_the_household_on_a_list_raises_the_weight() -> None:
    nominals = pd.DataFrame(
        {
            "uid": ["n1", "n2"],
            "kind": ["gangs_matrix", "gangs_matrix"],
            "nominal_ref": ["GM1", "GM2"],
            "person_id": pd.array([7, pd.NA], dtype="Int64"),
            "household_id": pd.array([1, pd.NA], dtype="Int64"),
            "postcode_key": ["QX11AA", "QX11AA"],
        }
    )
    pairs = pd.DataFrame([pair("n2", "P8", 6.0, nominal_ref="GM2", household_id=1, seen_on=pd.NaT)])
    register = pd.DataFrame({"person_id": [7, 8], "history": [[], []]})
    adjusted = adjust(pairs, nominals, register, LIMITS.upper)
    assert adjusted.loc[0, "weight"] == 6.0 + HOUSEHOLD_BONUS


def test_a_partner_rows_link_never_raises_a_police_list_or_partner_pair_in_its_household() -> None:
    """A domestic abuse victim linked to person 7 must not pull a perpetrator's record (or
    a police-list nominal) onto person 8 of the same household."""
    nominals = pd.DataFrame(
        {
            "uid": ["victim", "perpetrator", "gm"],
            "kind": ["domestic_abuse", "domestic_abuse", "gangs_matrix"],
            "nominal_ref": ["subject-v", "subject-p", "GM2"],
            "person_id": pd.array([7, pd.NA, pd.NA], dtype="Int64"),
            "household_id": pd.array([1, pd.NA, pd.NA], dtype="Int64"),
            "postcode_key": ["QX11AA"] * 3,
        }
    )
    pairs = pd.DataFrame(
        [
            pair("perpetrator", "P8", 8.5, kind="domestic_abuse", nominal_ref="subject-p"),
            pair("gm", "P8", 6.0, nominal_ref="GM2"),
        ]
    ).assign(seen_on=pd.NaT)
    register = pd.DataFrame({"person_id": [7, 8], "history": [[], []]})
    adjusted = adjust(pairs, nominals, register, LIMITS.upper)
    assert adjusted["adj_household"].tolist() == [0.0, 0.0]
    assert adjusted["weight"].tolist() == [8.5, 6.0]


def test_a_postcode_the_person_left_years_before_lowers_the_weight() -> None:
    nominals = pd.DataFrame(
        {
            "uid": ["n1"],
            "kind": ["gangs_matrix"],
            "nominal_ref": ["GM1"],
            "person_id": pd.array([pd.NA], dtype="Int64"),
            "household_id": pd.array([pd.NA], dtype="Int64"),
            "postcode_key": ["QX11AA"],
        }
    )
    left = pd.Timestamp(2020, 1, 1).date()
    register = pd.DataFrame({"person_id": [8], "history": [[("QX11AA", left)]]})
    pairs = pd.DataFrame(
        [
            pair(
                "n1",
                "P8",
                12.0,
                nominal_ref="GM1",
                seen_on=pd.Timestamp(2026, 1, 1),
                level_postcode="a postcode the person lived at before",
            )
        ]
    )
    adjusted = adjust(pairs, nominals, register, LIMITS.upper)
    assert adjusted.loc[0, "weight"] == 12.0 + OLD_ADDRESS_PENALTY
    recent = pairs.assign(seen_on=pd.Timestamp(2020, 6, 1))
    assert adjust(recent, nominals, register, LIMITS.upper).loc[0, "weight"] == 12.0


def test_evidence_names_each_field_and_adjustment_without_personal_data() -> None:
    row = pair(
        "a",
        "P1",
        12.0,
        adj_household=2.0,
        adj_old_address=0.0,
        second_weight=float("-inf"),
        mw_forename=3.5,
        level_forename="a nickname, alias or other spelling of the forename",
    )
    row["weight"] = 14.0
    doc = evidence(row, version=3)
    assert doc["model_version"] == 3 and doc["match_weight"] == 14.0
    assert doc["fields"][0] == {
        "field": "forename",
        "title": "Forename",
        "weight": 3.5,
        "level": "a nickname, alias or other spelling of the forename",
    }
    assert [a["weight"] for a in doc["adjustments"]] == [2.0]
    assert doc["second_best_weight"] is None


def test_a_nominal_without_a_date_of_birth_is_kept_as_incomplete_and_a_shared_ref_refused() -> None:
    nominals = pd.DataFrame(
        {
            "kind": "gangs_matrix",
            "row_id": [1, 2, 3, 4, 5, 6],
            "nominal_ref": ["GM1", "GM2", "GM3", "GM3", "GM4", "GM5"],
            "source_row": [3, 4, 5, 6, 7, 8],
            "forename": ["Ann", "Ann", "Ann", "Ann", None, "Ann"],
            "surname": ["Lee", "Lee", "Lee", "Lee", None, "Lee"],
            "date_of_birth": [
                pd.Timestamp(2001, 1, 1),
                pd.NaT,
                pd.Timestamp(2001, 1, 1),
                pd.Timestamp(2002, 1, 1),
                pd.NaT,
                pd.NaT,
            ],
            "date_of_birth_as_written": [None, None, None, None, None, "19960094"],
            "postcode": "QX1 1AA",
        }
    )
    usable, refused = prepare_nominals(nominals)
    assert usable["nominal_ref"].tolist() == ["GM1", "GM2", "GM5"]
    assert incomplete_of(usable) == [
        {"kind": "gangs_matrix", "nominal_ref": "GM2", "row": 4, "missing": "no date of birth"},
        {
            "kind": "gangs_matrix",
            "nominal_ref": "GM5",
            "row": 8,
            "missing": "a date of birth that cannot exist (compared as written)",
        },
    ]
    reasons = {(r["nominal_ref"], r["row"]): r["reason"] for r in refused}
    assert reasons[("GM4", 7)] == "no name and no date of birth: nothing to match on"
    assert reasons[("GM3", 5)].startswith("the nominal ref is on more than one row of the list")
    assert ("GM3", 6) in reasons
