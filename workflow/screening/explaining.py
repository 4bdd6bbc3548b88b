"""Explaining one household's decision, and checking it can be reproduced.

An explanation re-derives the household's facts with their evidence rows and decides it
with the per-household evaluator. When the household has a stored decision for the same
rule set and date, it also re-runs that decision from its stored facts and stored rule-set
content (it must give the same answer: that is what an auditor relies on) and says whether
today's data still gives it. Reading an explanation is written to the audit trail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Connection, func, select

from eligibility import Catalogue, Decision, Evidence, RuleSet, check_as_of, explain
from eligibility.loading import ruleset_from_document
from workflow import audit
from workflow.clock import Clock
from workflow.errors import HouseholdNotFound
from workflow.principal import Principal
from workflow.screening import tables as t
from workflow.screening.derive import derive_facts
from workflow.uow import UnitOfWork


@dataclass(frozen=True)
class StoredDecision:
    decision_id: int
    run_id: int
    as_of: dt.date
    eligible: bool
    criteria_met: list[str]
    rerun_gives_same_answer: bool  # re-run from its stored facts and rule-set content
    data_still_agrees: bool  # today's data gives the same answer


@dataclass(frozen=True)
class HouseholdExplanation:
    household_ref: str
    state: str | None
    flag: str | None
    as_of: dt.date
    decision: Decision
    stored: StoredDecision | None
    note: str | None

    def lines(self) -> list[str]:
        state = self.state.replace("_", " ") if self.state else "not yet in the programme"
        lines = [
            f"Household {self.household_ref}, as at {self.as_of:%d/%m/%Y} (now: {state})",
            *self.decision.lines(),
        ]
        if self.flag:
            lines.append(f"Flag: {self.flag}")
        if self.stored:
            s = self.stored
            made = "" if s.as_of == self.as_of else f", made as at {s.as_of:%d/%m/%Y}"
            lines.append(
                f"Stored decision {s.decision_id} (screening run {s.run_id}{made}): "
                f"{'eligible' if s.eligible else 'not eligible'}. Re-run from its stored facts "
                + ("it gives the same answer." if s.rerun_gives_same_answer else "it DIFFERS.")
            )
            if not s.data_still_agrees:
                lines.append(
                    "The partner data has changed since that decision: screen again to update it."
                )
        if self.note:
            lines.append(self.note)
        return lines

    def as_dict(self) -> dict[str, Any]:
        return {
            "household_ref": self.household_ref,
            "state": self.state,
            "flag": self.flag,
            "as_of": self.as_of.isoformat(),
            "decision": self.decision.as_dict(),
            "stored": None
            if self.stored is None
            else vars(self.stored) | {"as_of": self.stored.as_of.isoformat()},
            "note": self.note,
        }


def explain_household(
    household_ref: str,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    catalogue: Catalogue,
    default_ruleset: str,
    ruleset_id: str | None = None,
    as_of: dt.date | None = None,
) -> HouseholdExplanation:
    """Explain ``household_ref``'s decision (by default, its latest stored one, else under
    ``default_ruleset`` as at today); the read is audited."""
    rules = catalogue
    with uow:
        connection = uow.connection
        household_id = _household_id(connection, household_ref)
        latest = _latest_decision(connection, household_id, ruleset_id, as_of)
        if ruleset_id is None and latest is not None:
            ruleset_id = str(latest["ruleset_id"])
        ruleset = rules.get(ruleset_id or default_ruleset)
        if as_of is None:
            as_of = _last_screened(connection, latest) if latest is not None else clock.today()
        note = check_as_of(ruleset, as_of)
        derived = derive_facts(
            connection,
            as_of,
            lookback_months=ruleset.lookback_months,
            terms=ruleset.terms,
            household_ids=[household_id],
            with_evidence=True,
        )
        values: dict[Any, Any] = derived.facts.to_dict("index")[household_id]
        facts = {str(name): float(value) for name, value in values.items()}
        decision = explain(ruleset, facts, _evidence(derived.evidence))
        stored = _stored(latest, ruleset, decision, as_of)
        episode = _episode(connection, household_id)
        audit.record(
            connection,
            actor=actor,
            action="read",
            entity_type="household",
            entity_id=household_ref,
            purpose="explain an eligibility decision",
            detail={"ruleset": ruleset.id, "as_of": as_of.isoformat()},
        )
        uow.commit()
    return HouseholdExplanation(
        household_ref=household_ref,
        state=episode.get("state"),
        flag=episode.get("flag"),
        as_of=as_of,
        decision=decision,
        stored=stored,
        note=note,
    )


def _household_id(connection: Connection, household_ref: str) -> int:
    table = t.households()
    found = connection.execute(
        select(table.c.id).where(table.c.household_ref == household_ref.strip())
    ).scalar()
    if found is None:
        raise HouseholdNotFound.named(household_ref.strip())
    return int(found)


def _latest_decision(
    connection: Connection, household_id: int, ruleset_id: str | None, as_of: dt.date | None
) -> dict[str, Any] | None:
    decisions, versions = t.screening_decisions(), t.ruleset_versions()
    query = (
        select(
            decisions.c.id,
            decisions.c.run_id,
            decisions.c.as_of,
            decisions.c.eligible,
            decisions.c.criteria_met,
            decisions.c.facts,
            versions.c.ruleset_id,
            versions.c.document,
            versions.c.files,
        )
        .join(versions, versions.c.id == decisions.c.ruleset_version_id)
        .where(decisions.c.household_id == household_id)
        .order_by(decisions.c.as_of.desc(), decisions.c.id.desc())
        .limit(1)
    )
    if ruleset_id is not None:
        query = query.where(versions.c.ruleset_id == ruleset_id)
    if as_of is not None:  # the decision in force on that day: stored then, or before
        query = query.where(decisions.c.as_of <= as_of)
    row = connection.execute(query).mappings().first()
    return None if row is None else dict(row)


def _last_screened(connection: Connection, decision: dict[str, Any]) -> dt.date:
    """The last day the household was screened under the decision's rule set: the day of
    the decision, or of a later screening of the whole borough that found it unchanged
    (screening keeps a decision rather than storing the same one again)."""
    runs, versions = t.screening_runs(), t.ruleset_versions()
    later = connection.execute(
        select(func.max(runs.c.as_of))
        .join(versions, versions.c.id == runs.c.ruleset_version_id)
        .where(
            versions.c.ruleset_id == decision["ruleset_id"],
            runs.c.scope == "borough",
            runs.c.finished_at.is_not(None),
            runs.c.id >= decision["run_id"],
        )
    ).scalar()
    stored: dt.date = decision["as_of"]
    return max(stored, later) if later is not None else stored


def _stored(
    latest: dict[str, Any] | None, ruleset: RuleSet, decision: Decision, as_of: dt.date
) -> StoredDecision | None:
    if latest is None or latest["ruleset_id"] != ruleset.id or latest["as_of"] > as_of:
        return None
    then = ruleset_from_document(latest["document"], tuple(latest["files"] or ()))
    rerun = explain(then, latest["facts"])
    return StoredDecision(
        decision_id=int(latest["id"]),
        run_id=int(latest["run_id"]),
        as_of=latest["as_of"],
        eligible=bool(latest["eligible"]),
        criteria_met=list(latest["criteria_met"]),
        rerun_gives_same_answer=(
            rerun.eligible == bool(latest["eligible"])
            and rerun.criteria_met == list(latest["criteria_met"])
        ),
        data_still_agrees=(
            decision.eligible == bool(latest["eligible"])
            and decision.criteria_met == list(latest["criteria_met"])
        ),
    )


def _episode(connection: Connection, household_id: int) -> dict[str, Any]:
    table = t.household_episodes()
    row = (
        connection.execute(
            select(table.c.state, table.c.flag)
            .where(table.c.household_id == household_id)
            .order_by(table.c.number.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )
    return {} if row is None else dict(row)


def _evidence(frame: pd.DataFrame | None) -> list[Evidence]:
    if frame is None or frame.empty:
        return []
    items = []
    for row in frame.to_dict("records"):
        date: Any = row.get("date")
        sheet, person = row.get("sheet"), row.get("person_ref")
        items.append(
            Evidence(
                fact=str(row["fact"]),
                kind=str(row["kind"]),
                file_name=None if _missing(row.get("file_name")) else str(row["file_name"]),
                sheet=None if _missing(sheet) else str(sheet),
                source_row=None if _missing(row.get("source_row")) else int(row["source_row"]),
                date=None if _missing(date) else f"{pd.Timestamp(date):%d/%m/%Y}",
                detail=str(row["detail"]),
                person_ref=None if _missing(person) else str(person),
            )
        )
    return items


def _missing(value: Any) -> bool:
    return (
        value is None
        or value is pd.NA
        or value is pd.NaT
        or (isinstance(value, float) and value != value)
    )
