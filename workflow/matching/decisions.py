"""Data officers' decisions: accept or reject a pair from the review queue, undo a link.

A decision is remembered by pair — list kind, nominal ref and person_ref — so it holds
after the list is re-imported and after the model is retrained: a rejected pair never
comes back, an accepted one is linked whatever the model says. A decision takes effect
at once — from the command line and the API alike — with its link, flags and
re-screening; ``applied_at`` records when. Any decision recorded but not applied (a
crash in between) is applied at the start of the next matching run.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, and_, insert, select, update

from eligibility.catalogue import Catalogue
from workflow import audit
from workflow.clock import Clock
from workflow.db.base import utcnow
from workflow.domain.vocabulary import ReviewDecision, ReviewStatus, RunTrigger
from workflow.matching.errors import LinkNotFound, PairAlreadyDecided, PairNotFound
from workflow.matching.flags import refresh_flags
from workflow.matching.links import REVIEWED, add_link, set_link, undo_links
from workflow.matching.subjects import rows_of
from workflow.matching.tables import table
from workflow.principal import Principal
from workflow.uow import UnitOfWork

ACCEPT, REJECT = ReviewDecision.ACCEPT.value, ReviewDecision.REJECT.value


def record_decision(
    connection: Connection,
    review_id: int,
    decision: str,
    *,
    actor: Principal,
    reason: str | None = None,
) -> dict[str, Any]:
    """Record a reviewer's decision on an open review (not yet applied); returns the review.

    Refuses a pair that is not in the queue (``PairNotFound``: never there, or withdrawn
    because a later run or a re-import replaced it) or already decided.
    """
    if decision not in (ACCEPT, REJECT):
        raise ValueError(decision)
    reviews = table("match_reviews")
    review = connection.execute(select(reviews).where(reviews.c.id == review_id)).mappings().first()
    if review is None or review["status"] == ReviewStatus.WITHDRAWN.value:
        raise PairNotFound(
            f"Pair {review_id} is not in the review queue (a later matching run or a "
            "re-import replaced it): list the queue again."
        )
    # Claimed only while still open, so two reviewers deciding at once can't both win.
    claimed = connection.execute(
        update(reviews)
        .where(reviews.c.id == review_id, reviews.c.status == ReviewStatus.OPEN.value)
        .values(status=ReviewStatus.DECIDED.value, closed_at=utcnow())
    )
    if claimed.rowcount != 1:
        raise PairAlreadyDecided(f"Pair {review_id} has already been decided.")
    _remember(
        connection,
        review["source_kind"],
        review["nominal_ref"],
        review["person_ref"],
        decision,
        actor=actor,
        review_id=review_id,
        reason=reason,
    )
    audit.record(
        connection,
        actor=actor,
        action=f"review_{decision}",
        entity_type="match_review",
        entity_id=review_id,
        purpose="matching",
        detail={
            "kind": review["source_kind"],
            "nominal_ref": review["nominal_ref"],
            "person_ref": review["person_ref"],
        },
    )
    return dict(review)


def _remember(
    connection: Connection,
    kind: str,
    nominal_ref: str,
    person_ref: str,
    decision: str,
    *,
    actor: Principal,
    review_id: int | None = None,
    reason: str | None = None,
) -> None:
    t = table("match_decisions")
    where = and_(
        t.c.source_kind == kind, t.c.nominal_ref == nominal_ref, t.c.person_ref == person_ref
    )
    values = {
        "decision": decision,
        "decided_by": actor.ref,
        "decided_at": utcnow(),
        "review_id": review_id,
        "reason": reason,
        "applied_at": None,
    }
    if connection.execute(select(t.c.id).where(where)).first() is None:
        connection.execute(
            insert(t).values(
                source_kind=kind, nominal_ref=nominal_ref, person_ref=person_ref, **values
            )
        )
    else:
        connection.execute(update(t).where(where).values(**values))


def _apply(connection: Connection, decision: dict[str, Any]) -> set[int]:
    """Make one remembered decision true of the rows it names, in the name of the officer
    who decided; returns the households changed."""
    kind, nominal_ref, person_ref = (
        decision["source_kind"],
        decision["nominal_ref"],
        decision["person_ref"],
    )
    actor = Principal.acting(decision["decided_by"])
    rows = rows_of(connection, kind, nominal_ref)
    people, m = table("people"), table("household_memberships")
    person = connection.execute(
        select(people.c.id, m.c.household_id)
        .outerjoin(m, and_(m.c.person_id == people.c.id, m.c.valid_to.is_(None)))
        .where(people.c.person_ref == person_ref)
    ).first()
    if not rows or person is None:
        return set()
    person_id = int(person[0])
    household = None if person[1] is None else int(person[1])
    linked_to = {row[1] for row in rows}
    was = {int(h) for _, _, h in rows if h is not None}
    if decision["decision"] == REJECT:
        if person_id not in linked_to:
            return set()
        at_person = [row_id for row_id, linked, _ in rows if linked == person_id]
        changed = set(
            undo_links(connection, kind, nominal_ref, actor=actor, reason="rejected by a reviewer")
        )
        set_link(connection, kind, at_person, None, None, None)
        return changed | was
    if linked_to == {person_id}:
        return set()
    changed = set()
    if linked_to - {None}:
        changed |= set(
            undo_links(
                connection,
                kind,
                nominal_ref,
                actor=actor,
                reason="a reviewer linked this row to someone else",
            )
        )
    review = _review_evidence(connection, decision.get("review_id"))
    first = min(row_id for row_id, _, _ in rows)
    add_link(
        connection,
        {
            "kind": kind,
            "row_id": first,
            "row_ids": [row_id for row_id, _, _ in rows],
            "nominal_ref": nominal_ref,
            "person_id": person_id,
            "person_ref": person_ref,
            "household_id": household,
        },
        run_id=None,
        method=REVIEWED,
        reviewed_by=actor.ref,
        model_version=review.get("model_version"),
        evidence_doc=review,
    )
    _withdraw_other_reviews(connection, kind, nominal_ref)
    return changed | was | ({household} if household is not None else set())


def _review_evidence(connection: Connection, review_id: int | None) -> dict[str, Any]:
    if review_id is None:
        return {}
    t = table("match_reviews")
    doc = connection.execute(select(t.c.evidence).where(t.c.id == review_id)).scalar()
    return dict(doc or {})


def _withdraw_other_reviews(connection: Connection, kind: str, nominal_ref: str) -> None:
    t = table("match_reviews")
    connection.execute(
        update(t)
        .where(
            t.c.source_kind == kind,
            t.c.nominal_ref == nominal_ref,
            t.c.status == ReviewStatus.OPEN.value,
        )
        .values(status=ReviewStatus.WITHDRAWN.value, closed_at=utcnow())
    )


def apply_pending_decisions(uow: UnitOfWork, *, today: dt.date) -> tuple[int, set[int]]:
    """Apply every decision not yet applied; returns (how many, households changed).

    Links and unlinks are made in the name of the officer who decided; offence flags are
    counted back from ``today``. Joins the caller's transaction when one is open."""
    t = table("match_decisions")
    with uow:
        connection = uow.connection
        pending = [
            dict(r)
            for r in connection.execute(
                select(t).where(t.c.applied_at.is_(None)).order_by(t.c.id)
            ).mappings()
        ]
        changed: set[int] = set()
        applied = 0
        for decision in pending:
            # Claimed one by one: a decision another process is applying is skipped.
            claimed = connection.execute(
                update(t)
                .where(t.c.id == decision["id"], t.c.applied_at.is_(None))
                .values(applied_at=utcnow())
            )
            if claimed.rowcount == 1:
                changed |= _apply(connection, decision)
                applied += 1
        if applied:
            changed |= refresh_flags(connection, today=today)
        uow.commit()
    return applied, changed


def decide_pair(
    review_id: int,
    decision: str,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    catalogue: Catalogue,
    reason: str | None = None,
) -> dict[str, Any]:
    """Record and apply a decision at once, with its link, flags and the re-screening of
    the households it changed: one transaction, so it happens whole or not at all."""
    with uow:
        review = record_decision(uow.connection, review_id, decision, actor=actor, reason=reason)
        applied, changed = apply_pending_decisions(uow, today=clock.today())
        rescreened = rescreen_households(
            sorted(changed), uow=uow, clock=clock, actor=actor, catalogue=catalogue
        )
        uow.commit()
    return {
        "review_id": review_id,
        "decision": decision,
        "kind": review["source_kind"],
        "nominal_ref": review["nominal_ref"],
        "person_ref": review["person_ref"],
        "households_changed": sorted(changed),
        "rescreened": rescreened,
    }


def undo_link(
    link_id: int,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    catalogue: Catalogue,
    reason: str,
) -> dict[str, Any]:
    """Undo a link matching or a reviewer made: remembered as a rejected pair, so it never
    comes back; its flags go and its household is screened again, in one transaction."""
    links = table("match_links")
    with uow:
        connection = uow.connection
        link = connection.execute(select(links).where(links.c.id == link_id)).mappings().first()
        # Claimed only while live, so undoing twice at once can't succeed twice.
        claimed = connection.execute(
            update(links)
            .where(links.c.id == link_id, links.c.undone_at.is_(None))
            .values(undone_at=utcnow(), undone_by=actor.ref, undo_reason=reason)
        )
        if link is None or claimed.rowcount != 1:
            raise LinkNotFound(f"Link {link_id} does not exist or has already been undone.")
        _remember(
            connection,
            link["source_kind"],
            link["nominal_ref"],
            link["person_ref"],
            REJECT,
            actor=actor,
            reason=reason,
        )
        audit.record(
            connection,
            actor=actor,
            action="undo_link",
            entity_type="match_link",
            entity_id=link_id,
            purpose="matching",
            detail={
                "kind": link["source_kind"],
                "nominal_ref": link["nominal_ref"],
                "person_ref": link["person_ref"],
            },
        )
        _, changed = apply_pending_decisions(uow, today=clock.today())
        rescreened = rescreen_households(
            sorted(changed), uow=uow, clock=clock, actor=actor, catalogue=catalogue
        )
        uow.commit()
    return {"link_id": link_id, "households_changed": sorted(changed), "rescreened": rescreened}


def rescreen_households(
    household_ids: list[int],
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    catalogue: Catalogue,
) -> int:
    """Screen again the households whose links changed (after the first screening only),
    in the caller's transaction; returns how many were screened."""
    from workflow.screening.rescreen import rescreen

    report = rescreen(
        household_ids,
        uow=uow,
        clock=clock,
        actor=actor,
        catalogue=catalogue,
        trigger=RunTrigger.MATCH,
    )
    return 0 if report is None else report.households_screened
