"""The finance export of a claim window, the keyworkers' forecast and internal audit's sample.

The export is a workbook and a CSV file, written through ``workflow.exports`` (the one safe
writer: text a spreadsheet could run gets the quote-prefix style; numbers stay numbers):

- **Summary**: the window, and the claims and their total by outcome type; overrides
  apart; the total, which equals the sum of the claim rows and the window's total in the
  database (the export checks it before writing);
- **Claims**: one row per claim: the family's reference, what was claimed, the measures
  met, the attachment date, the amount and where the evidence is;
- **Evidence**: the partner rows behind each result (file, sheet, the row the sender sees);
- **Overrides**: senior managers' "equivalent progress" claims and their reasons.

It carries what a claim needs, not the family's record: no names, no police intelligence
(gangs matrix or IOM rows), no case notes.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select, update

from eligibility.catalogue import Catalogue
from workflow import audit
from workflow.access.policy import Action, require
from workflow.claims.loading import shipped
from workflow.claims.money import pounds
from workflow.claims.service import (
    ClaimRefused,
    WindowNotApproved,
    claim_history,
    judge,
    window_view,
)
from workflow.clock import Clock
from workflow.db.models import Claim, ClaimBaseline, ClaimWindow, Household
from workflow.exports import DATE, DATETIME, INTEGER, MONEY, Column, Workbook, write_csv
from workflow.principal import Principal
from workflow.templates import POLICE_LIST_KINDS
from workflow.uow import UnitOfWork

ZERO = Decimal("0.00")
OUTCOME_WORDS = {
    "attachment": "Attachment fee",
    "crime_asb_education": "Crime, anti-social behaviour and education",
    "continuous_employment": "Continuous employment",
    "sustained_progress": "Significant and sustained progress",
    "outcomes_sustained": "Every need has a positive outcome, sustained",
}
CLAIM_COLUMNS = [
    Column("Claim", kind=INTEGER, width=8),
    Column("Family reference", width=16),
    Column("Claimed for", width=40),
    Column("Criteria met", width=50, wrap=True),
    Column("Attached on", kind=DATE, width=12),
    Column("Amount", kind=MONEY, width=12),
    Column("Status", width=16),
    Column("Prepared by", width=12),
    Column("Approved by", width=12),
    Column("Equivalent progress", width=12),
    Column("Evidence", width=50, wrap=True),
]
EVIDENCE_COLUMNS = [
    Column("Claim", kind=INTEGER, width=8),
    Column("Family reference", width=16),
    Column("Figure", width=30),
    Column("Baseline or now", width=10),
    Column("Partner file", width=36),
    Column("Sheet", width=16),
    Column("Row", kind=INTEGER, width=8),
    Column("Date", kind=DATE, width=12),
    Column("What the row says", width=50, wrap=True),
]
OVERRIDE_COLUMNS = [
    Column("Claim", kind=INTEGER, width=8),
    Column("Family reference", width=16),
    Column("Claimed for", width=40),
    Column("Amount", kind=MONEY, width=12),
    Column("Senior manager", width=14),
    Column("Reason", width=60, wrap=True),
]


def _words(outcome: str) -> str:
    return OUTCOME_WORDS.get(outcome, outcome.replace("_", " ").capitalize())


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _safe_evidence(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows a claim relies on, without police intelligence."""
    return [r for r in rows if r.get("kind") not in POLICE_LIST_KINDS]


@dataclass(frozen=True)
class ExportReport:
    window_id: int
    workbook: Path
    csv: Path
    claims: int
    total: Decimal
    overrides: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "window_id": self.window_id,
            "workbook": str(self.workbook),
            "csv": str(self.csv),
            "claims": self.claims,
            "total": str(self.total),
            "overrides": self.overrides,
        }


def _claim_rows(connection: Connection, window_id: int) -> list[Any]:
    return list(
        connection.execute(
            select(
                Claim.id,
                Household.household_ref,
                Claim.kind,
                Claim.outcome,
                Claim.amount,
                Claim.state,
                Claim.prepared_by,
                Claim.approved_by,
                Claim.override_by,
                Claim.override_reason,
                Claim.assessment,
                Claim.evidence,
                ClaimBaseline.attached_on,
            )
            .join(Household, Household.id == Claim.household_id)
            .join(ClaimBaseline, ClaimBaseline.id == Claim.baseline_id)
            .where(Claim.window_id == window_id, Claim.state != "rejected")
            .order_by(Household.household_ref, Claim.kind, Claim.id)
        ).all()
    )


def export_window(
    window_id: int, folder: Path, *, uow: UnitOfWork, clock: Clock, actor: Principal
) -> ExportReport:
    """Write the window's finance workbook and CSV into ``folder``; refused unless every
    claim in it is approved (or further)."""
    require(actor, Action.READ_CLAIMS)
    with uow:
        connection = uow.connection
        view = window_view(connection, window_id)
        if not view.approved:
            raise WindowNotApproved(
                f"Window {window_id} cannot be exported: its claims are not all approved yet "
                "(tfe claims window approve)."
            )
        claims = _claim_rows(connection, window_id)
        total = sum((Decimal(str(c.amount)) for c in claims), ZERO).quantize(ZERO)
        if total != view.total:  # the rows must reconcile with the database's total
            raise ClaimRefused(
                f"The claims add up to {pounds(total)}, not the window's {pounds(view.total)}: "
                "someone changed them while exporting. Export again."
            )
        stem = f"claim-window-{window_id}"
        workbook = folder / f"{stem}.xlsx"
        csv_path = folder / f"{stem}.csv"
        rows = [_claim_row(c) for c in claims]
        overrides = [c for c in claims if c.override_by is not None]
        with Workbook(workbook) as book:
            summary = book.sheet(
                "Summary",
                [
                    Column("Item", width=44, bold=True),
                    Column("Claims", kind=INTEGER, width=10),
                    Column("Amount", kind=MONEY, width=16),
                ],
            )
            summary.rows(_summary(view, claims, clock.now()))
            book.sheet("Claims", CLAIM_COLUMNS, freeze_columns=2, autofilter=True).rows(rows)
            book.sheet("Evidence", EVIDENCE_COLUMNS, freeze_columns=2, autofilter=True).rows(
                [
                    [
                        c.id,
                        c.household_ref,
                        e.get("fact"),
                        e.get("when"),
                        e.get("file_name"),
                        e.get("sheet"),
                        e.get("source_row"),
                        _date(e.get("date")),
                        e.get("detail"),
                    ]
                    for c in claims
                    for e in _safe_evidence(c.evidence)
                ]
            )
            book.sheet("Overrides", OVERRIDE_COLUMNS, freeze_columns=2).rows(
                [
                    [
                        c.id,
                        c.household_ref,
                        _words(c.outcome),
                        Decimal(str(c.amount)),
                        c.override_by,
                        c.override_reason,
                    ]
                    for c in overrides
                ]
            )
        write_csv(csv_path, CLAIM_COLUMNS, rows)
        connection.execute(
            update(ClaimWindow).where(ClaimWindow.id == window_id).values(export_path=str(workbook))
        )
        audit.record(
            connection,
            actor=actor,
            action="claims.window.export",
            entity_type="claim_window",
            entity_id=window_id,
            detail={"claims": len(claims), "total": str(total)},
        )
        uow.commit()
    return ExportReport(window_id, workbook, csv_path, len(claims), total, len(overrides))


def _claim_row(c: Any) -> list[Any]:
    measures = [
        m["title"]
        for m in (c.assessment or {}).get("measures", [])
        if m["verdict"] in ("met", "not relevant")
    ]
    evidence = _safe_evidence(c.evidence)
    refs = sorted(
        {f"{e.get('file_name')} / {e.get('sheet')} row {e.get('source_row')}" for e in evidence}
    )
    return [
        c.id,
        c.household_ref,
        _words(c.outcome),
        "; ".join(measures) if c.kind == "result" else "Attached to the programme",
        _date(c.attached_on),
        Decimal(str(c.amount)),
        str(c.state).replace("_", " "),
        c.prepared_by,
        c.approved_by,
        "Yes" if c.override_by else "No",
        "; ".join(refs),
    ]


def _summary(view: Any, claims: Sequence[Any], now: dt.datetime) -> list[list[Any]]:
    rows: list[list[Any]] = [
        [f"Claim window {view.id}: {view.name}", None, None],
        [f"Programme phase: {view.phase}", None, None],
        [f"From {view.opens_on:%d/%m/%Y} to {view.closes_on:%d/%m/%Y}", None, None],
        [f"Written {now:%d/%m/%Y %H:%M} (UTC)", None, None],
    ]
    by: dict[tuple[bool, str], list[Decimal]] = {}
    for c in claims:
        by.setdefault((c.override_by is not None, c.outcome), []).append(Decimal(str(c.amount)))
    for (override, outcome), amounts in sorted(by.items()):
        label = _words(outcome) + (" (equivalent progress)" if override else "")
        rows.append([label, len(amounts), sum(amounts, ZERO)])
    rows.append(["Total", len(claims), sum((Decimal(str(c.amount)) for c in claims), ZERO)])
    return rows


# --- the forecast -----------------------------------------------------------------------


def forecast(
    phase: str,
    as_of: dt.date,
    *,
    uow: UnitOfWork,
    actor: Principal,
    catalogue: Catalogue,
    rules_dir: Path | None = None,
) -> list[dict[str, Any]]:
    """The keyworkers' worklist: each attached family not yet claimed, judged as at
    ``as_of`` (the next window's close), and what stands between it and a result."""
    require(actor, Action.READ_CLAIMS)
    results = shipped(phase, rules_dir)
    with uow:
        connection = uow.connection
        claimed = {
            int(h)
            for (h,) in connection.execute(
                select(Claim.household_id).where(
                    Claim.phase == phase, Claim.kind == "result", Claim.state != "rejected"
                )
            )
        }
        judged = judge(connection, phase, as_of, catalogue, results)
        audit.record(
            connection,
            actor=actor,
            action="claims.forecast",
            entity_type="claims",
            detail={"phase": phase, "families": len(judged)},
        )
        uow.commit()
    out = []
    for family in judged:
        if family.household_id in claimed:
            continue
        missing = [m for m in family.assessment.measures if not m.verdict.counts_as_met]
        out.append(
            {
                "household_ref": family.household_ref,
                "attached_on": family.attached_on,
                "likely": family.assessment.outcome,
                "missing": [f"{m.title}: {m.why}" for m in missing],
            }
        )
    return sorted(out, key=lambda f: (f["likely"] is None, f["household_ref"]))


# --- the audit sample -------------------------------------------------------------------


def audit_sample(
    window_id: int,
    size: int,
    seed: int,
    folder: Path,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
) -> tuple[list[int], Path]:
    """A reproducible random sample of a submitted window's claims (the same seed gives the
    same sample) and their evidence packs: measures, rows and history, as a workbook."""
    require(actor, Action.READ_CLAIMS)
    if size < 1:
        raise ClaimRefused("A sample needs at least 1 claim.")
    with uow:
        connection = uow.connection
        view = window_view(connection, window_id)
        if not view.by_state.get("submitted") and not view.by_state.get("paid"):
            raise ClaimRefused(
                f"Window {window_id} has no submitted claims: a sample is drawn from a "
                "submitted window."
            )
        claims = [c for c in _claim_rows(connection, window_id) if c.state in ("submitted", "paid")]
        ordered = sorted(c.id for c in claims)
        chosen = sorted(random.Random(seed).sample(ordered, min(size, len(ordered))))
        picked = [c for c in claims if c.id in set(chosen)]
        history = claim_history(connection, chosen)
        path = folder / f"claim-window-{window_id}-sample-seed-{seed}.xlsx"
        with Workbook(path) as book:
            book.sheet("Sample", CLAIM_COLUMNS, freeze_columns=2).rows(
                [_claim_row(c) for c in picked]
            )
            book.sheet(
                "Measures",
                [
                    Column("Claim", kind=INTEGER, width=8),
                    Column("Measure", width=40),
                    Column("Verdict", width=14),
                    Column("Baseline", width=40),
                    Column("Now", width=40),
                    Column("Why", width=60, wrap=True),
                ],
                freeze_columns=1,
            ).rows(
                [
                    [c.id, m["title"], m["verdict"], m["baseline"], m["now"], m["why"]]
                    for c in picked
                    for m in (c.assessment or {}).get("measures", [])
                ]
            )
            book.sheet("Evidence", EVIDENCE_COLUMNS, freeze_columns=2).rows(
                [
                    [
                        c.id,
                        c.household_ref,
                        e.get("fact"),
                        e.get("when"),
                        e.get("file_name"),
                        e.get("sheet"),
                        e.get("source_row"),
                        _date(e.get("date")),
                        e.get("detail"),
                    ]
                    for c in picked
                    for e in _safe_evidence(c.evidence)
                ]
            )
            book.sheet(
                "History",
                [
                    Column("Claim", kind=INTEGER, width=8),
                    Column("From", width=16),
                    Column("To", width=16),
                    Column("Move", width=16),
                    Column("Who", width=12),
                    Column("Roles", width=20),
                    Column("When", kind=DATETIME, width=18),
                    Column("Why", width=50, wrap=True),
                ],
            ).rows(
                [
                    [
                        h["claim_id"],
                        h["from"],
                        h["to"],
                        h["trigger"],
                        h["actor"],
                        h["roles"],
                        h["at"],
                        h["reason"],
                    ]
                    for h in history
                ]
            )
        audit.record(
            connection,
            actor=actor,
            action="claims.sample",
            entity_type="claim_window",
            entity_id=window_id,
            detail={"seed": seed, "size": len(chosen), "drawn_on": clock.today().isoformat()},
        )
        uow.commit()
    return chosen, path
