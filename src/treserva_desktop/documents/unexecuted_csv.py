"""Ej verkställda beslut as a CSV file for the quarterly report: semicolon-separated, UTF-8
with BOM, as Excel with a Swedish locale expects."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from treserva_desktop.documents.excel_csv import write_excel_csv
from treserva_desktop.domain.views.unexecuted import UnexecutedDecisions, UnexecutedRow

CSV_HEADER = (
    "Kvartal",
    "Namn",
    "Personnummer",
    "Insats",
    "Enhet",
    "Beslutsdatum",
    "Dagar sedan beslut",
    "Orsak",
    "Avbrott från",
    "Räknas från",
    "Verkställt/återupptaget",
)


def _day(value: date | None) -> str:
    return "" if value is None else f"{value:%Y-%m-%d}"


def resolved_text(row: UnexecutedRow) -> str:
    return _day(row.resolved_on) if row.resolved_on is not None else "Nej"


def _line(quarter: str, row: UnexecutedRow) -> tuple[str, ...]:
    return (
        quarter,
        row.person_name,
        row.identity_display,
        row.type_name,
        row.unit_name,
        _day(row.decided_on),
        str(row.days_since_decision),
        row.reason.label,
        _day(row.interrupted_from),
        _day(row.overdue_from),
        resolved_text(row),
    )


def csv_lines(decisions: UnexecutedDecisions) -> Iterator[Sequence[str]]:
    yield CSV_HEADER
    yield from (_line(decisions.quarter.label, row) for row in decisions.rows)


def write_unexecuted_csv(path: Path, decisions: UnexecutedDecisions) -> None:
    write_excel_csv(path, csv_lines(decisions))
