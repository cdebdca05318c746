"""Read models of Ej aktuella – att avsluta."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from treserva_desktop.domain.views import PersonListItem


@dataclass(frozen=True, slots=True)
class NotCurrentPerson:
    """A person in the folder: when their last row at the user's units ended, and whether the
    user has removed them (listed only when removed ones are shown); the unit of that last row
    (where plans and checklists are), and whether the follow-up time after it still runs (the
    person can be read only then; afterwards they can only be removed from the folder)."""

    person: PersonListItem
    last_end: date
    removed: bool = False
    unit_id: int | None = None
    in_follow_up: bool = True

    @property
    def id(self) -> int:
        return self.person.id
