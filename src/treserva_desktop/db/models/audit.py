"""The append-only audit trail, and the short comments some events refer to by id."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from treserva_desktop.db.models.base import Base, stored_enum
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.domain.field_lengths import MAX_LENGTHS


class AuditEvent(Base):
    """Append-only log of reads and changes. The database refuses UPDATE and DELETE on it.
    Its user, unit and person are recorded ids, not foreign keys (migration 0026): persons and
    users are never deleted, units are read-only to the application, and three reference
    checks per event were most of the cost of auditing a list."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    user_id: Mapped[int | None] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(MAX_LENGTHS["audit_role"]), default="")
    unit_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[AuditAction] = mapped_column(stored_enum(AuditAction, "audit_action"))
    entity_type: Mapped[str] = mapped_column(String(MAX_LENGTHS["entity_type"]))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    person_id: Mapped[int | None] = mapped_column(Integer, index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class RevealComment(Base):
    """The optional short comment a user adds to a reveal reason. Free text stays out of the
    audit events' details: the event names this row's id."""

    __tablename__ = "reveal_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    written_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    reason_code: Mapped[str] = mapped_column(ForeignKey("reveal_reasons.code"))
    comment: Mapped[str] = mapped_column(String(MAX_LENGTHS["reveal_comment"]))
