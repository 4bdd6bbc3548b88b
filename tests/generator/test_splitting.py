"""A feed that would pass max_rows_per_file is split by school year, then term, then parts."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from synth import generate
from workflow.templates import KINDS


def test_small_limit_splits_by_year_then_term(tmp_path: Path) -> None:
    limit = 400
    summary = generate(300, 3, tmp_path, max_rows_per_file=limit)
    names = [p.name for p in summary.files]
    attendance = [n for n in names if n.startswith("school_attendance")]
    assert len(attendance) > 1
    pattern = r"^school_attendance_20\d\d-\d\d(_(autumn|spring|summer)(_part\d+)?)?\.xlsx$"
    assert all(re.match(pattern, n) for n in attendance)
    assert {n[18:25] for n in attendance} == {"2023-24", "2024-25", "2025-26"}
    for kind in KINDS:
        mine = [
            p for p in summary.files if p.name == f"{kind}.xlsx" or p.name.startswith(f"{kind}_")
        ]
        assert mine, kind
        truth = pd.read_csv(summary.ground_truth_dir / f"rows_{kind}.csv", keep_default_na=False)
        assert len(truth) == summary.rows_by_kind[kind]
        per_file = truth.groupby("file").size()
        assert per_file.max() <= limit
        assert set(per_file.index) == {p.name for p in mine}


def test_split_files_hold_the_rows_the_truth_says(tmp_path: Path) -> None:
    summary = generate(300, 3, tmp_path, max_rows_per_file=150)
    truth = pd.read_csv(
        summary.ground_truth_dir / "rows_school_attendance.csv", keep_default_na=False
    )
    for name, rows in truth.groupby("file"):
        sheet = pd.read_excel(tmp_path / name, engine="calamine", header=None, dtype=object)
        filled = sheet.notna().any(axis=1).to_numpy().nonzero()[0] + 1
        header = int(rows["row"].min()) - 1
        assert sorted(rows["row"]) == [r for r in filled if r > header]
        year = str(name)[18:25].replace("-", "/")
        body = sheet.iloc[header:].dropna(how="all")
        assert body.apply(lambda r, y=year: y in set(map(str, r)), axis=1).all()
