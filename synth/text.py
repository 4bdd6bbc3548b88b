"""Zero-padded numbers and references (``P0000123``), safe for empty arrays."""

from __future__ import annotations

import numpy as np


def padded(numbers: np.ndarray, width: int) -> np.ndarray:
    """Whole numbers as zero-padded text, as an object array."""
    values = np.asarray(numbers, dtype=np.int64)
    if values.size == 0:
        return np.zeros(values.shape, dtype=object)
    return np.char.zfill(values.astype(str), width).astype(object)


def refs(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    """References like ``P0000123``: a prefix and a zero-padded number."""
    return np.asarray(prefix + padded(numbers, width), dtype=object)


def numbered(prefix: str, count: int, width: int) -> np.ndarray:
    """``count`` references numbered from 1."""
    return refs(prefix, np.arange(1, count + 1), width)


def keep(mask: np.ndarray, values: np.ndarray | str) -> np.ndarray:
    """``values`` where ``mask`` is true and None (a blank cell) elsewhere, as objects."""
    chosen = np.asarray(mask, dtype=bool)
    out = np.full(chosen.shape, None, dtype=object)
    out[chosen] = np.broadcast_to(np.asarray(values, dtype=object), chosen.shape)[chosen]
    return out
