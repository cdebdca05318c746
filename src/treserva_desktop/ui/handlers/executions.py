"""Handlers of the execution window (Välj in Insats GF, Rätta/Avsluta… on an intervention):
Rätta/Avsluta, Återkalla, Registrera, and the message to the handläggare at Stäng."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from treserva_desktop.db.queries.distribution import assignment_distribution
from treserva_desktop.db.queries.ending import live_commitments
from treserva_desktop.db.queries.executions import ended_message_draft, execution_window
from treserva_desktop.db.queries.inbox import recipient_choices
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.views.executions import ExecutionWindowView, WindowRow
from treserva_desktop.services.executions import end_execution, revoke_execution
from treserva_desktop.services.inbox import send_message
from treserva_desktop.ui import messages
from treserva_desktop.ui.action_ids import ActionId, Section
from treserva_desktop.ui.action_spec import ActionSpec
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.compose_message_dialog import ComposeMessageDialog
from treserva_desktop.ui.dialogs.end_execution_dialog import EndExecutionDialog
from treserva_desktop.ui.dialogs.execution_window import ExecutionWindow
from treserva_desktop.ui.dialogs.revoke_execution_dialog import RevokeExecutionDialog
from treserva_desktop.ui.handlers.distribution import DistributionFlow
from treserva_desktop.ui.handlers.housing import offer_contract_end
from treserva_desktop.ui.runner import fetch, read, run, submitter
from treserva_desktop.ui.tree.nodes import Node, NodeKind

if TYPE_CHECKING:
    from treserva_desktop.ui.action_spec import ActionContext

TITLE = "Verkställigheter"
NOTHING_LEFT_QUESTION = (
    "Personen har inga pågående eller planerade insatser kvar hos er. Vill du skicka ett "
    "meddelande till handläggaren om att insatserna är avslutade?"
)
NO_CURRENT_ROW = "Insatsen har ingen pågående eller planerad verkställighet här."


REGISTER_NOW = "Registrera den nya tidsåtgången nu?"


def revoked_question(row: WindowRow, new_start: str) -> str:
    return (
        f"{row.intervention_name} har återkallats. En ny rad Under fördelning gäller från "
        f"{new_start}.\n\n{REGISTER_NOW}"
    )


class ExecutionsFlow:
    """One sitting in the execution window: what it ended, and whether anything is left."""

    def __init__(self, ctx: AppContext, person_id: int, unit_id: int | None) -> None:
        self.ctx = ctx
        self.person_id = person_id
        self.unit_id = unit_id
        self.ended: list[int] = []
        self.nothing_left = False
        self.message_unit_id: int | None = None
        self.sent_to = 0

    def load(self, parent: QWidget) -> ExecutionWindowView | None:
        return read(self.ctx, execution_window, self.person_id, unit_id=self.unit_id, parent=parent)

    def end(self, parent: QWidget, view: ExecutionWindowView, row: WindowRow) -> int | None:
        """Rätta/Avsluta on one row: the warning of what is still live, then the dialog."""
        warnings = fetch(
            self.ctx, live_commitments, self.person_id, row.unit_id, except_execution_id=row.id
        )
        submitted = EndExecutionDialog.ask(
            parent,
            view,
            row,
            today=self.ctx.clock.today(),
            warnings=warnings.value or [],
            submit=submitter(self.ctx, end_execution),
        )
        if submitted is None or submitted.value is None:
            return None
        result = submitted.value
        offer_contract_end(
            self.ctx, parent, self.person_id, row.unit_id, submitted.command.end_date
        )
        if row.id not in self.ended:
            self.ended.append(row.id)
        self.nothing_left = result.nothing_left
        self.message_unit_id = result.unit_id
        return row.id

    def revoke(self, parent: QWidget, view: ExecutionWindowView, row: WindowRow) -> int | None:
        """Återkalla: Registrera for the new row Under fördelning is offered at once (the
        workflow's next step); on Nej the new row is selected for Registrera later."""
        submitted = RevokeExecutionDialog.ask(
            parent,
            row,
            view.person_text,
            today=self.ctx.clock.today(),
            submit=submitter(self.ctx, revoke_execution),
        )
        if submitted is None or submitted.value is None:
            return None
        result = submitted.value
        question = revoked_question(row, f"{result.new_start:%Y-%m-%d}")
        if messages.confirm(parent, question, title="Återkalla"):
            fresh = self.load(parent)
            rows = fresh.rows if fresh is not None else ()
            new_row = next((r for r in rows if r.id == result.new_execution_id), None)
            if fresh is not None and new_row is not None:
                self.register(parent, fresh, new_row)
        return result.new_execution_id

    def register(self, parent: QWidget, view: ExecutionWindowView, row: WindowRow) -> int | None:
        """Registrera on a row Under fördelning: Acceptera och fördela's own dialog and its
        message option, on the row's assignment."""
        distribution = read(self.ctx, assignment_distribution, row.assignment_id, parent=parent)
        if distribution is None:
            return None
        item = next(
            (i for i in distribution.interventions if i.intervention_id == row.intervention_id),
            None,
        )
        if item is None:
            return None
        flow = DistributionFlow(self.ctx, distribution)
        flow.register(parent, item)
        # One row here, no list to close: the message question now if not asked already.
        flow.finish(parent, distribution)
        return row.id

    def closing(self, parent: QWidget) -> None:
        """Stäng: when the rows ended here leave the person nothing at the unit, offer the
        handläggare a prefilled message (the manual: so the decision can be ended)."""
        if not self.ended or not self.nothing_left or self.message_unit_id is None:
            return
        if not messages.confirm(parent, NOTHING_LEFT_QUESTION, title="Meddelande"):
            return
        draft = read(
            self.ctx,
            ended_message_draft,
            self.person_id,
            self.message_unit_id,
            list(self.ended),
            parent=parent,
        )
        if draft is None:
            return
        everyone = fetch(self.ctx, recipient_choices).value or []
        known = {choice.user_id for choice in everyone}
        recipients = list(everyone) + [c for c in draft.recipients if c.user_id not in known]
        command = ComposeMessageDialog.ask(
            parent,
            recipients,
            preselected=draft.preselected,
            subject=draft.subject,
            body=draft.body,
            person_id=draft.person_id,
            assignment_id=draft.assignment_id,
            regarding=draft.regarding,
        )
        if command is not None and run(self.ctx, parent, send_message, command) is not None:
            self.sent_to = len(set(command.recipient_ids))


def open_window(
    ctx: AppContext,
    parent: QWidget,
    person_id: int,
    unit_id: int | None,
    *,
    select_id: int | None = None,
    start_with_end: bool = False,
) -> ExecutionsFlow | None:
    """Välj: the execution window for the person at the unit, `select_id` selected."""
    flow = ExecutionsFlow(ctx, person_id, unit_id)
    view = flow.load(parent)
    if view is None:
        return None
    ExecutionWindow.show_for(parent, view, flow, select_id=select_id, start_with_end=start_with_end)
    return flow


def current_row_id(view_rows: tuple[WindowRow, ...], intervention_id: int) -> int | None:
    """The intervention's latest row still planned or ongoing (what Rätta/Avsluta means)."""
    current = [r for r in view_rows if r.intervention_id == intervention_id and r.current]
    return current[-1].id if current else None


def end_from_tree(actx: ActionContext) -> None:
    """Right-click an intervention › Rätta/Avsluta…: the window with the intervention's
    current row selected and its Rätta/Avsluta open."""
    node = actx.node
    if node is None or node.person_id is None or node.intervention_id is None:
        return
    flow = ExecutionsFlow(actx.ctx, node.person_id, node.unit_id)
    view = flow.load(actx.parent)
    if view is None:
        return
    row_id = current_row_id(view.rows, node.intervention_id)
    if row_id is None:
        messages.info(actx.parent, NO_CURRENT_ROW, title="Rätta/Avsluta")
    ExecutionWindow.show_for(
        actx.parent,
        view,
        flow,
        select_id=row_id,
        start_with_end=row_id is not None,
    )


def can_end(actx: ActionContext) -> bool:
    node = actx.node
    return (
        node is not None
        and node.kind is NodeKind.INTERVENTION
        and actx.actor.can(Permission.END_EXECUTION, node.unit_id)
    )


def _is_intervention(node: Node) -> bool:
    return node.intervention_id is not None


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        ActionId.END_EXECUTION,
        "Rätta/Avsluta…",
        end_from_tree,
        applies_to=frozenset({NodeKind.INTERVENTION}),
        applies_when=_is_intervention,
        section=Section.ASSIGNMENT,
        enabled=can_end,
        permission=Permission.END_EXECUTION,
        icon="intervention",
        opens_dialog=True,
        status_tip="Sätt T.o.m. och avslutsorsak för insatsens verkställighet",
    ),
)
