"""A locked note's text with its corrections (W7): the rules for a new correction, and the
note composed into segments — unchanged text, the struck-through original and its
replacement with who and when — that the correction view and the journal PDF both show.

The note's body is never changed: what a reader sees is always composed from the body and
the corrections, each of which names a character range of the body.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from treserva_desktop.domain.errors import ValidationError

# The longest reason and replacement a correction takes (a replacement may well be longer
# than the selection, but a correction is a fix, not a new note).
MAX_REASON = 1_000
MAX_REPLACEMENT = 5_000

NO_SELECTION = "Markera den text som ska rättas i den övre rutan och välj Välj."
OUTSIDE_BODY = "Den markerade texten finns inte i anteckningen. Markera texten på nytt."
OVERLAPS = "Den markerade texten har redan rättats. Markera text utanför de tidigare rättningarna."
NO_REASON = "Ange orsak till rättningen."
REASON_TOO_LONG = f"Orsaken får vara högst {MAX_REASON} tecken."
REPLACEMENT_TOO_LONG = f"Den rättade texten får vara högst {MAX_REPLACEMENT} tecken."
UNCHANGED = "Den rättade texten är densamma som originalet. Ändra texten i den undre rutan."


@dataclass(frozen=True, slots=True)
class Correction:
    """One stored correction: the range [start, end) of the body it replaces."""

    start: int
    end: int
    original: str
    replacement: str
    reason: str
    corrected_by: str
    corrected_at: datetime


class SegmentKind(StrEnum):
    UNCHANGED = "unchanged"
    ORIGINAL = "original"  # shown struck through
    REPLACEMENT = "replacement"  # shown after the original, with who and when


@dataclass(frozen=True, slots=True)
class Segment:
    kind: SegmentKind
    text: str
    # The correction an ORIGINAL or REPLACEMENT segment belongs to; None for UNCHANGED.
    correction: Correction | None = None


def _overlaps(start: int, end: int, other: Correction) -> bool:
    return start < other.end and other.start < end


def check_correction(
    body: str,
    start: int,
    end: int,
    replacement: str,
    reason: str,
    earlier: Iterable[Correction],
) -> None:
    """Refuse a correction of `body[start:end]` that selects nothing, lies outside the body,
    overlaps an earlier correction, changes nothing, or has no reason. The field named is
    the one the dialog marks."""
    if end <= start:
        raise ValidationError(NO_SELECTION, field="selection")
    if start < 0 or end > len(body):
        raise ValidationError(OUTSIDE_BODY, field="selection")
    if any(_overlaps(start, end, other) for other in earlier):
        raise ValidationError(OVERLAPS, field="selection")
    if len(replacement) > MAX_REPLACEMENT:
        raise ValidationError(REPLACEMENT_TOO_LONG, field="replacement")
    if replacement == body[start:end]:
        raise ValidationError(UNCHANGED, field="replacement")
    if not reason.strip():
        raise ValidationError(NO_REASON, field="reason")
    if len(reason) > MAX_REASON:
        raise ValidationError(REASON_TOO_LONG, field="reason")


def compose(body: str, corrections: Sequence[Correction]) -> tuple[Segment, ...]:
    """The body as segments in reading order: unchanged text, and for each correction its
    original (struck through) followed by its replacement. Empty segments are left out, so
    a replacement that removes text shows the struck original alone. Corrections must not
    overlap (check_correction guarantees it for stored ones)."""
    segments: list[Segment] = []
    position = 0
    for correction in sorted(corrections, key=lambda c: (c.start, c.end)):
        if correction.start < position:
            raise ValueError("overlapping corrections")
        if correction.start > position:
            segments.append(Segment(SegmentKind.UNCHANGED, body[position : correction.start]))
        original = body[correction.start : correction.end]
        segments.append(Segment(SegmentKind.ORIGINAL, original, correction))
        if correction.replacement:
            segments.append(Segment(SegmentKind.REPLACEMENT, correction.replacement, correction))
        position = correction.end
    if position < len(body):
        segments.append(Segment(SegmentKind.UNCHANGED, body[position:]))
    return tuple(segments)


def current_text(body: str, corrections: Sequence[Correction]) -> str:
    """The note as it reads after its corrections (originals left out)."""
    return "".join(
        segment.text
        for segment in compose(body, corrections)
        if segment.kind is not SegmentKind.ORIGINAL
    )


def original_text(segments: Iterable[Segment]) -> str:
    """The body again, from its segments (what was written, before any correction)."""
    return "".join(
        segment.text for segment in segments if segment.kind is not SegmentKind.REPLACEMENT
    )
