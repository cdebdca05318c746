"""Read models of the execution window (Välj in Insats GF), Rätta/Avsluta and Återkalla."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from treserva_desktop.domain.assignment_rules import ExistingRow
from treserva_desktop.domain.enums import ExecutionPhase, ExecutionStatus, TimePer
from treserva_desktop.domain.views import format_minutes, period_text
from treserva_desktop.domain.views.inbox import RecipientChoice


@dataclass(frozen=True, slots=True)
class EndReasonOption:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class WindowRow:
    """One row of the person at the unit, with what Rätta/Avsluta checks."""

    id: int
    assignment_id: int
    intervention_id: int
    intervention_name: str
    requires_time: bool
    decision_start: date
    decision_end: date | None
    unit_id: int
    unit_name: str
    start_date: date
    end_date: date | None
    minutes: int | None
    per: TimePer | None
    status: ExecutionStatus
    phase: ExecutionPhase
    version: int
    end_reason: str  # the avslutsorsak's name (or the stored text of an older row)
    replaces_execution_id: int | None

    @property
    def time_text(self) -> str:
        return format_minutes(self.minutes, self.per)

    @property
    def period(self) -> str:
        return period_text(self.start_date, self.end_date)

    @property
    def live(self) -> bool:
        return self.status is not ExecutionStatus.REVOKED

    @property
    def current(self) -> bool:
        """Planned or ongoing, not revoked: what Rätta/Avsluta and Återkalla act on."""
        return self.live and self.phase is not ExecutionPhase.ENDED


@dataclass(frozen=True, slots=True)
class ExecutionWindowView:
    """The person's rows at one unit, every intervention and history included (Välj in
    Insats GF): the manual ends several interventions in one sitting before Stäng."""

    person_id: int
    person_text: str  # name and identity number, as the window's heading shows them
    unit_id: int | None  # None: the rows at every unit where the actor may end rows
    unit_name: str
    rows: tuple[WindowRow, ...]
    reasons: tuple[EndReasonOption, ...]
    # Every row of these interventions at any unit: (row id, intervention id, as the overlap
    # rule sees it).
    overlap_rows: tuple[tuple[int, int, ExistingRow], ...]
    # The replaced row's T.o.m., per row made by Återkalla (its start must stay after it).
    replaced_ends: tuple[tuple[int, date | None], ...]

    def row(self, execution_id: int) -> WindowRow | None:
        return next((row for row in self.rows if row.id == execution_id), None)

    def others(self, row: WindowRow) -> list[ExistingRow]:
        """The other rows of the same intervention, wherever they are performed."""
        return [
            existing
            for row_id, intervention_id, existing in self.overlap_rows
            if intervention_id == row.intervention_id and row_id != row.id
        ]

    def replaced_end(self, execution_id: int) -> date | None:
        return dict(self.replaced_ends).get(execution_id)


@dataclass(frozen=True, slots=True)
class EndResult:
    """After Rätta/Avsluta: the row and whether the person has anything left at the unit."""

    execution_id: int
    person_id: int
    unit_id: int
    provider_unit_id: int
    nothing_left: bool
    # Whether the row moved in or out of the unit's listing (a unit lists the persons with a
    # row ending today or later): only then is the unit's list of persons reloaded.
    listing_changed: bool = True


@dataclass(frozen=True, slots=True)
class RevokeResult:
    revoked_id: int
    new_execution_id: int
    new_start: date
    person_id: int
    unit_id: int


@dataclass(frozen=True, slots=True)
class EndedMessageDraft:
    """The message to the handläggare that the person's interventions have ended."""

    recipients: tuple[RecipientChoice, ...]
    preselected: tuple[int, ...]
    subject: str
    body: str
    person_id: int
    regarding: str
    # The assignment the ended rows came with (the newest when several): the handläggare's
    # Inkorg links the message to it (Visa uppdrag).
    assignment_id: int | None = None
