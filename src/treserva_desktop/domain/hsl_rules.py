"""HSL journal rules (W13) and who closes a journal (W12) as pure functions: what an opening by
a verksamhetschef and a disclosure basis must hold. The dialogs and the services call the same
checks."""

from __future__ import annotations

from collections.abc import Callable

from treserva_desktop.domain.enums import JournalKind, Permission, Role
from treserva_desktop.domain.errors import PermissionDenied, ValidationError
from treserva_desktop.domain.field_lengths import MAX_LENGTHS
from treserva_desktop.domain.rules import Actor, require

NOT_HSL = "Bara en HSL-journal öppnas med skäl och legitimerad kollega."
NO_REASON = "Ange skälet till att du behöver läsa HSL-journalen."
NO_COLLEAGUE = (
    "Ange namn och yrke på den legitimerade kollega (sjuksköterska, fysioterapeut, "
    "arbetsterapeut eller logoped) som läser journalen med dig."
)
HSL_CLOSED_BY_NURSES = "HSL-journalen avslutas av enhetens sjuksköterskor."
NO_NOTE = "Beskriv samtycket (hur och när det gavs) eller menprövningens resultat."


def _text(value: str, field: str, empty: str, limit: str) -> str:
    text = value.strip()
    if not text:
        raise ValidationError(empty, field=field)
    if len(text) > MAX_LENGTHS[limit]:
        raise ValidationError(f"Texten får vara högst {MAX_LENGTHS[limit]} tecken.", field=field)
    return text


def check_opening(reason: str, licensed_colleague: str) -> tuple[str, str]:
    """The reason and the colleague, trimmed; both required."""
    return (
        _text(reason, "reason", NO_REASON, "hsl_reason"),
        _text(licensed_colleague, "licensed_colleague", NO_COLLEAGUE, "licensed_colleague"),
    )


def check_disclosure_note(note: str) -> str:
    return _text(note, "note", NO_NOTE, "disclosure_note")


def check_closer(actor: Actor, kind: JournalKind, unit_id: int) -> None:
    """Who closes a journal (Avsluta journal, W12): a social journal the unit's managers
    (Permission.CLOSE_JOURNAL), an HSL journal the unit's nurses, who keep it."""
    if kind is JournalKind.HSL:
        if unit_id not in actor.scope.get(Role.NURSE, frozenset()):
            raise PermissionDenied(HSL_CLOSED_BY_NURSES)
        return
    require(actor, Permission.CLOSE_JOURNAL, unit_id)


def may(
    check: Callable[[Actor, JournalKind, int], None], actor: Actor, kind: JournalKind, unit_id: int
) -> bool:
    """Whether a check passes: for the UI, which greys out what the service would refuse."""
    try:
        check(actor, kind, unit_id)
    except PermissionDenied:
        return False
    return True
