"""Everything the engine holds about one person: the answer to a subject access request.

A data officer asks for one person by their register reference; ``person_record`` gathers,
sheet by sheet, the register entry and who they lived with when, every partner row about
them with its source (file, sheet row, import batch), the police-list rows and household
flags with their role (unless left out: until the web app's access rules decide who may
see police intelligence, the officer names it for exclusion), the links matching made and
who reviewed them, the screening decisions and lifecycle history of their households, the
casework recorded for those households, and who has read those records. The request is
written to the audit trail (who asked, for which person, why), and the read of each part
is part of the same record.

Rows about the household (decisions, history, casework) also concern the person's family:
the officer checks third parties' data before releasing anything.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, or_, select

from workflow import audit
from workflow.clock import LONDON, Clock
from workflow.db.base import Base
from workflow.db.models import INTEL_MODELS
from workflow.db.models.facts import FACT_MODELS
from workflow.errors import WorkflowError
from workflow.principal import Principal
from workflow.uow import UnitOfWork

SKIPPED = {"id", "batch_id", "person_id", "household_id"}  # internal keys, shown as references


class PersonNotFound(WorkflowError):
    code = "person_not_found"


@dataclass
class Sheet:
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)


@dataclass
class PersonRecord:
    person_ref: str
    made_on: dt.datetime
    include_intelligence: bool
    sheets: dict[str, Sheet] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {name: len(sheet.rows) for name, sheet in self.sheets.items()}


def person_record(
    person_ref: str,
    *,
    uow: UnitOfWork,
    actor: Principal,
    clock: Clock,
    purpose: str,
    include_intelligence: bool = True,
) -> PersonRecord:
    """Gather what is held about ``person_ref`` (and record the request)."""
    t = Base.metadata.tables
    with uow:
        c = uow.connection
        person = c.execute(select(t["people"]).where(t["people"].c.person_ref == person_ref))
        found = person.mappings().first()
        if found is None:
            raise PersonNotFound(f"There is no person ‘{person_ref[:40]}’ in the register.")
        person_id = int(found["id"])
        record = PersonRecord(person_ref, clock.now(), include_intelligence)
        record.sheets["Person"] = Sheet(
            ["Person ref", "Forename", "Surname", "Date of birth", "Sex", "NI number", "UPN"],
            [
                [
                    found[k]
                    for k in (
                        "person_ref",
                        "forename",
                        "surname",
                        "date_of_birth",
                        "sex",
                        "nino",
                        "upn",
                    )
                ]
            ],  # fmt: skip
        )
        households = _households(c, record, person_id)
        for kind, model in FACT_MODELS.items():
            _rows(c, record, _label(kind), model.__table__, person_id)
        if include_intelligence:
            for kind, model in INTEL_MODELS.items():
                name = f"Police list - {_label(kind).lower()}"
                _rows(c, record, name, model.__table__, person_id)
            _flags(c, record, person_id)
        _links(c, record, person_id, include_intelligence)
        _decisions(c, record, households)
        _history(c, record, households)
        _casework(c, record, households)
        _reads(c, record, person_ref, households)
        audit.record(
            c,
            actor=actor,
            action="subject_access_export",
            entity_type="person",
            entity_id=person_ref,
            purpose=purpose[:100],
            detail={"rows": sum(record.counts().values()), "intelligence": include_intelligence},
        )
        uow.commit()
    return record


def _households(c: Connection, record: PersonRecord, person_id: int) -> dict[int, str]:
    t = Base.metadata.tables
    m, h = t["household_memberships"], t["households"]
    rows = c.execute(
        select(
            h.c.id,
            h.c.household_ref,
            h.c.address_line1,
            h.c.postcode,
            m.c.relationship,
            m.c.valid_from,
            m.c.valid_to,
        )  # fmt: skip
        .join(h, h.c.id == m.c.household_id)
        .where(m.c.person_id == person_id)
        .order_by(m.c.valid_from)
    ).all()
    record.sheets["Households"] = Sheet(
        ["Household ref", "Address", "Postcode", "Relationship", "From", "To"],
        [list(r[1:]) for r in rows],
    )
    return {int(r[0]): str(r[1]) for r in rows}


def _rows(c: Connection, record: PersonRecord, name: str, table: Any, person_id: int) -> None:
    assert isinstance(table, Table)
    batches = Base.metadata.tables["import_batches"]
    columns = [col for col in table.c if col.name not in SKIPPED]
    rows = c.execute(
        select(batches.c.file_name, batches.c.id, *columns)
        .join(batches, batches.c.id == table.c.batch_id)
        .where(table.c.person_id == person_id)
        .order_by(table.c.valid_from, table.c.id)
    ).all()
    if rows:
        labels = ["File", "Import batch", *(col.name.replace("_", " ") for col in columns)]
        record.sheets[name[:31]] = Sheet(labels, [list(r) for r in rows])


def _label(kind: str) -> str:
    """A partner file kind as a sheet name: ``police_incidents`` → "Police incidents"."""
    return kind.replace("_", " ").capitalize()


def _flags(c: Connection, record: PersonRecord, person_id: int) -> None:
    t = Base.metadata.tables
    f, h = t["intel_household_flags"], t["households"]
    rows = c.execute(
        select(
            h.c.household_ref,
            f.c.flag,
            f.c.role,
            f.c.harm_band,
            f.c.victim_band,
            f.c.cohort,
            f.c.source_kind,
            f.c.nominal_ref,
            f.c.since,
        )  # fmt: skip
        .join(h, h.c.id == f.c.household_id)
        .where(f.c.person_id == person_id)
    ).all()
    record.sheets["Household flags"] = Sheet(
        [
            "Household ref",
            "Flag",
            "Role",
            "Harm band",
            "Victim band",
            "IOM cohort",
            "List",
            "Nominal ref",
            "Since",
        ],  # fmt: skip
        [list(r) for r in rows],
    )


def _links(c: Connection, record: PersonRecord, person_id: int, intelligence: bool) -> None:
    links = Base.metadata.tables["match_links"]
    query = select(
        links.c.source_kind, links.c.nominal_ref, links.c.method, links.c.match_weight,
        links.c.reviewed_by, links.c.created_at, links.c.undone_at, links.c.undone_by,
        links.c.undo_reason,
    ).where(links.c.person_id == person_id)  # fmt: skip
    if not intelligence:
        query = query.where(links.c.source_kind.not_in(tuple(INTEL_MODELS)))
    rows = c.execute(query.order_by(links.c.id)).all()
    record.sheets["Links by matching"] = Sheet(
        [
            "Source",
            "Their reference",
            "How",
            "Match weight",
            "Reviewed by",
            "Linked",
            "Undone",
            "Undone by",
            "Why undone",
        ],  # fmt: skip
        [list(r) for r in rows],
    )


def _decisions(c: Connection, record: PersonRecord, households: dict[int, str]) -> None:
    t = Base.metadata.tables
    d, v = t["screening_decisions"], t["ruleset_versions"]
    rows = c.execute(
        select(
            d.c.household_id,
            v.c.ruleset_id,
            v.c.version,
            d.c.as_of,
            d.c.eligible,
            d.c.criteria_met,
            d.c.run_id,
        )  # fmt: skip
        .join(v, v.c.id == d.c.ruleset_version_id)
        .where(d.c.household_id.in_(list(households)))
        .order_by(d.c.as_of, d.c.id)
    ).all()
    record.sheets["Screening decisions"] = Sheet(
        [
            "Household ref",
            "Rule set",
            "Version",
            "As at",
            "Eligible",
            "Criteria met",
            "Screening run",
        ],  # fmt: skip
        [
            [
                households[int(r[0])],
                r[1],
                r[2],
                r[3],
                "yes" if r[4] else "no",
                ", ".join(r[5] or []),
                r[6],
            ]
            for r in rows
        ],  # fmt: skip
    )


def _history(c: Connection, record: PersonRecord, households: dict[int, str]) -> None:
    tr = Base.metadata.tables["household_transitions"]
    rows = c.execute(
        select(
            tr.c.household_id,
            tr.c.from_state,
            tr.c.to_state,
            tr.c.trigger,
            tr.c.actor,
            tr.c.at,
            tr.c.effective_on,
            tr.c.reason,
        )  # fmt: skip
        .where(tr.c.household_id.in_(list(households)))
        .order_by(tr.c.id)
    ).all()
    record.sheets["Lifecycle history"] = Sheet(
        ["Household ref", "From", "To", "Move", "By", "Recorded", "Took effect", "Why"],
        [[households[int(r[0])], *r[1:]] for r in rows],
    )


def _casework(c: Connection, record: PersonRecord, households: dict[int, str]) -> None:
    cr = Base.metadata.tables["case_records"]
    rows = c.execute(
        select(
            cr.c.household_id,
            cr.c.kind,
            cr.c.effective_on,
            cr.c.summary,
            cr.c.recorded_by,
            cr.c.recorded_at,
        )  # fmt: skip
        .where(cr.c.household_id.in_(list(households)))
        .order_by(cr.c.effective_on, cr.c.id)
    ).all()
    record.sheets["Casework"] = Sheet(
        ["Household ref", "Kind", "On", "Note", "Recorded by", "Recorded"],
        [[households[int(r[0])], *r[1:]] for r in rows],
    )


def _reads(
    c: Connection, record: PersonRecord, person_ref: str, households: dict[int, str]
) -> None:
    a = Base.metadata.tables["audit_events"]
    about = or_(
        (a.c.entity_type == "person") & (a.c.entity_id == person_ref),
        (a.c.entity_type == "household") & a.c.entity_id.in_(list(households.values())),
    )
    rows = c.execute(
        select(
            a.c.at,
            a.c.actor,
            a.c.actor_roles,
            a.c.action,
            a.c.entity_type,
            a.c.entity_id,
            a.c.purpose,
        )  # fmt: skip
        .where(about)
        .order_by(a.c.id)
    ).all()
    record.sheets["Who has seen or changed it"] = Sheet(
        ["When", "Who", "As", "What", "Record", "Reference", "Why"], [list(r) for r in rows]
    )


def write_person_record(record: PersonRecord, path: Path) -> Path:
    """The record as a workbook: a "Read me" sheet, then one sheet per part (every text cell
    inert, dates as dd/mm/yyyy, lists and structured values spelled out)."""
    from workflow.exports import Column, Workbook

    made = record.made_on.astimezone(LONDON)
    about = [
        ["Person", record.person_ref],
        ["Made", f"{made:%d/%m/%Y at %H:%M}"],
        ["Police intelligence", "included" if record.include_intelligence else "left out, as asked"],  # noqa: E501
        ["Before releasing", "Rows about a household also concern the person's family: check "
                             "third parties' data, and redact it, before releasing anything."],
    ]  # fmt: skip
    with Workbook(path) as book:
        book.sheet(
            "Read me", [Column("", width=22, bold=True), Column("", width=90, wrap=True)],
            header=False,
        ).rows(about)  # fmt: skip
        for name, sheet in record.sheets.items():
            rows = [[_shown(v) for v in row] for row in sheet.rows]
            columns = [Column(title, kind=_kind(rows, i)) for i, title in enumerate(sheet.columns)]
            book.sheet(name, columns, freeze_columns=1, autofilter=bool(rows)).rows(rows)
    return path


def _shown(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _kind(rows: list[list[Any]], i: int) -> Any:
    from workflow.exports import DATE, DATETIME, TEXT

    for row in rows:
        value = row[i] if i < len(row) else None
        if value is None:
            continue
        if isinstance(value, dt.datetime):
            return DATETIME
        if isinstance(value, dt.date):
            return DATE
        return TEXT
    return TEXT
