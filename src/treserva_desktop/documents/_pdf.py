"""Shared PDF layout: A4 page, embedded fonts, header and footer with "Sida x av y"."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

# Embedded TrueType fonts (Bitstream Vera, shipped with reportlab) rather than the standard
# Helvetica, which readers substitute: an archived record must look the same everywhere.
FONT = "TreservaSans"
FONT_BOLD = "TreservaSans-Bold"


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, "Vera.ttf"))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, "VeraBd.ttf"))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)


_register_fonts()
MARGIN = 20 * mm
PAGE_WIDTH, PAGE_HEIGHT = A4
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
ACCENT = colors.HexColor("#1F4E79")
RULE = colors.HexColor("#B7C4D1")
SHADE = colors.HexColor("#EEF2F6")
MUTED = colors.HexColor("#555555")
WARNING = colors.HexColor("#9C2A00")

STYLES: dict[str, ParagraphStyle] = {
    "title": ParagraphStyle("title", fontName=FONT_BOLD, fontSize=20, leading=24, textColor=ACCENT),
    "subtitle": ParagraphStyle("subtitle", fontName=FONT, fontSize=10, leading=13, textColor=MUTED),
    "heading": ParagraphStyle(
        "heading",
        fontName=FONT_BOLD,
        fontSize=12,
        leading=15,
        textColor=ACCENT,
        spaceBefore=10,
        spaceAfter=4,
    ),
    "body": ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5),
    "label": ParagraphStyle("label", fontName=FONT_BOLD, fontSize=9, leading=12, textColor=MUTED),
    "cell": ParagraphStyle("cell", fontName=FONT, fontSize=10, leading=12.5),
    "cell_head": ParagraphStyle(
        "cell_head", fontName=FONT_BOLD, fontSize=9, leading=12, textColor=colors.white
    ),
    "small": ParagraphStyle("small", fontName=FONT, fontSize=8.5, leading=11, textColor=MUTED),
    "banner": ParagraphStyle(
        "banner", fontName=FONT_BOLD, fontSize=9.5, leading=12, textColor=WARNING
    ),
    "right": ParagraphStyle(
        "right", fontName=FONT, fontSize=10, leading=13, textColor=MUTED, alignment=TA_RIGHT
    ),
    "right_small": ParagraphStyle(
        "right_small",
        fontName=FONT_BOLD,
        fontSize=8,
        leading=12,
        textColor=WARNING,
        alignment=TA_RIGHT,
    ),
}


def text(value: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text: markup characters escaped, line breaks kept."""
    return Paragraph(escape(value).replace("\n", "<br/>"), STYLES[style])


def paragraphs(value: str, style: str = "body") -> list[Flowable]:
    """Plain text with blank lines between paragraphs."""
    blocks = [block.strip() for block in value.replace("\r\n", "\n").split("\n\n")]
    result: list[Flowable] = []
    for block in blocks:
        if block:
            result += [text(block, style), Spacer(1, 4)]
    return result


def heading(value: str) -> Paragraph:
    return text(value, "heading")


def field_table(rows: Sequence[tuple[str, str]]) -> Table:
    """Label/value pairs in two columns."""
    data = [[text(label, "label"), text(value or "–", "cell")] for label, value in rows]
    table = Table(data, colWidths=[42 * mm, CONTENT_WIDTH - 42 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def grid_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str | Flowable | list[Flowable]]],
    widths: Sequence[float],
) -> Table:
    """A table with a coloured header row, repeated on every page it spans. A cell is plain
    text, or flowables laid out as they are."""
    data: list[list[Any]] = [[text(cell, "cell_head") for cell in header]]
    data += [
        [text(cell, "cell") if isinstance(cell, str) else cell for cell in row] for row in rows
    ]
    table = Table(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for index in range(2, len(data), 2):
        style.append(("BACKGROUND", (0, index), (-1, index), SHADE))
    table.setStyle(TableStyle(style))
    return table


def _numbered_canvas(header: str, footer_left: str) -> type[Canvas]:
    """A canvas that holds back each page until the total is known, for "Sida x av y"."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            top = PAGE_HEIGHT - MARGIN + 6 * mm
            self.setFont(FONT, 8.5)
            self.setFillColor(MUTED)
            self.drawString(MARGIN, top + 2, header)
            self.line(MARGIN, top, PAGE_WIDTH - MARGIN, top)
            bottom = MARGIN - 8 * mm
            self.line(MARGIN, bottom + 10, PAGE_WIDTH - MARGIN, bottom + 10)
            self.drawString(MARGIN, bottom, footer_left)
            self.drawRightString(PAGE_WIDTH - MARGIN, bottom, f"Sida {self._pageNumber} av {total}")
            self.restoreState()

    return NumberedCanvas


def build_pdf(
    story: list[Flowable], *, title: str, header: str, printed_at: datetime, author: str = ""
) -> bytes:
    """Lay out the story on A4 with the running header and the footer; return the bytes."""
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 4 * mm,
        bottomMargin=MARGIN,
        title=title,
        author=author,
        creator="Treserva Desktop",
        initialFontName=FONT,
    )
    # No frame padding: text, tables and the header/footer rules share the same margins.
    frame = Frame(
        document.leftMargin,
        document.bottomMargin,
        document.width,
        document.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    document.addPageTemplates([PageTemplate(id="page", frames=[frame], pagesize=A4)])
    footer = f"Utskrivet {printed_at:%Y-%m-%d %H:%M}"
    document.build(story, canvasmaker=_numbered_canvas(header, footer))
    return buffer.getvalue()
