"""Genomförandeplaner: the plan, its goals, activities and follow-ups. Never deleted."""

from __future__ import annotations

from datetime import date, datetime

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
)
from sqlalchemy.orm import Mapped, mapped_column

from treserva_desktop.db.models.base import Base
from treserva_desktop.domain.field_lengths import MAX_LENGTHS


class ImplementationPlan(Base):
    """A person's plan at one performing unit. Its content is fixed once established; what
    follows is appended (follow-ups) or closes it (ended_on, when the interventions end)."""

    __tablename__ = "implementation_plans"
    __table_args__ = (
        CheckConstraint("ended_on IS NULL OR ended_on >= established_on", name="period"),
        # Dokument GF lists a person's plans at a unit, newest first (from the index alone
        # up to the row fetch); the status of the person's plan there reads the same range.
        Index(
            "ix_implementation_plans_person_unit",
            "person_id",
            "unit_id",
            "established_on",
        ),
        # A unit's open plans by next follow-up: overdue lists and statistics per unit; with
        # the person and the established day, Mitt skrivbord's count of overdue plans reads
        # the index alone (migration 0025).
        Index(
            "ix_implementation_plans_unit_follow_up",
            "unit_id",
            "ended_on",
            "next_follow_up_on",
            "person_id",
            "established_on",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    established_on: Mapped[date] = mapped_column(Date)
    established_by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    person_took_part: Mapped[bool] = mapped_column(Boolean)
    participants: Mapped[str] = mapped_column(String(MAX_LENGTHS["plan_participants"]))
    next_follow_up_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    ended_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    end_reason: Mapped[str] = mapped_column(String(MAX_LENGTHS["end_reason"]), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ImplementationPlanGoal(Base):
    """One goal of a plan, in the order written."""

    __tablename__ = "implementation_plan_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("implementation_plans.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(MAX_LENGTHS["plan_goal"]))


class ImplementationPlanActivity(Base):
    """One activity: what is done, who is responsible, when or how."""

    __tablename__ = "implementation_plan_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("implementation_plans.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    what: Mapped[str] = mapped_column(String(MAX_LENGTHS["plan_activity"]))
    who: Mapped[str] = mapped_column(String(MAX_LENGTHS["plan_responsible"]))
    when_how: Mapped[str] = mapped_column(String(MAX_LENGTHS["plan_when_how"]), default="")


class ImplementationPlanFollowUp(Base):
    """Uppföljning: when, by whom, what came of it and the next follow-up day then set."""

    __tablename__ = "implementation_plan_follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("implementation_plans.id"), index=True)
    followed_up_on: Mapped[date] = mapped_column(Date)
    by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    comment: Mapped[str] = mapped_column(Text)
    next_follow_up_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CareWithoutPlan(Base):
    """Derived, not a record: a person's care at a unit that has no plan there yet, kept by
    the database's own triggers on executions and implementation_plans (migration 0025) so
    Mitt skrivbord finds the care that lacks a plan without probing every current row.

    One row per (person, unit) with a row there (revoked rows aside) and no plan there:
    how many of those rows are open-ended, and the latest end date of the others. A plan
    established at the unit removes the row. Care is current today when `open_rows` > 0
    or `last_end` >= today; the index reads exactly those pairs of a unit."""

    __tablename__ = "care_without_plan"
    __table_args__ = (
        Index(
            "ix_care_without_plan_current",
            "unit_id",
            "open_rows",
            "last_end",
            "person_id",
        ),
    )

    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), primary_key=True)
    open_rows: Mapped[int] = mapped_column(Integer)
    last_end: Mapped[date | None] = mapped_column(Date)
