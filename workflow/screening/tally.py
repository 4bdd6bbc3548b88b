"""Turning classified rows into one value per household and fact, and into evidence.

Works on whole frames with groupby: no loop over households.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from eligibility.facts import FACTS, FactType
from workflow.screening.evidence import EVIDENCE_COLUMNS
from workflow.screening.sources import MOST_OF_ONE_PERSON, ROW_COUNTS

MEMBER_FACTS = (
    "members",
    "dependent_children",
    "school_age_children",
    "children_under_5",
    "expectant_parents",
)
PERCENTS = {
    "highest_unauthorised_absence_pct": ("sessions_unauthorised_absence",),
    "highest_absence_pct": ("sessions_authorised_absence", "sessions_unauthorised_absence"),
}
HIT_KEYS = ["household_id", "person_id", "fact"]


def member_flags(members: pd.DataFrame) -> pd.DataFrame:
    """Which of the on-the-date facts each member counts towards."""
    age = members["age_now"]
    return pd.DataFrame(
        {
            "members": True,
            "dependent_children": age < 18,
            "school_age_children": (age >= 5) & (age <= 15),
            "children_under_5": age < 5,
            "expectant_parents": members["expecting_baby"],
        },
        index=members.index,
    )


def facts(
    index: pd.Index, members: pd.DataFrame, hits: list[pd.DataFrame], attendance: pd.DataFrame
) -> pd.DataFrame:
    """One row per household in ``index``, one column per fact in ``FACTS`` order."""
    parts = [member_flags(members).groupby(members["household_id"]).sum()]
    every = _stack(hits)
    by_row = every["fact"].isin(ROW_COUNTS)
    most = every["fact"].isin(MOST_OF_ONE_PERSON)
    people = every[~by_row & ~most].drop_duplicates()
    counts = [
        people.groupby(["household_id", "fact"]).size(),
        every[by_row].groupby(["household_id", "fact"]).size(),
        every[most].groupby(HIT_KEYS).size().groupby(level=["household_id", "fact"]).max(),
    ]
    found = [c for c in counts if not c.empty]
    if found:
        parts.append(pd.concat(found).unstack("fact"))
    parts.append(highest_absence(absence_by_child(attendance)))
    wide = pd.concat(parts, axis=1).reindex(index)
    out = pd.DataFrame(index=index)
    for name, fact in FACTS.items():
        values = wide[name] if name in wide else pd.Series(np.nan, index=index)
        if fact.type is FactType.COUNT:
            out[name] = values.fillna(0).astype("int64")
        else:
            out[name] = values.astype("float64")
    return out


def _stack(hits: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [h[HIT_KEYS] for h in hits if not h.empty]
    if not frames:
        return pd.DataFrame({"household_id": [], "person_id": [], "fact": []})
    return pd.concat(frames, ignore_index=True)


def absence_by_child(attendance: pd.DataFrame) -> pd.DataFrame:
    """Each child's absence over the terms, as percentages of sessions possible."""
    columns = ["sessions_possible", *PERCENTS["highest_absence_pct"]]
    if attendance.empty:
        return pd.DataFrame(columns=["household_id", "person_id", *PERCENTS])
    sums = (
        attendance.astype(dict.fromkeys(columns, "float64"))
        .groupby(["household_id", "person_id"])[columns]
        .sum()
    )
    possible = sums["sessions_possible"].where(sums["sessions_possible"] > 0)
    for name, missed in PERCENTS.items():
        sums[name] = 100 * sums[list(missed)].sum(axis=1) / possible
    return sums[list(PERCENTS)].reset_index()


def highest_absence(children: pd.DataFrame) -> pd.DataFrame:
    if children.empty:
        return pd.DataFrame(columns=list(PERCENTS), dtype="float64")
    return children.groupby("household_id")[list(PERCENTS)].max()


def evidence(
    members: pd.DataFrame,
    hits: list[pd.DataFrame],
    attendance: pd.DataFrame,
    batches: pd.DataFrame,
    as_of: dt.date,
) -> pd.DataFrame:
    """The rows behind every non-zero fact, one row per (fact, supporting row)."""
    parts = [_member_evidence(members, as_of)]
    for frame in hits:
        if frame.empty:
            continue
        fact = frame["fact"].iloc[0]
        if fact in MOST_OF_ONE_PERSON:
            frame = _of_the_child_with_most(frame)
        parts.append(frame)
    parts.extend(_attendance_evidence(attendance))
    found = [p for p in parts if not p.empty]
    if not found:
        return pd.DataFrame({c: pd.Series(dtype="datetime64[s]" if c == "date" else object)
                             for c in EVIDENCE_COLUMNS})  # fmt: skip
    frame = pd.concat(found, ignore_index=True)
    frame = frame.rename(columns={"valid_from": "date"})
    frame = frame.merge(batches, on="batch_id", how="left")
    frame["fact"] = pd.Categorical(frame["fact"], categories=list(FACTS))
    frame = frame.sort_values(["household_id", "fact", "person_ref", "date"], kind="stable")
    frame["fact"] = frame["fact"].astype(str)
    return frame[list(EVIDENCE_COLUMNS)].reset_index(drop=True)


def _member_evidence(members: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    flags = member_flags(members)
    ages = members["age_now"].astype("Int64").astype("string").fillna("?")
    base = members.rename(columns={"membership_id": "row_id"}).assign(
        kind="people", detail="aged " + ages + " on " + as_of.strftime("%d/%m/%Y")
    )
    expecting = members["expecting_baby"].to_numpy(dtype=bool)
    base.loc[expecting, "detail"] = base.loc[expecting, "detail"] + ", expecting a baby"
    return pd.concat(
        [base[flags[name].to_numpy(dtype=bool)].assign(fact=name) for name in MEMBER_FACTS],
        ignore_index=True,
    )


def _of_the_child_with_most(frame: pd.DataFrame) -> pd.DataFrame:
    per_child = frame.groupby(["household_id", "person_id"])["fact"].transform("size")
    most = per_child.groupby(frame["household_id"]).transform("max")
    return frame[(per_child == most).to_numpy(dtype=bool)]


def _attendance_evidence(attendance: pd.DataFrame) -> list[pd.DataFrame]:
    """For each absence fact, the attendance rows of the child (or children) with the highest."""
    children = absence_by_child(attendance)
    if children.empty:
        return []
    parts = []
    for name in PERCENTS:
        top = children[name] == children.groupby("household_id")[name].transform("max")
        chosen = children.loc[top.to_numpy(dtype=bool), ["household_id", "person_id"]]
        rows = attendance.merge(chosen, on=["household_id", "person_id"], how="inner")
        percent = children.loc[top.to_numpy(dtype=bool)].set_index("person_id")[name]
        rows = rows.assign(fact=name)
        rows["detail"] = (
            rows["detail"] + " (" + rows["person_id"].map(percent).round(1).astype("string")
            + "% over the terms)"
        )  # fmt: skip
        parts.append(rows)
    return parts
