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
