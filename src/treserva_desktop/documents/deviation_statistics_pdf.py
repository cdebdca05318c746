"""Avvikelsestatistik as a PDF, laid out by documents.unit_statistics_pdf (its chart and its
sections): what was asked for, the chart of the unit's months and the note, then the table of
units × months in parts of at most six months (a page's width), the last with Totalt."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from treserva_desktop.documents._pdf import build_pdf, field_table, text
from treserva_desktop.documents.unit_statistics_pdf import chart_drawing, section_flowables
from treserva_desktop.domain.deviation_statistics_rules import (
    NOTE,
    TITLE,
    deviation_chart,
    unit_name,
)
from treserva_desktop.domain.unit_statistics_rules import TOTAL, period_text
from treserva_desktop.domain.views.deviations import DeviationTable
from treserva_desktop.domain.views.unit_statistics import Cell, StatisticsSection

MONTHS_PER_TABLE = 6
_INDENT = "\u00a0" * 4  # kept by the PDF's paragraphs, unlike plain spaces


def table_sections(table: DeviationTable) -> tuple[StatisticsSection, ...]:
    """The table as sections (no chart) of at most MONTHS_PER_TABLE months, the last with the
    Totalt column."""
    months = table.months
    parts = [
        range(start, min(start + MONTHS_PER_TABLE, len(months)))
        for start in range(0, len(months), MONTHS_PER_TABLE)
    ]
    sections: list[StatisticsSection] = []
    for number, part in enumerate(parts):
        last = number == len(parts) - 1
        columns = ("Enhet", *(f"{months[i]:%Y-%m}" for i in part), *((TOTAL,) if last else ()))
        rows: list[tuple[Cell, ...]] = []
        for row in table.rows:
            counts: tuple[Cell, ...] = tuple(row.counts[i] for i in part)
            rows.append(
                (_INDENT * row.depth + row.unit_name, *counts, *((row.total,) if last else ()))
            )
        title = "Avvikelser per enhet och månad"
        if len(parts) > 1:
            title += f", {period_text(months[part[0]], months[part[-1]])}"
        sections.append(
            StatisticsSection(
                key=f"deviations_{number}",
                title=title,
                columns=columns,
                rows=tuple(rows),
                chart=None,
            )
        )
    return tuple(sections)


def render_deviation_statistics(table: DeviationTable, *, printed_at: datetime) -> bytes:
    period = period_text(table.months[0], table.months[-1]) if table.months else ""
    story: list[Flowable] = [
        text(TITLE, "title"),
        text(f"Avvikelser per enhet och månad · {period}", "subtitle"),
        Spacer(1, 5 * mm),
        field_table([("Enhet", unit_name(table)), ("Typ", table.type_name), ("Period", period)]),
    ]
    chart = deviation_chart(table)
    if chart is not None:
        story += [Spacer(1, 6 * mm), chart_drawing(chart)]
    story += [Spacer(1, 2 * mm), text(NOTE, "small")]
    for section in table_sections(table):  # a part's heading never alone at a page's foot
        story.append(KeepTogether(section_flowables(section)))
    return build_pdf(
        story,
        title=f"{TITLE} {period}",
        header=f"{TITLE} – {unit_name(table)}",
        printed_at=printed_at,
    )
