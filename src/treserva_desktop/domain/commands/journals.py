"""Commands for genomförandejournaler: a new journal from a template, a note saved or signed."""

from __future__ import annotations

from datetime import datetime

from treserva_desktop.domain.commands import Command


class CreateJournal(Command):
    """Ny journal: the person's journal at the unit whose Dokument GF it is made under."""

    person_id: int
    unit_id: int
    template_code: str


class SaveNote(Command):
    """Spara in the note window: a new note (entry_id None) or the next version of the
    author's unlocked note. `objection_to_entry_id`: a new "Den enskildes synpunkt" linked to
    that locked note."""

    journal_id: int
    entry_id: int | None = None
    expected_version: int | None = None
    heading: str
    unit_id: int
    event_at: datetime
    body: str
    keywords: tuple[str, ...] = ()
    objection_to_entry_id: int | None = None


class SignNote(Command):
    """Signera: the author locks the note now."""

    entry_id: int
    expected_version: int
