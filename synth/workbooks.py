"""Writing one kind's workbook(s), and the truth behind every row in them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from synth.borough import Borough
from synth.cells import Cells
from synth.dates import uk
from synth.feeds import BUILDERS, Context, Feed
from synth.identity import add_person_columns
from synth.invalid import spoil
from synth.layout import Part, place, split
from synth.profiles import Profile, label, profile, stage_name
from synth.render import Rendered, render
from synth.text import refs
from synth.truth import sha256
from synth.xlsx import Sheet, write_xlsx
from workflow.templates import TEMPLATES

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Written:
    """One workbook written."""

    path: Path
    kind: str
    sheet: str
    rows: int
    header_row: int
    sha256: str


def produced_on(borough: Borough) -> dt.date:
    """The day the partner extracts were 'produced': two weeks after the span ends."""
    return borough.until_date + dt.timedelta(days=14)


def write_kind(
    ctx: Context, kind: str, out_dir: Path, limit: int, report: Progress
) -> tuple[list[Written], pd.DataFrame]:
    """Build, mess up and write one kind's feed; return the files and the row truth."""
    b = ctx.borough
    template = TEMPLATES[kind]
    feed = BUILDERS[kind](ctx)
    rng = ctx.rng(f"mess {kind}")
    if template.person_level:
        add_person_columns(b, feed, rng)
    else:
        about = feed.subject >= 0
        now = b.household_at(np.maximum(feed.subject, 0), feed.when)
        feed.household = np.where(feed.household >= 0, feed.household, np.where(about, now, -1))
    feed, invalid = spoil(feed, rng, b.until)
    prof = profile(b.seed, template)
    rendered = render(feed, template, prof, rng)
    truth = _row_truth(b, feed, rendered, invalid)
    feed.columns.clear()  # everything needed is in the cells and the truth now
    n = len(feed)
    written: list[Written] = []
    file_of = np.empty(n, dtype=object)
    row_of = np.zeros(n, dtype=np.int64)
    part_of = np.zeros(n, dtype=np.int64)
    done = 0
    stage = stage_name(kind)
    report(stage, 0, n)
    for index, part in enumerate(split(kind, feed.when, feed.term, limit)):
        file, rows = _write_part(
            ctx, part, rendered, prof, out_dir, _offset(report, stage, done, n)
        )
        done += len(part.rows)
        written.append(file)
        file_of[part.rows], row_of[part.rows], part_of[part.rows] = file.path.name, rows, index
    report(stage, n, n)
    truth.insert(0, "file", file_of)
    truth.insert(1, "sheet", prof.sheet)
    truth.insert(2, "row", row_of)
    if len(written) > 1:  # list each file's rows together, in sheet order
        truth = truth.iloc[np.lexsort((row_of, part_of))].reset_index(drop=True)
    return written, truth


def _offset(report: Progress, stage: str, base: int, total: int) -> Callable[[int], None]:
    """Report rows written in one file as progress through the whole kind."""
    return lambda done: report(stage, base + done, total)


def _write_part(
    ctx: Context,
    part: Part,
    rendered: Rendered,
    prof: Profile,
    out_dir: Path,
    on_rows: Callable[[int], None],
) -> tuple[Written, np.ndarray]:
    b = ctx.borough
    path = out_dir / f"{part.stem}.xlsx"
    spot = place(
        ctx.rng(f"rows {part.stem}"),
        len(part.rows),
        title=prof.title,
        blank_rate=prof.blank_rate,
        trailing=prof.trailing,
    )
    produced = produced_on(b)
    title = f"{label(prof.kind)} extract — produced {uk(produced)}" if spot.title else None
    sheet = Sheet(
        name=prof.sheet,
        headers=[prof.headers.get(name, name) for name in prof.order],
        columns=[_rows(rendered.columns[name], part.rows) for name in prof.order],
        header_row=spot.header_row,
        title=title,
        rows=spot.rows,
        trailing=spot.trailing,
    )
    created = f"{produced.isoformat()}T09:00:00Z"
    write_xlsx(path, sheet, created=created, on_rows=on_rows)
    digest = sha256(path)
    return Written(path, prof.kind, prof.sheet, len(part.rows), spot.header_row, digest), spot.rows


def _rows(cells: Cells, rows: np.ndarray) -> Cells:
    """The cells of one file's rows (no copy when the file holds the whole feed)."""
    return cells if len(rows) == len(cells) else cells.take(rows)


TRUTH_COLUMNS = [
    "subject",
    "person_ref",
    "household_ref",
    "outsider_ref",
    "staff_ref",
    "event_ref",
    "deliberately_invalid",
    "invalid_reason",
    "noise",
]


def _row_truth(b: Borough, feed: Feed, rendered: Rendered, invalid: np.ndarray) -> pd.DataFrame:
    p = b.people
    subject = feed.subject
    person = np.maximum(subject, 0)
    registered = (subject >= 0) & (subject < p.registered)
    outside = subject >= p.registered
    household = feed.household
    kind = np.select(
        [registered, outside, household >= 0, feed.staff is not None],
        ["person", "not_in_register", "household", "staff"],
        "",
    )
    noise = rendered.tags
    if "postcode" in feed.columns:
        noise = _old_address(b, feed, noise, registered)
    outsider_ref = refs("X", np.maximum(subject - p.registered + 1, 0), 5)
    return pd.DataFrame(
        {
            "subject": kind,
            "person_ref": np.select([registered, outside], [p.ref[person], "not in register"], ""),
            "household_ref": np.where(
                household >= 0, b.households.ref[np.maximum(household, 0)], ""
            ),
            "outsider_ref": np.where(outside, outsider_ref, ""),
            "staff_ref": feed.staff if feed.staff is not None else "",
            "event_ref": feed.event if feed.event is not None else "",
            "deliberately_invalid": np.where(invalid != None, "Y", "N"),  # noqa: E711
            "invalid_reason": np.where(invalid != None, invalid, ""),  # noqa: E711
            "noise": noise,
        }
    )


def _old_address(b: Borough, feed: Feed, noise: np.ndarray, registered: np.ndarray) -> np.ndarray:
    """Tag rows whose postcode is the person's old one (they have moved since)."""
    p = b.people
    person = np.maximum(feed.subject, 0)
    now = b.places.addresses.postcode[b.households.address[np.maximum(p.hh_end[person], 0)]]
    old = registered & (feed.columns["postcode"] != now) & (feed.columns["postcode"] != None)  # noqa: E711
    tag = np.where(noise == "", "postcode:old_address", noise + ";postcode:old_address")
    return np.where(old, tag, noise)
