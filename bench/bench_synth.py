"""Benchmark the synthetic borough generator.

    python bench/bench_synth.py [--households N] [--seed S] [--out DIR]

Prints the wall time of ``generate`` (the whole job: borough, problems, 17 workbooks,
ground truth), rows and cells per second, and peak RSS. The baseline, measured in the same
run, is *openpyxl write_only writing cells only*: a 20,000-row sample of the largest
workbook is written with openpyxl's write-only mode (and, for reference, xlsxwriter's
constant_memory mode and this package's writer), timed, and extrapolated per cell to every
cell the generator wrote. The ratio says how many times faster the whole generator is than
openpyxl would be at just writing the same cells.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(
    0, str(Path(__file__).resolve().parents[1])
)  # also runs from an uninstalled checkout

from synth import generate
from synth.cells import Cells, date_cells, number_cells, text_cells
from synth.xlsx import Sheet, write_xlsx

SAMPLE_ROWS = 20_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None, help="folder to keep the output in")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        out = args.out or Path(scratch) / "borough"
        started = time.perf_counter()
        summary = generate(args.households, args.seed, out)
        seconds = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rows = sum(summary.rows_by_kind.values())
        cells = _cells_written(summary.ground_truth_dir / "manifest.json", out)
        sample = _sample(out, summary.files)
        per_cell = {
            name: _time(writer, sample, Path(scratch)) / sample.size
            for name, writer in WRITERS.items()
        }
    baseline = per_cell["openpyxl write_only"] * cells
    print(f"households            {args.households:,} (seed {args.seed})")
    print(f"people                {summary.people:,}")
    print(f"workbooks             {len(summary.files)}")
    print(f"rows                  {rows:,}  cells {cells:,}")
    print(f"seconds               {seconds:.1f}")
    print(f"rows/s                {rows / seconds:,.0f}")
    print(f"cells/s               {cells / seconds:,.0f}")
    print(f"peak RSS              {peak_mb:,.0f} MB")
    shape = f"{sample.shape[0]:,} rows x {sample.shape[1]} columns"
    print(f"writers, seconds per million cells (a sample of {shape}):")
    for name, cost in per_cell.items():
        print(f"  {name:<28} {cost * 1e6:6.2f} s")
    print(
        f"baseline              openpyxl write_only writing the same {cells:,} cells, extrapolated:"
    )
    print(f"                      {baseline:.1f} s")
    print(f"ratio                 {baseline / seconds:.1f}x faster (whole generator vs baseline)")


def _cells_written(manifest: Path, out: Path) -> int:
    data = json.loads(manifest.read_text())
    total = 0
    for entry in data["files"]:
        width = pd.read_excel(
            out / entry["file"], engine="calamine", header=None, nrows=entry["header_row"]
        ).shape[1]
        total += entry["rows"] * width
    return total


def _sample(out: Path, files: tuple[Path, ...]) -> pd.DataFrame:
    largest = max(files, key=lambda p: p.stat().st_size)
    header = json.loads((out / "ground_truth" / "manifest.json").read_text())
    row = next(f["header_row"] for f in header["files"] if f["file"] == largest.name)
    frame = pd.read_excel(largest, engine="calamine", header=row - 1, nrows=SAMPLE_ROWS)
    return frame.dropna(how="all")


def _python_values(sample: pd.DataFrame) -> list[list[object]]:
    rows = sample.astype(object).where(sample.notna(), None).to_numpy().tolist()
    return [[v.to_pydatetime() if isinstance(v, pd.Timestamp) else v for v in r] for r in rows]


def _openpyxl(sample: pd.DataFrame, path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    sheet.append([str(c) for c in sample.columns])
    for row in _python_values(sample):
        sheet.append(row)
    book.save(path)


def _xlsxwriter(sample: pd.DataFrame, path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Data")
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, [str(c) for c in sample.columns])
    for r, row in enumerate(_python_values(sample), start=1):
        for c, value in enumerate(row):
            if isinstance(value, dt.datetime):
                sheet.write_datetime(r, c, value, date)
            elif value is not None:
                sheet.write(r, c, value)
    book.close()


def _ours(sample: pd.DataFrame, path: Path) -> None:
    columns: list[Cells] = []
    for name in sample.columns:
        values = sample[name]
        if pd.api.types.is_datetime64_any_dtype(values):
            columns.append(date_cells(values.to_numpy(dtype="datetime64[D]")))
        elif pd.api.types.is_numeric_dtype(values):
            columns.append(number_cells(values.to_numpy(dtype=float)))
        else:
            text = values.map(lambda v: None if v is None or v != v else str(v))
            columns.append(text_cells(text.to_numpy(dtype=object)))
    rows = np.arange(2, len(sample) + 2)
    sheet = Sheet("Data", [str(c) for c in sample.columns], columns, 1, None, rows, 0)
    write_xlsx(path, sheet, created="2026-09-14T09:00:00Z")


WRITERS = {
    "openpyxl write_only": _openpyxl,
    "xlsxwriter constant_memory": _xlsxwriter,
    "synth.xlsx": _ours,
}


def _time(writer: object, sample: pd.DataFrame, folder: Path) -> float:
    path = folder / "sample.xlsx"
    started = time.perf_counter()
    writer(sample, path)  # type: ignore[operator]
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
