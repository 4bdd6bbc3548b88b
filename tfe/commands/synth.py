"""``tfe synth``: generate a synthetic borough's partner spreadsheets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tfe.commands.common import JsonOption, parse_uk_date
from tfe.output import emit_json, out, progress_bar

HouseholdsOption = Annotated[int, typer.Option("--households", "-n", help="How many households.")]
SeedOption = Annotated[
    int, typer.Option("--seed", help="Random seed: the same seed gives the same files.")
]
OutOption = Annotated[Path, typer.Option("--out", help="Folder to write the workbooks to.")]


def synth(
    households: HouseholdsOption = 5000,
    seed: SeedOption = 1,
    out_dir: OutOption = Path("data/borough"),
    start: Annotated[
        str | None, typer.Option("--start", help="First day of the data, dd/mm/yyyy (01/09/2023).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Last day of the data, dd/mm/yyyy (31/08/2026).")
    ] = None,
    max_rows_per_file: Annotated[
        int,
        typer.Option(
            "--max-rows-per-file", help="Split a feed into files of at most this many rows."
        ),
    ] = 1_048_575,
    json: JsonOption = False,
) -> None:
    """Generate a synthetic borough: one workbook per partner template, plus ground truth."""
    from synth import generate

    span = {}
    if start is not None:
        span["start"] = parse_uk_date(start, "--start")
    if until is not None:
        span["until"] = parse_uk_date(until, "--until")
    with progress_bar(enabled=not json) as progress:
        summary = generate(
            households,
            seed,
            out_dir,
            max_rows_per_file=max_rows_per_file,
            progress=progress,
            **span,
        )
    if json:
        emit_json(
            {
                "households": summary.households,
                "people": summary.people,
                "seed": summary.seed,
                "files": [str(f) for f in summary.files],
                "rows_by_kind": summary.rows_by_kind,
                "ground_truth_dir": str(summary.ground_truth_dir),
                "seconds": round(summary.seconds, 2),
            }
        )
        return
    out.print(
        f"Generated {summary.households:,} households ({summary.people:,} people) with seed "
        f"{summary.seed} in {summary.seconds:.1f} s: {len(summary.files)} workbooks in {out_dir}"
    )
    for kind, rows in summary.rows_by_kind.items():
        out.print(f"  {kind:<24} {rows:>10,} rows")
    out.print(f"Ground truth (for tests and evaluation): {summary.ground_truth_dir}")
