"""Commands for Acceptera och fördela: distributing, registering and stopping."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from treserva_desktop.domain.commands import Command
from treserva_desktop.domain.enums import TimePer


class DistributeIntervention(Command):
    """Registrera in Acceptera och fördela: one intervention to one unit for one period."""

    assignment_id: int
    intervention_id: int
    unit_id: int
    start_date: date
    end_date: date | None = None
    hours: Decimal | None = None
    per: TimePer | None = None
    to_execution: bool = True
    expected_version: int
    # For a person without a billing area: set it in the same transaction (the performing
    # unit's default as proposed, or the user's choice). Ignored when the person has one.
    billing_area_code: str | None = None


class RegisterExecution(Command):
    """Registrera on an existing row Under fördelning: set the time, optionally send it on."""

    execution_id: int
    hours: Decimal | None = None
    per: TimePer | None = None
    to_execution: bool = True
    expected_version: int


class StopAssignment(Command):
    assignment_id: int
    reason: str
    misdirected: bool = False
    expected_version: int | None = None
