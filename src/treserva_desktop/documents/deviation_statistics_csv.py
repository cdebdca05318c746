"""Avvikelsestatistik as a CSV file: what was asked for (Enhet, Typ, Period), then the table
as the dialog shows it, a line per unit and a column per month; semicolon-separated, UTF-8
with BOM, as Excel with a Swedish locale expects (like documents.unit_statistics_csv)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from treserva_desktop.domain.deviation_statistics_rules import table_lines
from treserva_desktop.domain.views.deviations import DeviationTable


def csv_text(table: DeviationTable) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(table_lines(table))
    return buffer.getvalue()


def write_deviation_statistics_csv(path: Path, table: DeviationTable) -> None:
    path.write_bytes(csv_text(table).encode("utf-8-sig"))
