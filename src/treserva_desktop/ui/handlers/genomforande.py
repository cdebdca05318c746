"""Handlers of Genomförande: the toolbar action opening the window where staff acknowledge
(Kvittera), and Mina personer › Ta bort ur Mina personer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from treserva_desktop.domain.commands.genomforande import RemoveFromMyPersons
from treserva_desktop.domain.enums import Permission
from treserva_desktop.services.genomforande import remove_from_my_persons
from treserva_desktop.ui import messages
from treserva_desktop.ui.action_ids import ActionId, MenuId, Section
from treserva_desktop.ui.action_spec import ActionSpec
from treserva_desktop.ui.genomforande.genomforande_window import GenomforandeWindow
from treserva_desktop.ui.runner import run
from treserva_desktop.ui.tree.nodes import Node, NodeKind

if TYPE_CHECKING:
    from treserva_desktop.ui.action_spec import ActionContext


def open_genomforande(actx: ActionContext) -> None:
    """Open Genomförande (or bring it forward) for the logged-in user's units."""
    GenomforandeWindow.show_for(actx.parent, actx.ctx)


def is_my_person(node: Node) -> bool:
    """A person row directly under Mitt skrivbord › Mina personer."""
    parent = node.parent
    return (
        node.kind is NodeKind.PERSON
        and parent is not None
        and parent.kind is NodeKind.FOLDER_MY_PERSONS
    )


def remove_my_person(actx: ActionContext) -> None:
    """Ta bort ur Mina personer: only the user's own list changes (nothing else is touched,
    so no confirmation; the status bar says what happened)."""
    node = actx.node
    if node is None or node.person_id is None or not is_my_person(node):
        return
    removed = run(
        actx.ctx,
        actx.parent,
        remove_from_my_persons,
        RemoveFromMyPersons(person_id=node.person_id),
    )
    if removed:
        name = node.title or node.label
        messages.status(actx.parent, f"{name} är borttagen ur Mina personer.")


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        ActionId.GENOMFORANDE,
        "Genomförande",
        open_genomforande,
        section=Section.GENOMFORANDE,
        shortcut="Ctrl+G",
        menu=MenuId.SHORTCUTS,
        toolbar=True,
        permission=Permission.ACKNOWLEDGE_ASSIGNMENT,
        icon="genomforande",
        status_tip="Öppna Genomförande och kvittera nya uppdrag för dina enheter (Ctrl+G)",
    ),
    ActionSpec(
        ActionId.MY_PERSONS_REMOVE,
        "Ta bort ur Mina personer",
        remove_my_person,
        applies_to=frozenset({NodeKind.PERSON}),
        applies_when=is_my_person,
        section=Section.FOLDER,
        permission=Permission.VIEW_PERSONS,
        icon="remove",
        status_tip="Ta bort personen ur din egen lista Mina personer (inget annat ändras)",
    ),
)
