"""Typed declarative ORM models. The schema itself is made only by alembic migrations."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from treserva_desktop.domain.enums import (
    AssignmentKind,
    AssignmentStatus,
    AuditAction,
    BusinessArea,
    CaseKind,
    ExecutionStatus,
    IdentityKind,
    OrgUnitKind,
    RelationKind,
    Role,
    TimePer,
)
from treserva_desktop.domain.field_lengths import MAX_LENGTHS
from treserva_desktop.domain.person_rules import Gender

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _enum(enum_class: type[Any], name: str) -> Enum:
    # Store the enum's value (lower-case text), checked by a constraint on every backend.
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class OrgUnit(Base):
    __tablename__ = "org_units"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"), index=True)
    name: Mapped[str] = mapped_column(String(MAX_LENGTHS["unit_name"]))
    kind: Mapped[OrgUnitKind] = mapped_column(_enum(OrgUnitKind, "org_unit_kind"))
    business_area: Mapped[BusinessArea | None] = mapped_column(_enum(BusinessArea, "business_area"))
    is_provider: Mapped[bool] = mapped_column(Boolean, default=True)
    phone: Mapped[str] = mapped_column(String(MAX_LENGTHS["phone"]), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(MAX_LENGTHS["username"]), unique=True)
    display_name: Mapped[str] = mapped_column(String(MAX_LENGTHS["display_name"]))
    title: Mapped[str] = mapped_column(String(MAX_LENGTHS["title"]), default="")
    password_hash: Mapped[str] = mapped_column(String(MAX_LENGTHS["password_hash"]))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    grants: Mapped[list[RoleAssignment]] = relationship(back_populates="user")


class RoleAssignment(Base):
    __tablename__ = "role_assignments"
    __table_args__ = (UniqueConstraint("user_id", "role", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[Role] = mapped_column(_enum(Role, "role"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))

    user: Mapped[User] = relationship(back_populates="grants")
    unit: Mapped[OrgUnit] = relationship()


class BillingArea(Base):
    """Debiteringsområde: a code list set per person."""

    __tablename__ = "billing_areas"

    code: Mapped[str] = mapped_column(String(MAX_LENGTHS["billing_area_code"]), primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_LENGTHS["code_name"]))


class InterventionType(Base):
    """Insats code list: which kinds exist, their area and whether time is allotted."""

    __tablename__ = "intervention_types"

    code: Mapped[str] = mapped_column(
        String(MAX_LENGTHS["intervention_type_code"]), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(MAX_LENGTHS["code_name"]))
    business_area: Mapped[BusinessArea] = mapped_column(_enum(BusinessArea, "business_area"))
    requires_time: Mapped[bool] = mapped_column(Boolean, default=False)


class Person(Base):
    __tablename__ = "persons"
    __table_args__ = (
        CheckConstraint(
            "temp_valid_to IS NULL OR temp_valid_from IS NULL OR temp_valid_to >= temp_valid_from",
            name="temp_address_period",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    identity_number: Mapped[str] = mapped_column(
        String(MAX_LENGTHS["identity_number"]), unique=True
    )
    identity_kind: Mapped[IdentityKind] = mapped_column(_enum(IdentityKind, "identity_kind"))
    first_name: Mapped[str] = mapped_column(String(MAX_LENGTHS["first_name"]))
    last_name: Mapped[str] = mapped_column(String(MAX_LENGTHS["last_name"]))
    protected_identity: Mapped[bool] = mapped_column(Boolean, default=False)
    street: Mapped[str] = mapped_column(String(MAX_LENGTHS["street"]), default="")
    postal_code: Mapped[str] = mapped_column(String(MAX_LENGTHS["postal_code"]), default="")
    city: Mapped[str] = mapped_column(String(MAX_LENGTHS["city"]), default="")
    phone: Mapped[str] = mapped_column(String(MAX_LENGTHS["phone"]), default="")
    billing_area_code: Mapped[str | None] = mapped_column(ForeignKey("billing_areas.code"))
    is_test_data: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Person record (migration 0003). Gender is stored only where the number does not carry it.
    gender: Mapped[Gender | None] = mapped_column(_enum(Gender, "gender"))
    language: Mapped[str] = mapped_column(String(MAX_LENGTHS["language"]), default="")
    needs_interpreter: Mapped[bool] = mapped_column(Boolean, default=False)
    mobile_phone: Mapped[str] = mapped_column(String(MAX_LENGTHS["mobile_phone"]), default="")
    email: Mapped[str] = mapped_column(String(MAX_LENGTHS["email"]), default="")
    door_code: Mapped[str] = mapped_column(String(MAX_LENGTHS["door_code"]), default="")
    key_info: Mapped[str] = mapped_column(String(MAX_LENGTHS["key_info"]), default="")
    contact_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    temp_street: Mapped[str] = mapped_column(String(MAX_LENGTHS["temp_street"]), default="")
    temp_postal_code: Mapped[str] = mapped_column(
        String(MAX_LENGTHS["temp_postal_code"]), default=""
    )
    temp_city: Mapped[str] = mapped_column(String(MAX_LENGTHS["temp_city"]), default="")
    temp_valid_from: Mapped[date | None] = mapped_column(Date)
    temp_valid_to: Mapped[date | None] = mapped_column(Date)
    # Every change of the record (its relations included) sets these, which bumps `version`.
    changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    changed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    relations: Mapped[list[Relation]] = relationship(back_populates="person")
    billing_area: Mapped[BillingArea | None] = relationship()

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Relation(Base):
    __tablename__ = "relations"
    __table_args__ = (
        # At most one active invoice recipient per person, even with two workstations racing.
        Index(
            "ix_relations_one_invoice_recipient",
            "person_id",
            unique=True,
            sqlite_where=text("is_invoice_recipient AND active"),
            postgresql_where=text("is_invoice_recipient AND active"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    kind: Mapped[RelationKind] = mapped_column(_enum(RelationKind, "relation_kind"))
    name: Mapped[str] = mapped_column(String(MAX_LENGTHS["name"]))
    phone: Mapped[str] = mapped_column(String(MAX_LENGTHS["phone"]), default="")
    street: Mapped[str] = mapped_column(String(MAX_LENGTHS["street"]), default="")
    postal_code: Mapped[str] = mapped_column(String(MAX_LENGTHS["postal_code"]), default="")
    city: Mapped[str] = mapped_column(String(MAX_LENGTHS["city"]), default="")
    is_invoice_recipient: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Person record (migration 0003).
    relation_type: Mapped[str] = mapped_column(String(MAX_LENGTHS["relation_type"]), default="")
    email: Mapped[str] = mapped_column(String(MAX_LENGTHS["email"]), default="")
    notify_on_events: Mapped[bool] = mapped_column(Boolean, default=False)
    ended_on: Mapped[date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship(back_populates="relations")


class Case(Base):
    """Ärende: per person and kind, opened by the authority (or by the provider for boservice)."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    kind: Mapped[CaseKind] = mapped_column(_enum(CaseKind, "case_kind"))
    opened_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    close_reason: Mapped[str] = mapped_column(String(MAX_LENGTHS["close_reason"]), default="")
    responsible_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


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
    granted_per: Mapped[TimePer | None] = mapped_column(_enum(TimePer, "time_per"))
    description: Mapped[str] = mapped_column(Text, default="")

    decision: Mapped[Decision] = relationship(back_populates="interventions")
    type: Mapped[InterventionType] = relationship()


class Assignment(Base):
    """Uppdrag sent from the authority (or a previous provider) to a receiving unit."""

    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), index=True)
    receiver_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    sender_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[AssignmentKind] = mapped_column(_enum(AssignmentKind, "assignment_kind"))
    status: Mapped[AssignmentStatus] = mapped_column(
        _enum(AssignmentStatus, "assignment_status"), index=True
    )
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    goals: Mapped[str] = mapped_column(Text, default="")
    change_date: Mapped[date | None] = mapped_column(Date)
    previous_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"))
    first_read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    first_read_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    stopped_reason: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

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
        Index("ix_executions_unit_dates", "unit_id", "start_date", "end_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), index=True)
    intervention_id: Mapped[int] = mapped_column(ForeignKey("interventions.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    minutes: Mapped[int | None] = mapped_column(Integer)
    per: Mapped[TimePer | None] = mapped_column(_enum(TimePer, "time_per"))
    status: Mapped[ExecutionStatus] = mapped_column(_enum(ExecutionStatus, "execution_status"))
    end_reason: Mapped[str] = mapped_column(String(MAX_LENGTHS["end_reason"]), default="")
    replaces_execution_id: Mapped[int | None] = mapped_column(ForeignKey("executions.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    acknowledged_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    intervention: Mapped[Intervention] = relationship()
    unit: Mapped[OrgUnit] = relationship()

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    subject: Mapped[str] = mapped_column(String(MAX_LENGTHS["subject"]))
    body: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id"))
    reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))

    sender: Mapped[User | None] = relationship()
    recipients: Mapped[list[MessageRecipient]] = relationship(back_populates="message")


class MessageRecipient(Base):
    __tablename__ = "message_recipients"
    __table_args__ = (UniqueConstraint("message_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    message: Mapped[Message] = relationship(back_populates="recipients")


class MyPerson(Base):
    """Mina personer: the user's own list."""

    __tablename__ = "my_persons"
    __table_args__ = (UniqueConstraint("user_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditEvent(Base):
    """Append-only log of reads and changes. The database refuses UPDATE and DELETE on it."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    role: Mapped[str] = mapped_column(String(MAX_LENGTHS["audit_role"]), default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"))
    action: Mapped[AuditAction] = mapped_column(_enum(AuditAction, "audit_action"))
    entity_type: Mapped[str] = mapped_column(String(MAX_LENGTHS["entity_type"]))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AppSetting(Base):
    """Installation-wide settings kept in the database (e.g. that it holds demo data)."""

    __tablename__ = "app_settings"

    key: Mapped[str] = mapped_column(String(MAX_LENGTHS["setting_key"]), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class PersonChange(Base):
    """One changed field of a person record (or of one of its relations), with old and new
    value as shown to the user. Append-only like the audit trail, which refers to these rows
    by id so the values themselves stay out of the audit events."""

    __tablename__ = "person_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    relation_id: Mapped[int | None] = mapped_column(ForeignKey("relations.id"))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    field: Mapped[str] = mapped_column(String(MAX_LENGTHS["changed_field"]))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
