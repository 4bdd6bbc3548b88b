"""The demo's claim stage: a claim window for the synthetic borough, built, approved by a
second person (finance), exported, and scored against the ground truth.

Families are claimed under the phase in force when their work began: the borough's data
runs to 31/08/2026, under Supporting Families 2022. The window covers the last months of
the data; its claims are prepared by the demo (a system job) and checked and approved by
the finance officer FIN001, so the preparer is never the approver.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

if TYPE_CHECKING:
    from tfe.commands.demo import DemoRun

PHASE = "supporting-families-2022"
FINANCE = "FIN001"


def claim(run: DemoRun) -> dict[str, Any]:
    from synth.scoring.claims import compare_claims, expected_claims
    from tfe.commands.demo import DEMO, DEMO_AS_OF
    from workflow.claims.export import export_window
    from workflow.claims.service import (
        approve_window,
        build_window,
        list_claims,
        list_windows,
        open_window,
        snapshot_baselines,
    )
    from workflow.screening.service import load_rules
    from workflow.staff import principal_for

    container, settings = run.container, run.settings
    catalogue = load_rules(settings)
    rules_dir = settings.effective_rules_dir
    baselines = snapshot_baselines(
        uow=container.uow(),
        clock=container.clock,
        actor=DEMO,
        catalogue=catalogue,
        rules_dir=rules_dir,
    )
    opens, closes = dt.date(2026, 4, 1), DEMO_AS_OF
    existing = [w for w in list_windows(container.uow()) if w.closes_on == closes]
    if existing:
        window_id = existing[0].id
    else:
        window_id = open_window(
            "Demo window, summer 2026",
            PHASE,
            opens,
            closes,
            uow=container.uow(),
            clock=container.clock,
            actor=DEMO,
            rules_dir=rules_dir,
        ).id
    built = build_window(
        window_id,
        uow=container.uow(),
        clock=container.clock,
        actor=DEMO,
        catalogue=catalogue,
        rules_dir=rules_dir,
    )
    finance = principal_for(container.uow(), FINANCE)
    from workflow.pathway.catalogue import council_pathways

    approved = approve_window(
        window_id,
        uow=container.uow(),
        clock=container.clock,
        actor=finance,
        pathways=council_pathways(settings),
    )
    exported = export_window(
        window_id,
        settings.reports_dir / "claims",
        uow=container.uow(),
        clock=container.clock,
        actor=finance,
    )
    with container.uow() as uow:
        connection = uow.connection
        attached = {
            str(ref): _day(day)
            for ref, day in connection.execute(
                text(
                    "SELECT h.household_ref, b.attached_on FROM claim_baselines b "
                    "JOIN households h ON h.id = b.household_id WHERE b.phase = :phase"
                ),
                {"phase": PHASE},
            )
        }
        closed = {
            str(ref): _day(effective if effective is not None else at)
            for ref, effective, at in connection.execute(
                text(
                    "SELECT h.household_ref, t.effective_on, t.at FROM household_transitions t "
                    "JOIN households h ON h.id = t.household_id WHERE t.trigger = 'close'"
                )
            )
        }
    claimed = {
        c["household_ref"]: c["outcome"]
        for c in list_claims(container.uow())
        if c["kind"] == "result" and c["phase"] == PHASE and c["state"] != "rejected"
    }
    truth = expected_claims(PHASE, closes, attached, closed, run.borough_dir / "ground_truth")
    found, earned, differences = compare_claims(truth, claimed)
    return {
        "window_id": window_id,
        "baselines": baselines.as_dict(),
        "build": built.as_dict(),
        "approved": approved.moved,
        "approved_by": FINANCE,
        "export": exported.as_dict(),
        "truth": {
            "earned": earned,
            "claimed": len(claimed),
            "found": found,
            "differences": [d.as_dict() for d in differences],
            "why_not": dict(Counter(e.why for e in truth.values() if e.outcome is None)),
        },
    }


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def summary_lines(result: dict[str, Any]) -> list[str]:
    truth, export = result["truth"], result["export"]
    lines = [
        f"  Claims: window {result['window_id']} built ({result['build']['results']:,} results, "
        f"{result['build']['attachments']:,} attachment fees), approved by {result['approved_by']} "
        f"(a second person), exported: {export['workbook']}",
        f"    against the ground truth: {truth['found']:,} of {truth['earned']:,} families "
        f"earned were claimed; {len(truth['differences']):,} differences",
    ]
    for difference in truth["differences"][:5]:
        lines.append(
            f"      {difference['household_ref']}: expected {difference['expected'] or 'none'}, "
            f"claimed {difference['claimed'] or 'none'} ({difference['why']})"
        )
    return lines
