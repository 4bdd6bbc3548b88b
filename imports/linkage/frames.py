"""The two tables the Splink model reads, built from nominals and the register.

Both get the same columns so Splink can compare them: name keys and variants, date of
birth (and the same date with day and month swapped; a date that cannot exist, such as
19960094, is kept as its digits), postcode with its sector and district, house number and
street (from ``house_number`` and ``street`` where a list gives them, else from
``address_line1``) and locality, the postcodes and addresses of earlier homes (always
empty for nominals: a police list gives one address), and sex where the row gives it.
A column a list does not have is simply missing, which the model counts for nothing.
"""

from __future__ import annotations

import pandas as pd

from imports.linkage.cleaning import (
    address_key,
    dob_with_written,
    forename_variants,
    house_number_key,
    name_key,
    postcode_district,
    postcode_key,
    postcode_sector,
    split_address,
    street_key,
    surname_parts,
)

MODEL_COLUMNS = [
    "unique_id",
    "forename",
    "forename_variants",
    "forename_prefixes",
    "surname",
    "surname_parts",
    "dob",
    "dob_swapped",
    "yob",
    "postcode",
    "sector",
    "district",
    "postcode_history",
    "house_number",
    "street",
    "address",
    "address_history",
    "locality",
    "sex",
]
_SEXES = {
    "m": "m",
    "male": "m",
    "man": "m",
    "boy": "m",
    "f": "f",
    "female": "f",
    "woman": "f",
    "girl": "f",
}


def nominal_uid(kind: str, row_id: int) -> str:
    return f"n:{kind}:{row_id}"


def person_uid(person_id: int) -> str:
    return f"p:{person_id}"


def _common(frame: pd.DataFrame, aliases: pd.Series | None) -> pd.DataFrame:
    dob = dob_with_written(frame["date_of_birth"], frame.get("date_of_birth_as_written"))
    postcode = postcode_key(frame["postcode"])
    out = pd.DataFrame(index=frame.index)
    out["forename"] = name_key(frame["forename"])
    out["forename_variants"], out["forename_prefixes"] = forename_variants(
        frame["forename"], aliases
    )
    out["surname"] = name_key(frame["surname"])
    out["surname_parts"] = surname_parts(frame["surname"])
    out["dob"] = dob
    out["dob_swapped"] = dob.str.slice(0, 5) + dob.str.slice(8, 10) + "-" + dob.str.slice(5, 7)
    out["yob"] = dob.str.slice(0, 4)
    out["postcode"] = postcode
    out["sector"] = postcode_sector(postcode)
    out["district"] = postcode_district(postcode)
    out["sex"] = sex_key(frame["sex"]) if "sex" in frame else None
    number, street = _address(frame)
    out["house_number"], out["street"] = number, street
    out["address"] = [
        f"{n or ''}|{s}" if isinstance(s, str) else None
        for n, s in zip(number.tolist(), street.tolist(), strict=True)
    ]
    locality = frame["locality"] if "locality" in frame else pd.Series(None, index=frame.index)
    out["locality"] = [street_key(v) for v in locality.tolist()]
    return out


def _address(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """House number and street keys: the list's own columns, else split from line 1."""
    none = pd.Series(None, index=frame.index, dtype=object)
    line = frame.get("address_line1", none)
    split = [split_address(v) for v in line.tolist()]
    number = pd.Series([n for n, _ in split], index=frame.index, dtype=object)
    street = pd.Series([s for _, s in split], index=frame.index, dtype=object)
    if "street" in frame:
        given = pd.Series([street_key(v) for v in frame["street"].tolist()], index=frame.index)
        street = given.where(given.notna(), street)
    if "house_number" in frame:
        given = pd.Series(
            [house_number_key(v) for v in frame["house_number"].tolist()], index=frame.index
        )
        number = given.where(given.notna(), number)
    return number, street


def sex_key(values: pd.Series) -> pd.Series:
    """'M', 'Male', ' female ' -> 'm' / 'f'; anything else (unknown, other, blank) -> NA,
    which the model treats as missing rather than as a difference."""
    keys = [_SEXES.get(v.strip().lower()) if isinstance(v, str) else None for v in values.tolist()]
    return pd.Series(keys, index=values.index, dtype=object)


def nominal_table(nominals: pd.DataFrame) -> pd.DataFrame:
    """Nominals as the model reads them (``unique_id`` = kind and row id)."""
    out = _common(nominals, nominals["aliases"])
    out["unique_id"] = [
        nominal_uid(k, int(i)) for k, i in zip(nominals["kind"], nominals["row_id"], strict=True)
    ]
    out["postcode_history"] = [[] for _ in range(len(out))]
    out["address_history"] = [[] for _ in range(len(out))]
    return _typed(out[MODEL_COLUMNS])


def register_table(register: pd.DataFrame) -> pd.DataFrame:
    """The register as the model reads it (``unique_id`` = person id)."""
    out = _common(register, None)
    out["unique_id"] = [person_uid(int(i)) for i in register["person_id"]]
    out["postcode_history"] = register["history"].map(lambda h: [p for p, _ in h])
    lines = register.get("address_history", None)
    out["address_history"] = (
        [[] for _ in range(len(out))]
        if lines is None
        else [
            sorted({k for k in map(address_key, v) if k}) if isinstance(v, list) else []
            for v in lines.tolist()
        ]
    )
    return _typed(out[MODEL_COLUMNS])


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Plain object columns (DuckDB reads lists of str as VARCHAR[] and NA as NULL)."""
    frame = frame.astype(object).where(frame.notna(), None)
    lists = ("forename_variants", "forename_prefixes", "surname_parts", "postcode_history")
    for column in (*lists, "address_history"):
        frame[column] = frame[column].map(lambda v: list(v) if isinstance(v, list) else [])
    return frame.reset_index(drop=True)
