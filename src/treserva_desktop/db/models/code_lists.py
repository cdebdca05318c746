"""Code lists: billing areas (debiteringsområden), intervention types (insatser), the
reasons for opening a protected identity's data and the reasons rows end (avslutsorsaker)."""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from treserva_desktop.db.models.base import Base, stored_enum
from treserva_desktop.domain.enums import BusinessArea
from treserva_desktop.domain.field_lengths import MAX_LENGTHS


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
    business_area: Mapped[BusinessArea] = mapped_column(stored_enum(BusinessArea, "business_area"))
    requires_time: Mapped[bool] = mapped_column(Boolean, default=False)
    # Boservice (förenklad handläggning): the provider opens and closes the case itself.
    is_service_case: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Personlig omvårdnad: a boservice case may not close while such a row goes on.
    is_personal_care: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class RevealReason(Base):
    """Why a protected identity's address and contact data were opened: a code list, so the
    audit trail holds a code and never the user's own words."""

    __tablename__ = "reveal_reasons"

    code: Mapped[str] = mapped_column(String(MAX_LENGTHS["reveal_reason_code"]), primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_LENGTHS["code_name"]))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class EndReason(Base):
    """Avslutsorsak of an execution row (Rätta/Avsluta): the row stores the code."""

    __tablename__ = "end_reasons"

    code: Mapped[str] = mapped_column(String(MAX_LENGTHS["end_reason_code"]), primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_LENGTHS["code_name"]))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CaseCloseReason(Base):
    """Avslutsorsak of a boservice case (Avliden, Flyttat, ...): a code list (migration 0014)."""

    __tablename__ = "case_close_reasons"

    code: Mapped[str] = mapped_column(String(MAX_LENGTHS["reveal_reason_code"]), primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_LENGTHS["code_name"]))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
