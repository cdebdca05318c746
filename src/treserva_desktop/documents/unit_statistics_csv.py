"""Uppföljning › Statistik as a CSV file: what was asked for, then each section (Insatser,
Korttidsplatser, …) as its title, its header line and its rows, a blank line between;
semicolon-separated, UTF-8 with BOM and decimal commas, as Excel with a Swedish locale
expects (like documents.statistics_csv)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from treserva_desktop.documents.excel_csv import excel_csv_text, write_excel_csv
from treserva_desktop.domain.unit_statistics_rules import cell_text, period_text, units_text
from treserva_desktop.domain.views.unit_statistics import UnitStatistics


def csv_lines(statistics: UnitStatistics) -> Iterator[Sequence[str]]:
    """What was asked for, then each section: title, header line, rows; a blank line before
    each section."""
    yield ("Statistik",)
    yield ("Verksamhet", statistics.area_label)
    yield (
        "Enhet",
        units_text(statistics.unit_name, statistics.include_sub_units, statistics.unit_count),
    )
    yield ("Period", period_text(statistics.first_month, statistics.last_month))
    for section in statistics.sections:
        yield ()
        yield (section.title,)
        yield section.columns
        yield from (tuple(cell_text(cell) for cell in row) for row in section.rows)


def csv_text(statistics: UnitStatistics) -> str:
    return excel_csv_text(csv_lines(statistics))


def write_unit_statistics_csv(path: Path, statistics: UnitStatistics) -> None:
    write_excel_csv(path, csv_lines(statistics))
