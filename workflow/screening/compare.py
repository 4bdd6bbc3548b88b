"""Comparing two rule sets on the same households and date: who each finds, who flips.

A comparison stores nothing and moves nobody: it answers "what would change if we
screened under B instead of A?". It reads every household's data, so it is audited.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from eligibility import Catalogue, check_as_of, screen
from workflow import audit
from workflow.clock import Clock
from workflow.principal import Principal
from workflow.screening.derive import DerivedFacts, derive_facts
from workflow.uow import UnitOfWork

SHOWN = 20  # household references listed per direction in the text output


@dataclass(frozen=True)
class Side:
    ruleset_id: str
    title: str
    version: int
    content_hash: str
    eligible: int
    note: str | None


@dataclass(frozen=True)
class Comparison:
    as_of: dt.date
    households: int
    first: Side
    second: Side
    both: int
    only_first: list[str]  # household references eligible under the first only
    only_second: list[str]
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "households": self.households,
            "first": vars(self.first),
            "second": vars(self.second),
            "both": self.both,
            "only_first": self.only_first,
            "only_second": self.only_second,
            "seconds": self.seconds,
        }

    def lines(self) -> list[str]:
        a, b = self.first, self.second
        lines = [
            f"Compared on {self.households:,} households as at {self.as_of:%d/%m/%Y}:",
            f"  {a.title} ({a.ruleset_id}): {a.eligible:,} eligible",
            f"  {b.title} ({b.ruleset_id}): {b.eligible:,} eligible",
            f"  Eligible under both: {self.both:,}",
            f"  Only under {a.ruleset_id}: {len(self.only_first):,}{_some(self.only_first)}",
            f"  Only under {b.ruleset_id}: {len(self.only_second):,}{_some(self.only_second)}",
        ]
        lines += [f"  Note: {note}" for note in (a.note, b.note) if note]
        return lines


def _some(refs: list[str]) -> str:
    if not refs:
        return ""
    shown = ", ".join(refs[:SHOWN])
    more = f" and {len(refs) - SHOWN:,} more" if len(refs) > SHOWN else ""
    return f" ({shown}{more})"


def compare_rulesets(
    first_id: str,
    second_id: str,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    catalogue: Catalogue,
    as_of: dt.date | None = None,
) -> Comparison:
    """Screen every household under both rule sets (nothing stored) and compare; the read
    is audited."""
    started = time.perf_counter()
    first, second = catalogue.get(first_id), catalogue.get(second_id)
    as_of = as_of or clock.today()
    notes = check_as_of(first, as_of), check_as_of(second, as_of)
    derived: dict[tuple[int, int], DerivedFacts] = {}
    with uow:
        connection = uow.connection
        for ruleset in (first, second):
            key = (ruleset.lookback_months, ruleset.terms)
            if key not in derived:
                derived[key] = derive_facts(connection, as_of, lookback_months=key[0], terms=key[1])
        a = screen(first, derived[(first.lookback_months, first.terms)].facts).eligible
        b = screen(second, derived[(second.lookback_months, second.terms)].facts).eligible
        refs = next(iter(derived.values())).household_refs
        audit.record(
            connection,
            actor=actor,
            action="read",
            entity_type="borough",
            purpose="compare rule sets",
            detail={"first": first.id, "second": second.id, "as_of": as_of.isoformat()},
        )
        uow.commit()
    only_a = sorted(refs[a & ~b].astype(str).tolist())
    only_b = sorted(refs[b & ~a].astype(str).tolist())
    return Comparison(
        as_of=as_of,
        households=len(a),
        first=Side(
            first.id, first.title, first.version, first.content_hash, int(a.sum()), notes[0]
        ),
        second=Side(
            second.id, second.title, second.version, second.content_hash, int(b.sum()), notes[1]
        ),
        both=int((a & b).sum()),
        only_first=only_a,
        only_second=only_b,
        seconds=time.perf_counter() - started,
    )
