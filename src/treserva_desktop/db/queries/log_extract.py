"""Read side of the log extract (PDL logguttag): a person's audit events in words, with the
reason recorded for the access where there is one (a reveal reason and its comment, an HSL
opening's reason and licensed colleague)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db.models import (
    AuditEvent,
    HslOpening,
    OrgUnit,
    RevealComment,
    RevealReason,
    User,
)
from treserva_desktop.domain.enums import Role
from treserva_desktop.domain.views.log_extract import LogExtractRow, action_label, entity_label


def _local(value: datetime) -> datetime:
    """Stored times are UTC (SQLite hands them back without a zone); the extract is local."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone()


def _role_label(value: str) -> str:
    try:
        return Role(value).label
    except ValueError:
        return value


def _ids(details: Iterable[dict[str, Any]], key: str) -> set[Any]:
    return {d[key] for d in details if d.get(key) is not None}


def _reasons(session: Session, details: list[dict[str, Any]]) -> dict[tuple[str, Any], str]:
    """The words of each reason the events refer to, keyed by (kind, id or code)."""
    found: dict[tuple[str, Any], str] = {}
    codes = _ids(details, "reason_code")
    if codes:
        for code, name in session.execute(
            select(RevealReason.code, RevealReason.name).where(RevealReason.code.in_(codes))
        ):
            found[("reason_code", code)] = name
    comment_ids = _ids(details, "reveal_comment_id")
    if comment_ids:
        for row_id, comment in session.execute(
            select(RevealComment.id, RevealComment.comment).where(RevealComment.id.in_(comment_ids))
        ):
            found[("reveal_comment_id", row_id)] = comment
    opening_ids = _ids(details, "hsl_opening_id")
    if opening_ids:
        for row_id, reason, colleague in session.execute(
            select(HslOpening.id, HslOpening.reason, HslOpening.licensed_colleague).where(
                HslOpening.id.in_(opening_ids)
            )
        ):
            found[("hsl_opening_id", row_id)] = f"{reason} (med {colleague})"
    return found


def _reason_text(details: dict[str, Any], reasons: dict[tuple[str, Any], str]) -> str:
    parts = [
        reasons[(key, details[key])]
        for key in ("reason_code", "reveal_comment_id", "hsl_opening_id")
        if (key, details.get(key)) in reasons
    ]
    return ": ".join(parts)


def extract_rows(
    session: Session, person_id: int, start_at: datetime, end_before: datetime
) -> list[LogExtractRow]:
    """Every audit event naming the person from `start_at` up to (not including)
    `end_before`, oldest first. A helper: the service checks who may see it."""
    rows = session.execute(
        select(
            AuditEvent.occurred_at,
            AuditEvent.role,
            AuditEvent.action,
            AuditEvent.entity_type,
            AuditEvent.details,
            User.display_name,
            OrgUnit.name.label("unit_name"),
        )
        .outerjoin(User, User.id == AuditEvent.user_id)
        .outerjoin(OrgUnit, OrgUnit.id == AuditEvent.unit_id)
        .where(
            AuditEvent.person_id == person_id,
            AuditEvent.occurred_at >= start_at,
            AuditEvent.occurred_at < end_before,
        )
        .order_by(AuditEvent.occurred_at, AuditEvent.id)
    ).all()
    details = [row.details if isinstance(row.details, dict) else {} for row in rows]
    reasons = _reasons(session, details)
    return [
        LogExtractRow(
            occurred_at=_local(row.occurred_at),
            user_name=row.display_name or "Systemet",
            role_label=_role_label(row.role),
            unit_name=row.unit_name or "",
            action_label=action_label(str(row.action)),
            entity_label=entity_label(row.entity_type, detail.get("view")),
            reason=_reason_text(detail, reasons),
        )
        for row, detail in zip(rows, details, strict=True)
    ]
