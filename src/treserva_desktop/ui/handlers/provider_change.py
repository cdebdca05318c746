"""Byt utförare (the wizard from an intervention or Insats GF, then the message to berörd
personal), Acceptera/Stoppa at the receiving unit, and Byt utförare för flera personer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from treserva_desktop.db.queries.distribution import assignment_distribution
from treserva_desktop.db.queries.inbox import recipient_choices
from treserva_desktop.db.queries.provider_change import (
    affected_staff,
    provider_change_choices,
    unit_change_choices,
    unit_change_count,
)
from treserva_desktop.domain.changes import changes, declared_changes, declared_touches
from treserva_desktop.domain.commands.provider_change import ChangeProviderForUnit
from treserva_desktop.domain.enums import (
    AssignmentKind,
    AssignmentStatus,
    ExecutionPhase,
    Permission,
)
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views import AssignmentListItem, InterventionGroupView
from treserva_desktop.domain.views.provider_change import ProviderChangeChoices, UnitChangeResult
from treserva_desktop.services.inbox import send_message
from treserva_desktop.services.provider_change import change_provider
from treserva_desktop.services.provider_change_unit import change_provider_for_unit
from treserva_desktop.ui import messages
from treserva_desktop.ui.action_ids import ActionId, Section
from treserva_desktop.ui.action_spec import ActionSpec
from treserva_desktop.ui.background import Progress, run_in_background
from treserva_desktop.ui.dialogs.accept_or_stop_dialog import AcceptOrStopDialog, Choice
from treserva_desktop.ui.dialogs.change_provider_unit_dialog import ChangeProviderUnitDialog
from treserva_desktop.ui.dialogs.compose_message_dialog import ComposeMessageDialog
from treserva_desktop.ui.handlers import distribution
from treserva_desktop.ui.runner import fetch, read, run, submitter
from treserva_desktop.ui.tree.nodes import Node, NodeKind
from treserva_desktop.ui.wizards.change_provider_wizard import TITLE, ChangeProviderWizard

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from sqlalchemy.orm import Session

    from treserva_desktop.domain.views.provider_change import ProviderChangeResult
    from treserva_desktop.ui.action_spec import ActionContext
    from treserva_desktop.ui.context import AppContext

MESSAGE_QUESTION = "Skicka meddelande till berörd personal?"
NO_UNIT = (
    "Välj personen under Mina enheter › enheten, så att det framgår vilken utförare som "
    "lämnar över insatserna."
)
NOTHING_TO_CHANGE = "Personen har inga pågående eller planerade insatser vid enheten."
UNIT_TITLE = "Byt utförare för flera personer"


# -- which person, unit and intervention a node means -----------------------------------------


def _current_unit(group: InterventionGroupView) -> int | None:
    """The unit of the intervention's latest row that has not ended."""
    current = [row for row in group.rows if row.phase is not ExecutionPhase.ENDED]
    return current[-1].unit_id if current else None


def source(node: Node | None) -> tuple[int, int | None, int | None] | None:
    """(person, old unit, intervention to pretick) for an INTERVENTION or INSATS_GF node."""
    if node is None or node.person_id is None:
        return None
    if node.kind is NodeKind.INTERVENTION:
        unit_id = node.unit_id
        if isinstance(node.payload, InterventionGroupView):
            unit_id = unit_id or _current_unit(node.payload)
        return node.person_id, unit_id, node.intervention_id
    if node.kind is NodeKind.INSATS_GF:
        unit_id = node.unit_id
        if unit_id is None:
            units = {
                _current_unit(child.payload)
                for child in node.children
                if isinstance(child.payload, InterventionGroupView)
            } - {None}
            unit_id = units.pop() if len(units) == 1 else None
        return node.person_id, unit_id, None
    return None


def has_ongoing(node: Node) -> bool:
    """Not under Ej aktuella – att avsluta: nothing ongoing there to hand over."""
    return node.ancestor_of_kind(NodeKind.FOLDER_NOT_CURRENT) is None


def can_change_provider(actx: ActionContext) -> bool:
    node = actx.node
    found = source(node)
    if found is None or node is None:
        return False
    unit_id = found[1]
    if not actx.actor.can(Permission.CHANGE_PROVIDER, unit_id):
        return False
    if node.kind is NodeKind.INTERVENTION:
        return not node.muted  # an ended intervention has nothing to hand over
    return True


# -- Byt utförare ------------------------------------------------------------------------------


def change_provider_action(actx: ActionContext) -> None:
    """Right-click an intervention › Byt utförare…: the wizard, then the message question."""
    found = source(actx.node)
    if found is None:
        return
    person_id, unit_id, preselected = found
    if unit_id is None:
        messages.info(actx.parent, NO_UNIT, title=TITLE)
        return
    choices = read(actx.ctx, provider_change_choices, person_id, unit_id, parent=actx.parent)
    if choices is None:
        return
    if not choices.interventions:
        messages.info(actx.parent, NOTHING_TO_CHANGE, title=TITLE)
        return
    submitted = ChangeProviderWizard.ask(
        actx.parent, choices, preselected=preselected, submit=submitter(actx.ctx, change_provider)
    )
    if submitted is None or submitted.value is None:
        return
    result = submitted.value
    text = "Uppdraget har skickats till den nya utförarens Nya uppdrag."
    if messages.confirm(actx.parent, MESSAGE_QUESTION, title="Meddelande"):
        sent_to = send_staff_message(actx.ctx, actx.parent, choices, result, submitted.command)
        if sent_to:
            text += f" Meddelande har skickats till {sent_to} mottagare."
    messages.info(actx.parent, text, title=TITLE)


def send_staff_message(
    ctx: AppContext,
    parent: QWidget,
    choices: ProviderChangeChoices,
    result: ProviderChangeResult,
    command: object,
) -> int:
    """Compose a message to the old unit's staff (preselected); how many it was sent to."""
    everyone = fetch(ctx, recipient_choices).value or []
    staff = fetch(ctx, affected_staff, choices.from_unit_id).value or []
    known = {choice.user_id for choice in everyone}
    recipients = list(everyone) + [c for c in staff if c.user_id not in known]
    ids = getattr(command, "intervention_ids", ())
    names = [i.name for i in choices.interventions if i.intervention_id in ids]
    day = getattr(command, "change_date", None)
    to_unit = next((u.name for u in choices.units if u.id == result.to_unit_id), "")
    body = "\n".join(
        [
            f"{choices.person_text} byter utförare från {choices.from_unit_name} till {to_unit}"
            + (f" från och med {day:%Y-%m-%d}." if day else "."),
            f"Insatser: {', '.join(names)}",
            "",
            "Raderna hos oss avslutas dagen före övertagandet när den nya utföraren har "
            "fördelat insatserna.",
            "",
            "Hälsningar",
            ctx.actor.display_name,
        ]
    )
    message = ComposeMessageDialog.ask(
        parent,
        recipients,
        preselected=[choice.user_id for choice in staff],
        subject="Byte av utförare",
        body=body,
        person_id=choices.person_id,
        # Not the new assignment: it belongs to the receiving unit, which the staff here
        # do not reach.
        regarding=choices.person_text,
    )
    if message is None:
        return 0
    sent = run(ctx, parent, send_message, message)
    return len(set(message.recipient_ids)) if sent is not None else 0


# -- Acceptera/Stoppa at the receiving unit ----------------------------------------------------


def is_provider_change(node: Node) -> bool:
    item = node.payload
    return isinstance(item, AssignmentListItem) and item.kind is AssignmentKind.PROVIDER_CHANGE


def can_accept_or_stop(actx: ActionContext) -> bool:
    node = actx.node
    if node is None or not actx.actor.can(Permission.DISTRIBUTE_ASSIGNMENT):
        return False
    item = node.payload
    return isinstance(item, AssignmentListItem) and item.status is AssignmentStatus.RECEIVED


def accept_or_stop(actx: ActionContext) -> None:
    """Right-click a provider change › Acceptera/Stoppa…: the change, then Acceptera (into
    Acceptera och fördela) or Stoppa (reason, message to the sender)."""
    node = actx.node
    if node is None or node.assignment_id is None:
        return
    view = read(actx.ctx, assignment_distribution, node.assignment_id, parent=actx.parent)
    if view is None:
        return
    choice = AcceptOrStopDialog.ask(actx.parent, view)
    if choice is Choice.ACCEPT:
        distribution.accept_and_distribute(actx)
    elif choice is Choice.STOP:
        distribution.stop(actx)


# -- Byt utförare för flera personer -----------------------------------------------------------


def can_change_unit(actx: ActionContext) -> bool:
    node = actx.node
    return (
        node is not None
        and node.unit_id is not None
        and actx.actor.can(Permission.CHANGE_PROVIDER, node.unit_id)
    )


def change_unit_provider(actx: ActionContext) -> None:
    """Right-click a unit › Byt utförare för flera personer…: unit, area, date; the number
    of persons confirmed; all moved as provider changes in one transaction, or none."""
    node = actx.node
    if node is None or node.unit_id is None:
        return
    choices = read(actx.ctx, unit_change_choices, node.unit_id, parent=actx.parent)
    if choices is None:
        return
    if not choices.persons_by_area:
        messages.info(actx.parent, "Det finns inga personer att flytta.", title=UNIT_TITLE)
        return
    chosen = ChangeProviderUnitDialog.ask(actx.parent, choices)
    if chosen is None:
        return
    count = read(
        actx.ctx,
        unit_change_count,
        choices.unit_id,
        chosen.business_area,
        chosen.change_date,
        parent=actx.parent,
    )
    if not count:
        if count == 0:
            messages.info(
                actx.parent, "Ingen person har insatser kvar på det datumet.", title=UNIT_TITLE
            )
        return
    if not messages.confirm(
        actx.parent,
        f"Flytta {count} {'person' if count == 1 else 'personer'} "
        f"({chosen.business_area.label.lower()}) från {choices.unit_name} till "
        f"{chosen.to_unit_path} från och med {chosen.change_date:%Y-%m-%d}?\n\n"
        "Varje person skickas som ett byte av utförare till den nya enhetens Nya uppdrag.",
        title=UNIT_TITLE,
        default_yes=False,
    ):
        return
    command = ChangeProviderForUnit(
        from_unit_id=choices.unit_id,
        to_unit_id=chosen.to_unit_id,
        business_area=chosen.business_area,
        change_date=chosen.change_date,
        expected_persons=count,
    )
    parent = actx.parent

    # A large unit takes a while: a worker with its own transaction and a progress dialog
    # (all or nothing, so no Avbryt halfway). It declares what the service declares.
    @changes(
        *(declared_changes(change_provider_for_unit) or ()),
        touches=declared_touches(change_provider_for_unit),
    )
    def work(session: Session, actor: Actor, _progress: Progress) -> UnitChangeResult:
        return change_provider_for_unit(session, actor, command)

    def done(result: UnitChangeResult) -> None:
        messages.info(
            parent,
            f"{len(result.person_ids)} personer har skickats som byte av utförare till "
            f"{chosen.to_unit_path}.",
            title=UNIT_TITLE,
        )

    run_in_background(
        actx.ctx,
        parent,
        work,
        label=f"{count} personer flyttas till {chosen.to_unit_path}…",
        title=UNIT_TITLE,
        write=True,
        on_success=done,
        on_failure=lambda text: messages.error(parent, text, title=UNIT_TITLE),
    )


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        ActionId.CHANGE_PROVIDER,
        "Byt utförare…",
        change_provider_action,
        applies_to=frozenset({NodeKind.INTERVENTION, NodeKind.INSATS_GF}),
        applies_when=has_ongoing,
        section=Section.ASSIGNMENT,
        enabled=can_change_provider,
        permission=Permission.CHANGE_PROVIDER,
        opens_dialog=True,
        status_tip="Flytta insatser till en annan utförare från ett visst datum",
    ),
    ActionSpec(
        ActionId.ACCEPT_OR_STOP,
        "Acceptera/Stoppa…",
        accept_or_stop,
        applies_to=frozenset({NodeKind.ASSIGNMENT}),
        applies_when=is_provider_change,
        section=Section.ASSIGNMENT,
        enabled=can_accept_or_stop,
        permission=Permission.DISTRIBUTE_ASSIGNMENT,
        opens_dialog=True,
        status_tip="Ta emot ett byte av utförare och fördela det, eller stoppa det",
    ),
    ActionSpec(
        ActionId.CHANGE_PROVIDER_FOR_UNIT,
        "Byt utförare för flera personer…",
        change_unit_provider,
        applies_to=frozenset({NodeKind.UNIT}),
        section=Section.ASSIGNMENT,
        enabled=can_change_unit,
        permission=Permission.CHANGE_PROVIDER,
        opens_dialog=True,
        status_tip="Flytta alla enhetens personer till en annan enhet vid en omorganisation",
    ),
)
