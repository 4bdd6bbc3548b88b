"""Making room: a family left without a champion takes a full worker's place when enough
of that worker's families can move to other candidates of theirs with room.

When demand nearly meets capacity, rounding a split answer leaves gaps too small for the
families still waiting (often the intensive ones, 2 units each). Moving a few lighter
families into those gaps frees a place. A set of moves is taken only when it adds to the
proposal's value: it always gains the 1,000 a family placed is worth, and may cost a
little score elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from workflow.champions.candidates import Candidates
from workflow.champions.pool import Floats, Ints
from workflow.champions.rules import EPS

PASSES = 2


@dataclass(slots=True)
class _State:
    cands: Candidates
    choice: Ints
    load: Floats
    members: dict[int, list[int]] = field(default_factory=dict)

    def place(self, family: int, worker: int) -> None:
        old = int(self.choice[family])
        if old >= 0:
            self.members[old].remove(family)
            self.load[old] -= self.cands.weight[family]
        self.members.setdefault(worker, []).append(family)
        self.load[worker] += self.cands.weight[family]
        self.choice[family] = worker


def make_room(cands: Candidates, choice: Ints) -> Ints:
    """``choice`` with waiting families placed where moving others makes room for them."""
    load = cands.pool.load.copy()
    np.add.at(load, choice[choice >= 0], cands.weight[choice >= 0])
    state = _State(cands, choice.copy(), load)
    for i in np.flatnonzero(choice >= 0):
        state.members.setdefault(int(choice[i]), []).append(int(i))
    for _ in range(PASSES):
        waiting = sorted(
            (int(i) for i in np.flatnonzero(state.choice < 0)),
            key=lambda i: (float(cands.weight[i]), int(cands.rank[i])),
        )
        placed = 0
        for f in waiting:
            best = _best_room(state, f)
            if best is not None:
                worker, moves = best
                for g, to in moves:
                    state.place(g, to)
                state.place(f, worker)
                placed += 1
        if placed == 0:
            break
    return state.choice


def _best_room(state: _State, f: int) -> tuple[int, list[tuple[int, int]]] | None:
    """The candidate worker for ``f`` and the moves that make room there, with the
    largest gain in score; None when no candidate's families can make room."""
    cands = state.cands
    span = cands.pairs(f)
    best: tuple[float, int, list[tuple[int, int]]] | None = None
    for w, points_f in zip(cands.worker[span].tolist(), cands.points[span].tolist(), strict=True):
        need = state.load[w] + cands.weight[f] - cands.pool.capacity[w]
        if need <= EPS:
            return w, []  # the best candidate with room: nothing needs to move
        found = _free(state, w, need)
        if found is not None and (best is None or points_f + found[0] > best[0] + EPS):
            best = (points_f + found[0], w, found[1])
    return None if best is None else (best[1], best[2])


def _free(state: _State, w: int, need: float) -> tuple[float, list[tuple[int, int]]] | None:
    """Moves of ``w``'s families (heaviest first) to other candidates of theirs with room
    that free ``need`` units, and what they change the score by; None if they can't."""
    cands = state.cands
    extra: dict[int, float] = {}
    moves: list[tuple[int, int]] = []
    change, freed = 0.0, 0.0
    here = state.members.get(w, [])
    for g in sorted(here, key=lambda g: (-float(cands.weight[g]), int(cands.rank[g]))):
        span = cands.pairs(g)
        workers = cands.worker[span]
        at = np.flatnonzero(workers == w)
        if at.size == 0:
            continue  # placed outside its candidates: leave it be
        after = state.load[workers] + np.array([extra.get(int(x), 0.0) for x in workers])
        fits = (workers != w) & (after + cands.weight[g] <= cands.pool.capacity[workers] + EPS)
        if not fits.any():
            continue
        j = int(np.argmax(fits))  # candidates are best first
        to = int(workers[j])
        extra[to] = extra.get(to, 0.0) + float(cands.weight[g])
        moves.append((g, to))
        change += float(cands.points[span][j] - cands.points[span][at[0]])
        freed += float(cands.weight[g])
        if freed + EPS >= need:
            return change, moves
    return None
