"""Swedish working days: weekends, public holidays and the eves that are days off in practice.

One function set that every rule, query and the demo generator uses, so "overdue" means the
same everywhere. Holidays come from the `holidays` package (public days plus the de facto
holidays Midsommarafton, Julafton and Nyårsafton), never from a hand-written list.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

_CATEGORIES = ("public", "de_facto")


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> frozenset[date]:
    calendar = holidays.country_holidays("SE", years=year, categories=_CATEGORIES)
    return frozenset(calendar.keys())


def is_working_day(day: date) -> bool:
    """Monday to Friday, unless a Swedish public or de facto holiday."""
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def holiday_name(day: date) -> str | None:
    """The Swedish name of the holiday on `day`, if any (for tooltips and tests)."""
    calendar = holidays.country_holidays(
        "SE", years=day.year, categories=_CATEGORIES, language="sv"
    )
    name = calendar.get(day)
    return str(name) if name else None


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not later)."""
    if end <= start:
        return 0
    count = 0
    day = start + timedelta(days=1)
    # Whole weeks hold five weekdays; only holidays inside them need a look.
    full_weeks, rest = divmod((end - start).days, 7)
    if full_weeks:
        week_end = start + timedelta(days=7 * full_weeks)
        holidays_inside = sum(
            1
            for year in range(start.year, week_end.year + 1)
            for holiday in _holidays_of(year)
            if start < holiday <= week_end and holiday.weekday() < 5
        )
        count = 5 * full_weeks - holidays_inside
        day = week_end + timedelta(days=1)
    for _ in range(rest):
        if is_working_day(day):
            count += 1
        day += timedelta(days=1)
    return count


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (before it, for a negative count).

    Zero returns `start` itself, working day or not.
    """
    step = timedelta(days=1 if days >= 0 else -1)
    remaining = abs(days)
    day = start
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def latest_working_day(on_or_before: date) -> date:
    """`on_or_before` itself if it is a working day, else the working day before it."""
    day = on_or_before
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day
