"""Reading what matching stored, for assertions."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import text

from workflow.bootstrap import Container


def rows(container: Container, sql: str, **params: object) -> pd.DataFrame:
    with container.engine.connect() as connection:
        result = connection.execute(text(sql), params)
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def intel(container: Container) -> pd.DataFrame:
    """Every list row with its link as person_ref and the batch's file name."""
    parts = []
    for kind, table in (("gangs_matrix", "intel_gangs_matrix"), ("iom_cohort", "intel_iom_cohort")):
        parts.append(
            rows(
                container,
                f"SELECT '{kind}' AS kind, f.id, f.nominal_ref, f.source_row AS row, "
                "b.file_name AS file, f.link_method, f.household_id, p.person_ref AS linked "
                f"FROM {table} f JOIN import_batches b ON b.id = f.batch_id "
                "LEFT JOIN people p ON p.id = f.person_id ORDER BY f.id",
            )
        )
    return pd.concat(parts, ignore_index=True)


def truth(borough: Path) -> pd.DataFrame:
    frames = [
        pd.read_csv(
            borough / "ground_truth" / f"rows_{kind}.csv", dtype=str, keep_default_na=False
        ).assign(kind=kind)
        for kind in ("gangs_matrix", "iom_cohort")
    ]
    return pd.concat(frames).astype({"row": int})[["kind", "file", "row", "person_ref"]]


def forget_exact_links(container: Container, count: int = 3) -> None:
    """As if the importer had not linked some gangs-matrix rows: more nominals to match."""
    with container.engine.begin() as connection:
        ids = [
            i
            for (i,) in connection.execute(
                text("SELECT id FROM intel_gangs_matrix WHERE person_id IS NOT NULL ORDER BY id")
            )
        ][:count]
        for i in ids:
            connection.execute(
                text(
                    "UPDATE intel_gangs_matrix SET person_id = NULL, link_method = NULL "
                    "WHERE id = :i"
                ),
                {"i": i},
            )
