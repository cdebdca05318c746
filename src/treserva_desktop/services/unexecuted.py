"""Ej verkställda beslut: the export, recorded per person written (ids only)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from treserva_desktop.db.queries.unexecuted import unexecuted_decisions
from treserva_desktop.domain.changes import changes
from treserva_desktop.domain.commands.unexecuted import ExportUnexecutedDecisions
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.unexecuted_rules import Quarter
from treserva_desktop.domain.views.unexecuted import UnexecutedDecisions


@changes()
def export_unexecuted_decisions(
    session: Session, actor: Actor, command: ExportUnexecutedDecisions
) -> UnexecutedDecisions:
    """Exportera…: the quarter's list read again in the export's transaction, with one EXPORT
    event per person in it instead of the read events."""
    return unexecuted_decisions(
        session, actor, Quarter.of(command.quarter), action=AuditAction.EXPORT
    )
