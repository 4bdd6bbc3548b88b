"""Columns every partner fact carries: where it came from, whom it is about, when it held.

- provenance: ``batch_id`` (the import batch, which names the file and sheet) and
  ``source_row`` (the sheet row number as the sender's spreadsheet shows it);
- the link: ``person_id`` / ``household_id`` once linked (null while unlinked: such rows
  stay visible to data officers) and ``link_method`` (how it was linked);
- validity: ``valid_from`` and ``valid_to`` (null = still open);
- the subject as the partner gave it (names, date of birth, ids, address), kept so a row
  can be re-linked when matching improves or a link is undone.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from workflow.db.base import BigId


class FactProvenance:
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    source_row: Mapped[int]
    valid_from: Mapped[dt.date]
    valid_to: Mapped[dt.date | None]
    link_method: Mapped[str | None] = mapped_column(String(30))

    @declared_attr
    def batch_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("import_batches.id"), index=True)

    @declared_attr
    def person_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("people.id"), index=True)

    @declared_attr
    def household_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("households.id"), index=True)


class SubjectAsGiven:
    """The common person columns of docs/partner-templates.md, as the partner sent them."""

    person_ref: Mapped[str | None] = mapped_column(String(40))
    forename: Mapped[str | None] = mapped_column(String(100))
    surname: Mapped[str | None] = mapped_column(String(100))
    date_of_birth: Mapped[dt.date | None]
    sex: Mapped[str | None] = mapped_column(String(10))
    postcode: Mapped[str | None] = mapped_column(String(10))
    address_line1: Mapped[str | None] = mapped_column(String(200))
    uprn: Mapped[str | None] = mapped_column(String(20))
    nino: Mapped[str | None] = mapped_column(String(12))
    upn: Mapped[str | None] = mapped_column(String(16))
