"""Plain-English names for canonical columns and codes, for reasons the sender reads."""

from __future__ import annotations

import datetime as dt
import re

_LABELS = {
    "person_ref": "Person ref",
    "household_ref": "Household ref",
    "date_of_birth": "Date of birth",
    "address_line1": "Address",
    "uprn": "UPRN",
    "nino": "NI number",
    "upn": "UPN",
    "sessions_possible": "Sessions possible",
    "sessions_authorised_absence": "Authorised absence",
    "sessions_unauthorised_absence": "Unauthorised absence",
    "school_urn": "School URN",
    "marac": "MARAC",
    "out_of_work": "Out of work",
    "nominal_ref": "Nominal ref",
    "referral_ref": "Referral ref",
    "staff_ref": "Staff ref",
    "crime_ref": "Crime ref",
}

_DATE_CELL = re.compile(r"(\d{4})-(\d{2})-(\d{2}) 00:00:00")

# Words shown in capitals when a code is shown to the sender.
_ACRONYMS = frozenset({"jsa", "esa", "is", "ib", "uc", "pip", "yro", "ete", "yos", "asb", "dv"})


def label(name: str) -> str:
    """The sentence-case label of a canonical column: ``date_of_birth`` → ``Date of birth``."""
    return _LABELS.get(name) or name.replace("_", " ").capitalize()


def lower_label(name: str) -> str:
    """The label for use mid-sentence (acronyms keep their capitals)."""
    text = label(name)
    return text if text[:2].isupper() else text[0].lower() + text[1:]


def show_code(code: str) -> str:
    """A code as the sender would write it: ``asb_incident`` → ``ASB incident``."""
    return " ".join(w.upper() if w in _ACRONYMS else w for w in code.split("_"))


def show_codes(codes: tuple[str, ...]) -> str:
    """The accepted codes, comma separated."""
    return ", ".join(show_code(c) for c in codes)


def show_date(value: dt.date) -> str:
    """A date as dd/mm/yyyy."""
    return value.strftime("%d/%m/%Y")


def quoted(value: str) -> str:
    """A cell value in typographic quotes, cut to 100 characters."""
    return f"‘{value[:100]}’"


def as_written(cell: str) -> str:
    """A cell's text as the sender sees it: a date cell (read as ISO) shown dd/mm/yyyy."""
    found = _DATE_CELL.fullmatch(cell)
    return f"{found[3]}/{found[2]}/{found[1]}" if found else cell
