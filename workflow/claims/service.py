"""Claims in the database: baselines, claim windows, building a window, and each claim's
moves through its machine, shared by the CLI, the API and the flows.

- ``snapshot_baselines``: for every attached family (an episode with a champion) without
  one, what it was identified with on the day it was attached, under the phase in force
  that day, with the figures and rows behind them;
- ``open_window``: a claim round's dates, phase and its own copy of the amounts table;
  windows may not overlap;
- ``build_window``: judge every attached family of the window's phase against its
  baseline, as at the window's close, and prepare a candidate claim for each result earned
  and each attachment fee not yet claimed;
- ``move_claims``, ``approve_window``, ``submit_window``, ``record_payment``, ``claw_back``,
  ``record_override``: each move on the claim machine, written to ``claim_transitions``.

One claim per family: the database's partial unique index refuses a second live claim of
the same kind for a household and phase, so two builds (or two people) at once give one
claim and one refusal. Money is ``Decimal`` throughout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from eligibility.catalogue import Catalogue
from eligibility.ruleset import RuleSet
from workflow import audit
from workflow.access.policy import Action, require
from workflow.claims import progress as figures_of
from workflow.claims.loading import shipped
from workflow.claims.machine import DEFINITION, ClaimFacts, ClaimState, ClaimTrigger
from workflow.claims.money import Amounts, amounts_document, amounts_from, pounds
from workflow.claims.results import Assessment, Figures, Progress, ResultsRules, assess
from workflow.clock import Clock
from workflow.db.models import Claim, ClaimBaseline, ClaimTransition, ClaimWindow, Household
from workflow.errors import HouseholdNotFound, WorkflowError
from workflow.pathway.catalogue import PathwayCatalogue
from workflow.principal import SYSTEM, Principal
from workflow.statemachine.definition import Request
from workflow.statemachine.engine import StateMachine
from workflow.uow import UnitOfWork

MACHINE = StateMachine(DEFINITION)
PHASES = ("troubled-families-2012", "troubled-families-2015", "supporting-families-2022")
PREPARED = "prepare"  # the history's trigger for a claim's first row
WINDOW_LOCK = 7_412_015  # the advisory lock taken while a window is opened (PostgreSQL)
LIVE = ("candidate", "evidence_checked", "approved", "submitted", "paid", "clawed_back")


class ClaimRefused(WorkflowError):
    code = "claim_refused"


class AlreadyClaimed(ClaimRefused):
    code = "already_claimed"


class WindowNotFound(ClaimRefused):
    code = "window_not_found"


class WindowsOverlap(ClaimRefused):
    code = "windows_overlap"


class WindowNotApproved(ClaimRefused):
    code = "window_not_approved"


# --- baselines --------------------------------------------------------------------------


def phase_on(catalogue: Catalogue, day: dt.date) -> RuleSet | None:
    """The phase in force on ``day``: the latest-starting rule set of the three that covers it."""
    covering = [
        r
        for r in catalogue.all()
        if r.id in PHASES
        and r.effective_from <= day
        and (r.effective_to is None or day <= r.effective_to)
    ]
    return max(covering, key=lambda r: r.effective_from, default=None)


@dataclass(frozen=True)
class BaselineReport:
    taken: int
    by_phase: dict[str, int]
    outside_any_phase: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "taken": self.taken,
            "by_phase": self.by_phase,
            "outside_any_phase": self.outside_any_phase,
        }


def _attached(connection: Connection) -> list[tuple[int, int, dt.date]]:
    """(episode, household, the day its first champion started) for every episode without
    a baseline."""
    rows = connection.execute(
        text(
            "SELECT c.episode_id, c.household_id, MIN(c.started_on) FROM champion_assignments c "
            "WHERE NOT EXISTS (SELECT 1 FROM claim_baselines b WHERE b.episode_id = c.episode_id) "
            "GROUP BY c.episode_id, c.household_id"
        )
    ).all()
    return [(int(e), int(h), figures_of._day(d)) for e, h, d in rows]


def snapshot_baselines(
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    catalogue: Catalogue,
    rules_dir: Path | None = None,
) -> BaselineReport:
    """Take the baseline of every attached family that has none (see the module's notes)."""
    require(actor, Action.PREPARE_CLAIMS)
    by_phase: dict[str, int] = {}
    outside = 0
    with uow:
        connection = uow.connection
        groups: dict[tuple[str, dt.date], list[tuple[int, int]]] = {}
        for episode, household, day in _attached(connection):
            ruleset = phase_on(catalogue, day)
            if ruleset is None:
                outside += 1
                continue
            groups.setdefault((ruleset.id, day), []).append((episode, household))
        rows: list[dict[str, Any]] = []
        for (phase, day), members in sorted(groups.items()):
            ruleset = catalogue.get(phase)
            results = shipped(phase, rules_dir)
            ids = [h for _, h in members]
            now = figures_of.derive(
                connection, day, ids, months=results.months, terms=results.terms
            )
            screened = figures_of.derive(
                connection,
                day,
                ids,
                months=ruleset.lookback_months,
                terms=ruleset.terms,
                evidence=False,
            )
            adults = {
                h: sorted(now.figures[h].who("adults_on_out_of_work_benefits"))
                for h in ids
                if h in now.figures
            }
            spells = figures_of.benefit_spells(connection, adults, dict.fromkeys(ids, day))
            for episode, household in members:
                figures = now.figures.get(household, Figures({}))
                rows.append(
                    {
                        "household_id": household,
                        "episode_id": episode,
                        "phase": phase,
                        "attached_on": day,
                        "eligibility_rules": ruleset.label,
                        "results_rules": results.label,
                        "identified": list(
                            figures_of.criteria_met(
                                ruleset, screened.figures.get(household, Figures({}))
                            )
                        ),
                        "figures": _figures_doc(figures),
                        "benefits": [
                            {"person": s.person, "benefit": s.benefit}
                            for s in spells.get(household, ())
                        ],
                        "evidence": now.evidence.get(household, []),
                        "taken_by": actor.ref,
                        "taken_at": clock.now(),
                    }
                )
            by_phase[phase] = by_phase.get(phase, 0) + len(members)
        if rows:
            connection.execute(insert(ClaimBaseline), rows)
        audit.record(
            connection,
            actor=actor,
            action="claims.baselines",
            entity_type="claim_baselines",
            detail={"taken": len(rows), "by_phase": by_phase, "outside_any_phase": outside},
        )
        uow.commit()
    return BaselineReport(sum(by_phase.values()), by_phase, outside)


def _figures_doc(figures: Figures) -> dict[str, Any]:
    return {
        "values": dict(figures.values),
        "people": {k: sorted(v) for k, v in figures.people.items()},
    }


def _figures_from(doc: dict[str, Any]) -> Figures:
    return Figures(
        values=doc.get("values", {}),
        people={k: frozenset(v) for k, v in doc.get("people", {}).items()},
    )


# --- windows ----------------------------------------------------------------------------


@dataclass(frozen=True)
class WindowView:
    id: int
    name: str
    phase: str
    opens_on: dt.date
    closes_on: dt.date
    claims: int
    total: Decimal
    by_state: dict[str, int]
    export_path: str | None
    built: bool = False

    @property
    def approved(self) -> bool:
        """Built, and no claim in it is waiting for its evidence check or approval."""
        waiting = {ClaimState.CANDIDATE.value, ClaimState.EVIDENCE_CHECKED.value}
        return self.built and not (set(self.by_state) & waiting)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "phase": self.phase,
            "opens_on": self.opens_on.strftime("%d/%m/%Y"),
            "closes_on": self.closes_on.strftime("%d/%m/%Y"),
            "claims": self.claims,
            "total": str(self.total),
            "total_text": pounds(self.total),
            "by_state": self.by_state,
            "approved": self.approved,
            "export_path": self.export_path,
        }


def open_window(
    name: str,
    phase: str,
    opens_on: dt.date,
    closes_on: dt.date,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    amounts: dict[str, Any] | None = None,
    rules_dir: Path | None = None,
) -> WindowView:
    """Open a claim window; refused if it overlaps another or its amounts table is wrong."""
    require(actor, Action.OPEN_CLAIM_WINDOW)
    if phase not in PHASES:
        raise ClaimRefused(f"‘{phase[:40]}’ is not a programme phase: use {', '.join(PHASES)}.")
    if closes_on < opens_on:
        raise ClaimRefused(
            f"A window cannot close ({closes_on:%d/%m/%Y}) before it opens ({opens_on:%d/%m/%Y})."
        )
    if not name.strip():
        raise ClaimRefused("A window needs a name, like ‘2026 autumn claims’.")
    results = shipped(phase, rules_dir)
    outcomes = tuple(r.id for r in results.results)
    checked = amounts_from(phase, amounts or amounts_document(phase), outcomes, closes_on)
    with uow:
        connection = uow.connection
        if uow.dialect == "postgresql":
            connection.execute(select(func.pg_advisory_xact_lock(WINDOW_LOCK)))
        # Written first, then checked: on SQLite the first write takes the write lock.
        window_id = connection.execute(
            insert(ClaimWindow)
            .values(
                name=name.strip()[:100],
                phase=phase,
                opens_on=opens_on,
                closes_on=closes_on,
                amounts=checked.as_document(),
                results_rules=results.label,
                created_by=actor.ref,
                created_at=clock.now(),
            )
            .returning(ClaimWindow.id)
        ).scalar_one()
        clash = connection.execute(
            select(ClaimWindow.name, ClaimWindow.opens_on, ClaimWindow.closes_on).where(
                ClaimWindow.id != window_id,
                ClaimWindow.opens_on <= closes_on,
                ClaimWindow.closes_on >= opens_on,
            )
        ).first()
        if clash is not None:
            raise WindowsOverlap(
                f"The window overlaps ‘{clash[0]}’ ({clash[1]:%d/%m/%Y} to {clash[2]:%d/%m/%Y}): "
                "windows may not overlap. Choose dates outside it."
            )
        audit.record(
            connection,
            actor=actor,
            action="claims.window.open",
            entity_type="claim_window",
            entity_id=window_id,
            detail={"phase": phase},
        )
        uow.commit()
        return window_view(connection, window_id)


def window_view(connection: Connection, window_id: int) -> WindowView:
    row = connection.execute(select(ClaimWindow).where(ClaimWindow.id == window_id)).first()
    if row is None:
        raise WindowNotFound(f"There is no claim window {window_id}.")
    window = row[0] if not hasattr(row, "phase") else row
    states = connection.execute(
        select(Claim.state, func.count(), func.coalesce(func.sum(Claim.amount), 0))
        .where(Claim.window_id == window_id)
        .group_by(Claim.state)
    ).all()
    by_state = {str(s): int(n) for s, n, _ in states}
    total = sum(
        (Decimal(str(a)) for s, _, a in states if s != ClaimState.REJECTED.value), Decimal("0.00")
    )
    return WindowView(
        id=int(window.id),
        name=str(window.name),
        phase=str(window.phase),
        opens_on=window.opens_on,
        closes_on=window.closes_on,
        claims=sum(n for s, n in by_state.items() if s != ClaimState.REJECTED.value),
        total=Decimal(total).quantize(Decimal("0.01")),
        by_state=by_state,
        export_path=window.export_path,
        built=window.built_at is not None,
    )


def list_windows(uow: UnitOfWork) -> list[WindowView]:
    with uow:
        ids = uow.connection.execute(select(ClaimWindow.id).order_by(ClaimWindow.opens_on)).all()
        return [window_view(uow.connection, int(i)) for (i,) in ids]


def _window(connection: Connection, window_id: int) -> Any:
    row = connection.execute(
        select(
            ClaimWindow.id,
            ClaimWindow.name,
            ClaimWindow.phase,
            ClaimWindow.opens_on,
            ClaimWindow.closes_on,
            ClaimWindow.amounts,
        ).where(ClaimWindow.id == window_id)
    ).first()
    if row is None:
        raise WindowNotFound(f"There is no claim window {window_id}.")
    return row


def _amounts(window: Any, results: ResultsRules) -> Amounts:
    return amounts_from(
        window.phase, window.amounts, tuple(r.id for r in results.results), window.closes_on
    )


# --- judging families -------------------------------------------------------------------


@dataclass(frozen=True)
class Judged:
    """One attached family judged at a date: its baseline, its figures now, its outcome."""

    household_id: int
    household_ref: str
    baseline_id: int
    attached_on: dt.date
    identified: tuple[str, ...]
    assessment: Assessment
    baseline_evidence: list[dict[str, Any]]
    now_evidence: list[dict[str, Any]]
    closed_on: dt.date | None


def _closed_on(connection: Connection, episode_ids: Sequence[int]) -> dict[int, dt.date]:
    if not episode_ids:
        return {}
    rows = connection.execute(
        text(
            "SELECT episode_id, effective_on, at FROM household_transitions WHERE trigger = 'close'"
        )
    ).all()
    wanted = set(episode_ids)
    found: dict[int, dt.date] = {}
    for episode, effective, at in rows:
        if int(episode) in wanted:
            found[int(episode)] = figures_of._day(effective if effective is not None else at)
    return found


def judge(
    connection: Connection,
    phase: str,
    as_of: dt.date,
    catalogue: Catalogue,
    results: ResultsRules,
    *,
    household_ids: Sequence[int] | None = None,
) -> list[Judged]:
    """Every family attached under ``phase`` on or before ``as_of`` (or those in
    ``household_ids``), judged against its baseline as at ``as_of``."""
    query = select(
        ClaimBaseline.id,
        ClaimBaseline.household_id,
        ClaimBaseline.episode_id,
        ClaimBaseline.attached_on,
        ClaimBaseline.identified,
        ClaimBaseline.figures,
        ClaimBaseline.benefits,
        ClaimBaseline.evidence,
    ).where(ClaimBaseline.phase == phase, ClaimBaseline.attached_on <= as_of)
    baselines = connection.execute(query.order_by(ClaimBaseline.household_id)).all()
    if household_ids is not None:
        wanted = set(household_ids)
        baselines = [b for b in baselines if int(b.household_id) in wanted]
    # A household attached twice in one phase: its latest baseline.
    latest = {int(b.household_id): b for b in baselines}
    ids = sorted(latest)
    now = figures_of.derive(connection, as_of, ids, months=results.months, terms=results.terms)
    closed = _closed_on(connection, [int(b.episode_id) for b in latest.values()])
    people = {h: [s["person"] for s in b.benefits] for h, b in latest.items() if b.benefits}
    spells = figures_of.benefit_spells(
        connection, people, {h: b.attached_on for h, b in latest.items()}
    )
    criteria = catalogue.get(phase).criteria
    judged: list[Judged] = []
    for household in ids:
        b = latest[household]
        progress = Progress(
            attached_on=b.attached_on,
            claim_on=as_of,
            identified=tuple(b.identified),
            baseline=_figures_from(b.figures),
            now=now.figures.get(household, Figures({})),
            closed_on=closed.get(int(b.episode_id)),
            benefits=spells.get(household, ()),
        )
        judged.append(
            Judged(
                household_id=household,
                household_ref=now.refs.get(household, ""),
                baseline_id=int(b.id),
                attached_on=b.attached_on,
                identified=tuple(b.identified),
                assessment=assess(results, criteria, progress),
                baseline_evidence=list(b.evidence),
                now_evidence=now.evidence.get(household, []),
                closed_on=progress.closed_on,
            )
        )
    return judged


def evidence_for(judged: Judged) -> list[dict[str, Any]]:
    """The rows behind the measures of a judged family, each marked baseline or now."""
    facts = {f for m in judged.assessment.measures for f in m.facts}
    rows = [dict(r, when="baseline") for r in judged.baseline_evidence if r["fact"] in facts]
    rows += [dict(r, when="now") for r in judged.now_evidence if r["fact"] in facts]
    return rows


# --- building a window ------------------------------------------------------------------


@dataclass(frozen=True)
class BuildReport:
    window_id: int
    families: int
    results: int
    attachments: int
    not_yet: int
    total: Decimal
    by_outcome: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "window_id": self.window_id,
            "families": self.families,
            "results": self.results,
            "attachments": self.attachments,
            "not_yet": self.not_yet,
            "total": str(self.total),
            "by_outcome": self.by_outcome,
        }


def _live(connection: Connection, phase: str, kind: str) -> set[int]:
    rows = connection.execute(
        select(Claim.household_id).where(
            Claim.phase == phase, Claim.kind == kind, Claim.state != ClaimState.REJECTED.value
        )
    ).all()
    return {int(h) for (h,) in rows}


def _insert_claims(
    connection: Connection, rows: list[dict[str, Any]], actor: Principal, now: dt.datetime
) -> list[int]:
    if not rows:
        return []
    try:
        ids = [
            int(i)
            for i in connection.execute(insert(Claim).returning(Claim.id), rows).scalars().all()
        ]
    except IntegrityError as error:
        if "uq_claims_one_per_family" in str(error) or "UNIQUE" in str(error).upper():
            raise AlreadyClaimed(
                "A family in this window already has a claim of this kind for this phase "
                "(claimed by someone else at the same time, or in an earlier window): "
                "a family is claimed once per phase. Nothing was changed."
            ) from None
        raise
    connection.execute(
        insert(ClaimTransition),
        [
            {
                "claim_id": claim_id,
                "from_state": None,
                "to_state": ClaimState.CANDIDATE.value,
                "trigger": PREPARED,
                "actor": actor.ref,
                "actor_roles": actor.role_names,
                "at": now,
                "reason": "prepared from the results rules"
                if row["kind"] == "result"
                else "attachment fee",
                "detail": {"outcome": row["outcome"]},
            }
            for claim_id, row in zip(ids, rows, strict=True)
        ],
    )
    return ids


def build_window(
    window_id: int,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    catalogue: Catalogue,
    rules_dir: Path | None = None,
) -> BuildReport:
    """Prepare the window's candidate claims (see the module's notes)."""
    require(actor, Action.PREPARE_CLAIMS)
    with uow:
        connection = uow.connection
        window = _window(connection, window_id)
        results = shipped(window.phase, rules_dir)
        amounts = _amounts(window, results)
        judged = judge(connection, window.phase, window.closes_on, catalogue, results)
        have_result = _live(connection, window.phase, "result")
        have_fee = _live(connection, window.phase, "attachment")
        now = clock.now()
        rows: list[dict[str, Any]] = []
        by_outcome: dict[str, int] = {}
        not_yet = 0
        for family in judged:
            common = {
                "window_id": window_id,
                "household_id": family.household_id,
                "baseline_id": family.baseline_id,
                "phase": window.phase,
                "prepared_by": actor.ref,
                "created_at": now,
            }
            fee = amounts.attachment(family.attached_on)
            if family.household_id not in have_fee and fee > 0:
                rows.append(
                    common
                    | {
                        "kind": "attachment",
                        "outcome": "attachment",
                        "amount": fee,
                        "assessment": {},
                        "evidence": [],
                    }
                )
                by_outcome["attachment"] = by_outcome.get("attachment", 0) + 1
            outcome = family.assessment.outcome
            if outcome is None:
                not_yet += 1
                continue
            if family.household_id in have_result:
                continue
            rows.append(
                common
                | {
                    "kind": "result",
                    "outcome": outcome,
                    "amount": amounts.result(outcome, family.attached_on),
                    "assessment": family.assessment.as_dict(),
                    "evidence": evidence_for(family),
                }
            )
            by_outcome[outcome] = by_outcome.get(outcome, 0) + 1
        _insert_claims(connection, rows, actor, now)
        connection.execute(
            update(ClaimWindow).where(ClaimWindow.id == window_id).values(built_at=now)
        )
        total = sum((Decimal(r["amount"]) for r in rows), Decimal("0.00"))
        audit.record(
            connection,
            actor=actor,
            action="claims.window.build",
            entity_type="claim_window",
            entity_id=window_id,
            detail={"claims": len(rows), "by_outcome": by_outcome},
        )
        uow.commit()
    return BuildReport(
        window_id=window_id,
        families=len(judged),
        results=sum(1 for r in rows if r["kind"] == "result"),
        attachments=sum(1 for r in rows if r["kind"] == "attachment"),
        not_yet=not_yet,
        total=total,
        by_outcome=by_outcome,
    )


def prepare_claim(
    household_ref: str,
    window_id: int,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    catalogue: Catalogue,
    rules_dir: Path | None = None,
    override_reason: str | None = None,
    outcome: str | None = None,
) -> int:
    """Prepare one family's results claim in a window (or, with ``override_reason``, a
    senior manager's "equivalent progress" claim for a family the rules do not find
    claimable); refused, with nothing changed, if the family was never attached, was
    attached after the window closed, or is already claimed under the phase."""
    require(
        actor, Action.OVERRIDE_PROGRESS if override_reason is not None else Action.PREPARE_CLAIMS
    )
    if override_reason is not None and not override_reason.strip():
        raise ClaimRefused("An equivalent-progress override needs a reason.")
    with uow:
        connection = uow.connection
        window = _window(connection, window_id)
        household = connection.execute(
            select(Household.id).where(Household.household_ref == household_ref.strip())
        ).scalar()
        if household is None:
            raise HouseholdNotFound.named(household_ref)
        results = shipped(window.phase, rules_dir)
        attached = connection.execute(
            select(func.min(ClaimBaseline.attached_on)).where(
                ClaimBaseline.household_id == household, ClaimBaseline.phase == window.phase
            )
        ).scalar()
        if attached is None:
            raise ClaimRefused(
                f"Household {household_ref} was never attached under {window.phase}, so it "
                "cannot be claimed."
            )
        if figures_of._day(attached) > window.closes_on:
            raise ClaimRefused(
                f"Household {household_ref} was attached on {figures_of._day(attached):%d/%m/%Y}, "
                f"after the window closed on {window.closes_on:%d/%m/%Y}."
            )
        judged = judge(
            connection,
            window.phase,
            window.closes_on,
            catalogue,
            results,
            household_ids=[int(household)],
        )[0]
        chosen = judged.assessment.outcome
        if override_reason is not None:
            names = ", ".join(r.id for r in results.results)
            if outcome not in {r.id for r in results.results}:
                raise ClaimRefused(
                    f"Say which result the equivalent progress stands for ({names}), "
                    f"not ‘{str(outcome)[:40]}’."
                )
            chosen = outcome
        elif chosen is None:
            raise ClaimRefused(
                f"Household {household_ref} has not earned a result yet: "
                + " ".join(m.why for m in judged.assessment.measures if not m.verdict.counts_as_met)
            )
        amounts = _amounts(window, results)
        row = {
            "window_id": window_id,
            "household_id": int(household),
            "baseline_id": judged.baseline_id,
            "phase": window.phase,
            "kind": "result",
            "outcome": chosen,
            "amount": amounts.result(chosen, judged.attached_on),
            "assessment": judged.assessment.as_dict(),
            "evidence": evidence_for(judged),
            "prepared_by": actor.ref,
            "override_by": actor.ref if override_reason is not None else None,
            "override_reason": override_reason.strip()[:500] if override_reason else None,
            "created_at": clock.now(),
        }
        if int(household) in _live(connection, window.phase, "result"):
            raise AlreadyClaimed(
                f"Household {household_ref} already has a results claim under {window.phase}: "
                "a family is claimed once per phase."
            )
        (claim_id,) = _insert_claims(connection, [row], actor, clock.now())
        audit.record(
            connection,
            actor=actor,
            action="claims.override" if override_reason else "claims.prepare",
            entity_type="claim",
            entity_id=claim_id,
            detail={"window_id": window_id, "outcome": chosen},
        )
        uow.commit()
    return claim_id


# --- moves ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MoveReport:
    trigger: str
    moved: int
    claim_ids: list[int]

    def as_dict(self) -> dict[str, Any]:
        return {"trigger": self.trigger, "moved": self.moved, "claim_ids": self.claim_ids}


ACTIONS = {
    ClaimTrigger.CHECK_EVIDENCE: Action.PREPARE_CLAIMS,
    ClaimTrigger.APPROVE: Action.APPROVE_CLAIMS,
    ClaimTrigger.SUBMIT: Action.SUBMIT_CLAIMS,
    ClaimTrigger.RECORD_PAYMENT: Action.RECORD_CLAIM_PAYMENT,
    ClaimTrigger.REJECT: Action.APPROVE_CLAIMS,
    ClaimTrigger.CLAW_BACK: Action.RECORD_CLAIM_PAYMENT,
}


def _move(
    connection: Connection,
    claims: Sequence[Any],
    trigger: ClaimTrigger,
    actor: Principal,
    reason: str,
    now: dt.datetime,
    *,
    values: dict[str, Any] | None = None,
    effective_on: dt.date | None = None,
) -> list[int]:
    """Fire ``trigger`` on every claim (all or none), write their history; the moved ids."""
    moved: list[tuple[int, str, str]] = []
    for claim in claims:
        facts = ClaimFacts(
            prepared_by=str(claim.prepared_by),
            actor=actor.ref,
            actor_roles=actor.roles,
            actor_is_system=actor.is_system,
        )
        to = MACHINE.fire(
            ClaimState(claim.state),
            trigger,
            Request(reason=reason, facts=facts),
            label=f"claim {claim.id}",
        )
        moved.append((int(claim.id), str(claim.state), to.value))
    # Set-wise: one UPDATE per (from, to) pair, each conditional on the state read, so a
    # claim changed by someone else meanwhile refuses the whole move.
    groups: dict[tuple[str, str], list[int]] = {}
    for claim_id, before, after in moved:
        groups.setdefault((before, after), []).append(claim_id)
    for (before, after), ids in groups.items():
        changes = {"state": after, **(values or {})}
        if trigger is ClaimTrigger.APPROVE:
            changes["approved_by"] = actor.ref
        done = 0
        for start in range(0, len(ids), 5_000):
            chunk = ids[start : start + 5_000]
            done += connection.execute(
                update(Claim).where(Claim.id.in_(chunk), Claim.state == before).values(**changes)
            ).rowcount
        if done != len(ids):
            raise ClaimRefused(
                "Some of these claims were changed by someone else at the same time: try again."
            )
    if moved:
        connection.execute(
            insert(ClaimTransition),
            [
                {
                    "claim_id": claim_id,
                    "from_state": before,
                    "to_state": after,
                    "trigger": trigger.value,
                    "actor": actor.ref,
                    "actor_roles": actor.role_names,
                    "at": now,
                    "effective_on": effective_on,
                    "reason": reason or trigger.value.replace("_", " "),
                    "detail": {k: str(v) for k, v in (values or {}).items()},
                }
                for claim_id, before, after in moved
            ],
        )
    return [claim_id for claim_id, _, _ in moved]


def _claims_in(connection: Connection, window_id: int, states: Sequence[ClaimState]) -> list[Any]:
    return list(
        connection.execute(
            select(Claim.id, Claim.state, Claim.prepared_by)
            .where(Claim.window_id == window_id, Claim.state.in_([s.value for s in states]))
            .order_by(Claim.id)
        ).all()
    )


def approve_window(
    window_id: int,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    reason: str = "",
    pathways: PathwayCatalogue | None = None,
) -> MoveReport:
    """Check the evidence of, and approve, every candidate claim in the window, as the
    checker (finance or internal audit, never the preparer). All or nothing."""
    require(actor, Action.APPROVE_CLAIMS)
    with uow:
        connection = uow.connection
        _window(connection, window_id)
        now = clock.now()
        candidates = _claims_in(connection, window_id, (ClaimState.CANDIDATE,))
        checked_ids = _move(connection, candidates, ClaimTrigger.CHECK_EVIDENCE, actor, reason, now)
        checked = _claims_in(connection, window_id, (ClaimState.EVIDENCE_CHECKED,))
        approved = _move(connection, checked, ClaimTrigger.APPROVE, actor, reason, now)
        claimed = _mark_claimed(uow, clock, actor, approved, pathways)
        audit.record(
            connection,
            actor=actor,
            action="claims.window.approve",
            entity_type="claim_window",
            entity_id=window_id,
            detail={
                "checked": len(checked_ids),
                "approved": len(approved),
                "households_claimed": claimed,
            },
        )
        uow.commit()
    return MoveReport(ClaimTrigger.APPROVE.value, len(approved), approved)


def _mark_claimed(
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    claim_ids: Sequence[int],
    pathways: PathwayCatalogue | None,
) -> int:
    """Move each household whose results claim was just approved, and whose episode is at
    ``progress_evidenced``, to ``claimed`` (the lifecycle's ``claim`` move, whose guard
    reads the approved claim). The move is the system's, naming the approver in its reason."""
    if pathways is None or not claim_ids:
        return 0
    from workflow.lifecycle.rules import Trigger
    from workflow.lifecycle.service import move_household

    rows = uow.connection.execute(
        text(
            "SELECT c.id, h.household_ref FROM claims c "
            "JOIN claim_baselines b ON b.id = c.baseline_id "
            "JOIN household_episodes e ON e.id = b.episode_id "
            "JOIN households h ON h.id = c.household_id "
            "WHERE c.kind = 'result' AND e.closed_at IS NULL AND e.state = :state"
        ),
        {"state": "progress_evidenced"},
    ).all()
    wanted = set(claim_ids)
    moved = 0
    for claim_id, ref in rows:
        if int(claim_id) not in wanted:
            continue
        move_household(
            str(ref),
            Trigger.CLAIM,
            uow=uow,
            clock=clock,
            actor=SYSTEM,
            reason=f"results claim {claim_id} approved by {actor.ref}",
            pathways=pathways,
        )
        moved += 1
    return moved


def submit_window(window_id: int, *, uow: UnitOfWork, clock: Clock, actor: Principal) -> MoveReport:
    require(actor, Action.SUBMIT_CLAIMS)
    with uow:
        connection = uow.connection
        view = window_view(connection, window_id)
        if not view.approved:
            raise WindowNotApproved(
                f"Window {window_id} has claims not yet approved: approve them (or reject "
                "them) before submitting."
            )
        claims = _claims_in(connection, window_id, (ClaimState.APPROVED,))
        ids = _move(connection, claims, ClaimTrigger.SUBMIT, actor, "", clock.now())
        audit.record(
            connection,
            actor=actor,
            action="claims.window.submit",
            entity_type="claim_window",
            entity_id=window_id,
            detail={"submitted": len(ids)},
        )
        uow.commit()
    return MoveReport(ClaimTrigger.SUBMIT.value, len(ids), ids)


def _one_claim(connection: Connection, claim_id: int) -> Any:
    row = connection.execute(
        select(Claim.id, Claim.state, Claim.prepared_by, Claim.amount).where(Claim.id == claim_id)
    ).first()
    if row is None:
        raise ClaimRefused(f"There is no claim {claim_id}.")
    return row


def move_claim(
    claim_id: int,
    trigger: ClaimTrigger | str,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    reason: str = "",
) -> MoveReport:
    """One claim's move (check_evidence, approve, submit, reject, claw_back)."""
    known = DEFINITION.trigger_named(str(trigger))
    if known is None or known is ClaimTrigger.RECORD_PAYMENT:
        raise ClaimRefused(f"‘{str(trigger)[:40]}’ is not a claim move here.")
    require(actor, ACTIONS[known])
    with uow:
        connection = uow.connection
        claim = _one_claim(connection, claim_id)
        values = {"reason": reason.strip()[:500]} if reason.strip() else {}
        ids = _move(connection, [claim], known, actor, reason.strip(), clock.now(), values=values)
        audit.record(
            connection,
            actor=actor,
            action=f"claims.{known.value}",
            entity_type="claim",
            entity_id=claim_id,
        )
        uow.commit()
    return MoveReport(known.value, len(ids), ids)


def record_payment(
    claim_id: int,
    amount: Decimal,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    paid_on: dt.date | None = None,
) -> MoveReport:
    """Record what was paid for a submitted claim; never more than the claim."""
    require(actor, Action.RECORD_CLAIM_PAYMENT)
    amount = Decimal(amount)
    if amount != amount.quantize(Decimal("0.01")) or amount < 0:
        raise ClaimRefused(f"{amount} is not an amount in pounds and pence.")
    with uow:
        connection = uow.connection
        claim = _one_claim(connection, claim_id)
        claimed = Decimal(str(claim.amount))
        if amount > claimed:
            raise ClaimRefused(
                f"A payment of {pounds(amount)} is more than claim {claim_id}'s "
                f"{pounds(claimed)}: nothing was recorded."
            )
        ids = _move(
            connection,
            [claim],
            ClaimTrigger.RECORD_PAYMENT,
            actor,
            f"paid {pounds(amount)}",
            clock.now(),
            values={"paid_amount": amount},
            effective_on=paid_on,
        )
        audit.record(
            connection,
            actor=actor,
            action="claims.record_payment",
            entity_type="claim",
            entity_id=claim_id,
            detail={"amount": str(amount)},
        )
        uow.commit()
    return MoveReport(ClaimTrigger.RECORD_PAYMENT.value, len(ids), ids)


def claw_back(
    claim_id: int, reason: str, *, uow: UnitOfWork, clock: Clock, actor: Principal
) -> MoveReport:
    """A claim found invalid at a spot check: clawed back, with the reason."""
    return move_claim(
        claim_id, ClaimTrigger.CLAW_BACK, uow=uow, clock=clock, actor=actor, reason=reason
    )


# --- reading ----------------------------------------------------------------------------


def list_claims(uow: UnitOfWork, *, window_id: int | None = None) -> list[dict[str, Any]]:
    """Every claim (in a window), with its household reference; overrides marked."""
    with uow:
        query = (
            select(
                Claim.id,
                Claim.window_id,
                Household.household_ref,
                Claim.phase,
                Claim.kind,
                Claim.outcome,
                Claim.amount,
                Claim.paid_amount,
                Claim.state,
                Claim.prepared_by,
                Claim.approved_by,
                Claim.override_by,
                Claim.override_reason,
                Claim.reason,
                ClaimBaseline.attached_on,
            )
            .join(Household, Household.id == Claim.household_id)
            .join(ClaimBaseline, ClaimBaseline.id == Claim.baseline_id)
            .order_by(Claim.id)
        )
        if window_id is not None:
            query = query.where(Claim.window_id == window_id)
        return [
            {
                "id": int(r.id),
                "window_id": int(r.window_id),
                "household_ref": str(r.household_ref),
                "phase": r.phase,
                "kind": r.kind,
                "outcome": r.outcome,
                "amount": Decimal(str(r.amount)).quantize(Decimal("0.01")),
                "paid_amount": None
                if r.paid_amount is None
                else Decimal(str(r.paid_amount)).quantize(Decimal("0.01")),
                "state": r.state,
                "prepared_by": r.prepared_by,
                "approved_by": r.approved_by,
                "override": r.override_by is not None,
                "override_by": r.override_by,
                "override_reason": r.override_reason,
                "reason": r.reason,
                "attached_on": figures_of._day(r.attached_on),
            }
            for r in uow.connection.execute(query).all()
        ]


def claim_history(connection: Connection, claim_ids: Sequence[int]) -> list[dict[str, Any]]:
    if not claim_ids:
        return []
    t = ClaimTransition
    rows = connection.execute(
        select(
            t.claim_id, t.from_state, t.to_state, t.trigger, t.actor, t.actor_roles, t.at, t.reason
        )
        .where(t.claim_id.in_(list(claim_ids)))
        .order_by(t.claim_id, t.id)
    ).all()
    return [
        {
            "claim_id": int(r.claim_id),
            "from": r.from_state,
            "to": r.to_state,
            "trigger": r.trigger,
            "actor": r.actor,
            "roles": r.actor_roles,
            "at": r.at,
            "reason": r.reason,
        }
        for r in rows
    ]


@dataclass(frozen=True)
class Explanation:
    household_ref: str
    phase: str
    attached_on: dt.date
    as_of: dt.date
    identified: tuple[str, ...]
    assessment: Assessment
    evidence: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "household_ref": self.household_ref,
            "phase": self.phase,
            "attached_on": self.attached_on.strftime("%d/%m/%Y"),
            "as_of": self.as_of.strftime("%d/%m/%Y"),
            "identified": list(self.identified),
            **self.assessment.as_dict(),
            "evidence": self.evidence,
        }


def explain(
    household_ref: str,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    catalogue: Catalogue,
    as_of: dt.date | None = None,
    rules_dir: Path | None = None,
) -> Explanation:
    """Each measure of the family's latest baseline, its figure then and now, and the rows."""
    day = as_of or clock.today()
    with uow:
        connection = uow.connection
        household = connection.execute(
            select(Household.id).where(Household.household_ref == household_ref.strip())
        ).scalar()
        if household is None:
            raise HouseholdNotFound.named(household_ref)
        phase = connection.execute(
            select(ClaimBaseline.phase)
            .where(ClaimBaseline.household_id == household)
            .order_by(ClaimBaseline.attached_on.desc(), ClaimBaseline.id.desc())
        ).scalar()
        if phase is None:
            raise ClaimRefused(
                f"Household {household_ref} has no baseline: it has not been attached (no "
                "champion allocated), or its baseline has not been taken yet."
            )
        results = shipped(str(phase), rules_dir)
        found = judge(
            connection, str(phase), day, catalogue, results, household_ids=[int(household)]
        )
        if not found:
            raise ClaimRefused(f"Household {household_ref} was attached after {day:%d/%m/%Y}.")
        audit.record(
            connection,
            actor=actor,
            action="claims.explain",
            entity_type="household",
            entity_id=household_ref,
            purpose="claim evidence",
        )
        uow.commit()
    judged = found[0]
    return Explanation(
        household_ref=household_ref.strip(),
        phase=str(phase),
        attached_on=judged.attached_on,
        as_of=day,
        identified=judged.identified,
        assessment=judged.assessment,
        evidence=evidence_for(judged),
    )
