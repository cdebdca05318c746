"""Pure rules for Rätta/Avsluta and Återkalla of an execution row (the dialogs call them too)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from treserva_desktop.domain import assignment_rules
from treserva_desktop.domain.assignment_rules import ExistingRow
from treserva_desktop.domain.enums import ExecutionStatus
from treserva_desktop.domain.errors import Conflict, ValidationError

ROW_CHANGED_BY_SOMEONE_ELSE = (
    "Raden har just ändrats av någon annan. Stäng fönstret och öppna det igen för att se det "
    "senaste läget."
)
REVOKED_ROW = "Raden är återkallad och kan inte ändras. Välj den nya raden i stället."
CHOOSE_REASON = "Välj avslutsorsak."
PENDING_ROW_REVOKE = (
    "Raden är under fördelning och har inte skickats till genomförande. Registrera den med den "
    "nya tidsåtgången i stället för att återkalla den."
)


def check_version(current: int, expected: int) -> None:
    """The window was opened on an older state of the row."""
    if current != expected:
        raise Conflict(ROW_CHANGED_BY_SOMEONE_ELSE)


def check_can_change(status: ExecutionStatus) -> None:
    """A revoked row is history: its successor is the row to change."""
    if status is ExecutionStatus.REVOKED:
        raise Conflict(REVOKED_ROW)


def check_reason(code: str, known: Iterable[str]) -> str:
    """The avslutsorsak is one of the code list's active codes."""
    code = code.strip()
    if not code or code not in set(known):
        raise ValidationError(CHOOSE_REASON, field="reason_code")
    return code


def check_replaced_start(start: date, replaced_end: date | None) -> None:
    """A row made by Återkalla starts after the day its predecessor was revoked: that part was
    performed under the old time and stays so."""
    if replaced_end is not None and start <= replaced_end:
        raise ValidationError(
            f"Fr.o.m. måste vara efter {replaced_end:%Y-%m-%d}, dagen då den tidigare raden "
            "återkallades.",
            field="start_date",
        )


def check_end(
    start: date,
    end: date | None,
    decision_start: date,
    decision_end: date | None,
    others: Iterable[ExistingRow],
) -> None:
    """Rätta/Avsluta: a T.o.m. is given, not before Fr.o.m., inside the decision period, and
    the row does not overlap another live row of the same intervention."""
    if end is None:
        raise ValidationError("Ange T.o.m.", field="end_date")
    assignment_rules.check_period(start, end)
    assignment_rules.check_inside_decision(start, end, decision_start, decision_end)
    assignment_rules.check_no_overlap(start, end, others)


ENDED_ROW_REVOKE = (
    "Raden är redan avslutad. Ändra den med Rätta/Avsluta i stället för att återkalla den."
)


def check_revoke_day(
    status: ExecutionStatus, start: date, end: date | None, day: date, today: date
) -> date:
    """Återkalla with "dagen innan ändringen" D: the row keeps Fr.o.m.–D (so D may be the row's
    first day: a one-day row) and a new row runs from D + 1 to the old T.o.m., so D lies inside
    the row and before its last day. Returns the new row's Fr.o.m."""
    check_can_change(status)
    if status is ExecutionStatus.UNDER_DISTRIBUTION:
        raise Conflict(PENDING_ROW_REVOKE)
    if end is not None and end < today:
        raise Conflict(ENDED_ROW_REVOKE)
    if day < start:
        raise ValidationError(
            f"Dagen innan ändringen ({day:%Y-%m-%d}) ligger före radens början "
            f"({start:%Y-%m-%d}). En ändring kan gälla tidigast från dagen efter radens "
            "första dag; gäller den från början, rätta raden med Rätta/Avsluta.",
            field="day_before",
        )
    if end is not None and day >= end:
        raise ValidationError(
            f"Dagen innan ändringen måste vara före radens T.o.m. ({end:%Y-%m-%d}), annars "
            "finns ingen tid kvar att ändra.",
            field="day_before",
        )
    return day + timedelta(days=1)


def nothing_left_after(ends: Iterable[date | None], today: date, ended_on: date) -> bool:
    """Whether no live row remains after the one just ended: every other live row at the unit
    has ended by the later of today and the new T.o.m."""
    horizon = max(today, ended_on)
    return all(end is not None and end <= horizon for end in ends)


def listed_at_unit(end: date | None, today: date) -> bool:
    """Whether a (not revoked) row keeps its person in the unit's list: open-ended or ending
    today or later (the same test as the tree's query of a unit's persons)."""
    return end is None or end >= today
