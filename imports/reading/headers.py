"""Finding the header row and matching the sender's headers to the template's columns.

A header matches a canonical column when, ignoring case, spaces and punctuation, it is the
column's name, one of its built-in aliases, or a header the sender's mapping names for it
(the mapping wins over the built-in aliases). The header may be on any of the first 20
rows and the columns in any order; headers that match nothing are reported and ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from imports.reading.errors import FileRefused
from imports.reading.labels import lower_label
from imports.reading.limits import HEADER_SEARCH_ROWS
from imports.reading.raw import RawSheet
from workflow.templates import TEMPLATES, Column, Template

_NOT_WORD = re.compile(r"[\W_]+")
_ALL_NAMES = frozenset(c.name for t in TEMPLATES.values() for c in t.columns)


@dataclass(frozen=True)
class Header:
    """The header row found in a sheet and what each of its columns means.

    Attributes:
        index: the row index in the raw sheet (sheet row ``index + 1``).
        texts: every header cell as written, left to right (``""`` when blank).
        fields: raw column index → canonical column name, for the columns that match.
        extra: headers that match nothing, as written.
    """

    index: int
    texts: tuple[str, ...]
    fields: dict[int, str]
    extra: list[str]

    @property
    def sheet_row(self) -> int:
        return self.index + 1

    @property
    def header_map(self) -> dict[str, str]:
        """Canonical name → the header as the sender wrote it."""
        return {field: self.texts[i] for i, field in self.fields.items()}


def normalise(text: str) -> str:
    """A header reduced for matching: ``"Date of Birth "`` and ``date_of_birth`` agree."""
    return _NOT_WORD.sub("", text.casefold())


def aliases_for(template: Template, mapping: Mapping[str, str] | None) -> dict[str, str]:
    """Normalised header → canonical name, for this template and the sender's mapping."""
    known = {}
    for column in template.columns:
        for alias in (column.name, *column.aliases):
            known[normalise(alias)] = column.name
    for header, canonical in (mapping or {}).items():
        if canonical not in _ALL_NAMES:
            raise FileRefused(
                f"The column mapping sends ‘{header}’ to ‘{canonical}’, which is not a column "
                "of any template. Correct the mapping.",
                code="bad_mapping",
            )
        if canonical in template.names:
            known[normalise(header)] = canonical
    known.pop("", None)
    return known


def find_header(
    raw: RawSheet, template: Template, mapping: Mapping[str, str] | None, name: str
) -> Header:
    """The first row among the first 20 that matches most template columns (at least two)."""
    aliases = aliases_for(template, mapping)
    best: tuple[int, int] | None = None
    for index in range(min(HEADER_SEARCH_ROWS, raw.height)):
        texts = _row_texts(raw, index)
        score = len({aliases[k] for k in map(normalise, texts) if k in aliases})
        if score >= 2 and (best is None or score > best[1]):
            best = (index, score)
    if best is None:
        raise _no_header(template, name)
    return _match(best[0], _row_texts(raw, best[0]), template, mapping, name)


def _match(
    index: int,
    texts: tuple[str, ...],
    template: Template,
    mapping: Mapping[str, str] | None,
    name: str,
) -> Header:
    aliases = aliases_for(template, mapping)
    fields: dict[int, str] = {}
    extra: list[str] = []
    first_seen: dict[str, str] = {}
    for position, text in enumerate(texts):
        field = aliases.get(normalise(text))
        if field is None:
            if text.strip():
                extra.append(text)
            continue
        if field in first_seen:
            raise FileRefused(
                f"The columns ‘{first_seen[field]}’ and ‘{text}’ of {name} both give the "
                f"{lower_label(field)}. Keep one of them (delete or rename the other).",
                code="duplicate_columns",
            )
        first_seen[field] = text
        fields[position] = field
    missing = [c for c in template.columns if c.required and c.name not in first_seen]
    if missing:
        raise _missing_columns(missing, mapping, name)
    return Header(index, texts, fields, extra)


def _row_texts(raw: RawSheet, index: int) -> tuple[str, ...]:
    return tuple((column[index].as_py() or "").strip() for column in raw.columns)


def _missing_columns(
    missing: list[Column], mapping: Mapping[str, str] | None, name: str
) -> FileRefused:
    needed = "; ".join(f"{lower_label(c.name)} (headed {_accepted(c, mapping)})" for c in missing)
    return FileRefused(
        f"{name} has no column for: {needed}. Add the missing columns, or give a column "
        "mapping that says which of your columns hold them.",
        code="missing_columns",
    )


def _accepted(column: Column, mapping: Mapping[str, str] | None) -> str:
    written = [column.name, *column.aliases]
    written += [h for h, c in (mapping or {}).items() if c == column.name and h not in written]
    return " or ".join(f"‘{a}’" for a in written)


def _no_header(template: Template, name: str) -> FileRefused:
    expected = ", ".join(template.required)
    return FileRefused(
        f"None of the first {HEADER_SEARCH_ROWS} rows of {name} looks like the header of a "
        f"‘{template.kind}’ file. Put a header row with at least these columns at the top: "
        f"{expected}.",
        code="no_header",
    )
