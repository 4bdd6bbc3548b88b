"""Name variants and typos, the way partners misspell and abbreviate people.

Every change is recorded as a tag (``forename:nickname``, ``surname:transposed`` ...) so
the ground truth can say why a cell differs from the person's true name.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from synth.names import NICKNAMES

FORENAME_NOISE = {
    "nickname": 0.35,
    "transposed": 0.15,
    "dropped_letter": 0.1,
    "case": 0.2,
    "spaces": 0.2,
}
SURNAME_NOISE = {
    "transposed": 0.2,
    "dropped_letter": 0.15,
    "case": 0.25,
    "spaces": 0.2,
    "hyphen": 0.2,
}


def _transpose(name: str, u: float) -> tuple[str, str]:
    if len(name) < 4:
        return _case(name, u)
    i = min(1 + int(u * (len(name) - 2)), len(name) - 2)
    if name[i] == name[i + 1]:
        return name[:i] + name[i + 1 :], "dropped_letter"
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :], "transposed"


def _drop(name: str, u: float) -> tuple[str, str]:
    if len(name) < 5:
        return _case(name, u)
    i = 1 + int(u * (len(name) - 2))
    return name[:i] + name[i + 1 :], "dropped_letter"


def _case(name: str, u: float) -> tuple[str, str]:
    return (name.upper() if u < 0.6 else name.lower()), "case"


def _spaces(name: str, u: float) -> tuple[str, str]:
    padded = (" " + name) if u < 0.4 else (name + " ") if u < 0.8 else (" " + name + "  ")
    return padded, "spaces"


def _nickname(name: str, u: float) -> tuple[str, str]:
    options = NICKNAMES.get(name)
    if not options:
        return _case(name, u)
    return options[int(u * len(options)) % len(options)], "nickname"


def _hyphen(name: str, u: float) -> tuple[str, str]:
    if "-" in name:
        first, _, second = name.partition("-")
        return ((first + " " + second) if u < 0.4 else first if u < 0.8 else second), "hyphen"
    if "'" in name:
        return (name.replace("'", "") if u < 0.5 else name.replace("'", " ")), "hyphen"
    return _case(name, u)


_APPLY: dict[str, Callable[[str, float], tuple[str, str]]] = {
    "nickname": _nickname,
    "transposed": _transpose,
    "dropped_letter": _drop,
    "case": _case,
    "spaces": _spaces,
    "hyphen": _hyphen,
}


def vary_names(
    rng: np.random.Generator, values: np.ndarray, share: float, column: str
) -> tuple[np.ndarray, np.ndarray]:
    """Change ``share`` of the names; returns (new values, tag per row or None)."""
    options = FORENAME_NOISE if column == "forename" else SURNAME_NOISE
    n = len(values)
    out = values.copy()
    tags = np.full(n, None, dtype=object)
    filled = ~pd.isna(values)
    rows = np.flatnonzero(filled & (rng.random(n) < share))
    if len(rows) == 0:
        return out, tags
    names = list(options)
    weights = np.array(list(options.values()))
    kinds = rng.choice(len(names), len(rows), p=weights / weights.sum())
    draws = rng.random(len(rows))
    for row, k, u in zip(rows.tolist(), kinds.tolist(), draws.tolist(), strict=True):
        changed, how = _APPLY[names[k]](values[row], u)
        if changed != values[row]:
            out[row] = changed
            tags[row] = f"{column}:{how}"
    return out, tags


def swap_day_month(
    rng: np.random.Generator, dob: np.ndarray, share: float
) -> tuple[np.ndarray, np.ndarray]:
    """Record some dates of birth with day and month swapped (where that is still a date)."""
    n = len(dob)
    out = dob.copy()
    tags = np.full(n, None, dtype=object)
    ok = ~np.isnat(dob)
    month = np.where(ok, dob.astype("datetime64[M]").astype(np.int64) % 12 + 1, 0)
    day = np.where(
        ok, (dob - dob.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1, 0
    )
    rows = np.flatnonzero(ok & (day <= 12) & (day != month) & (rng.random(n) < share))
    year = dob[rows].astype("datetime64[Y]").astype(np.int64) + 1970
    swapped = np.array(
        [f"{y:04d}-{d:02d}-{m:02d}" for y, d, m in zip(year, day[rows], month[rows], strict=True)],
        dtype="datetime64[D]",
    )
    out[rows] = swapped
    tags[rows] = "date_of_birth:day_month_swapped"
    return out, tags
