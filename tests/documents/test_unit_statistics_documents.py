"""Statistik as CSV (BOM, semicolons, decimal commas, one block per section) and as PDF (the
charts and the tables; text checked with pypdf, a 24-month chart included)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.graphics.charts.barcharts import VerticalBarChart

from treserva_desktop.documents.unit_statistics_csv import csv_text, write_unit_statistics_csv
from treserva_desktop.documents.unit_statistics_pdf import chart_drawing, render_unit_statistics
from treserva_desktop.domain.enums import BusinessArea
from treserva_desktop.domain.unit_statistics_rules import (
    intervention_section,
    months_of,
    short_term_section,
)
from treserva_desktop.domain.views.unit_statistics import (
    Chart,
    InterventionFigures,
    InterventionMonth,
    Series,
    ShortTermFigures,
    UnitStatistics,
)

TODAY = date(2026, 12, 15)


def statistics(first: date, last: date, *, places: bool = True) -> UnitStatistics:
    months = months_of(first, last, TODAY)
    figures = [
        InterventionMonth(
            m.first,
            (
                InterventionFigures(
                    3,
                    "Hemtjänst Norr",
                    m.first,
                    "pc",
                    "Personlig omvårdnad",
                    12,
                    2,
                    1,
                    Decimal("43.3"),
                ),
            ),
            12,
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


def test_no_word_of_a_heading_is_split_in_the_pdf() -> None:
    """A number column is widened where a word of its heading needs it: "Beläggning, %"
    used to come out as "Beläggnin" over "g, %" in a 19 mm column."""
    pdf = render_unit_statistics(
        statistics(date(2026, 10, 1), date(2026, 11, 1)), printed_at=datetime(2026, 12, 2, 9, 30)
    )
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Beläggning," in text
    assert "Beläggnin\n" not in text


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


@pytest.mark.parametrize(
    ("values", "maximum", "ticks"),
    [
        ((2.0, 1.0), None, [0, 1, 2]),  # reportlab's own: 0; 0,5; 1; 1,5; 2
        ((3.0, 3.0), None, [0, 1, 2, 3]),  # 0,5 steps too
        ((12.0, 7.0), None, [0, 5, 10, 15]),  # 0, 2 … 12: the window's chart said 0, 5 … 15
        ((37.0, 0.0), None, [0, 10, 20, 30, 40]),  # stopped at 30, under the highest bar
        ((0.0, 0.0), None, [0, 1]),  # 0,002 steps up to 0,01
        ((51.7, 40.0), 100.0, [0, 20, 40, 60, 80, 100]),  # a percentage
    ],
)
def test_the_pdf_charts_value_axis_counts_in_the_windows_whole_steps(
    values: tuple[float, ...], maximum: float | None, ticks: list[int]
) -> None:
    """The PDF's chart left its value axis to reportlab, which stepped a few counts by 0,5
    and could stop below the highest bar; it now has the window's lines (1, 2 or 5 × 10^n,
    never below 1, up to the first at or above the highest bar)."""
    chart = Chart(
        title="Avvikelser",
        value_label="Antal",
        categories=("nov 2026", "dec 2026"),
        series=(Series("Antal", values),),
        stacked=False,
        maximum=maximum,
    )
    drawing = chart_drawing(chart)
    bars = next(item for item in drawing.contents if isinstance(item, VerticalBarChart))
    bars.draw()  # lays out the axis
    assert bars.valueAxis._tickValues == ticks  # the lines reportlab drew
    assert bars.valueAxis.valueMax == ticks[-1]
