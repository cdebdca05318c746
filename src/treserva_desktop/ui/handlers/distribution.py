"""Handlers of Acceptera och fördela (Registrera, message to berörda) and Stoppa uppdrag."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from treserva_desktop.db.queries.distribution import (
    affected_recipients,
    assignment_distribution,
    execution_version,
)
from treserva_desktop.db.queries.inbox import recipient_choices
from treserva_desktop.db.queries.person_record import billing_areas, get_person_record
from treserva_desktop.domain.commands.distribution import DistributeIntervention, RegisterExecution
from treserva_desktop.domain.commands.inbox import SendMessage
from treserva_desktop.domain.enums import (
    AssignmentKind,
    AssignmentStatus,
    ExecutionStatus,
    Permission,
)
from treserva_desktop.domain.person_rules import edit_refusal
from treserva_desktop.domain.views import AssignmentListItem, ExecutionRowView, period_text
from treserva_desktop.domain.views.distribution import (
    AssignmentDistributionView,
    DistributionIntervention,
    DistributionResult,
)
from treserva_desktop.services.distribution import (
    distribute_intervention,
    register_execution,
    stop_assignment,
)
from treserva_desktop.services.inbox import send_message
from treserva_desktop.services.persons import set_billing_area
from treserva_desktop.ui import messages
from treserva_desktop.ui.action_ids import ActionId, Section
from treserva_desktop.ui.action_spec import ActionSpec
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.accept_distribute_dialog import AcceptDistributeDialog, live_rows
from treserva_desktop.ui.dialogs.billing_area_dialog import BillingAreaDialog
from treserva_desktop.ui.dialogs.compose_message_dialog import ComposeMessageDialog
from treserva_desktop.ui.dialogs.register_execution_dialog import (
    RegisterExecutionDialog,
    SetBillingAreaFn,
)
from treserva_desktop.ui.dialogs.register_execution_form import Command
from treserva_desktop.ui.dialogs.stop_assignment_dialog import StopAssignmentDialog
from treserva_desktop.ui.live_notices import AssignmentWatch
from treserva_desktop.ui.messages import MessageChoice
from treserva_desktop.ui.runner import Attempt, attempt, fetch, read, run, submitter
from treserva_desktop.ui.tree.nodes import Node, NodeKind, is_new_assignment_person

if TYPE_CHECKING:
    from treserva_desktop.ui.action_spec import ActionContext

TITLE = "Acceptera och fördela"
OPEN_STATUSES = frozenset({AssignmentStatus.RECEIVED, AssignmentStatus.ACCEPTED})
MESSAGE_QUESTION = "Skicka meddelande till berörda?"
NOBODY_TO_TELL = (
    "Det finns ingen berörd att skicka meddelandet till. Välj Redigera meddelande… för att "
    "välja mottagare själv."
)
SEVERAL_ASSIGNMENTS = (
    "Personen har flera nya uppdrag. Markera det uppdrag du vill fördela i trädet och välj "
    "Acceptera och fördela igen."
)
STOPPED_INFO = "Uppdraget har stoppats. Handläggaren har fått ett meddelande med orsaken."
STOPPED_CHANGE_INFO = (
    "Bytet av utförare har stoppats. Avsändaren har fått ett meddelande med orsaken; "
    "insatserna ligger kvar hos den nuvarande utföraren."
)


# -- which assignment a node means ----------------------------------------------------------


def _open(node: Node) -> bool:
    item = node.payload
    return not isinstance(item, AssignmentListItem) or item.status in OPEN_STATUSES


def assignment_ids(node: Node | None) -> list[int]:
    """The open assignments an ASSIGNMENT node, or a person under Nya uppdrag, stands for."""
    if node is None:
        return []
    if node.kind is NodeKind.ASSIGNMENT and node.assignment_id is not None:
        return [node.assignment_id] if _open(node) else []
    parent = node.parent
    if node.kind is NodeKind.PERSON and parent and parent.kind is NodeKind.FOLDER_NEW_ASSIGNMENTS:
        return [
            child.assignment_id
            for child in node.children
            if child.kind is NodeKind.ASSIGNMENT
            and child.assignment_id is not None
            and _open(child)
        ]
    return []


def can_accept_and_distribute(actx: ActionContext) -> bool:
    return actx.actor.can(Permission.DISTRIBUTE_ASSIGNMENT) and bool(assignment_ids(actx.node))


def can_stop(actx: ActionContext) -> bool:
    """Only an assignment nobody has accepted yet can be stopped (the service says why not)."""
    node = actx.node
    if node is None or node.kind is not NodeKind.ASSIGNMENT or node.assignment_id is None:
        return False
    if not actx.actor.can(Permission.DISTRIBUTE_ASSIGNMENT):
        return False
    item = node.payload
    return not isinstance(item, AssignmentListItem) or item.status is AssignmentStatus.RECEIVED


# -- Acceptera och fördela ------------------------------------------------------------------


def accept_and_distribute(actx: ActionContext) -> None:
    """Right-click › Acceptera och fördela…: the list of interventions, Registrera each."""
    ids = assignment_ids(actx.node)
    if not ids:
        return
    if len(ids) > 1:
        messages.info(actx.parent, SEVERAL_ASSIGNMENTS, title=TITLE)
        return
    view = read(actx.ctx, assignment_distribution, ids[0], parent=actx.parent)
    if view is None:
        return
    if not view.can_distribute:
        messages.info(
            actx.parent,
            f"Uppdraget är {view.status.label.lower()} och kan inte fördelas.",
            title=TITLE,
        )
        return
    flow = DistributionFlow(actx.ctx, view)
    ctx, assignment_id = actx.ctx, view.assignment_id
    AcceptDistributeDialog.show_for(
        actx.parent,
        view,
        flow.register,
        on_close=flow.finish,
        watch=lambda dialog, say: AssignmentWatch(ctx, dialog, lambda: assignment_id, say),
    )


def pending_row(item: DistributionIntervention) -> ExecutionRowView | None:
    """The intervention's row Under fördelning, which Registrera completes."""
    return next(
        (row for row in item.rows if row.status is ExecutionStatus.UNDER_DISTRIBUTION), None
    )


class DistributionFlow:
    """One Acceptera och fördela session: Registrera → confirm → run → message → status.

    The assignment's version moves on with every registration; the version the last one
    returned is what the next one expects, so a distribution by someone else in between is
    refused instead of overwritten."""

    def __init__(self, ctx: AppContext, view: AssignmentDistributionView) -> None:
        self.ctx = ctx
        self.assignment_id = view.assignment_id
        self.person_id = view.person.id
        self.person_text = f"{view.person.name}, {view.person.identity_display}"
        self.expected_version = view.version
        # The unit of the last row registered here: the default for the next intervention.
        self.last_unit_id: int | None = None
        # Rows sent to Genomförande here that no message has been offered for yet
        # (intervention id, row id): one question covers them all.
        self.unannounced: list[tuple[int, int]] = []
        # The person belongs to the receiving unit (the assignment is open); editing them
        # there is what the person service requires too (it decides in the end).
        self.may_set_billing_area = edit_refusal(ctx.actor, [view.receiver_unit_id]) is None

    def _reload(self, parent: QWidget) -> AssignmentDistributionView | None:
        return read(self.ctx, assignment_distribution, self.assignment_id, parent=parent)

    def register(
        self, parent: QWidget, chosen: DistributionIntervention
    ) -> AssignmentDistributionView | None:
        """Registrera on one row of the list; returns the assignment as it is afterwards."""
        # Fresh data for the dialog (e.g. a billing area set since the list opened).
        view = self._reload(parent)
        if view is None:
            return None
        item = next(
            (i for i in view.interventions if i.intervention_id == chosen.intervention_id), None
        )
        if item is None:
            return view
        submit = self._submit
        billing: SetBillingAreaFn | None = (
            self.set_billing_area if item.needs_billing_area and self.may_set_billing_area else None
        )
        row = pending_row(item)
        if row is not None:
            version = read(self.ctx, execution_version, row.id, parent=parent)
            if version is None:
                return view
            submitted = RegisterExecutionDialog.ask(
                parent,
                view,
                item,
                expected_version=version,
                row=row,
                submit=submit,
                set_billing_area=billing,
            )
        else:
            if live_rows(item) and not messages.confirm(
                parent,
                f"{item.name} har redan status {item.status_text}. Vill du registrera "
                "ytterligare en period, t.ex. vid en annan utförarenhet?",
                title=TITLE,
                default_yes=False,
            ):
                return view
            submitted = RegisterExecutionDialog.ask(
                parent,
                view,
                item,
                expected_version=self.expected_version,
                submit=submit,
                set_billing_area=billing,
                remembered_unit_id=self.last_unit_id,
            )
        if submitted is None:
            return view
        result = submitted.value
        if result is None:
            # Refused or failed (already said so): show the list as it is now.
            return self._reload(parent) or view
        self.expected_version = result.assignment_version
        if isinstance(submitted.command, DistributeIntervention):
            self.last_unit_id = submitted.command.unit_id
        updated = self._reload(parent) or view
        text = f"{item.name} har status {result.execution_status.label}."
        if result.execution_status is ExecutionStatus.SENT_TO_EXECUTION:
            self.unannounced.append((item.intervention_id, result.execution_id))
        if updated.all_distributed:
            sent_to = self.offer_message(parent, updated)
            if sent_to:
                text += f" Meddelande har skickats till {sent_to} mottagare."
        # No box to click away: the list shows the status, the status bar says it once more.
        messages.status(parent, text)
        return updated

    def finish(self, parent: QWidget, view: AssignmentDistributionView) -> None:
        """Stäng: rows sent to Genomförande here and not yet told about are offered once."""
        sent_to = self.offer_message(parent, self._reload(parent) or view)
        if sent_to:
            messages.status(parent, f"Meddelande har skickats till {sent_to} mottagare.")

    def offer_message(self, parent: QWidget, view: AssignmentDistributionView) -> int:
        """ "Skicka meddelande till berörda?" once for every row sent on in this session: Ja
        sends the prefilled message to the preselected recipients at once, Redigera
        meddelande… opens the composer. Returns how many it was sent to."""
        if not self.unannounced:
            return 0
        sent = list(self.unannounced)
        self.unannounced.clear()
        choice = messages.ask_message(parent, MESSAGE_QUESTION)
        if choice is MessageChoice.SKIP:
            return 0
        return self._send_message(parent, view, sent, edit=choice is MessageChoice.EDIT)

    def set_billing_area(self, parent: QWidget) -> AssignmentDistributionView | None:
        """Ange debiteringsområde… from the Registrera dialog: the code list, then
        persons.set_billing_area with the person's current version; returns the assignment
        as it is afterwards, or None when cancelled or refused (already said why)."""
        record = read(self.ctx, get_person_record, self.person_id, parent=parent)
        if record is None:
            return None
        areas = read(self.ctx, lambda session, _actor: billing_areas(session), parent=parent)
        if areas is None:
            return None
        command = BillingAreaDialog.ask(
            parent,
            record.id,
            record.version,
            self.person_text,
            areas,
        )
        if command is None:
            return None
        if run(self.ctx, parent, set_billing_area, command) is None:
            return None
        return self._reload(parent)

    def _submit(self, dialog: QWidget, command: Command) -> Attempt[DistributionResult]:
        """Registrera while the dialog is open (the dialog shows what comes back)."""
        if isinstance(command, RegisterExecution):
            return attempt(self.ctx, dialog, register_execution, command)
        return attempt(self.ctx, dialog, distribute_intervention, command)

    def _send_message(
        self,
        parent: QWidget,
        view: AssignmentDistributionView,
        sent: list[tuple[int, int]],
        *,
        edit: bool,
    ) -> int:
        """Send (or, with `edit`, compose) the message to berörda about the rows `sent`
        (intervention id, row id); returns how many it was sent to."""
        affected = fetch(self.ctx, affected_recipients, self.assignment_id).value or []
        rows = {row.id: row for i in view.interventions for row in i.rows}
        items = {i.intervention_id: i for i in view.interventions}
        done = [(items[i], rows.get(r)) for i, r in sent if i in items]
        person = view.person
        subject = "Skickad till genomförande: " + ", ".join(item.name for item, _row in done)
        body = message_body(view, done, self.ctx.actor.display_name)
        preselected = tuple(dict.fromkeys(choice.user_id for choice in affected))
        if edit:
            everyone = fetch(self.ctx, recipient_choices).value or []
            known = {choice.user_id for choice in everyone}
            recipients = list(everyone) + [c for c in affected if c.user_id not in known]
            command = ComposeMessageDialog.ask(
                parent,
                recipients,
                preselected=list(preselected),
                subject=subject,
                body=body,
                person_id=person.id,
                assignment_id=view.assignment_id,
                regarding=f"{person.name}, {person.identity_display}",
            )
        elif preselected:
            command = SendMessage(
                recipient_ids=preselected,
                subject=subject,
                body=body,
                person_id=person.id,
                assignment_id=view.assignment_id,
            )
        else:
            messages.info(parent, NOBODY_TO_TELL, title="Meddelande")
            return 0
        if command is None:
            return 0
        delivered = run(self.ctx, parent, send_message, command)
        return len(set(command.recipient_ids)) if delivered is not None else 0


def message_body(
    view: AssignmentDistributionView,
    done: list[tuple[DistributionIntervention, ExecutionRowView | None]],
    sender: str,
) -> str:
    names = ", ".join(item.name for item, _row in done)
    lines = [f"{names} för {view.person.name} har skickats till genomförande.", ""]
    for item, row in done:
        if row is None:
            continue
        if len(done) > 1:
            lines.append(item.name)
        lines.append(f"Utförarenhet: {row.unit_name}")
        lines.append(f"Period: {period_text(row.start_date, row.end_date)}")
        if row.time_text:
            lines.append(f"Tidsåtgång: {row.time_text}")
        lines.append("")
    lines += [view.title, "", "Hälsningar", sender]
    return "\n".join(lines)


# -- Stoppa uppdrag -------------------------------------------------------------------------


def stop(actx: ActionContext) -> None:
    """Right-click an assignment › Stoppa uppdrag…: reason, Felskickat, message back."""
    node = actx.node
    if node is None or node.assignment_id is None:
        return
    view = read(actx.ctx, assignment_distribution, node.assignment_id, parent=actx.parent)
    if view is None:
        return
    if view.status is not AssignmentStatus.RECEIVED:
        messages.info(
            actx.parent,
            f"Uppdraget är {view.status.label.lower()} och kan inte stoppas. Bara ett mottaget "
            "uppdrag som ännu inte har accepterats kan stoppas.",
            title="Stoppa uppdrag",
        )
        return
    submitted = StopAssignmentDialog.ask(
        actx.parent, view, submit=submitter(actx.ctx, stop_assignment)
    )
    if submitted is None or submitted.value is None:
        return
    changed = view.kind is AssignmentKind.PROVIDER_CHANGE
    info = STOPPED_CHANGE_INFO if changed else STOPPED_INFO
    messages.info(actx.parent, info, title="Stoppa uppdrag")


def _assignment_or_new_assignment_person(node: Node) -> bool:
    """A person row stands for their assignments only under Nya uppdrag."""
    return node.kind is not NodeKind.PERSON or is_new_assignment_person(node)


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        ActionId.ACCEPT_AND_DISTRIBUTE,
        "Acceptera och fördela…",
        accept_and_distribute,
        applies_to=frozenset({NodeKind.ASSIGNMENT, NodeKind.PERSON}),
        applies_when=_assignment_or_new_assignment_person,
        section=Section.ASSIGNMENT,
        enabled=can_accept_and_distribute,
        permission=Permission.DISTRIBUTE_ASSIGNMENT,
        icon="assignment",
        opens_dialog=True,
        status_tip="Fördela uppdragets insatser på utförarenhet och skicka dem till genomförande",
    ),
    ActionSpec(
        ActionId.STOP_ASSIGNMENT,
        "Stoppa uppdrag…",
        stop,
        applies_to=frozenset({NodeKind.ASSIGNMENT}),
        section=Section.ASSIGNMENT,
        enabled=can_stop,
        permission=Permission.DISTRIBUTE_ASSIGNMENT,
        opens_dialog=True,
        status_tip="Stoppa ett felskickat uppdrag eller ett byte av utförare som inte tas emot",
    ),
)
