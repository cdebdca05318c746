"""Statistik per unit and month (Uppföljning › Statistik): which periods may be asked for,
Swedish month names, short-term nights and occupancy, granted time in hours, and the result's
sections (one table and one chart each) built from the figures the queries return.

Started, ended and running on the last day mean what they mean in the monthly individual
statistics (domain.statistics_rules, docs/statistics-export.md); db.queries.unit_statistics
counts them with SQL and tests/services/test_unit_statistics.py checks the two agree."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.statistics_rules import WEEKS_PER_MONTH, Month
from treserva_desktop.domain.views.unit_statistics import (
    Chart,
    InterventionFigures,
    InterventionMonth,
    Series,
    ShortTermFigures,
    StatisticsSection,
)

MAX_MONTHS = 24
MONTH_NAMES = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
NO_PERIOD = "Välj både Från månad och Till månad."
REVERSED = "Till månad kan inte vara före Från månad. Välj om perioden."
TOO_LONG = f"Perioden får vara högst {MAX_MONTHS} månader. Välj en kortare period."
FUTURE = (
    "Statistik kan inte tas fram för en månad som inte har börjat. Välj en tidigare Till månad."
)
TOTAL = "Totalt"
ALL_TYPES = "Alla insatstyper"


def month_name(month: Month) -> str:
    """'november 2026'."""
    return f"{MONTH_NAMES[month.first.month - 1]} {month.first.year}"


def short_month_name(month: Month) -> str:
    """'nov 2026' (the chart's axis)."""
    return f"{MONTH_NAMES[month.first.month - 1][:3]} {month.first.year}"


def months_of(first: date | None, last: date | None, today: date) -> tuple[Month, ...]:
    """The months from `first` to `last` (any day stands for its month), or a Swedish
    ValidationError: a month missing, the interval reversed, longer than MAX_MONTHS, or
    reaching a month that has not begun."""
    if first is None or last is None:
        raise ValidationError(NO_PERIOD)
    start, end = Month.of(first), Month.of(last)
    if end.first < start.first:
        raise ValidationError(REVERSED)
    if end.first > today:
        raise ValidationError(FUTURE)
    count = (end.first.year - start.first.year) * 12 + end.first.month - start.first.month + 1
    if count > MAX_MONTHS:
        raise ValidationError(TOO_LONG)
    months = [start]
    while months[-1].first < end.first:
        months.append(Month.of(months[-1].last + timedelta(days=1)))
    return tuple(months)


def nights_in(start: date, move_out: date | None, month: Month) -> int:
    """Nights of a stay that fall in the month: the night after day d counts when the guest
    has moved in (d >= start) and not out (d < utflyttningsdatum)."""
    first = max(start, month.first)
    end = (
        month.last + timedelta(days=1)
        if move_out is None
        else min(move_out, month.last + timedelta(days=1))
    )
    return max(0, (end - first).days)


def hours_of(month_minutes: int, week_minutes: int) -> Decimal:
    """Granted time in hours per month: monthly grants as they are, weekly ones × 52/12 (as in
    the individual statistics), the sum rounded half-up to one decimal."""
    hours = Decimal(month_minutes) / 60 + Decimal(week_minutes) / 60 * WEEKS_PER_MONTH
    return hours.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def occupancy_percent(nights: int, place_nights: int) -> Decimal | None:
    """Beläggning: occupied nights of all available place-nights, one decimal."""
    if place_nights <= 0:
        return None
    return (Decimal(100) * nights / place_nights).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class _Total:
    """The Totalt line's sums: interventions started and ended, and granted time. Its persons
    running on the last day are not a sum (InterventionMonth.running_persons)."""

    started: int = 0
    ended: int = 0
    hours: Decimal = Decimal(0)

    def plus(self, row: InterventionFigures) -> _Total:
        return _Total(self.started + row.started, self.ended + row.ended, self.hours + row.hours)


def intervention_section(
    figures: Sequence[InterventionMonth], months: Sequence[Month]
) -> StatisticsSection:
    """Insatser: per month, unit and intervention type, a Totalt line per month (its persons
    each counted once); the chart stacks the persons running on the last day per type, month
    by month."""
    by_month = {month.month: month for month in figures}
    rows: list[tuple[str | int | Decimal, ...]] = []
    per_type: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for month in months:
        found = by_month.get(month.first)
        lines = sorted(
            found.figures if found is not None else (),
            key=lambda r: (r.unit_name.casefold(), r.type_name.casefold()),
        )
        total = _Total()
        for row in lines:
            rows.append(
                (
                    month.label,
                    row.unit_name,
                    row.type_name,
                    row.running,
                    row.started,
                    row.ended,
                    row.hours,
                )
            )
            total = total.plus(row)
            per_type[row.type_name][month.first] += row.running
        if found is not None and lines:
            rows.append(
                (
                    month.label,
                    TOTAL,
                    ALL_TYPES,
                    found.running_persons,
                    total.started,
                    total.ended,
                    total.hours,
                )
            )
    chart = _stacked_by_month(
        "Personer med pågående insats sista dagen i månaden", "Personer", months, per_type
    )
    return StatisticsSection(
        key="interventions",
        title="Insatser",
        columns=(
            "Månad",
            "Enhet",
            "Insatstyp",
            "Pågår sista dagen (personer)",
            "Påbörjade",
            "Avslutade",
            "Beviljad tid (tim/mån)",
        ),
        rows=tuple(rows),
        chart=chart if rows else None,
        note=(
            "Verkställda insatser (Skickad till genomförande eller Kvitterad). Pågår sista "
            "dagen räknar personer, Påbörjade och Avslutade räknar insatser; beviljad tid gäller "
            "insatserna under månaden, veckotid × 52/12."
        ),
        empty_text="Inga verkställda insatser vid de valda enheterna under perioden.",
    )


def short_term_section(
    figures: Sequence[ShortTermFigures], months: Sequence[Month]
) -> StatisticsSection:
    """Korttidsplatser: per month and unit the places, occupied nights, nights per place and
    beläggning; the chart shows the beläggning of all the units month by month."""
    by_month: dict[date, list[ShortTermFigures]] = defaultdict(list)
    for row in figures:
        by_month[row.month].append(row)
    rows: list[tuple[str | int | Decimal, ...]] = []
    percent: list[float] = []
    for month in months:
        lines = sorted(by_month.get(month.first, ()), key=lambda r: r.unit_name.casefold())
        for row in lines:
            rows.append(_short_term_row(month.label, row.unit_name, row))
        total = ShortTermFigures(
            unit_id=0,
            unit_name=TOTAL,
            month=month.first,
            places=sum(r.places for r in lines),
            nights=sum(r.nights for r in lines),
            place_nights=sum(r.place_nights for r in lines),
        )
        if len(lines) > 1:
            rows.append(_short_term_row(month.label, TOTAL, total))
        share = occupancy_percent(total.nights, total.place_nights)
        percent.append(float(share) if share is not None else 0.0)
    chart = Chart(
        title="Beläggning på korttidsplatserna",
        value_label="Beläggning (%)",
        categories=tuple(short_month_name(month) for month in months),
        series=(Series("Beläggning", tuple(percent)),),
        stacked=False,
        maximum=100.0,
    )
    return StatisticsSection(
        key="short_term",
        title="Korttidsplatser",
        columns=(
            "Månad",
            "Enhet",
            "Platser",
            "Belagda nätter",
            "Nätter per plats",
            "Beläggning, %",
        ),
        rows=tuple(rows),
        chart=chart if rows else None,
        note=(
            "Nätter från inflyttning till utflyttningsdatum på korttidsplatserna; beläggning är "
            "belagda nätter av platsernas nätter i månaden (en avvecklad plats räknas till den dag "
            "den avvecklades)."
        ),
        empty_text="Inga korttidsplatser vid de valda enheterna.",
    )


def _short_term_row(
    month: str, unit: str, row: ShortTermFigures
) -> tuple[str | int | Decimal, ...]:
    per_place = (
        (Decimal(row.nights) / row.places).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if row.places
        else Decimal(0)
    )
    share = occupancy_percent(row.nights, row.place_nights)
    return (month, unit, row.places, row.nights, per_place, share if share is not None else "")


def _stacked_by_month(
    title: str,
    value_label: str,
    months: Sequence[Month],
    per_name: Mapping[str, Mapping[date, int]],
) -> Chart:
    """One stacked bar per month, a series per name (by name), as the Insatser and
    Avvikelser tabs draw them."""
    return Chart(
        title=title,
        value_label=value_label,
        categories=tuple(short_month_name(month) for month in months),
        series=tuple(
            Series(name, tuple(float(counts.get(month.first, 0)) for month in months))
            for name, counts in sorted(per_name.items(), key=lambda item: item[0].casefold())
        ),
        stacked=True,
    )


def cell_text(cell: str | int | Decimal) -> str:
    """A table cell as shown and exported: decimals with a decimal comma."""
    if isinstance(cell, Decimal):
        return str(cell).replace(".", ",")
    return str(cell)


def period_text(first: date, last: date) -> str:
    """'oktober 2026 – november 2026' (one month: 'november 2026')."""
    if first == last:
        return month_name(Month(first))
    return f"{month_name(Month(first))} – {month_name(Month(last))}"


def units_text(unit_name: str, include_sub_units: bool, unit_count: int) -> str:
    """'Hemtjänst Norr med underenheter (3 enheter)'."""
    if not include_sub_units:
        return unit_name
    word = "enhet" if unit_count == 1 else "enheter"
    return f"{unit_name} med underenheter ({unit_count} {word})"


class _Labelled(Protocol):
    @property
    def label(self) -> str: ...


class DeviationCountRow(Protocol):
    """What an Avvikelser section is built from: one row of deviation counts per unit, month,
    category, type and state (db.queries.deviation_statistics.deviation_counts's rows)."""

    @property
    def unit_id(self) -> int: ...
    @property
    def month(self) -> date: ...
    @property
    def category(self) -> _Labelled: ...
    @property
    def type_code(self) -> str: ...
    @property
    def state(self) -> _Labelled: ...
    @property
    def count(self) -> int: ...


def deviation_section(
    counts: Sequence[DeviationCountRow],
    unit_names: Mapping[int, str],
    type_names: Mapping[str, str],
    months: Sequence[Month],
) -> StatisticsSection:
    """Avvikelser: per month, unit, category, type and state the number of deviations, a
    Totalt line per month; the chart stacks the deviations per category, month by month."""
    by_month: dict[date, list[DeviationCountRow]] = defaultdict(list)
    for row in counts:
        by_month[row.month].append(row)
    rows: list[tuple[str | int | Decimal, ...]] = []
    per_category: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for month in months:
        lines = sorted(
            (
                (
                    unit_names.get(row.unit_id, str(row.unit_id)),
                    row.category.label,
                    type_names.get(row.type_code, row.type_code),
                    row.state.label,
                    row.count,
                )
                for row in by_month.get(month.first, ())
            ),
            key=lambda line: tuple(str(part).casefold() for part in line[:4]),
        )
        for unit, category, type_name, state, count in lines:
            rows.append((month.label, unit, category, type_name, state, count))
            per_category[category][month.first] += count
        if lines:
            total = sum(line[4] for line in lines)
            rows.append((month.label, TOTAL, "", "", "", total))
    chart = _stacked_by_month("Avvikelser per kategori", "Avvikelser", months, per_category)
    return StatisticsSection(
        key="deviations",
        title="Avvikelser",
        columns=("Månad", "Enhet", "Kategori", "Typ", "Status", "Antal"),
        rows=tuple(rows),
        chart=chart if rows else None,
        note="Avvikelser som inträffat under månaden, med det läge (status) de har nu.",
        empty_text="Inga avvikelser vid de valda enheterna under perioden.",
    )
