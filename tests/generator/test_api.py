"""The public facade: what ``generate`` returns, writes and reports."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from synth import SynthSummary, generate
from tests.generator.helpers import HOUSEHOLDS, SEED, Generated
from workflow.templates import KINDS, TEMPLATE_VERSION, TEMPLATES


def test_summary_describes_what_was_written(borough: Generated) -> None:
    s = borough.summary
    assert isinstance(s, SynthSummary)
    assert dataclasses.is_dataclass(s) and s.__dataclass_params__.frozen  # type: ignore[attr-defined]
    assert (s.households, s.seed) == (HOUSEHOLDS, SEED)
    assert s.people == len(borough.truth("people"))
    assert s.ground_truth_dir == borough.out_dir / "ground_truth"
    assert s.seconds > 0
    assert set(s.rows_by_kind) == set(KINDS)
    assert all(isinstance(p, Path) and p.is_file() for p in s.files)


def test_every_kind_has_one_workbook_named_after_it(borough: Generated) -> None:
    names = sorted(p.name for p in borough.summary.files)
    assert names == sorted(f"{kind}.xlsx" for kind in KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_every_workbook_reads_with_calamine_and_has_rows(borough: Generated, kind: str) -> None:
    frame = pd.read_excel(
        borough.workbook(kind), engine="calamine", header=borough.header_row(kind) - 1
    )
    assert len(frame.dropna(how="all")) == borough.summary.rows_by_kind[kind] > 0
    required = TEMPLATES[kind].required
    assert len(frame.columns) >= len(required)


def test_manifest_records_the_run(borough: Generated) -> None:
    import json

    manifest = json.loads((borough.summary.ground_truth_dir / "manifest.json").read_text())
    assert manifest["seed"] == SEED
    assert manifest["households"] == HOUSEHOLDS
    assert manifest["people"] == borough.summary.people
    assert manifest["template_version"] == TEMPLATE_VERSION
    assert manifest["span"] == {"start": "2023-09-01", "until": "2026-08-31"}
    assert manifest["rows_by_kind"] == borough.summary.rows_by_kind
    listed = {f["file"]: f["sha256"] for f in manifest["files"]}
    assert set(listed) == {p.name for p in borough.summary.files}
    import hashlib

    for path in borough.summary.files:
        assert listed[path.name] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_progress_is_reported_in_plain_english_and_nothing_is_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[tuple[str, int, int]] = []
    generate(
        300, 1, tmp_path, progress=lambda stage, done, total: calls.append((stage, done, total))
    )
    stages = [c[0] for c in calls]
    assert "Building the borough" in stages
    assert "Writing police incidents" in stages
    assert "Writing the ground truth" in stages
    assert all(0 <= done <= total for _, done, total in calls)
    last = {}
    for stage, done, _ in calls:
        assert done >= last.get(stage, 0)
        last[stage] = done
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_a_second_run_in_the_same_folder_removes_files_it_no_longer_writes(tmp_path: Path) -> None:
    first = generate(300, 1, tmp_path, max_rows_per_file=200)
    assert any(p.stem not in KINDS for p in first.files)  # some feeds were split
    second = generate(300, 1, tmp_path)
    on_disk = sorted(p.name for p in tmp_path.glob("*.xlsx"))
    assert on_disk == sorted(p.name for p in second.files)


def test_even_a_one_household_borough_has_every_workbook(tmp_path: Path) -> None:
    summary = generate(1, 1, tmp_path)
    assert sorted(p.name for p in summary.files) == sorted(f"{kind}.xlsx" for kind in KINDS)
    assert summary.rows_by_kind["people"] == summary.people >= 1
