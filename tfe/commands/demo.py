"""``tfe demo``: the main job, end to end, on the embedded database.

Each capability adds its stage to ``STAGES`` as it comes to exist; the summary lists the
stages that ran and, honestly, those not built yet.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer

from imports.prefect_runtime import PrefectRuntime
from tfe.commands.common import (
    DatabaseUrlOption,
    DataDirOption,
    JsonOption,
    export_settings,
    resolve_settings,
    safe_url,
)
from tfe.output import emit_json, out, progress_bar
from workflow.bootstrap import Container, build
from workflow.db.migrate import current_revision, upgrade
from workflow.domain.vocabulary import RunTrigger
from workflow.principal import Principal, SystemJob
from workflow.settings import Settings

DEMO = Principal.system(SystemJob.DEMO)


@dataclass
class DemoRun:
    settings: Settings
    container: Container
    households: int
    seed: int
    progress: Callable[[str, int, int], None]
    borough_dir: Path = Path()
    results: dict[str, dict[str, Any]] = field(default_factory=dict)


def _migrate(run: DemoRun) -> dict[str, Any]:
    upgrade(run.container.engine)
    return {
        "database": safe_url(run.settings.effective_database_url),
        "revision": current_revision(run.container.engine),
    }


def _generate(run: DemoRun) -> dict[str, Any]:
    from synth import generate

    summary = generate(run.households, run.seed, run.borough_dir, progress=run.progress)
    return {
        "households": summary.households,
        "people": summary.people,
        "workbooks": len(summary.files),
        "rows": sum(summary.rows_by_kind.values()),
        "folder": str(run.borough_dir),
        "ground_truth": str(summary.ground_truth_dir),
    }


def _import(run: DemoRun) -> dict[str, Any]:
    """Import the whole delivery as Prefect flow runs on this process's Prefect server."""
    from imports.flows import import_delivery

    # The borough's police lists are as at its last day, as a real delivery's would be.
    summaries = import_delivery(
        str(run.borough_dir), submitted_by="demo", list_date=DEMO_AS_OF.isoformat()
    )
    by_kind: dict[str, dict[str, int]] = {}
    for s in summaries:
        totals = by_kind.setdefault(
            s["kind"], {"files": 0, "unchanged": 0, "loaded": 0, "rejected": 0, "unlinked": 0}
        )
        totals["files"] += 1
        totals["unchanged"] += s["status"] == "unchanged"  # imported before, nothing changed
        totals["loaded"] += s["rows_loaded"]
        totals["rejected"] += s["rows_rejected"]
        totals["unlinked"] += s["rows_unlinked"]
    return {
        "files": len(summaries),
        "accepted": sum(1 for s in summaries if s["accepted"]),
        "unchanged": sum(t["unchanged"] for t in by_kind.values()),
        "rows_loaded": sum(t["loaded"] for t in by_kind.values()),
        "rows_rejected": sum(t["rejected"] for t in by_kind.values()),
        "by_kind": by_kind,
        "reports": sorted(s["report_path"] for s in summaries if s["report_path"]),
    }


DEMO_AS_OF = dt.date(2026, 8, 31)  # the last day of the synthetic borough's data


def _match(run: DemoRun) -> dict[str, Any]:
    """Match the police lists and the partner rows the importer could not link (the
    import flow already ran matching after the delivery) and score the links against the
    borough's ground truth."""
    from imports.linkage import match_lists
    from synth.scoring.matching import score_matching, score_partner_rows
    from workflow.screening.service import load_rules

    container, settings = run.container, run.settings
    report = match_lists(
        uow=container.uow(),
        clock=container.clock,
        actor=DEMO,
        catalogue=load_rules(settings),
        model_dir=settings.model_dir,
        trigger=RunTrigger.DEMO,
        progress=run.progress,
    )
    png = settings.reports_dir / "matching-precision-recall.png"
    truth = run.borough_dir / "ground_truth"
    evaluation = score_matching(
        truth, uow=container.uow(), actor=DEMO, model_dir=settings.model_dir, png=png
    )
    partner_rows = score_partner_rows(container.uow(), truth)
    return {
        "run": report.as_dict(),
        "evaluation": evaluation.as_dict() | {"curve": None},
        "partner_rows": partner_rows.as_dict(),
    }


def _screen(run: DemoRun) -> dict[str, Any]:
    """Screen under every rule set; only the one in force moves households along."""
    from workflow.screening.compare import compare_rulesets
    from workflow.screening.service import load_rules, screen_households

    container = run.container
    rules = load_rules(run.settings)
    reports = {}
    for ruleset in rules.all():
        report = screen_households(
            uow=container.uow(),
            ruleset_id=ruleset.id,
            as_of=DEMO_AS_OF,
            trigger=RunTrigger.DEMO,
            progress=run.progress,
            clock=container.clock,
            actor=DEMO,
            catalogue=rules,
        )
        reports[ruleset.id] = report.as_dict()
    ids = [ruleset.id for ruleset in rules.all()]
    comparisons = [
        compare_rulesets(
            a,
            b,
            uow=container.uow(),
            clock=container.clock,
            actor=DEMO,
            catalogue=rules,
            as_of=DEMO_AS_OF,
        ).as_dict()
        for a, b in zip(ids, ids[1:], strict=False)
    ]
    example = next((r for r in reports.values() if r["lifecycle"] and r["eligible"]), None)
    return {
        "as_of": DEMO_AS_OF.isoformat(),
        "rulesets": reports,
        "comparisons": comparisons,
        "in_force": example["ruleset_id"] if example else None,
    }


def _allocate(run: DemoRun) -> dict[str, Any]:
    from tfe.commands.demo_heart import allocate

    return allocate(run)


def _move(run: DemoRun) -> dict[str, Any]:
    from tfe.commands.demo_heart import move_along

    return move_along(run)


def _claim(run: DemoRun) -> dict[str, Any]:
    from tfe.commands.demo_claims import claim

    return claim(run)


def _accounts(run: DemoRun) -> dict[str, Any]:
    from tfe.commands.demo_accounts import make_sign_ins

    return make_sign_ins(run)


# (name, what it does, the function) — in the order the main job runs them.
STAGES: list[tuple[str, str, Callable[[DemoRun], dict[str, Any]]]] = [
    ("migrate", "Prepare the database", _migrate),
    ("generate", "Generate a synthetic borough", _generate),
    ("import", "Import the partner spreadsheets (Prefect flows)", _import),
    ("match", "Match the police lists and unlinked partner rows (Splink)", _match),
    ("screen", "Screen every household under the three rule sets", _screen),
    ("allocate", "Allocate champions to the eligible families (one reviewed proposal)", _allocate),
    ("move", "Move the families along their pathways, from the day their work began", _move),
    ("claim", "Build, approve (as a second person) and export a claim window", _claim),
    ("accounts", "Make a sign-in for each role (demo database only)", _accounts),
]

# Stages of the main job that later capabilities will add (see docs/architecture.md).
NOT_BUILT_YET: list[str] = []


def demo(
    households: Annotated[
        int, typer.Option("--households", "-n", help="Households in the synthetic borough.")
    ] = 5000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed for the synthetic borough.")] = 1,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
    serve: Annotated[
        bool,
        typer.Option(
            "--serve",
            help="Then serve the web app (http://127.0.0.1:8000) until stopped with Ctrl+C.",
        ),
    ] = False,
) -> int:
    """Run the main job end to end on a synthetic borough and print what it did (with
    --serve, then serve the web app and API on it, with a sign-in for each role)."""
    settings = resolve_settings(data_dir, database_url)
    export_settings(settings)
    # Flow-run chatter would drown the demo's own summary; warnings still show.
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    container = build(settings)
    started = time.perf_counter()
    try:
        with (
            PrefectRuntime(settings.data_dir / "prefect", worker=False),
            progress_bar(enabled=not json) as progress,
        ):
            run = DemoRun(settings, container, households, seed, progress)
            run.borough_dir = settings.data_dir / "borough"
            for name, description, stage in STAGES:
                if not json:
                    out.print(f"[bold]{description}[/bold]")
                run.results[name] = stage(run)
    finally:
        container.close()
    seconds = round(time.perf_counter() - started, 1)
    if json:
        emit_json({"stages": run.results, "not_built_yet": NOT_BUILT_YET, "seconds": seconds})
    else:
        _print_summary(run, seconds, serving=serve)
    if serve:
        from tfe.commands.serve import serve as serve_app

        return serve_app(data_dir=settings.data_dir, database_url=database_url)
    return 0


def _print_summary(run: DemoRun, seconds: float, *, serving: bool = False) -> None:
    migrate, generate = run.results["migrate"], run.results["generate"]
    out.print()
    out.print(f"[bold]Demo finished in {seconds} s[/bold]")
    out.print(f"  Database: {migrate['database']} (schema revision {migrate['revision']})")
    out.print(
        f"  Synthetic borough: {generate['households']:,} households, "
        f"{generate['people']:,} people, {generate['rows']:,} partner rows "
        f"in {generate['workbooks']} workbooks in {generate['folder']}"
    )
    out.print(f"  Ground truth: {generate['ground_truth']}")
    _print_import(run.results["import"])
    _print_match(run.results["match"])
    _print_screening(run.results["screen"])
    _print_allocation(run.results["allocate"])
    _print_moves(run.results["move"])
    from tfe.commands.demo_claims import summary_lines

    for line in summary_lines(run.results["claim"]):
        out.print(line)
    if NOT_BUILT_YET:
        later = "; ".join(NOT_BUILT_YET)
        out.print(f"  Not built yet (later stages of the main job): {later}.")
    _print_next_steps(run)
    if not serving:  # tfe serve prints the sign-ins itself as it starts
        _print_sign_ins(run)


def _print_sign_ins(run: DemoRun) -> None:
    found = run.results["accounts"]["sign_ins"]
    if not found:
        return
    data = run.settings.data_dir
    out.print()
    out.print(
        f"[bold]Serve it:[/bold] tfe serve --data-dir {data}, then open http://127.0.0.1:8000"
    )
    out.print("  Sign in as (demo database only; also in " + run.results["accounts"]["file"] + "):")
    from tfe.commands.demo_accounts import line

    for s in found:
        out.print(line(s))


def _print_import(imported: dict[str, Any]) -> None:
    unchanged, files = imported["unchanged"], imported["files"]
    if unchanged and unchanged == imported["accepted"]:  # the same borough as last time
        not_loaded = files - unchanged
        out.print(
            f"  Imported nothing new: {unchanged} of {files} files were already imported and "
            "have not changed, so nothing was loaded again"
            + (f"; {not_loaded} not loaded" if not_loaded else "")
        )
    else:
        out.print(
            f"  Imported {imported['accepted']} of {files} files as Prefect flow runs: "
            f"{imported['rows_loaded']:,} rows loaded, {imported['rows_rejected']:,} rows "
            "rejected (the generator makes a few bad rows on purpose)"
        )
        if unchanged:
            out.print(f"    {unchanged} of them were already imported and have not changed")
        for kind, totals in imported["by_kind"].items():
            if totals["unchanged"] == totals["files"]:
                continue
            out.print(
                f"    {kind:<24} {totals['loaded']:>9,} loaded {totals['rejected']:>6,} rejected "
                f"{totals['unlinked']:>7,} not linked to a person yet"
            )
    if imported["reports"]:
        out.print(f"  Error reports for the senders: {Path(imported['reports'][0]).parent}")


def _print_match(match: dict[str, Any]) -> None:
    report, overall = match["run"], match["evaluation"]["overall"]
    out.print(
        f"  Matched the police lists and partner rows with model v{report['model_version']}: "
        f"linked by matching {report['linked'] + report['kept']:,}, "
        f"waiting for review {report['to_review']:,} (tfe match review)"
    )
    out.print(
        f"    against the ground truth: precision {overall['precision']:.3f}, recall "
        f"{overall['recall']:.3f} over {overall['nominals']:,} nominals "
        f"(curve: {match['evaluation']['curve_png']})"
    )
    rows = match["partner_rows"]
    out.print(
        f"    partner rows the importer could not link: {rows['correct']:,} of "
        f"{rows['in_register']:,} about people in the register now linked, precision "
        f"{rows['precision']:.3f}, recall {rows['recall']:.3f}; "
        f"{rows['open_rows'] - rows['in_register']:,} rows about people from outside the "
        "borough rightly left unlinked"
    )


def _print_screening(screening: dict[str, Any]) -> None:
    as_of = dt.date.fromisoformat(screening["as_of"])
    out.print(f"  Screened every household as at {as_of:%d/%m/%Y}:")
    for report in screening["rulesets"].values():
        moved = (
            f"; {report['newly_eligible']:,} moved to eligible"
            if report["lifecycle"]
            else " (for comparison: this programme has ended, nobody moved)"
        )
        out.print(
            f"    {report['ruleset_title']:<34} {report['eligible']:>7,} eligible "
            f"of {report['households_screened']:,}{moved}"
        )
    for comparison in screening["comparisons"]:
        first, second = comparison["first"], comparison["second"]
        out.print(
            f"    {first['ruleset_id']} vs {second['ruleset_id']}: {comparison['both']:,} under "
            f"both, {len(comparison['only_first']):,} only under the first, "
            f"{len(comparison['only_second']):,} only under the second"
        )
    out.print("  Explain a decision: tfe explain HOUSEHOLD_REF (see the README)")


def _print_allocation(allocation: dict[str, Any]) -> None:
    proposal, applied = allocation["proposal"], allocation["applied"]
    if proposal is None:
        out.print("  Allocated nobody new: no family is waiting for a champion")
        return
    out.print(
        f"  Allocated champions with proposal {proposal['id']} over {proposal['families']:,} "
        f"waiting families (worked out in {proposal['seconds']:.1f} s):"
    )
    for line in allocation["summary"]:
        out.print(f"    {line}")
    out.print(
        f"    applied by the manager: {applied['assigned']:,} families have a champion, each "
        f"from the day its work began; {applied['left_unassigned']:,} held back for the next "
        "allocation meeting"
    )


def _print_moves(moves: dict[str, Any]) -> None:
    if not moves["families"]:
        return
    out.print(f"  Moved {moves['families']:,} families along, each step on the day it happened:")
    steps = ", ".join(
        f"{count:,} {step.replace('_', ' ')}" for step, count in moves["steps"].items()
    )
    out.print(f"    steps: {steps}")
    states = ", ".join(f"{state.replace('_', ' ')} {n:,}" for state, n in moves["states"].items())
    out.print(f"    households by state: {states}")
    tiers = ", ".join(f"{tier} {n:,}" for tier, n in moves["tiers"].items())
    out.print(f"    open families by tier: {tiers}")


def _print_next_steps(run: DemoRun) -> None:
    """One command for each user to try next, with real references from this borough."""
    from tfe.commands.demo_heart import examples

    found = examples(run)
    if not found:
        return
    out.print()
    out.print("[bold]Try next[/bold] (inside the virtualenv; from outside, ./dev tfe …):")
    for who, command in found:
        out.print(f"  {who}: {command}")
