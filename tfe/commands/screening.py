"""``tfe screen``, ``tfe explain`` and ``tfe rules``: eligibility for early help managers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from eligibility import RuleSet, check_file, load_catalogue
from tfe.commands.common import (
    CLI,
    DatabaseUrlOption,
    DataDirOption,
    JsonOption,
    parse_uk_date,
    resolve_settings,
)
from tfe.errors import Refused
from tfe.output import emit_json, out, progress_bar
from workflow.bootstrap import build
from workflow.screening.compare import compare_rulesets
from workflow.screening.explaining import explain_household
from workflow.screening.service import ScreeningReport, load_rules, screen_households

RulesetOption = Annotated[
    str | None,
    typer.Option("--ruleset", help="Rule set id (default: TFE_RULESET, see 'tfe rules list')."),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="Screen as at this date, dd/mm/yyyy (default: today)."),
]

rules_app = typer.Typer(help="The programme's rule sets: list, check and compare them.")


def _as_of(text: str | None) -> dt.date | None:
    return None if text is None else parse_uk_date(text, "--as-of")


def screen(
    ruleset: RulesetOption = None,
    as_of: AsOfOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """Screen every household against a rule set, store the decisions and move the eligible."""
    date = _as_of(as_of)
    settings = resolve_settings(data_dir, database_url)
    container = build(settings)
    try:
        with progress_bar(enabled=not json) as progress:
            report = screen_households(
                uow=container.uow(),
                clock=container.clock,
                actor=CLI,
                catalogue=load_rules(settings),
                ruleset_id=ruleset or settings.ruleset,
                as_of=date,
                progress=progress,
            )
    finally:
        container.close()
    if json:
        emit_json(report.as_dict())
    else:
        print_report(report)
    return 0


def print_report(report: ScreeningReport) -> None:
    out.print(
        f"Screened {report.households_screened:,} households under {report.ruleset_title} "
        f"({report.ruleset_id} v{report.ruleset_version}) as at {report.as_of:%d/%m/%Y} "
        f"in {report.seconds:.1f} s."
    )
    table = Table("Criterion", "Households meeting it", show_edge=False)
    for criterion in report.criteria:
        table.add_row(f"{criterion.title} ({criterion.id})", f"{criterion.households:,}")
    table.add_row("Eligible", f"{report.eligible:,}", style="bold")
    out.print(table)
    if report.note:
        out.print(report.note)
    if report.lifecycle:
        out.print(
            f"{report.newly_eligible:,} households newly eligible; "
            f"{report.no_longer_meeting:,} flagged as no longer meeting the criteria "
            f"(not closed: a manager decides); {report.meeting_again:,} meet them again."
        )


def explain(
    household_ref: Annotated[str, typer.Argument(help="The household's reference, e.g. H000123.")],
    ruleset: RulesetOption = None,
    as_of: AsOfOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """Explain a household's decision: each criterion, met or not, with the evidence rows."""
    settings = resolve_settings(data_dir, database_url)
    container = build(settings)
    try:
        explanation = explain_household(
            household_ref,
            uow=container.uow(),
            clock=container.clock,
            actor=CLI,
            catalogue=load_rules(settings),
            default_ruleset=settings.ruleset,
            ruleset_id=ruleset,
            as_of=_as_of(as_of),
        )
    finally:
        container.close()
    if json:
        emit_json(explanation.as_dict())
    else:
        for line in explanation.lines():
            out.print(line, markup=False)
    return 0


@rules_app.command("list")
def rules_list(
    data_dir: DataDirOption = None,
    json: JsonOption = False,
) -> int:
    """List the rule sets: the shipped ones and the council's own, with any local changes."""
    settings = resolve_settings(data_dir)
    rulesets = load_rules_for(settings.effective_rules_dir)
    if json:
        emit_json(
            {
                "rulesets": [
                    {
                        "id": r.id,
                        "version": r.version,
                        "title": r.title,
                        "programme": r.programme,
                        "effective_from": r.effective_from.isoformat(),
                        "effective_to": r.effective_to.isoformat() if r.effective_to else None,
                        "hash": r.content_hash,
                        "files": list(r.files),
                        "default": r.id == settings.ruleset,
                    }
                    for r in rulesets
                ]
            }
        )
        return 0
    for r in rulesets:
        until = f"{r.effective_to:%d/%m/%Y}" if r.effective_to else "now"
        marker = " (the default)" if r.id == settings.ruleset else ""
        out.print(f"{r.id} v{r.version}{marker}: {r.title}", markup=False)
        out.print(
            f"    in force {r.effective_from:%d/%m/%Y} to {until}; {len(r.criteria)} criteria; "
            f"files: {', '.join(r.files)}; fingerprint {r.content_hash[:12]}",
            markup=False,
        )
        out.print(f"    {r.summary}", markup=False)
    for r in rulesets:
        for parameter in r.parameters.values():
            if parameter.overridden_by:
                out.print(
                    f"{r.id}: {parameter.name} is {parameter.value:g} "
                    f"(changed by {parameter.overridden_by})"
                )
    return 0


def load_rules_for(rules_dir: Path) -> list[RuleSet]:
    return load_catalogue(rules_dir).all()


@rules_app.command("check")
def rules_check(
    file: Annotated[Path, typer.Argument(help="A rule file or a council's .local.toml file.")],
    data_dir: DataDirOption = None,
    json: JsonOption = False,
) -> int:
    """Check a rule file: every problem is listed at once."""
    if not file.is_file():
        raise Refused(f"there is no file at {file}")
    settings = resolve_settings(data_dir)
    ruleset = check_file(file, load_catalogue(settings.effective_rules_dir))
    if json:
        emit_json({"file": str(file), "ok": True, "id": ruleset.id, "hash": ruleset.content_hash})
    else:
        out.print(
            f"{file.name} is a valid rule file: {ruleset.id} v{ruleset.version}, "
            f"{len(ruleset.criteria)} criteria, hash {ruleset.content_hash[:12]}."
        )
    return 0


@rules_app.command("compare")
def rules_compare(
    first: Annotated[str, typer.Argument(help="A rule set id.")],
    second: Annotated[str, typer.Argument(help="Another rule set id.")],
    as_of: AsOfOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """How many households each rule set finds, and which households flip between them."""
    settings = resolve_settings(data_dir, database_url)
    container = build(settings)
    try:
        comparison = compare_rulesets(
            first,
            second,
            uow=container.uow(),
            clock=container.clock,
            actor=CLI,
            catalogue=load_rules(settings),
            as_of=_as_of(as_of),
        )
    finally:
        container.close()
    if json:
        emit_json(comparison.as_dict())
    else:
        for line in comparison.lines():
            out.print(line, markup=False)
    return 0


__all__ = ["explain", "load_rules", "rules_app", "screen"]
