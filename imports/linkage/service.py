"""Matching as a use case: read, (re)train or load the model, decide, store, flag, re-screen.

    report = match_lists(uow=container.uow(), clock=container.clock, actor=principal,
                         catalogue=rules, model_dir=data_dir / "matching")

One run is one transaction: the decisions applied first, the links and review queue, the
household flags and the re-screening commit together or not at all. (The model file is
written before the commit; a run that fails afterwards leaves a file no row names, which
the next training replaces.)

Only nominals the importer left unlinked (and earlier probabilistic links) are matched;
deterministic links stay. Data officers' decisions are applied first and always win.
Afterwards the households whose links or flags changed are screened again under the rule
set of the latest screening run (nothing happens before the first screening).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, insert, select, update

from eligibility.catalogue import Catalogue
from imports.linkage.decide import Remembered
from imports.linkage.errors import MatchingError, ModelFromOtherVersion
from imports.linkage.model import Thresholds, TrainedModel, load_model
from imports.linkage.pipeline import OPEN_METHODS, MatchResult, prepare_nominals, run
from imports.linkage.records import read_nominals, read_register, read_subjects
from imports.linkage.store import write_run
from workflow import audit
from workflow.clock import Clock
from workflow.db.base import utcnow
from workflow.db.models import MatchModel, MatchRun
from workflow.domain.vocabulary import RunTrigger
from workflow.matching.decisions import apply_pending_decisions, rescreen_households
from workflow.matching.flags import refresh_flags
from workflow.matching.links import remembered_pairs
from workflow.matching.tables import table
from workflow.principal import Principal
from workflow.uow import UnitOfWork

Progress = Callable[[str, int, int], None]


@dataclass
class MatchReport:
    run_id: int
    model_version: int
    trained: bool
    nominals: int
    open_nominals: int
    linked: int
    kept: int
    unlinked: int
    to_review: int
    decisions_applied: int
    refused: list[dict[str, Any]] = field(default_factory=list)
    households_changed: list[int] = field(default_factory=list)
    rescreened: int = 0
    seconds: float = 0.0
    note: str | None = None  # something the data officer should know about this run
    # Partial identities matched on what they carry (kind, nominal_ref, row, missing).
    incomplete: list[dict[str, Any]] = field(default_factory=list)
    # What training could not estimate, in words (kept at starting values).
    training_notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _latest_model(connection: Connection) -> dict[str, Any] | None:
    t = table("match_models")
    row = connection.execute(select(t).order_by(t.c.version.desc()).limit(1)).mappings().first()
    return None if row is None else dict(row)


def load_current_model(uow: UnitOfWork, model_dir: Path) -> TrainedModel | None:
    """The newest saved model (None before the first training, or when an older version of
    tfe made it)."""
    with uow:
        latest = _latest_model(uow.connection)
    if latest is None:
        return None
    try:
        return load_model(model_dir / str(latest["file_name"]))
    except ModelFromOtherVersion:
        return None  # made with other comparisons: the caller trains a new one


def match_lists(
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    catalogue: Catalogue,
    model_dir: Path,
    retrain: bool = False,
    trigger: RunTrigger = RunTrigger.COMMAND,
    batch_id: int | None = None,
    thresholds: Thresholds | None = None,
    progress: Progress | None = None,
) -> MatchReport:
    """Match the police lists' unlinked nominals to the register and store the outcome, in
    one transaction."""
    with uow:
        report = _match(
            uow=uow,
            clock=clock,
            actor=actor,
            catalogue=catalogue,
            model_dir=model_dir,
            retrain=retrain,
            trigger=trigger,
            batch_id=batch_id,
            thresholds=thresholds,
            progress=progress,
        )
        uow.commit()
    return report


def _match(
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    catalogue: Catalogue,
    model_dir: Path,
    retrain: bool,
    trigger: RunTrigger,
    batch_id: int | None,
    thresholds: Thresholds | None,
    progress: Progress | None,
) -> MatchReport:
    tick = progress or (lambda _stage, _done, _total: None)
    started = time.perf_counter()
    decisions_applied, changed = apply_pending_decisions(uow, today=clock.today())
    tick("Reading the police lists and the register", 0, 4)
    connection = uow.connection
    nominals = _all_nominals(connection)
    register = read_register(connection)
    remembered = remembered_pairs(connection)
    latest = _latest_model(connection)
    model, note = None, None
    if not retrain and latest is not None:
        try:
            model = load_model(model_dir / str(latest["file_name"]))
        except ModelFromOtherVersion:
            note = (
                f"The saved model v{latest['version']} was made by an earlier version of tfe "
                "that compared other fields, so a new one was trained."
            )
            retrain = True
    if model is None and nominals.empty:
        raise MatchingError("There are no police lists to match yet: import one first.")
    tick("Training the model" if model is None else "Scoring pairs", 1, 4)
    version = (int(latest["version"]) + 1) if latest is not None else 1
    result, model = run(
        nominals,
        register,
        model=model,
        remembered=_remembered(remembered),
        version=version,
        thresholds=thresholds,
    )
    trained = model.version == version and (retrain or latest is None)
    tick("Storing links and the review queue", 2, 4)
    # Writes come last, so on SQLite the database's write lock is not held while training.
    audit.record(
        connection,
        actor=actor,
        action="read",
        entity_type="police_lists",
        purpose="matching",
        detail={"nominals": len(nominals)},
    )
    report = _store(
        connection,
        result,
        model,
        nominals,
        model_dir=model_dir,
        today=clock.today(),
        trained=trained,
        actor=actor,
        trigger=trigger,
        batch_id=batch_id,
    )
    report.decisions_applied = decisions_applied
    report.note = note
    changed.update(report.households_changed)
    report.households_changed = sorted(changed)
    tick("Re-screening the households whose links changed", 3, 4)
    report.rescreened = rescreen_households(
        report.households_changed, uow=uow, clock=clock, actor=actor, catalogue=catalogue
    )
    tick("Re-screening the households whose links changed", 4, 4)
    report.seconds = round(time.perf_counter() - started, 2)
    return report


def _all_nominals(connection: Connection) -> pd.DataFrame:
    """The police lists' nominals and the partner feeds' unlinked subjects, together."""
    lists, subjects = read_nominals(connection), read_subjects(connection)
    if subjects.empty:
        return lists
    return pd.concat([lists, subjects], ignore_index=True)


def _remembered(pairs: dict[tuple[str, str, str], str]) -> Remembered:
    return Remembered(
        accepted=frozenset(k for k, d in pairs.items() if d == "accept"),
        rejected=frozenset(k for k, d in pairs.items() if d == "reject"),
    )


def _store(
    connection: Connection,
    result: MatchResult,
    model: TrainedModel,
    nominals: Any,
    *,
    model_dir: Path,
    today: dt.date,
    trained: bool,
    actor: Principal,
    trigger: RunTrigger,
    batch_id: int | None,
) -> MatchReport:
    usable, _ = prepare_nominals(nominals)
    open_mask = usable["person_id"].isna() | usable["link_method"].isin(OPEN_METHODS)
    open_uids = set(usable.loc[open_mask, "uid"])
    if trained:
        path, digest = model.save(model_dir)
        connection.execute(
            insert(MatchModel).values(
                version=model.version,
                file_name=path.name,
                content_hash=digest,
                splink_version=model.document()["tfe"]["splink_version"],
                em_trained=model.em_trained,
                nominals=model.nominals,
                register_people=model.register,
                upper_threshold=model.thresholds.upper,
                lower_threshold=model.thresholds.lower,
                trained_by=actor.ref,
                trained_at=model.trained_at,
            )
        )
    run_id = connection.execute(
        insert(MatchRun)
        .values(
            model_version=model.version,
            trigger=trigger,
            actor=actor.ref,
            batch_id=batch_id,
            started_at=utcnow(),
            counts={},
        )
        .returning(MatchRun.id)
    ).scalar_one()
    changed, counts = write_run(
        connection,
        run_id=run_id,
        nominals=usable,
        decisions=result.decisions,
        open_uids=open_uids,
        model_version=model.version,
        actor=actor,
    )
    changed |= refresh_flags(connection, today=today)
    counts |= {
        "nominals": len(nominals),
        "open": result.open_nominals,
        "refused": len(result.refused),
        "incomplete": len(result.incomplete),
        "pairs_scored": result.pairs_scored,
    }
    connection.execute(
        update(MatchRun).where(MatchRun.id == run_id).values(finished_at=utcnow(), counts=counts)
    )
    audit.record(
        connection,
        actor=actor,
        action="match",
        entity_type="match_run",
        entity_id=run_id,
        purpose="matching",
        detail=counts | {"model_version": model.version},
    )
    return MatchReport(
        run_id=int(run_id),
        model_version=model.version,
        trained=trained,
        nominals=len(nominals),
        open_nominals=result.open_nominals,
        linked=counts["linked"],
        kept=counts["kept"],
        unlinked=counts["unlinked"],
        to_review=counts["to_review"],
        decisions_applied=0,
        refused=result.refused,
        households_changed=sorted(changed),
        incomplete=result.incomplete,
        training_notes=list(model.training_notes) if trained else [],
    )


def register_duplicates(
    *, uow: UnitOfWork, actor: Principal, threshold: float = 10.0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """People who look as if they are in the register twice: (pairs, register).

    Nothing is changed: a data officer checks each pair and merges by hand. The read is
    audited."""
    from imports.linkage.dedupe import find_register_duplicates

    with uow:
        connection = uow.connection
        register = read_register(connection)
        audit.record(
            connection,
            actor=actor,
            action="read",
            entity_type="person_register",
            purpose="finding register duplicates",
            detail={"people": len(register)},
        )
        uow.commit()
    if len(register) < 2:
        return pd.DataFrame(columns=["person_ref_l", "person_ref_r", "match_weight"]), register
    return find_register_duplicates(register, threshold=threshold), register
