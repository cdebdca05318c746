"""Read models of boservice cases: the case window, its summary before closing, the choices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from treserva_desktop.domain.enums import ExecutionStatus


@dataclass(frozen=True, slots=True)
class ServiceType:
    """A boservice intervention the provider may open a case for."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class CloseReason:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class ServiceRow:
    """One row of a boservice case."""

    execution_id: int
    type_name: str
    unit_name: str
    start_date: date
    end_date: date | None
    time_text: str
    status: ExecutionStatus


@dataclass(frozen=True, slots=True)
class ServiceCaseView:
    """One boservice case with its decision and rows, as the case window shows it."""

    id: int
    version: int
    person_id: int
    opened_on: date
    closed_on: date | None
    close_reason: str
    decision_id: int
    period_start: date
    period_end: date | None
    unit_name: str
    rows: tuple[ServiceRow, ...]

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def title(self) -> str:
        names = ", ".join(sorted({row.type_name for row in self.rows})) or "Boservice"
        return f"Boservice {self.opened_on:%Y-%m-%d}: {names}"


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """Sammanställ: a row of the case and the end it gets when the case closes."""

    type_name: str
    unit_name: str
    start_date: date
    end_date: date | None
    new_end: date | None


@dataclass(frozen=True, slots=True)
class ServiceCaseSummary:
    """What closing the case on `closed_on` does, before it is done."""

    case_id: int
    version: int
    closed_on: date
    period_start: date
    period_end: date | None
    rows: tuple[SummaryRow, ...]
    personal_care_ongoing: bool


@dataclass(frozen=True, slots=True)
class OpenedServiceCase:
    case_id: int
    person_id: int
    unit_id: int
    assignment_id: int


@dataclass(frozen=True, slots=True)
class ClosedServiceCase:
    case_id: int
    person_id: int
    unit_ids: tuple[int, ...]
    assignment_ids: tuple[int, ...]
