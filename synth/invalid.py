"""A small, recorded share of deliberately invalid rows, so the importer's error report has
something to report. Each kind has one way of being wrong; the reason goes in the truth.

An invalid row is a spoiled copy of a good one, written just after it (a record keyed in
twice, the second time wrongly), so refusing it loses nothing the good rows show.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from synth.feeds.base import Feed

SHARE = 0.005
MIN_ROWS = 50
# Spoil some rows of a feed (whose files are produced just after ``until``); return the reason.
Corrupt = Callable[[Feed, np.ndarray, np.random.Generator, np.datetime64], str]


def _more_absence(
    feed: Feed, rows: np.ndarray, rng: np.random.Generator, until: np.datetime64
) -> str:
    del until
    possible = feed.columns["sessions_possible"][rows]
    feed.columns["sessions_unauthorised_absence"][rows] = possible + rng.integers(1, 30, len(rows))
    return "sessions_unauthorised_absence is greater than sessions_possible"


def _future_dob(
    feed: Feed, rows: np.ndarray, rng: np.random.Generator, until: np.datetime64
) -> str:
    later = rng.integers(60, 2000, len(rows)).astype("timedelta64[D]")
    feed.columns["date_of_birth"][rows] = until + later
    return "date_of_birth is in the future"


def _missing(column: str) -> Corrupt:
    def corrupt(
        feed: Feed, rows: np.ndarray, rng: np.random.Generator, until: np.datetime64
    ) -> str:
        """Blank the column in the given rows."""
        del rng, until
        values = feed.columns[column]
        values[rows] = np.datetime64("NaT") if values.dtype.kind == "M" else None
        return f"{column} is missing"

    return corrupt


def _unknown(column: str, code: str) -> Corrupt:
    def corrupt(
        feed: Feed, rows: np.ndarray, rng: np.random.Generator, until: np.datetime64
    ) -> str:
        """Put a code the template does not know in the given rows."""
        del rng, until
        feed.columns[column][rows] = code
        return f"{column} '{code}' is not a known code"

    return corrupt


CORRUPT: dict[str, Corrupt] = {
    "school_attendance": _more_absence,
    "police_incidents": _unknown("role", "suspect"),
    "health": _future_dob,
    "benefits": _unknown("benefit", "DLA"),
    "exclusions": _unknown("exclusion_type", "internal"),
    "social_care": _unknown("status", "team_around_family"),
    "domestic_abuse": _missing("incident_date"),
    "youth_justice": _unknown("outcome", "fine"),
}


def spoil(feed: Feed, rng: np.random.Generator, until: np.datetime64) -> tuple[Feed, np.ndarray]:
    """About 0.5% more rows, spoiled copies of others; returns the feed with them, and the
    reason per row (None if fine)."""
    corrupt = CORRUPT.get(feed.kind)
    if corrupt is None or len(feed) < MIN_ROWS:
        return feed, np.full(len(feed), None, dtype=object)
    count = max(1, round(SHARE * len(feed)))
    copied = np.sort(rng.choice(len(feed), count, replace=False))
    order = np.sort(np.concatenate([np.arange(len(feed)), copied]), kind="stable")
    feed = feed.take(order)
    rows = np.flatnonzero(np.r_[False, order[1:] == order[:-1]])  # the second of each pair
    reasons = np.full(len(feed), None, dtype=object)
    reasons[rows] = corrupt(feed, rows, rng, until)
    return feed, reasons
