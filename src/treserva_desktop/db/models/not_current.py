"""Ej aktuella – att avsluta: who took which person out of their folder, and put them back."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from treserva_desktop.db.models.base import Base


class NotCurrentRemoval(Base):
    """One Ta bort ur mapp (removed) or Visa i mapp igen (not removed) by a user for a person.

    Append-only (migration 0014): the newest entry of a user and person decides. A removal
    covers the engagement that had ended when it was made: rows at the user's units ending
    after `ended_on` bring the person back."""

    __tablename__ = "not_current_removals"
    __table_args__ = (
        # The folder asks per listed person for the user's newest entry (migration 0014).
        Index("ix_not_current_removals_user_person", "user_id", "person_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    # The unit of the person's last ended row among the user's units (scope and audit).
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    ended_on: Mapped[date] = mapped_column(Date)
    removed: Mapped[bool] = mapped_column(Boolean)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
