"""``generate``: the whole synthetic borough, from arguments to files and ground truth."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from synth.borough import Borough, build_borough
from synth.dates import school_years
from synth.feeds import Context
from synth.options import EXCEL_MAX_DATA_ROWS, Options, check
from synth.problems import assign_problems
from synth.truth import (
    households_table,
    memberships_table,
    outsiders_table,
    people_table,
    problems_table,
    sha256,
    write_csv,
    write_manifest,
)
from synth.workbooks import Written, write_kind
from workflow.templates import KINDS, TEMPLATE_VERSION

GENERATOR_VERSION = 1
TRUTH_DIR = "ground_truth"


@dataclass(frozen=True)
class SynthSummary:
    """What ``generate`` made."""

    households: int
    people: int
    seed: int
    files: tuple[Path, ...]
    rows_by_kind: dict[str, int]
    ground_truth_dir: Path
    seconds: float


def _quiet(stage: str, done: int, total: int) -> None:
    del stage, done, total


def generate(
    households: int,
    seed: int,
    out_dir: Path,
    *,
    start: dt.date = dt.date(2023, 9, 1),
    until: dt.date = dt.date(2026, 8, 31),
    max_rows_per_file: int = EXCEL_MAX_DATA_ROWS,
    progress: Callable[[str, int, int], None] | None = None,
) -> SynthSummary:
    """Generate a synthetic borough's partner spreadsheets and their ground truth.

    Args:
        households: how many households the borough has (1 to 5,000,000).
        seed: random seed; the same arguments always give byte-identical files.
        out_dir: folder for the workbooks (created if needed); truth goes in ``ground_truth/``.
        start: first day of the span the partner files cover.
        until: last day of the span (at least three whole school years after ``start``).
        max_rows_per_file: data rows per workbook; bigger feeds are split by school year,
            then term, then into numbered parts.
        progress: called as ``progress(stage, done, total)`` as work advances.

    Returns:
        A summary of what was written.

    Raises:
        SynthInvalid: an argument is out of range or ``out_dir`` can't be written
            (nothing is written then).
    """
    options = check(households, seed, out_dir, start, until, max_rows_per_file)
    report = progress or _quiet
    clock = time.perf_counter()
    report("Building the borough", 0, 2)
    borough = build_borough(options.seed, options.households, options.start, options.until)
    report("Giving families their problems", 1, 2)
    context = Context(borough, assign_problems(borough))
    report("Giving families their problems", 2, 2)
    truth_dir = options.out_dir / TRUTH_DIR
    truth_dir.mkdir(parents=True, exist_ok=True)
    previous = _previous_files(truth_dir)
    written: list[Written] = []
    truth_files: list[Path] = []
    for kind in KINDS:
        files, rows = write_kind(context, kind, options.out_dir, options.max_rows_per_file, report)
        written.extend(files)
        truth_files.append(write_csv(rows, truth_dir / f"rows_{kind}.csv"))
    report("Writing the ground truth", 0, 1)
    truth_files.extend(_write_truth(context, truth_dir))
    _remove_stale(options.out_dir, previous, written, truth_files)
    _write_localities(borough, options.out_dir / "reference" / "localities.csv")
    rows_by_kind = {kind: sum(w.rows for w in written if w.kind == kind) for kind in KINDS}
    manifest = _manifest(options, context, written, truth_files, rows_by_kind)
    write_manifest(truth_dir / "manifest.json", manifest)
    report("Writing the ground truth", 1, 1)
    return SynthSummary(
        households=options.households,
        people=borough.people.registered,
        seed=options.seed,
        files=tuple(w.path for w in written),
        rows_by_kind=rows_by_kind,
        ground_truth_dir=truth_dir,
        seconds=time.perf_counter() - clock,
    )


def _write_localities(borough: Borough, path: Path) -> Path:
    """The council's map of postcode districts to localities (``workflow.localities``):
    reference data a council keeps, not ground truth, and not a partner file (so it is in a
    folder of its own, which importing the delivery folder leaves alone)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    addresses = borough.places.addresses
    outward = pd.Series(addresses.postcode).str.split(" ").str[0]
    names = np.array(borough.places.localities, dtype=object)[addresses.locality]
    pairs = pd.DataFrame({"postcode area": outward, "locality": names}).drop_duplicates()
    pairs = pairs.sort_values("postcode area", key=lambda s: s.str[2:].astype(int))
    pairs.to_csv(path, index=False)
    return path


def _write_truth(context: Context, truth_dir: Path) -> list[Path]:
    b, problems = context.borough, context.problems
    tables: dict[str, pd.DataFrame] = {
        "people.csv": people_table(b),
        "memberships.csv": memberships_table(b),
        "out_of_borough.csv": outsiders_table(b),
        "households.csv": households_table(b, problems),
        "household_problems.csv": problems_table(b, problems),
    }
    return [write_csv(frame, truth_dir / name) for name, frame in tables.items()]


def _manifest(
    options: Options,
    context: Context,
    written: list[Written],
    truth_files: list[Path],
    rows_by_kind: dict[str, int],
) -> dict[str, object]:
    b = context.borough
    return {
        "generator_version": GENERATOR_VERSION,
        "template_version": TEMPLATE_VERSION,
        "seed": options.seed,
        "households": options.households,
        "people": b.people.registered,
        "out_of_borough_people": len(b.people) - b.people.registered,
        "span": {"start": options.start.isoformat(), "until": options.until.isoformat()},
        "school_years": [
            f"{y}/{(y + 1) % 100:02d}" for y in school_years(options.start, options.until)
        ],
        "max_rows_per_file": options.max_rows_per_file,
        "rows_by_kind": rows_by_kind,
        "files": [
            {
                "file": w.path.name,
                "kind": w.kind,
                "sheet": w.sheet,
                "header_row": w.header_row,
                "rows": w.rows,
                "sha256": w.sha256,
            }
            for w in written
        ],
        "ground_truth": [{"file": p.name, "sha256": sha256(p)} for p in truth_files],
    }


def _previous_files(truth_dir: Path) -> list[str]:
    """Workbooks and truth files a previous run recorded in its manifest."""
    manifest = truth_dir / "manifest.json"
    if not manifest.is_file():
        return []
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        names = [f["file"] for f in data.get("files", [])]
        names += [f"{TRUTH_DIR}/{f['file']}" for f in data.get("ground_truth", [])]
    except (ValueError, KeyError, TypeError, AttributeError):
        return []
    return [n for n in names if isinstance(n, str) and "/" not in n.removeprefix(f"{TRUTH_DIR}/")]


def _remove_stale(
    out_dir: Path, previous: list[str], written: list[Written], truth: list[Path]
) -> None:
    """Delete files an earlier run wrote here that this run did not (e.g. old split files)."""
    keep = {w.path.name for w in written} | {f"{TRUTH_DIR}/{p.name}" for p in truth}
    for name in previous:
        if name not in keep:
            (out_dir / name).unlink(missing_ok=True)
