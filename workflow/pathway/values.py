"""Reading one setting of a pathway definition: text, whole numbers, weights, lists of
names. Each reports what is wrong to ``Found`` (with the line) and returns ``None``."""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from workflow.pathway.reading import At, Found

SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
HUNDREDTH = Decimal("0.01")
LISTED = 12  # a longer list of choices is not spelt out in a message


def text(found: Found, spec: dict[str, Any], key: str, at: At) -> str | None:
    """Some text, required."""
    value = spec.get(key)
    if value is None:
        found.add(f"{at.where} has no ‘{key}’", at)
    elif not isinstance(value, str) or not value.strip():
        found.add(f"{at.where}: ‘{key}’ must be some text, not {shown(value)}", at, key)
    else:
        return value.strip()
    return None


def slug(found: Found, spec: dict[str, Any], key: str, at: At) -> str | None:
    """An id: lower-case letters, digits and underscores, starting with a letter."""
    value = text(found, spec, key, at)
    if value is not None and not SLUG.match(value):
        found.add(
            f"{at.where}: ‘{key}’ must be lower-case letters, digits and underscores, "
            f"starting with a letter, not {shown(value)}",
            at,
            key,
        )
        return None
    return value


def whole(
    found: Found, spec: dict[str, Any], key: str, at: At, *, low: int, high: int
) -> int | None:
    """A whole number from ``low`` to ``high``, required."""
    value = spec.get(key)
    if value is None:
        found.add(f"{at.where} has no ‘{key}’", at)
    elif isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        found.add(
            f"{at.where}: ‘{key}’ must be a whole number from {low} to {high}, not {shown(value)}",
            at,
            key,
        )
    else:
        return value
    return None


def units(
    found: Found, spec: dict[str, Any], key: str, at: At, *, most: Decimal | None = None
) -> Decimal | None:
    """A positive number of caseload units, in hundredths at most (the database's)."""
    value = spec.get(key)
    if value is None:
        found.add(f"{at.where} has no ‘{key}’", at)
        return None
    amount = None
    if not isinstance(value, bool) and isinstance(value, int | float):
        amount = Decimal(str(value))  # nan and inf parse too, and are refused below
    if amount is None or not amount.is_finite() or amount <= 0:
        found.add(
            f"{at.where}: ‘{key}’ must be a number greater than 0, not {shown(value)}", at, key
        )
        return None
    if amount != amount.quantize(HUNDREDTH):
        found.add(f"{at.where}: ‘{key}’ has more than 2 decimal places ({value})", at, key)
        return None
    if most is not None and amount > most:
        found.add(
            f"{at.where}: ‘{key}’ is {value}, more than a whole caseload ({most} units)", at, key
        )
        return None
    return amount


def boolean(found: Found, spec: dict[str, Any], key: str, at: At) -> bool | None:
    value = spec.get(key)
    if value is None:
        found.add(f"{at.where} has no ‘{key}’", at)
    elif not isinstance(value, bool):
        found.add(f"{at.where}: ‘{key}’ must be true or false, not {shown(value)}", at, key)
    else:
        return value
    return None


def names(
    found: Found,
    spec: dict[str, Any],
    key: str,
    at: At,
    *,
    known: Collection[str],
    what: str,
    single: bool = False,
) -> tuple[str, ...] | None:
    """A list of names, each one of ``known`` (``what`` says what they are: "a tier").

    Not required: a missing key is an empty list. ``single``: one name may be written
    without the brackets (``from = "bronze"``).
    """
    value = spec.get(key, [])
    if single and isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        found.add(f'{at.where}: ‘{key}’ must be a list of names, like ["{_first(known)}"]', at, key)
        return None
    unknown = [item for item in value if item not in known]
    for item in unknown:
        message = f"{at.where}: ‘{item}’ in ‘{key}’ is not {what}{_choices(item, known)}"
        found.add(message, at, key, item)
    twice = sorted({item for item in value if value.count(item) > 1})
    for item in twice:
        found.add(f"{at.where}: ‘{key}’ names ‘{item}’ twice", at, key, item)
    return None if unknown or twice else tuple(value)


def one_of(
    found: Found, spec: dict[str, Any], key: str, at: At, *, known: Collection[str], what: str
) -> str | None:
    """One name of ``known``, required."""
    value = text(found, spec, key, at)
    if value is not None and value not in known:
        found.add(f"{at.where}: ‘{value}’ is not {what}{_choices(value, known)}", at, key)
        return None
    return value


def shown(value: Any) -> str:
    """A value as a message quotes it, cut short past 40 characters."""
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _choices(name: str, known: Collection[str]) -> str:
    """ " (they are a, b, c)", or for a long list the nearest name: " (did you mean ‘x’?)"."""
    if len(known) <= LISTED:
        return f" (they are {', '.join(known)})"
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean ‘{close[0]}’?)" if close else ""


def _first(known: Collection[str]) -> str:
    return next(iter(known), "name")
