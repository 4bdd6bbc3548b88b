"""Matching without the database: nominals and register in, decisions out.

The service reads the frames and writes the results; the benchmark and the evaluation
call this directly. Which nominals are open to matching: those the importer could not
link by an exact key (``person_id`` null) and those linked by an earlier matching run
(``probabilistic``), which a new run may confirm, change or withdraw. Links a person
made (``reviewed``) and deterministic links stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from imports.linkage.cleaning import postcode_key
from imports.linkage.decide import Remembered, adjust, decide
from imports.linkage.frames import nominal_table, nominal_uid, person_uid, register_table
from imports.linkage.model import Thresholds, TrainedModel, score, train
from workflow.domain.vocabulary import LinkMethod
from workflow.matching.tables import LIST_KINDS

OPEN_METHODS = (LinkMethod.PROBABILISTIC.value,)


@dataclass
class MatchResult:
    decisions: pd.DataFrame  # one row per link or review pair (see decide.decide)
    refused: list[dict[str, object]] = field(default_factory=list)  # nominal, reason
    open_nominals: int = 0
    pairs_scored: int = 0


def prepare_nominals(nominals: pd.DataFrame) -> tuple[pd.DataFrame, list[dict[str, object]]]:
    """Add ``uid`` and ``postcode_key``; set aside nominals matching cannot judge.

    Refused (never linked by matching, each with a reason): no date of birth, no name,
    and a nominal ref given to two different rows of one list (which row is the person?).
    """
    nominals = nominals.copy()
    nominals["uid"] = [
        nominal_uid(k, int(i)) for k, i in zip(nominals["kind"], nominals["row_id"], strict=True)
    ]
    nominals["postcode_key"] = postcode_key(nominals["postcode"])
    refused: list[dict[str, object]] = []
    bad = pd.Series(False, index=nominals.index)
    reasons = (
        (
            pd.to_datetime(nominals["date_of_birth"], errors="coerce").isna(),
            "no date of birth: not enough to link",
        ),
        (
            nominals["forename"].isna() | nominals["surname"].isna(),
            "no forename or surname: not enough to link",
        ),
        (
            nominals.duplicated(["kind", "nominal_ref"], keep=False),
            "the nominal ref is on more than one row of the list: ask the sender which is right",
        ),
    )
    for mask, reason in reasons:
        for _, row in nominals[mask & ~bad].iterrows():
            refused.append(
                {
                    "kind": row["kind"],
                    "nominal_ref": row["nominal_ref"],
                    "row": int(row["source_row"]),
                    "reason": reason,
                }
            )
        bad |= mask
    return nominals[~bad], refused


def run(
    nominals: pd.DataFrame,
    register: pd.DataFrame,
    *,
    model: TrainedModel | None,
    remembered: Remembered,
    version: int = 1,
    thresholds: Thresholds | None = None,
) -> tuple[MatchResult, TrainedModel]:
    """Train (when ``model`` is None) and score; returns the decisions and the model used."""
    usable, refused = prepare_nominals(nominals)
    nominal_rows, register_rows = nominal_table(usable), register_table(register)
    if model is None:
        model = train(
            _training_rows(nominal_rows, usable),
            register_rows,
            version=version,
            thresholds=thresholds,
        )
    limits = thresholds or model.thresholds
    open_mask = usable["person_id"].isna() | usable["link_method"].isin(OPEN_METHODS)
    result = MatchResult(decisions=pd.DataFrame(), refused=refused)
    result.open_nominals = int(open_mask.sum())
    if not open_mask.any() or register_rows.empty:
        return result, model
    scored = score(model, nominal_rows, register_rows)
    result.pairs_scored = len(scored)
    pairs = _with_identities(scored, usable, register)
    pairs = adjust(pairs, usable, register, limits.upper)
    pairs = pairs[pairs["nominal_uid"].isin(set(usable.loc[open_mask, "uid"]))]
    result.decisions = decide(pairs, limits, remembered)
    return result, model


def _training_rows(nominal_rows: pd.DataFrame, usable: pd.DataFrame) -> pd.DataFrame:
    """What the model learns from: the police lists' nominals when there are any.

    Partner subjects are scored with the same model but not trained on: they are mostly
    people the exact rules nearly linked (one typo, an old address), a skewed sample that
    can drive expectation maximisation to degenerate values.
    """
    lists = usable["kind"].isin(LIST_KINDS).to_numpy()
    return nominal_rows[lists].reset_index(drop=True) if lists.any() else nominal_rows


def _with_identities(
    scored: pd.DataFrame, nominals: pd.DataFrame, register: pd.DataFrame
) -> pd.DataFrame:
    about = nominals.set_index("uid")[["kind", "nominal_ref", "row_id", "seen_on"]]
    people = register.assign(person_uid=[person_uid(int(i)) for i in register["person_id"]])
    people = people.set_index("person_uid")[["person_id", "person_ref", "household_id"]]
    return scored.join(about, on="nominal_uid").join(people, on="person_uid")
