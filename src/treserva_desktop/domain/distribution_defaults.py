"""What Registrera preselects when a safe guess exists, and why (shown beside the field)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

PERSON_HAS_ROWS = "Förvald: personen har redan insatser här."
LAST_USED = "Förvald: dit du senast fördelade ett uppdrag till den här mottagaren."
ONLY_FITTING = "Förvald: den enda enhet som passar insatsen."
BILLING_FROM_UNIT = "Förvalt från utförarenheten."


@dataclass(frozen=True, slots=True)
class Preselection:
    """The unit to preselect (None: the user chooses) and the reason shown with it."""

    unit_id: int | None
    reason: str = ""


def preselect_unit(
    offered: Collection[int],
    *,
    person_units: Sequence[int],
    last_used: int | None,
    only_fitting: int | None,
) -> Preselection:
    """The first safe guess among the units offered: where the person already has live rows
    (most recent first), the unit this user last distributed to for the same receiving unit,
    or the only unit that fits. A guess that is not offered (another business area, out of
    the user's scope) is no guess."""
    for unit_id in person_units:
        if unit_id in offered:
            return Preselection(unit_id, PERSON_HAS_ROWS)
    if last_used is not None and last_used in offered:
        return Preselection(last_used, LAST_USED)
    if only_fitting is not None and only_fitting in offered:
        return Preselection(only_fitting, ONLY_FITTING)
    return Preselection(None)


def preselect_billing_area(
    person_area: str | None, unit_default: str | None, known: Collection[str]
) -> str | None:
    """Debiteringsområde to propose when the person has none: the performing unit's default
    area, if it is in the code list. A person's own area is never replaced."""
    if person_area:
        return None
    return unit_default if unit_default and unit_default in known else None
