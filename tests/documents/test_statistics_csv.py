"""The statistics file: BOM, semicolons, the documented header, a line per short-term stay."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

from treserva_desktop.documents.statistics_csv import CSV_HEADER, write_statistics_csv
from treserva_desktop.domain.statistics_rules import Month
from treserva_desktop.domain.views.statistics import MonthlyStatistics, ShortTermStay, StatisticsRow


def row(**overrides: object) -> StatisticsRow:
    values: dict[str, object] = {
        "person_id": 1,
        "identity_number": "193804129289",
        "intervention_id": 10,
        "type_code": "personal_care",
        "type_name": "Personlig omvårdnad",
        "business_area": "Hemtjänst",
        "unit_id": 5,
        "unit_name": "Norr grupp 1",
        "start": date(2026, 11, 1),
        "end": None,
        "running_on_last_day": True,
        "started": True,
        "ended": False,
        "hours_per_month": Decimal("43.3"),
        "provider_form": "Egen regi",
        "stays": (),
    }
    values.update(overrides)
    return StatisticsRow(**values)  # type: ignore[arg-type]


def test_the_file_has_the_documented_columns(tmp_path: Path) -> None:
    stays = (
        ShortTermStay(date(2026, 11, 3), date(2026, 11, 9), from_contract=True),
        ShortTermStay(date(2026, 11, 20), None, from_contract=True),
    )
    statistics = MonthlyStatistics(
        month=Month(date(2026, 11, 1)),
        rows=(
            row(),
            row(
                person_id=2,
                type_code="short_term_stay",
                type_name="Korttidsvistelse",
                hours_per_month=None,
                stays=stays,
            ),
        ),
        summary=(),
    )
    target = tmp_path / "s.csv"
    write_statistics_csv(target, statistics)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    lines = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert tuple(lines[0]) == CSV_HEADER
    assert len(lines[0]) == 15
    first = dict(zip(CSV_HEADER, lines[1], strict=True))
    assert first["Månad"] == "2026-11"
    assert first["Beviljade timmar per månad"] == "43,3"
    assert first["Slutdatum"] == ""
    assert (first["Pågår sista dagen"], first["Påbörjad under månaden"]) == ("Ja", "Ja")
    assert first["Korttidsvistelse från"] == ""
    stay_lines = [dict(zip(CSV_HEADER, line, strict=True)) for line in lines[2:]]
    assert [(s["Korttidsvistelse från"], s["Korttidsvistelse till"]) for s in stay_lines] == [
        ("2026-11-03", "2026-11-09"),
        ("2026-11-20", ""),
    ]
