"""Screening the borough (or some households) under a rule set, as one unit of work.

``screen_households`` derives every household's facts as at a date, decides them all with
the vectorised evaluator, stores each decision with the rule set's version and content
hash and the facts it tested (so it can be re-run), moves households along the lifecycle
(``moves.py``) when the rule set is the one in force, and writes the audit trail. It either
happens whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, func, select, update

from eligibility import RuleSet, check_as_of, load_catalogue, screen
from eligibility.catalogue import Catalogue
from workflow import audit
from workflow.clock import Clock
from workflow.db.base import utcnow
from workflow.db.insert import value_of_row
from workflow.domain.vocabulary import RunTrigger
from workflow.lifecycle.store import hold_lifecycle
from workflow.pathway.catalogue import PathwayCatalogue, shipped_pathways
from workflow.principal import Principal
from workflow.screening import tables as t
from workflow.screening.apply import apply_plan
from workflow.screening.derive import derive_facts
from workflow.screening.moves import plan_moves
from workflow.settings import Settings
from workflow.uow import UnitOfWork

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class CriterionCount:
    id: str
    title: str
    headline: str
    households: int


@dataclass(frozen=True)
class ScreeningReport:
    """What one screening run found and did; no personal data, so it can be printed."""

    run_id: int
    ruleset_id: str
    ruleset_version: int
    ruleset_hash: str
    ruleset_title: str
    as_of: dt.date
    households_screened: int
    eligible: int
    newly_eligible: int
    no_longer_meeting: int
    meeting_again: int
    lifecycle: bool  # whether households were moved (only under the rule set in force)
    criteria: tuple[CriterionCount, ...]
    note: str | None
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    decisions_stored: int = 0  # new decisions; the others were as before and kept

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"as_of": self.as_of.isoformat()}


def load_rules(settings: Settings) -> Catalogue:
    """The shipped rule sets with the council's own files and changes."""
    return load_catalogue(settings.effective_rules_dir)


def screen_households(
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    catalogue: Catalogue,
    ruleset_id: str,
    as_of: dt.date | None = None,
    household_ids: Sequence[int] | None = None,
    trigger: RunTrigger = RunTrigger.COMMAND,
    batch_id: int | None = None,
    progress: Progress | None = None,
    pathways: PathwayCatalogue | None = None,
) -> ScreeningReport:
    """Screen the borough (or ``household_ids``) under a rule set as at ``as_of`` (default:
    today), in one transaction: decisions, lifecycle moves, history and audit together."""
    tick = progress or (lambda _stage, _done, _total: None)
    started = time.perf_counter()
    timings: dict[str, float] = {}
    ruleset = catalogue.get(ruleset_id)
    as_of = as_of or clock.today()
    note = check_as_of(ruleset, as_of)
    in_force = note is None
    with uow:
        connection = uow.connection
        tick("Working out each household's facts", 0, 4)
        derived = derive_facts(
            connection,
            as_of,
            lookback_months=ruleset.lookback_months,
            terms=ruleset.terms,
            household_ids=household_ids,
        )
        timings["derive"] = time.perf_counter() - started
        tick("Checking them against the rules", 1, 4)
        mark = time.perf_counter()
        screening = screen(ruleset, derived.facts)
        timings["evaluate"] = time.perf_counter() - mark
        tick("Storing the decisions", 2, 4)
        mark = time.perf_counter()
        # One bulk mover at a time from here to commit: on SQLite the run's insert below
        # takes the write lock, on PostgreSQL this advisory lock; episodes are read after.
        hold_lifecycle(connection)
        version_id = _ruleset_version(connection, ruleset)
        run_id = _start_run(
            connection,
            version_id,
            as_of,
            household_ids,
            actor,
            trigger,
            batch_id,
            in_force,
            note,
        )
        decision_ids, stored = _store_decisions(
            connection, run_id, version_id, as_of, ruleset, derived.facts, screening
        )
        timings["store"] = time.perf_counter() - mark
        tick("Moving households along", 3, 4)
        mark = time.perf_counter()
        newly = flagged = unflagged = 0
        if in_force:
            households = derived.facts.index.to_numpy()
            plan = plan_moves(
                zip(households.tolist(), screening.eligible.to_numpy().tolist(), strict=True),
                _open_episodes(connection, None if household_ids is None else households.tolist()),
            )
            apply_plan(
                connection,
                plan,
                ruleset=ruleset,
                decision_ids=decision_ids,
                actor=actor,
                as_of=as_of,
                pathways=pathways or shipped_pathways(),
            )
            newly, flagged, unflagged = plan.newly_eligible, len(plan.flag), len(plan.unflag)
        timings["lifecycle"] = time.perf_counter() - mark
        counts = screening.counts()
        report = ScreeningReport(
            run_id=run_id,
            ruleset_id=ruleset.id,
            ruleset_version=ruleset.version,
            ruleset_hash=ruleset.content_hash,
            ruleset_title=ruleset.title,
            as_of=as_of,
            households_screened=counts["screened"],
            eligible=counts["eligible"],
            newly_eligible=newly,
            no_longer_meeting=flagged,
            meeting_again=unflagged,
            lifecycle=in_force,
            criteria=tuple(
                CriterionCount(c.id, c.title, c.headline, counts[c.id]) for c in ruleset.criteria
            ),
            note=note,
            seconds=time.perf_counter() - started,
            timings=timings,
            decisions_stored=stored,
        )
        _finish_run(connection, report)
        audit.record(
            connection,
            actor=actor,
            action="screen",
            entity_type="screening_run",
            entity_id=run_id,
            purpose="eligibility screening",
            detail={
                "ruleset": ruleset.id,
                "version": ruleset.version,
                "hash": ruleset.content_hash,
                "as_of": as_of.isoformat(),
                "households": report.households_screened,
                "eligible": report.eligible,
                "newly_eligible": newly,
                "decisions_stored": stored,
                "batch_id": batch_id,
            },
        )
        uow.commit()
        tick("Done", 4, 4)
    return report


def _ruleset_version(connection: Connection, ruleset: RuleSet) -> int:
    """The stored copy of this exact rule-set content (added the first time it is used).

    Added with ``ON CONFLICT DO NOTHING``, so two screenings starting at once under a new
    rule set both find the one copy instead of one failing on the unique hash."""
    table = t.ruleset_versions()
    found = value_of_row(
        connection,
        table,
        {"content_hash": ruleset.content_hash},
        table.c.id,
        lambda: {
            "ruleset_id": ruleset.id,
            "version": ruleset.version,
            "title": ruleset.title,
            "document": ruleset.document,
            "files": list(ruleset.files),
            "first_used_at": utcnow(),
        },
    )
    return int(found)


def _start_run(
    connection: Connection,
    version_id: int,
    as_of: dt.date,
    household_ids: Sequence[int] | None,
    actor: Principal,
    trigger: RunTrigger,
    batch_id: int | None,
    in_force: bool,
    note: str | None,
) -> int:
    result = connection.execute(
        t.screening_runs()
        .insert()
        .values(
            ruleset_version_id=version_id,
            as_of=as_of,
            scope="borough" if household_ids is None else "households",
            trigger=trigger,
            actor=actor.ref,
            started_at=utcnow(),
            lifecycle=in_force,
            counts={},
            note=note,
            batch_id=batch_id,
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _store_decisions(
    connection: Connection,
    run_id: int,
    version_id: int,
    as_of: dt.date,
    ruleset: RuleSet,
    facts: Any,
    screening: Any,
) -> tuple[dict[int, int], int]:
    """Store each household's decision when it differs from its last one under this rule-set
    version; returns (household id -> the decision in force, how many were stored).

    A household whose eligibility, criteria and facts are as last time keeps its earlier
    decision: it was re-run by this screening (the run counts it) and stays reproducible
    from the facts it holds, without a copy of itself per run.
    """
    used = list(ruleset.facts_used)
    values = facts[used].to_numpy(dtype=float, na_value=math.nan).tolist()
    met = screening.criteria_met().tolist()
    eligible = screening.eligible.to_numpy().tolist()
    households = facts.index.to_numpy().tolist()
    last = _last_decisions(connection, version_id, households)
    now = utcnow()
    rows, kept = [], {}
    for household, is_eligible, criteria, row in zip(
        households, eligible, met, values, strict=True
    ):
        stored = {name: (None if v != v else v) for name, v in zip(used, row, strict=True)}
        fingerprint = decision_fingerprint(bool(is_eligible), criteria, stored)
        previous = last.get(household)
        if previous is not None and previous[1] == fingerprint:
            kept[int(household)] = previous[0]
            continue
        rows.append(
            {
                "run_id": run_id,
                "household_id": household,
                "ruleset_version_id": version_id,
                "as_of": as_of,
                "eligible": is_eligible,
                "criteria_met": criteria,
                "facts": stored,
                "fingerprint": fingerprint,
                "created_at": now,
            }
        )
    table = t.screening_decisions()
    for start in range(0, len(rows), 20_000):
        connection.execute(table.insert(), rows[start : start + 20_000])
    found = connection.execute(
        select(table.c.household_id, table.c.id).where(table.c.run_id == run_id)
    )
    return kept | {int(household): int(decision) for household, decision in found}, len(rows)


def decision_fingerprint(eligible: bool, criteria: list[str], facts: dict[str, Any]) -> str:
    """What makes two decisions the same: the outcome, the criteria met and every fact."""
    text = repr((eligible, sorted(criteria), sorted(facts.items())))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _last_decisions(
    connection: Connection, version_id: int, households: list[int]
) -> dict[int, tuple[int, str | None]]:
    """Each household's last decision under this version: id and fingerprint."""
    table = t.screening_decisions()
    latest = (
        select(table.c.household_id, func.max(table.c.id).label("id"))
        .where(table.c.ruleset_version_id == version_id)
        .group_by(table.c.household_id)
        .subquery()
    )
    rows = connection.execute(
        select(table.c.household_id, table.c.id, table.c.fingerprint).join(
            latest, latest.c.id == table.c.id
        )
    )
    wanted = set(households)
    return {
        int(household): (int(decision), fingerprint)
        for household, decision, fingerprint in rows
        if household in wanted
    }


def _open_episodes(connection: Connection, household_ids: list[int] | None) -> dict[int, Any]:
    from workflow.lifecycle.store import open_episodes

    return open_episodes(connection, household_ids)


def _finish_run(connection: Connection, report: ScreeningReport) -> None:
    table = t.screening_runs()
    connection.execute(
        update(table)
        .where(table.c.id == report.run_id)
        .values(
            finished_at=utcnow(),
            households_screened=report.households_screened,
            eligible=report.eligible,
            newly_eligible=report.newly_eligible,
            no_longer_meeting=report.no_longer_meeting,
            counts={c.id: c.households for c in report.criteria},
            decisions_stored=report.decisions_stored,
        )
    )
