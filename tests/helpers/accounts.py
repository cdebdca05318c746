"""Accounts in tests: a clock that can be moved, old-style scrypt hashes, audit rows of a user."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, User
from treserva_desktop.domain.enums import AuditAction


@dataclass
class MovableClock:
    """A clock a test moves forward (the lockout window)."""

    moment: datetime = field(default_factory=lambda: datetime(2026, 3, 2, 8, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.moment

    def today(self) -> date:
        return self.local_now().date()

    def local_now(self) -> datetime:
        return self.moment.astimezone()

    def advance(self, delta: timedelta) -> None:
        self.moment += delta


def legacy_scrypt_hash(password: str, salt: bytes, *, n: int = 2**14) -> str:
    """A hash in the format earlier versions stored: scrypt$N$r$p$salt$digest."""
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=8, p=1, dklen=32)
    parts = [str(n), "8", "1", base64.b64encode(salt).decode(), base64.b64encode(digest).decode()]
    return "$".join(["scrypt", *parts])


def user_row(database: Database, username: str) -> User:
    with database.read() as session:
        user = session.scalars(select(User).where(User.username == username)).one()
        session.expunge(user)
        return user


def audit_actions(database: Database, entity_id: int | None) -> list[tuple[AuditAction, dict]]:
    """(action, details) of the audit rows about one user (None: about no user), oldest first."""
    with database.read() as session:
        rows = session.execute(
            select(AuditEvent.action, AuditEvent.details)
            .where(
                AuditEvent.entity_type == "user",
                AuditEvent.entity_id.is_(None)
                if entity_id is None
                else AuditEvent.entity_id == entity_id,
            )
            .order_by(AuditEvent.id)
        ).all()
        return [(action, dict(details)) for action, details in rows]
