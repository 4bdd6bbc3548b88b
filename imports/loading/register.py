"""The ``people`` and ``keyworkers`` feeds build the registers other feeds link to.

``people``: households (by ``household_ref``), people (by ``person_ref``) and who lives
where. A person who appears in a different household from last time has their old
membership closed (on ``date_moved_in``, or the import date) and a new one opened, so
the history of who lived where is kept. ``keyworkers``: staff with teams and localities.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, select, text

from imports.loading.bulk import bulk_insert
from imports.loading.upsert import upsert
from workflow.db.models import Staff
from workflow.domain.vocabulary import StaffRole

HOUSEHOLD_COLUMNS = ("address_line1", "postcode", "uprn")
PERSON_COLUMNS = ("forename", "surname", "date_of_birth", "sex", "nino", "upn")


def load_people(
    connection: Connection, frame: pd.DataFrame, *, batch_id: int, today: dt.date, now: dt.datetime
) -> int:
    """Store a ``people`` feed; returns how many rows it loaded."""
    households = upsert(
        connection, "households", "household_ref", frame, HOUSEHOLD_COLUMNS, now=now
    )
    people = upsert(connection, "people", "person_ref", frame, PERSON_COLUMNS, now=now)
    rows = frame.drop_duplicates(subset=["person_ref"], keep="last").copy()
    rows["person_id"] = rows["person_ref"].map(people).astype("int64")
    rows["household_id"] = rows["household_ref"].map(households).astype("int64")
    rows["batch_id"] = batch_id
    rows["valid_from"] = pd.to_datetime(rows["date_moved_in"])
    _move_people(connection, rows, today)
    return len(frame)


def _move_people(connection: Connection, rows: pd.DataFrame, today: dt.date) -> None:
    result = connection.execute(
        text("SELECT person_id, household_id FROM household_memberships WHERE valid_to IS NULL")
    )
    current: dict[int, int] = {int(p): int(h) for p, h in result.fetchall()}
    now_in = rows["person_id"].map(current)
    moved = rows[now_in.notna() & (now_in != rows["household_id"])]
    if not moved.empty:
        moved_on = moved["valid_from"].dt.date.where(moved["valid_from"].notna(), today)
        connection.execute(
            text(
                "UPDATE household_memberships SET valid_to = :moved_on "
                "WHERE person_id = :person_id AND valid_to IS NULL"
            ),
            [
                {"moved_on": d, "person_id": int(p)}
                for d, p in zip(moved_on, moved["person_id"], strict=True)
            ],
        )
    joining = rows[now_in.isna() | (now_in != rows["household_id"])]
    bulk_insert(
        connection,
        "household_memberships",
        joining,
        [
            "person_id",
            "household_id",
            "relationship",
            "expecting_baby",
            "valid_from",
            "batch_id",
            "source_row",
        ],
    )


def load_keyworkers(
    connection: Connection, frame: pd.DataFrame, *, batch_id: int, now: dt.datetime
) -> int:
    """Store a ``keyworkers`` roster: localities, teams and staff; returns rows loaded."""
    localities = upsert(
        connection,
        "localities",
        "name",
        frame[["locality"]].dropna().rename(columns={"locality": "name"}),
        (),
    )
    teams_frame = frame[["team", "locality"]].rename(columns={"team": "name"})
    teams_frame["locality_id"] = teams_frame["locality"].map(localities).astype("Int64")
    teams = upsert(connection, "teams", "name", teams_frame, ("locality_id",))
    staff = frame.copy()
    staff["team_id"] = staff["team"].map(teams).astype("Int64")
    staff["locality_id"] = staff["locality"].map(localities).astype("Int64")
    staff["capacity_units"] = staff["capacity_units"].fillna(12.0)
    staff["specialisms"] = staff["specialisms"].map(lambda v: v if isinstance(v, list) else [])
    staff["languages"] = staff["languages"].map(lambda v: v if isinstance(v, list) else [])
    # The register says who keyworks; other roles (a manager who also keyworks) are given in
    # the engine (``tfe staff add``) and survive a re-sent register.
    query = select(Staff.staff_ref, Staff.role).where(Staff.role != "keyworker")
    held = {str(ref): str(role) for ref, role in connection.execute(query).all()}
    staff["role"] = [_with_keyworker(held.get(str(ref))) for ref in staff["staff_ref"].astype(str)]
    staff["active"] = True
    staff["batch_id"] = batch_id
    columns = (
        "name",
        "email",
        "role",
        "team_id",
        "locality_id",
        "capacity_units",
        "specialisms",
        "languages",
        "active",
        "batch_id",
        "source_row",
    )
    upsert(connection, "staff", "staff_ref", staff, columns, now=now)
    return len(frame)


def _with_keyworker(roles: str | None) -> str:
    if not roles:
        return StaffRole.KEYWORKER.value
    names = roles.split(",")
    return roles if StaffRole.KEYWORKER.value in names else ",".join([*names, "keyworker"])
