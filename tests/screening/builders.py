"""A tiny borough written straight into the tables, for screening tests.

Reads like the situation it sets up::

    b = Borough(connection)
    home = b.household("H1")
    kyle = b.person("P1", born=date(2010, 5, 1), lives_in=home)
    b.fact("police_incidents", kyle, on=date(2026, 2, 3), incident_type="offence",
           role="perpetrator", outcome="proven")
"""

from __future__ import annotations

import datetime as dt
from itertools import count
from typing import Any

from sqlalchemy import Connection, Table

from workflow.db.models import (
    FACT_MODELS,
    GangNominal,
    Household,
    HouseholdMembership,
    ImportBatch,
    IomNominal,
    Person,
)

TABLES: dict[str, Table] = {
    **{kind: model.__table__ for kind, model in FACT_MODELS.items()},  # type: ignore[misc]
    "gangs_matrix": GangNominal.__table__,  # type: ignore[dict-item]
    "iom_cohort": IomNominal.__table__,  # type: ignore[dict-item]
}

# Required columns each kind needs filled, whatever the test is about.
DEFAULTS: dict[str, dict[str, Any]] = {
    "school_attendance": {
        "academic_year": "2025/26",
        "term": "autumn",
        "sessions_possible": 140,
        "sessions_authorised_absence": 0,
        "sessions_unauthorised_absence": 0,
    },
    "exclusions": {"exclusion_type": "suspension"},
    "alternative_provision": {"reason": "behaviour"},
    "police_incidents": {"incident_type": "offence", "role": "perpetrator"},
    "youth_justice": {"outcome": "referral_order"},
    "domestic_abuse": {"role": "victim"},
    "benefits": {"benefit": "uc", "out_of_work": True},
    "social_care": {"status": "early_help"},
    "health": {"need": "mental_health"},
    "housing": {"issue": "rent_arrears"},
    "gangs_matrix": {
        "forename": "A",
        "surname": "Nominal",
        "date_of_birth": dt.date(2005, 1, 1),
        "harm_score": 0,
        "harm_band": "zero",
        "victim_band": "zero",
        "aliases": [],
    },
    "iom_cohort": {
        "forename": "A",
        "surname": "Nominal",
        "date_of_birth": dt.date(1990, 1, 1),
        "cohort": "fixed",
        "needs": [],
    },
}


class Borough:
    """Households, people and partner rows, each kind's rows in one accepted batch."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.batches: dict[str, int] = {}
        self.rows = count(2)
        self.refs = count(1)

    def _insert(self, table: Table, **values: Any) -> int:
        result = self.connection.execute(table.insert().values(**values))
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    def batch(self, kind: str, *, status: str = "accepted", file_name: str | None = None) -> int:
        """A new import batch of ``kind`` (the default batch for the kind if none yet)."""
        batch_id = self._insert(
            ImportBatch.__table__,  # type: ignore[arg-type]
            kind=kind,
            source=kind,
            file_name=file_name or f"{kind}.xlsx",
            sheet="Data",
            checksum=f"{kind}-{next(self.refs)}",
            status=status,
        )
        self.batches.setdefault(kind, batch_id)
        return batch_id

    def household(self, ref: str) -> int:
        return self._insert(Household.__table__, household_ref=ref, postcode="QX1 1AA")  # type: ignore[arg-type]

    def person(
        self,
        ref: str,
        *,
        born: dt.date,
        lives_in: int | None = None,
        moved_in: dt.date | None = None,
        moved_out: dt.date | None = None,
        expecting_baby: bool = False,
    ) -> int:
        person_id = self._insert(
            Person.__table__,  # type: ignore[arg-type]
            person_ref=ref,
            forename=ref,
            surname="Test",
            date_of_birth=born,
        )
        if lives_in is not None:
            self.move(person_id, lives_in, moved_in=moved_in, moved_out=moved_out,
                      expecting_baby=expecting_baby)  # fmt: skip
        return person_id

    def move(
        self,
        person_id: int,
        household_id: int,
        *,
        moved_in: dt.date | None = None,
        moved_out: dt.date | None = None,
        expecting_baby: bool = False,
    ) -> int:
        batch_id = self.batches.get("people") or self.batch("people")
        return self._insert(
            HouseholdMembership.__table__,  # type: ignore[arg-type]
            person_id=person_id,
            household_id=household_id,
            valid_from=moved_in,
            valid_to=moved_out,
            expecting_baby=expecting_baby,
            batch_id=batch_id,
            source_row=next(self.rows),
        )

    def fact(
        self,
        kind: str,
        person_id: int | None = None,
        *,
        on: dt.date,
        until: dt.date | None = None,
        household_id: int | None = None,
        batch_id: int | None = None,
        **columns: Any,
    ) -> int:
        """A partner row about ``person_id`` (or only ``household_id``), dated ``on``
        (``valid_from``) and, for spells, ending ``until`` (``valid_to``; None = open)."""
        batch_id = batch_id or self.batches.get(kind) or self.batch(kind)
        values = {**DEFAULTS.get(kind, {}), **columns}
        if kind == "youth_justice":
            values.setdefault("outcome_date", on + dt.timedelta(days=30))
        if kind in ("gangs_matrix", "iom_cohort"):
            values.setdefault("nominal_ref", f"N{next(self.refs)}")
        return self._insert(
            TABLES[kind],
            batch_id=batch_id,
            source_row=next(self.rows),
            person_id=person_id,
            household_id=household_id,
            valid_from=on,
            valid_to=until,
            **values,
        )
