"""Commands of boservice cases (förenklad handläggning): open, set the period end, close."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import Field

from treserva_desktop.domain.commands import Command
from treserva_desktop.domain.enums import TimePer
from treserva_desktop.domain.field_lengths import MAX_LENGTHS


class ServiceItem(Command):
    """One boservice intervention of a new case, with its time when the unit plans one."""

    type_code: str = Field(max_length=MAX_LENGTHS["intervention_type_code"])
    hours: Decimal | None = None
    per: TimePer | None = None


class OpenServiceCase(Command):
    """Nytt boserviceärende: the provider grants boservice itself from `start_date`."""

    person_id: int
    unit_id: int
    items: tuple[ServiceItem, ...] = ()
    start_date: date


class SetServiceDecisionEnd(Command):
    """Beslutsperiodens slut of a boservice case's decision (Spara); None opens it again."""

    case_id: int
    period_end: date | None
    expected_version: int


class CloseServiceCase(Command):
    """Avsluta ärendet: the case, its decision period and its open rows end on `closed_on`."""

    case_id: int
    closed_on: date
    reason_code: str = Field(max_length=MAX_LENGTHS["reveal_reason_code"])
    expected_version: int
