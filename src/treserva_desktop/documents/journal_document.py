"""The journal document (W12 print before closing, W13 disclosure): every note oldest first,
who wrote it in which role at which unit and when, its keywords, and its corrections — the
original struck through, the new text beside it, who corrected it, when and why. The person
is named on every page, and every page is numbered."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from treserva_desktop.documents._pdf import STYLES, build_pdf, field_table, heading, text
from treserva_desktop.domain.journal_text import Correction, Segment, SegmentKind
from treserva_desktop.domain.views.journal_document import JournalDocumentNote, JournalDocumentView

# Socialtjänstsekretess for the social journal, hälso- och sjukvårdssekretess for HSL.
SECRECY = {False: "Sekretess enligt 26 kap. 1 § OSL", True: "Sekretess enligt 25 kap. 1 § OSL"}
NO_NOTES = "Journalen har inga anteckningar."
CORRECTED_COLOUR = "#1F4E79"


class _Checkpoint(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """Takes no space; calls `check` when laid out (so a long render can be cancelled)."""

    def __init__(self, check: Callable[[], None]) -> None:
        super().__init__()
        self.check = check

    def wrap(self, _available_width: float, _available_height: float) -> tuple[float, float]:
        self.check()
        return 0, 0

    def draw(self) -> None:
        return None


def _wrapped(piece: str, kind: SegmentKind, marker: str) -> str:
    if not piece:
        return ""
    value = escape(piece)
    if kind is SegmentKind.ORIGINAL:
        return f"<strike>{value}</strike>"
    if kind is SegmentKind.REPLACEMENT:
        return f'<font color="{CORRECTED_COLOUR}"><b>{value}</b></font>{marker}'
    return value


def _markup(segments: tuple[Segment, ...], numbers: dict[int, int]) -> list[str]:
    """The body as paragraphs of reportlab markup; tags never span a line break, so the text
    splits at blank lines into paragraphs that each break across pages on their own."""
    parts: list[str] = []
    for segment in segments:
        number = numbers.get(id(segment.correction)) if segment.correction else None
        marker = f"<super>[{number}]</super>" if number else ""
        pieces = segment.text.replace("\r\n", "\n").split("\n")
        for index, piece in enumerate(pieces):
            if index:
                parts.append("<br/>")
            last = index == len(pieces) - 1
            parts.append(_wrapped(piece, segment.kind, marker if last else ""))
        if segment.kind is SegmentKind.ORIGINAL and segment.correction is not None:
            if not segment.correction.replacement and number:
                parts.append(f"<super>[{number}]</super>")
            parts.append(" ")
    return [block for block in "".join(parts).split("<br/><br/>") if block.strip()]


def _stamp(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def _legend(corrections: tuple[Correction, ...], numbers: dict[int, int]) -> list[Flowable]:
    return [
        text(
            f"[{numbers[id(fix)]}] Rättad {_stamp(fix.corrected_at)} av {fix.corrected_by}. "
            f"Orsak: {fix.reason}. Ursprunglig text: ”{fix.original}”",
            "small",
        )
        for fix in corrections
    ]


def _note(note: JournalDocumentNote) -> list[Flowable]:
    numbers = {id(fix): number for number, fix in enumerate(note.corrections, start=1)}
    meta = f"{note.author_name}, {note.author_role_label} · {note.unit_name}"
    state = "Signerad" if note.signed else ("Låst" if note.locked else "Ej låst")
    if note.corrections:
        state += " · Rättad"
    lines = [f"{meta} · {state}"]
    if note.keywords:
        lines.append("Nyckelord: " + ", ".join(note.keywords))
    if note.objection_to_entry_id is not None:
        lines.append("Den enskildes synpunkt på en tidigare anteckning")
    head: list[Flowable] = [
        text(f"{_stamp(note.event_at)} – {note.heading}", "label"),
        text("\n".join(lines), "small"),
    ]
    body = [Paragraph(block, STYLES["body"]) for block in _markup(note.segments, numbers)]
    # Keep the heading with the first paragraph; the rest may break across pages.
    story: list[Flowable] = [KeepTogether(head + body[:1])]
    for paragraph in body[1:]:
        story += [Spacer(1, 4), paragraph]
    story += _legend(note.corrections, numbers)
    story.append(Spacer(1, 4 * mm))
    return story


def _facts(view: JournalDocumentView) -> list[Flowable]:
    if view.closed_at is not None:
        status = f"Avslutad {_stamp(view.closed_at)} av {view.closed_by_name}"
    else:
        status = "Aktiv"
    rows = [
        ("Namn", view.person_name),
        (view.identity_label, view.identity_display),
        ("Utförarenhet", view.unit_name),
        ("Journal", f"{view.title} ({view.kind_label})"),
        ("Upprättad", _stamp(view.created_at)),
        ("Status", status),
        ("Antal anteckningar", str(len(view.notes))),
    ]
    if view.disclosure_basis:
        rows.append(("Utlämnande", f"Utskrift för utlämnande ({view.disclosure_basis})"))
    return [heading("Person och journal"), field_table(rows)]


def render_journal(
    view: JournalDocumentView,
    *,
    printed_at: datetime,
    check: Callable[[], None] | None = None,
) -> bytes:
    """The journal as PDF bytes (A4). `check` is called as each note is laid out; raising
    there stops the render (Avbryt)."""
    story: list[Flowable] = [
        text(view.title, "title"),
        text(f"{view.kind_label} · {view.municipality}", "subtitle"),
        text(SECRECY[view.is_hsl], "right_small"),
        Spacer(1, 4 * mm),
    ]
    if view.is_test_data:
        story += [text("Testdata – personen är påhittad.", "banner"), Spacer(1, 2 * mm)]
    story += _facts(view)
    story.append(heading("Anteckningar"))
    if not view.notes:
        story.append(text(NO_NOTES, "small"))
    for note in view.notes:
        if check is not None:
            story.append(_Checkpoint(check))
        story += _note(note)
    return build_pdf(
        story,
        title=f"{view.title} {view.person_name}",
        header=f"{view.title} – {view.person_name}, {view.identity_display}",
        printed_at=printed_at,
    )
