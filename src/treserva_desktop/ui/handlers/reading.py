"""Läs uppdrag: record the read, render the assignment document and show it in a PDF window."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from treserva_desktop.domain.commands.reading import AssignmentOutput, AssignmentRef
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.reading import AssignmentDocumentView
from treserva_desktop.services import reading as reading_services
from treserva_desktop.ui import messages, runner
from treserva_desktop.ui.action_ids import ActionId, Section
from treserva_desktop.ui.action_spec import ActionSpec
from treserva_desktop.ui.background import BackgroundOperation, Progress, run_in_background
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.tree.nodes import NodeKind

if TYPE_CHECKING:
    # reportlab and QtPdf are imported on first use (Läs uppdrag), not with the main window.
    from treserva_desktop.ui.action_spec import ActionContext
    from treserva_desktop.ui.pdf_window import PdfWindow

log = logging.getLogger(__name__)

RENDER_FAILED = "Uppdraget kunde inte visas på grund av ett oväntat fel."
# Windows opened without a parent widget are kept here until they close.
_ORPHANS: set[PdfWindow] = set()


def window_title(view: AssignmentDocumentView) -> str:
    return f"{view.title} – {view.person_name}"


def file_name(view: AssignmentDocumentView) -> str:
    return f"{view.title} {view.assignment_id} {view.person_name} {view.sent_at:%Y-%m-%d}"


def has_assignment(actx: ActionContext) -> bool:
    return actx.node is not None and actx.node.assignment_id is not None


def read_assignment(actx: ActionContext) -> None:
    """Läs uppdrag on an assignment node (also Enter/double-click: the node's default)."""
    node = actx.node
    if node is None or node.assignment_id is None:
        return
    open_assignment(actx.ctx, actx.parent, node.assignment_id)


def open_assignment(
    ctx: AppContext,
    parent: QWidget | None,
    assignment_id: int,
    *,
    on_opened: Callable[[PdfWindow], None] | None = None,
) -> BackgroundOperation[bytes] | None:
    """Run the audited read (one transaction), render the document in the background and
    open it when ready; None when the read was refused or failed (already said why)."""
    view = runner.run(
        ctx,
        parent,
        reading_services.record_assignment_read,
        AssignmentRef(assignment_id=assignment_id),
    )
    if view is None:
        return None

    printed_at = ctx.clock.local_now()

    def render(_session: Session, _actor: Actor, _progress: Progress) -> bytes:
        # A long assignment takes a while in reportlab; the window stays responsive meanwhile.
        # Imported here, in the worker thread: the first Läs uppdrag loads reportlab off the
        # GUI thread.
        from treserva_desktop.documents.assignment_document import render_assignment

        return render_assignment(view, printed_at=printed_at)

    def show(pdf: bytes) -> None:
        window = _show(ctx, parent, view, pdf)
        if on_opened is not None:
            on_opened(window)

    return run_in_background(
        ctx,
        parent,
        render,
        label="Uppdraget förbereds för visning…",
        title="Läs uppdrag",
        on_success=show,
        on_failure=lambda _text: messages.error(parent, RENDER_FAILED),
    )


def _show(
    ctx: AppContext, parent: QWidget | None, view: AssignmentDocumentView, pdf: bytes
) -> PdfWindow:
    from treserva_desktop.ui.pdf_window import PdfWindow

    window = PdfWindow(pdf, title=window_title(view), file_name=file_name(view), parent=parent)
    window.setObjectName("assignment_pdf_window")

    def record_output(saved_to_file: bool) -> bool:
        command = AssignmentOutput(assignment_id=view.assignment_id, saved_to_file=saved_to_file)
        done = runner.run(ctx, window, reading_services.record_assignment_output, command)
        return done is not None

    window.on_output = record_output
    if parent is None:
        _ORPHANS.add(window)
        window.destroyed.connect(lambda _obj=None, w=window: _ORPHANS.discard(w))
    window.show()
    window.activateWindow()
    return window


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        ActionId.READ_ASSIGNMENT,
        "Läs uppdrag",
        read_assignment,
        applies_to=frozenset({NodeKind.ASSIGNMENT, NodeKind.SENT_ASSIGNMENT}),
        section=Section.ASSIGNMENT,
        enabled=has_assignment,
        icon="assignment",
        status_tip="Visa uppdraget som dokument, med Skriv ut och Spara som (Enter)",
    ),
)
