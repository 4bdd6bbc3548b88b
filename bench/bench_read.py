"""How fast the partner-file reader is, against the raw readers it is built on.

Run: ``.venv/bin/python bench/bench_read.py [--rows 100000] [--repeat 3]``

It writes a school_attendance-like workbook (rows × 20 columns: 17 template columns under
partners' header aliases, 3 extra columns, real date cells, shared strings as Excel writes
them) in a temporary folder, then times, in this one run and interleaved so a busy machine
hurts every reader alike: openpyxl read-only, pandas with calamine, fastexcel to pandas,
fastexcel to Arrow (the baseline) and ``read_partner_file`` (read + every check). Each
reader's best time, rows/s and peak memory are printed, and the ratio of
``read_partner_file`` to the baseline. Peak memory is the growth of the peak resident set
while one read runs in a fresh process (fastexcel allocates in Rust, which tracemalloc
cannot see); openpyxl, far slower than the rest, is timed once.

``--hostile`` instead builds the far-out sheets of issue #12 (a few kilobytes each, whose
rows or cells reach far beyond their data) and prints, for each, what ``read_partner_file``
answered, how long it took and the peak resident set of the fresh process it ran in. Give
``--root`` another checkout to measure its code instead (run it under ``ulimit -v``: the old
reader asks for gigabytes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

HEADERS = [
    "Person ID", "Pupil Forename", "Pupil Surname", "DOB", "Gender", "Postcode", "Address",
    "UPRN", "NI Number", "UPN", "Academic Year", "Term", "Possible Sessions",
    "Authorised Absence", "Unauthorised Absence", "School URN", "School Name",
    "Year Group", "Tutor", "Notes",
]  # fmt: skip
NAMES = ["Amy", "Ben", "Cara", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo", "Kit", "Lea"]


def write_workbook(path: Path, rows: int, seed: int = 1) -> None:
    """A realistic attendance export, written with xlsxwriter (shared strings, date cells)."""
    import xlsxwriter

    rnd = random.Random(seed)
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Attendance")
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, HEADERS)
    born = dt.datetime(2008, 9, 1)
    for i in range(1, rows + 1):
        sheet.write_row(
            i,
            0,
            (
                f"P{i:07d}",
                rnd.choice(NAMES),
                rnd.choice(NAMES) + "son",
            ),
        )
        sheet.write_datetime(i, 3, born + dt.timedelta(days=rnd.randrange(3650)), date)
        possible = rnd.choice((120, 130, 140))
        authorised = rnd.randrange(20)
        sheet.write_row(
            i,
            4,
            (
                rnd.choice("FMU"),
                f"QX{rnd.randrange(1, 30)} {rnd.randrange(1, 10)}{rnd.choice('ABDE')}Z",
                f"{rnd.randrange(1, 300)} {rnd.choice(NAMES)} Road",
                100000000000 + rnd.randrange(10**9),
                f"QQ{rnd.randrange(10**6):06d}C",
                f"A{rnd.randrange(10**12):012d}",
                "2025/26",
                rnd.choice(("Autumn", "Spring", "Summer")),
                possible,
                authorised,
                rnd.randrange(possible - authorised),
                100000 + rnd.randrange(40),
                f"{rnd.choice(NAMES)} Hill School",
                rnd.randrange(7, 12),
                rnd.choice(NAMES),
                "" if rnd.random() < 0.9 else "called home",
            ),
        )
    book.close()


def readers(path: Path) -> dict[str, Callable[[], Any]]:
    import fastexcel
    import openpyxl
    import pandas as pd

    from imports.reading import read_partner_file

    def openpyxl_read_only() -> int:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
        book.close()
        return count

    return {
        "openpyxl read-only": openpyxl_read_only,
        "pandas + calamine": lambda: pd.read_excel(path, engine="calamine"),
        "fastexcel -> pandas": lambda: fastexcel.read_excel(path).load_sheet(0).to_pandas(),
        "fastexcel -> Arrow": lambda: fastexcel.read_excel(path).load_sheet(0).to_arrow(),
        "read_partner_file": lambda: read_partner_file(
            path, "school_attendance", today=dt.date(2026, 1, 15)
        ),
    }


SLOW = {"openpyxl read-only"}


def best_times(runs: dict[str, Callable[[], Any]], repeat: int) -> dict[str, float]:
    best = dict.fromkeys(runs, float("inf"))
    for round_ in range(repeat):
        for name, run in runs.items():
            if name in SLOW and round_:
                continue
            started = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - started)
    return best


def peak_memory(path: Path, name: str) -> float:
    """Megabytes the peak resident set grows by while ``name`` reads ``path`` once."""
    command = [sys.executable, __file__, "--measure", name, "--path", str(path)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return float(output.strip().splitlines()[-1])


def measure(path: Path, name: str) -> None:
    """Child process: import everything, then print the peak RSS growth of one read (MB)."""
    run = readers(path)[name]
    before = _peak_rss_kb()
    run()
    print((_peak_rss_kb() - before) / 1024)


def hostile_files(folder: Path) -> dict[str, Path]:
    """The far-out sheets of issue #12, built with the reader tests' builders."""
    from tests.reading.builders import far_out_sheet, text_cell

    def row(number: int, *cells: bytes) -> bytes:
        return b'<row r="%d">' % number + b"".join(cells) + b"</row>"

    ones = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(3, 60_000))
    files = {
        "cell at XFD20000 (dimension A1:Q2)": row(20_000, text_cell("XFD20000")),
        "cell at XFD2000": row(2_000, text_cell("XFD2000")),
        "cell at XFD1": row(1, text_cell("XFD1")),
        "empty row numbered 4,000,000,000": b'<row r="4000000000"/>',
        "20,000 cells without r across": row(3, b"<c/>" * 20_000, text_cell("")),
        "60,000 rows and a cell at AHP60000": ones + row(60_000, text_cell("AHP60000")),
        "3,000 rows and a cell at ALL3001": ones[: ones.find(b'<row r="3001"')]
        + row(3_001, text_cell("ALL3001")),
    }
    return {
        name: far_out_sheet(folder / f"hostile{i}.xlsx", extra)
        for i, (name, extra) in enumerate(files.items())
    }


def hostile(root: Path | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        files = hostile_files(Path(folder))
        print(f"{'file':<40}{'KB':>6}{'s':>7}{'peak MB':>9}  answer")
        for name, path in files.items():
            command = [sys.executable, __file__, "--refuse", str(path)]
            if root is not None:
                command += ["--root", str(root)]
            run = subprocess.run(command, capture_output=True, text=True)
            lines = run.stdout.strip().splitlines()
            if run.returncode or not lines:
                tail = (run.stderr.strip().splitlines() or ["?"])[-1][:60]
                answer, seconds, peak = f"crashed (exit {run.returncode}): {tail}", "-", "-"
            else:
                seconds, peak, answer = lines[-1].split(" ", 2)
            size = path.stat().st_size / 1024
            print(f"{name:<40}{size:>6.1f}{seconds:>7}{peak:>9}  {answer[:90]}")


def refuse(path: Path) -> None:
    """Child process: read ``path`` once; print seconds, peak RSS (MB) and the answer."""
    from imports.reading import FileRefused, read_partner_file

    started = time.perf_counter()
    try:
        result = read_partner_file(path, "school_attendance", today=dt.date(2026, 1, 15))
        answer = f"read {result.rows_read} rows"
    except FileRefused as refused:
        answer = f"refused ({refused.code}): {refused.detail}"
    seconds = time.perf_counter() - started
    print(f"{seconds:.2f} {_peak_rss_kb() / 1024:.0f} {answer}")


def _peak_rss_kb() -> int:
    """This process's peak resident set (VmHWM on Linux: ru_maxrss survives exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--hostile", action="store_true", help="time refusing far-out sheets")
    parser.add_argument("--root", type=Path, help="with --hostile: the checkout to measure")
    parser.add_argument("--refuse", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.root is not None:
        sys.path.insert(0, str(options.root))
    if options.measure:
        measure(options.path, options.measure)
        return
    if options.refuse:
        refuse(options.refuse)
        return
    if options.hostile:
        hostile(options.root)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "attendance.xlsx"
        started = time.perf_counter()
        write_workbook(path, options.rows)
        size = path.stat().st_size / (1024 * 1024)
        print(f"wrote {options.rows:,} rows x 20 columns ({size:.1f} MB) "
              f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
        runs = readers(path)
        result = runs["read_partner_file"]()
        print(f"read_partner_file: {result.rows_read:,} rows read, {len(result.frame):,} "
              f"accepted, {len(result.rejections):,} rejections, "
              f"extra columns {result.extra_columns}")  # fmt: skip
        times = best_times(runs, options.repeat)
        memory = {name: peak_memory(path, name) for name in runs}
    baseline = times["fastexcel -> Arrow"]
    print(f"\n{'reader':<22}{'best s':>9}{'rows/s':>12}{'+peak RSS MB':>14}{'x Arrow':>9}")
    for name, seconds in times.items():
        print(
            f"{name:<22}{seconds:>9.3f}{options.rows / seconds:>12,.0f}"
            f"{memory[name]:>14.0f}{seconds / baseline:>9.2f}"
        )
    ratio = times["read_partner_file"] / baseline
    print(f"\nread_partner_file / fastexcel -> Arrow = {ratio:.2f}")


if __name__ == "__main__":
    main()
