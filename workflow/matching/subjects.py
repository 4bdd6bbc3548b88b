"""The rows matching may link: police-list nominals, and partner rows nobody could link.

A police list names each individual once, by the police's own ``nominal_ref``. Partner
feeds (schools, police incidents, youth justice, health …) do not: one person appears on
many rows (a pupil's terms, a person's incidents). The rows of one feed that the importer
could not link by an exact key and that give the same person — the same name, date of
birth and postcode once case, spaces and punctuation are set aside — form one **subject**,
matched once and linked together. A subject's reference is a hash of those keys, so a
decision on it (accept, reject) holds after the feed is sent again, like a nominal's. The
hash is keyed with this deployment's own secret (``deployment_keys``, made at the first
use), so a reference seen in the audit trail or on a page can't be tested against a
guessed name, date of birth and postcode by anyone without the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from typing import Any

from sqlalchemy import Connection, Table, or_, select

from workflow.db.base import utcnow
from workflow.db.insert import value_of_row
from workflow.db.models.facts import FACT_MODELS
from workflow.domain.vocabulary import LinkMethod
from workflow.matching.tables import INTEL_MODELS, table

SUBJECT_PREFIX = "subject-"
SUBJECT_KEY = "subject_ref"  # its name in deployment_keys
# Links matching (or a reviewer) made: open to change when matching runs again.
MATCHED_METHODS = (LinkMethod.PROBABILISTIC.value, LinkMethod.REVIEWED.value)
KIND_TITLES = {
    "gangs_matrix": "Gangs matrix",
    "iom_cohort": "IOM cohort",
    "school_attendance": "School attendance",
    "exclusions": "Exclusions",
    "alternative_provision": "Alternative provision",
    "police_incidents": "Police incidents",
    "youth_justice": "Youth justice",
    "domestic_abuse": "Domestic abuse",
    "benefits": "Benefits",
    "employment": "Employment",
    "social_care": "Social care",
    "health": "Health",
    "housing": "Housing",
    "neet": "Not in education, employment or training",
    "referrals": "Referrals",
}
_NOT_LETTERS = re.compile(r"[^a-z]")
_NOT_POSTCODE = re.compile(r"[^A-Z0-9]")


def is_list(kind: str) -> bool:
    """A police list (rows named by ``nominal_ref``) rather than a partner feed."""
    return kind in INTEL_MODELS


def source_table(kind: str) -> Table:
    """The table holding the rows of ``kind``: a police list or a partner feed."""
    model = INTEL_MODELS.get(kind) or FACT_MODELS.get(kind)
    if model is None:
        raise KeyError(kind)
    return table(str(model.__tablename__))


def subject_key(connection: Connection) -> bytes:
    """This deployment's key for subject references, made (32 random bytes) at first use."""
    keys = table("deployment_keys")
    secret = value_of_row(
        connection,
        keys,
        {"name": SUBJECT_KEY},
        keys.c.secret,
        lambda: {"secret": secrets.token_hex(32), "created_at": utcnow()},
    )
    return bytes.fromhex(secret)


def subject_ref(
    key: bytes, forename: Any, surname: Any, date_of_birth: Any, postcode: Any
) -> str | None:
    """The reference of the person a partner row gives (None without a name and birth date)."""
    first, last = _letters(forename), _letters(surname)
    born = _iso(date_of_birth)
    if not first or not last or born is None:
        return None
    code = _NOT_POSTCODE.sub("", str(postcode).upper()) if isinstance(postcode, str) else ""
    digest = hashlib.blake2b(
        f"{first}|{last}|{born}|{code}".encode(),
        digest_size=10,
        key=key,
        person=b"tfe-subject-v2",
    )
    return SUBJECT_PREFIX + digest.hexdigest()


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


def rows_of(connection: Connection, kind: str, nominal_ref: str) -> list[tuple[int, Any, Any]]:
    """(row id, person id, household id) of the rows a pair names.

    For a police list, the rows with that nominal ref. For a partner feed, the rows of
    that subject that the importer left unlinked or matching linked (deterministic links
    are never touched).
    """
    source = source_table(kind)
    if is_list(kind):
        query = select(source.c.id, source.c.person_id, source.c.household_id).where(
            source.c.nominal_ref == nominal_ref
        )
        return [(int(i), p, h) for i, p, h in connection.execute(query)]
    query = select(
        source.c.id,
        source.c.person_id,
        source.c.household_id,
        source.c.forename,
        source.c.surname,
        source.c.date_of_birth,
        source.c.postcode,
    ).where(or_(source.c.person_id.is_(None), source.c.link_method.in_(MATCHED_METHODS)))
    found: list[tuple[int, Any, Any]] = []
    key = subject_key(connection)
    for row in connection.execute(query):
        ref = subject_ref(key, row.forename, row.surname, row.date_of_birth, row.postcode)
        if ref == nominal_ref:
            found.append((int(row.id), row.person_id, row.household_id))
    return found
