"""Statistik as CSV (BOM, semicolons, decimal commas, one block per section) and as PDF (the
charts and the tables; text checked with pypdf, a 24-month chart included)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader

from treserva_desktop.documents.unit_statistics_csv import csv_text, write_unit_statistics_csv
from treserva_desktop.documents.unit_statistics_pdf import render_unit_statistics
from treserva_desktop.domain.enums import BusinessArea
from treserva_desktop.domain.unit_statistics_rules import (
    intervention_section,
    months_of,
    short_term_section,
)
from treserva_desktop.domain.views.unit_statistics import (
    InterventionFigures,
    ShortTermFigures,
    UnitStatistics,
)

TODAY = date(2026, 12, 15)


def statistics(first: date, last: date, *, places: bool = True) -> UnitStatistics:
    months = months_of(first, last, TODAY)
    figures = [
        InterventionFigures(
            3, "Hemtjänst Norr", m.first, "pc", "Personlig omvårdnad", 12, 2, 1, Decimal("43.3")
        )
        for m in months
    ]
    stays = [ShortTermFigures(4, "Eken", m.first, 2, 31, 60) for m in months] if places else []
    return UnitStatistics(
        business_area=BusinessArea.HOME_CARE,
        unit_id=3,
        unit_name="Hemtjänst Norr",
        include_sub_units=True,
        first_month=months[0].first,
        last_month=months[-1].first,
        unit_count=3,
        sections=(intervention_section(figures, months), short_term_section(stays, months)),
    )


def test_csv(tmp_path: Path) -> None:
    shown = statistics(date(2026, 10, 1), date(2026, 11, 1))
    path = tmp_path / "statistik.csv"
    write_unit_statistics_csv(path, shown)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert lines[:4] == [
        ["Statistik"],
        ["Verksamhet", "Hemtjänst"],
        ["Enhet", "Hemtjänst Norr med underenheter (3 enheter)"],
        ["Period", "oktober 2026 – november 2026"],
    ]
    assert lines[5:8] == [
        ["Insatser"],
        list(shown.section("interventions").columns),
        ["2026-10", "Hemtjänst Norr", "Personlig omvårdnad", "12", "2", "1", "43,3"],
    ]
    start = lines.index(["Korttidsplatser"])
    assert lines[start + 2] == ["2026-10", "Eken", "2", "31", "15,5", "51,7"]
    assert csv_text(shown) == raw.decode("utf-8-sig")


def test_pdf_text_and_pages() -> None:
    pdf = render_unit_statistics(
        statistics(date(2026, 10, 1), date(2026, 11, 1)), printed_at=datetime(2026, 12, 2, 9, 30)
    )
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in (
        "Statistik",
        "Verksamhet",
        "Hemtjänst",
        "Hemtjänst Norr med underenheter (3 enheter)",
        "oktober 2026 – november 2026",
        "Insatser",
        "Personer med pågående insats sista dagen i månaden",
        "okt 2026",
        "43,3",
        "Korttidsplatser",
        "Beläggning på korttidsplatserna",
        "51,7",
        "Totalt",
        "Utskrivet 2026-12-02 09:30",
    ):
        assert expected in text, expected


def test_pdf_of_two_years_and_of_an_empty_section() -> None:
    pdf = render_unit_statistics(
        statistics(date(2025, 1, 1), date(2026, 12, 1), places=False),
        printed_at=datetime(2026, 12, 2, 9, 30),
    )
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "jan 2025" in text
    assert "dec 2026" in text
    assert "Inga korttidsplatser vid de valda enheterna." in text
    assert len(reader.pages) >= 2
