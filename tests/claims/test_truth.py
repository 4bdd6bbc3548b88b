"""The ground truth for claims, from stories alone: hand-worked families."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from synth.scoring.claims import compare_claims, expected_claims

D = dt.date
FIELDS = ["household_ref", "multi_problem", "story", "turning_point", "relapse_date", "work_began"]


def _truth(tmp_path: Path) -> Path:
    rows = [
        ("H1", "Y", "improves_and_sustains", "2025-01-10", "", "2024-09-01"),
        ("H2", "Y", "improves_then_relapses", "2025-01-10", "2025-08-01", "2024-09-01"),
        ("H3", "Y", "no_change", "", "", "2024-09-01"),
        ("H4", "Y", "adult_into_work", "2025-01-10", "", "2024-09-01"),
        ("H5", "Y", "improves_and_sustains", "2025-01-10", "", "2024-09-01"),
        ("H6", "", "", "", "", ""),
    ]
    with (tmp_path / "households.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(FIELDS)
        writer.writerows(rows)
    return tmp_path


def test_supporting_families_needs_closure_six_months_before_the_close(tmp_path: Path) -> None:
    attached = {ref: D(2024, 9, 1) for ref in ("H1", "H2", "H3", "H4", "H5", "H6")}
    # H1 closed 11/03/2025: problems ended by 09/02/2025; sustained to 11/09/2025.
    # H5 closed 01/06/2025: sustained only until 01/12/2025, after the close.
    closed = {"H1": D(2025, 3, 11), "H5": D(2025, 6, 1)}
    truth = expected_claims(
        "supporting-families-2022", D(2025, 10, 31), attached, closed, _truth(tmp_path)
    )
    assert {ref: (e.outcome, e.why) for ref, e in truth.items()} == {
        "H1": ("outcomes_sustained", "every need sustained after closure"),
        "H2": (None, "relapsed on 01/08/2025"),
        "H3": (None, "its story is no change"),
        "H4": (None, "into work, but no employment route in 2022"),
        "H5": (None, "sustained after closure only until 01/12/2025"),
        "H6": (None, "not a multi-problem family in the truth"),
    }
    found, earned, differences = compare_claims(truth, {"H1": "outcomes_sustained", "H3": "x"})
    assert (found, earned) == (1, 1)
    assert [(d.household_ref, d.expected, d.claimed, d.why) for d in differences] == [
        ("H3", None, "x", "its story is no change")
    ]


def test_phase_one_employment_needs_thirteen_weeks(tmp_path: Path) -> None:
    attached = {"H4": D(2024, 9, 1)}
    # From the turning point 10/01/2025: 11/04/2025 is 91 days, 13 weeks.
    on_time = expected_claims(
        "troubled-families-2012", D(2025, 4, 11), attached, {}, _truth(tmp_path)
    )
    early = expected_claims(
        "troubled-families-2012", D(2025, 4, 10), attached, {}, _truth(tmp_path)
    )
    assert on_time["H4"].outcome == "continuous_employment"
    assert early["H4"].outcome is None
