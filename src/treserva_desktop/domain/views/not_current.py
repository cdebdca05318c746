"""Read models of Ej aktuella – att avsluta."""

from __future__ import annotations

from collections.abc import Iterable
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


@dataclass(frozen=True, slots=True)
class NotCurrentTally:
    """How many persons the folder lists in all: `listed` rows, of which `removed` are shown
    only because removed ones are, and `past_follow_up` of the others can only be removed."""

    listed: int
    removed: int = 0
    past_follow_up: int = 0

    @classmethod
    def of(cls, persons: Iterable[NotCurrentPerson]) -> NotCurrentTally:
        """The tally of persons at hand (every one the folder lists)."""
        listed = removed = past = 0
        for person in persons:
            listed += 1
            if person.removed:
                removed += 1
            elif not person.in_follow_up:
                past += 1
        return cls(listed, removed, past)

    @property
    def persons(self) -> int:
        """The persons listed as still to be ended (the removed ones shown too left out)."""
        return self.listed - self.removed
