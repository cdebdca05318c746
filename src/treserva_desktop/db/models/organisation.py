"""Organisation and access: units, users and their role grants."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from treserva_desktop.db.models.base import Base, stored_enum
from treserva_desktop.domain.enums import BusinessArea, OrgUnitKind, Role
from treserva_desktop.domain.field_lengths import MAX_LENGTHS


class OrgUnit(Base):
    __tablename__ = "org_units"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"), index=True)
    name: Mapped[str] = mapped_column(String(MAX_LENGTHS["unit_name"]))
    kind: Mapped[OrgUnitKind] = mapped_column(stored_enum(OrgUnitKind, "org_unit_kind"))
    business_area: Mapped[BusinessArea | None] = mapped_column(
        stored_enum(BusinessArea, "business_area")
    )
    is_provider: Mapped[bool] = mapped_column(Boolean, default=True)
    phone: Mapped[str] = mapped_column(String(MAX_LENGTHS["phone"]), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # Proposed in Registrera for a person without a billing area (migration 0019).
    default_billing_area_code: Mapped[str | None] = mapped_column(ForeignKey("billing_areas.code"))


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
    # Set after too many failed logins in a row; no login (or unlock) until it has passed.
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    grants: Mapped[list[RoleAssignment]] = relationship(back_populates="user")


class RoleAssignment(Base):
    __tablename__ = "role_assignments"
    __table_args__ = (UniqueConstraint("user_id", "role", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[Role] = mapped_column(stored_enum(Role, "role"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))

    user: Mapped[User] = relationship(back_populates="grants")
    unit: Mapped[OrgUnit] = relationship()


class UnknownLoginName(Base):
    """Failed logins under user names that do not exist, so that they lock like real accounts
    (the same answer after five). Keyed by a 16-bit bucket of the name's hash, never the name:
    a password typed into the name field must not be stored."""

    __tablename__ = "unknown_login_names"

    name_key: Mapped[str] = mapped_column(String(4), primary_key=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
