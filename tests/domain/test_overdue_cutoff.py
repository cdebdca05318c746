"""The overdue cut-off date agrees with `is_overdue` for every received date and day."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from treserva_desktop.domain.enums import AssignmentStatus
from treserva_desktop.domain.rules import is_overdue, last_overdue_received_on

DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2029, 12, 31))


@given(today=DAYS, waited=st.integers(min_value=0, max_value=40), limit=st.integers(0, 10))
def test_received_on_or_before_the_cutoff_is_exactly_overdue(
    today: date, waited: int, limit: int
) -> None:
    received_on = today - timedelta(days=waited)
    cutoff = last_overdue_received_on(today, limit)
    overdue = is_overdue(AssignmentStatus.RECEIVED, received_on, today, limit)
    assert overdue is (received_on <= cutoff)


def test_cutoff_over_christmas_and_on_a_monday() -> None:
    # Monday 2026-12-28: the last three working days are 28, 23 and 22 December (24–27 are
    # off), so only what came 21 December or earlier has waited more than two.
    assert last_overdue_received_on(date(2026, 12, 28), 2) == date(2026, 12, 21)
    # Monday 2026-11-30: the last three working days are 30, 27 and 26 November.
    assert last_overdue_received_on(date(2026, 11, 30), 2) == date(2026, 11, 25)
