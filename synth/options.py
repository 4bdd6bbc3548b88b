"""Checking what ``generate`` was asked for, before anything is written.

Every refusal is a ``SynthInvalid`` whose one-line detail names the option, the way the
``tfe synth`` command spells it, and the value it was given.
"""

from __future__ import annotations

import datetime as dt
import numbers
import operator
import os
from dataclasses import dataclass
from pathlib import Path

from synth.dates import school_years, uk
from synth.errors import SynthInvalid

MAX_HOUSEHOLDS = 5_000_000
EXCEL_MAX_DATA_ROWS = 1_048_575  # 1,048,576 sheet rows less the header
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2099, 12, 31)


@dataclass(frozen=True)
class Options:
    """A checked request for one synthetic borough."""

    households: int
    seed: int
    out_dir: Path
    start: dt.date
    until: dt.date
    max_rows_per_file: int


def _whole(option: str, value: object, low: int, high: int | None, rule: str) -> int:
    """``value`` as an int when it is a whole number in range, else ``SynthInvalid``."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        whole = operator.index(value)
        if whole >= low and (high is None or whole <= high):
            return whole
    raise SynthInvalid(f"{option} must be a whole number {rule}, not {value!r}.")


def check(
    households: object,
    seed: object,
    out_dir: object,
    start: object,
    until: object,
    max_rows_per_file: object,
) -> Options:
    """Validate the arguments of ``generate``; raise ``SynthInvalid`` on the first bad one."""
    count = _whole(
        "--households", households, 1, MAX_HOUSEHOLDS, f"above 0 and at most {MAX_HOUSEHOLDS:,}"
    )
    number = _whole("--seed", seed, 0, None, "from 0 up")
    first, last = _check_span(start, until)
    rows = _whole(
        "--max-rows-per-file",
        max_rows_per_file,
        1,
        EXCEL_MAX_DATA_ROWS,
        f"from 1 to {EXCEL_MAX_DATA_ROWS:,} (Excel's limit)",
    )
    return Options(count, number, _check_out_dir(out_dir), first, last, rows)


def _date(option: str, value: object) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise SynthInvalid(f"{option} must be a date, not {value!r}.")
    if not EARLIEST <= value <= LATEST:
        raise SynthInvalid(
            f"{option} must be between {uk(EARLIEST)} and {uk(LATEST)}, not {uk(value)}."
        )
    return value


def _check_span(start: object, until: object) -> tuple[dt.date, dt.date]:
    first, last = _date("--start", start), _date("--until", until)
    if first >= last:
        raise SynthInvalid(f"--start ({uk(first)}) must be before --until ({uk(last)}).")
    whole = school_years(first, last)
    if len(whole) < 3:
        raise SynthInvalid(
            f"--start and --until must cover at least three whole school years "
            f"(1 September to 31 July); {uk(first)} to {uk(last)} covers {len(whole)}."
        )
    return first, last


def _check_out_dir(out_dir: object) -> Path:
    if not isinstance(out_dir, str | os.PathLike):
        raise SynthInvalid(f"--out must be a folder path, not {out_dir!r}.")
    path = Path(out_dir)
    if path.exists() and not path.is_dir():
        raise SynthInvalid(f"--out must be a folder, but {path} is a file.")
    existing = path
    while not existing.exists():
        if existing.parent == existing:
            break
        existing = existing.parent
    if not existing.is_dir():
        raise SynthInvalid(f"--out folder {path} can't be created: {existing} is a file.")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise SynthInvalid(f"--out folder {path} can't be written: no permission on {existing}.")
    return _try_creating(path)


def _try_creating(path: Path) -> Path:
    """Make the folder now (the other arguments are good), so a folder the system refuses
    (a read-only disk, /proc ...) is a one-line message rather than a failure half-way."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".tfe-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise SynthInvalid(f"--out folder {path} can't be written: {reason}.") from None
    return path
