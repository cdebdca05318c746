"""Monthly individual statistics: the export, audited per person written (ids only)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.queries.statistics import monthly_statistics
from treserva_desktop.domain.changes import changes
from treserva_desktop.domain.commands.statistics import ExportMonthlyStatistics
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.statistics_rules import Month
from treserva_desktop.domain.views.statistics import MonthlyStatistics

EXPORT_VIEW = "individual_statistics"


@changes()
def export_monthly_statistics(
    session: Session, actor: Actor, command: ExportMonthlyStatistics
) -> MonthlyStatistics:
    """The month's statistics for the file, with one EXPORT event per person in it (at the
    unit of their row, in as few statements as there are units). Nothing but ids is logged."""
    statistics = monthly_statistics(session, actor, Month.of(command.month))
    units: dict[int, int] = {}
    for row in statistics.rows:
        units.setdefault(row.person_id, row.unit_id)
    audit.record_reads(
        session,
        actor,
        (audit.PersonRead(person_id, unit_id=unit_id) for person_id, unit_id in units.items()),
        view=EXPORT_VIEW,
        action=AuditAction.EXPORT,
    )
    return statistics
