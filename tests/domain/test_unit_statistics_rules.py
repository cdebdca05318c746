"""Statistik's pure rules: the period (Swedish refusals), Swedish month names, short-term
nights at month boundaries, granted time in hours, occupancy, and the sections built from
figures (Totalt lines, the chart's series)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.statistics_rules import Month
from treserva_desktop.domain.unit_statistics_rules import (
    cell_text,
    deviation_section,
    hours_of,
    intervention_section,
    month_name,
    months_of,
    nights_in,
    occupancy_percent,
    period_text,
    short_month_name,
    short_term_section,
    units_text,
)
from treserva_desktop.domain.views.unit_statistics import (
    InterventionFigures,
    InterventionMonth,
    ShortTermFigures,
)

TODAY = date(2026, 12, 15)
NOV = Month(date(2026, 11, 1))


def test_months_of_a_period() -> None:
    assert [m.label for m in months_of(date(2026, 11, 20), date(2026, 12, 3), TODAY)] == [
        "2026-11",
        "2026-12",
    ]
    assert len(months_of(date(2025, 1, 1), date(2026, 12, 1), TODAY)) == 24
    assert [m.label for m in months_of(date(2024, 2, 1), date(2024, 2, 29), TODAY)] == ["2024-02"]


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        (None, date(2026, 11, 1), "Välj både Från månad och Till månad."),
        (date(2026, 11, 1), None, "Välj både Från månad och Till månad."),
        (date(2026, 11, 1), date(2026, 10, 31), "Till månad kan inte vara före Från månad"),
        (date(2024, 12, 1), date(2026, 12, 1), "Perioden får vara högst 24 månader"),
        (date(2026, 12, 1), date(2027, 1, 1), "en månad som inte har börjat"),
    ],
)
def test_bad_periods(first: date | None, last: date | None, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        months_of(first, last, TODAY)


def test_swedish_names_and_texts() -> None:
    assert month_name(NOV) == "november 2026"
    assert short_month_name(Month(date(2026, 5, 1))) == "maj 2026"
    assert period_text(date(2026, 1, 1), date(2026, 1, 1)) == "januari 2026"
    assert period_text(date(2025, 12, 1), date(2026, 1, 1)) == "december 2025 – januari 2026"
    assert units_text("Norr", False, 3) == "Norr"
    assert units_text("Norr", True, 1) == "Norr med underenheter (1 enhet)"
    assert cell_text(Decimal("43.3")) == "43,3"
    assert cell_text(7) == "7"


@pytest.mark.parametrize(
    ("start", "move_out", "nights"),
    [
        (date(2026, 10, 28), date(2026, 11, 3), 2),  # the nights of 1 and 2 November
        (date(2026, 11, 30), None, 1),  # moved in on the last day: that night
        (date(2026, 11, 1), date(2026, 11, 1), 0),  # in and out the same day
        (date(2026, 10, 1), date(2026, 12, 1), 30),  # the whole month
        (date(2026, 11, 10), date(2026, 11, 30), 20),  # out on the last day: not that night
        (date(2026, 10, 1), date(2026, 11, 1), 0),  # out on the 1st
    ],
)
def test_nights_in_a_month(start: date, move_out: date | None, nights: int) -> None:
    assert nights_in(start, move_out, NOV) == nights


def test_hours_and_occupancy() -> None:
    assert hours_of(1200, 0) == Decimal("20.0")
    assert hours_of(0, 600) == Decimal("43.3")  # 10 h a week × 52/12
    assert hours_of(1200, 600) == Decimal("63.3")
    assert occupancy_percent(23, 75) == Decimal("30.7")
    assert occupancy_percent(0, 0) is None


def test_sections_from_figures() -> None:
    months = (Month(date(2026, 10, 1)), NOV)
    figures = (
        InterventionFigures(2, "Söder", NOV.first, "a", "Personlig omvårdnad", 2, 1, 0, Decimal(5)),
        InterventionFigures(1, "Norr", NOV.first, "b", "Trygghetslarm", 3, 0, 1, Decimal(0)),
        InterventionFigures(1, "Norr", NOV.first, "a", "Personlig omvårdnad", 4, 2, 2, Decimal(7)),
    )
    # Two of Norr's persons have both types: Totalt counts 7 persons, not 4 + 3 + 2.
    section = intervention_section([InterventionMonth(NOV.first, figures, 7)], months)
    assert [row[:4] for row in section.rows] == [
        ("2026-11", "Norr", "Personlig omvårdnad", 4),
        ("2026-11", "Norr", "Trygghetslarm", 3),
        ("2026-11", "Söder", "Personlig omvårdnad", 2),
        ("2026-11", "Totalt", "Alla insatstyper", 7),
    ]
    assert section.rows[-1][4:] == (3, 3, Decimal(12))
    assert section.chart is not None
    assert section.chart.stacked
    assert [(s.name, s.values) for s in section.chart.series] == [
        ("Personlig omvårdnad", (0.0, 6.0)),
        ("Trygghetslarm", (0.0, 3.0)),
    ]
    places = [
        ShortTermFigures(5, "Eken", NOV.first, 2, 30, 60),
        ShortTermFigures(6, "Almen", NOV.first, 1, 0, 30),
    ]
    short = short_term_section(places, months)
    assert short.rows == (
        ("2026-11", "Almen", 1, 0, Decimal("0.0"), Decimal("0.0")),
        ("2026-11", "Eken", 2, 30, Decimal("15.0"), Decimal("50.0")),
        ("2026-11", "Totalt", 3, 30, Decimal("10.0"), Decimal("33.3")),
    )
    assert short.chart is not None
    assert short.chart.maximum == 100.0
    assert short.chart.series[0].values == (0.0, 33.3)
    empty = short_term_section([], months)
    assert empty.rows == ()
    assert empty.chart is None
    assert empty.empty_text == "Inga korttidsplatser vid de valda enheterna."


@dataclass(frozen=True)
class _Label:
    label: str


@dataclass(frozen=True)
class _Count:
    unit_id: int
    month: date
    category: _Label
    type_code: str
    state: _Label
    count: int


def test_the_deviation_section_the_lead_adds() -> None:
    sol, hsl = _Label("SoL"), _Label("HSL")
    open_, closed = _Label("Registrerad"), _Label("Avslutad")
    counts = [
        _Count(1, NOV.first, sol, "fall", open_, 2),
        _Count(1, NOV.first, hsl, "medication", closed, 1),
        _Count(2, NOV.first, sol, "fall", closed, 3),
    ]
    section = deviation_section(
        counts, {1: "Norr", 2: "Söder"}, {"fall": "Fall"}, (Month(date(2026, 10, 1)), NOV)
    )
    assert section.rows == (
        ("2026-11", "Norr", "HSL", "medication", "Avslutad", 1),
        ("2026-11", "Norr", "SoL", "Fall", "Registrerad", 2),
        ("2026-11", "Söder", "SoL", "Fall", "Avslutad", 3),
        ("2026-11", "Totalt", "", "", "", 6),
    )
    assert section.chart is not None
    assert [(s.name, s.values) for s in section.chart.series] == [
        ("HSL", (0.0, 1.0)),
        ("SoL", (0.0, 5.0)),
    ]
    assert deviation_section([], {}, {}, (NOV,)).chart is None
