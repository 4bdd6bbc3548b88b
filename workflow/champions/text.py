"""The words and numbers a manager reads in suggestions and proposals."""

from __future__ import annotations

SPECIALISMS = {
    "gangs": "gangs",
    "domestic_abuse": "domestic abuse",
    "youth_justice": "youth justice",
    "substance_misuse": "substance misuse",
    "mental_health": "mental health",
    "send": "SEND (special educational needs and disabilities)",
    "early_years": "the early years",
}


def units(value: float) -> str:
    """``3.5``, ``12``, ``0.25``, ``1,250``: at most two decimal places, no trailing zeros."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def amount(value: float) -> str:
    """``1 unit``, ``0.5 units``, ``2 units``."""
    return f"{units(value)} unit" if value == 1 else f"{units(value)} units"


def score(value: float) -> str:
    """A score as a manager reads it: ``62.5``, ``12,345.6``."""
    text = f"{value:,.1f}"
    return text[:-2] if text.endswith(".0") else text


def specialism(code: str) -> str:
    return SPECIALISMS.get(code, code.replace("_", " "))


def families(count: int) -> str:
    return f"{count:,} {'family' if count == 1 else 'families'}"


def workers(count: int) -> str:
    return f"{count:,} {'worker' if count == 1 else 'workers'}"
