"""Commands for Rätta/Avsluta and Återkalla of an execution row."""

from __future__ import annotations

from datetime import date

from treserva_desktop.domain.commands import Command


class EndExecution(Command):
    """Rätta/Avsluta: set (or correct) T.o.m., optionally correct Fr.o.m., with an avslutsorsak."""

    execution_id: int
    end_date: date
    start_date: date | None = None
    reason_code: str
    expected_version: int


class RevokeExecution(Command):
    """Återkalla: the row ends `day_before` (dagen innan ändringen); a new row Under
    fördelning runs from the next day to the old T.o.m."""

    execution_id: int
    day_before: date
    expected_version: int
