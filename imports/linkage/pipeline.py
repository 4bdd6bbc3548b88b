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
    # Partial identities, matched on what they carry: nominal, row and what is missing.
    incomplete: list[dict[str, object]] = field(default_factory=list)


def missing_parts(nominals: pd.DataFrame) -> pd.Series:
    """What each row lacks of a whole identity, in words ("" when nothing): no forename,
    no surname, no date of birth, or a date of birth that cannot exist (kept as written)."""
    written = nominals.get("date_of_birth_as_written")
    dob = pd.to_datetime(nominals["date_of_birth"], errors="coerce")
    impossible = (
        dob.isna() & written.notna()
        if written is not None
        else pd.Series(False, index=nominals.index)
    )
    parts = (
        (nominals["forename"].isna(), "no forename"),
        (nominals["surname"].isna(), "no surname"),
        (dob.isna() & ~impossible, "no date of birth"),
        (impossible, "a date of birth that cannot exist (compared as written)"),
    )
    words = [
        ", ".join(text for mask, text in parts if bool(mask.iloc[i])) for i in range(len(nominals))
    ]
    return pd.Series(words, index=nominals.index, dtype=object)


def prepare_nominals(nominals: pd.DataFrame) -> tuple[pd.DataFrame, list[dict[str, object]]]:
    """Add ``uid``, ``postcode_key`` and ``missing``; set aside nominals matching cannot judge.

    A row missing a name or a date of birth, or with a date that cannot exist, is a
    partial identity: it is kept and matched on what it carries (listed as incomplete).
    Refused (never linked by matching, with a reason): a row with no name and no date of
    birth at all, and a nominal ref given to two different rows of one list (which row
    is the person?).
    """
    nominals = nominals.copy()
    nominals["uid"] = [
        nominal_uid(k, int(i)) for k, i in zip(nominals["kind"], nominals["row_id"], strict=True)
    ]
    nominals["postcode_key"] = postcode_key(nominals["postcode"])
    nominals["missing"] = missing_parts(nominals)
    refused: list[dict[str, object]] = []
    bad = pd.Series(False, index=nominals.index)
    nothing = (
        nominals["forename"].isna()
        & nominals["surname"].isna()
        & pd.to_datetime(nominals["date_of_birth"], errors="coerce").isna()
    )
    reasons = (
        (nothing, "no name and no date of birth: nothing to match on"),
        (
            nominals.duplicated(["kind", "nominal_ref"], keep=False),
            "the nominal ref is on more than one row of the list: ask the sender which is right",
        ),
    )
    for mask, reason in reasons:
        for _, row in nominals[mask & ~bad].iterrows():
            refused.append(_about(row) | {"reason": reason})
        bad |= mask
    return nominals[~bad], refused


def incomplete_of(usable: pd.DataFrame) -> list[dict[str, object]]:
    """The partial identities among the nominals ``prepare_nominals`` kept."""
    return [
        _about(row) | {"missing": row["missing"]}
        for _, row in usable[usable["missing"] != ""].iterrows()
    ]


def _about(row: pd.Series) -> dict[str, object]:
    return {"kind": row["kind"], "nominal_ref": row["nominal_ref"], "row": int(row["source_row"])}


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
    incomplete = incomplete_of(usable)
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
    result = MatchResult(decisions=pd.DataFrame(), refused=refused, incomplete=incomplete)
    result.open_nominals = int(open_mask.sum())
    if not open_mask.any() or register_rows.empty:
        return result, model
    scored = score(model, nominal_rows, register_rows)
    result.pairs_scored = len(scored)
    pairs = _with_identities(scored, usable, register)
    pairs = adjust(pairs, usable, register, limits.upper)
    pairs = pairs[pairs["nominal_uid"].isin(set(usable.loc[open_mask, "uid"]))]
    thin = frozenset(usable.loc[usable["missing"] != "", "uid"])
    result.decisions = decide(pairs, limits, remembered, thin=thin)
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
