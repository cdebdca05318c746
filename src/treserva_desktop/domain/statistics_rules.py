"""Monthly individual statistics (Socialstyrelsen): which month may be reported, the month's
boundaries, which executed rows count, and granted hours converted to hours per month."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from treserva_desktop.domain.enums import ExecutionStatus, TimePer
from treserva_desktop.domain.errors import ValidationError

# Only rows the provider has received count as executed decisions (verkställda beslut).
EXECUTED_STATUSES = (ExecutionStatus.SENT_TO_EXECUTION, ExecutionStatus.ACKNOWLEDGED)
# Socialstyrelsen's file has no private providers in this data: see docs/statistics-export.md.
OWN_PROVIDER = "Egen regi"
# Weeks per month on average (52 weeks / 12 months), the usual conversion of a weekly grant.
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
FUTURE_MONTH = (
    "Statistik kan inte tas fram för en månad som inte har börjat. Välj en tidigare månad."
)


@dataclass(frozen=True, slots=True)
class Month:
    """A calendar month: its first and last day (`first` must be the 1st; see `of`)."""

    first: date
    last: date = field(init=False, compare=False)

    def __post_init__(self) -> None:
        last = (self.first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        object.__setattr__(self, "last", last)

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.replace(day=1))

    @property
    def previous(self) -> Month:
        return Month.of(self.first - timedelta(days=1))

    @property
    def label(self) -> str:
        return f"{self.first:%Y-%m}"


def check_month(month: Month, today: date) -> None:
    """A future month cannot be reported (the current month can, as far as it has gone)."""
    if month.first > today:
        raise ValidationError(FUTURE_MONTH)


def overlaps(start: date, end: date | None, month: Month) -> bool:
    return start <= month.last and (end is None or end >= month.first)


def running_on_last_day(start: date, end: date | None, month: Month) -> bool:
    return start <= month.last and (end is None or end >= month.last)


def started_in(start: date, month: Month) -> bool:
    return month.first <= start <= month.last


def ended_in(end: date | None, month: Month) -> bool:
    return end is not None and month.first <= end <= month.last


# Kept per grant: a month's statistics ask this for each of its ~44,000 lines, and the
# municipal demo has 65 distinct grants; the Decimals (immutable) are shared, not rebuilt.
@lru_cache(maxsize=4096)
def hours_per_month(minutes: int | None, per: TimePer | None) -> Decimal | None:
    """Granted time as hours per month, one decimal; a weekly grant × 52/12. None: no time."""
    if minutes is None or per is None:
        return None
    hours = Decimal(minutes) / Decimal(60)
    if per is TimePer.WEEK:
        hours *= WEEKS_PER_MONTH
    return hours.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
