"""Months, the future-month refusal and week grants as hours per month."""

from __future__ import annotations

from datetime import date

import pytest

from treserva_desktop.domain.enums import TimePer
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.statistics_rules import (
    Month,
    check_month,
    ended_in,
    hours_per_month,
    overlaps,
    running_on_last_day,
    started_in,
)


@pytest.mark.parametrize(
    ("day", "last", "previous"),
    [
        (date(2026, 2, 14), date(2026, 2, 28), date(2026, 1, 1)),
        (date(2028, 2, 1), date(2028, 2, 29), date(2028, 1, 1)),
        (date(2026, 12, 31), date(2026, 12, 31), date(2026, 11, 1)),
        (date(2027, 1, 5), date(2027, 1, 31), date(2026, 12, 1)),
    ],
)
def test_month_boundaries(day: date, last: date, previous: date) -> None:
    month = Month.of(day)
    assert month.first == day.replace(day=1)
    assert month.last == last
    assert month.previous.first == previous
    assert month == Month(day.replace(day=1))


def test_a_future_month_is_refused() -> None:
    today = date(2026, 12, 28)
    check_month(Month.of(today), today)
    check_month(Month(date(2026, 11, 1)), today)
    with pytest.raises(ValidationError, match="inte har börjat"):
        check_month(Month(date(2027, 1, 1)), today)


def test_classification() -> None:
    month = Month(date(2026, 11, 1))
    assert overlaps(date(2026, 11, 30), None, month)
    assert not overlaps(date(2026, 10, 1), date(2026, 10, 31), month)
    assert running_on_last_day(date(2026, 1, 1), date(2026, 11, 30), month)
    assert not running_on_last_day(date(2026, 1, 1), date(2026, 11, 29), month)
    assert started_in(date(2026, 11, 1), month)
    assert not started_in(date(2026, 10, 31), month)
    assert ended_in(date(2026, 11, 30), month)
    assert not ended_in(None, month)


def test_hours_per_month() -> None:
    assert str(hours_per_month(600, TimePer.WEEK)) == "43.3"
    assert str(hours_per_month(1200, TimePer.MONTH)) == "20.0"
    assert str(hours_per_month(90, TimePer.WEEK)) == "6.5"
    assert hours_per_month(None, None) is None
