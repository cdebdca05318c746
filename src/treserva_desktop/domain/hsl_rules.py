"""HSL journal rules (W13) as pure functions: what an opening by a verksamhetschef and a
disclosure basis must hold. The dialogs and the services call the same checks."""

from __future__ import annotations

from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.field_lengths import MAX_LENGTHS

NOT_HSL = "Bara en HSL-journal öppnas med skäl och legitimerad kollega."
NO_REASON = "Ange skälet till att du behöver läsa HSL-journalen."
NO_COLLEAGUE = (
    "Ange namn och yrke på den legitimerade kollega (sjuksköterska, fysioterapeut, "
    "arbetsterapeut eller logoped) som läser journalen med dig."
)
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
