"""Journal rules as pure functions: who writes which journal, what a note must hold, and when
a note is locked (skrivskyddad)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from treserva_desktop.domain.enums import JournalKind, Permission, Role
from treserva_desktop.domain.errors import PermissionDenied, ValidationError
from treserva_desktop.domain.field_lengths import MAX_LENGTHS
from treserva_desktop.domain.numbers import grouped
from treserva_desktop.domain.rules import Actor, require

# Hours after a note's first save when it locks by itself (an installation setting).
DEFAULT_LOCK_HOURS = 24
MAX_LOCK_HOURS = 24 * 30

HSL_ONLY = (
    "Bara sjuksköterskor vid enheten skriver och läser HSL-journalen. Verksamhetschefens "
    "läsning kräver att skäl och legitimerad kollega anges."
)
NURSE_NO_SOCIAL = (
    "Sjuksköterskor dokumenterar i HSL-journalen. Den sociala genomförandejournalen skrivs av "
    "enhetens omvårdnadspersonal och chefer."
)
EMPTY_TEXT = "Skriv en anteckning innan du sparar."
NO_HEADING = "Välj eller skriv en rubrik."
CLOSED = "Journalen är avslutad och tar inte emot nya anteckningar."
LOCKED = (
    "Anteckningen är skrivskyddad (signerad eller låst efter {hours} timmar) och kan inte ändras."
)
NOT_AUTHOR = "Bara den som skrev anteckningen kan ändra eller signera den innan den låses."
OBJECTION_NEEDS_LOCK = (
    "Den enskildes synpunkt kopplas till en skrivskyddad anteckning. Anteckningen kan ännu "
    "ändras av den som skrev den."
)
FUTURE_EVENT = "Händelsetidpunkten kan inte ligga i framtiden."


def too_long(length: int) -> str:
    maximum = MAX_LENGTHS["journal_body"]
    return (
        f"Anteckningen får vara högst {grouped(maximum)} tecken; den har {grouped(length)}. "
        "Korta texten eller dela upp den i flera anteckningar."
    )


def lock_due_at(first_saved_at: datetime, lock_hours: int) -> datetime:
    """When a note saved first at `first_saved_at` locks by itself."""
    return first_saved_at + timedelta(hours=lock_hours)


def is_locked(locked_at: datetime | None, due_at: datetime, now: datetime) -> bool:
    """Locked once signed, or as soon as its lock time has come (whether or not the lock has
    been written down yet)."""
    return locked_at is not None or now >= due_at


def check_writer(actor: Actor, kind: JournalKind, unit_id: int) -> None:
    """Whether the actor writes (and, for now, reads) a journal of `kind` kept at the unit:
    HSL by the unit's nurses only; social by the unit's staff and managers, never by a
    nurse (whatever else they hold there, the nurse role does not give it)."""
    if kind is JournalKind.HSL:
        if unit_id not in actor.scope.get(Role.NURSE, frozenset()):
            raise PermissionDenied(HSL_ONLY)
        return
    if not actor.can(Permission.WRITE_JOURNAL, unit_id) and unit_id in actor.scope.get(
        Role.NURSE, frozenset()
    ):
        raise PermissionDenied(NURSE_NO_SOCIAL)
    require(actor, Permission.WRITE_JOURNAL, unit_id)


def check_note_text(heading: str, body: str) -> None:
    """A note needs a heading and text, within the length a command carries."""
    if not heading.strip():
        raise ValidationError(NO_HEADING, field="heading")
    if not body.strip():
        raise ValidationError(EMPTY_TEXT, field="body")
    if len(body) > MAX_LENGTHS["journal_body"]:
        raise ValidationError(too_long(len(body)), field="body")


def clean_keywords(keywords: Iterable[str]) -> tuple[str, ...]:
    """The linked keywords, trimmed, without blanks or repeats, in the order chosen."""
    seen: dict[str, None] = {}
    for keyword in keywords:
        text = keyword.strip()
        if not text:
            continue
        if len(text) > MAX_LENGTHS["journal_keyword"]:
            raise ValidationError("Ett nyckelord är för långt.", field="keywords")
        seen.setdefault(text, None)
    return tuple(seen)


def check_event_at(event_at: datetime, now: datetime) -> None:
    """A note documents what has happened: its event time is not after now (a few minutes of
    clock difference between workstations are allowed)."""
    if event_at > now + timedelta(minutes=10):
        raise ValidationError(FUTURE_EVENT, field="event_at")
