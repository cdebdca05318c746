"""Cases, decisions, interventions, assignments (uppdrag) and executions (verkställighet)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from treserva_desktop.db.models.base import Base, stored_enum
from treserva_desktop.db.models.code_lists import InterventionType
from treserva_desktop.db.models.organisation import OrgUnit
from treserva_desktop.db.models.persons import Person
from treserva_desktop.domain.assignment_rules import awaits_distribution
from treserva_desktop.domain.enums import (
    AssignmentKind,
    AssignmentStatus,
    CaseKind,
    ExecutionStatus,
    TimePer,
)
from treserva_desktop.domain.field_lengths import MAX_LENGTHS


class Case(Base):
    """Ärende: per person and kind, opened by the authority (or by the provider for boservice)."""

    __tablename__ = "cases"
    __table_args__ = (
        # The persons an authority unit reaches, from the unit's side (a search's reach set)
        # and per person (an access check); migration 0012.
        Index("ix_cases_authority_person", "authority_unit_id", "closed_on", "person_id"),
        Index("ix_cases_person_authority", "person_id", "authority_unit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    # The authority unit the case was opened at: its needs assessors see the person.
    authority_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"))
    kind: Mapped[CaseKind] = mapped_column(stored_enum(CaseKind, "case_kind"))
    opened_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    close_reason: Mapped[str] = mapped_column(String(MAX_LENGTHS["close_reason"]), default="")
    responsible_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Closing a boservice case checks nobody changed it meanwhile (migration 0014).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Decision(Base):
    __tablename__ = "decisions"
    __table_args__ = (
        CheckConstraint("period_end IS NULL OR period_end >= period_start", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    decided_on: Mapped[date] = mapped_column(Date)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    legal_basis: Mapped[str] = mapped_column(
        String(MAX_LENGTHS["legal_basis"]), default="4 kap. 1 § SoL"
    )
    decided_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    case: Mapped[Case] = relationship()
    interventions: Mapped[list[Intervention]] = relationship(back_populates="decision")


class Intervention(Base):
    """Insats: a granted intervention of a decision, with its granted extent."""

    __tablename__ = "interventions"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), index=True)
    type_code: Mapped[str] = mapped_column(ForeignKey("intervention_types.code"))
    granted_minutes: Mapped[int | None] = mapped_column(Integer)
    granted_per: Mapped[TimePer | None] = mapped_column(stored_enum(TimePer, "time_per"))
    description: Mapped[str] = mapped_column(Text, default="")

    decision: Mapped[Decision] = relationship(back_populates="interventions")
    type: Mapped[InterventionType] = relationship()


def _awaiting_distribution_default(context: Any) -> bool:
    """On INSERT without an explicit value: what the status alone says (an ACCEPTED
    assignment is taken as fully distributed; whoever inserts one that is not sets the flag)."""
    status = context.get_current_parameters()["status"]
    return awaits_distribution(AssignmentStatus(status), has_undistributed_item=False)


class Assignment(Base):
    """Uppdrag sent from the authority (or a previous provider) to a receiving unit."""

    __tablename__ = "assignments"
    __table_args__ = (
        # Nya uppdrag and its count, and the persons a unit reaches through its assignments
        # (migration 0005).
        Index(
            "ix_assignments_receiver_waiting",
            "receiver_unit_id",
            "awaiting_distribution",
            "person_id",
        ),
        # Whether a unit reaches a person, answered from the index alone: the name search
        # probes it per candidate, the access check per person (migration 0006).
        Index("ix_assignments_person_receiver", "person_id", "receiver_unit_id"),
        # The authority system's id of an imported assignment: a re-import finds it and skips
        # the record (migration 0009). NULL for assignments sent from the dialog.
        Index("uq_assignments_external_id", "external_id", unique=True),
        # Skickade uppdrag: what one handläggare sent, newest first (migration 0019).
        Index("ix_assignments_sender", "sender_user_id", "sent_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), index=True)
    receiver_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    sender_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[AssignmentKind] = mapped_column(stored_enum(AssignmentKind, "assignment_kind"))
    status: Mapped[AssignmentStatus] = mapped_column(
        stored_enum(AssignmentStatus, "assignment_status"), index=True
    )
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    goals: Mapped[str] = mapped_column(Text, default="")
    external_id: Mapped[str | None] = mapped_column(String(MAX_LENGTHS["external_id"]))
    change_date: Mapped[date | None] = mapped_column(Date)
    previous_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"))
    first_read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    first_read_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    stopped_reason: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    # In Nya uppdrag: RECEIVED, or ACCEPTED with an intervention not yet distributed
    # (domain.assignment_rules.awaits_distribution). Stored, so Nya uppdrag is an index lookup
    # instead of a scan of every accepted assignment; the distribution and stop services keep
    # it in the same transaction (migration 0005).
    awaiting_distribution: Mapped[bool] = mapped_column(
        Boolean, default=_awaiting_distribution_default
    )

    person: Mapped[Person] = relationship()
    decision: Mapped[Decision] = relationship()
    receiver_unit: Mapped[OrgUnit] = relationship(foreign_keys=[receiver_unit_id])
    items: Mapped[list[AssignmentItem]] = relationship(back_populates="assignment")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class AssignmentItem(Base):
    """Which interventions an assignment covers (a provider change may cover a subset)."""

    __tablename__ = "assignment_items"
    __table_args__ = (UniqueConstraint("assignment_id", "intervention_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), index=True)
    intervention_id: Mapped[int] = mapped_column(ForeignKey("interventions.id"), index=True)

    assignment: Mapped[Assignment] = relationship(back_populates="items")
    intervention: Mapped[Intervention] = relationship()


class Execution(Base):
    """Verkställighet: intervention × performing unit × period × allotted time. Never deleted."""

    __tablename__ = "executions"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="period"),
        CheckConstraint("minutes IS NULL OR minutes > 0", name="minutes_positive"),
        # A unit's rows by start date; with the intervention, Mitt skrivbord's rows
        # planned to start later are read from the index alone (migration 0025).
        Index("ix_executions_unit_dates", "unit_id", "start_date", "end_date", "intervention_id"),
        # Genomförande (rows sent to a unit, not yet acknowledged) and the persons a unit
        # reaches through its rows, read from the index alone (migration 0005).
        Index("ix_executions_unit_status", "unit_id", "status", "person_id"),
        # Whether a person is engaged at a unit (a row there not revoked and not ended before
        # the follow-up cutoff), answered from the index alone: the name search probes it per
        # candidate, the access check per person (migration 0012; 0006 had no end date).
        # With the start date, also Mitt skrivbord's probe for a current row behind an
        # overdue plan (migration 0024); with the intervention, its reading of the rows of
        # care without a plan (migration 0025).
        Index(
            "ix_executions_person_reach",
            "person_id",
            "unit_id",
            "end_date",
            "status",
            "start_date",
            "intervention_id",
        ),
        # A unit's current persons (end date open or not passed) and its recently ended rows,
        # read from the index alone (migration 0007); with the start date, also Mitt
        # skrivbord's count of care begun before the plan's deadline (migration 0023).
        Index("ix_executions_unit_end", "unit_id", "end_date", "status", "person_id", "start_date"),
        # The unit a user last distributed to from a receiving unit: the user's own rows,
        # newest first (migration 0019).
        Index("ix_executions_creator", "created_by_user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), index=True)
    intervention_id: Mapped[int] = mapped_column(ForeignKey("interventions.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    minutes: Mapped[int | None] = mapped_column(Integer)
    per: Mapped[TimePer | None] = mapped_column(stored_enum(TimePer, "time_per"))
    status: Mapped[ExecutionStatus] = mapped_column(
        stored_enum(ExecutionStatus, "execution_status")
    )
    end_reason: Mapped[str] = mapped_column(String(MAX_LENGTHS["end_reason"]), default="")
    # When the end was registered (migration 0016); None for a row that ran out by itself.
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    replaces_execution_id: Mapped[int | None] = mapped_column(ForeignKey("executions.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    acknowledged_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    intervention: Mapped[Intervention] = relationship()
    unit: Mapped[OrgUnit] = relationship()

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
