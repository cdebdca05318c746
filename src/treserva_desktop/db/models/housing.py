"""Housing: objects of vårdboende and korttidsboende units, the contracts on them and the
reasons contracts end. Objects and contracts are never deleted."""

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
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from treserva_desktop.db.models.base import Base, stored_enum
from treserva_desktop.domain.field_lengths import MAX_LENGTHS
from treserva_desktop.domain.housing_rules import ContractKind, HousingKind


class HousingObject(Base):
    """Boendeobjekt: an apartment, a room or a short-term place at one unit. Retired (from a
    day on it is let no more), never deleted: past contracts point at it."""

    __tablename__ = "housing_objects"
    __table_args__ = (UniqueConstraint("unit_id", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    label: Mapped[str] = mapped_column(String(MAX_LENGTHS["housing_label"]))
    address: Mapped[str] = mapped_column(String(MAX_LENGTHS["housing_address"]), default="")
    kind: Mapped[HousingKind] = mapped_column(stored_enum(HousingKind, "housing_kind"))
    retired_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class HousingContract(Base):
    """Boendekontrakt or korttidsplats: a person in an object from `start_date` to the
    utflyttningsdatum `move_out_on` (None: until further notice)."""

    __tablename__ = "housing_contracts"
    __table_args__ = (
        CheckConstraint("move_out_on IS NULL OR move_out_on >= start_date", name="period"),
        CheckConstraint(
            "notice_on IS NULL OR move_out_on IS NULL OR move_out_on >= notice_on",
            name="notice_first",
        ),
        # One open-ended contract per object, whatever the service is told (the service
        # also refuses overlapping dated ones, which a constraint cannot express portably).
        Index(
            "uq_housing_contracts_open_object",
            "object_id",
            unique=True,
            sqlite_where=text("move_out_on IS NULL"),
            postgresql_where=text("move_out_on IS NULL"),
        ),
        # Boende and the contract list: a person's contracts, by start.
        Index("ix_housing_contracts_person", "person_id", "start_date"),
        Index("ix_housing_contracts_object", "object_id", "start_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    object_id: Mapped[int] = mapped_column(ForeignKey("housing_objects.id"))
    kind: Mapped[ContractKind] = mapped_column(stored_enum(ContractKind, "contract_kind"))
    start_date: Mapped[date] = mapped_column(Date)
    notice_on: Mapped[date | None] = mapped_column(Date)
    move_out_on: Mapped[date | None] = mapped_column(Date)
    end_reason_code: Mapped[str] = mapped_column(String(MAX_LENGTHS["end_reason_code"]), default="")
    # The contract this one replaced through Byt objekt.
    replaces_contract_id: Mapped[int | None] = mapped_column(ForeignKey("housing_contracts.id"))
    created_by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ContractEndReason(Base):
    """Orsak when a contract ends (Avliden, Byte av objekt, ...): a code list."""

    __tablename__ = "contract_end_reasons"

    code: Mapped[str] = mapped_column(String(MAX_LENGTHS["end_reason_code"]), primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_LENGTHS["code_name"]))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
