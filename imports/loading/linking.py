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
as unlinked facts, visible to data officers; probabilistic matching (Splink) is the next
step for them (``imports/matching``, issue #5) and records ``probabilistic`` links.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, text

from workflow.domain.vocabulary import LinkMethod

RULES: tuple[tuple[LinkMethod, tuple[str, ...]], ...] = (
    (LinkMethod.PERSON_REF, ("person_ref",)),
    (LinkMethod.NINO, ("nino",)),
    (LinkMethod.UPN, ("upn",)),
    (LinkMethod.NAME_DOB_POSTCODE, ("forename_key", "surname_key", "date_of_birth", "postcode")),
    (LinkMethod.NAME_DOB_POSTCODE, ("surname_key", "date_of_birth", "postcode")),
    (LinkMethod.NAME_DOB_POSTCODE, ("forename_key", "surname_key", "date_of_birth")),
)

REGISTER_SQL = """
SELECT p.id AS person_id, p.person_ref, p.nino, p.upn, p.forename, p.surname,
       p.date_of_birth, h.postcode
FROM people p
LEFT JOIN household_memberships m ON m.person_id = p.id AND m.valid_to IS NULL
LEFT JOIN households h ON h.id = m.household_id
"""


def name_key(names: pd.Series) -> pd.Series:
    """Lower case, letters only: 'O'Brien-Smith ' -> 'obriensmith'."""
    return names.astype("string").str.lower().str.replace(r"[^a-z]", "", regex=True)


@dataclass(frozen=True)
class Register:
    """The person register's keys, loaded once per import."""

    people: pd.DataFrame

    @classmethod
    def load(cls, connection: Connection) -> Register:
        result = connection.execute(text(REGISTER_SQL))
        frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
        frame["date_of_birth"] = pd.to_datetime(frame["date_of_birth"])
        frame["forename_key"] = name_key(frame["forename"])
        frame["surname_key"] = name_key(frame["surname"])
        return cls(frame)

    def unique_index(self, keys: tuple[str, ...]) -> pd.DataFrame:
        """Register rows keyed by ``keys``, keeping only keys that name exactly one person."""
        frame = self.people.dropna(subset=list(keys))
        frame = frame.drop_duplicates(subset=[*keys, "person_id"])
        frame = frame[~frame.duplicated(subset=list(keys), keep=False)]
        return frame[[*keys, "person_id"]]


def link_people(frame: pd.DataFrame, register: Register) -> pd.DataFrame:
    """Add ``person_id`` (nullable Int64) and ``link_method`` to a frame of partner rows."""
    work = pd.DataFrame(index=frame.index)
    for column in ("person_ref", "nino", "upn", "date_of_birth", "postcode"):
        work[column] = frame.get(column, pd.NA)
    work["date_of_birth"] = pd.to_datetime(work["date_of_birth"])
    work["forename_key"] = name_key(frame["forename"]) if "forename" in frame else pd.NA
    work["surname_key"] = name_key(frame["surname"]) if "surname" in frame else pd.NA
    person_id = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    method = pd.Series(pd.NA, index=frame.index, dtype="string")
    for rule, keys in RULES:
        pending = work[person_id.isna()].dropna(subset=list(keys))
        if pending.empty:
            continue
        index = register.unique_index(keys)
        for key in keys:
            if key != "date_of_birth":
                pending = pending.astype({key: "string"})
                index = index.astype({key: "string"})
        matched = pending[list(keys)].reset_index().merge(index, on=list(keys), how="inner")
        if matched.empty:
            continue
        matched = matched.set_index(matched.columns[0])
        person_id.loc[matched.index] = matched["person_id"].astype("Int64")
        method.loc[matched.index] = rule.value
    out = frame.copy()
    out["person_id"] = person_id
    out["link_method"] = method
    return out


def link_households(frame: pd.DataFrame, connection: Connection) -> pd.Series:
    """``household_id`` for rows that name a household by ``household_ref`` (else NA)."""
    if "household_ref" not in frame or frame["household_ref"].isna().all():
        return pd.Series(pd.NA, index=frame.index, dtype="Int64")
    result = connection.execute(text("SELECT household_ref, id FROM households"))
    known: dict[str, int] = {str(ref): int(i) for ref, i in result.fetchall()}
    return frame["household_ref"].map(known).astype("Int64")
