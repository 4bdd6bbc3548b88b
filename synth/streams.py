"""Independent, reproducible random streams: one per stage, all from the user's seed.

Each stage draws from ``numpy.random.default_rng([seed, crc32(stage name)])``, so adding
or changing one feed never shifts the random numbers another feed sees, and the same seed
always gives the same borough. (``crc32`` is stable across runs; Python's ``hash()`` is not.)
"""

from __future__ import annotations

import zlib

import numpy as np


def stream(seed: int, name: str) -> np.random.Generator:
    """A random generator for one named stage of the borough built from ``seed``."""
    return np.random.default_rng([seed, zlib.crc32(name.encode("utf-8"))])


def weighted(rng: np.random.Generator, options: dict[str, float], size: int) -> np.ndarray:
    """``size`` draws from the keys of ``options`` with the given weights (object array)."""
    keys = np.array(list(options), dtype=object)
    weights = np.array(list(options.values()), dtype=float)
    return keys[rng.choice(len(keys), size=size, p=weights / weights.sum())]


def pick(rng: np.random.Generator, values: tuple[str, ...] | list[str], size: int) -> np.ndarray:
    """``size`` uniform draws from ``values`` (object array)."""
    array = np.array(values, dtype=object)
    return array[rng.integers(0, len(array), size)]


def group_rank(groups: np.ndarray) -> np.ndarray:
    """For a sorted array of group ids, each element's 0-based position within its group."""
    if len(groups) == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.r_[True, groups[1:] != groups[:-1]]
    first = np.maximum.accumulate(np.where(starts, np.arange(len(groups)), 0))
    return np.arange(len(groups)) - first


def choose_per_group(
    rng: np.random.Generator, groups: np.ndarray, want: np.ndarray, weight: np.ndarray | None = None
) -> np.ndarray:
    """Pick up to ``want[g]`` members of each group at random, favouring larger ``weight``.

    Args:
        rng: the stage's generator.
        groups: group id of each candidate (any order).
        want: how many to pick in each group, indexed by group id.
        weight: optional positive preference per candidate.

    Returns:
        A boolean mask over the candidates: True for the chosen ones.
    """
    keys = rng.random(len(groups))
    if weight is not None:
        keys = keys ** (1.0 / np.maximum(weight, 1e-9))
    order = np.lexsort((-keys, groups))
    ranks = np.empty(len(groups), dtype=np.int64)
    ranks[order] = group_rank(groups[order])
    chosen: np.ndarray = ranks < want[groups]
    return chosen
