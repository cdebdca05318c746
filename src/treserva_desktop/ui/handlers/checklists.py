"""Checklistor (W19): the person's context-menu entry, and what each checklist button does
(the existing actions and dialogs where the item is done)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from treserva_desktop.db.queries.inbox import recipient_choices
from treserva_desktop.db.queries.person_record import billing_areas, get_person_record
from treserva_desktop.domain.checklist_rules import NOTHING_SENT
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.views.checklists import (
    ChecklistAction,
    ChecklistItemView,
    PersonChecklistsView,
)
from treserva_desktop.services.inbox import send_message
from treserva_desktop.services.persons import set_billing_area
from treserva_desktop.ui import messages
from treserva_desktop.ui.action_ids import ActionId, Section
from treserva_desktop.ui.action_spec import ActionContext, ActionSpec
from treserva_desktop.ui.dialogs.billing_area_dialog import BillingAreaDialog
from treserva_desktop.ui.dialogs.compose_message_dialog import ComposeMessageDialog
from treserva_desktop.ui.handlers import journals, persons, reading
from treserva_desktop.ui.runner import fetch, read, run
from treserva_desktop.ui.tree.nodes import Node, NodeKind, is_new_assignment_person

if TYPE_CHECKING:
    from treserva_desktop.ui.action_spec import ActionHost

NO_LONGER_WAITING = (
    "Uppdraget väntar inte längre i Nya uppdrag. Det har redan accepterats och fördelats."
)
NO_HANDLAGGARE = "Ingen handläggare är ansvarig för personens ärende."
ENDED_SUBJECT = "Avslutade insatser"
NO_UNIT_DOCUMENTS = (
    "Journalerna hör till en enhet: öppna Checklistor under Mina enheter › enheten › personen."
)
NO_HOUSING_NODE = "Personen har inget boende vid enheten."


@dataclass(frozen=True, slots=True)
class ItemButton:
    """The button beside a checklist item: its text (with an Alt mnemonic), tooltip and
    the permission it needs (None: every role that sees the checklists)."""

    text: str
    tooltip: str
    permission: Permission | None = None


BUTTONS: dict[ChecklistAction, ItemButton] = {
    ChecklistAction.READ_ASSIGNMENT: ItemButton(
        "&Läs uppdrag", "Visa uppdraget som dokument (registreras som läst)"
    ),
    ChecklistAction.DISTRIBUTE: ItemButton(
        "Acceptera och &fördela…",
        "Gå till uppdraget i Nya uppdrag och fördela insatserna",
        Permission.DISTRIBUTE_ASSIGNMENT,
    ),
    ChecklistAction.ACKNOWLEDGE: ItemButton(
        "&Genomförande",
        "Öppna Genomförande och kvittera uppdraget",
        Permission.ACKNOWLEDGE_ASSIGNMENT,
    ),
    ChecklistAction.BILLING_AREA: ItemButton(
        "Ange &debiteringsområde…", "Välj personens debiteringsområde", Permission.EDIT_PERSON
    ),
    ChecklistAction.RELATIONS: ItemButton(
        "&Relationer…", "Öppna personuppgifterna på fliken Relationer"
    ),
    ChecklistAction.INTERVENTIONS: ItemButton(
        "Gå till &Insats GF", "Personens insatser, där de rättas och avslutas"
    ),
    ChecklistAction.SERVICE_CASES: ItemButton(
        "Gå till Insats G&F", "Personens insatser och ärenden om boservice"
    ),
    ChecklistAction.MESSAGE_HANDLAGGARE: ItemButton(
        "Skicka &meddelande till handläggaren…",
        "Skriv till handläggaren att insatserna har avslutats",
    ),
    ChecklistAction.PLANS: ItemButton(
        "Gå till &Dokument GF", "Personens genomförandeplaner och dokument"
    ),
    ChecklistAction.DOCUMENTS: ItemButton(
        "D&ocumenta…", "Personens genomförandejournaler, där de skapas, avslutas och skrivs ut"
    ),
    ChecklistAction.HOUSING: ItemButton(
        "Gå till &Boende",
        "Personens boendekontrakt, där de sägs upp",
        Permission.MANAGE_HOUSING,
    ),
}


def button_for(action: ChecklistAction) -> ItemButton:
    return BUTTONS[action]


def may_use(actx: ActionContext, action: ChecklistAction) -> bool:
    needed = BUTTONS[action].permission
    return needed is None or actx.actor.can(needed)


# What is done once (nothing left to distribute or kvittera) and what needs the assignment.
_ONCE = frozenset({ChecklistAction.DISTRIBUTE, ChecklistAction.ACKNOWLEDGE})
_ON_ASSIGNMENT = _ONCE | {ChecklistAction.READ_ASSIGNMENT}


def unavailable_reason(item: ChecklistItemView, view: PersonChecklistsView) -> str:
    """Why the item's button can do nothing now ("" when it can)."""
    if item.action in _ON_ASSIGNMENT and view.assignment_id is None:
        return "Det finns inget uppdrag."
    if item.action in _ONCE and item.done:
        return "Redan gjort."
    # Genomförande would show nothing to acknowledge: say why instead of leading nowhere.
    if item.action is ChecklistAction.ACKNOWLEDGE and item.detail == NOTHING_SENT:
        return NOTHING_SENT
    if item.action is ChecklistAction.MESSAGE_HANDLAGGARE and not view.handlaggare:
        return NO_HANDLAGGARE
    return ""


# -- the context-menu entry ----------------------------------------------------------------


def _person_outside_new_assignments(node: Node) -> bool:
    # Under Nya uppdrag a person's children are the waiting assignments, not Checklistor.
    return not is_new_assignment_person(node)


def checklist_node(person: Node) -> Node | None:
    return next((c for c in person.children if c.kind is NodeKind.CHECKLISTS), None)


def show_checklists(actx: ActionContext) -> None:
    """Checklistor on a person: select the person's Checklistor node (the pane shows them)."""
    node = actx.node
    if node is None or node.kind is not NodeKind.PERSON:
        return
    # Opening the person loads its children (Insats GF, Dokument GF, Checklistor).
    actx.host.open_node(node)
    target = checklist_node(node)
    if target is not None:
        actx.host.open_node(target)


# -- the buttons -----------------------------------------------------------------------------


def _sibling(actx: ActionContext, kind: NodeKind) -> Node | None:
    parent = actx.node.parent if actx.node is not None else None
    if parent is None:
        return None
    return next((c for c in parent.children if c.kind is kind), None)


def _read_assignment(actx: ActionContext, view: PersonChecklistsView) -> None:
    if view.assignment_id is not None:
        reading.open_assignment(actx.ctx, actx.parent, view.assignment_id)


def _distribute(actx: ActionContext, view: PersonChecklistsView) -> None:
    """Select the assignment under Nya uppdrag, then Acceptera och fördela… on it."""
    if view.assignment_id is None:
        return
    if not actx.host.reveal_assignment(view.assignment_id):
        messages.info(actx.parent, NO_LONGER_WAITING)
        return
    _trigger(actx.host, ActionId.ACCEPT_AND_DISTRIBUTE)


def _trigger(host: ActionHost, action_id: ActionId) -> None:
    # Imported here: ui.actions collects this module's ACTIONS.
    from treserva_desktop.ui import actions

    actions.trigger(actions.spec(action_id), ActionContext(host, host.current_node()))


def _acknowledge(actx: ActionContext, _view: PersonChecklistsView) -> None:
    _trigger(actx.host, ActionId.GENOMFORANDE)


def _billing_area(actx: ActionContext, view: PersonChecklistsView) -> None:
    """The code list, then persons.set_billing_area with the person's current version."""
    record = read(actx.ctx, get_person_record, view.person_id, parent=actx.parent)
    if record is None:
        return
    areas = read(actx.ctx, lambda session, _actor: billing_areas(session), parent=actx.parent)
    if areas is None:
        return
    person_text = f"{view.person_name}, {view.identity_display}"
    command = BillingAreaDialog.ask(actx.parent, record.id, record.version, person_text, areas)
    if command is not None:
        run(actx.ctx, actx.parent, set_billing_area, command)


def _relations(actx: ActionContext, view: PersonChecklistsView) -> None:
    window = persons.open_person_window(actx.ctx, actx.parent, view.person_id)
    if window is not None:
        window.tabs.setCurrentWidget(window.relations_tab)


def _go_to(
    kind: NodeKind, missing: str = ""
) -> Callable[[ActionContext, PersonChecklistsView], None]:
    """A button that selects the person's node of `kind` beside Checklistor in the tree
    (saying `missing` when the person has none there)."""

    def go(actx: ActionContext, _view: PersonChecklistsView) -> None:
        target = _sibling(actx, kind)
        if target is not None:
            actx.host.open_node(target)
        elif missing:
            messages.info(actx.parent, missing)

    return go


def _documenta(actx: ActionContext, view: PersonChecklistsView) -> None:
    if view.unit_id is None:
        messages.info(actx.parent, NO_UNIT_DOCUMENTS)
        return
    journals.open_documenta(actx.ctx, actx.parent, view.person_id, view.unit_id)


def _message_handlaggare(actx: ActionContext, view: PersonChecklistsView) -> None:
    """Nytt meddelande about the person to the handläggare, prefilled."""
    if not view.handlaggare:
        messages.info(actx.parent, NO_HANDLAGGARE)
        return
    everyone = fetch(actx.ctx, recipient_choices)
    command = ComposeMessageDialog.ask(
        actx.parent,
        everyone.value or [],
        preselected=[h.user_id for h in view.handlaggare],
        subject=ENDED_SUBJECT,
        body=(
            f"Insatserna för {view.person_name} ({view.identity_display}) har avslutats.\n\n"
            f"Hälsningar\n{actx.actor.display_name}"
        ),
        person_id=view.person_id,
        regarding=f"{view.person_name}, {view.identity_display}",
        load_error=everyone.error or "",
    )
    if command is not None:
        run(actx.ctx, actx.parent, send_message, command)


DOERS: dict[ChecklistAction, Callable[[ActionContext, PersonChecklistsView], None]] = {
    ChecklistAction.READ_ASSIGNMENT: _read_assignment,
    ChecklistAction.DISTRIBUTE: _distribute,
    ChecklistAction.ACKNOWLEDGE: _acknowledge,
    ChecklistAction.BILLING_AREA: _billing_area,
    ChecklistAction.RELATIONS: _relations,
    ChecklistAction.INTERVENTIONS: _go_to(NodeKind.INSATS_GF),
    ChecklistAction.SERVICE_CASES: _go_to(NodeKind.INSATS_GF),
    ChecklistAction.MESSAGE_HANDLAGGARE: _message_handlaggare,
    ChecklistAction.PLANS: _go_to(NodeKind.DOKUMENT_GF),
    ChecklistAction.DOCUMENTS: _documenta,
    ChecklistAction.HOUSING: _go_to(NodeKind.BOENDE, NO_HOUSING_NODE),
}


def do_item(actx: ActionContext, view: PersonChecklistsView, action: ChecklistAction) -> None:
    """A checklist button: the existing action, dialog or tree node where the item is done."""
    if may_use(actx, action):
        DOERS[action](actx, view)


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        ActionId.CHECKLISTS,
        "Checklistor",
        show_checklists,
        applies_to=frozenset({NodeKind.PERSON}),
        applies_when=_person_outside_new_assignments,
        section=Section.OPEN,
        enabled=persons.is_person,
        permission=Permission.VIEW_PERSONS,
        icon="checklist",
        status_tip="Checklistorna för mottagande och avslut, med vad som är gjort",
    ),
)
