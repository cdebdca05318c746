"""The append-only audit trail, and the short comments some events refer to by id."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from treserva_desktop.db.models.base import Base, stored_enum
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.domain.field_lengths import MAX_LENGTHS

# The Läs uppdrag events (an assignment opened by a user): the condition of the partial index
# ix_audit_events_assignment_reads, and of the query that reads it (db/audit.py,
# assignments_read_by), word for word, so that both databases see that the index applies.
ASSIGNMENT_READS = f"action = '{AuditAction.READ_ASSIGNMENT.value}' AND entity_type = 'assignment'"


class AuditEvent(Base):
    """Append-only log of reads and changes. The database refuses UPDATE and DELETE on it.
    Its user, unit and person are recorded ids, not foreign keys (migration 0026): persons and
    users are never deleted, units are read-only to the application, and three reference
    checks per event were most of the cost of auditing a list."""

    __tablename__ = "audit_events"
    __table_args__ = (
        # Whether a user has opened these assignments (Genomförande's list and Kvittera ask):
        # only the Läs uppdrag events, by user and assignment (migration 0029).
        Index(
            "ix_audit_events_assignment_reads",
            "user_id",
            "entity_id",
            sqlite_where=text(ASSIGNMENT_READS),
            postgresql_where=text(ASSIGNMENT_READS),
        ),
    )

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
