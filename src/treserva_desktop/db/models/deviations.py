"""Avvikelser (W18): deviations registered on a person or a unit, their append-only history
and the code list of deviation types. Deviations and their history are never deleted."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from treserva_desktop.db.models.base import Base, stored_enum
from treserva_desktop.domain.deviation_rules import (
    DeviationCategory,
    DeviationState,
    Escalation,
    RiskLevel,
)
from treserva_desktop.domain.field_lengths import MAX_LENGTHS


class DeviationType(Base):
    """Typ of a deviation (Fall, Läkemedel, Utebliven insats, Bemötande, …): a code list."""

    __tablename__ = "deviation_types"

    code: Mapped[str] = mapped_column(String(MAX_LENGTHS["deviation_type_code"]), primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_LENGTHS["code_name"]))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Deviation(Base):
    """One avvikelse: what happened (the reporter's part) and the manager's handling of it.
    Every change is also written to DeviationEvent with the values it replaced."""

    __tablename__ = "deviations"
    __table_args__ = (
        # Statistics: a unit's deviations by month (db/queries/deviation_statistics.py).
        Index("ix_deviations_unit_month", "unit_id", "occurred_month"),
        # Mitt skrivbord › Avvikelser: the open ones at the manager's units, and the count.
        Index("ix_deviations_unit_state", "unit_id", "state", "occurred_at"),
        # ... and the reporter's own.
        Index("ix_deviations_reporter", "reported_by_user_id", "state", "occurred_at"),
        Index("ix_deviations_person", "person_id", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    category: Mapped[DeviationCategory] = mapped_column(
        stored_enum(DeviationCategory, "deviation_category")
    )
    type_code: Mapped[str] = mapped_column(ForeignKey("deviation_types.code"))
    reported_by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The first day of the month of occurred_at (local date): statistics group by it.
    occurred_month: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(MAX_LENGTHS["deviation_place"]), default="")
    description: Mapped[str] = mapped_column(Text)
    immediate_action: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[DeviationState] = mapped_column(stored_enum(DeviationState, "deviation_state"))
    cause: Mapped[str] = mapped_column(Text, default="")
    consequence: Mapped[str] = mapped_column(Text, default="")
    risk: Mapped[RiskLevel | None] = mapped_column(stored_enum(RiskLevel, "deviation_risk"))
    decided_actions: Mapped[str] = mapped_column(Text, default="")
    feedback: Mapped[str] = mapped_column(Text, default="")
    escalation: Mapped[Escalation | None] = mapped_column(
        stored_enum(Escalation, "deviation_escalation")
    )
    investigation_started_on: Mapped[date | None] = mapped_column(Date)
    investigation_ended_on: Mapped[date | None] = mapped_column(Date)
    mas_assessed_on: Mapped[date | None] = mapped_column(Date)
    ivo_reported_on: Mapped[date | None] = mapped_column(Date)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class DeviationEvent(Base):
    """One step of a deviation's handling: who, when, the state after it and, per field it
    changed, the value before and after. Append-only (the database refuses UPDATE/DELETE)."""

    __tablename__ = "deviation_events"
    __table_args__ = (Index("ix_deviation_events_deviation", "deviation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    deviation_id: Mapped[int] = mapped_column(ForeignKey("deviations.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    step: Mapped[str] = mapped_column(String(32))
    state: Mapped[DeviationState] = mapped_column(stored_enum(DeviationState, "deviation_state"))
    # {field: [before, after]} as text and ISO dates.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
