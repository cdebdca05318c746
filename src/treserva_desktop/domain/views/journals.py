"""Read models of genomförandejournaler: Documenta's overview, the journal window's page of
notes, one note for the note window, and what a save returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from treserva_desktop.domain.enums import BusinessArea, JournalKind, Role


@dataclass(frozen=True, slots=True)
class JournalListItem:
    """One journal in Documenta and under Dokument GF."""

    id: int
    person_id: int
    unit_id: int
    kind: JournalKind
    title: str
    template_code: str
    created_at: datetime
    closed_at: datetime | None
    note_count: int
    last_event_at: datetime | None

    @property
    def closed(self) -> bool:
        return self.closed_at is not None

    @property
    def status_text(self) -> str:
        return "Avslutad" if self.closed else "Aktuell"


@dataclass(frozen=True, slots=True)
class DocumentItem:
    """Another document in Documenta (for now: the person's genomförandeplaner)."""

    kind_text: str
    title: str
    dated: date
    status_text: str


@dataclass(frozen=True, slots=True)
class PersonDocuments:
    """Documenta: the person's journals and other documents at the unit."""

    person_id: int
    unit_id: int
    person_name: str
    unit_name: str
    # The unit's verksamhet (its own or the nearest above it): which templates fit.
    business_area: BusinessArea | None
    journals: tuple[JournalListItem, ...]
    documents: tuple[DocumentItem, ...]


@dataclass(frozen=True, slots=True)
class Choice:
    """A unit or an author to choose from, by id and name."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class JournalView:
    """The journal window's header and what its note window offers (from the template)."""

    id: int
    person_id: int
    unit_id: int
    kind: JournalKind
    title: str
    template_code: str
    person_name: str
    organisation: str
    closed: bool
    headings: tuple[str, ...]
    keywords: tuple[str, ...]
    phrases: tuple[tuple[str, str], ...]
    # Enhet: the unit performing the person's interventions first, then the other units the
    # actor may write in.
    performing_unit_id: int
    units: tuple[Choice, ...]
    # Författare: who has written in the journal, by name.
    authors: tuple[Choice, ...]
    version: int


@dataclass(frozen=True, slots=True)
class NoteFilter:
    """The journal window's filters: empty fields filter nothing."""

    keyword: str = ""
    author_id: int | None = None
    author_text: str = ""
    from_day: date | None = None
    to_day: date | None = None


@dataclass(frozen=True, slots=True)
class NoteCursor:
    """Where the next page starts: after the note (event_at, id), newest first."""

    event_at: datetime
    entry_id: int


@dataclass(frozen=True, slots=True)
class NoteRow:
    """One note in the journal window's list (its text is opened, not listed)."""

    id: int
    event_at: datetime
    heading: str
    author_id: int
    author_name: str
    author_role: Role
    unit_name: str
    keywords: tuple[str, ...]
    locked: bool
    signed: bool
    is_objection: bool
    version: int
    # journal2 (W7): the note has a correction (the list's red check).
    corrected: bool = False


@dataclass(frozen=True, slots=True)
class NotePage:
    rows: tuple[NoteRow, ...]
    next_cursor: NoteCursor | None


@dataclass(frozen=True, slots=True)
class JournalWindowData:
    """What the journal window shows on opening and after a change: its header and the
    first page of notes under the filter, read and checked together."""

    view: JournalView
    notes: NotePage


@dataclass(frozen=True, slots=True)
class NoteView:
    """One note for the note window."""

    id: int
    journal_id: int
    heading: str
    unit_id: int
    event_at: datetime
    body: str
    keywords: tuple[str, ...]
    author_id: int
    author_name: str
    author_role: Role
    created_at: datetime
    saved_at: datetime
    lock_due_at: datetime
    locked: bool
    signed: bool
    objection_to_entry_id: int | None
    version: int
    editable: bool


@dataclass(frozen=True, slots=True)
class JournalResult:
    journal_id: int
    person_id: int
    unit_id: int


@dataclass(frozen=True, slots=True)
class NoteResult:
    entry_id: int
    journal_id: int
    person_id: int
    version: int
    locked: bool
