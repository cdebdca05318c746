"""Persons, their relations, the field-level change history and Mina personer."""

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
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from treserva_desktop.db.models.base import Base, stored_enum
from treserva_desktop.db.models.code_lists import BillingArea
from treserva_desktop.db.name_keys import swedish_key
from treserva_desktop.domain.enums import IdentityKind, RelationKind
from treserva_desktop.domain.field_lengths import MAX_LENGTHS
from treserva_desktop.domain.person_rules import Gender


def _name_key_type(name_field: str) -> String:
    """Room for the longest key (å, ä, ö take two characters). Compared by code point on every
    backend: SQLite's default, and collation "C" on PostgreSQL, whose language collations
    would sort the keys by other rules and break the prefix ranges."""
    length = 2 * MAX_LENGTHS[name_field]
    return String(length).with_variant(String(length, collation="C"), "postgresql")


def _name_key_default(name_column: str) -> Any:
    """Fills a key column on INSERT from the name in the same row, for ORM and Core inserts
    alike (the demo generator bulk-inserts persons with Core)."""

    def key(context: Any) -> str:
        return swedish_key(context.get_current_parameters()[name_column])

    return key


class Person(Base):
    __tablename__ = "persons"
    __table_args__ = (
        CheckConstraint(
            "temp_valid_to IS NULL OR temp_valid_from IS NULL OR temp_valid_to >= temp_valid_from",
            name="temp_address_period",
        ),
        # The name search's prefix ranges and every person list's order (migration 0005).
        Index("ix_persons_name_key", "last_name_key", "first_name_key", "id"),
        Index("ix_persons_first_name_key", "first_name_key", "last_name_key", "id"),
        # A reached person's name tested without reading the row (migration 0027).
        Index("ix_persons_id_name_keys", "id", "last_name_key", "first_name_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    identity_number: Mapped[str] = mapped_column(
        String(MAX_LENGTHS["identity_number"]), unique=True
    )
    identity_kind: Mapped[IdentityKind] = mapped_column(stored_enum(IdentityKind, "identity_kind"))
    first_name: Mapped[str] = mapped_column(String(MAX_LENGTHS["first_name"]))
    last_name: Mapped[str] = mapped_column(String(MAX_LENGTHS["last_name"]))
    # swedish_key of the names (db/name_keys.py), for the name search and sorting in SQL.
    # Set with the name: on insert by the column default, on change by the validator below.
    first_name_key: Mapped[str] = mapped_column(
        _name_key_type("first_name"), default=_name_key_default("first_name")
    )
    last_name_key: Mapped[str] = mapped_column(
        _name_key_type("last_name"), default=_name_key_default("last_name")
    )
    protected_identity: Mapped[bool] = mapped_column(Boolean, default=False)
    street: Mapped[str] = mapped_column(String(MAX_LENGTHS["street"]), default="")
    postal_code: Mapped[str] = mapped_column(String(MAX_LENGTHS["postal_code"]), default="")
    city: Mapped[str] = mapped_column(String(MAX_LENGTHS["city"]), default="")
    phone: Mapped[str] = mapped_column(String(MAX_LENGTHS["phone"]), default="")
    billing_area_code: Mapped[str | None] = mapped_column(ForeignKey("billing_areas.code"))
    is_test_data: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Person record (migration 0003). Gender is stored only where the number does not carry it.
    gender: Mapped[Gender | None] = mapped_column(stored_enum(Gender, "gender"))
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

    @validates("first_name", "last_name")
    def _keep_name_key(self, field: str, value: str) -> str:
        # An UPDATE's onupdate default would not see a name it does not change, so the ORM
        # sets the key whenever the name is set.
        setattr(self, f"{field}_key", swedish_key(value))
        return value

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
    kind: Mapped[RelationKind] = mapped_column(stored_enum(RelationKind, "relation_kind"))
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


class MyPerson(Base):
    """Mina personer: the user's own list."""

    __tablename__ = "my_persons"
    __table_args__ = (UniqueConstraint("user_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
