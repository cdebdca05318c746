"""Handlers of the Uppföljning menu: Väntande uppdrag… (list, show in the tree, export)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from treserva_desktop.db.queries import follow_up as follow_up_queries
from treserva_desktop.domain.commands.follow_up import ExportWaitingAssignments
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.follow_up import WaitingAssignment
from treserva_desktop.services import follow_up as follow_up_services
from treserva_desktop.ui import messages, runner
from treserva_desktop.ui.action_ids import ActionId, MenuId, Section
from treserva_desktop.ui.action_spec import ActionSpec
from treserva_desktop.ui.background import (
    BackgroundOperation,
    Progress,
)
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.waiting_assignments_dialog import (
    TITLE,
    WaitingAssignmentsDialog,
    write_csv,
)
from treserva_desktop.ui.handlers.csv_export import export_audited_csv

if TYPE_CHECKING:
    from treserva_desktop.ui.action_spec import ActionContext

log = logging.getLogger(__name__)

NOT_IN_TREE = "Uppdraget väntar inte längre i Nya uppdrag – det har accepterats eller stoppats."


def waiting_assignments(actx: ActionContext) -> None:
    """Uppföljning › Väntande uppdrag…: the list; a chosen row is selected in the tree."""
    ctx = actx.ctx
    days = ctx.settings.overdue_working_days
    rows = runner.read(
        ctx, follow_up_queries.waiting_assignments, overdue_working_days=days, parent=actx.parent
    )
    if rows is None:
        return

    def export(
        parent: QWidget,
        shown: list[WaitingAssignment],
        unit_id: int | None,
        exported: Callable[[Path], None],
    ) -> None:
        export_waiting_assignments(ctx, parent, shown, unit_id, exported)

    chosen = WaitingAssignmentsDialog.ask(
        actx.parent, rows, overdue_working_days=days, export=export
    )
    if chosen is not None and not actx.host.reveal_assignment(chosen):
        messages.info(actx.parent, NOT_IN_TREE, title=TITLE)


def suggested_file_name(today: date) -> str:
    return f"{TITLE} {today:%Y-%m-%d}.csv"


def export_waiting_assignments(
    ctx: AppContext,
    parent: QWidget,
    rows: list[WaitingAssignment],
    unit_id: int | None,
    exported: Callable[[Path], None],
) -> BackgroundOperation[Path] | None:
    """Exportera…: where to, then in the background one transaction that records the export
    and writes the file; `exported(path)` runs on the GUI thread when both are done. A file
    that cannot be written rolls the audit back; None when no file was chosen."""
    command = ExportWaitingAssignments(
        assignment_ids=tuple(row.assignment_id for row in rows), unit_id=unit_id
    )

    def prepare(session: Session, actor: Actor, _progress: Progress) -> Callable[[Path], None]:
        follow_up_services.record_export(session, actor, command)
        return lambda path: write_csv(path, rows)

    return export_audited_csv(
        ctx,
        parent,
        suggested=suggested_file_name(ctx.clock.today()),
        dialog_title="Exportera väntande uppdrag",
        label="Väntande uppdrag exporteras…",
        title=TITLE,
        what="waiting assignments",
        prepare=prepare,
        exported=exported,
    )


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        ActionId.WAITING_ASSIGNMENTS,
        "Väntande uppdrag…",
        waiting_assignments,
        section=Section.FOLLOW_UP,
        menu=MenuId.FOLLOW_UP,
        permission=Permission.VIEW_NEW_ASSIGNMENTS,
        icon="folder_new",
        opens_dialog=True,
        status_tip="Uppdrag som väntar på att accepteras och fördelas, längst väntan först",
    ),
)
