"""Read models of the monthly individual statistics (Uppföljning › Individstatistik…)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from treserva_desktop.domain.statistics_rules import Month


@dataclass(frozen=True, slots=True)
class ShortTermStay:
    """A short-term stay: from a short-term contract, or the row's own dates without one."""

    start: date
    end: date | None
    from_contract: bool


@dataclass(frozen=True, slots=True)
class StatisticsRow:
    """One person × intervention executed at one of the actor's units during the month. Start
    and end cover every executed row of the intervention (a change of time or provider
    continues it)."""

    person_id: int
    identity_number: str
    intervention_id: int
    type_code: str
    type_name: str
    business_area: str
    unit_id: int
    unit_name: str
    start: date
    end: date | None
    running_on_last_day: bool
    started: bool
    ended: bool
    hours_per_month: Decimal | None
    provider_form: str
    stays: tuple[ShortTermStay, ...]


@dataclass(frozen=True, slots=True)
class SummaryLine:
    """Per intervention type: rows running on the last day, started, ended, and persons."""

    type_code: str
    type_name: str
    running: int
    started: int
    ended: int
    persons: int


@dataclass(frozen=True, slots=True)
class MonthlyStatistics:
    month: Month
    rows: tuple[StatisticsRow, ...]
    summary: tuple[SummaryLine, ...]

    @property
    def person_count(self) -> int:
        return len({row.person_id for row in self.rows})
