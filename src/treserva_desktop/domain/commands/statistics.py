"""Commands of the monthly individual statistics."""

from __future__ import annotations

from datetime import date

from treserva_desktop.domain.commands import Command


class ExportMonthlyStatistics(Command):
    """Individstatistik › Exportera…: any day of the month to report (the 1st by convention)."""

    month: date
