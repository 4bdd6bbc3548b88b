"""``tfe match``, ``tfe match review``, ``tfe match undo`` and ``tfe links``: linking police
lists to the register, and the data officer's review of doubtful pairs."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from imports.linkage import match_lists
from imports.linkage.service import MatchReport
from synth.scoring.matching import (
    Evaluation,
    PartnerRowScores,
    score_matching,
    score_partner_rows,
)
from tfe.commands.common import (
    CLI,
    DatabaseUrlOption,
    DataDirOption,
    JsonOption,
    resolve_settings,
)
from tfe.output import emit_json, out, progress_bar
from workflow.bootstrap import Container, build
from workflow.matching.decisions import decide_pair, undo_link
from workflow.matching.review import household_links, household_reviews, review_queue
from workflow.principal import Principal
from workflow.screening.service import load_rules

app = typer.Typer(
    help="Link the police lists (gangs matrix, IOM cohort) and partner rows no exact key "
    "linked to the person register."
)

ReviewerOption = Annotated[
    str | None,
    typer.Option("--reviewer", help="Who is deciding, for the audit trail (default: your login)."),
]


def _reviewer(name: str | None) -> Principal:
    """Who decides: the --reviewer given, or the login running the command."""
    return Principal.acting(name or getpass.getuser())


def _container(data_dir: Path | None, database_url: str | None) -> Container:
    return build(resolve_settings(data_dir, database_url))


@app.callback(invoke_without_command=True)
def match(
    ctx: typer.Context,
    retrain: Annotated[
        bool, typer.Option("--retrain", help="Train a new model version before matching.")
    ] = False,
    evaluate: Annotated[
        bool,
        typer.Option(
            "--evaluate", help="Score matching against a synthetic borough's ground truth."
        ),
    ] = False,
    ground_truth: Annotated[
        Path | None,
        typer.Option(
            "--ground-truth", help="Ground-truth folder (default: DATA_DIR/borough/ground_truth)."
        ),
    ] = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """Match the police lists' nominals and the partner rows not linked by an exact key
    to the register (or, with --evaluate, score matching against the synthetic borough's
    ground truth)."""
    if ctx.invoked_subcommand is not None:
        return 0
    container = _container(data_dir, database_url)
    settings = container.settings
    catalogue = load_rules(settings)
    try:
        if evaluate:
            truth = ground_truth or settings.data_dir / "borough" / "ground_truth"
            png = settings.reports_dir / "matching-precision-recall.png"
            if retrain:
                match_lists(
                    uow=container.uow(),
                    clock=container.clock,
                    actor=CLI,
                    catalogue=catalogue,
                    model_dir=settings.model_dir,
                    retrain=True,
                )
            evaluation = score_matching(
                truth, uow=container.uow(), actor=CLI, model_dir=settings.model_dir, png=png
            )
            _print_evaluation(evaluation, score_partner_rows(container.uow(), truth), json)
            return 0
        with progress_bar(enabled=not json) as progress:
            report = match_lists(
                uow=container.uow(),
                clock=container.clock,
                actor=CLI,
                catalogue=catalogue,
                model_dir=settings.model_dir,
                retrain=retrain,
                progress=progress,
            )
    finally:
        container.close()
    if json:
        emit_json(report.as_dict())
    else:
        print_report(report)
    return 0


def print_report(report: MatchReport) -> None:
    trained = "trained" if report.trained else "used"
    out.print(
        f"Matched {report.open_nominals:,} people that no exact key linked, of "
        f"{report.nominals:,} named on police lists or in partner rows "
        f"({trained} model v{report.model_version}, {report.seconds:.1f} s):"
    )
    out.print(
        f"  linked: {report.linked:,} new, {report.kept:,} kept; unlinked: {report.unlinked:,}"
    )
    out.print(f"  waiting for review: {report.to_review:,} (see 'tfe match review')")
    if report.note:
        out.print(f"  Note: {report.note}")
    if report.decisions_applied:
        out.print(f"  reviewers' decisions applied: {report.decisions_applied:,}")
    if report.incomplete:
        out.print(
            f"  incomplete identities (matched on what they carry; a link needs stronger "
            f"evidence, otherwise review): {len(report.incomplete):,}"
        )
        for row in report.incomplete[:20]:
            out.print(
                f"    {row['kind']} {row['nominal_ref']} (row {row['row']}): {row['missing']}"
            )
    for note in report.training_notes:
        out.print(f"  Training: {note}")
    for refused in report.refused:
        out.print(
            f"  Not matched: {refused['kind']} {refused['nominal_ref']} (row {refused['row']}): "
            f"{refused['reason']}"
        )
    if report.households_changed:
        out.print(
            f"  households whose links or flags changed: {len(report.households_changed):,}; "
            f"re-screened: {report.rescreened:,}"
        )


def _print_evaluation(evaluation: Evaluation, partner: PartnerRowScores, json: bool) -> None:
    if json:
        emit_json(evaluation.as_dict() | {"partner_rows": partner.as_dict()})
        return
    out.print(
        f"Matching against the ground truth (model v{evaluation.model_version}; link at a match "
        f"weight of {evaluation.upper:g} or more, review from {evaluation.lower:g}):"
    )
    table = Table(
        "List", "Nominals", "Linked", "Right", "Precision", "Recall", "To review", show_edge=False
    )
    rows = [*evaluation.by_kind.items(), ("both", evaluation.overall)]
    for kind, s in rows:
        table.add_row(
            kind,
            f"{s.nominals:,}",
            f"{s.linked:,}",
            f"{s.correct:,}",
            f"{s.precision:.3f}",
            f"{s.recall:.3f}",
            f"{s.to_review:,} ({s.review_share:.1%})",
        )
    out.print(table)
    if evaluation.curve_png:
        out.print(f"Precision–recall curve: {evaluation.curve_png}")
    out.print(
        f"Partner rows the importer could not link (as stored): {partner.open_rows:,}, of "
        f"which {partner.in_register:,} are about people in the register; linked "
        f"{partner.linked:,}, right {partner.correct:,}: precision {partner.precision:.3f}, "
        f"recall {partner.recall:.3f}"
    )


def _side_by_side(pair: dict[str, Any]) -> Table:
    nominal, person = pair["nominal"] or {}, pair["person"] or {}
    weights = {f["field"]: f for f in pair["evidence"].get("fields", [])}
    table = Table(
        "", nominal.get("list", "List"), "Register", "Evidence", "Weight", show_edge=False
    )
    table.add_row("Reference", nominal.get("nominal_ref"), person.get("person_ref"), "", "")
    for field, title in (
        ("forename", "Forename"),
        ("surname", "Surname"),
        ("date_of_birth", "Date of birth"),
        ("postcode", "Postcode"),
    ):
        evidence = weights.get(field, {})
        table.add_row(
            title,
            str(nominal.get(field) or "—"),
            str(person.get(field) or "—"),
            evidence.get("level", ""),
            f"{evidence.get('weight', 0):+.1f}",
        )
    if nominal.get("aliases"):
        table.add_row("Aliases", ", ".join(nominal["aliases"]), "", "", "")
    table.add_row("Household", "", str(person.get("household_ref") or "—"), "", "")
    for adjustment in pair["evidence"].get("adjustments", []):
        table.add_row("", "", "", adjustment["reason"], f"{adjustment['weight']:+.1f}")
    table.add_row("Total", "", "", "match weight", f"{pair['match_weight']:+.1f}", style="bold")
    return table


@app.command("review")
def review(
    reviewer: ReviewerOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """Go through the review queue: each pair side by side; accept, reject or skip."""
    who = _reviewer(reviewer)
    container = _container(data_dir, database_url)
    try:
        pairs = review_queue(uow=container.uow(), actor=who)
        catalogue = load_rules(container.settings)
        if json:
            emit_json({"pairs": pairs})
            return 0
        if not pairs:
            out.print("The review queue is empty.")
            return 0
        counts = {"accept": 0, "reject": 0, "skip": 0}
        for number, pair in enumerate(pairs, start=1):
            out.print(f"\n[bold]Pair {number} of {len(pairs)}[/bold] (review {pair['review_id']})")
            out.print(_side_by_side(pair))
            answer = typer.prompt("Accept, reject, skip or quit? [a/r/s/q]", default="s")
            choice = {"a": "accept", "r": "reject", "s": "skip", "q": "quit"}.get(
                answer.strip().lower()[:1], "skip"
            )
            if choice == "quit":
                break
            if choice != "skip":
                decide_pair(
                    pair["review_id"],
                    choice,
                    uow=container.uow(),
                    clock=container.clock,
                    actor=who,
                    catalogue=catalogue,
                )
            counts[choice] += 1
    finally:
        container.close()
    out.print(
        f"Accepted {counts['accept']}, rejected {counts['reject']}, skipped {counts['skip']}. "
        "Decisions are remembered: a rejected pair never comes back."
    )
    return 0


@app.command("duplicates")
def duplicates(
    threshold: Annotated[
        float,
        typer.Option("--threshold", help="Match weight from which a pair is listed."),
    ] = 10.0,
    output: Annotated[
        Path | None,
        typer.Option("--output", help="Workbook to write (default: data/reports/…)."),
    ] = None,
    reviewer: ReviewerOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """People who look as if they are in the register twice, side by side in a workbook
    for a data officer to check. Nothing is merged or changed."""
    from imports.linkage.dedupe import duplicates_workbook
    from imports.linkage.service import register_duplicates

    container = _container(data_dir, database_url)
    try:
        with progress_bar(enabled=not json) as progress:
            progress("Comparing everyone in the register with everyone else", 0, 1)
            pairs, register = register_duplicates(
                uow=container.uow(), threshold=threshold, actor=_reviewer(reviewer)
            )
            progress("Comparing everyone in the register with everyone else", 1, 1)
        stamp = container.clock.today().isoformat()
        path = output or container.settings.reports_dir / f"register-duplicates-{stamp}.xlsx"
        duplicates_workbook(pairs, register, path)
    finally:
        container.close()
    if json:
        emit_json({"pairs": len(pairs), "people": len(register), "workbook": str(path)})
        return 0
    out.print(
        f"{len(pairs):,} possible duplicate pair(s) among {len(register):,} people "
        f"(match weight {threshold:g} or more). Nothing has been changed."
    )
    table = Table("First", "Second", "Weight", show_edge=False)
    for pair in pairs.head(20).to_dict("records"):
        table.add_row(
            str(pair["person_ref_l"]), str(pair["person_ref_r"]), f"{pair['match_weight']:.1f}"
        )
    if len(pairs):
        out.print(table)
    out.print(f"Both records of each pair, side by side: {path}")
    return 0


@app.command("undo")
def undo(
    link_id: Annotated[int, typer.Argument(help="The link's number, from 'tfe links'.")],
    reason: Annotated[str, typer.Option("--reason", help="Why the link is wrong.")],
    reviewer: ReviewerOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """Undo a link: its flags go, the household is screened again, and it never comes back."""
    container = _container(data_dir, database_url)
    try:
        outcome = undo_link(
            link_id,
            uow=container.uow(),
            clock=container.clock,
            actor=_reviewer(reviewer),
            catalogue=load_rules(container.settings),
            reason=reason,
        )
    finally:
        container.close()
    if json:
        emit_json(outcome)
    else:
        out.print(
            f"Link {link_id} undone; {len(outcome['households_changed'])} household(s) changed, "
            f"{outcome['rescreened']} re-screened."
        )
    return 0


def links(
    household_ref: Annotated[str, typer.Argument(help="The household, e.g. H000123.")],
    reviewer: ReviewerOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """A household's offender and gang flags and its links made by matching, with their
    evidence and who reviewed them, and the pairs about its members waiting for review."""
    container = _container(data_dir, database_url)
    try:
        reader = _reviewer(reviewer)
        found = household_links(household_ref, uow=container.uow(), actor=reader)
        waiting = household_reviews(household_ref, uow=container.uow(), actor=reader)
    finally:
        container.close()
    if json:
        emit_json(found | {"waiting_for_review": waiting})
        return 0
    out.print(f"[bold]Household {household_ref}[/bold]")
    if not found["flags"]:
        out.print("  No police-list flags.")
    for flag in found["flags"]:
        band = ", ".join(
            f"{name} band {flag[key]}"
            for name, key in (("harm", "harm_band"), ("victim", "victim_band"))
            if flag[key] and flag[key] != "zero"
        )
        extra = band or (f"cohort {flag['cohort']}" if flag["cohort"] else "")
        if flag["since"]:
            extra = f"latest proven offence {flag['since']}"
        source = " ".join(v for v in (flag["list"], flag["nominal_ref"]) if v)
        out.print(
            f"  {flag['flag'].replace('_', ' ')}: {flag['person_ref']} is "
            f"{flag['role'].replace('_', ' ')} ({extra}) — {source}, "
            f"linked by {flag['link_method'] or 'an exact key'}"
        )
    for link in found["links"]:
        state = (
            f"undone on {link['undone_on']} by {link['undone_by']}: {link['undo_reason']}"
            if link["undone_on"]
            else "live"
        )
        who = f", reviewed by {link['reviewed_by']}" if link["reviewed_by"] else ""
        weight = f", weight {link['match_weight']:+.1f}" if link["match_weight"] is not None else ""
        out.print(
            f"  Link {link['link_id']}: {link['list']} {link['nominal_ref']} -> "
            f"{link['person_ref']} ({link['method']}{weight}{who}, {link['linked_on']}; {state})"
        )
        for field in link["evidence"].get("fields", []):
            out.print(f"      {field['title']}: {field['level']} ({field['weight']:+.1f})")
    _print_waiting(waiting)
    return 0


def _print_waiting(waiting: list[dict[str, Any]]) -> None:
    if not waiting:
        return
    out.print(
        f"  Waiting for review: {len(waiting)} pair(s) about this household's members "
        "(decide them with 'tfe match review'):"
    )
    for pair in waiting:
        out.print(
            f"    Review {pair['review_id']}: {pair['list']} {pair['nominal_ref']} and "
            f"{pair['person_ref']} (weight {pair['match_weight']:+.1f}, "
            f"waiting since {pair['waiting_since']})"
        )
