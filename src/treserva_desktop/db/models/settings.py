"""Installation-wide settings stored in the database."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from treserva_desktop.db.models.base import Base
from treserva_desktop.domain.field_lengths import MAX_LENGTHS


class AppSetting(Base):
    """Installation-wide settings kept in the database (e.g. that it holds demo data)."""

    __tablename__ = "app_settings"

    key: Mapped[str] = mapped_column(String(MAX_LENGTHS["setting_key"]), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
