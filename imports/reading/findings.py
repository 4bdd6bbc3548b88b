"""The column-wise form of rejections: which rows of the data have one kind of problem."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

Positions = np.ndarray  # int64 positions into the data rows (blank rows already dropped)


@dataclass(frozen=True)
class Finding:
    """Rows of one column (``field``, or ``""`` for the whole row) with a reason each."""

    field: str
    positions: Positions
    reasons: Sequence[str]


@dataclass(frozen=True)
class Converted:
    """A column's values in their canonical type (null where empty or bad), and its problems."""

    values: pa.Array
    findings: list[Finding]


def where(mask: Any) -> Positions:
    """Positions where an Arrow or numpy boolean mask is true (null counts as false)."""
    if isinstance(mask, pa.Array | pa.ChunkedArray):
        mask = pc.fill_null(mask, False).to_numpy(zero_copy_only=False)
    return np.flatnonzero(np.asarray(mask, dtype=bool))


def finding(field: str, positions: Positions, reason: Callable[[int], str]) -> list[Finding]:
    """The rows at ``positions`` have a problem; ``reason(position)`` says what (or no finding)."""
    if len(positions) == 0:
        return []
    return [Finding(field, positions, [reason(int(p)) for p in positions])]


def finding_by_value(
    field: str, positions: Positions, text: pa.Array, reason: Callable[[str], str]
) -> list[Finding]:
    """The rows at ``positions`` have a problem; ``reason(cell text)`` says what."""
    if len(positions) == 0:
        return []
    values = text.take(pa.array(positions)).to_pylist()
    return [Finding(field, positions, [reason(v or "") for v in values])]


def by_uniques(
    field: str,
    text: pa.Array,
    parse: Callable[[str], tuple[Any, str | None]],
    out_type: pa.DataType,
) -> Converted:
    """Convert ``text`` by parsing each distinct value once: ``parse`` → (value, reason)."""
    encoded = pc.dictionary_encode(text)
    parsed = [parse(u) for u in encoded.dictionary.to_pylist()]
    values = pa.array([v for v, _ in parsed], type=out_type).take(encoded.indices)
    reasons = [r for _, r in parsed]
    bad_unique = np.array([r is not None for r in reasons] + [False], dtype=bool)
    codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False)
    positions = np.flatnonzero(bad_unique[codes])
    found = [Finding(field, positions, [reasons[codes[p]] or "" for p in positions])]
    return Converted(values, found if len(positions) else [])
