"""Sammanställning – Genomförandeplan as a CSV file: semicolon-separated, UTF-8 with BOM, as
Excel with a Swedish locale expects (the columns of the dialog's table, and the deadline)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from treserva_desktop.documents.excel_csv import write_excel_csv
from treserva_desktop.domain.views.plan_compilation import PlanCompilation, PlanCompilationRow

CSV_HEADER = (
    "Namn",
    "Personnummer",
    "Enhet",
    "Insats start",
    "Upprättas senast",
    "Plan upprättad",
    "Upprättad i tid",
    "Senaste uppföljning",
    "Nästa uppföljning",
    "Avslutad",
    "Status",
    "Ansvarig",
)


def _day(value: date | None) -> str:
    return "" if value is None else f"{value:%Y-%m-%d}"


def in_time_text(row: PlanCompilationRow) -> str:
    return "" if row.in_time is None else ("Ja" if row.in_time else "Nej")


def _line(row: PlanCompilationRow) -> tuple[str, ...]:
    return (
        row.person_name,
        row.identity_display,
        row.unit_name,
        _day(row.first_start),
        _day(row.due_on),
        _day(row.established_on),
        in_time_text(row),
        _day(row.last_follow_up_on),
        _day(row.next_follow_up_on),
        _day(row.ended_on),
        row.status.label,
        row.responsible,
    )


def csv_lines(compilation: PlanCompilation) -> Iterator[Sequence[str]]:
    yield CSV_HEADER
    yield from (_line(row) for row in compilation.rows)


def write_plan_compilation_csv(path: Path, compilation: PlanCompilation) -> None:
    write_excel_csv(path, csv_lines(compilation))
