"""The oracle's mapping, on a handful of hand-written truth rows (no database)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from eligibility import load_catalogue
from synth.scoring import MAPPING, RULESETS, Truth, expected
from synth.scoring.mapping import criteria_of

AS_OF = dt.date(2026, 8, 31)
CATALOGUE = load_catalogue(None)


def write_truth(folder: Path, people: list[tuple], problems: list[tuple]) -> Truth:
    """A ground-truth folder: people (ref, household, born, expecting) and problems
    (household, problem, person, role, from, to, period, detail)."""
    folder.mkdir()
    (folder / "manifest.json").write_text(
        json.dumps({"span": {"start": "2023-09-01", "until": "2026-08-31"}})
    )
    frame = pd.DataFrame(people, columns=["person_ref", "household_ref", "date_of_birth",
                                          "expecting_baby"])  # fmt: skip
    frame.to_csv(folder / "people.csv", index=False)
    frame.assign(**{"from": "", "to": ""})[["person_ref", "household_ref", "from", "to"]].to_csv(
        folder / "memberships.csv", index=False
    )
    households = sorted(set(frame["household_ref"]))
    pd.DataFrame({"household_ref": households}).to_csv(folder / "households.csv", index=False)
    columns = ["household_ref", "problem", "person_ref", "role", "from", "to", "period", "detail"]
    pd.DataFrame(problems, columns=columns).to_csv(folder / "household_problems.csv", index=False)
    return Truth.at(folder)


@pytest.fixture
def truth(tmp_path: Path) -> Truth:
    people = [
        # H1: a mother and a 10-year-old: three problems now.
        ("P1", "H1", "1985-01-01", "N"), ("P2", "H1", "2016-01-01", "N"),
        # H2: one adult: work now, crime that ended 13 months ago.
        ("P3", "H2", "1980-01-01", "N"),
        # H3: a young man NEET till four months ago, a drinking problem, a pregnant partner.
        ("P4", "H3", "2005-01-01", "N"), ("P5", "H3", "2004-01-01", "Y"),
        # H4: a child in need, early help for a sibling, a gang victim still listed.
        ("P6", "H4", "1990-01-01", "N"), ("P7", "H4", "2012-01-01", "N"),
        ("P8", "H4", "2014-01-01", "N"), ("P9", "H4", "2008-01-01", "N"),
    ]  # fmt: skip
    problems = [
        ("H1", "crime_asb", "P1", "perpetrator", "2025-01-01", "", 1, ""),
        ("H1", "education", "P2", "pupil", "2024-01-01", "2025-09-10", 1, ""),
        ("H1", "worklessness", "P1", "claimant", "2024-01-01", "", 1, ""),
        ("H1", "health", "P1", "patient", "2024-01-01", "", 1, "mental_health;alcohol"),
        ("H2", "worklessness", "P3", "claimant", "2025-01-01", "", 1, ""),
        ("H2", "crime_asb", "P3", "perpetrator", "2024-01-01", "2025-07-30", 1, ""),
        ("H3", "worklessness", "P4", "claimant", "2023-01-01", "2026-05-01", 1, ""),
        ("H3", "health", "P4", "patient", "2025-01-01", "", 1, "alcohol"),
        ("H3", "housing", "P4", "tenant", "2025-06-01", "", 1, "overcrowded"),
        ("H4", "children_need_help", "P7", "child", "2025-01-01", "", 1, "child_in_need"),
        ("H4", "children_need_help", "P8", "child", "2025-01-01", "", 1, "early_help"),
        ("H4", "gangs", "P9", "victim", "2024-01-01", "2025-01-01", 1, ""),
        ("H4", "gangs", "P9", "victim", "2025-10-01", "", 2, ""),
        ("H4", "domestic_abuse", "P6", "victim", "2026-06-01", "", 1, ""),
    ]
    return write_truth(tmp_path / "truth", people, problems)


def met(truth: Truth, ruleset_id: str) -> dict[str, set[str]]:
    result = expected(CATALOGUE.get(ruleset_id), AS_OF, truth)
    return {
        ref: set(row.index[row.to_numpy(dtype=bool)]) for ref, row in result.criteria.iterrows()
    } | {"eligible": set(result.eligible.index[result.eligible.to_numpy()])}


def test_every_mapped_criterion_is_in_its_rule_file() -> None:
    for ruleset_id in RULESETS:
        ids = {c.id for c in CATALOGUE.get(ruleset_id).criteria}
        for row in criteria_of(ruleset_id):
            assert row.criteria[ruleset_id] in ids, (ruleset_id, row)
    assert all(row.source for row in MAPPING)


def test_troubled_families_2012(truth: Truth) -> None:
    found = met(truth, "troubled-families-2012")
    # An education problem that ended in the autumn term counts over the last three terms.
    assert found["H1"] == {"crime_asb", "education", "work", "local_health"}
    # Crime that ended more than 12 months ago does not count.
    assert found["H2"] == {"work"}
    # NEET is not a 2012 work criterion; overcrowding and drinking are local ones.
    assert found["H3"] == {"local_health", "local_housing"}
    assert found["H4"] == {"local_children_need_help", "local_early_help",
                           "local_domestic_abuse"}  # fmt: skip
    assert found["eligible"] == {"H1"}


def test_troubled_families_2015(truth: Truth) -> None:
    found = met(truth, "troubled-families-2015")
    assert found["H3"] == {"worklessness", "health"}  # NEET within the last 12 months
    assert found["H4"] == {"children_need_help", "domestic_abuse"}
    assert found["eligible"] == {"H1", "H3", "H4"}


def test_supporting_families_2022(truth: Truth) -> None:
    found = met(truth, "supporting-families-2022")
    assert found["H1"] == {"crime", "education", "financial", "health", "substance_use"}
    # Drinking is substance use, not health; early help alone is not "children safe".
    assert found["H3"] == {"financial", "substance_use", "housing"}
    # The gang victim is back on the list: children safe.
    assert found["H4"] == {"children_safe", "domestic_abuse"}
    # H3 has no child but an expectant parent; H4 has children but two headlines only.
    assert found["eligible"] == {"H1", "H3"}


@pytest.mark.parametrize(
    ("born", "start", "end", "counts"),
    [
        # As at 31/08/2026 the last three terms are autumn 2025/26 to summer 2025/26.
        ("2009-09-01", "2025-09-01", "", True),  # Year 11: 16 on 01/09/2025, leaves 26/06/2026
        ("2009-08-31", "2025-09-01", "", False),  # 16 on 31/08/2025: left on 27/06/2025
        ("2008-05-01", "2025-09-10", "2026-05-01", False),  # 18 at college
        ("2022-10-01", "2025-09-10", "2026-05-01", False),  # 3 at nursery
        # 5 on 01/09/2025: of compulsory school age from 31/12/2025, so the spring term.
        ("2020-09-01", "2025-09-10", "2025-12-20", False),
        ("2020-09-01", "2025-09-10", "2026-01-05", True),
        # 5 on 31/03/2026, a prescribed day: the summer term counts.
        ("2021-03-31", "2026-04-01", "2026-05-01", True),
        ("2021-04-01", "2026-04-01", "2026-05-01", False),
    ],
)
def test_education_counts_only_terms_begun_of_compulsory_school_age(
    tmp_path: Path, born: str, start: str, end: str, counts: bool
) -> None:
    people = [("P1", "H1", "1985-01-01", "N"), ("P2", "H1", born, "N")]
    problems = [("H1", "education", "P2", "pupil", start, end, 1, "")]
    truth = write_truth(tmp_path / "truth", people, problems)
    for ruleset_id in RULESETS:
        criteria = met(truth, ruleset_id)["H1"]
        assert bool(criteria) is counts, ruleset_id
