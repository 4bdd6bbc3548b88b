"""Writing the append-only audit trail: who (and as which roles) read or changed what, when
and why. ``detail`` carries references and counts, never personal data (no names, dates
of birth or addresses)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert

from workflow.db.base import utcnow
from workflow.db.models import AuditEvent
from workflow.principal import Principal


def record(
    connection: Connection,
    *,
    actor: Principal,
    action: str,
    entity_type: str,
    entity_id: str | int | None = None,
    purpose: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one event in the caller's transaction (it commits or rolls back with it)."""
    connection.execute(
        insert(AuditEvent).values(
            at=utcnow(),
            actor=actor.ref,
            actor_roles=actor.role_names,
            action=action,
            entity_type=entity_type,
            entity_id=None if entity_id is None else str(entity_id),
            purpose=purpose,
            detail=detail or {},
        )
    )


def record_many(
    connection: Connection,
    *,
    actor: Principal,
    action: str,
    entity_type: str,
    entries: list[tuple[str | int, dict[str, Any]]],
    purpose: str | None = None,
) -> None:
    """Append one event per ``(entity_id, detail)`` in one statement (a bulk change)."""
    if not entries:
        return
    at = utcnow()
    connection.execute(
        insert(AuditEvent),
        [
            {
                "at": at,
                "actor": actor.ref,
                "actor_roles": actor.role_names,
                "action": action,
                "entity_type": entity_type,
                "entity_id": str(entity_id),
                "purpose": purpose,
                "detail": detail,
            }
            for entity_id, detail in entries
        ],
    )
