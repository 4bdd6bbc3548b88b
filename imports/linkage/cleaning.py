"""Turning names, dates and postcodes as partners write them into comparable keys.

Pure pandas: no database and no Splink, so each rule can be tested on its own. The keys
are what the model compares; the words people wrote are kept elsewhere for reviewers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from imports.linkage.nicknames import group_keys

_LETTERS = re.compile(r"[^a-z]")
_SPLIT = re.compile(r"[\s\-]+")


def name_key(names: pd.Series) -> pd.Series:
    """Lower case, letters only: " O'Brien-Smith " -> "obriensmith" (blank -> NA)."""
    keys = names.astype("string").str.lower().str.replace(r"[^a-z]", "", regex=True)
    return keys.where(keys.str.len() > 0)


def _words(name: object) -> list[str]:
    """The letters-only words of one name: "O'Brien-Smith" -> ["obrien", "obriensmith", ...]."""
    if not isinstance(name, str):
        return []
    text = name.lower()
    joined = _LETTERS.sub("", text)
    words = [_LETTERS.sub("", w) for w in _SPLIT.split(text)]
    apostrophe = [_LETTERS.sub("", w) for w in _SPLIT.split(text.replace("'", " "))]
    return sorted({w for w in [*words, joined, *apostrophe] if len(w) >= 2})


def _per_distinct(values: pd.Series, function: Callable[[Any], Any]) -> pd.Series:
    """``function`` applied once per distinct value (names repeat a great deal)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    results = [function(u) for u in uniques] + [function(None)]
    table = np.empty(len(results), dtype=object)
    table[:] = results
    return pd.Series(table[codes], index=values.index, dtype=object)


def surname_parts(surnames: pd.Series) -> pd.Series:
    """Each surname's whole key and its parts, so "Ali-Khan" meets "Khan" and "Ali Khan"."""
    return _per_distinct(surnames, _words)


def _variants(names: tuple[str, ...]) -> tuple[list[str], list[str]]:
    found = set(names)
    for name in names:
        found.update(group_keys(name))
    return sorted(found), sorted({name[:3] for name in names if len(name) >= 3})


def forename_variants(
    forenames: pd.Series, aliases: pd.Series | None = None
) -> tuple[pd.Series, pd.Series]:
    """A forename's key, its aliases' keys and their nickname groups ("g:robert"); and
    the first three letters of each (for "Kwa", an alias cut from "Kwame")."""
    keys = name_key(forenames)
    if aliases is None:
        both = _per_distinct(keys, lambda k: _variants((k,) if isinstance(k, str) else ()))
    else:
        names = [
            tuple(
                n
                for n in [
                    key if isinstance(key, str) else "",
                    *(_LETTERS.sub("", str(a).lower()) for a in (more or ())),
                ]
                if n
            )
            for key, more in zip(keys.tolist(), aliases.tolist(), strict=True)
        ]
        both = pd.Series([_variants(n) for n in names], index=keys.index, dtype=object)
    return both.map(lambda b: b[0]), both.map(lambda b: b[1])


def postcode_key(postcodes: pd.Series) -> pd.Series:
    """Upper case without spaces: "qx3 7lb" -> "QX37LB" (blank -> NA)."""
    keys = postcodes.astype("string").str.upper().str.replace(r"\s+", "", regex=True)
    return keys.where(keys.str.len() >= 5)


def postcode_sector(keys: pd.Series) -> pd.Series:
    """The sector: outward code and the inward code's digit ("QX37LB" -> "QX37")."""
    return keys.str.slice(0, -2)


def postcode_district(keys: pd.Series) -> pd.Series:
    """The outward code ("QX37LB" -> "QX3")."""
    return keys.str.slice(0, -3)


def dob_text(dates: pd.Series) -> pd.Series:
    """Dates of birth as "yyyy-mm-dd" text (what the model compares), NA when missing."""
    parsed = pd.to_datetime(dates, errors="coerce")
    return parsed.dt.strftime("%Y-%m-%d").astype("string")


_WRITTEN_DATE = (
    re.compile(r"^(?P<y>\d{4})[-/.]?(?P<m>\d{1,2})[-/.]?(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})$"),
)


def written_dob(value: object) -> str | None:
    """A date of birth that cannot exist, as the model compares it: "19960094" ->
    "1996-00-94", "31/02/1996" -> "1996-02-31". The digits are kept as written so a
    day and month swapped or one digit wrong still shows; None when it reads as no date."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    for pattern in _WRITTEN_DATE:
        found = pattern.match(text)
        if found:
            return f"{found['y']}-{int(found['m']):02d}-{int(found['d']):02d}"
    return None


def dob_with_written(dates: pd.Series, written: pd.Series | None) -> pd.Series:
    """:func:`dob_text`, falling back to a date kept as written (``written_dob``)."""
    dob = dob_text(dates)
    if written is None:
        return dob
    fallback = pd.Series([written_dob(v) for v in written.tolist()], index=dob.index)
    return dob.fillna(fallback.astype("string"))


# How streets are written differently: "Acacia Rd." and "acacia road" are one street.
_STREET_WORDS = {
    "rd": "road",
    "st": "street",
    "ave": "avenue",
    "av": "avenue",
    "ln": "lane",
    "cl": "close",
    "ct": "court",
    "cres": "crescent",
    "dr": "drive",
    "gdns": "gardens",
    "gr": "grove",
    "pl": "place",
    "sq": "square",
    "tce": "terrace",
    "terr": "terrace",
    "wy": "way",
}
_HOUSE = re.compile(r"^\s*(?:flat\s+\w+,?\s*)?(\d+[a-z]?)\b[\s,]*(.*)$")


def street_key(value: object) -> str | None:
    """A street as compared: lower case, letters and digits, common abbreviations spelt out
    ("Acacia Rd." -> "acacia road"); None when blank."""
    if not isinstance(value, str):
        return None
    words = re.sub(r"[^a-z0-9 ]", " ", value.lower()).split()
    words = [_STREET_WORDS.get(w, w) for w in words]
    return " ".join(words) or None


def house_number_key(value: object) -> str | None:
    """A house number as compared: "12A" -> "12a", " 7 " -> "7"; None when blank."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = re.sub(r"[^0-9a-z]", "", str(value).lower())
    return text or None


def split_address(line: object) -> tuple[str | None, str | None]:
    """The house number and street of an address line: "12 Acacia Rd" -> ("12",
    "acacia road"); a line without a leading number is all street."""
    if not isinstance(line, str) or not line.strip():
        return None, None
    found = _HOUSE.match(line.lower())
    if found:
        return house_number_key(found[1]), street_key(found[2])
    return None, street_key(line)


def address_key(line: object) -> str | None:
    """One address as a single comparable key ("12|acacia road"), None without a street."""
    number, street = split_address(line)
    if street is None:
        return None
    return f"{number or ''}|{street}"
