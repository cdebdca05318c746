"""Swedish working days: weekends, public holidays and the de facto holidays are days off."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from treserva_desktop.domain.calendar import (
    add_working_days,
    holiday_name,
    is_working_day,
    latest_working_day,
    working_days_between,
)
from treserva_desktop.domain.enums import AssignmentStatus
from treserva_desktop.domain.rules import is_overdue

MONDAY = date(2024, 3, 11)
FRIDAY = date(2024, 3, 15)
SUNDAY = date(2024, 3, 17)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (MONDAY, MONDAY, 0),
        (MONDAY, MONDAY + timedelta(days=1), 1),
        (MONDAY, FRIDAY, 4),
        (FRIDAY, FRIDAY + timedelta(days=1), 0),
        (FRIDAY, SUNDAY, 0),
        (FRIDAY, SUNDAY + timedelta(days=1), 1),  # Friday -> Monday: one working day
        (MONDAY, MONDAY + timedelta(days=7), 5),
        (MONDAY, MONDAY + timedelta(days=14), 10),
        (FRIDAY, MONDAY, 0),  # end before start
        # Christmas 2026: Julafton (Thu), Juldagen (Fri), then the weekend.
        (date(2026, 12, 23), date(2026, 12, 28), 1),
        # Nyårsafton and Nyårsdagen, then Trettondedag jul on Wednesday 6 January 2027.
        (date(2026, 12, 30), date(2027, 1, 8), 4),
        # Midsummer 2026: Midsommarafton is Friday 19 June.
        (date(2026, 6, 18), date(2026, 6, 22), 1),
        # Easter 2026: Långfredagen 3 April and Annandag påsk 6 April.
        (date(2026, 4, 2), date(2026, 4, 7), 1),
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert working_days_between(start, end) == expected


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 12, 24), "Julafton"),
        (date(2026, 12, 25), "Juldagen"),
        (date(2026, 6, 19), "Midsommarafton"),
        (date(2026, 12, 31), "Nyårsafton"),
        (date(2026, 5, 14), "Kristi himmelsfärdsdag"),
    ],
)
def test_holidays_are_not_working_days(day: date, name: str) -> None:
    assert not is_working_day(day)
    assert holiday_name(day) == name


def test_ordinary_weekdays_are_working_days() -> None:
    assert is_working_day(date(2026, 12, 1))
    assert holiday_name(date(2026, 12, 1)) is None
    assert not is_working_day(date(2026, 11, 29))  # a Sunday


def _count_one_by_one(start: date, end: date) -> int:
    days_off = holidays.country_holidays(
        "SE", years=range(start.year, end.year + 1), categories=("public", "de_facto")
    )
    return sum(
        1
        for offset in range(1, (end - start).days + 1)
        if (day := start + timedelta(days=offset)).weekday() < 5 and day not in days_off
    )


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31)),
    length=st.integers(min_value=0, max_value=800),
)
def test_working_days_match_counting_day_by_day(start: date, length: int) -> None:
    end = start + timedelta(days=length)
    assert working_days_between(start, end) == _count_one_by_one(start, end)


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31)),
    count=st.integers(min_value=0, max_value=60),
)
def test_adding_working_days_is_the_inverse_of_counting(start: date, count: int) -> None:
    later = add_working_days(start, count)
    assert working_days_between(start, later) == count
    assert later == start or is_working_day(later)
    anchor = latest_working_day(start)
    earlier = add_working_days(anchor, -count)
    assert working_days_between(earlier, start) == count


def test_latest_working_day_steps_back_over_weekends_and_holidays() -> None:
    assert latest_working_day(date(2026, 12, 27)) == date(2026, 12, 23)
    assert latest_working_day(date(2026, 12, 1)) == date(2026, 12, 1)


def test_an_assignment_received_before_christmas_is_not_overdue_between_the_holidays() -> None:
    received = date(2026, 12, 23)
    assert not is_overdue(AssignmentStatus.RECEIVED, received, date(2026, 12, 28), 2)
    assert is_overdue(AssignmentStatus.RECEIVED, received, date(2026, 12, 30), 2)
