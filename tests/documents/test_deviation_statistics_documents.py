"""Avvikelsestatistik's chart (the chosen unit's months, sub-units included), its CSV file
(BOM, semicolons, what was asked for, then the table as the dialog shows it) and its PDF (the
chart and the table in parts of six months; text checked with pypdf)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

from pypdf import PdfReader

from treserva_desktop.documents.deviation_statistics_csv import (
    csv_text,
    write_deviation_statistics_csv,
)
from treserva_desktop.documents.deviation_statistics_pdf import (
    render_deviation_statistics,
    table_sections,
)
from treserva_desktop.domain.deviation_statistics_rules import (
    NOTE,
    deviation_chart,
    table_header,
)
from treserva_desktop.domain.views.deviations import DeviationTable, DeviationTableRow

TABLE = DeviationTable(
    months=(date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)),
    type_name="Fall",
    rows=(
        DeviationTableRow(3, "Hemtjänst Norr", 0, (4, 0, 2)),
        DeviationTableRow(4, "Norr grupp 1", 1, (3, 0, 1)),
        DeviationTableRow(5, "Norr grupp 2", 1, (1, 0, 0)),
    ),
)


def test_the_chart_is_the_chosen_unit_month_by_month() -> None:
    chart = deviation_chart(TABLE)
    assert chart is not None
    assert chart.title == "Avvikelser per månad – Hemtjänst Norr · Fall"
    assert chart.categories == ("okt 2026", "nov 2026", "dec 2026")
    assert [(series.name, series.values) for series in chart.series] == [
        ("Avvikelser", (4.0, 0.0, 2.0))
    ]
    assert not chart.stacked
    assert deviation_chart(DeviationTable(TABLE.months, "Fall", ())) is None


def test_csv(tmp_path: Path) -> None:
    path = tmp_path / "avvikelsestatistik.csv"
    write_deviation_statistics_csv(path, TABLE)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert lines == [
        ["Avvikelsestatistik"],
        ["Enhet", "Hemtjänst Norr"],
        ["Typ", "Fall"],
        ["Period", "oktober 2026 – december 2026"],
        [NOTE],
        [],
        ["Enhet", "2026-10", "2026-11", "2026-12", "Totalt"],
        ["Hemtjänst Norr", "4", "0", "2", "6"],
        ["Norr grupp 1", "3", "0", "1", "4"],
        ["Norr grupp 2", "1", "0", "0", "1"],
    ]
    assert list(table_header(TABLE)) == lines[6]


def test_csv_of_one_month() -> None:
    row = DeviationTableRow(3, "Hemtjänst Norr", 0, (4,))
    one = DeviationTable((date(2026, 12, 1),), "Alla typer", (row,))
    text = csv_text(one)
    assert "Period;december 2026\r\n" in text
    assert text.endswith("Hemtjänst Norr;4;4\r\n")


def test_pdf_text() -> None:
    pdf = render_deviation_statistics(TABLE, printed_at=datetime(2026, 12, 15, 9, 0))
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for words in (
        "Avvikelsestatistik",
        "Enhet",
        "Hemtjänst Norr",
        "Typ",
        "Fall",
        "oktober 2026 – december 2026",
        "Avvikelser per månad – Hemtjänst Norr · Fall",
        "okt 2026",
        "2026-10",
        "Totalt",
        "Norr grupp 1",
        "En enhets rad räknar med dess underenheter.",
    ):
        assert words in text, words


def test_a_long_period_is_tabled_six_months_at_a_time() -> None:
    months = tuple(date(2024 + i // 12, i % 12 + 1, 1) for i in range(36))
    rows = (
        DeviationTableRow(3, "Hemtjänst Norr", 0, tuple(range(36))),
        DeviationTableRow(4, "Norr grupp 1", 1, (1,) * 36),
    )
    long = DeviationTable(months, "Alla typer", rows)
    sections = table_sections(long)
    assert len(sections) == 6
    assert sections[0].title == "Avvikelser per enhet och månad, januari 2024 – juni 2024"
    assert sections[0].columns == ("Enhet", *(f"2024-{m:02}" for m in range(1, 7)))
    assert sections[0].rows[1] == ("\u00a0" * 4 + "Norr grupp 1", 1, 1, 1, 1, 1, 1)
    assert sections[-1].columns[-1] == "Totalt"
    assert sections[-1].rows[0][-1] == sum(range(36))
    assert all(section.chart is None for section in sections)
    pdf = render_deviation_statistics(long, printed_at=datetime(2026, 12, 15, 9, 0))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "juli 2026 – december 2026" in text
    assert "jan 2024" in text  # the chart's 36 months
    assert "dec 2026" in text
