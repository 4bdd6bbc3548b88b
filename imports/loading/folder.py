"""Importing a whole delivery: every partner file in a folder, in an order that links well.

A file's kind comes from its name: ``police_incidents.xlsx``, ``school_attendance_2024-25.xlsx``,
``Gangs Matrix Q3.csv`` (the longest known kind its normalised name starts with). The
registers go first (``people``, then ``keyworkers``) so every other file can link to them.
"""

from __future__ import annotations

import re
from pathlib import Path

from workflow.templates import KINDS

SUFFIXES = {".xlsx", ".csv"}
FIRST = ("people", "keyworkers")


def kind_from_name(path: Path) -> str | None:
    """The template kind a file's name announces, or None."""
    stem = re.sub(r"[^a-z0-9]+", "_", path.stem.lower()).strip("_")
    matches = [kind for kind in KINDS if stem == kind or stem.startswith(kind + "_")]
    return max(matches, key=len) if matches else None


def delivery_plan(folder: Path) -> tuple[list[tuple[str, Path]], list[Path]]:
    """(kind, file) pairs in import order, and the files whose kind can't be told."""
    planned: list[tuple[str, Path]] = []
    unknown: list[Path] = []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES):
        if path.name.startswith(("~$", ".")):
            continue  # Excel's lock files and hidden files
        kind = kind_from_name(path)
        if kind is None:
            unknown.append(path)
        else:
            planned.append((kind, path))
    order = {kind: i for i, kind in enumerate(FIRST)}
    planned.sort(key=lambda item: (order.get(item[0], len(FIRST)), item[0], item[1].name))
    return planned, unknown
