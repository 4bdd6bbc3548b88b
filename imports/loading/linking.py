"""Linking partner rows to the person register with deterministic rules.

Rules, in order (each only for rows the earlier ones left unlinked; a key shared by two
people in the register is ambiguous and never used):

1. ``person_ref`` — the council's own id;
2. ``nino`` — National Insurance number;
3. ``upn`` — unique pupil number;
4. forename + surname + date of birth + postcode;
5. surname + date of birth + postcode (catches nicknames and forename typos);
6. forename + surname + date of birth (catches people who have moved).

Names are compared case-, space- and punctuation-insensitively. Rows no rule links stay
as unlinked facts, visible to data officers; probabilistic matching (Splink,
``imports/linkage``) then takes them, grouped by person, and records ``probabilistic``
or ``reviewed`` links.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Date, bindparam, text
from sqlalchemy.types import TypeEngine

from workflow.db.frames import read_frame
from workflow.domain.vocabulary import LinkMethod

RULES: tuple[tuple[LinkMethod, tuple[str, ...]], ...] = (
    (LinkMethod.PERSON_REF, ("person_ref",)),
    (LinkMethod.NINO, ("nino",)),
    (LinkMethod.UPN, ("upn",)),
    (LinkMethod.NAME_DOB_POSTCODE, ("forename_key", "surname_key", "date_of_birth", "postcode")),
    (LinkMethod.NAME_DOB_POSTCODE, ("surname_key", "date_of_birth", "postcode")),
    (LinkMethod.NAME_DOB_POSTCODE, ("forename_key", "surname_key", "date_of_birth")),
)

ID_KEYS = frozenset({"person_ref", "nino", "upn"})
REGISTER_SQL = """
SELECT p.id AS person_id, p.forename, p.surname, p.date_of_birth, h.postcode
FROM people p
LEFT JOIN household_memberships m ON m.person_id = p.id AND m.valid_to IS NULL
LEFT JOIN households h ON h.id = m.household_id
"""
NAME_KEYS = {"forename_key": "forename", "surname_key": "surname"}
# A file whose unlinked rows hold fewer distinct ids (or dates of birth) than this reads
# only the register rows sharing them; a bigger file reads the whole register once.
READ_BY_VALUE_BELOW = 5_000


def name_key(names: pd.Series) -> pd.Series:
    """Lower case, letters only: 'O'Brien-Smith ' -> 'obriensmith'."""
    return names.astype("string").str.lower().str.replace(r"[^a-z]", "", regex=True)


class Register:
    """The person register's keys, read in the import's transaction as the rules need them.

    An id rule reads one column of ``people``; the name rules read names, dates of birth
    and current postcodes once, and only when some row is still unlinked by then. For a
    small file only the register rows that could match are read: those sharing an id, or
    a date of birth (every name rule includes it), with a row of the file. That keeps
    every key's uniqueness exact, since everyone sharing a key shares that value too.
    """

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._people: pd.DataFrame | None = None

    @classmethod
    def load(cls, connection: Connection) -> Register:
        return cls(connection)

    def unique_index(self, keys: tuple[str, ...], wanted: pd.Series | None = None) -> pd.DataFrame:
        """Register rows keyed by ``keys``, keeping only keys that name exactly one person.

        ``wanted``: the values of the rule's first id key, or the dates of birth, that the
        file's unlinked rows hold (a hint: the register may return more rows).
        Keys are compared as text (dates of birth as dates), as :func:`link_people` does.
        """
        frame = _as_text(self._keys(keys, wanted).dropna(subset=list(keys)), keys)
        frame = frame.drop_duplicates(subset=[*keys, "person_id"])
        frame = frame[~frame.duplicated(subset=list(keys), keep=False)]
        return frame[[*keys, "person_id"]]

    def _keys(self, keys: tuple[str, ...], wanted: pd.Series | None) -> pd.DataFrame:
        values = _few(wanted)
        if len(keys) == 1 and keys[0] in ID_KEYS:
            key = keys[0]
            sql = f"SELECT id AS person_id, {key} FROM people WHERE {key} IS NOT NULL"
            if values is None:
                return read_frame(self._connection, sql, ["person_id", key])
            return _read_some(self._connection, f"{sql} AND {key} IN :wanted", values)
        if self._people is None:
            columns = ["person_id", "forename", "surname", "date_of_birth", "postcode"]
            if values is None:
                people = read_frame(self._connection, REGISTER_SQL, columns)
            else:
                dates = [d.date() for d in pd.to_datetime(pd.Series(values)).dropna()]
                sql = f"{REGISTER_SQL} WHERE p.date_of_birth IN :wanted"
                people = _read_some(self._connection, sql, dates, type_=Date())
            people["date_of_birth"] = pd.to_datetime(people["date_of_birth"])
            for key, column in NAME_KEYS.items():
                people[key] = name_key(people[column])
            self._people = people
        return self._people


def _few(wanted: pd.Series | None) -> list[Any] | None:
    """The distinct wanted values, when there are few enough to read by; else None."""
    if wanted is None:
        return None
    values = wanted.dropna().unique()
    return list(values) if len(values) <= READ_BY_VALUE_BELOW else None


def _read_some(
    connection: Connection, sql: str, values: list[Any], type_: TypeEngine[Any] | None = None
) -> pd.DataFrame:
    """The rows of ``sql`` whose ``:wanted`` value is one of ``values``."""
    statement = text(sql).bindparams(bindparam("wanted", expanding=True, type_=type_))
    result = connection.execute(
        statement, {"wanted": [str(v) if type_ is None else v for v in values]}
    )
    return pd.DataFrame.from_records(result.fetchall(), columns=list(result.keys()))


def link_people(frame: pd.DataFrame, register: Register) -> pd.DataFrame:
    """Add ``person_id`` (nullable Int64) and ``link_method`` to a frame of partner rows."""
    person_id = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    method = pd.Series(pd.NA, index=frame.index, dtype="string")
    for rule, keys in RULES:
        unlinked = person_id.isna().to_numpy()
        if not unlinked.any():
            break
        pending = _pending(frame, keys, unlinked)
        if pending.empty:
            continue
        matched = _match(pending, register.unique_index(keys, _wanted(frame, keys, unlinked)), keys)
        if matched.empty:
            continue
        person_id.loc[matched.index] = matched.astype("Int64")
        method.loc[matched.index] = rule.value
    return frame.assign(person_id=person_id, link_method=method)


def _pending(frame: pd.DataFrame, keys: tuple[str, ...], unlinked: np.ndarray) -> pd.DataFrame:
    """The unlinked rows' ``keys`` (names as name keys), without rows missing any of them."""
    rows = frame[unlinked] if not unlinked.all() else frame
    work = pd.DataFrame(index=rows.index)
    for key in keys:
        column = NAME_KEYS.get(key, key)
        if column not in rows:
            return work.iloc[:0]
        values = rows[column]
        if key in NAME_KEYS:
            values = name_key(values)
        elif key == "date_of_birth":
            values = pd.to_datetime(values)
        work[key] = values
    return _as_text(work.dropna(subset=list(keys)), keys)


def _wanted(frame: pd.DataFrame, keys: tuple[str, ...], unlinked: np.ndarray) -> pd.Series | None:
    """What the register must be read by for this rule: the unlinked rows' id, or (for
    the name rules, read once for all three) every unlinked row's date of birth."""
    key = keys[0] if keys[0] in ID_KEYS else "date_of_birth"
    if key not in frame:
        return None
    values: pd.Series = frame.loc[unlinked, key]
    return pd.to_datetime(values) if key == "date_of_birth" else values.astype("string")


def _as_text(frame: pd.DataFrame, keys: tuple[str, ...]) -> pd.DataFrame:
    return frame.astype({key: "string" for key in keys if key != "date_of_birth"})


def _match(pending: pd.DataFrame, index: pd.DataFrame, keys: tuple[str, ...]) -> pd.Series:
    """The person id of each pending row whose keys are in ``index`` (whose keys are unique)."""
    if len(keys) == 1:  # a hash lookup, no join
        at = pd.Index(index[keys[0]]).get_indexer(pending[keys[0]])
        found = at >= 0
        ids = index["person_id"].to_numpy()[at[found]]
        return pd.Series(ids, index=pending.index[found])
    matched = pending.reset_index().merge(index, on=list(keys), how="inner")
    return matched.set_index(matched.columns[0])["person_id"]


def link_households(frame: pd.DataFrame, connection: Connection) -> pd.Series:
    """``household_id`` for rows that name a household by ``household_ref`` (else NA)."""
    if "household_ref" not in frame or frame["household_ref"].isna().all():
        return pd.Series(pd.NA, index=frame.index, dtype="Int64")
    result = connection.execute(text("SELECT household_ref, id FROM households"))
    known: dict[str, int] = {str(ref): int(i) for ref, i in result.fetchall()}
    return frame["household_ref"].map(known).astype("Int64")
