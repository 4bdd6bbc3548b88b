"""Money: payment amounts by phase and financial year, in exact pence. Pure.

Every amount is a ``Decimal`` with two places; nothing is ever a float. An amounts table
says, for each financial year (April to March) of a programme phase, the attachment fee
and each result's payment. The year a family's payments come from is the one it was
attached in. A table with a missing year, a missing result, a negative amount or, in
2012, more than the £4,000 cap for one family is refused with every reason.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final

from workflow.errors import WorkflowError

PENNY: Final = Decimal("0.01")
AMOUNTS_FILE: Final = Path(__file__).parent / "rulesets" / "amounts.toml"
ATTACHMENT: Final = "attachment"

# The first and last financial years of each phase (the eligibility rule sets' effective
# dates); Supporting Families has no end date yet, so its table runs to the window's close.
PHASE_YEARS: Final[dict[str, tuple[int, int | None]]] = {
    "troubled-families-2012": (2012, 2014),
    "troubled-families-2015": (2015, 2019),
    "supporting-families-2022": (2022, None),
}


def phase_years(phase: str, through: dt.date) -> tuple[str, ...]:
    """The financial years a window of ``phase`` closing on ``through`` needs amounts for."""
    first, last = PHASE_YEARS[phase]
    closing = int(financial_year(through)[:4])
    end = closing if last is None else min(last, max(closing, first))
    return tuple(f"{y}/{(y + 1) % 100:02d}" for y in range(first, max(end, first) + 1))


class AmountsInvalid(WorkflowError):
    code = "amounts_invalid"


def pounds(value: Decimal | int | str) -> str:
    """£1,234.50: pounds with pence, as people read them."""
    amount = Decimal(value).quantize(PENNY)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def financial_year(day: dt.date) -> str:
    """The financial year (1 April to 31 March) ``day`` falls in: 2013/14 for 01/01/2014."""
    first = day.year if day.month >= 4 else day.year - 1
    return f"{first}/{(first + 1) % 100:02d}"


def _amount(raw: Any) -> Decimal | None:
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        return None  # a float is never money: write "800.00"
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        return None
    if not value.is_finite() or value != value.quantize(PENNY):
        return None
    return value.quantize(PENNY)


@dataclass(frozen=True)
class Amounts:
    """One phase's amounts: year -> what -> pounds (``attachment`` and each outcome)."""

    phase: str
    years: Mapping[str, Mapping[str, Decimal]]
    cap: Decimal | None = None
    source: str = ""

    def attachment(self, attached_on: dt.date) -> Decimal:
        return self.years[financial_year(attached_on)][ATTACHMENT]

    def result(self, outcome: str, attached_on: dt.date) -> Decimal:
        return self.years[financial_year(attached_on)][outcome]

    def as_document(self) -> dict[str, Any]:
        """What a window stores: amounts as text, so the pence survive JSON."""
        return {
            "phase": self.phase,
            "cap": None if self.cap is None else str(self.cap),
            "source": self.source,
            "years": {y: {k: str(v) for k, v in row.items()} for y, row in self.years.items()},
        }


def amounts_from(
    phase: str, document: Mapping[str, Any], outcomes: Iterable[str], through: dt.date
) -> Amounts:
    """Check an amounts table for ``phase`` whose results are ``outcomes``, for a window
    closing on ``through``."""
    problems: list[str] = []
    if phase not in PHASE_YEARS:
        raise AmountsInvalid(f"‘{phase}’ is not a programme phase.")
    years_raw = document.get("years")
    if not isinstance(years_raw, Mapping):
        raise AmountsInvalid(f"The amounts table for {phase} has no years.")
    cap = _amount(document["cap"]) if document.get("cap") is not None else None
    outcomes = tuple(outcomes)
    needed = (ATTACHMENT, *outcomes)
    years: dict[str, dict[str, Decimal]] = {}
    wanted = phase_years(phase, through)
    for year in wanted:
        row = years_raw.get(year)
        if not isinstance(row, Mapping):
            problems.append(f"the year {year} is missing")
            continue
        years[year] = {}
        for what in needed:
            if what not in row:
                problems.append(f"{year}: the amount for ‘{what}’ is missing")
                continue
            value = _amount(row[what])
            if value is None:
                problems.append(
                    f'{year}: ‘{what}’ must be pounds and pence as text, like "800.00", '
                    f"not {row[what]!r}"
                )
            elif value < 0:
                problems.append(
                    f"{year}: ‘{what}’ is {pounds(value)}: an amount cannot be negative"
                )
            else:
                years[year][what] = value
        if cap is not None and ATTACHMENT in years[year]:
            for what in outcomes:
                total = years[year][ATTACHMENT] + years[year].get(what, Decimal(0))
                if total > cap:
                    problems.append(
                        f"{year}: the attachment fee and ‘{what}’ come to {pounds(total)}, "
                        f"more than the {pounds(cap)} a family"
                    )
    first, last = PHASE_YEARS[phase]
    for year in sorted(years_raw):
        start = int(str(year)[:4]) if str(year)[:4].isdigit() else -1
        if start < first or (last is not None and start > last):
            problems.append(f"{year} is not a year of {phase}")
    if problems:
        raise AmountsInvalid(
            f"The amounts table for {phase} cannot be used: " + "; ".join(problems) + "."
        )
    return Amounts(phase, years, cap, str(document.get("source", "")))


def shipped_amounts(
    phase: str, outcomes: Iterable[str], through: dt.date, path: Path = AMOUNTS_FILE
) -> Amounts:
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    if phase not in document:
        raise AmountsInvalid(f"There are no amounts for ‘{phase}’ in {path.name}.")
    return amounts_from(phase, document[phase], outcomes, through)


def amounts_document(phase: str, path: Path = AMOUNTS_FILE) -> dict[str, Any]:
    """The shipped amounts table of ``phase``, as the file gives it."""
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    return dict(document.get(phase, {}))
