"""Read models for Genomförande: new assignment rows and the Kvittera result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from treserva_desktop.domain.views import PersonListItem


@dataclass(frozen=True, slots=True)
class GenomforandeAssignmentRow:
    """A document row in Genomförande › Nya uppdrag: rows sent to the actor's units."""

    assignment_id: int
    person: PersonListItem
    title: str
    unit_names: str
    interventions: str
    start_date: date
    sent_at: datetime
    execution_ids: tuple[int, ...]
    # The user has opened the assignment (Läs uppdrag); else Kvittera asks first.
    read_by_me: bool = True


@dataclass(frozen=True, slots=True)
class AcknowledgeResult:
    assignment_id: int
    person_id: int
    acknowledged_execution_ids: tuple[int, ...]
    added_to_my_persons: bool
    # The units of the acknowledged rows (the actor's), so the views reload only those.
    unit_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class UndoResult:
    """After Ångra kvittering: the rows sent to Genomförande again."""

    assignment_id: int
    person_id: int
    execution_ids: tuple[int, ...]
    unit_ids: tuple[int, ...]
    removed_from_my_persons: bool
