"""Sammanställning – Genomförandeplan: the export, recorded per person written (ids only)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from treserva_desktop.db.queries.plan_compilation import Step, plan_compilation
from treserva_desktop.domain.changes import changes
from treserva_desktop.domain.commands.plan_compilation import CompilePlans
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.plan_compilation import PlanCompilation


@changes()
def export_plan_compilation(
    session: Session, actor: Actor, command: CompilePlans, step: Step | None = None
) -> PlanCompilation:
    """Exportera…: the compilation for the file, compiled again in the export's transaction
    with one EXPORT event per person in it (instead of the read events of Sammanställ)."""
    return plan_compilation(session, actor, command, step, action=AuditAction.EXPORT)
