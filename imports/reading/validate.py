"""Checking every data row of a sheet against its template, column by column.

The sheet's rows under the header are trimmed, blank rows dropped, cells with control
characters rejected (:mod:`imports.reading.controls`), each mapped column converted to its
type (:mod:`imports.reading.convert`), then the row rules and the
duplicate check run (:mod:`imports.reading.rules`). A row with any finding is rejected;
the rest become the frame the loader stores.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from imports.reading.controls import control_characters
from imports.reading.convert import convert
from imports.reading.findings import Finding, finding, where
from imports.reading.headers import Header
from imports.reading.labels import as_written, label
from imports.reading.limits import VALUE_CHARS
from imports.reading.raw import RawSheet
from imports.reading.result import Rejection, SenderRows
from imports.reading.rules import duplicates, row_rules
from workflow.templates import Column, ColumnType, Template


@dataclass(frozen=True)
class Checked:
    """The outcome of checking a sheet's rows."""

    rows_read: int
    frame: pd.DataFrame
    rejections: list[Rejection]
    sender_rows: SenderRows
    # Partial identities kept (not rejected): one per row and missing part, and notes
    # about the whole file (a list with no date-of-birth column).
    incomplete: tuple[Rejection, ...] = ()
    file_notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Rows:
    """The non-blank rows under the header: raw indexes and each mapped column's text."""

    raw_index: np.ndarray
    text: dict[str, pa.Array]
    errors: dict[str, dict[int, str]]

    @property
    def source_rows(self) -> np.ndarray:
        return self.raw_index + 1


def check_rows(raw: RawSheet, header: Header, template: Template, today: dt.date) -> Checked:
    """Convert and check every non-blank row under ``header``; see the module docstring."""
    rows = _data_rows(raw, header)
    values: dict[str, pa.Array] = {}
    findings: list[Finding] = []
    for field, text in rows.text.items():
        column = template.column(field)
        plain = control_characters(column, text)  # a cell with one reports only that
        converted = convert(column, plain.values)
        values[field] = converted.values
        findings += plain.findings + converted.findings
        findings += _missing(column, text, rows.errors[field])
        findings += _error_cells(field, rows.errors[field])
    findings += row_rules(values, today)
    notes: list[Finding] = []
    file_notes: tuple[str, ...] = ()
    if template.partial_identities:
        findings, notes, file_notes = _partial_identities(findings, values, rows)
    bad = np.zeros(len(rows.raw_index), dtype=bool)
    for found in findings:
        bad[found.positions] = True
    findings += duplicates(values, np.flatnonzero(~bad), rows.source_rows)
    for found in findings:
        bad[found.positions] = True
    rejected = set((rows.source_rows[bad]).tolist())
    return Checked(
        len(rows.raw_index),
        _frame(template, values, rows, ~bad),
        _rejections(findings, rows, header, template),
        _sender_rows(raw, header, rows.raw_index[bad]),
        tuple(r for r in _rejections(notes, rows, header, template) if r.row not in rejected),
        file_notes,
    )


IDENTITY = ("forename", "surname", "date_of_birth")
MISSING_NOTE = {
    "forename": "No forename: kept as an incomplete identity and matched on the rest",
    "surname": "No surname: kept as an incomplete identity and matched on the rest",
    "date_of_birth": "No date of birth: kept as an incomplete identity and matched on the rest",
}


def _partial_identities(
    findings: list[Finding], values: dict[str, pa.Array], rows: _Rows
) -> tuple[list[Finding], list[Finding], tuple[str, ...]]:
    """On a police list a missing name or date of birth, or a date of birth that cannot be
    a date, is a partial identity: noted, not a reason to refuse the row. The date is kept
    as written (``date_of_birth_as_written``) so matching can still compare it."""
    count = len(rows.raw_index)
    kept = [f for f in findings if f.field != "date_of_birth"]
    dates = [f for f in findings if f.field == "date_of_birth"]
    notes = [
        Finding(
            f.field,
            f.positions,
            [f"{reason}: kept as written and compared as text" for reason in f.reasons],
        )
        for f in dates
    ]
    written = np.full(count, None, dtype=object)
    if dates and "date_of_birth" in rows.text:
        at = np.unique(np.concatenate([f.positions for f in dates]))
        text = rows.text["date_of_birth"].to_numpy(zero_copy_only=False)
        written[at] = text[at]
        births = values["date_of_birth"].to_numpy(zero_copy_only=False).astype(object)
        births[at] = None
        values["date_of_birth"] = pa.array(list(births), pa.date32())
    values["date_of_birth_as_written"] = pa.array(list(written), pa.string())
    file_notes = []
    for field in IDENTITY:
        if field not in values:
            file_notes.append(
                f"The list has no {label(field).lower()} column: every row is matched on the "
                "rest of what it carries"
            )
            continue
        empty = where(pc.is_null(values[field]))
        if field == "date_of_birth":
            empty = empty[pd.isna(written[empty])]
        note = MISSING_NOTE[field]
        notes += [Finding(field, empty, [note] * len(empty))] if len(empty) else []
    return kept, notes, tuple(file_notes)


def _data_rows(raw: RawSheet, header: Header) -> _Rows:
    start = header.index + 1
    mapped = {p: pc.utf8_trim_whitespace(raw.columns[p].slice(start)) for p in header.fields}
    filled = np.zeros(raw.height - start, dtype=bool)
    for row, _ in raw.errors:
        if row >= start:
            filled[row - start] = True
    # A row is blank when every cell is empty once trimmed. The mapped columns come first:
    # once every row has text in one of them, the others need not be looked at.
    others = (p for p in range(len(raw.columns)) if p not in mapped)
    for position in (*mapped, *others):
        if filled.all():
            break
        column = mapped.get(position)
        if column is None:
            column = pc.utf8_trim_whitespace(raw.columns[position].slice(start))
        filled |= _has_text(column)
    keep = np.flatnonzero(filled)
    every = len(keep) == len(filled)
    text, errors = {}, {}
    for position, field in header.fields.items():
        column = mapped[position] if every else mapped[position].take(pa.array(keep))
        empty = pc.equal(pc.binary_length(column), 0)
        if pc.any(empty).as_py():
            column = pc.if_else(empty, pa.scalar(None, pa.string()), column)
        text[field] = column
        errors[field] = _errors_of(raw, position, start, keep)
    return _Rows(keep + start, text, errors)


def _has_text(column: pa.Array) -> np.ndarray:
    """Whether each (trimmed) cell holds anything."""
    has: np.ndarray = pc.fill_null(pc.greater(pc.binary_length(column), 0), False).to_numpy(
        zero_copy_only=False
    )
    return has


def _errors_of(raw: RawSheet, column: int, start: int, keep: np.ndarray) -> dict[int, str]:
    cells = {row - start: text for (row, col), text in raw.errors.items() if col == column}
    if not cells:
        return {}
    positions = np.searchsorted(keep, list(cells))
    return {int(p): text for p, text in zip(positions, cells.values(), strict=True)}


def _missing(column: Column, text: pa.Array, errors: dict[int, str]) -> list[Finding]:
    if not column.required:
        return []
    empty = where(pc.is_null(text))
    if errors:  # an error cell reads as empty but has its own finding
        empty = np.setdiff1d(empty, np.fromiter(errors, dtype=np.int64))
    return finding(column.name, empty, lambda _: f"{label(column.name)} is missing")


def _error_cells(field: str, errors: dict[int, str]) -> list[Finding]:
    if not errors:
        return []
    positions = np.array(sorted(errors), dtype=np.int64)
    return finding(
        field,
        positions,
        lambda p: f"{label(field)} holds the Excel error {errors[p]}: put the value in instead",
    )


def _rejections(
    findings: list[Finding], rows: _Rows, header: Header, template: Template
) -> list[Rejection]:
    order = {name: i for i, name in enumerate(template.names)}
    sender = header.header_map
    found: list[Rejection] = []
    for item in findings:
        text = rows.text.get(item.field)
        cells = text.take(pa.array(item.positions)).to_pylist() if text is not None else None
        errors = rows.errors.get(item.field, {})
        for i, (position, reason) in enumerate(zip(item.positions, item.reasons, strict=True)):
            value = errors.get(int(position)) or (cells[i] if cells else None) or ""
            found.append(
                Rejection(
                    row=int(rows.source_rows[position]),
                    column=sender.get(item.field, ""),
                    field=item.field,
                    value=as_written(value)[:VALUE_CHARS],
                    reason=reason,
                )
            )
    found.sort(key=lambda r: (r.row, order.get(r.field, -1)))
    return found


def _frame(
    template: Template, values: dict[str, pa.Array], rows: _Rows, good: np.ndarray
) -> pd.DataFrame:
    keep = None if good.all() else pa.array(np.flatnonzero(good))
    count = int(good.sum())
    data = {}
    for column in template.columns:
        array = values.get(column.name)
        if array is not None and keep is not None:
            array = array.take(keep)
        data[column.name] = _series(column, array, count)
    data["source_row"] = pd.Series(rows.source_rows[good], dtype="int64")
    return pd.DataFrame(data, copy=False)  # each column is already its own new array


def _series(column: Column, array: pa.Array | None, count: int) -> pd.Series:
    kind = column.type
    if array is None:
        array = pa.nulls(count, _ARROW_TYPES.get(kind, pa.string()))
    if kind is ColumnType.DATE:
        days = array.to_numpy(zero_copy_only=False).astype("datetime64[ns]")
        return pd.Series(days, dtype="datetime64[ns]")
    if kind in _MASKED:
        mask = pc.is_null(array).to_numpy(zero_copy_only=False)
        filled = pc.fill_null(array, _FILL[kind]).to_numpy(zero_copy_only=False)
        return pd.Series(_MASKED[kind](filled.copy(), mask))
    if kind is ColumnType.LIST:
        return pd.Series(array.to_pylist(), dtype=object)
    return pd.Series(_objects(array), dtype=object)


def _objects(array: pa.Array) -> np.ndarray:
    """Text as Python ``str`` or None; a repeated value becomes one shared object.

    A long column whose first rows are mostly different values (ids, addresses) is not
    encoded at all: hashing every value would cost more time than sharing saves memory.
    """
    head = array.slice(0, _SAMPLE_ROWS)
    if len(array) > 2 * _SAMPLE_ROWS and len(pc.unique(head)) * 2 > len(head):
        every: np.ndarray = array.to_numpy(zero_copy_only=False)
        return every
    encoded = pc.dictionary_encode(array)
    if len(encoded.dictionary) * 2 > len(array):
        plain: np.ndarray = array.to_numpy(zero_copy_only=False)
        return plain
    uniques = np.empty(len(encoded.dictionary) + 1, dtype=object)
    uniques[:-1] = encoded.dictionary.to_numpy(zero_copy_only=False)
    uniques[-1] = None
    shared: np.ndarray = uniques[pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False)]
    return shared


_SAMPLE_ROWS = 2048  # rows looked at to tell a column of mostly different values

_ARROW_TYPES = {
    ColumnType.DATE: pa.date32(),
    ColumnType.INT: pa.int64(),
    ColumnType.DECIMAL: pa.float64(),
    ColumnType.FLAG: pa.bool_(),
    ColumnType.LIST: pa.list_(pa.string()),
}
_MASKED: dict[ColumnType, Any] = {
    ColumnType.INT: pd.arrays.IntegerArray,
    ColumnType.DECIMAL: pd.arrays.FloatingArray,
    ColumnType.FLAG: pd.arrays.BooleanArray,
}
_FILL = {ColumnType.INT: 0, ColumnType.DECIMAL: 0.0, ColumnType.FLAG: False}


def _sender_rows(raw: RawSheet, header: Header, raw_index: np.ndarray) -> SenderRows:
    """The rejected rows' cells as the sender wrote them (error cells as their error text)."""
    take = pa.array(raw_index)
    columns = [c.take(take).to_pylist() for c in raw.columns]
    rows: dict[int, tuple[str | None, ...]] = dict(
        zip((raw_index + 1).tolist(), zip(*columns, strict=True), strict=True)
    )
    for (index, column), text in raw.errors.items():
        if index + 1 in rows:
            cells = list(rows[index + 1])
            cells[column] = text
            rows[index + 1] = tuple(cells)
    return SenderRows(header.texts, rows)
