"""Where rows go: which file (a feed too big for one sheet is split by school year, then
term, then into parts) and which sheet row (after any title and header, with stray blanks).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from synth.dates import TERMS, academic_label, parts, school_year_of

EXCEL_ROWS = 1_048_576
UNDATED = ("people", "keyworkers")


@dataclass(frozen=True)
class Part:
    """The rows of a feed that go in one file."""

    stem: str
    rows: np.ndarray


@dataclass(frozen=True)
class Placement:
    """Where a file's rows sit on its sheet."""

    header_row: int
    title: bool
    rows: np.ndarray  # sheet row number of each data row
    trailing: int


def split(kind: str, when: np.ndarray, term: np.ndarray | None, limit: int) -> list[Part]:
    """One part when the feed fits in ``limit`` rows, else per school year, term, then parts."""
    everything = np.arange(len(when))
    if len(when) <= limit:
        return [Part(kind, everything)]
    if kind in UNDATED:
        return _chunks(kind, everything, limit)
    year = school_year_of(when)
    if term is None:
        month = parts(when)[1]
        term = np.select([month >= 9, month <= 3], ["autumn", "spring"], "summer").astype(object)
    out: list[Part] = []
    for y in np.unique(year):
        in_year = everything[year == y]
        stem = f"{kind}_{academic_label(int(y), '-')}"
        if len(in_year) <= limit:
            out.append(Part(stem, in_year))
            continue
        for name in TERMS:
            in_term = in_year[term[in_year] == name]
            if len(in_term) == 0:
                continue
            if len(in_term) <= limit:
                out.append(Part(f"{stem}_{name}", in_term))
            else:
                out.extend(_chunks(f"{stem}_{name}", in_term, limit))
    return out


def _chunks(stem: str, rows: np.ndarray, limit: int) -> list[Part]:
    return [
        Part(f"{stem}_part{i + 1}", rows[lo : lo + limit])
        for i, lo in enumerate(range(0, len(rows), limit))
    ]


def place(
    rng: np.random.Generator, n: int, *, title: bool, blank_rate: float, trailing: int
) -> Placement:
    """Sheet rows for ``n`` data rows: header on row 1, or row 3 under a title and a blank row."""
    gaps = (rng.random(n) < blank_rate).astype(np.int64)
    if n:
        gaps[0] = 0
    header = 3 if title else 1
    if header + n + int(gaps.sum()) + trailing > EXCEL_ROWS:
        gaps[:] = 0
        trailing = 0
        if header + n > EXCEL_ROWS:
            header, title = 1, False
    rows = header + 1 + np.arange(n, dtype=np.int64) + np.cumsum(gaps)
    return Placement(header, title, rows, trailing)
