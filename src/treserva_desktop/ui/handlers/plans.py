"""Genomförandeplaner in the tree: Ny genomförandeplan… on Dokument GF; Öppna, Följ upp…,
Avsluta genomförandeplan… and Skriv ut on a plan."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from treserva_desktop.db.queries.plans import follow_up_months, plan_view
from treserva_desktop.domain.commands.plans import PlanOutput, PlanRef
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.plans import PlanListItem, PlanView
from treserva_desktop.services import plans as plan_services
from treserva_desktop.ui import messages, runner
from treserva_desktop.ui.action_ids import ActionId, Section
from treserva_desktop.ui.action_spec import ActionSpec
from treserva_desktop.ui.background import BackgroundOperation, Progress, run_in_background
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.implementation_plan_dialog import ImplementationPlanDialog
from treserva_desktop.ui.dialogs.plan_end_dialog import PlanEndDialog
from treserva_desktop.ui.dialogs.plan_follow_up_dialog import PlanFollowUpDialog
from treserva_desktop.ui.dialogs.plan_view_dialog import PlanViewDialog
from treserva_desktop.ui.tree.nodes import Node, NodeKind

if TYPE_CHECKING:
    from treserva_desktop.ui.action_spec import ActionContext
    from treserva_desktop.ui.pdf_window import PdfWindow

log = logging.getLogger(__name__)

RENDER_FAILED = "Genomförandeplanen kunde inte visas på grund av ett oväntat fel."
_ORPHANS: set[PdfWindow] = set()


def _months(session: Session, _actor: Actor) -> int:
    return follow_up_months(session)


def _in_unit(node: Node) -> bool:
    """Plans belong to a unit: only a Dokument GF under Mina enheter › unit › person."""
    return node.unit_id is not None and node.person_id is not None


def _open_item(node: Node | None) -> bool:
    if node is None or node.plan_id is None:
        return False
    item = node.payload
    return not isinstance(item, PlanListItem) or item.ended_on is None


def can_write(actx: ActionContext) -> bool:
    node = actx.node
    return (
        node is not None
        and node.unit_id is not None
        and actx.actor.can(Permission.WRITE_JOURNAL, node.unit_id)
    )


def can_change(actx: ActionContext) -> bool:
    return can_write(actx) and _open_item(actx.node)


def _view(actx: ActionContext) -> PlanView | None:
    node = actx.node
    if node is None or node.plan_id is None:
        return None
    return runner.read(actx.ctx, plan_view, node.plan_id, parent=actx.parent)


# -- Ny genomförandeplan ---------------------------------------------------------------------


def new_plan(actx: ActionContext) -> None:
    node = actx.node
    if node is None or node.person_id is None or node.unit_id is None:
        return
    person = node.ancestor_of_kind(NodeKind.PERSON)
    unit = node.ancestor_of_kind(NodeKind.UNIT)
    months = runner.fetch(actx.ctx, _months).value
    submitted = ImplementationPlanDialog.ask(
        actx.parent,
        person_id=node.person_id,
        unit_id=node.unit_id,
        person_text=person.label if person is not None else "",
        unit_name=unit.title if unit is not None else "",
        today=actx.ctx.clock.today(),
        follow_up_months=months or 6,
        submit=runner.submitter(actx.ctx, plan_services.establish_plan),
    )
    if submitted is None or submitted.value is None:
        return
    messages.info(
        actx.parent,
        "Genomförandeplanen är upprättad och visas under Dokument GF.",
        title="Ny genomförandeplan",
    )


# -- Öppna -----------------------------------------------------------------------------------


def open_plan(actx: ActionContext) -> None:
    """Öppna (Enter, double-click): the plan read-only in its own window."""
    view = _view(actx)
    if view is None:
        return
    PlanViewDialog.ask(actx.parent, view)


# -- Följ upp / Avsluta ----------------------------------------------------------------------


def follow_up(actx: ActionContext) -> None:
    view = _view(actx)
    if view is None:
        return
    months = runner.fetch(actx.ctx, _months).value
    submitted = PlanFollowUpDialog.ask(
        actx.parent,
        view,
        today=actx.ctx.clock.today(),
        follow_up_months=months or 6,
        submit=runner.submitter(actx.ctx, plan_services.follow_up_plan),
    )
    if submitted is None or submitted.value is None:
        return
    messages.info(actx.parent, "Uppföljningen är sparad.", title="Följ upp genomförandeplan")


def end(actx: ActionContext) -> None:
    view = _view(actx)
    if view is None:
        return
    submitted = PlanEndDialog.ask(
        actx.parent,
        view,
        today=actx.ctx.clock.today(),
        submit=runner.submitter(actx.ctx, plan_services.end_plan),
    )
    if submitted is None or submitted.value is None:
        return
    messages.info(actx.parent, "Genomförandeplanen är avslutad.", title="Avsluta genomförandeplan")


# -- Skriv ut --------------------------------------------------------------------------------


def print_plan(actx: ActionContext) -> None:
    node = actx.node
    if node is None or node.plan_id is None:
        return
    open_document(actx.ctx, actx.parent, node.plan_id)


def open_document(
    ctx: AppContext, parent: QWidget | None, plan_id: int
) -> BackgroundOperation[bytes] | None:
    """The audited read (one transaction), the PDF rendered in the background and shown in
    the PDF window, whose Skriv ut / Spara som are audited too."""
    view = runner.run(ctx, parent, plan_services.open_plan_document, PlanRef(plan_id=plan_id))
    if view is None:
        return None
    printed_at = ctx.clock.local_now()

    def render(_session: Session, _actor: Actor, _progress: Progress) -> bytes:
        from treserva_desktop.documents.plans import render_implementation_plan

        return render_implementation_plan(view, printed_at=printed_at)

    return run_in_background(
        ctx,
        parent,
        render,
        label="Genomförandeplanen förbereds för utskrift…",
        title="Skriv ut",
        on_success=lambda pdf: _show_none(ctx, parent, view, pdf),
        on_failure=lambda _text: messages.error(parent, RENDER_FAILED),
    )


def _show_none(ctx: AppContext, parent: QWidget | None, view: PlanView, pdf: bytes) -> None:
    _show(ctx, parent, view, pdf)


def _show(ctx: AppContext, parent: QWidget | None, view: PlanView, pdf: bytes) -> PdfWindow:
    from treserva_desktop.ui.pdf_window import PdfWindow

    window = PdfWindow(
        pdf,
        title=f"{view.title} – {view.person_name}",
        file_name=f"{view.title} {view.person_name}",
        parent=parent,
    )
    window.setObjectName("plan_pdf_window")

    def record_output(saved_to_file: bool) -> bool:
        command = PlanOutput(plan_id=view.id, saved_to_file=saved_to_file)
        return runner.run(ctx, window, plan_services.record_plan_output, command) is not None

    window.on_output = record_output
    if parent is None:
        _ORPHANS.add(window)
        window.destroyed.connect(lambda _obj=None, w=window: _ORPHANS.discard(w))
    window.show()
    window.activateWindow()
    return window


_PLAN = frozenset({NodeKind.PLAN})
# Ny/Följ upp/Avsluta sit with a node's own actions (the ASSIGNMENT section), above Uppdatera.

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        ActionId.OPEN_PLAN,
        "Öppna",
        open_plan,
        applies_to=_PLAN,
        section=Section.OPEN,
        icon="plan",
        status_tip="Visa genomförandeplanen med mål, aktiviteter och uppföljningar (Enter)",
    ),
    ActionSpec(
        ActionId.PRINT_PLAN,
        "Skriv ut",
        print_plan,
        applies_to=_PLAN,
        section=Section.OPEN,
        icon="print",
        status_tip="Visa genomförandeplanen som dokument, med Skriv ut och Spara som",
    ),
    ActionSpec(
        ActionId.NEW_PLAN,
        "Ny genomförandeplan…",
        new_plan,
        applies_to=frozenset({NodeKind.DOKUMENT_GF}),
        applies_when=_in_unit,
        section=Section.ASSIGNMENT,
        enabled=can_write,
        permission=Permission.WRITE_JOURNAL,
        icon="plan",
        opens_dialog=True,
        status_tip="Upprätta en genomförandeplan tillsammans med personen",
    ),
    ActionSpec(
        ActionId.FOLLOW_UP_PLAN,
        "Följ upp…",
        follow_up,
        applies_to=_PLAN,
        section=Section.ASSIGNMENT,
        enabled=can_change,
        permission=Permission.WRITE_JOURNAL,
        opens_dialog=True,
        status_tip="Följ upp genomförandeplanen och planera nästa uppföljning",
    ),
    ActionSpec(
        ActionId.END_PLAN,
        "Avsluta genomförandeplan…",
        end,
        applies_to=_PLAN,
        section=Section.ASSIGNMENT,
        enabled=can_change,
        permission=Permission.WRITE_JOURNAL,
        opens_dialog=True,
        status_tip="Avsluta planen med stoppdatum när insatserna upphör",
    ),
)
