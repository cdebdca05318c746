"""Handler of Uppföljning › Ej verkställda beslut…: the quarter's list and its export in the
background, and the person of an opened row shown in the tree."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from treserva_desktop.db.queries import unexecuted as unexecuted_queries
from treserva_desktop.documents.unexecuted_csv import write_unexecuted_csv
from treserva_desktop.domain.commands.unexecuted import ExportUnexecutedDecisions
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.unexecuted_rules import Quarter
from treserva_desktop.domain.views.unexecuted import UnexecutedDecisions
from treserva_desktop.services import unexecuted as unexecuted_services
from treserva_desktop.ui import messages
from treserva_desktop.ui.action_ids import ActionId, MenuId, Section
from treserva_desktop.ui.action_spec import ActionHost, ActionSpec
from treserva_desktop.ui.background import (
    BackgroundOperation,
    Progress,
    load_for,
)
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.unexecuted_decisions_dialog import (
    TITLE,
    UnexecutedDecisionsDialog,
)
from treserva_desktop.ui.handlers.csv_export import export_audited_csv

if TYPE_CHECKING:
    from treserva_desktop.ui.action_spec import ActionContext

log = logging.getLogger(__name__)

NOT_IN_TREE = "Personen finns varken under Mina enheter eller under Nya uppdrag."


def unexecuted_decisions(actx: ActionContext) -> None:
    open_unexecuted_decisions(actx.host)


def open_unexecuted_decisions(host: ActionHost) -> None:
    ctx = host.ctx
    parent = host.widget()

    def load(
        dialog: QWidget,
        quarter: Quarter,
        done: Callable[[UnexecutedDecisions | None, str], None],
    ) -> None:
        load_unexecuted(ctx, dialog, quarter, done)

    def export(dialog: QWidget, quarter: Quarter, exported: Callable[[Path], None]) -> None:
        export_unexecuted(ctx, dialog, quarter, exported)

    chosen = UnexecutedDecisionsDialog.ask(parent, ctx.clock.today(), load=load, export=export)
    if chosen is None:
        return
    # Under Mina enheter once rows exist; a decision never distributed waits in Nya uppdrag.
    if not host.reveal_person(chosen.person_id) and not host.reveal_assignment(
        chosen.assignment_id
    ):
        messages.status(parent, NOT_IN_TREE)


def load_unexecuted(
    ctx: AppContext,
    parent: QWidget,
    quarter: Quarter,
    done: Callable[[UnexecutedDecisions | None, str], None],
) -> BackgroundOperation[UnexecutedDecisions]:
    def work(session: Session, actor: Actor, _progress: Progress) -> UnexecutedDecisions:
        return unexecuted_queries.unexecuted_decisions(session, actor, quarter)

    return load_for(
        ctx,
        parent,
        work,
        label=f"Ej verkställda beslut för {quarter.label} tas fram…",
        title=TITLE,
        done=done,
    )


def export_unexecuted(
    ctx: AppContext, parent: QWidget, quarter: Quarter, exported: Callable[[Path], None]
) -> BackgroundOperation[Path] | None:
    """Exportera…: where to, then one background transaction: the list again, an EXPORT
    event per person and the file (a file not written rolls the audit back)."""
    command = ExportUnexecutedDecisions(quarter=quarter.first)

    def prepare(session: Session, actor: Actor, _progress: Progress) -> Callable[[Path], None]:
        decisions = unexecuted_services.export_unexecuted_decisions(session, actor, command)
        return lambda path: write_unexecuted_csv(path, decisions)

    return export_audited_csv(
        ctx,
        parent,
        suggested=f"Ej verkställda beslut {quarter.label}.csv",
        dialog_title="Exportera ej verkställda beslut",
        label=f"Ej verkställda beslut för {quarter.label} exporteras…",
        title=TITLE,
        what="unexecuted decisions",
        prepare=prepare,
        exported=exported,
    )


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        ActionId.UNEXECUTED_DECISIONS,
        "Ej verkställda beslut…",
        unexecuted_decisions,
        section=Section.FOLLOW_UP,
        menu=MenuId.FOLLOW_UP,
        permission=Permission.VIEW_STATISTICS,
        icon="documents",
        opens_dialog=True,
        status_tip="Beslut som inte verkställts inom tre månader och avbrott om tre månader "
        "eller mer, per kvartal",
    ),
)
