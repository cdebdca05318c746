"""Ej verkställda beslut (DOMAIN.md, "Statistics and follow-up"): decisions not executed
within 3 months of the decision date, and interruptions of 3 months or more, per quarter, as
pure functions over plain dates.

The data has no pause of its own: an interruption is the time between two rows of the same
intervention (from the day after one ends to the day before the next starts), or after the
last row while the decision still runs. It counts once the next start is at least 3 months
after the interruption's first day, or, still going, once that day has come.

A decision is "executed within 3 months" when its first row starts at the latest on the day
3 months after the decision date (decided 2026-01-15: started 2026-04-15 is in time, started
2026-04-16 is reported). A case belongs to a quarter when some of its overdue time falls in
it: from the day after the deadline until execution (or the restart), both within the
quarter as far as it has gone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.plan_rules import add_months

LIMIT_MONTHS = 3
FUTURE_QUARTER = "Kvartalet har inte börjat. Välj det pågående kvartalet eller ett tidigare."


@dataclass(frozen=True)
class Quarter:
    """A calendar quarter: `first` is its first day (1 January, April, July or October)."""

    first: date
    last: date = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "last", add_months(self.first, 3) - timedelta(days=1))

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(date(day.year, (day.month - 1) // 3 * 3 + 1, 1))

    @property
    def number(self) -> int:
        return (self.first.month - 1) // 3 + 1

    @property
    def previous(self) -> Quarter:
        return Quarter.of(self.first - timedelta(days=1))

    @property
    def label(self) -> str:
        return f"{self.first.year} kvartal {self.number}"


class Reason(StrEnum):
    NOT_EXECUTED = "not_executed"
    INTERRUPTED = "interrupted"

    @property
    def label(self) -> str:
        return {
            Reason.NOT_EXECUTED: "Ej verkställt inom 3 månader",
            Reason.INTERRUPTED: "Avbrott 3 månader eller mer",
        }[self]


@dataclass(frozen=True, slots=True)
class Finding:
    """One reported case: since when it counts (the day after the 3 months) and when it
    ended (execution or restart), None while it goes on."""

    reason: Reason
    overdue_from: date
    resolved_on: date | None
    # The interruption's first day (the day after the row ended); None for not executed.
    interrupted_from: date | None = None


def check_quarter(quarter: Quarter, today: date) -> None:
    if quarter.first > today:
        raise ValidationError(FUTURE_QUARTER, field="quarter")


def deadline(decided_on: date) -> date:
    """The last day on which execution is in time: 3 months after the decision date."""
    return add_months(decided_on, LIMIT_MONTHS)


def first_decided_on_overdue_by(day: date) -> date:
    """The first decision date whose deadline is on or after `day`: decisions dated before
    it are overdue on `day` (add_months is monotone, so this bounds a range in SQL)."""
    candidate = add_months(day, -LIMIT_MONTHS) - timedelta(days=3)
    while deadline(candidate) < day:
        candidate += timedelta(days=1)
    return candidate


def findings(
    *,
    decided_on: date,
    decision_end: date | None,
    rows: Sequence[tuple[date, date | None]],
    quarter: Quarter,
    today: date,
) -> list[Finding]:
    """What of one intervention belongs to the quarter (as far as it has gone by today).
    `rows`: the (start, end) of its rows that are not revoked, in any order."""
    window_end = min(quarter.last, today)
    ordered = sorted(rows)
    found: list[Finding] = []
    first_start = ordered[0][0] if ordered else None
    overdue_from = deadline(decided_on) + timedelta(days=1)
    late = first_start is None or first_start >= overdue_from
    running = decision_end is None or decision_end >= overdue_from
    # A decision whose period ended before its deadline without a row is no case.
    reported = late and (first_start is not None or running)
    if reported and _falls_in(overdue_from, first_start, quarter.first, window_end):
        found.append(Finding(Reason.NOT_EXECUTED, overdue_from, first_start))
    segments = _covered(ordered)
    for index, (_start, end) in enumerate(segments):
        if end is None:
            break
        gap_from = end + timedelta(days=1)
        restart = segments[index + 1][0] if index + 1 < len(segments) else None
        counts_from = add_months(gap_from, LIMIT_MONTHS)
        if restart is not None and restart < counts_from:
            continue
        if restart is None and decision_end is not None and decision_end < counts_from:
            continue
        if _falls_in(counts_from, restart, quarter.first, window_end):
            found.append(Finding(Reason.INTERRUPTED, counts_from, restart, gap_from))
    return found


def _covered(rows: Sequence[tuple[date, date | None]]) -> list[tuple[date, date | None]]:
    """The rows (sorted by start) merged into the periods they cover without a day's gap."""
    segments: list[tuple[date, date | None]] = []
    for start, end in rows:
        if segments:
            first, last = segments[-1]
            if last is None:
                break
            if start <= last + timedelta(days=1):
                segments[-1] = (first, None if end is None else max(last, end))
                continue
        segments.append((start, end))
    return segments


def _falls_in(start: date, resolved: date | None, first: date, last: date) -> bool:
    """Whether the overdue time from `start` until `resolved` (that day included: execution
    late on it is reported) meets first..last."""
    return start <= last and (resolved is None or resolved >= first)
