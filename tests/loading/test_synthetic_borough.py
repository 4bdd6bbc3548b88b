"""Issue #3's acceptance test: the whole synthetic borough imports with the counts its
ground truth predicts, and deterministic linking never links the wrong person."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import text

from imports.loading.facts import table_for
from imports.loading.folder import delivery_plan
from synth import generate
from tests.support import import_file
from workflow.bootstrap import Container
from workflow.templates import KINDS

TODAY = dt.date(2026, 9, 14)  # the generator's delivery date (its span ends 31/08/2026)


@pytest.fixture
def imported(container: Container, migrated_engine, tmp_path: Path) -> tuple[Container, Path, dict]:
    borough = tmp_path / "borough"
    generate(1500, 7, borough)
    plan, unknown = delivery_plan(borough)
    assert unknown == []
    outcomes = {}
    for kind, path in plan:
        outcome = import_file(container, path, kind, today=TODAY)
        assert outcome.status == "accepted", (path.name, outcome.detail)
        outcomes[path.name] = outcome
    return container, borough, outcomes


def truth(borough: Path, kind: str) -> pd.DataFrame:
    return pd.read_csv(
        borough / "ground_truth" / f"rows_{kind}.csv", dtype=str, keep_default_na=False
    )


def loaded_rows(container: Container, kind: str) -> pd.DataFrame:
    sql = (
        f"SELECT b.file_name AS file, f.source_row AS row, p.person_ref AS linked "
        f"FROM {table_for(kind)} f JOIN import_batches b ON b.id = f.batch_id "
        f"LEFT JOIN people p ON p.id = f.person_id"
    )
    with container.engine.connect() as connection:
        result = connection.execute(text(sql))
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def test_every_kind_loads_exactly_the_rows_the_ground_truth_says_are_valid(imported) -> None:
    container, borough, outcomes = imported
    for kind in KINDS:
        rows = truth(borough, kind)
        valid = rows[rows["deliberately_invalid"] == "N"]
        files = set(rows["file"])
        loaded = sum(o.rows_loaded for name, o in outcomes.items() if name in files)
        rejected = sum(o.rows_rejected for name, o in outcomes.items() if name in files)
        assert (loaded, rejected) == (len(valid), len(rows) - len(valid)), kind
        if kind in ("people", "keyworkers"):
            continue
        stored = loaded_rows(container, kind)
        expected = set(zip(valid["file"], valid["row"].astype(int), strict=True))
        assert set(zip(stored["file"], stored["row"].astype(int), strict=True)) == expected, kind


def test_deterministic_links_are_never_wrong_and_find_most_people(imported) -> None:
    container, borough, _ = imported
    linked_total = correct = people_rows = 0
    for kind in KINDS:
        if kind in ("people", "keyworkers"):
            continue
        rows = truth(borough, kind)
        stored = loaded_rows(container, kind).astype({"row": int})
        rows = rows.astype({"row": int}).merge(stored, on=["file", "row"], how="inner")
        linked = rows[rows["linked"].notna()]
        wrong = linked[linked["linked"] != linked["person_ref"]]
        assert wrong.empty, f"{kind}: {len(wrong)} rows linked to the wrong person"
        linked_total += len(linked)
        correct += len(linked) - len(wrong)
        people_rows += int((rows["subject"] == "person").sum())
    assert linked_total == correct
    assert linked_total / people_rows > 0.9


def test_out_of_borough_nominals_are_never_linked(imported) -> None:
    container, borough, _ = imported
    for kind in ("gangs_matrix", "iom_cohort"):
        rows = truth(borough, kind).astype({"row": int})
        stored = loaded_rows(container, kind).astype({"row": int})
        outsiders = rows[rows["subject"] == "not_in_register"].merge(stored, on=["file", "row"])
        assert outsiders["linked"].isna().all(), kind
