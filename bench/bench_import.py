"""How fast a whole partner-file import is, against the fastest raw read of the same file.

Run: ``.venv/bin/python bench/bench_import.py [--rows 100000] [--repeat 2] [--no-postgres]``

It writes the same school_attendance-like workbook as ``bench_read.py`` (rows × 20
columns under partners' header aliases, 3 of them extra), registers a person for each row
(by a ``people`` import, not timed), then times, in this one run:

- the baseline: fastexcel to Arrow, the fastest raw read measured here (best of N);
- ``import_file`` (read, validate, link to the register, store every fact with its
  provenance, write the batch and the audit trail) into a fresh SQLite database, and into
  a fresh PostgreSQL schema (127.0.0.1:5432, database ``test``) when one is reachable.

Each import runs into an empty database of its own, so no run is an "unchanged" re-send.
It prints rows/s, the ratio of the best import to the best raw read (the goal is under
2×), each repeat's import against that repeat's raw read, and the peak memory of one
SQLite import in a fresh process (the goal is under 1 GB).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_read import _peak_rss_kb, write_workbook

TODAY = dt.date(2026, 1, 15)
POSTGRES = os.environ.get(
    "TFE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def write_register(path: Path, rows: int) -> None:
    """A ``people`` file naming the person behind each attendance row (P0000001, ...)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("People")
    sheet.write_row(0, 0, ("person_ref", "household_ref", "forename", "surname",
                           "date_of_birth", "address_line1", "postcode"))  # fmt: skip
    for i in range(1, rows + 1):
        sheet.write_row(i, 0, (f"P{i:07d}", f"H{(i + 2) // 3:07d}", "Amy", "Benson",
                               "01/09/2010", f"{i} Hill Road", "QX1 1AZ"))  # fmt: skip
    book.close()


@contextmanager
def fresh_database(backend: str, folder: Path) -> Iterator[str]:
    """An empty, migrated database: a new SQLite file, or a new PostgreSQL schema."""
    from sqlalchemy import create_engine, text

    if backend == "sqlite":
        yield f"sqlite:///{(folder / f'{uuid.uuid4().hex}.db').as_posix()}"
        return
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def import_file(container: Any, path: Path, kind: str) -> Any:
    """The import use case, as the command line calls it, dated the benchmark's day."""
    from imports.loading import import_file as service
    from workflow.clock import FixedClock
    from workflow.principal import Principal

    return service(
        path,
        kind,
        uow=container.uow(),
        clock=FixedClock(TODAY),
        actor=Principal.system("system"),
        reports_dir=container.settings.reports_dir,
    )


def timed_import(url: str, folder: Path, register: Path, workbook: Path) -> tuple[float, int]:
    """Migrate, load the register (untimed), then time importing ``workbook``."""
    from workflow.bootstrap import build
    from workflow.db.migrate import upgrade
    from workflow.settings import Settings

    container = build(Settings(data_dir=folder / "data", database_url=url))
    try:
        upgrade(container.engine)
        people = import_file(container, register, "people")
        assert people.status == "accepted", people
        started = time.perf_counter()
        outcome = import_file(container, workbook, "school_attendance")
        seconds = time.perf_counter() - started
        assert outcome.status == "accepted", outcome
        assert outcome.rows_unlinked == 0, outcome
        return seconds, outcome.rows_loaded
    finally:
        container.close()


def postgres_reachable() -> bool:
    from workflow.db.engine import check_connection, make_engine

    engine = make_engine(POSTGRES)
    try:
        check_connection(engine)
        return True
    except Exception:
        return False
    finally:
        engine.dispose()


def measure_memory(folder: Path, register: Path, workbook: Path) -> None:
    """Child process: print how many MB the peak resident set grew by during one import."""
    from workflow.bootstrap import build
    from workflow.db.migrate import upgrade
    from workflow.settings import Settings

    url = f"sqlite:///{(folder / 'memory.db').as_posix()}"
    container = build(Settings(data_dir=folder / "data", database_url=url))
    upgrade(container.engine)
    import_file(container, register, "people")
    before = _peak_rss_kb()
    import_file(container, workbook, "school_attendance")
    print((_peak_rss_kb() - before) / 1024)
    print(_peak_rss_kb() / 1024)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.measure:
        folder = options.measure
        measure_memory(folder, folder / "people.xlsx", folder / "attendance.xlsx")
        return

    import fastexcel

    backends = ["sqlite"]
    if not options.no_postgres:
        if postgres_reachable():
            backends.append("postgresql")
        else:
            print(f"PostgreSQL is not reachable at {POSTGRES}: timing SQLite only")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        workbook, register = folder / "attendance.xlsx", folder / "people.xlsx"
        write_workbook(workbook, options.rows)
        write_register(register, options.rows)
        size = workbook.stat().st_size / (1024 * 1024)
        print(f"wrote {options.rows:,} rows x 20 columns ({size:.1f} MB)")

        def raw_read() -> float:
            started = time.perf_counter()
            fastexcel.read_excel(workbook).load_sheet(0).to_arrow()
            return time.perf_counter() - started

        raw: list[float] = []
        imports: dict[str, list[float]] = {backend: [] for backend in backends}
        loaded = 0
        for _ in range(options.repeat):  # interleaved: a busy machine slows every run alike
            raw.append(raw_read())
            for backend in backends:
                with fresh_database(backend, folder) as url:
                    seconds, loaded = timed_import(url, folder, register, workbook)
                imports[backend].append(seconds)
        command = [sys.executable, __file__, "--measure", str(folder)]
        memory = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        growth, peak = (float(line) for line in memory.split())

    baseline = min(raw)
    print(f"\n{'run':<30}{'best s':>9}{'rows/s':>12}{'x raw read':>12}")
    print(f"{'fastexcel -> Arrow (baseline)':<30}{baseline:>9.3f}"
          f"{options.rows / baseline:>12,.0f}{1:>12.2f}")  # fmt: skip
    for backend, times in imports.items():
        best = min(times)
        print(f"{'import_file on ' + backend:<30}{best:>9.3f}"
              f"{options.rows / best:>12,.0f}{best / baseline:>12.2f}")  # fmt: skip
    # The machine's load moves between repeats: each import against the raw read timed just
    # before it, in the same repeat, shows the spread that best-of-N hides.
    print("\nper repeat, import / raw read of that repeat:")
    for backend, times in imports.items():
        ratios = ", ".join(f"{t / r:.2f}" for t, r in zip(times, raw, strict=True))
        print(f"  {backend:<12}{ratios}")
    print(f"\nrows loaded per import: {loaded:,}")
    print(f"peak memory of one SQLite import: +{growth:.0f} MB during the import, "
          f"{peak:.0f} MB for the whole process")  # fmt: skip


if __name__ == "__main__":
    main()
