"""The only place that reads the time: a Clock passed through the context, pinned in tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Protocol


class Clock(Protocol):
    """Where services, queries, the demo and the UI get "now" and "today" from."""

    def now(self) -> datetime:
        """The current moment, timezone-aware in UTC (what timestamps store)."""
        ...

    def today(self) -> date:
        """Today's date on this workstation (what periods and working days count from)."""
        ...

    def local_now(self) -> datetime:
        """The current moment in the workstation's own time zone (for printed stamps)."""
        ...


class SystemClock:
    """The real time of the machine."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return date.today()

    def local_now(self) -> datetime:
        return datetime.now().astimezone()


@dataclass(frozen=True, slots=True)
class FixedClock:
    """A clock that always says the same day and hour: for tests, the demo and screenshots."""

    day: date
    at: time = time(9, 0)

    def now(self) -> datetime:
        return self.local_now().astimezone(UTC)

    def today(self) -> date:
        return self.day

    def local_now(self) -> datetime:
        return datetime.combine(self.day, self.at).astimezone()


SYSTEM_CLOCK: Clock = SystemClock()
