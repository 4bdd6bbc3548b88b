"""The identity errors real police lists carry, in realistic shares (issue #13).

A list is typed from other systems by other people: names land in each other's columns,
a name or a date of birth is left out, a date is mistyped into one that cannot exist
(19960094), a date of birth is replaced by someone else's, a postcode is the new one
after a move the council has not heard of, and many rows carry a street address. Each
change is tagged (``names:swapped``, ``date_of_birth:missing`` ...) so scoring can tell
which error a missed link came from.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

# Shares of a police list's rows with each error (each row gets at most one).
LIST_ERRORS = {
    "names:swapped": 0.03,
    "forename:missing": 0.01,
    "surname:missing": 0.005,
    "date_of_birth:missing": 0.04,
    "date_of_birth:impossible": 0.015,
    "date_of_birth:replaced": 0.015,
    "postcode:moved": 0.03,
}
ADDRESS_SHARE = 0.6  # rows that give a house number and street
LOCALITY_SHARE = 0.5  # rows that give a locality (suburb)


@dataclass
class IdentityErrors:
    """What was done: new column values, impossible dates as written, and a tag per row."""

    columns: dict[str, np.ndarray]
    written_dates: np.ndarray  # object: "19960094" where the date cannot exist, else None
    tags: np.ndarray  # object: one tag per row or None


def stream(kind: str, person: np.ndarray) -> np.random.Generator:
    """A generator of its own for a list, so adding these errors leaves every other random
    draw of the borough as it was."""
    return np.random.default_rng([zlib.crc32(kind.encode()), int(np.sum(person)) % 2**32])


def add_identity_errors(
    rng: np.random.Generator, columns: dict[str, np.ndarray], other_postcodes: np.ndarray
) -> IdentityErrors:
    """Apply ``LIST_ERRORS`` to ``columns`` (forename, surname, date_of_birth, postcode as
    arrays); ``other_postcodes`` are the borough's postcodes a person might move to."""
    n = len(columns["forename"])
    out = {name: np.asarray(values, dtype=object).copy() for name, values in columns.items()}
    names = list(LIST_ERRORS)
    shares = np.array([LIST_ERRORS[k] for k in names])
    draw = rng.random(n)
    which = np.searchsorted(np.cumsum(shares), draw, side="right")
    tags = np.full(n, None, dtype=object)
    written = np.full(n, None, dtype=object)
    dob = pd.to_datetime(pd.Series(out["date_of_birth"]), errors="coerce")
    for row in np.flatnonzero(which < len(names)).tolist():
        tag = names[which[row]]
        if tag == "names:swapped":
            out["forename"][row], out["surname"][row] = out["surname"][row], out["forename"][row]
        elif tag == "forename:missing":
            out["forename"][row] = None
        elif tag == "surname:missing":
            out["surname"][row] = None
        elif tag == "date_of_birth:missing":
            out["date_of_birth"][row] = None
        elif tag == "date_of_birth:impossible":
            if pd.isna(dob.iloc[row]):
                continue
            written[row] = _impossible(rng, dob.iloc[row])
            out["date_of_birth"][row] = None
        elif tag == "date_of_birth:replaced":
            if pd.isna(dob.iloc[row]):
                continue
            days = int(rng.integers(400, 9000)) * (1 if rng.random() < 0.5 else -1)
            out["date_of_birth"][row] = (dob.iloc[row] + pd.Timedelta(days=days)).to_datetime64()
        elif tag == "postcode:moved" and len(other_postcodes):
            out["postcode"][row] = other_postcodes[rng.integers(0, len(other_postcodes))]
        tags[row] = tag
    return IdentityErrors(out, written, tags)


def _impossible(rng: np.random.Generator, day: pd.Timestamp) -> str:
    """A date of birth typed into one that cannot exist: a digit of the day or month wrong
    ("19960094"), or the day past the month's end ("31/02/1996")."""
    if rng.random() < 0.5:
        return f"{day.year:04d}{day.month:02d}{90 + int(rng.integers(0, 10)):02d}"
    return f"{31 if day.month in (2, 4, 6, 9, 11) else 32}/{day.month:02d}/{day.year:04d}"


def address_columns(
    rng: np.random.Generator, line1: np.ndarray, locality: np.ndarray
) -> dict[str, np.ndarray]:
    """House number, street and locality as a police export gives them, on some rows."""
    n = len(line1)
    number = np.full(n, None, dtype=object)
    street = np.full(n, None, dtype=object)
    whole = np.full(n, None, dtype=object)  # "Flat 10, Kestrel House": the line as it is
    given = rng.random(n) < ADDRESS_SHARE
    for row in np.flatnonzero(given).tolist():
        text = line1[row]
        if not isinstance(text, str):
            continue
        head, _, rest = text.partition(" ")
        if head.isdigit() and rest:
            number[row], street[row] = head, rest
        else:
            whole[row] = text
    places = np.asarray(locality, dtype=object).copy()
    places[rng.random(n) >= LOCALITY_SHARE] = None
    return {"house_number": number, "street": street, "address_line1": whole, "locality": places}
