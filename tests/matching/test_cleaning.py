"""The keys matching compares: names, nicknames and aliases, surnames, postcodes, dates."""

from __future__ import annotations

import pandas as pd

from imports.linkage.cleaning import (
    dob_text,
    forename_variants,
    name_key,
    postcode_district,
    postcode_key,
    postcode_sector,
    surname_parts,
)
from imports.linkage.frames import nominal_table


def s(*values: object) -> pd.Series:
    return pd.Series(list(values), dtype=object)


def test_names_compare_without_case_spaces_or_punctuation() -> None:
    assert name_key(s(" O'Brien-Smith ", "JONES", "  ")).tolist()[:2] == ["obriensmith", "jones"]
    assert pd.isna(name_key(s("  ")).iloc[0])


def test_a_nickname_or_an_alias_shares_a_variant_with_the_register_name() -> None:
    nominal, _ = forename_variants(s("Bob", "Tiny"), s([], ["Mo"]))
    register, _ = forename_variants(s("Robert", "Mohammed"))
    assert set(nominal[0]) & set(register[0])  # Bob ~ Robert
    assert not set(nominal[1]) & set(register[1])  # "Mo" is in no group: no shared variant


def test_an_alias_cut_from_the_forename_shares_its_first_three_letters() -> None:
    _, nominal = forename_variants(s("Tiny"), s(["Kwa"]))
    _, register = forename_variants(s("Kwame"))
    assert "kwa" in set(nominal[0]) & set(register[0])


def test_double_surnames_meet_either_part() -> None:
    parts = surname_parts(s("Ali-Khan", "O'Neil", None))
    assert {"ali", "khan", "alikhan"} <= set(parts[0])
    assert "oneil" in parts[1]
    assert parts[2] == []


def test_postcodes_lose_spaces_and_case_and_give_sector_and_district() -> None:
    keys = postcode_key(s("qx3 7lb", "QX37LB", "", None))
    assert keys.tolist()[:2] == ["QX37LB", "QX37LB"]
    assert keys.iloc[2:].isna().all()
    assert postcode_sector(keys).iloc[0] == "QX37"
    assert postcode_district(keys).iloc[0] == "QX3"


def test_a_date_of_birth_is_compared_with_day_and_month_swapped_too() -> None:
    nominals = pd.DataFrame(
        {
            "kind": ["gangs_matrix"],
            "row_id": [1],
            "forename": ["A"],
            "surname": ["B"],
            "date_of_birth": [pd.Timestamp(2005, 3, 7)],
            "postcode": [None],
            "aliases": [[]],
        }
    )
    table = nominal_table(nominals)
    assert table.loc[0, "dob"] == "2005-03-07"
    assert table.loc[0, "dob_swapped"] == "2005-07-03"
    assert dob_text(s(None)).isna().all()
