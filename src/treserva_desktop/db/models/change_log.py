"""The change log: what a committed action changed, for the other workstations on SQLite."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from treserva_desktop.db.models.base import Base


class ChangeLogEntry(Base):
    """One committed action's change set as the other clients refresh by (migration 0021).

    A technical table, not an official record: it holds change kinds and ids only (never a
    name or free text), each writer prunes rows older than a bounded window, and nothing but
    the live updates reads it. On PostgreSQL the change sets go out by NOTIFY instead."""

    __tablename__ = "change_log"
    # Ids only grow, also after the oldest rows are pruned: a reader resumes after its last.
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The writing client (a random id per open database), so it skips its own changes.
    client: Mapped[str] = mapped_column(String(32))
    # The change set as compact JSON: kinds and ids (db/live.py encode/decode).
    payload: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
