"""From scored pairs to decisions: household evidence, remembered decisions, thresholds.

For each nominal the best-scoring person is linked when their weight reaches the upper
threshold and no other person comes close; sent for review when it lies between the
thresholds (or a rival is close); otherwise left unlinked. Before that, two pieces of
household evidence adjust the model's weight:

- **another member of the household is on a police list** (+2): a second police-list
  nominal is already linked to someone else in that person's household — families appear
  together. Only police-list nominals give or get it: a partner row (a domestic abuse
  victim, a child at school) says nothing about who else in the household offends, and
  letting a victim's link pull a perpetrator's record into the victim's household is
  exactly what matching must not do;
- **an address the person left long ago** (-3): the nominal's postcode matches only an
  address the person left more than two years before the list's date.

A pair a data officer rejected is never proposed again; one they accepted is linked
whatever the model now says.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from imports.linkage.comparisons import FIELD_LABELS
from imports.linkage.model import Thresholds
from workflow.matching.tables import LIST_KINDS

HOUSEHOLD_BONUS = 2.0
OLD_ADDRESS_PENALTY = -3.0
OLD_ADDRESS_DAYS = 730
CLOSE_RIVAL = 6.0  # a second person within this many bits of the best means "not sure"
# A partial identity (no name or date of birth, or a date that cannot exist) is linked
# only when what it carries agrees this far above the upper threshold; otherwise a data
# officer looks at it.
THIN_MARGIN = 5.0
HISTORY_LEVEL = "a postcode the person lived at before"

LINK, REVIEW, NO_LINK = "link", "review", "no_link"


@dataclass(frozen=True)
class Remembered:
    """Decisions data officers made, by pair identity (kind, nominal_ref, person_ref)."""

    accepted: frozenset[tuple[str, str, str]] = frozenset()
    rejected: frozenset[tuple[str, str, str]] = frozenset()


def adjust(
    pairs: pd.DataFrame, nominals: pd.DataFrame, register: pd.DataFrame, upper: float
) -> pd.DataFrame:
    """Add household evidence: ``adj_household``, ``adj_old_address`` and ``weight``.

    ``pairs`` carries ``kind``, ``nominal_ref``, ``person_id``, ``household_id`` and
    ``seen_on`` besides the model's columns.
    """
    pairs = pairs.copy()
    pairs["adj_old_address"] = _old_address(pairs, nominals, register)
    pairs["adj_household"] = _household(pairs, nominals, upper)
    pairs["weight"] = pairs["match_weight"] + pairs["adj_old_address"] + pairs["adj_household"]
    return pairs


def _old_address(pairs: pd.DataFrame, nominals: pd.DataFrame, register: pd.DataFrame) -> np.ndarray:
    out = np.zeros(len(pairs))
    if "level_postcode" not in pairs or pairs.empty:
        return out
    at_history = np.flatnonzero((pairs["level_postcode"] == HISTORY_LEVEL).to_numpy())
    if len(at_history) == 0:
        return out
    history = register.set_index("person_id")["history"]
    postcode = nominals.set_index("uid")["postcode_key"]
    uids, people = pairs["nominal_uid"].tolist(), pairs["person_id"].tolist()
    seen = pd.to_datetime(pairs["seen_on"]).tolist()
    for i in at_history.tolist():
        code, seen_on = postcode.get(uids[i]), seen[i]
        if not isinstance(code, str) or not isinstance(seen_on, pd.Timestamp) or pd.isna(seen_on):
            continue
        last = [d for p, d in history.get(people[i], []) if p == code and d is not None]
        if last and (seen_on.date() - max(last)).days > OLD_ADDRESS_DAYS:
            out[i] = OLD_ADDRESS_PENALTY
    return out


def _household(pairs: pd.DataFrame, nominals: pd.DataFrame, upper: float) -> np.ndarray:
    """+bonus for a police-list pair when another police-list nominal (another
    nominal_ref) is linked to another member of the candidate's household: by an exact
    key, or as its own clear best match. Partner rows neither give nor get it."""
    if pairs.empty:
        return np.zeros(len(pairs))
    on_list: np.ndarray = pairs["kind"].isin(LIST_KINDS).to_numpy(dtype=bool)
    if not on_list.any():
        return np.zeros(len(pairs))
    listed = nominals["kind"].isin(LIST_KINDS) & nominals["person_id"].notna()
    linked = nominals.loc[listed, ["nominal_ref", "person_id"]]
    strong = pairs.loc[
        on_list & (pairs["match_weight"] >= upper).to_numpy(), ["nominal_ref", "person_id"]
    ]
    members = pd.concat([linked, strong], ignore_index=True).dropna()
    if members.empty:
        return np.zeros(len(pairs))
    members["person_id"] = members["person_id"].astype("int64")
    homes = pd.concat(
        [
            pairs[["person_id", "household_id"]],
            nominals.loc[nominals["person_id"].notna(), ["person_id", "household_id"]],
        ]
    ).dropna()
    homes = homes.astype("int64").drop_duplicates("person_id").set_index("person_id")
    members["household_id"] = members["person_id"].map(homes["household_id"])
    members = members.dropna(subset=["household_id"]).drop_duplicates()
    members["household_id"] = members["household_id"].astype("int64")
    candidates = pairs[["nominal_ref", "person_id", "household_id"]].copy()
    candidates["at"] = np.arange(len(pairs))
    candidates = candidates[on_list & pairs["household_id"].notna().to_numpy()]
    candidates["household_id"] = candidates["household_id"].astype("int64")
    joined = candidates.merge(members, on="household_id", suffixes=("", "_other"))
    other = (joined["nominal_ref_other"] != joined["nominal_ref"]) & (
        joined["person_id_other"] != joined["person_id"]
    )
    out = np.zeros(len(pairs))
    out[joined.loc[other, "at"].unique()] = HOUSEHOLD_BONUS
    return out


def decide(
    pairs: pd.DataFrame,
    thresholds: Thresholds,
    remembered: Remembered,
    *,
    thin: frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """One row per pair that matters: ``outcome`` link / review, with ``second_weight``.

    ``pairs`` (adjusted) carries ``kind``, ``nominal_ref`` and ``person_ref``. Nominals
    with no such row are left unlinked. A nominal in ``thin`` (a partial identity) needs
    ``THIN_MARGIN`` more than the upper threshold to be linked.
    """
    if pairs.empty:
        return pairs.assign(outcome=pd.Series(dtype=object), second_weight=pd.Series(dtype=float))
    key = list(zip(pairs["kind"], pairs["nominal_ref"], pairs["person_ref"], strict=True))
    pairs = pairs.assign(
        accepted=[k in remembered.accepted for k in key],
        rejected=[k in remembered.rejected for k in key],
    )
    pairs = pairs[~pairs["rejected"]].sort_values(
        ["nominal_uid", "accepted", "weight"], ascending=[True, False, False]
    )
    rows = []
    for uid, group in pairs.groupby("nominal_uid", sort=False):
        best = group.iloc[0]
        upper = thresholds.upper + (THIN_MARGIN if uid in thin else 0.0)
        second = float(group["weight"].iloc[1]) if len(group) > 1 else -math.inf
        if best["accepted"]:
            rows.append(best.to_dict() | {"outcome": LINK, "second_weight": second})
            continue
        clear = second < thresholds.lower or best["weight"] - second >= CLOSE_RIVAL
        if best["weight"] >= upper and clear:
            rows.append(best.to_dict() | {"outcome": LINK, "second_weight": second})
        elif best["weight"] >= thresholds.lower:
            for _, row in group[group["weight"] >= thresholds.lower].head(2).iterrows():
                rows.append(row.to_dict() | {"outcome": REVIEW, "second_weight": second})
    return pd.DataFrame(rows)


def evidence(row: dict[str, Any], version: int) -> dict[str, Any]:
    """Why a pair scored what it did, field by field — labels and weights, no personal data."""
    fields = []
    for field, title in FIELD_LABELS.items():
        weight = row.get(f"mw_{field}")
        fields.append(
            {
                "field": field,
                "title": title,
                "level": str(row.get(f"level_{field}", "")),
                "weight": round(float(weight), 2) if weight is not None else 0.0,
            }
        )
    adjustments = []
    if row.get("adj_household"):
        adjustments.append(
            {
                "reason": "another member of this household is on a police list",
                "weight": float(row["adj_household"]),
            }
        )
    if row.get("adj_old_address"):
        adjustments.append(
            {
                "reason": "the postcode is an address the person left more than two years before",
                "weight": float(row["adj_old_address"]),
            }
        )
    second = row.get("second_weight")
    return {
        "model_version": version,
        "model_weight": round(float(row["match_weight"]), 2),
        "match_weight": round(float(row["weight"]), 2),
        "fields": fields,
        "adjustments": adjustments,
        "second_best_weight": None
        if second is None or not math.isfinite(float(second))
        else round(float(second), 2),
    }
