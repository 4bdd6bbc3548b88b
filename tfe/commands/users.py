"""``tfe users``: who may sign in to the web app, and systems' API tokens.

Run on the server, the command line acts with the engine's own authority (whoever has the
server's shell); ``--as`` acts as a member of staff, who must be an admin. A password or
token is printed once, when it is made, and never stored: only its hash or digest is.
"""

from __future__ import annotations

import secrets
from typing import Annotated

import typer
from rich.table import Table

from tfe.commands.casework import AsOption, acting
from tfe.commands.common import DatabaseUrlOption, DataDirOption, JsonOption
from tfe.output import emit_json, out

app = typer.Typer(help="Sign-in accounts and API tokens.", no_args_is_help=True)


def new_password() -> str:
    """A password to hand over once (16 characters from the URL-safe alphabet)."""
    return secrets.token_urlsafe(12)


@app.command("list")
def list_command(
    data_dir: DataDirOption = None, database_url: DatabaseUrlOption = None, json: JsonOption = False
) -> int:
    """Every account, with its staff reference and roles."""
    from workflow.accounts.service import list_users

    with acting(data_dir, database_url, None) as (container, _who):
        accounts = list_users(uow=container.uow())
    if json:
        emit_json({"users": [a.as_dict() for a in accounts]})
        return 0
    table = Table("Username", "Name", "Staff", "Own roles", "Active", show_edge=False)
    for a in accounts:
        table.add_row(
            a.username,
            a.display_name,
            a.staff_ref or "",
            ", ".join(a.roles),
            "yes" if a.active else "no",
        )
    out.print(table)
    return 0


@app.command("add")
def add_command(
    username: Annotated[str, typer.Argument(help="What they type to sign in.")],
    name: Annotated[
        str | None, typer.Option("--name", help="Their name, as pages show it.")
    ] = None,
    staff_ref: Annotated[
        str | None,
        typer.Option("--staff-ref", help="Their staff reference: roles and team come from it."),
    ] = None,
    role: Annotated[
        list[str] | None,
        typer.Option("--role", help="A role of the account's own (repeat), e.g. admin."),
    ] = None,
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """Add an account; its first password is printed once."""
    from workflow.accounts.service import add_user

    password = new_password()
    with acting(data_dir, database_url, as_staff) as (container, who):
        account = add_user(
            username,
            display_name=name or username,
            password=password,
            roles=role or [],
            staff_ref=staff_ref,
            uow=container.uow(),
            actor=who,
        )
    if json:
        emit_json({**account.as_dict(), "password": password})
        return 0
    out.print(f"Added {account.username}. Their password (shown once): {password}")
    return 0


@app.command("disable")
def disable_command(
    username: Annotated[str, typer.Argument(help="The account.")],
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> int:
    """Stop an account signing in: its sessions end and its tokens stop working."""
    from workflow.accounts.service import disable_user

    with acting(data_dir, database_url, as_staff) as (container, who):
        disable_user(username, uow=container.uow(), clock=container.clock, actor=who)
    out.print(f"{username} can no longer sign in.")
    return 0


@app.command("reset")
def reset_command(
    username: Annotated[str, typer.Argument(help="The account.")],
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """Give an account a new password (printed once), lift a lock, end its sessions."""
    from workflow.accounts.service import reset_password

    password = new_password()
    with acting(data_dir, database_url, as_staff) as (container, who):
        reset_password(username, password, uow=container.uow(), clock=container.clock, actor=who)
    if json:
        emit_json({"username": username, "password": password})
        return 0
    out.print(f"New password for {username} (shown once): {password}")
    return 0


@app.command("token")
def token_command(
    username: Annotated[str, typer.Argument(help="The account whose authority it carries.")],
    name: Annotated[str, typer.Option("--name", help="What the token is for.")],
    scope: Annotated[
        str, typer.Option("--scope", help="'read', or 'read write' to change things too.")
    ] = "read",
    days: Annotated[int, typer.Option("--days", help="How long it works, 1 to 366.")] = 90,
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """Issue an API token for a system (printed once; send it as 'Authorization: Bearer')."""
    from workflow.accounts.service import issue_token

    with acting(data_dir, database_url, as_staff) as (container, who):
        issued = issue_token(
            username,
            name=name,
            scope=scope,
            days=days,
            uow=container.uow(),
            clock=container.clock,
            actor=who,
        )
    if json:
        emit_json(
            {
                "token": issued.token,
                "scope": issued.scope,
                "expires_at": issued.expires_at.isoformat(),
            }
        )
        return 0
    out.print(f"Token (shown once): {issued.token}")
    out.print(f"  scope {issued.scope}, works until {issued.expires_at:%d/%m/%Y %H:%M} UTC")
    return 0
