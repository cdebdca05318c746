"""Uppföljning › Statistik as a PDF: what was asked for, then per section its chart (a
reportlab.graphics bar chart in the window's colours), a note on what is counted and the
table, with the Totalt lines in bold."""

from __future__ import annotations

from datetime import datetime
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from treserva_desktop.documents._pdf import (
    ACCENT,
    CONTENT_WIDTH,
    FONT,
    FONT_BOLD,
    MUTED,
    RULE,
    SHADE,
    build_pdf,
    field_table,
    heading,
    text,
)
from treserva_desktop.domain.chart_axis import axis_values
from treserva_desktop.domain.unit_statistics_rules import (
    TOTAL,
    cell_text,
    period_text,
    units_text,
)
from treserva_desktop.domain.views.unit_statistics import (
    CHART_COLOURS,
    Chart,
    StatisticsSection,
    UnitStatistics,
)

TITLE = "Statistik"
CHART_HEIGHT = 80 * mm
_NUMBER = ParagraphStyle("number", fontName=FONT, fontSize=9, leading=11.5, alignment=TA_RIGHT)
_CELL = ParagraphStyle("stat_cell", fontName=FONT, fontSize=9, leading=11.5)
_BOLD = ParagraphStyle("stat_bold", parent=_CELL, fontName=FONT_BOLD)
_BOLD_NUMBER = ParagraphStyle("stat_bold_number", parent=_NUMBER, fontName=FONT_BOLD)
_HEAD = ParagraphStyle(
    "stat_head", fontName=FONT_BOLD, fontSize=8, leading=10, textColor=colors.white
)
_HEAD_NUMBER = ParagraphStyle("stat_head_number", parent=_HEAD, alignment=TA_RIGHT)


def render_unit_statistics(statistics: UnitStatistics, *, printed_at: datetime) -> bytes:
    period = period_text(statistics.first_month, statistics.last_month)
    story: list[Flowable] = [
        text(TITLE, "title"),
        text(f"Statistik per enhet och månad · {period}", "subtitle"),
        Spacer(1, 5 * mm),
        field_table(
            [
                ("Verksamhet", statistics.area_label),
                (
                    "Enhet",
                    units_text(
                        statistics.unit_name, statistics.include_sub_units, statistics.unit_count
                    ),
                ),
                ("Period", period),
            ]
        ),
    ]
    for section in statistics.sections:
        story += section_flowables(section)
    return build_pdf(
        story,
        title=f"{TITLE} {period}",
        header=f"{TITLE} – {statistics.unit_name}",
        printed_at=printed_at,
    )


def section_flowables(section: StatisticsSection) -> list[Flowable]:
    """One section: its heading and chart kept together, its note, its table (or, with no
    rows, its empty text). Also Avvikelsestatistik's (documents.deviation_statistics_pdf)."""
    parts: list[Flowable] = [Spacer(1, 4 * mm)]
    if not section.rows:
        return [*parts, heading(section.title), text(section.empty_text, "small")]
    if section.chart is not None:
        parts.append(KeepTogether([heading(section.title), chart_drawing(section.chart)]))
    else:
        parts.append(heading(section.title))
    if section.note:
        parts += [Spacer(1, 2 * mm), text(section.note, "small"), Spacer(1, 2 * mm)]
    parts.append(_table(section))
    return parts


def chart_drawing(chart: Chart, width: float = CONTENT_WIDTH) -> Drawing:
    """Bars per month, stacked per series, a legend underneath (reportlab.graphics)."""
    legend_rows = (len(chart.series) + 2) // 3
    legend_height = 5 * mm * legend_rows + 3 * mm if len(chart.series) > 1 else 0
    drawing = Drawing(width, CHART_HEIGHT + legend_height)
    drawing.add(
        String(
            0,
            CHART_HEIGHT + legend_height - 10,
            chart.title,
            fontName=FONT_BOLD,
            fontSize=9.5,
            fillColor=MUTED,
        )
    )
    bars = VerticalBarChart()
    bars.x, bars.y = 12 * mm, legend_height + 14 * mm
    bars.width, bars.height = width - 14 * mm, CHART_HEIGHT - 26 * mm
    bars.data = [list(series.values) for series in chart.series] or [[0.0] * len(chart.categories)]
    bars.categoryAxis.categoryNames = list(chart.categories)
    bars.categoryAxis.labels.fontName = FONT
    bars.categoryAxis.labels.fontSize = 7.5
    bars.categoryAxis.labels.fillColor = MUTED
    if len(chart.categories) > 24:  # Avvikelsestatistik's up to 36 months: upright
        bars.categoryAxis.labels.angle = 90
        bars.categoryAxis.labels.boxAnchor = "e"
    elif len(chart.categories) > 8:
        bars.categoryAxis.labels.angle = 45
        bars.categoryAxis.labels.boxAnchor = "ne"
    else:
        bars.categoryAxis.labels.boxAnchor = "n"
    bars.categoryAxis.strokeColor = RULE
    bars.categoryAxis.style = "stacked" if chart.stacked else "parallel"
    # The window's whole round steps (domain.chart_axis), not reportlab's own, which gave
    # 0,5 steps for a few counts and 0,002 for none.
    axis = axis_values(chart)
    bars.valueAxis.valueMin = 0
    bars.valueAxis.valueMax = axis[-1]
    bars.valueAxis.valueSteps = axis
    bars.valueAxis.labels.fontName = FONT
    bars.valueAxis.labels.fontSize = 7.5
    bars.valueAxis.labels.fillColor = MUTED
    bars.valueAxis.strokeColor = RULE
    bars.valueAxis.visibleGrid = True
    bars.valueAxis.gridStrokeColor = colors.HexColor("#E3E8EE")
    bars.valueAxis.gridStrokeWidth = 0.4
    bars.valueAxis.labelTextFormat = "%d"
    bars.barSpacing = 0
    bars.groupSpacing = 6
    for index in range(len(bars.data)):
        bars.bars[index].fillColor = colors.HexColor(CHART_COLOURS[index % len(CHART_COLOURS)])
        bars.bars[index].strokeColor = colors.white
        bars.bars[index].strokeWidth = 0.3
    drawing.add(bars)
    drawing.add(
        String(
            0,
            bars.y + bars.height + 9,
            chart.value_label,
            fontName=FONT,
            fontSize=7.5,
            fillColor=MUTED,
        )
    )
    if len(chart.series) > 1:
        legend = Legend()
        legend.x, legend.y = 12 * mm, legend_height
        legend.fontName = FONT
        legend.fontSize = 8
        legend.columnMaximum = legend_rows
        legend.alignment = "right"
        legend.deltax = (width - 14 * mm) / 3
        legend.dxTextSpace = 4
        legend.boxAnchor = "nw"
        legend.colorNamePairs = [
            (colors.HexColor(CHART_COLOURS[index % len(CHART_COLOURS)]), series.name)
            for index, series in enumerate(chart.series)
        ]
        drawing.add(legend)
    return drawing


def _table(section: StatisticsSection) -> Table:
    numeric = [
        all(not isinstance(row[index], str) or row[index] == "" for row in section.rows)
        for index in range(len(section.columns))
    ]
    head = [
        Paragraph(escape(column), _HEAD_NUMBER if numeric[index] else _HEAD)
        for index, column in enumerate(section.columns)
    ]
    data: list[list[Flowable]] = [head]
    totals: list[int] = []
    for row in section.rows:
        total = TOTAL in row
        if total:
            totals.append(len(data))
        data.append(
            [
                Paragraph(
                    escape(cell_text(cell)),
                    (_BOLD_NUMBER if numeric[i] else _BOLD)
                    if total
                    else (_NUMBER if numeric[i] else _CELL),
                )
                for i, cell in enumerate(row)
            ]
        )
    widths = _widths(section.columns, numeric)
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    style += [("BACKGROUND", (0, index), (-1, index), SHADE) for index in totals]
    table.setStyle(TableStyle(style))
    return table


# A cell's left and right padding (TableStyle above), in points.
_CELL_PADDING = 2 * 3


def _head_fits(column: str) -> float:
    """The width a column needs so that no word of its heading is split ("Beläggning, %")."""
    widest = max(
        float(stringWidth(word, _HEAD.fontName, _HEAD.fontSize)) for word in column.split()
    )
    return _CELL_PADDING + widest


def _widths(columns: tuple[str, ...], numeric: list[bool]) -> list[float]:
    """Numbers get 19 mm each (more where a word of the heading needs it), Månad 19 mm, the
    other text columns share the rest."""
    month_width = 19 * mm
    month = bool(columns) and columns[0] == "Månad" and not numeric[0]
    number_widths = {
        index: max(19 * mm, _head_fits(column))
        for index, column in enumerate(columns)
        if numeric[index]
    }
    texts = sum(1 for is_number in numeric if not is_number) - (1 if month else 0)
    rest = CONTENT_WIDTH - sum(number_widths.values()) - (month_width if month else 0)
    text_width = rest / max(1, texts)
    return [
        number_widths.get(index, month_width if index == 0 and month else text_width)
        for index in range(len(columns))
    ]
