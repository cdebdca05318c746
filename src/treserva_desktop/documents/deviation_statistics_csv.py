"""Avvikelsestatistik as a CSV file: what was asked for (Enhet, Typ, Period), then the table
as the dialog shows it, a line per unit and a column per month; semicolon-separated, UTF-8
with BOM, as Excel with a Swedish locale expects (like documents.unit_statistics_csv)."""

from __future__ import annotations

from pathlib import Path

from treserva_desktop.documents.excel_csv import excel_csv_text, write_excel_csv
from treserva_desktop.domain.deviation_statistics_rules import table_lines
from treserva_desktop.domain.views.deviations import DeviationTable


def csv_text(table: DeviationTable) -> str:
    return excel_csv_text(table_lines(table))


def write_deviation_statistics_csv(path: Path, table: DeviationTable) -> None:
    write_excel_csv(path, table_lines(table))
