"""Read models of a note's corrections (W7): the note composed with them for the correction
view, and what one correction returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from treserva_desktop.domain.journal_text import Correction, Segment, compose


@dataclass(frozen=True, slots=True)
class CorrectionResult:
    correction_id: int
    entry_id: int
    journal_id: int
    person_id: int


@dataclass(frozen=True, slots=True)
class CorrectedNoteView:
    """A locked note as the correction view shows it: the body as written, its corrections
    (oldest first) and who wrote it when."""

    entry_id: int
    journal_id: int
    person_id: int
    unit_id: int
    heading: str
    author_name: str
    author_role_label: str
    event_at: datetime
    body: str
    corrections: tuple[Correction, ...]
    locked: bool

    @property
    def segments(self) -> tuple[Segment, ...]:
        return compose(self.body, self.corrections)
