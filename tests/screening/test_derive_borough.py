"""Facts derived from an imported synthetic borough agree with its ground truth.

The generator records which household had which problem, which member, and when
(``ground_truth/household_problems.csv``). Two checks:

- no false positives: a household none of whose members ever had a problem has no crime,
  education, work, housing, care, abuse or health fact at all, and every child's absence
  stays under 10% (the generator's promise);
- problems show: most households with a problem that holds on the as-of date (and whose
  member lives there then) have the facts it implies. Not all: some rows stay unlinked
  until matching (issue #5), and the IOM list counts from its import day.
  ``tests/scoring`` checks the decisions exactly, against an oracle.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from imports.loading.folder import delivery_plan
from synth import generate
from tests.support import import_file
from workflow.bootstrap import Container
from workflow.screening.derive import derive_facts

TODAY = dt.date(2026, 9, 14)  # the generator's delivery date: IOM entries date from it
AS_OF = TODAY
MEMBER_FACTS = ("members", "dependent_children", "school_age_children", "children_under_5",
                "expectant_parents")  # fmt: skip


def read(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in ("from", "to"):
        frame[column] = pd.to_datetime(frame[column].replace("", None))
    return frame


def assert_evidence_adds_up(facts: pd.DataFrame, evidence: pd.DataFrame) -> None:
    """Every count is what its evidence rows show: distinct people (a household record
    counting once), records, or the most rows of one child."""
    evidence = evidence.assign(
        who=evidence["person_id"].astype("Int64").astype("string").fillna("household")
    )
    shown = {}
    for (household, fact), rows in evidence.groupby(["household_id", "fact"]):
        if fact.endswith("_pct"):
            continue
        if fact in ("rent_arrears", "housing_at_risk"):
            shown[(household, fact)] = len(rows)
        elif fact == "most_suspensions_of_a_child":
            shown[(household, fact)] = int(rows["who"].value_counts().max())
        else:
            shown[(household, fact)] = rows["who"].nunique()
    counts = facts.drop(columns=["highest_absence_pct", "highest_unauthorised_absence_pct"])
    counted = {key: int(value) for key, value in counts.stack().items() if value > 0}
    assert shown == counted
    absence = evidence.loc[evidence["fact"] == "highest_absence_pct", "household_id"]
    assert set(absence) == set(facts.index[facts["highest_absence_pct"].notna()])


@pytest.mark.slow
def test_derived_facts_agree_with_the_ground_truth(
    container: Container, migrated_engine, tmp_path: Path
) -> None:
    borough = tmp_path / "borough"
    generate(2000, 11, borough)
    plan, _ = delivery_plan(borough)
    for kind, path in plan:
        assert import_file(container, path, kind, today=TODAY).status == "accepted"
    with container.engine.connect() as connection:
        derived = derive_facts(connection, AS_OF, with_evidence=True)
    facts = derived.facts.set_index(derived.household_refs.to_numpy())
    assert derived.evidence is not None
    assert_evidence_adds_up(derived.facts, derived.evidence)

    problems = read(borough / "ground_truth" / "household_problems.csv")
    memberships = read(borough / "ground_truth" / "memberships.csv")
    day = pd.Timestamp(AS_OF)
    living = memberships[
        (memberships["from"].isna() | (memberships["from"] <= day))
        & (memberships["to"].isna() | (memberships["to"] > day))
    ]
    home = living.set_index("person_ref")["household_ref"]

    touched = set(problems["household_ref"]) | set(home[home.index.isin(problems["person_ref"])])
    quiet = facts[~facts.index.isin(touched)]
    assert len(quiet) > 500
    problem_facts = [n for n in facts.columns if n not in MEMBER_FACTS and not n.endswith("_pct")]
    assert (quiet[problem_facts] == 0).all().all()
    assert (quiet["highest_absence_pct"].dropna() < 10).all()

    now = problems[(problems["from"] <= day) & (problems["to"].isna() | (problems["to"] >= day))]
    now = now.assign(home=now["person_ref"].map(home)).dropna(subset=["home"])

    def share(problem: str, roles: tuple[str, ...], *names: str) -> float:
        homes = now.loc[(now["problem"] == problem) & now["role"].isin(roles), "home"].unique()
        assert len(homes) > 0, problem
        return float((facts.loc[homes, list(names)].sum(axis=1) > 0).mean())

    assert share("domestic_abuse", ("victim",), "domestic_abuse_victims") >= 0.7
    assert (
        share("domestic_abuse", ("child_in_household",), "children_in_domestic_abuse_household")
        >= 0.6
    )
    assert share("crime_asb", ("perpetrator",), "children_with_proven_offence", "adults_with_proven_offence",
                 "members_with_asb_intervention", "members_with_asb_incident") >= 0.6  # fmt: skip
    assert (
        share("worklessness", ("claimant",), "adults_on_out_of_work_benefits", "young_people_neet")
        >= 0.9
    )
    assert share("health", ("patient",), "members_with_mental_health_need", "members_with_substance_misuse",
                 "vulnerable_new_mothers", "members_with_physical_health_need") >= 0.9  # fmt: skip
    assert (
        share(
            "housing",
            ("tenant",),
            "rent_arrears",
            "housing_at_risk",
            "members_with_asb_intervention",
        )
        >= 0.9
    )
    assert share("children_need_help", ("child",), "children_with_early_help", "children_in_need",
                 "children_on_protection_plan", "children_looked_after") >= 0.6  # fmt: skip
    # A handful of nominals each: some stay unlinked until probabilistic matching (issue #5).
    assert share("gangs", ("perpetrator", "both"), "gang_perpetrators") >= 0.5
    assert share("gangs", ("victim", "both"), "gang_victims") >= 0.5
    assert share("offender", ("offender",), "members_on_iom_cohort") >= 0.5
