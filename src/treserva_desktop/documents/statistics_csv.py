"""The monthly individual statistics as a CSV file (docs/statistics-export.md lists the
columns): semicolon-separated and UTF-8 with BOM, as Excel with a Swedish locale expects."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from treserva_desktop.documents.excel_csv import write_excel_csv
from treserva_desktop.domain.views.statistics import MonthlyStatistics, StatisticsRow

CSV_HEADER = (
    "Månad",
    "Personnummer",
    "Insatstyp (kod)",
    "Insatstyp",
    "Verksamhetsområde",
    "Utförande enhet",
    "Regiform",
    "Startdatum",
    "Slutdatum",
    "Pågår sista dagen",
    "Påbörjad under månaden",
    "Avslutad under månaden",
    "Beviljade timmar per månad",
    "Korttidsvistelse från",
    "Korttidsvistelse till",
)


def _day(value: date | None) -> str:
    return "" if value is None else f"{value:%Y-%m-%d}"


def _yes_no(value: bool) -> str:
    return "Ja" if value else "Nej"


def _lines(month: str, row: StatisticsRow) -> Iterator[tuple[str, ...]]:
    hours = "" if row.hours_per_month is None else str(row.hours_per_month).replace(".", ",")
    common = (
        month,
        row.identity_number,  # the stored 12-digit form, no separator
        row.type_code,
        row.type_name,
        row.business_area,
        row.unit_name,
        row.provider_form,
        _day(row.start),
        _day(row.end),
        _yes_no(row.running_on_last_day),
        _yes_no(row.started),
        _yes_no(row.ended),
        hours,
    )
    if not row.stays:
        yield (*common, "", "")
    for stay in row.stays:
        yield (*common, _day(stay.start), _day(stay.end))


def csv_lines(statistics: MonthlyStatistics) -> Iterator[tuple[str, ...]]:
    """The file's lines, the header first, one at a time."""
    yield CSV_HEADER
    month = statistics.month.label
    for row in statistics.rows:
        yield from _lines(month, row)


def write_statistics_csv(path: Path, statistics: MonthlyStatistics) -> None:
    write_excel_csv(path, csv_lines(statistics))
