"""What a feed builder hands on: typed columns plus who each row is truly about."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from synth.borough import Borough
from synth.dates import add_days
from synth.text import refs


@dataclass
class Feed:
    """One partner feed before any messiness: clean values and the truth behind each row.

    ``columns`` maps canonical column names to arrays: object arrays of text (None for
    blank), ``datetime64[D]`` for dates (NaT for blank), floats for numbers (NaN for blank)
    and bools for flags. Person columns of person-level kinds are added later from
    ``subject`` (a person id, -1 when the row is about a whole household) and ``when``.
    """

    kind: str
    columns: dict[str, np.ndarray]
    subject: np.ndarray
    household: np.ndarray
    when: np.ndarray
    term: np.ndarray | None = None
    staff: np.ndarray | None = None
    event: np.ndarray | None = None  # an incident reference shared by rows of one incident

    def __len__(self) -> int:
        return len(self.subject)

    def take(self, order: np.ndarray) -> Feed:
        """The same feed with its rows reordered (or filtered) by ``order``."""
        return Feed(
            self.kind,
            {k: v[order] for k, v in self.columns.items()},
            self.subject[order],
            self.household[order],
            self.when[order],
            None if self.term is None else self.term[order],
            None if self.staff is None else self.staff[order],
            None if self.event is None else self.event[order],
        )


def days(series: pd.Series) -> np.ndarray:
    """A pandas date column as ``datetime64[D]`` (NaT kept)."""
    return series.to_numpy(dtype="datetime64[D]")


def clip_windows(
    borough: Borough, start: np.ndarray, end: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Problem periods cut to the span (an open end becomes the span's last day)."""
    first = np.maximum(start, borough.start)
    last = np.where(np.isnat(end), borough.until, np.minimum(end, borough.until))
    return first, last


def poisson_events(
    rng: np.random.Generator,
    first: np.ndarray,
    last: np.ndarray,
    per_year: float | np.ndarray,
    minimum: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Random events in each period: (index of the period, day of the event)."""
    length = np.maximum((last - first).astype(np.int64), 0)
    count = rng.poisson(np.asarray(per_year) * length / 365.25)
    count = np.where(length > 0, np.maximum(count, minimum), 0)
    which = np.repeat(np.arange(len(first)), count)
    offset = np.floor(rng.random(len(which)) * (length[which] + 1))
    return which, add_days(first[which], offset)


def sort_by(feed: Feed, *keys: np.ndarray) -> Feed:
    """Rows ordered by the given keys (last key most significant, as ``np.lexsort``)."""
    return feed.take(np.lexsort(keys)) if len(feed) else feed


def no_household(n: int) -> np.ndarray:
    """A household column for rows that are not about a household."""
    return np.full(n, -1, dtype=np.int64)


def event_refs(prefix: str, numbers: np.ndarray) -> np.ndarray:
    """``INC000123``-style references for the incidents rows belong to (truth only)."""
    return refs(prefix, numbers + 1, 6)


def recurring_events(
    rng: np.random.Generator, borough: Borough, start: np.ndarray, end: np.ndarray, gap: int
) -> tuple[np.ndarray, np.ndarray]:
    """Events that keep a problem visible all through its period: (index of the period, day).

    No more than ``gap`` days apart (each period gets its own spacing, 60-100% of it), on
    the first day of a period that starts inside the span and on the last day of one that
    ends inside it; a period already under way at the span's start starts at a random point
    of its first gap. So any window longer than ``gap`` days that overlaps the period (from
    ``gap`` days into the span) holds at least one event.
    """
    first, last = clip_windows(borough, start, end)
    n = len(first)
    length = (last - first).astype(np.int64)
    step = gap * rng.uniform(0.6, 1.0, n)
    inside = ~np.isnat(start) & (start >= borough.start)
    phase = np.where(inside, 0.0, np.floor(rng.random(n) * step))
    count = np.where(length >= phase, np.floor((length - phase) / step).astype(np.int64) + 1, 0)
    count = np.where(length >= 0, count, 0)
    which = np.repeat(np.arange(n), count)
    k = np.arange(len(which)) - np.repeat(np.cumsum(count) - count, count)
    when = add_days(first[which], np.round(phase[which] + k * step[which]))
    ended = ~np.isnat(end) & (end <= borough.until) & (length >= 0)
    closing = np.flatnonzero(ended)
    which = np.concatenate([which, closing])
    when = np.concatenate([when, last[closing]])
    return which, when
