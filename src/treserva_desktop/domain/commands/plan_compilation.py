"""Commands of Sammanställning – Genomförandeplan (Uppföljning › Uppföljning och
administration › Sammanställningar › Genomförandeplan…)."""

from __future__ import annotations

from datetime import date

from treserva_desktop.domain.commands import Command
from treserva_desktop.domain.enums import BusinessArea


class CompilePlans(Command):
    """Verksamhet (None: all), Enhet (None: Alla mina enheter i verksamheten), the period
    and the options. The days may be
    missing here so the service answers with the Swedish message."""

    business_area: BusinessArea | None = None  # None: Alla verksamheter
    unit_id: int | None = None
    period_start: date | None = None
    period_end: date | None = None
    # Endast saknade och försenade: leave out Upprättad and Avslutad.
    only_attention: bool = False
    # Visa avslutade: include persons whose latest plan at the unit is ended.
    show_ended: bool = False
