"""Commands of Uppföljning › Statistik (statistics per unit and month)."""

from __future__ import annotations

from datetime import date

from treserva_desktop.domain.commands import Command
from treserva_desktop.domain.enums import BusinessArea


class ShowUnitStatistics(Command):
    """Verksamhet (None: every one), Enhet, Inklusive underenheter and the months Från månad
    – Till månad (any day of a month stands for the month; None: not chosen)."""

    business_area: BusinessArea | None = None
    unit_id: int
    include_sub_units: bool = True
    first_month: date | None
    last_month: date | None
