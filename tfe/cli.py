"""The ``tfe`` command.

Exit codes (scripts may rely on them):

| code | meaning |
|------|---------|
| 0    | success |
| 1    | refused input: a bad file, option value, unreachable database ... (one-line message) |
| 2    | usage: unknown command or option, missing argument |
| 3    | an unexpected internal error (a bug: please report it; no personal data is printed) |
| 130  | interrupted (Ctrl+C) |
"""

from __future__ import annotations

import sys
import warnings
from typing import Any

import typer
from pydantic import ValidationError

from eligibility import EligibilityError
from imports import prefect_env
from imports.errors import ImportFailed
from synth.errors import SynthError
from tfe.commands import (
    allocation,
    casework,
    claims,
    db,
    demo,
    governance,
    imports,
    match,
    prefect,
    screening,
    serve,
    staff,
    synth,
    users,
)
from tfe.errors import Refused
from tfe.output import err
from workflow.errors import WorkflowError
from workflow.settings import get_settings

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

app = typer.Typer(
    name="tfe",
    help="Family keyworker and Troubled Families workflow engine.",
    no_args_is_help=True,
    add_completion=False,
    # Tracebacks with local variables could print people's details: never show them.
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(db.app, name="db")
app.add_typer(prefect.app, name="prefect")
app.add_typer(screening.rules_app, name="rules")
app.add_typer(match.app, name="match")
app.command("links")(match.links)
app.command("synth")(synth.synth)
app.command("demo")(demo.demo)
app.command("import", epilog=imports.kinds_help())(imports.import_command)
app.command("screen")(screening.screen)
app.command("explain")(screening.explain)
app.command("serve")(serve.serve)
app.command("retention")(governance.retention)
app.add_typer(governance.person_app, name="person")
app.command("households")(casework.households)
app.add_typer(casework.household_app, name="household")
app.command("move")(casework.move)
app.command("refer")(casework.refer)
app.command("record")(casework.record)
app.add_typer(casework.tasks_app, name="tasks")
app.add_typer(casework.approvals_app, name="approvals")
app.add_typer(allocation.app, name="allocate")
app.add_typer(staff.app, name="staff")
app.add_typer(claims.app, name="claims")
app.add_typer(users.app, name="users")


def _settings_message(exc: ValidationError) -> str:
    problems = [f"{'.'.join(map(str, e['loc'])) or 'setting'}: {e['msg']}" for e in exc.errors()]
    return "A setting is not valid: " + "; ".join(problems)


def _is_click_error(exc: Exception) -> bool:
    # Typer ships its own copy of click: recognise its errors by shape, whichever copy it is.
    return hasattr(exc, "format_message") and hasattr(exc, "exit_code")


def _is_bad_value(exc: Exception) -> bool:
    """A value click could not take (``--households many``): refused input, not usage.

    A missing argument or option is a ``MissingParameter``, a kind of ``BadParameter``
    that stays a usage mistake."""
    kinds = {cls.__name__ for cls in type(exc).__mro__}
    return "BadParameter" in kinds and "MissingParameter" not in kinds


def _report_click_error(exc: Any) -> int:
    if type(exc).__name__ == "NoArgsIsHelpError" and exc.ctx is not None:
        err.print(exc.ctx.get_help())
        return EXIT_USAGE
    if _is_bad_value(exc):
        err.print(f"Error: {exc.format_message()}")
        return EXIT_REFUSED
    if exc.exit_code == EXIT_USAGE:
        hint = f" (see '{exc.ctx.command_path} --help')" if getattr(exc, "ctx", None) else ""
        err.print(f"Error: {exc.format_message()}{hint}")
        return EXIT_USAGE
    err.print(f"Error: {exc.format_message()}")
    return EXIT_REFUSED


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and turn every failure into a one-line message and an exit code."""
    # pandas' notice about concatenating empty frames is for us (the test suite still shows
    # it), not for a data officer reading the demo's or an import's output.
    warnings.filterwarnings(
        "ignore",
        message="The behavior of DataFrame concatenation with empty or all-NA entries",
        category=FutureWarning,
    )
    command = typer.main.get_command(app)
    try:
        # Before anything imports Prefect: its home goes in the data folder.
        prefect_env.configure(get_settings().data_dir)
        result = command.main(args=argv, prog_name="tfe", standalone_mode=False)
    except (Refused, WorkflowError, ImportFailed, EligibilityError, SynthError) as exc:
        err.print(f"Error: {exc.detail}")
        return EXIT_REFUSED
    except ValidationError as exc:
        err.print(f"Error: {_settings_message(exc)}")
        return EXIT_REFUSED
    except (KeyboardInterrupt, typer.Abort):
        err.print("Stopped.")
        return 130
    except Exception as exc:
        if _is_click_error(exc):
            return _report_click_error(exc)
        # The last line of defence: one line, no locals, no data.
        err.print(
            f"Error: something went wrong inside tfe ({type(exc).__name__}). "
            "This is a bug: please report it with the command you ran."
        )
        return EXIT_INTERNAL
    return result if isinstance(result, int) else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
