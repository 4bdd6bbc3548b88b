"""How each partner lays out its file: header names, order, title rows, extra columns,
blank rows, date styles, flag spellings and how careless it is with names and codes.

A partner's habits are fixed per kind (every file of one kind looks alike), drawn from
the seed, with a few fixed so every borough shows each kind of mess somewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from synth.streams import stream
from workflow.templates import FILLED_BY_IMPORTER, Template

EXTRA_COLUMNS = ("Notes", "Officer", "Comments", "Caseworker", "Last Updated By", "Source System")
FLAG_STYLES = (("Y", "N"), ("Yes", "No"), ("TRUE", "FALSE"), ("1", "0"), ("y", "n"))
SHEETS = ("Sheet1", "Data", "Export", "Report")
MIXED_DATES = (0.72, 0.08, 0.12, 0.05, 0.03)  # real, serial number, dd/mm/yyyy, iso, d Mon yyyy
CLEAN_DATES = (1.0, 0.0, 0.0, 0.0, 0.0)
NAME_NOISE = {
    "people": 0.0,
    "police_incidents": 0.15,
    "gangs_matrix": 0.2,
    "iom_cohort": 0.12,
    "referrals": 0.1,
    "keyworkers": 0.0,
}
# Always messy in these ways, so every borough has them whatever the seed.
ALWAYS_TITLE = ("police_incidents", "gangs_matrix")
ALWAYS_ALIASES = ("school_attendance", "benefits")
ALWAYS_MIXED_DATES = ("police_incidents", "benefits", "social_care")
LABELS = {"iom_cohort": "IOM cohort", "neet": "NEET", "gangs_matrix": "Gangs matrix"}


@dataclass(frozen=True)
class Profile:
    """One partner's file habits."""

    kind: str
    sheet: str
    headers: dict[str, str]  # canonical column -> header text written
    order: tuple[str, ...]  # column order, canonical names (plus the extra column's header)
    extra: str | None
    title: bool
    blank_rate: float
    trailing: int
    dates: tuple[float, ...]
    flags: tuple[str, str]
    flag_numbers: bool
    names: float
    codes: float


def label(kind: str) -> str:
    """The plain-English name of a kind (``Police incidents``)."""
    return LABELS.get(kind, kind.replace("_", " ").capitalize())


def stage_name(kind: str) -> str:
    """The progress stage for writing a kind: ``Writing police incidents``."""
    text = label(kind)
    return f"Writing {text if text[:3].isupper() else text[0].lower() + text[1:]}"


def profile(seed: int, template: Template) -> Profile:
    """The file habits of the partner that sends ``template``'s kind."""
    kind = template.kind
    rng = stream(seed, f"profile {kind}")
    alias_rate = (
        1.0 if kind in ALWAYS_ALIASES else float(rng.choice([0.0, 0.5, 1.0], p=[0.35, 0.35, 0.3]))
    )
    headers = _headers(rng, template, alias_rate)
    names = [n for n in template.names if n not in FILLED_BY_IMPORTER]
    extra = str(rng.choice(EXTRA_COLUMNS)) if rng.random() < 0.4 else None
    if extra is not None:
        names.insert(int(rng.integers(0, len(names) + 1)), extra)
    if rng.random() < 0.4:
        names = [str(x) for x in rng.permutation(np.array(names, dtype=object))]
    mixed = kind in ALWAYS_MIXED_DATES or rng.random() < 0.6
    style = FLAG_STYLES[int(rng.choice(len(FLAG_STYLES), p=[0.45, 0.2, 0.15, 0.1, 0.1]))]
    return Profile(
        kind=kind,
        sheet=str(rng.choice([*SHEETS, label(kind)[:31]])),
        headers=headers,
        order=tuple(names),
        extra=extra,
        title=kind in ALWAYS_TITLE or bool(rng.random() < 0.4),
        blank_rate=0.002 if rng.random() < 0.5 else 0.0,
        trailing=int(rng.integers(1, 4)) if rng.random() < 0.5 else 0,
        dates=MIXED_DATES if mixed else CLEAN_DATES,
        flags=style,
        flag_numbers=style == ("1", "0") and bool(rng.random() < 0.5),
        names=NAME_NOISE.get(kind, 0.06),
        codes=0.0 if kind in ("people", "keyworkers") else 0.03,
    )


def _headers(rng: np.random.Generator, template: Template, rate: float) -> dict[str, str]:
    headers: dict[str, str] = {}
    used: set[str] = set()
    for column in template.columns:
        text = column.name
        if column.aliases and rng.random() < rate:
            text = str(column.aliases[int(rng.integers(0, len(column.aliases)))])
        if text.casefold() in used:
            text = column.name
        used.add(text.casefold())
        headers[column.name] = text
    return headers
