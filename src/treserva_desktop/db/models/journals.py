"""Genomförandejournaler: a journal, its notes (anteckningar), every saved version of a note and
the keywords of its current version. Official records: never deleted, a locked note's text
never changed (migration 0017's triggers refuse it on both backends)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from treserva_desktop.db.models.base import Base, stored_enum
from treserva_desktop.domain.enums import JournalKind, Role
from treserva_desktop.domain.field_lengths import MAX_LENGTHS


class Journal(Base):
    """A person's journal kept by one unit, social or HSL; closed once (closed_at is set from
    NULL to a value and then never changes)."""

    __tablename__ = "journals"
    __table_args__ = (
        # Documenta and Dokument GF list a person's journals at a unit.
        Index("ix_journals_person_unit", "person_id", "unit_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    kind: Mapped[JournalKind] = mapped_column(stored_enum(JournalKind, "journal_kind"))
    template_code: Mapped[str] = mapped_column(String(MAX_LENGTHS["journal_template_code"]))
    title: Mapped[str] = mapped_column(String(MAX_LENGTHS["journal_title"]))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class JournalEntry(Base):
    """En anteckning. Editable by its author until locked (signed, or lock_due_at passed);
    a "Den enskildes synpunkt" is a note of its own pointing at the locked note it answers."""

    __tablename__ = "journal_entries"
    __table_args__ = (
        # The journal window: a journal's notes newest first, paged by (event_at, id).
        Index("ix_journal_entries_journal_event", "journal_id", "event_at", "id"),
        # The same filtered by author.
        Index("ix_journal_entries_journal_author", "journal_id", "author_id", "event_at", "id"),
        Index("ix_journal_entries_objection_to_entry_id", "objection_to_entry_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    journal_id: Mapped[int] = mapped_column(ForeignKey("journals.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author_role: Mapped[Role] = mapped_column(stored_enum(Role, "role"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    heading: Mapped[str] = mapped_column(String(MAX_LENGTHS["journal_heading"]))
    event_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    lock_due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    locked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    signed: Mapped[bool] = mapped_column(Boolean, default=False)
    objection_to_entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class JournalEntryVersion(Base):
    """One save of a note before its lock, as saved (append-only)."""

    __tablename__ = "journal_entry_versions"
    __table_args__ = (UniqueConstraint("entry_id", "version_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("journal_entries.id"))
    version_no: Mapped[int] = mapped_column(Integer)
    heading: Mapped[str] = mapped_column(String(MAX_LENGTHS["journal_heading"]))
    body: Mapped[str] = mapped_column(Text)
    event_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    keywords: Mapped[list[Any]] = mapped_column(JSON, default=list)
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    saved_by: Mapped[int] = mapped_column(ForeignKey("users.id"))


class JournalEntryKeyword(Base):
    """Ett kopplat nyckelord of a note's current version (replaced on each save before the
    lock, fixed after it)."""

    __tablename__ = "journal_entry_keywords"
    __table_args__ = (
        # Filtering a journal by keyword: the keyword's notes, joined to the journal's.
        Index("ix_journal_entry_keywords_keyword", "keyword", "entry_id"),
    )

    entry_id: Mapped[int] = mapped_column(ForeignKey("journal_entries.id"), primary_key=True)
    keyword: Mapped[str] = mapped_column(String(MAX_LENGTHS["journal_keyword"]), primary_key=True)
