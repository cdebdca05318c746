"""Read model of a whole journal as a document (W12 print before closing, W13 disclosure):
every note with its corrections, who and when, and the person it concerns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from treserva_desktop.domain.journal_text import Correction, Segment, compose


@dataclass(frozen=True, slots=True)
class JournalDocumentNote:
    entry_id: int
    heading: str
    event_at: datetime
    author_name: str
    author_role_label: str
    unit_name: str
    keywords: tuple[str, ...]
    body: str
    corrections: tuple[Correction, ...]
    signed: bool
    locked: bool
    objection_to_entry_id: int | None

    @property
    def segments(self) -> tuple[Segment, ...]:
        return compose(self.body, self.corrections)


@dataclass(frozen=True, slots=True)
class JournalDocumentView:
    journal_id: int
    person_id: int
    person_name: str
    identity_label: str
    identity_display: str
    is_test_data: bool
    unit_id: int
    unit_name: str
    municipality: str
    title: str
    kind_label: str
    is_hsl: bool
    created_at: datetime
    closed_at: datetime | None
    closed_by_name: str
    version: int
    notes: tuple[JournalDocumentNote, ...]
    # Set when the journal is printed for disclosure: "Samtycke" or "Menprövning".
    disclosure_basis: str = ""


@dataclass(frozen=True, slots=True)
class JournalResult:
    journal_id: int
    person_id: int
    unit_id: int
