"""Writes audit events in the caller's transaction. Ids and field names only, never text."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import AuditEvent
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.domain.rules import Actor


def record(
    session: Session,
    actor: Actor | None,
    action: AuditAction,
    entity_type: str,
    entity_id: int | None,
    *,
    person_id: int | None = None,
    unit_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    role = actor.primary_role if actor else None
    session.add(
        AuditEvent(
            occurred_at=clock_of(session).now(),
            user_id=actor.user_id if actor else None,
            role=role.value if role else "",
            unit_id=unit_id,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            person_id=person_id,
            details=details or {},
        )
    )
