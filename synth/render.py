"""Turning a feed's clean values into the cells a partner's file would hold.

Dates come as real dates, bare serial numbers or text in three formats; flags as Y/N,
Yes/No, TRUE/FALSE, 1/0 or y; codes with stray case and spaces; names with nicknames and
typos. Every row keeps its meaning (except the rows ``invalid`` spoils on purpose).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from synth.cells import TEXT, Cells, date_cells, number_cells, text_cells
from synth.dates import as_text
from synth.feeds.base import Feed
from synth.noise import swap_day_month, vary_names
from synth.profiles import FLAG_STYLES, Profile
from synth.text import keep
from workflow.templates import FILLED_BY_IMPORTER, ColumnType, Template

EXTRA_VALUES = {
    "Notes": ("Letter sent", "Follow up", "Parent contacted", "No answer", "See case notes"),
    "Officer": ("PC 4412", "PC 1187", "DC 2290", "PCSO 7731", "PS 0456"),
    "Comments": ("Checked", "Query with school", "Duplicate?", "Updated"),
    "Caseworker": ("JB", "KA", "MO", "TS", "RP"),
    "Last Updated By": ("system", "jsmith", "akhan", "mnowak"),
    "Source System": ("Mosaic", "Niche", "Capita One", "Liquidlogic"),
}
_SWAP_DOB = {"police_incidents": 0.01, "gangs_matrix": 0.03, "referrals": 0.02, "iom_cohort": 0.01}


@dataclass
class Rendered:
    """A feed as cells, in canonical column order, with what the noise did to each row."""

    columns: dict[str, Cells]  # canonical name (or the extra column's header) -> cells
    tags: np.ndarray  # object: ';'-joined noise tags per row, or ''


def render(feed: Feed, template: Template, prof: Profile, rng: np.random.Generator) -> Rendered:
    """The cells of every column of ``feed`` with ``prof``'s messiness applied."""
    n = len(feed)
    tags = np.full(n, "", dtype=object)
    columns: dict[str, Cells] = {}
    if "date_of_birth" in feed.columns and feed.kind in _SWAP_DOB:
        swapped, tag = swap_day_month(rng, feed.columns["date_of_birth"], _SWAP_DOB[feed.kind])
        feed.columns["date_of_birth"] = swapped
        tags = _tag(tags, tag)
    for column in template.columns:
        if column.name in FILLED_BY_IMPORTER:
            continue
        values = feed.columns.get(column.name)
        if values is None:
            columns[column.name] = text_cells(np.full(n, None, dtype=object))
            continue
        if column.name in ("forename", "surname") and prof.names > 0:
            values, tag = vary_names(rng, values, prof.names, column.name)
            tags = _tag(tags, tag)
        columns[column.name] = _cells(column.type, column.name, values, prof, rng)
    written = feed.columns.get("date_of_birth_written")
    if written is not None and "date_of_birth" in columns:
        columns["date_of_birth"] = _as_written(columns["date_of_birth"], written)
        tags = _tag(tags, feed.columns.get("identity_errors", np.full(n, None, dtype=object)))
    if prof.extra is not None:
        pool = np.array(EXTRA_VALUES[prof.extra], dtype=object)
        values = keep(rng.random(n) < 0.3, pool[rng.integers(0, len(pool), n)])
        columns[prof.extra] = text_cells(values)
    return Rendered(columns, tags)


def _as_written(cells: Cells, written: np.ndarray) -> Cells:
    """Date cells with some rows replaced by text that cannot be a date ("19960094")."""
    rows = ~pd.isna(written)
    if not rows.any():
        return cells
    kind = cells.kind.copy()
    kind[rows] = TEXT
    words = np.full(len(kind), None, dtype=object) if cells.text is None else cells.text.copy()
    words[rows] = written[rows]
    return Cells(kind, words, cells.number)


def _tag(tags: np.ndarray, new: np.ndarray) -> np.ndarray:
    has = ~pd.isna(new)
    if not has.any():
        return tags
    joined = np.where(tags[has] == "", new[has], tags[has] + ";" + new[has])
    out = tags.copy()
    out[has] = joined
    return out


def _cells(
    kind: ColumnType, name: str, values: np.ndarray, prof: Profile, rng: np.random.Generator
) -> Cells:
    if kind == ColumnType.DATE:
        return _dates(values, prof, rng)
    if kind in (ColumnType.INT, ColumnType.DECIMAL):
        return number_cells(values)
    if kind == ColumnType.FLAG:
        return _flags(values, prof, rng)
    if kind == ColumnType.CODE:
        return text_cells(_code_noise(values, prof.codes, rng))
    if name == "postcode":
        return text_cells(_postcode_noise(values, rng))
    return text_cells(values)


def _dates(values: np.ndarray, prof: Profile, rng: np.random.Generator) -> Cells:
    days = np.asarray(values, dtype="datetime64[D]")
    n = len(days)
    style = rng.choice(len(prof.dates), n, p=np.array(prof.dates) / sum(prof.dates))
    text = None
    if (style >= 2).any():
        text = np.full(n, None, dtype=object)
        worded = (style >= 2) & ~np.isnat(days)
        text[worded] = as_text(days[worded], style[worded] - 2)
    return date_cells(days, text, style == 1)


def _flags(values: np.ndarray, prof: Profile, rng: np.random.Generator) -> Cells:
    values = np.asarray(values, dtype=object)
    n = len(values)
    yes, no = prof.flags
    odd = rng.random(n) < 0.05
    other = np.array(FLAG_STYLES, dtype=object)[rng.integers(0, len(FLAG_STYLES), n)]
    truthy = (values == True) & ~pd.isna(values)  # noqa: E712 (elementwise on objects)
    falsy = (values == False) & ~pd.isna(values)  # noqa: E712
    text = np.full(n, None, dtype=object)
    text[truthy] = np.where(odd[truthy], other[truthy, 0], yes)
    text[falsy] = np.where(odd[falsy], other[falsy, 1], no)
    if prof.flag_numbers:
        number = np.where(truthy, 1.0, np.where(falsy, 0.0, np.nan))
        cells = number_cells(number)
        cells.kind[odd & (truthy | falsy)] = TEXT  # the odd rows spelt out in words
        return Cells(cells.kind, text, cells.number)
    return text_cells(text)


def _code_noise(values: np.ndarray, share: float, rng: np.random.Generator) -> np.ndarray:
    out = np.asarray(values, dtype=object).copy()
    rows = np.flatnonzero(~pd.isna(out) & (rng.random(len(out)) < share))
    styles = rng.integers(0, 4, len(rows))
    for row, style in zip(rows.tolist(), styles.tolist(), strict=True):
        value = out[row]
        variants = (
            value.capitalize(),
            value.upper(),
            f"  {value.capitalize()} ",
            _shout_first(value),
        )
        out[row] = variants[style]
    return out


def _shout_first(value: str) -> str:
    """``asb_incident`` -> ``ASB_incident``: the first word in capitals."""
    first, sep, rest = value.partition("_")
    return first.upper() + sep + rest


def _postcode_noise(values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    out = np.asarray(values, dtype=object).copy()
    rows = np.flatnonzero(~pd.isna(out) & (rng.random(len(out)) < 0.04))
    for row, u in zip(rows.tolist(), rng.random(len(rows)).tolist(), strict=True):
        out[row] = out[row].replace(" ", "") if u < 0.5 else out[row].lower()
    return out
