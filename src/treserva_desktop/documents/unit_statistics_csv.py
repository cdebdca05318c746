"""Uppföljning › Statistik as a CSV file: what was asked for, then each section (Insatser,
Korttidsplatser, …) as its title, its header line and its rows, a blank line between;
semicolon-separated, UTF-8 with BOM and decimal commas, as Excel with a Swedish locale
expects (like documents.statistics_csv)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from treserva_desktop.domain.unit_statistics_rules import cell_text, period_text, units_text
from treserva_desktop.domain.views.unit_statistics import UnitStatistics


def csv_text(statistics: UnitStatistics) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(("Statistik",))
    writer.writerow(("Verksamhet", statistics.area_label))
    writer.writerow(
        (
            "Enhet",
            units_text(statistics.unit_name, statistics.include_sub_units, statistics.unit_count),
        )
    )
    writer.writerow(("Period", period_text(statistics.first_month, statistics.last_month)))
    for section in statistics.sections:
        writer.writerow(())
        writer.writerow((section.title,))
        writer.writerow(section.columns)
        writer.writerows(tuple(cell_text(cell) for cell in row) for row in section.rows)
    return buffer.getvalue()


def write_unit_statistics_csv(path: Path, statistics: UnitStatistics) -> None:
    path.write_bytes(csv_text(statistics).encode("utf-8-sig"))
