"""Commands of Uppföljning › Ej verkställda beslut…"""

from __future__ import annotations

from datetime import date

from treserva_desktop.domain.commands import Command


class ExportUnexecutedDecisions(Command):
    """Exportera…: the quarter (any day of it; its first by convention)."""

    quarter: date
