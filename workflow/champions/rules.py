"""The small rules both scorers share (one worker at a time, and every worker at once).

Keeping them here, once, is what lets a test hold the two scorers to the same answers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from workflow.champions.records import Family, Worker

EPS = 1e-9  # loads and capacities are sums of quarter units; this absorbs float error
NOT_A_MATCH = frozenset({"english"})  # everyone's champion speaks English


def spoken(languages: Iterable[str]) -> frozenset[str]:
    """Languages as compared: trimmed, case folded, English left out."""
    folded = (language.strip().casefold() for language in languages)
    return frozenset(language for language in folded if language and language not in NOT_A_MATCH)


def place(locality: str | None) -> str | None:
    """A locality or team as compared: trimmed and case folded; blank is none."""
    if locality is None:
        return None
    folded = locality.strip().casefold()
    return folded or None


def rounded(points: float) -> float:
    """Scores are kept to six decimal places, the same way in both scorers."""
    return math.floor(points * 1e6 + 0.5) / 1e6


def barred(family: Family, worker: Worker) -> str | None:
    """Why this worker can never take this family, or None. Capacity is apart: it can be
    overridden, these can't."""
    if not worker.active:
        return "has left"
    if worker.absent:
        return "is absent"
    required = place(family.team)
    if required is not None and place(worker.team) != required:
        return f"is not in the {family.team} team"
    return None


def over_capacity(load_after: float, capacity: float) -> bool:
    return capacity <= 0 or load_after > capacity + EPS
