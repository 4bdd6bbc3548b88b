"""Partner-feed subject references become a keyed hash: a ``deployment_keys`` table holds
this deployment's random key, and every subject reference already stored (links, reviews,
remembered decisions, household flags) is rewritten from the old unkeyed hash to the
keyed one, so decisions made before still hold.

The old hash is computed here by a frozen copy of the version-1 rule, not by the
application's code, which may change later. Audit events keep the old references: the
trail is append-only.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 16:00:00.000000
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

REF_TABLES = ("match_links", "match_reviews", "match_decisions", "intel_household_flags")
PREFIX = "subject-"
_NOT_LETTERS = re.compile(r"[^a-z]")
_NOT_POSTCODE = re.compile(r"[^A-Z0-9]")


def upgrade() -> None:
    op.create_table(
        "deployment_keys",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_deployment_keys")),
    )
    key = secrets.token_hex(32)
    connection = op.get_bind()
    connection.execute(
        sa.text("INSERT INTO deployment_keys (name, secret, created_at) VALUES (:n, :s, :at)"),
        {"n": "subject_ref", "s": key, "at": dt.datetime.now(dt.UTC)},
    )
    _rekey(connection, bytes.fromhex(key))


def downgrade() -> None:
    # The keyed references can't be turned back into the unkeyed ones without re-reading
    # every row; matching's next run proposes them afresh.
    op.drop_table("deployment_keys")


def _rekey(connection: sa.Connection, key: bytes) -> None:
    stored = set()
    for name in REF_TABLES:
        stored |= {
            ref
            for (ref,) in connection.execute(
                sa.text(f"SELECT DISTINCT nominal_ref FROM {name} WHERE nominal_ref LIKE :p"),
                {"p": PREFIX + "%"},
            )
        }
    if not stored:
        return
    renamed: dict[str, str] = {}
    inspector = sa.inspect(connection)
    for fact_table in inspector.get_table_names():
        columns = {c["name"] for c in inspector.get_columns(fact_table)}
        if (
            not fact_table.startswith("fact_")
            or not {
                "forename",
                "surname",
                "date_of_birth",
                "postcode",
            }
            <= columns
        ):
            continue
        rows = connection.execute(
            sa.text(f"SELECT forename, surname, date_of_birth, postcode FROM {fact_table}")
        )
        for row in rows:
            old = _ref(None, *row)
            if old is not None and old in stored and old not in renamed:
                renamed[old] = str(_ref(key, *row))
    if not renamed:
        return
    for name in REF_TABLES:
        connection.execute(
            sa.text(f"UPDATE {name} SET nominal_ref = :new WHERE nominal_ref = :old"),
            [{"old": old, "new": new} for old, new in renamed.items()],
        )


def _ref(key: bytes | None, forename: Any, surname: Any, born: Any, postcode: Any) -> str | None:
    """Version 1 (``key`` None) or version 2 of the subject reference, frozen here."""
    first, last = _letters(forename), _letters(surname)
    iso = _iso(born)
    if not first or not last or iso is None:
        return None
    code = _NOT_POSTCODE.sub("", str(postcode).upper()) if isinstance(postcode, str) else ""
    text = f"{first}|{last}|{iso}|{code}".encode()
    if key is None:
        digest = hashlib.blake2b(text, digest_size=10, person=b"tfe-subject-v1")
    else:
        digest = hashlib.blake2b(text, digest_size=10, key=key, person=b"tfe-subject-v2")
    return PREFIX + digest.hexdigest()


def _letters(value: Any) -> str:
    return _NOT_LETTERS.sub("", value.lower()) if isinstance(value, str) else ""


def _iso(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and len(value) >= 10:
        return value[:10]
    return None
