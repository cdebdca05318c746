"""The log extract document (PDL logguttag): who accessed the person's records, when, in
which role, from which unit, what and why. The person is named in every page's header."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from treserva_desktop.documents._pdf import (
    CONTENT_WIDTH,
    STYLES,
    build_pdf,
    field_table,
    grid_table,
    heading,
    text,
)
from treserva_desktop.domain.views.log_extract import LOG_EXTRACT_TITLE, LogExtractView

SECRECY = "Sekretess enligt 26 kap. 1 § OSL"
NO_EVENTS = "Ingen har tagit del av eller ändrat personens uppgifter under perioden."
COLUMNS = ("Tid", "Användare, roll", "Enhet", "Vad", "Orsak")
# At the small size role names ("Omvårdnadspersonal") and words like "journalanteckning"
# fit whole; the time wraps after the date.
WIDTHS = (0.13, 0.24, 0.17, 0.24, 0.22)
CELL = ParagraphStyle("log_cell", parent=STYLES["cell"], fontSize=8.5, leading=10.5)


def _facts(view: LogExtractView) -> list[Flowable]:
    rows = [
        ("Namn", view.person_name),
        (view.identity_label, view.identity_display),
        ("Period", f"{view.period_start:%Y-%m-%d} – {view.period_end:%Y-%m-%d}"),
        ("Uttaget av", f"{view.produced_by_name}, {view.produced_at:%Y-%m-%d %H:%M}"),
        ("Antal händelser", str(len(view.rows))),
    ]
    return [heading("Person och period"), field_table(rows)]


def _cell(value: str) -> Paragraph:
    return Paragraph(escape(value).replace("\n", "<br/>"), CELL)


def _events(view: LogExtractView) -> list[Flowable]:
    if not view.rows:
        return [heading("Åtkomster"), text(NO_EVENTS, "small")]
    rows = [
        [
            _cell(f"{row.occurred_at:%Y-%m-%d} {row.occurred_at:%H:%M}"),
            _cell(f"{row.user_name}\n{row.role_label}" if row.role_label else row.user_name),
            _cell(row.unit_name or "–"),
            _cell(f"{row.action_label} {row.entity_label}"),
            _cell(row.reason or "–"),
        ]
        for row in view.rows
    ]
    return [
        heading("Åtkomster"),
        grid_table(COLUMNS, rows, [CONTENT_WIDTH * share for share in WIDTHS]),
    ]


def render_log_extract(view: LogExtractView) -> bytes:
    """The extract as PDF bytes (A4), page numbers and the person on every page."""
    story: list[Flowable] = [
        text(LOG_EXTRACT_TITLE, "title"),
        text("Vem har tagit del av personens uppgifter, när och varifrån", "subtitle"),
        text(SECRECY, "right_small"),
        Spacer(1, 4 * mm),
    ]
    if view.is_test_data:
        story += [text("Testdata – personen är påhittad.", "banner"), Spacer(1, 2 * mm)]
    story += _facts(view)
    story += _events(view)
    return build_pdf(
        story,
        title=f"{LOG_EXTRACT_TITLE} {view.person_name}",
        header=f"{LOG_EXTRACT_TITLE} – {view.person_name}, {view.identity_display}",
        printed_at=view.produced_at,
    )
