"""Reading the two sides of matching from the database: the nominals and the register.

Nominals are the rows of the police-intelligence tables (gangs matrix, IOM cohort) as the
partner gave them, and the partner feeds' unlinked rows grouped into subjects
(``workflow.matching.subjects``). The register is the council's people, each with their current
household's postcode and an address history: the postcodes of households they lived in
before, and postcodes that partner rows linked to them by an exact rule (person_ref, NINO,
UPN, or the exact name and date of birth rules) carried — a school's row from before a
family moved keeps the old address.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Table, literal, select, union_all

from workflow.db.base import Base
from workflow.db.frames import read_frame
from workflow.db.models import INTEL_MODELS, ImportBatch
from workflow.db.models.facts import FACT_MODELS
from workflow.domain.vocabulary import LinkMethod
from workflow.matching.subjects import subject_key, subject_ref

SOURCES = INTEL_MODELS
# Partner rows linked by these exact rules lend their postcode to the person's address
# history (a row the model linked does not: its evidence would feed itself).
HISTORY_LINKS = (
    LinkMethod.PERSON_REF.value,
    LinkMethod.NINO.value,
    LinkMethod.UPN.value,
    LinkMethod.NAME_DOB_POSTCODE.value,
)
NOMINAL_COLUMNS = [
    "kind",
    "row_id",
    "nominal_ref",
    "batch_id",
    "source_row",
    "forename",
    "surname",
    "date_of_birth",
    "postcode",
    "aliases",
    "seen_on",
    "person_id",
    "household_id",
    "link_method",
    "file_name",
    "date_of_birth_as_written",
    "house_number",
    "street",
    "address_line1",
    "locality",
]
REGISTER_SQL = """
SELECT p.id, p.person_ref, p.forename, p.surname, p.date_of_birth, p.sex,
       h.postcode, m.household_id, h.household_ref, h.address_line1
FROM people p
LEFT JOIN household_memberships m ON m.person_id = p.id AND m.valid_to IS NULL
LEFT JOIN households h ON h.id = m.household_id
"""
REGISTER_COLUMNS = [
    "person_id",
    "person_ref",
    "forename",
    "surname",
    "date_of_birth",
    "sex",
    "postcode",
    "household_id",
    "household_ref",
    "address_line1",
]
PAST_HOMES_SQL = """
SELECT m.person_id, h.postcode, m.valid_to
FROM household_memberships m JOIN households h ON h.id = m.household_id
WHERE m.valid_to IS NOT NULL AND h.postcode IS NOT NULL
"""
PAST_ADDRESSES_SQL = """
SELECT m.person_id, h.address_line1
FROM household_memberships m JOIN households h ON h.id = m.household_id
WHERE m.valid_to IS NOT NULL AND h.address_line1 IS NOT NULL
"""


def read_nominals(connection: Connection) -> pd.DataFrame:
    """Every nominal on the police lists, with its link as it stands."""
    parts = []
    batches = table_of(ImportBatch).c
    for kind, model in SOURCES.items():
        t = table_of(model).c
        aliases = t.aliases if kind == "gangs_matrix" else literal(None)
        seen = t.last_reviewed if kind == "gangs_matrix" else t.valid_from
        parts.append(
            select(
                literal(kind),
                t.id,
                t.nominal_ref,
                t.batch_id,
                t.source_row,
                t.forename,
                t.surname,
                t.date_of_birth,
                t.postcode,
                aliases,
                seen,
                t.person_id,
                t.household_id,
                t.link_method,
                batches.file_name,
                t.date_of_birth_as_written,
                t.house_number,
                t.street,
                t.address_line1,
                t.locality,
            ).join(table_of(ImportBatch), batches.id == t.batch_id)
        )
    rows = connection.execute(union_all(*parts)).fetchall()
    frame = pd.DataFrame.from_records([tuple(r) for r in rows], columns=NOMINAL_COLUMNS)
    frame["aliases"] = frame["aliases"].map(_as_list)
    frame["seen_on"] = pd.to_datetime(frame["seen_on"], errors="coerce")
    for column in ("person_id", "household_id"):
        frame[column] = frame[column].astype("Int64")
    return frame


SUBJECT_SQL = """
SELECT f.id, f.batch_id, f.source_row, f.forename, f.surname, f.date_of_birth, f.postcode,
       f.valid_from, f.person_id, f.household_id, f.link_method, b.file_name, {sex},
       {address}
FROM {table} f JOIN import_batches b ON b.id = f.batch_id
WHERE f.person_id IS NULL OR f.link_method = 'probabilistic'
"""
SUBJECT_COLUMNS = [
    "row_id",
    "batch_id",
    "source_row",
    "forename",
    "surname",
    "date_of_birth",
    "postcode",
    "seen_on",
    "person_id",
    "household_id",
    "link_method",
    "file_name",
    "sex",
    "address_line1",
]


def read_subjects(connection: Connection) -> pd.DataFrame:
    """The partner rows the importer could not link (and those matching linked before),
    one row per subject — a feed's rows giving the same name, birth date and postcode —
    shaped like :func:`read_nominals`, with ``row_ids`` listing every row of the subject.

    Rows without a name or date of birth are left out: there is nothing to match them on,
    and they stay visible to data officers as unlinked rows.
    """
    parts = []
    key = subject_key(connection)
    for kind, model in FACT_MODELS.items():
        columns = table_of(model).c
        if not {"forename", "surname", "date_of_birth", "postcode"} <= set(columns.keys()):
            continue
        sql = SUBJECT_SQL.format(
            table=model.__tablename__,
            sex="f.sex" if "sex" in columns else "NULL AS sex",
            address="f.address_line1" if "address_line1" in columns else "NULL AS address_line1",
        )
        rows = read_frame(connection, sql, SUBJECT_COLUMNS)
        if rows.empty:
            continue
        refs = pd.Series(
            [
                subject_ref(key, *values)
                for values in zip(
                    rows["forename"],
                    rows["surname"],
                    rows["date_of_birth"],
                    rows["postcode"],
                    strict=True,
                )
            ],
            index=rows.index,
            dtype=object,
        )
        rows = rows.assign(kind=kind, nominal_ref=refs).dropna(subset=["nominal_ref"])
        parts.append(rows)
    if not parts:
        return pd.DataFrame(columns=[*NOMINAL_COLUMNS, "row_ids", "sex"])
    rows = pd.concat(parts, ignore_index=True).sort_values(["kind", "row_id"])
    grouped = rows.groupby(["kind", "nominal_ref"], sort=False)
    subjects = grouped.first().reset_index()  # the first row stands for the subject
    subjects["row_ids"] = grouped["row_id"].agg(list).to_numpy()
    subjects["seen_on"] = pd.to_datetime(grouped["seen_on"].max().to_numpy(), errors="coerce")
    subjects["aliases"] = [[] for _ in range(len(subjects))]
    for column in ("date_of_birth_as_written", "house_number", "street", "locality"):
        subjects[column] = None
    for column in ("person_id", "household_id"):
        subjects[column] = subjects[column].astype("Int64")
    return subjects[[*NOMINAL_COLUMNS, "row_ids", "sex"]]


def table_of(model: type[Base]) -> Table:
    return Base.metadata.tables[str(model.__tablename__)]


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, str) and value.startswith("["):
        import json

        return [str(v) for v in json.loads(value)]
    return []


def read_register(connection: Connection) -> pd.DataFrame:
    """The person register with current postcodes and each person's address history.

    ``history`` holds (postcode, last seen) pairs for addresses other than the current one.
    """
    people = read_frame(connection, REGISTER_SQL, REGISTER_COLUMNS)
    people["household_id"] = people["household_id"].astype("Int64")
    seen = [read_frame(connection, PAST_HOMES_SQL, ["person_id", "postcode", "last_seen"])]
    for model in FACT_MODELS.values():
        columns = table_of(model).c
        if "postcode" not in columns or "person_id" not in columns:
            continue
        table = model.__tablename__
        seen.append(
            read_frame(
                connection,
                f"SELECT person_id, postcode, MAX(valid_from) FROM {table} "
                "WHERE person_id IS NOT NULL AND postcode IS NOT NULL AND link_method IN "
                f"({', '.join(repr(m) for m in HISTORY_LINKS)}) GROUP BY person_id, postcode",
                ["person_id", "postcode", "last_seen"],
            )
        )
    history = pd.concat(seen, ignore_index=True)
    lines = read_frame(connection, PAST_ADDRESSES_SQL, ["person_id", "address_line1"])
    people = with_history(people, history)
    earlier: dict[Any, list[str]] = {}
    pairs = zip(lines["person_id"].tolist(), lines["address_line1"].tolist(), strict=True)
    for person, line in pairs:
        earlier.setdefault(person, []).append(line)
    people["address_history"] = [earlier.get(p, []) for p in people["person_id"].tolist()]
    return people


def with_history(people: pd.DataFrame, history: pd.DataFrame) -> pd.DataFrame:
    """Attach ``history`` ((postcode, last seen) rows per person) to ``people``."""
    from imports.linkage.cleaning import postcode_key

    people = people.copy()
    if history.empty:
        people["history"] = [[] for _ in range(len(people))]
        return people
    history = history.assign(
        postcode=postcode_key(history["postcode"]),
        last_seen=pd.to_datetime(history["last_seen"], errors="coerce"),
    ).dropna(subset=["postcode"])
    current = people.set_index("person_id")["postcode"]
    current = postcode_key(current.astype("string"))
    history = history[history["postcode"] != history["person_id"].map(current)]
    history = history.groupby(["person_id", "postcode"], as_index=False).agg(
        last_seen=("last_seen", "max")
    )
    pairs: dict[Any, list[tuple[str, dt.date | None]]] = {}
    seen_on = [None if pd.isna(d) else d.date() for d in history["last_seen"]]
    for person, code, day in zip(history["person_id"], history["postcode"], seen_on, strict=True):
        pairs.setdefault(person, []).append((code, day))
    people["history"] = pd.Series(
        [pairs.get(person, []) for person in people["person_id"]], index=people.index, dtype=object
    )
    return people
