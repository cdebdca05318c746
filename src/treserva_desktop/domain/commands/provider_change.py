"""Commands for Byt utförare: one person's interventions, or a whole unit's, to another unit."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from treserva_desktop.domain.commands import Command
from treserva_desktop.domain.enums import BusinessArea


class ChangeProvider(Command):
    """Byt utförare: the chosen interventions of one person move from `from_unit_id` (where
    their rows are) to `to_unit_id` from `change_date` (the day of the takeover)."""

    person_id: int
    from_unit_id: int
    intervention_ids: tuple[int, ...] = Field(min_length=1, max_length=50)
    to_unit_id: int
    change_date: date


class ChangeProviderForUnit(Command):
    """Byt utförare för flera personer (a reorganisation): every person with current rows of
    `business_area` at `from_unit_id` moves to `to_unit_id` from `change_date`, all or none.
    `expected_persons` is the number the confirmation showed: a different number now means
    the unit changed in between, and nothing is done."""

    from_unit_id: int
    to_unit_id: int
    business_area: BusinessArea
    change_date: date
    expected_persons: int
