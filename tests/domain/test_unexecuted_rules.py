"""Ej verkställda beslut as pure rules: quarters, the deadline 3 months on (in time on the
day, reported the day after), interruptions of exactly 3 months, and which quarter a case
belongs to. Every expected date is counted by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.unexecuted_rules import (
    Quarter,
    Reason,
    check_quarter,
    deadline,
    findings,
    first_decided_on_overdue_by,
)

Q2 = Quarter(date(2026, 4, 1))
JUNE_15 = date(2026, 6, 15)


def test_quarters() -> None:
    assert Quarter.of(date(2026, 5, 20)) == Q2
    assert (Q2.last, Q2.number, Q2.label) == (date(2026, 6, 30), 2, "2026 kvartal 2")
    assert Q2.previous == Quarter(date(2026, 1, 1))
    assert Q2.previous.last == date(2026, 3, 31)
    assert Quarter(date(2026, 1, 1)).previous.label == "2025 kvartal 4"
    assert Quarter.of(date(2026, 12, 31)).last == date(2026, 12, 31)
    check_quarter(Q2, date(2026, 4, 1))
    with pytest.raises(ValidationError, match="inte börjat"):
        check_quarter(Quarter(date(2026, 7, 1)), JUNE_15)


def test_deadline_and_its_inverse() -> None:
    assert deadline(date(2026, 1, 15)) == date(2026, 4, 15)
    # 30 November + 3 months has no 30th of February: the month's last day.
    assert deadline(date(2025, 11, 30)) == date(2026, 2, 28)
    day = date(2025, 1, 1)
    while day < date(2027, 1, 1):
        first = first_decided_on_overdue_by(day)
        assert deadline(first) >= day
        assert deadline(first - timedelta(days=1)) < day
        day += timedelta(days=1)


def one(**values: object) -> list[tuple[Reason, date, date | None]]:
    arguments = {"decision_end": None, "quarter": Q2, "today": JUNE_15, **values}
    return [
        (f.reason, f.overdue_from, f.resolved_on)
        for f in findings(**arguments)  # type: ignore[arg-type]
    ]


def test_executed_on_the_day_three_months_on_is_in_time() -> None:
    decided = date(2026, 1, 15)
    assert one(decided_on=decided, rows=[(date(2026, 4, 15), None)]) == []
    assert one(decided_on=decided, rows=[(date(2026, 4, 16), None)]) == [
        (Reason.NOT_EXECUTED, date(2026, 4, 16), date(2026, 4, 16))
    ]


def test_not_executed_counts_from_the_day_after_the_deadline() -> None:
    decided = date(2026, 1, 15)
    assert one(decided_on=decided, rows=[], today=date(2026, 4, 15)) == []
    assert one(decided_on=decided, rows=[], today=date(2026, 4, 16)) == [
        (Reason.NOT_EXECUTED, date(2026, 4, 16), None)
    ]
    # A decision that ended before its deadline without a row leaves nothing to execute.
    assert one(decided_on=decided, decision_end=date(2026, 3, 1), rows=[]) == []
    # Executed late in the first quarter belongs to it, not to the second.
    late = {"decided_on": date(2025, 11, 1), "rows": [(date(2026, 3, 20), None)]}
    assert one(**late) == []
    assert one(**late, quarter=Q2.previous) == [
        (Reason.NOT_EXECUTED, date(2026, 2, 2), date(2026, 3, 20))
    ]


def test_an_interruption_of_exactly_three_months() -> None:
    decided = date(2025, 6, 1)
    before = (date(2025, 6, 10), date(2026, 2, 28))
    # Interrupted 1 March; three months on is 1 June: a restart then is exactly 3 months.
    assert one(decided_on=decided, rows=[before, (date(2026, 6, 1), None)]) == [
        (Reason.INTERRUPTED, date(2026, 6, 1), date(2026, 6, 1))
    ]
    assert one(decided_on=decided, rows=[before, (date(2026, 5, 31), None)]) == []
    # Still interrupted: reported from 1 June, not on 31 May.
    assert one(decided_on=decided, rows=[before], today=date(2026, 5, 31)) == []
    assert one(decided_on=decided, rows=[before], today=date(2026, 6, 1)) == [
        (Reason.INTERRUPTED, date(2026, 6, 1), None)
    ]
    # The decision ended with the row: no interruption.
    assert one(decided_on=decided, decision_end=date(2026, 2, 28), rows=[before]) == []


def test_rows_that_follow_on_or_overlap_are_no_interruption() -> None:
    decided = date(2025, 6, 1)
    rows = [
        (date(2025, 6, 10), date(2025, 9, 30)),
        (date(2025, 10, 1), date(2025, 12, 31)),
        (date(2025, 11, 1), date(2026, 1, 31)),
        (date(2026, 2, 1), None),
    ]
    assert one(decided_on=decided, rows=rows) == []
