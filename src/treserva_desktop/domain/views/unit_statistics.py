"""Read models of Uppföljning › Statistik: the figures per unit and month, and the result as
sections (Insatser, Korttidsplatser, …), each one table and at most one chart, which the
window, the CSV file and the PDF show without knowing what a section is about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from treserva_desktop.domain.enums import BusinessArea

# A table cell: text, a count or a decimal figure (shown with a decimal comma).
Cell = str | int | Decimal
# The series colours of every statistics chart, on screen and in the PDF alike (Tableau 10:
# told apart at a glance, also in print and by most colour-blind readers).
CHART_COLOURS = (
    "#4E79A7",
    "#F28E2B",
    "#59A14F",
    "#E15759",
    "#76B7B2",
    "#EDC948",
    "#B07AA1",
    "#FF9DA7",
    "#9C755F",
    "#BAB0AC",
)


@dataclass(frozen=True, slots=True)
class InterventionFigures:
    """One unit, month and intervention type: persons running on the last day, interventions
    started and ended in the month, and their granted time in hours per month."""

    unit_id: int
    unit_name: str
    month: date  # the 1st
    type_code: str
    type_name: str
    running: int
    started: int
    ended: int
    hours: Decimal


@dataclass(frozen=True, slots=True)
class InterventionMonth:
    """One month's Insatser: the figures per unit and intervention type, and the persons
    running on the last day counted once across them all (a person with two intervention types,
    or at two of the units, is one person in the Totalt line)."""

    month: date  # the 1st
    figures: tuple[InterventionFigures, ...]
    running_persons: int


@dataclass(frozen=True, slots=True)
class ShortTermFigures:
    """One unit and month of short-term places: how many places, the nights guests slept in
    them and the nights the places were available."""

    unit_id: int
    unit_name: str
    month: date
    places: int
    nights: int
    place_nights: int


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Chart:
    """Bars per category (month): one series per legend entry, stacked or side by side."""

    title: str
    value_label: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    stacked: bool = True
    maximum: float | None = None  # a fixed top of the scale (100 for a percentage)


@dataclass(frozen=True, slots=True)
class StatisticsSection:
    """One part of the result: a table (columns, rows) and a chart."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    chart: Chart | None
    note: str = ""
    empty_text: str = ""


@dataclass(frozen=True, slots=True)
class UnitStatistics:
    """The answer to one Visa: what was asked for and the sections."""

    business_area: BusinessArea | None
    unit_id: int
    unit_name: str
    include_sub_units: bool
    first_month: date
    last_month: date
    unit_count: int
    sections: tuple[StatisticsSection, ...]

    @property
    def area_label(self) -> str:
        return self.business_area.label if self.business_area else "Alla verksamheter"

    def section(self, key: str) -> StatisticsSection:
        return next(section for section in self.sections if section.key == key)
