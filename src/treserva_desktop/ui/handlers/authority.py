"""Handlers of the Myndighet menu (handläggare): send a new assignment to a provider unit, and
Skickade uppdrag: what was sent and what the provider did with it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from treserva_desktop.db.queries import authority as authority_queries
from treserva_desktop.db.queries.sent_assignments import sent_assignments
from treserva_desktop.domain.enums import AssignmentStatus, Permission
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.authority import (
    InterventionTypeView,
    PersonMatch,
    ReceiverUnit,
    SentAssignment,
)
from treserva_desktop.domain.views.sent_assignments import SentAssignmentRow
from treserva_desktop.services import authority
from treserva_desktop.ui import messages, runner
from treserva_desktop.ui.action_ids import ActionId, MenuId, Section
from treserva_desktop.ui.action_spec import ActionSpec
from treserva_desktop.ui.dialogs.send_assignment_dialog import SendAssignmentDialog
from treserva_desktop.ui.dialogs.sent_assignments_dialog import SentAssignmentsDialog
from treserva_desktop.ui.handlers.reading import open_assignment
from treserva_desktop.ui.runner import Fetched
from treserva_desktop.ui.tree.nodes import NodeKind

if TYPE_CHECKING:
    from treserva_desktop.ui.action_spec import ActionContext


def _intervention_types(session: Session, _actor: Actor) -> list[InterventionTypeView]:
    return authority_queries.intervention_types(session)


def _receiver_units(session: Session, _actor: Actor) -> list[ReceiverUnit]:
    return authority_queries.receiver_units(session)


def sent_text(unit_name: str, sent: SentAssignment) -> str:
    text = f"Uppdraget har skickats till {unit_name}."
    notified = len(sent.notified_user_ids)
    if notified == 1:
        text += " En mottagare har fått ett meddelande i sin Inkorg."
    elif notified > 1:
        text += f" {notified} mottagare har fått ett meddelande i sin Inkorg."
    return text


def new_assignment(actx: ActionContext) -> None:
    """Myndighet › Nytt uppdrag…: ask (dialog, which submits) → done (tell where it went)."""
    ctx, parent = actx.ctx, actx.parent
    types = runner.read(ctx, _intervention_types, parent=parent)
    if types is None:
        return
    units = runner.read(ctx, _receiver_units, parent=parent)
    if units is None:
        return

    def lookup(number: str) -> Fetched[PersonMatch | None]:
        return runner.fetch(ctx, authority_queries.find_person_by_identity, number)

    submitted = SendAssignmentDialog.ask(
        parent,
        types=types,
        units=units,
        lookup=lookup,
        submit=runner.submitter(ctx, authority.send_new_assignment),
        today=ctx.clock.today(),
    )
    if submitted is None or submitted.value is None:
        return
    command = submitted.command
    unit_name = next((u.name for u in units if u.id == command.receiver_unit_id), "enheten")
    messages.info(parent, sent_text(unit_name, submitted.value), title="Uppdraget har skickats")


def show_sent_assignments(actx: ActionContext) -> None:
    """Myndighet › Skickade uppdrag…: the list, read again whenever its filters change."""
    ctx = actx.ctx

    def load(
        since: date, until: date, status: AssignmentStatus | None
    ) -> list[SentAssignmentRow] | None:
        return runner.read(
            ctx,
            lambda session, actor: sent_assignments(
                session, actor, since=since, until=until, status=status
            ),
            parent=actx.parent,
        )

    def show(parent: QWidget, assignment_id: int) -> None:
        open_assignment(ctx, parent, assignment_id)

    SentAssignmentsDialog.show_for(actx.parent, ctx.clock.today(), load, show)


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        ActionId.NEW_ASSIGNMENT,
        "Nytt uppdrag…",
        new_assignment,
        section=Section.AUTHORITY,
        shortcut="Ctrl+N",
        menu=MenuId.AUTHORITY,
        toolbar=True,
        permission=Permission.SEND_ASSIGNMENTS,
        icon="assignment_new",
        opens_dialog=True,
        status_tip="Registrera ett beslut och skicka uppdraget till en utförare (Ctrl+N)",
        toolbar_text="Nytt uppdrag",
    ),
    ActionSpec(
        ActionId.SENT_ASSIGNMENTS,
        "Skickade uppdrag…",
        show_sent_assignments,
        section=Section.AUTHORITY,
        shortcut="Ctrl+Shift+U",
        menu=MenuId.AUTHORITY,
        permission=Permission.SEND_ASSIGNMENTS,
        # Also in the context menu of Mitt skrivbord › Skickade uppdrag: the same list with
        # a period and a status to choose.
        applies_to=frozenset({NodeKind.FOLDER_SENT_ASSIGNMENTS}),
        icon="assignment",
        opens_dialog=True,
        status_tip="Uppdrag du har skickat: läst, accepterat eller stoppat, och radernas status",
    ),
)
