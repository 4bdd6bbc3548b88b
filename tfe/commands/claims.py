"""``tfe claims``: payment-by-results claims for finance officers and internal audit.

``tfe claims window open|build|approve|submit|export|sample``, ``tfe claims list``,
``tfe claims explain REF``, ``tfe claims forecast``, ``tfe claims record-payment`` and
``tfe claims clawback``. Each acts as the member of staff named by ``--as`` (their roles
come from the staff register), or as the command line itself. Approving needs the finance
or internal-audit role and someone other than the person who prepared the claims.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

import typer
from rich.table import Table

from tfe.commands.casework import AsOption, acting
from tfe.commands.common import DatabaseUrlOption, DataDirOption, JsonOption, parse_uk_date
from tfe.errors import Refused
from tfe.output import emit_json, out
from workflow.claims.money import pounds

app = typer.Typer(help="Payment-by-results claims.", no_args_is_help=True)
window_app = typer.Typer(help="Claim windows: open, build, approve, submit, export, sample.")
app.add_typer(window_app, name="window", no_args_is_help=True)

WindowArg = Annotated[int, typer.Argument(help="The claim window's number.")]


def _catalogue(container: Any) -> Any:
    from workflow.screening.service import load_rules

    return load_rules(container.settings)


def _exports(container: Any) -> Any:
    return container.settings.reports_dir / "claims"


def _show(result: dict[str, Any], json: bool, text: str) -> None:
    if json:
        emit_json(result)
    else:
        out.print(text)


@window_app.command("open")
def window_open(
    name: Annotated[str, typer.Argument(help="A name finance will recognise, like 'Autumn 2026'.")],
    phase: Annotated[str, typer.Option("--phase", help="The programme phase's rule set id.")],
    opens: Annotated[str, typer.Option("--opens", help="First day, dd/mm/yyyy.")],
    closes: Annotated[str, typer.Option("--closes", help="Last day, dd/mm/yyyy.")],
    staff_ref: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> None:
    """Open a claim window, with its own copy of the phase's amounts table."""
    from workflow.claims.service import open_window

    with acting(data_dir, database_url, staff_ref) as (container, actor):
        view = open_window(
            name,
            phase,
            parse_uk_date(opens, "--opens"),
            parse_uk_date(closes, "--closes"),
            uow=container.uow(),
            clock=container.clock,
            actor=actor,
            rules_dir=container.settings.effective_rules_dir,
        )
    _show(view.as_dict(), json, f"Opened claim window {view.id}: {view.name}.")


@window_app.command("build")
def window_build(
    window_id: WindowArg,
    staff_ref: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> None:
    """Take any missing baselines, then prepare the window's candidate claims."""
    from workflow.claims.service import build_window, snapshot_baselines

    with acting(data_dir, database_url, staff_ref) as (container, actor):
        catalogue = _catalogue(container)
        rules_dir = container.settings.effective_rules_dir
        snapshot_baselines(
            uow=container.uow(),
            clock=container.clock,
            actor=actor,
            catalogue=catalogue,
            rules_dir=rules_dir,
        )
        report = build_window(
            window_id,
            uow=container.uow(),
            clock=container.clock,
            actor=actor,
            catalogue=catalogue,
            rules_dir=rules_dir,
        )
    _show(
        report.as_dict(),
        json,
        f"Window {window_id}: {report.results:,} results and {report.attachments:,} attachment "
        f"fees prepared, {pounds(report.total)} in all; {report.not_yet:,} families have not "
        "earned a result yet (tfe claims forecast).",
    )


@window_app.command("approve")
def window_approve(
    window_id: WindowArg,
    staff_ref: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> None:
    """Check the evidence of, and approve, every candidate claim (finance or internal audit;
    never the person who prepared them)."""
    from workflow.claims.service import approve_window

    with acting(data_dir, database_url, staff_ref) as (container, actor):
        from workflow.pathway.catalogue import council_pathways

        report = approve_window(
            window_id,
            uow=container.uow(),
            clock=container.clock,
            actor=actor,
            pathways=council_pathways(container.settings),
        )
    _show(report.as_dict(), json, f"Approved {report.moved:,} claims in window {window_id}.")


@window_app.command("submit")
def window_submit(
    window_id: WindowArg,
    staff_ref: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> None:
    """Submit an approved window's claims."""
    from workflow.claims.service import submit_window

    with acting(data_dir, database_url, staff_ref) as (container, actor):
        report = submit_window(window_id, uow=container.uow(), clock=container.clock, actor=actor)
    _show(report.as_dict(), json, f"Submitted {report.moved:,} claims in window {window_id}.")


@window_app.command("export")
def window_export(
    window_id: WindowArg,
    staff_ref: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> None:
    """Write the finance workbook and CSV of an approved window."""
    from workflow.claims.export import export_window

    with acting(data_dir, database_url, staff_ref) as (container, actor):
        report = export_window(
            window_id, _exports(container), uow=container.uow(), clock=container.clock, actor=actor
        )
    _show(
        report.as_dict(),
        json,
        f"Wrote {report.claims:,} claims, {pounds(report.total)}, to {report.workbook} "
        f"(and {report.csv.name}).",
    )


@window_app.command("sample")
def window_sample(
    window_id: WindowArg,
    size: Annotated[int, typer.Option("--size", help="How many claims to sample.")] = 10,
    seed: Annotated[int, typer.Option("--seed", help="The same seed gives the same sample.")] = 1,
    staff_ref: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> None:
    """Draw a reproducible sample of a submitted window, with each claim's evidence pack."""
    from workflow.claims.export import audit_sample

    with acting(data_dir, database_url, staff_ref) as (container, actor):
        chosen, path = audit_sample(
            window_id,
            size,
            seed,
            _exports(container),
            uow=container.uow(),
            clock=container.clock,
            actor=actor,
        )
    _show(
        {"claims": chosen, "workbook": str(path)},
        json,
        f"Sampled {len(chosen)} claims (seed {seed}): {path}",
    )


@app.command("list")
def list_command(
    window_id: Annotated[int | None, typer.Option("--window", help="Only this window.")] = None,
    staff_ref: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> None:
    """Every claim, or a window's; equivalent-progress overrides are marked."""
    from workflow.claims.service import list_claims

    with acting(data_dir, database_url, staff_ref) as (container, _actor):
        claims = list_claims(container.uow(), window_id=window_id)
    if json:
        emit_json(
            {
                "claims": [
                    c
                    | {
                        "amount": str(c["amount"]),
                        "paid_amount": None if c["paid_amount"] is None else str(c["paid_amount"]),
                        "attached_on": c["attached_on"].strftime("%d/%m/%Y"),
                    }
                    for c in claims
                ]
            }
        )
        return
    table = Table("Claim", "Window", "Family", "For", "Amount", "Status", "Override")
    for c in claims:
        table.add_row(
            str(c["id"]),
            str(c["window_id"]),
            c["household_ref"],
            c["outcome"].replace("_", " "),
            pounds(c["amount"]),
            c["state"].replace("_", " "),
            "yes" if c["override"] else "",
        )
    out.print(table)


@app.command("explain")
def explain_command(
    household_ref: Annotated[str, typer.Argument(help="The household's reference.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="dd/mm/yyyy; default today.")] = None,
    staff_ref: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> None:
    """Each measure: its baseline figure, its figure now, and the rows behind both."""
    from workflow.claims.service import explain

    with acting(data_dir, database_url, staff_ref) as (container, actor):
        found = explain(
            household_ref,
            uow=container.uow(),
            clock=container.clock,
            actor=actor,
            catalogue=_catalogue(container),
            as_of=None if as_of is None else parse_uk_date(as_of, "--as-of"),
            rules_dir=container.settings.effective_rules_dir,
        )
    if json:
        emit_json(found.as_dict())
        return
    outcome = found.assessment.outcome
    out.print(
        f"Household {found.household_ref}, attached on {found.attached_on:%d/%m/%Y} under "
        f"{found.phase}, judged on {found.as_of:%d/%m/%Y}: "
        + (f"claimable for {outcome.replace('_', ' ')}." if outcome else "not claimable yet.")
    )
    for m in found.assessment.measures:
        out.print(f"  {m.title}: {m.verdict.value}")
        out.print(f"    baseline: {m.baseline}")
        out.print(f"    now: {m.now}")
        out.print(f"    {m.why}")
        for row in found.evidence:
            if row["fact"] in m.facts:
                out.print(
                    f"      {row['when']:<8} {row['fact']}: {row.get('detail') or ''} "
                    f"({row.get('file_name')}, {row.get('sheet')}, row {row.get('source_row')})"
                )


@app.command("forecast")
def forecast_command(
    phase: Annotated[str, typer.Option("--phase", help="The programme phase's rule set id.")],
    as_of: Annotated[str, typer.Option("--as-of", help="The next window's close, dd/mm/yyyy.")],
    staff_ref: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> None:
    """Families likely to be claimable in the next window, and the evidence each is missing."""
    from workflow.claims.export import forecast

    with acting(data_dir, database_url, staff_ref) as (container, actor):
        found = forecast(
            phase,
            parse_uk_date(as_of, "--as-of"),
            uow=container.uow(),
            actor=actor,
            catalogue=_catalogue(container),
            rules_dir=container.settings.effective_rules_dir,
        )
    if json:
        emit_json(
            {
                "families": [
                    f | {"attached_on": f["attached_on"].strftime("%d/%m/%Y")} for f in found
                ]
            }
        )
        return
    for f in found:
        likely = f["likely"].replace("_", " ") if f["likely"] else "not yet"
        out.print(f"{f['household_ref']} (attached {f['attached_on']:%d/%m/%Y}): {likely}")
        for missing in f["missing"]:
            out.print(f"    {missing}")


def _pounds(text: str) -> Decimal:
    try:
        amount = Decimal(text.replace("£", "").replace(",", ""))
    except InvalidOperation:
        raise Refused(f"‘{text[:20]}’ is not an amount like 800.00.") from None
    return amount


@app.command("record-payment")
def record_payment_command(
    claim_id: Annotated[int, typer.Argument(help="The claim's number.")],
    amount: Annotated[str, typer.Option("--amount", help="Pounds and pence, like 800.00.")],
    paid_on: Annotated[str | None, typer.Option("--paid-on", help="dd/mm/yyyy.")] = None,
    staff_ref: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> None:
    """Record what was paid for a submitted claim (never more than the claim)."""
    from workflow.claims.service import record_payment

    day: dt.date | None = None if paid_on is None else parse_uk_date(paid_on, "--paid-on")
    with acting(data_dir, database_url, staff_ref) as (container, actor):
        report = record_payment(
            claim_id,
            _pounds(amount),
            uow=container.uow(),
            clock=container.clock,
            actor=actor,
            paid_on=day,
        )
    _show(report.as_dict(), json, f"Recorded the payment for claim {claim_id}.")


@app.command("clawback")
def clawback_command(
    claim_id: Annotated[int, typer.Argument(help="The claim's number.")],
    reason: Annotated[str, typer.Option("--reason", help="What the spot check found.")],
    staff_ref: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> None:
    """Record that a claim was clawed back after a spot check, and why."""
    from workflow.claims.service import claw_back

    with acting(data_dir, database_url, staff_ref) as (container, actor):
        report = claw_back(
            claim_id, reason, uow=container.uow(), clock=container.clock, actor=actor
        )
    _show(report.as_dict(), json, f"Claim {claim_id} clawed back.")
