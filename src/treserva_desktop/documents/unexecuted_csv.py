"""Ej verkställda beslut as a CSV file for the quarterly report: semicolon-separated, UTF-8
with BOM, as Excel with a Swedish locale expects."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

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


def csv_text(decisions: UnexecutedDecisions) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(_line(decisions.quarter.label, row) for row in decisions.rows)
    return buffer.getvalue()


def write_unexecuted_csv(path: Path, decisions: UnexecutedDecisions) -> None:
    path.write_bytes(csv_text(decisions).encode("utf-8-sig"))
