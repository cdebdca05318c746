"""Append-only records around locked journal notes: corrections by a verksamhetschef (W7),
openings of an HSL journal with reason and licensed colleague (W13), and the recorded basis for
disclosing a journal (consent or menprövning). Migration 0018's triggers refuse UPDATE and
DELETE on all three."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from treserva_desktop.db.models.base import Base, stored_enum
from treserva_desktop.domain.enums import DisclosureBasis
from treserva_desktop.domain.field_lengths import MAX_LENGTHS


class JournalCorrection(Base):
    """Rättning: the range [start_offset, end_offset) of the locked body, its original text,
    the replacement, why, who and when. The note's body itself is never changed."""

    __tablename__ = "journal_corrections"
    __table_args__ = (
        CheckConstraint("start_offset >= 0 AND end_offset > start_offset", name="range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("journal_entries.id"), index=True)
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    original_text: Mapped[str] = mapped_column(Text)
    replacement_text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(MAX_LENGTHS["correction_reason"]))
    corrected_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    corrected_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class HslOpening(Base):
    """A verksamhetschef opened an HSL journal: why, and the licensed colleague present."""

    __tablename__ = "hsl_openings"
    __table_args__ = (
        # Whether a user has opened the journal (the latest opening first).
        Index("ix_hsl_openings_journal_user", "journal_id", "user_id", "opened_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    journal_id: Mapped[int] = mapped_column(ForeignKey("journals.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(MAX_LENGTHS["hsl_reason"]))
    licensed_colleague: Mapped[str] = mapped_column(String(MAX_LENGTHS["licensed_colleague"]))
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class JournalDisclosure(Base):
    """The basis recorded before a journal is printed for disclosure (utlämnande)."""

    __tablename__ = "journal_disclosures"

    id: Mapped[int] = mapped_column(primary_key=True)
    journal_id: Mapped[int] = mapped_column(ForeignKey("journals.id"), index=True)
    basis: Mapped[DisclosureBasis] = mapped_column(stored_enum(DisclosureBasis, "disclosure_basis"))
    note: Mapped[str] = mapped_column(String(MAX_LENGTHS["disclosure_note"]))
    decided_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
