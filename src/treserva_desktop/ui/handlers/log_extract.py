"""Logguttag… on a person (verksamhetschef) and in Administration (systemadministratör, by
identity number): the dialog produces the audited extract, the PDF is rendered in the
background and shown in the PDF window, whose Skriv ut / Spara som are audited too."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from treserva_desktop.domain.commands.log_extract import LogExtractOutput
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.log_extract import LOG_EXTRACT_TITLE, LogExtractView
from treserva_desktop.services import log_extract as log_extract_services
from treserva_desktop.ui import messages, runner
from treserva_desktop.ui.action_ids import ActionId, MenuId, Section
from treserva_desktop.ui.action_spec import ActionSpec
from treserva_desktop.ui.background import BackgroundOperation, Progress, run_in_background
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.log_extract_dialog import LogExtractDialog
from treserva_desktop.ui.tree.nodes import NodeKind

if TYPE_CHECKING:
    from treserva_desktop.ui.action_spec import ActionContext
    from treserva_desktop.ui.pdf_window import PdfWindow

RENDER_FAILED = "Logguttaget kunde inte visas på grund av ett oväntat fel."
_ORPHANS: set[PdfWindow] = set()


def _for_person(actx: ActionContext) -> bool:
    node = actx.node
    return node is not None and node.person_id is not None


def person_extract(actx: ActionContext) -> None:
    """Logguttag… on a person in the tree."""
    node = actx.node
    if node is None or node.person_id is None:
        return
    # The person node itself (Logguttag… sits on it), else the person above the node.
    person = node if node.kind is NodeKind.PERSON else node.ancestor_of_kind(NodeKind.PERSON)
    submitted = LogExtractDialog.ask(
        actx.parent,
        today=actx.ctx.clock.today(),
        submit=runner.submitter(actx.ctx, log_extract_services.produce_log_extract),
        person_id=node.person_id,
        person_text=person.label if person is not None else "",
    )
    if submitted is not None and submitted.value is not None:
        show_extract(actx.ctx, actx.parent, submitted.value)


def extract_by_number(actx: ActionContext) -> None:
    """Administration › Logguttag…: the person found by identity number."""
    submitted = LogExtractDialog.ask(
        actx.parent,
        today=actx.ctx.clock.today(),
        submit=runner.submitter(actx.ctx, log_extract_services.produce_log_extract),
    )
    if submitted is not None and submitted.value is not None:
        show_extract(actx.ctx, actx.parent, submitted.value)


def show_extract(
    ctx: AppContext, parent: QWidget | None, view: LogExtractView
) -> BackgroundOperation[bytes] | None:
    def render(_session: Session, _actor: Actor, _progress: Progress) -> bytes:
        from treserva_desktop.documents.log_extract import render_log_extract

        return render_log_extract(view)

    return run_in_background(
        ctx,
        parent,
        render,
        label="Logguttaget förbereds…",
        title=LOG_EXTRACT_TITLE,
        on_success=lambda pdf: _show(ctx, parent, view, pdf),
        on_failure=lambda _text: messages.error(parent, RENDER_FAILED),
    )


def _show(ctx: AppContext, parent: QWidget | None, view: LogExtractView, pdf: bytes) -> None:
    from treserva_desktop.ui.pdf_window import PdfWindow

    window = PdfWindow(
        pdf,
        title=f"{LOG_EXTRACT_TITLE} – {view.person_name}",
        file_name=f"{LOG_EXTRACT_TITLE} {view.person_name}",
        parent=parent,
    )
    window.setObjectName("log_extract_pdf_window")

    def record_output(saved_to_file: bool) -> bool:
        command = LogExtractOutput(person_id=view.person_id, saved_to_file=saved_to_file)
        return (
            runner.run(ctx, window, log_extract_services.record_log_extract_output, command)
            is not None
        )

    window.on_output = record_output
    if parent is None:
        _ORPHANS.add(window)
        window.destroyed.connect(lambda _obj=None, w=window: _ORPHANS.discard(w))
    window.show()
    window.activateWindow()


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        ActionId.LOG_EXTRACT,
        "Logguttag…",
        person_extract,
        applies_to=frozenset({NodeKind.PERSON}),
        section=Section.ASSIGNMENT,
        enabled=_for_person,
        permission=Permission.LOG_EXTRACT,
        icon="print",
        opens_dialog=True,
        status_tip="Vem har tagit del av personens uppgifter, när, från vilken enhet och varför",
    ),
    ActionSpec(
        ActionId.LOG_EXTRACT_BY_NUMBER,
        "Logguttag…",
        extract_by_number,
        section=Section.ADMIN,
        menu=MenuId.ADMIN,
        permission=Permission.ADMINISTER,
        icon="print",
        opens_dialog=True,
        status_tip="Logguttag för en person, sökt på personnummer",
    ),
)
