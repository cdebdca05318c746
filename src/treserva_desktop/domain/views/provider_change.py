"""Read models for Byt utförare: what the wizard offers and what a change created."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from treserva_desktop.domain.enums import BusinessArea
from treserva_desktop.domain.views.authority import ReceiverUnit


@dataclass(frozen=True, slots=True)
class ChangeableIntervention:
    """One of the person's interventions with current rows at the unit."""

    intervention_id: int
    name: str
    business_area: BusinessArea
    period: str  # the current rows' period at the unit, e.g. "2026-01-05 –"
    rows_end: date | None
    decision_start: date
    decision_end: date | None
    # A provider change of it waits in another unit's Nya uppdrag (name of that unit).
    pending_at: str = ""


@dataclass(frozen=True, slots=True)
class ProviderChangeChoices:
    """Page 1 and 2 of the wizard: the person, the interventions, the organisation tree."""

    person_id: int
    person_text: str  # "Ingrid Testsson, 19380412-1016"
    from_unit_id: int
    from_unit_name: str
    interventions: tuple[ChangeableIntervention, ...]
    units: tuple[ReceiverUnit, ...]
    today: date
    earliest_date: date
    max_backdate_days: int


@dataclass(frozen=True, slots=True)
class ProviderChangeResult:
    assignment_id: int
    person_id: int
    from_unit_id: int
    to_unit_id: int
    notified_user_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class UnitChangeChoices:
    """Byt utförare för flera personer: the unit, how many persons each business area
    moves, and the organisation tree."""

    unit_id: int
    unit_name: str
    persons_by_area: tuple[tuple[BusinessArea, int], ...]
    units: tuple[ReceiverUnit, ...]
    today: date
    earliest_date: date
    max_backdate_days: int


@dataclass(frozen=True, slots=True)
class UnitChangeResult:
    from_unit_id: int
    to_unit_id: int
    assignment_ids: tuple[int, ...]
    person_ids: tuple[int, ...]
