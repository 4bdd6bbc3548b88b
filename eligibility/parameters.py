"""The parameters a rule set may set, what kind of number each is, and its valid range.

Declared here once. A rule file's or a local file's parameter outside its range is refused
with the file and line, like every other problem with a rule file (``eligibility.loading``):

| kind | what it is | valid values |
|---|---|---|
| ``percent`` | a share of school sessions | from 0 to 100 |
| ``count`` | people, events or records | a whole number from 0 |
| ``months`` | a look-back window | a whole number from 1 to 36 (three years) |
| ``terms`` | complete school terms | a whole number from 1 to 9 (three school years) |

The shipped parameters are known by name (``KNOWN``). A council's own rule file may set
others, saying which kind each is (``kind = "percent"``). No parameter is an age: the ages
the facts turn on (under 18, compulsory school age) are fixed in the facts themselves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Final


class Kind(StrEnum):
    PERCENT = "percent"
    COUNT = "count"
    MONTHS = "months"
    TERMS = "terms"


@dataclass(frozen=True)
class Range:
    """The values one kind of parameter may take (``highest`` None: no upper bound)."""

    what: str  # "a percentage", completing "parameter ‘x’ is ..."
    lowest: float
    highest: float | None
    whole: bool

    def allows(self, value: float) -> bool:
        if not math.isfinite(value) or value < self.lowest:
            return False
        if self.highest is not None and value > self.highest:
            return False
        return not self.whole or value == int(value)

    @property
    def rule(self) -> str:
        """What the value must be, in words: "a whole number from 1 to 36"."""
        number = "a whole number" if self.whole else "a number"
        upper = "" if self.highest is None else f" to {self.highest:g}"
        return f"{number} from {self.lowest:g}{upper}"


RANGES: Final[dict[Kind, Range]] = {
    Kind.PERCENT: Range("a percentage", 0, 100, whole=False),
    Kind.COUNT: Range("a count", 0, None, whole=True),
    Kind.MONTHS: Range("a number of months", 1, 36, whole=True),
    Kind.TERMS: Range("a number of school terms", 1, 9, whole=True),
}

KNOWN: Final[dict[str, Kind]] = {
    "lookback_months": Kind.MONTHS,
    "terms": Kind.TERMS,
    "absence_pct": Kind.PERCENT,
    "unauthorised_absence_pct": Kind.PERCENT,
    "fixed_exclusions": Kind.COUNT,
}


def out_of_range(name: str, kind: Kind, value: float) -> str | None:
    """The problem with ``value`` for parameter ``name`` of ``kind``, or None if it is valid."""
    valid = RANGES[kind]
    if valid.allows(value):
        return None
    return f"parameter ‘{name}’ is {valid.what}: it must be {valid.rule}, not {value!r}"
