"""Read models of avvikelser: the folder's rows, one deviation with its history, the code
list and the units a user may register at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from treserva_desktop.domain.deviation_rules import (
    DeviationCategory,
    DeviationState,
    Escalation,
    RiskLevel,
)


@dataclass(frozen=True, slots=True)
class DeviationTypeView:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class RegistrationUnit:
    """A unit the user may register a deviation at."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class DeviationResult:
    """What a step did: the deviation, where it is, and the message sent (if any)."""

    deviation_id: int
    unit_id: int
    person_id: int | None
    message_id: int | None = None


@dataclass(frozen=True, slots=True)
class DeviationListItem:
    """One row of Mitt skrivbord › Avvikelser."""

    id: int
    occurred_at: datetime
    unit_name: str
    person_name: str
    type_name: str
    category: DeviationCategory
    state: DeviationState
    own: bool

    @property
    def label(self) -> str:
        who = self.person_name or self.unit_name
        return f"{self.occurred_at:%Y-%m-%d} {self.type_name} – {who} ({self.state.label})"


@dataclass(frozen=True, slots=True)
class DeviationHistoryItem:
    at: datetime
    user_name: str
    step: str
    state: DeviationState
    changes: dict[str, list[str | None]]


@dataclass(frozen=True, slots=True)
class DeviationView:
    """One deviation as the deviation window shows it, with what the viewer may do."""

    id: int
    unit_id: int
    unit_name: str
    person_id: int | None
    person_name: str
    category: DeviationCategory
    type_code: str
    type_name: str
    reporter_name: str
    reported_at: datetime
    occurred_at: datetime
    place: str
    description: str
    immediate_action: str
    state: DeviationState
    cause: str
    consequence: str
    risk: RiskLevel | None
    decided_actions: str
    feedback: str
    escalation: Escalation | None
    investigation_started_on: date | None
    investigation_ended_on: date | None
    mas_assessed_on: date | None
    ivo_reported_on: date | None
    version: int
    may_handle: bool
    history: tuple[DeviationHistoryItem, ...]


@dataclass(frozen=True, slots=True)
class DeviationCount:
    """How many deviations one unit had in one month of one category, type and state."""

    unit_id: int
    month: date
    category: DeviationCategory
    type_code: str
    state: DeviationState
    count: int


@dataclass(frozen=True, slots=True)
class DeviationTableRow:
    """One unit of Avvikelsestatistik (its sub-units rolled up): a count per month."""

    unit_id: int
    unit_name: str
    depth: int
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True, slots=True)
class DeviationTable:
    """Avvikelsestatistik: units × months for one deviation type (None: every type)."""

    months: tuple[date, ...]
    type_name: str
    rows: tuple[DeviationTableRow, ...]
