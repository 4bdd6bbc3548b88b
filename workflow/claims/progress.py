"""A family's figures from the imported data, for its baseline and for a claim.

The results measures compare figures at two dates, each derived exactly as screening
derives its facts (``workflow.screening.derive``: the people living in the household on
the day, rows of accepted batches only, education rows only while a child was of
compulsory school age), over the results rules' window (the last 6 months, the last 3
complete terms). Each figure keeps the people behind it (for the whole-family rule) and
the rows behind it: batch, file, sheet and the row the sender sees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Connection, text

from eligibility.facts import FACTS
from eligibility.ruleset import RuleSet
from workflow.claims.results import BenefitSpell, Figures
from workflow.screening.derive import derive_facts

EVIDENCE_KEYS = ("fact", "person_ref", "kind", "batch_id", "file_name", "sheet", "source_row")


@dataclass(frozen=True)
class Derived:
    """Each household's figures at one date, and the rows behind them."""

    figures: dict[int, Figures]
    evidence: dict[int, list[dict[str, Any]]]
    refs: dict[int, str]


def _number(value: Any) -> float | None:
    if value is None or pd.isna(value):
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def _evidence_row(row: Any) -> dict[str, Any]:
    day = row.date
    return {
        "fact": str(row.fact),
        "person_ref": None if pd.isna(row.person_ref) else str(row.person_ref),
        "kind": str(row.kind),
        "batch_id": None if pd.isna(row.batch_id) else int(row.batch_id),
        "file_name": None if pd.isna(row.file_name) else str(row.file_name),
        "sheet": None if pd.isna(row.sheet) else str(row.sheet),
        "source_row": None if pd.isna(row.source_row) else int(row.source_row),
        "date": None if pd.isna(day) else pd.Timestamp(day).date().isoformat(),
        "detail": None if pd.isna(row.detail) else str(row.detail),
    }


def derive(
    connection: Connection,
    as_of: dt.date,
    household_ids: Sequence[int],
    *,
    months: int,
    terms: int,
    evidence: bool = True,
) -> Derived:
    """The figures of ``household_ids`` at ``as_of``, over the last ``months`` and ``terms``."""
    if not household_ids:
        return Derived({}, {}, {})
    derived = derive_facts(
        connection,
        as_of,
        lookback_months=months,
        terms=terms,
        household_ids=list(household_ids),
        with_evidence=evidence,
    )
    facts = derived.facts
    people: dict[int, dict[str, set[str]]] = {}
    rows: dict[int, list[dict[str, Any]]] = {}
    if derived.evidence is not None:
        kept = derived.evidence[derived.evidence["kind"] != "people"]
        row: Any
        for row in kept.itertuples(index=False):
            household = int(row.household_id)
            rows.setdefault(household, []).append(_evidence_row(row))
            if not pd.isna(row.person_ref):
                people.setdefault(household, {}).setdefault(str(row.fact), set()).add(
                    str(row.person_ref)
                )
    figures: dict[int, Figures] = {}
    columns = [name for name in FACTS if name in facts.columns]
    for household, values in zip(
        facts.index.tolist(), facts[columns].itertuples(index=False), strict=True
    ):
        figures[int(household)] = Figures(
            values={name: _number(value) for name, value in zip(columns, values, strict=True)},
            people={f: frozenset(p) for f, p in people.get(int(household), {}).items()},
        )
    refs = {int(str(k)): str(v) for k, v in derived.household_refs.items()}
    return Derived(figures, rows, refs)


def criteria_met(ruleset: RuleSet, figures: Figures) -> tuple[str, ...]:
    """The criteria of ``ruleset`` the figures meet, in the rule set's order."""
    return tuple(
        criterion.id
        for criterion in ruleset.criteria
        if any(condition.holds(figures.value(condition.fact)) for condition in criterion.any_of)
    )


def benefit_spells(
    connection: Connection, people: dict[int, list[str]], attached_on: dict[int, dt.date]
) -> dict[int, tuple[BenefitSpell, ...]]:
    """For each household, its adults' out-of-work benefit claims open on the day it was
    attached, each with the day it ended as the data says now (None: still open)."""
    refs = sorted({ref for refs in people.values() for ref in refs})
    if not refs:
        return {}
    found: dict[str, list[tuple[str, dt.date, dt.date | None]]] = {}
    for start in range(0, len(refs), 500):
        chunk = refs[start : start + 500]
        marks = ", ".join(f":r{i}" for i in range(len(chunk)))
        result = connection.execute(
            text(
                "SELECT p.person_ref, f.benefit, f.valid_from, f.valid_to "
                "FROM fact_benefits f JOIN people p ON p.id = f.person_id "
                "JOIN import_batches b ON b.id = f.batch_id "
                "WHERE b.status = 'accepted' AND f.out_of_work = :yes "
                f"AND p.person_ref IN ({marks})"
            ),
            {"yes": True, **{f"r{i}": ref for i, ref in enumerate(chunk)}},
        )
        for person, benefit, began, ended in result:
            found.setdefault(str(person), []).append(
                (str(benefit).upper(), _day(began), None if ended is None else _day(ended))
            )
    spells: dict[int, tuple[BenefitSpell, ...]] = {}
    for household, refs_here in people.items():
        day = attached_on[household]
        out: list[BenefitSpell] = []
        for ref in sorted(refs_here):
            open_then = [
                (benefit, ended)
                for benefit, began, ended in found.get(ref, [])
                if began <= day and (ended is None or ended >= day)
            ]
            if not open_then:
                continue
            # The claim open on the day; if several, the one that ran longest.
            benefit, ended = max(open_then, key=lambda s: s[1] or dt.date.max)
            out.append(BenefitSpell(ref, benefit, ended))
        spells[household] = tuple(out)
    return spells


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
