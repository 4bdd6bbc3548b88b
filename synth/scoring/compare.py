"""Comparing stored screening decisions with the oracle: false positives and negatives, and why.

Each disagreement gets one reason. A false negative is *explained* when every criterion the
screening missed has evidence rows it could not use through no fault of the rules: a row
the importer's deterministic linking left unlinked (probabilistic matching, issue #5, is to
link it), an IOM list dated after the as-of date, a row left out on purpose. A false
positive is explained only by a row linked to the wrong person. Anything else is the
generator's fault (or a screening bug): ``threshold not reached`` or ``data without a
problem``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import pandas as pd

from eligibility import RuleSet
from eligibility.terms import last_complete_terms, lookback_start
from synth.scoring.mapping import When
from synth.scoring.oracle import Expected
from synth.scoring.truth import Truth
from workflow.templates import POLICE_LIST_KINDS


class Reason(StrEnum):
    UNLINKED = "evidence row not linked by deterministic linking (matching will)"
    LISTED_LATER = "on the IOM list only from its import day, after the as-of date"
    INVALID = "evidence row deliberately invalid"
    NOT_LOADED = "evidence row not loaded"
    WRONG_LINK = "evidence row linked to the wrong person"
    MEMBERS = "members or ages differ from the truth"
    NOT_REACHED = "threshold not reached by the generated data"
    NO_PROBLEM = "data meets a criterion no generated problem stands for"


# Most explained first: a household's reason is its least explained criterion's.
RANK = {reason: rank for rank, reason in enumerate(Reason)}
EXPLAINED_BY_MATCHING = frozenset({Reason.UNLINKED})

# The partner kinds each generated problem shows in (docs/synthetic-borough.md).
KINDS_OF = {
    "crime_asb": ("police_incidents", "youth_justice", "housing"),
    "gangs": ("gangs_matrix", "police_incidents", "youth_justice"),
    "offender": ("iom_cohort", "police_incidents"),
    "education": ("school_attendance", "exclusions", "alternative_provision"),
    "worklessness": ("benefits", "neet"),
    "financial": ("housing",),
    "housing": ("housing",),
    "domestic_abuse": ("domestic_abuse", "police_incidents"),
    "children_need_help": ("social_care",),
    "health": ("health",),
}
EVENTS = frozenset({"police_incidents", "youth_justice", "domestic_abuse", "exclusions"})
LISTS = frozenset(POLICE_LIST_KINDS)


@dataclass(frozen=True)
class Evaluation:
    """One rule set's decisions against the oracle's."""

    ruleset_id: str
    as_of: dt.date
    found: int
    expected: int
    agree: int
    false_positives: pd.DataFrame  # household_ref, reason, criteria (the extra ones)
    false_negatives: pd.DataFrame  # household_ref, reason, criteria (the missing ones)
    criteria: dict[str, dict[str, int]] = field(default_factory=dict)  # expected, found
    # Every criterion (not only eligibility) that differs: household_ref, criterion, reason.
    criteria_missed: pd.DataFrame = field(default_factory=pd.DataFrame)
    criteria_extra: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def unexplained_negatives(self) -> pd.DataFrame:
        """False negatives that matching will not close."""
        keep = ~self.false_negatives["reason"].isin(EXPLAINED_BY_MATCHING)
        return self.false_negatives[keep]

    def by_reason(self, frame: pd.DataFrame) -> dict[str, int]:
        return {str(k): int(v) for k, v in frame["reason"].value_counts().sort_index().items()}

    def as_dict(self) -> dict[str, Any]:
        return {
            "ruleset": self.ruleset_id,
            "as_of": self.as_of.isoformat(),
            "found": self.found,
            "expected": self.expected,
            "agree": self.agree,
            "false_positives": len(self.false_positives),
            "false_positives_by_reason": self.by_reason(self.false_positives),
            "false_negatives": len(self.false_negatives),
            "false_negatives_by_reason": self.by_reason(self.false_negatives),
            "criteria": self.criteria,
            "criteria_missed_by_reason": self.by_reason(self.criteria_missed),
            "criteria_extra_by_reason": self.by_reason(self.criteria_extra),
        }

    def lines(self) -> list[str]:
        lines = [
            f"{self.ruleset_id} as at {self.as_of:%d/%m/%Y}: found {self.found:,}, "
            f"expected {self.expected:,}, agree {self.agree:,}; "
            f"{len(self.false_positives):,} false positives, "
            f"{len(self.false_negatives):,} false negatives"
        ]
        for title, frame in (("false positives", self.false_positives),
                             ("false negatives", self.false_negatives),
                             ("criteria met but not expected", self.criteria_extra),
                             ("criteria expected but not met", self.criteria_missed)):  # fmt: skip
            for reason, count in self.by_reason(frame).items():
                lines.append(f"    {title}: {count:,} {reason}")
        return lines


def row_links(truth: Truth, stored: pd.DataFrame) -> pd.DataFrame:
    """Every truth row of the evidence kinds with what became of it in the database.

    ``status``: ``linked`` (to the right person or household), ``unlinked``, ``wrong``
    (linked to someone else), ``invalid`` (deliberately), ``not_loaded``.
    """
    frames = []
    for kind in sorted(set(stored["kind"])):
        rows = truth.rows(kind)[
            ["file", "row", "subject", "person_ref", "household_ref", "deliberately_invalid"]
        ]
        frames.append(rows.assign(kind=kind, row=rows["row"].astype("int64")))
    truth_rows = pd.concat(frames, ignore_index=True)
    merged = truth_rows.merge(stored, on=["kind", "file", "row"], how="left", indicator=True)
    loaded = (merged["_merge"] == "both").to_numpy()
    person = (merged["subject"] == "person").to_numpy()
    household = (merged["subject"] == "household").to_numpy()
    linked_person = merged["linked_person"].notna().to_numpy()
    right = (merged["linked_person"] == merged["person_ref"]).to_numpy()
    status = pd.Series("linked", index=merged.index, dtype=object)
    status[person & loaded & ~linked_person] = "unlinked"
    status[person & loaded & linked_person & ~right] = "wrong"
    status[household & loaded & merged["linked_household"].isna().to_numpy()] = "unlinked"
    status[~loaded] = "not_loaded"
    status[(merged["deliberately_invalid"] == "Y").to_numpy()] = "invalid"
    status[merged["subject"].isin(["not_in_register", "staff"]).to_numpy()] = "outside"
    return merged.drop(columns="_merge").assign(status=status)


def evaluate(
    ruleset: RuleSet,
    expected: Expected,
    decisions: pd.DataFrame,
    links: pd.DataFrame,
    truth: Truth,
) -> Evaluation:
    """False positives and negatives of ``decisions`` (household_ref, eligible, criteria_met)
    against ``expected``, each with its reason, from the row ``links``."""
    as_of = expected.as_of
    by_ref = decisions.set_index("household_ref")
    found = by_ref["eligible"].reindex(expected.eligible.index, fill_value=False)
    wanted = expected.eligible
    cells = _criteria_found(by_ref["criteria_met"], expected.criteria)
    windows = _windows(ruleset, as_of)
    hits = expected.hits.set_index(["household_ref", "criterion"]).sort_index()
    home = truth.living(as_of).set_index("person_ref")["household_ref"]
    wrong_homes = set(links.loc[links["status"] == "wrong", "linked_person"].map(home).dropna())

    missed = []  # (household, criterion, reason): criteria the screening missed
    for ref, criterion in zip(*_cells(expected.criteria & ~cells), strict=True):
        mine = hits.loc[[(ref, criterion)]].reset_index()
        missed.append((ref, criterion, _why_missing(mine, ref, links, windows, as_of)))
    extra = [
        (ref, criterion, Reason.WRONG_LINK if ref in wrong_homes else Reason.NO_PROBLEM)
        for ref, criterion in zip(*_cells(cells & ~expected.criteria), strict=True)
    ]
    cell_columns = ["household_ref", "criterion", "reason"]
    missed_cells = pd.DataFrame(missed, columns=cell_columns)
    extra_cells = pd.DataFrame(extra, columns=cell_columns)
    fn = _households(wanted.index[~found.to_numpy() & wanted.to_numpy()], missed_cells)
    fp = _households(wanted.index[found.to_numpy() & ~wanted.to_numpy()], extra_cells)
    counts = {
        c: {"expected": int(expected.criteria[c].sum()), "found": int(cells[c].sum())}
        for c in expected.criteria.columns
    }
    return Evaluation(
        ruleset_id=ruleset.id,
        as_of=as_of,
        found=int(found.sum()),
        expected=int(wanted.sum()),
        agree=int((found & wanted).sum()),
        false_positives=fp,
        false_negatives=fn,
        criteria=counts,
        criteria_missed=missed_cells,
        criteria_extra=extra_cells,
    )


def _criteria_found(met: pd.Series, expected: pd.DataFrame) -> pd.DataFrame:
    """The stored decisions' criteria met, as a bool frame shaped like ``expected``."""
    met = met.reindex(expected.index)
    return pd.DataFrame(
        {c: met.map(lambda m, c=c: isinstance(m, list) and c in m) for c in expected.columns},
        index=expected.index,
    ).astype(bool)


def _cells(frame: pd.DataFrame) -> tuple[list[str], list[str]]:
    """(households, criteria) of the true cells of a bool frame."""
    rows, columns = frame.to_numpy().nonzero()
    return list(frame.index[rows]), list(frame.columns[columns])


def _households(refs: pd.Index, cells: pd.DataFrame) -> pd.DataFrame:
    """One row per household in ``refs``: its least explained reason among ``cells`` (its
    criteria that differ), or ``MEMBERS`` when none do; and those criteria."""
    out = []
    for ref in refs:
        mine = cells[cells["household_ref"] == ref]
        if mine.empty:
            out.append((ref, Reason.MEMBERS, ""))
            continue
        reason = max(mine["reason"], key=lambda r: RANK[Reason(r)])
        out.append((ref, Reason(reason), ";".join(sorted(mine["criterion"]))))
    return pd.DataFrame(out, columns=["household_ref", "reason", "criteria"])


def _windows(ruleset: RuleSet, as_of: dt.date) -> dict[str, tuple[pd.Timestamp, pd.Timestamp]]:
    terms = last_complete_terms(as_of, ruleset.terms)
    day = pd.Timestamp(as_of)
    return {
        When.LOOKBACK.value: (pd.Timestamp(lookback_start(as_of, ruleset.lookback_months)), day),
        When.TERMS.value: (pd.Timestamp(terms[0].start), pd.Timestamp(terms[-1].end)),
        When.ON_DATE.value: (day, day),
        When.LISTED.value: (day, day),
    }


def _why_missing(
    hits: pd.DataFrame,
    household_ref: str,
    links: pd.DataFrame,
    windows: dict[str, tuple[pd.Timestamp, pd.Timestamp]],
    as_of: dt.date,
) -> Reason:
    """The best explanation for one criterion the screening missed (the rows behind it)."""
    best = Reason.NOT_REACHED
    for hit in hits.to_dict("records"):
        kinds = KINDS_OF[str(hit["problem"])]
        rows = links[
            links["kind"].isin(kinds)
            & (
                (links["person_ref"] == hit["person_ref"])
                | ((links["subject"] == "household") & (links["household_ref"] == household_ref))
            )
        ]
        begin, end = windows[str(hit["when"])]
        last = rows["valid_to"].where(~rows["kind"].isin(EVENTS), rows["valid_from"])
        inside = (rows["valid_from"] <= end) & (last.isna() | (last >= begin))
        inside |= rows["kind"].isin(LISTS)
        status = set(rows.loc[inside.to_numpy(dtype=bool), "status"])
        late = rows[(rows["kind"] == "iom_cohort") & (rows["status"] == "linked")]
        for reason, holds in (
            (Reason.UNLINKED, "unlinked" in status),
            (Reason.LISTED_LATER, bool((late["valid_from"] > pd.Timestamp(as_of)).any())),
            (Reason.WRONG_LINK, "wrong" in status),
            (Reason.NOT_LOADED, "not_loaded" in status),
            (Reason.INVALID, bool((rows["status"] == "invalid").any())),
        ):
            if holds and RANK[reason] < RANK[best]:
                best = reason
    return best
