"""Every worker scored at once for one family, with numpy: the fast twin of ``score``.

Workers are kept in staff-reference order, so a worker's position is also its place in
every tie-break. Building a pool of 2,000 workers takes a few milliseconds; scoring one
family against all of them well under one.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from workflow.champions.errors import AllocationInputInvalid
from workflow.champions.records import Family, Worker
from workflow.champions.rules import EPS, place, spoken
from workflow.champions.weights import Weights

Floats = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.intp]


def _codes(values: Sequence[str | None]) -> tuple[dict[str, int], Ints]:
    index: dict[str, int] = {}
    codes = [-1 if v is None else index.setdefault(v, len(index)) for v in values]
    return index, np.array(codes, dtype=np.intp)


def _membership(sets: Sequence[frozenset[str]]) -> tuple[dict[str, int], Mask]:
    index: dict[str, int] = {}
    for s in sets:
        for item in sorted(s):
            index.setdefault(item, len(index))
    matrix = np.zeros((len(sets), max(len(index), 1)), dtype=np.bool_)
    for row, s in enumerate(sets):
        matrix[row, [index[item] for item in s]] = True
    return index, matrix


class WorkerPool:
    """The workers as arrays. ``exclude`` leaves out some staff (a leaver) altogether."""

    def __init__(self, workers: Sequence[Worker], *, exclude: frozenset[str] = frozenset()):
        kept = sorted((w for w in workers if w.staff_ref not in exclude), key=lambda w: w.staff_ref)
        refs = [w.staff_ref for w in kept]
        if len(set(refs)) != len(refs):
            twice = sorted({r for r in refs if refs.count(r) > 1})
            raise AllocationInputInvalid(f"Staff references given more than once: {twice[:5]}.")
        self.workers: tuple[Worker, ...] = tuple(kept)
        self.index = {ref: i for i, ref in enumerate(refs)}
        self.capacity: Floats = np.array([float(w.capacity) for w in kept], dtype=np.float64)
        self.load: Floats = np.array([w.load for w in kept], dtype=np.float64)
        if not (np.all(self.capacity >= 0) and np.all(self.load >= 0)):
            raise AllocationInputInvalid("A worker's capacity and load must be 0 or more.")
        self.available: Mask = np.array([w.available for w in kept], dtype=np.bool_)
        self.teams, self.team = _codes([place(w.team) for w in kept])
        self.localities, self.locality = _codes([place(w.locality) for w in kept])
        self.specialisms, self.has = _membership([w.specialisms for w in kept])
        self.languages, self.speaks = _membership([spoken(w.languages) for w in kept])

    def __len__(self) -> int:
        return len(self.workers)

    def allowed(self, family: Family) -> Mask:
        """Workers who may take the family, capacity aside (present, in its team if any)."""
        required = place(family.team)
        if required is None:
            return self.available
        same: Mask = self.team == self.teams.get(required, -2)
        return self.available & same

    def room(self, weight: float, load: Floats | None = None) -> Mask:
        """Workers with room for ``weight`` more units (on ``load``, or their own loads)."""
        after = (self.load if load is None else load) + weight
        return (self.capacity > 0) & (after <= self.capacity + EPS)

    def fits(self, family: Family) -> Mask:
        return self.allowed(family) & self.room(family.weight)

    def points(self, family: Family, weights: Weights) -> tuple[Floats, Floats]:
        """Every worker's score for the family (as ``score`` gives it), and their load after."""
        n = len(self.workers)
        points = np.zeros(n, dtype=np.float64)
        for ref in family.continuity:
            if ref in self.index:
                points[self.index[ref]] += weights.continuity
        columns = [self.specialisms[s] for s in family.needs if s in self.specialisms]
        if columns:
            points += weights.specialism * self.has[:, columns].sum(axis=1)
        previous = place(family.previous_team)
        if previous is not None:
            code = self.teams.get(previous, -2)
            points += np.where(self.team == code, weights.previous_team, 0.0)
        code = self.localities.get(place(family.locality) or "", -2)
        points += np.where(self.locality == code, weights.locality, 0.0)
        columns = [self.languages[s] for s in spoken(family.languages) if s in self.languages]
        if columns:
            points += np.where(self.speaks[:, columns].any(axis=1), weights.language, 0.0)
        after = self.load + family.weight
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.clip((self.capacity - after) / self.capacity, 0.0, 1.0)
        points += np.where(self.room(family.weight), weights.spare * share, 0.0)
        return np.floor(points * 1e6 + 0.5) / 1e6, after

    def best(self, points: Floats, allowed: Mask, limit: int) -> Ints:
        """The positions of the best ``limit`` allowed workers, best first; ties to the
        lower staff reference."""
        candidates = np.flatnonzero(allowed)
        if limit <= 0 or candidates.size == 0:
            return candidates[:0]
        scores = points[candidates]
        if candidates.size > limit:
            cut = np.partition(scores, candidates.size - limit)[candidates.size - limit]
            candidates, scores = candidates[scores >= cut], scores[scores >= cut]
        order = np.lexsort((candidates, -scores))[:limit]
        return candidates[order]
