"""Handlers of Ej aktuella – att avsluta (W11): Ta bort ur mapp, Visa i mapp igen, and the
Visa-menu toggle that shows removed persons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from treserva_desktop.domain.changes import ChangeKind
from treserva_desktop.domain.commands.not_current import (
    RemoveFromNotCurrent,
    ShowAgainInNotCurrent,
)
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.views.not_current import NotCurrentPerson
from treserva_desktop.services.not_current import (
    remove_from_not_current,
    show_again_in_not_current,
)
from treserva_desktop.ui import messages
from treserva_desktop.ui.action_ids import ActionId, MenuId, Section
from treserva_desktop.ui.action_spec import ActionSpec
from treserva_desktop.ui.runner import run
from treserva_desktop.ui.tree.nodes import Node, NodeKind

if TYPE_CHECKING:
    from treserva_desktop.ui.action_spec import ActionContext

REMOVE_QUESTION = (
    "Ta bort {name} ur Ej aktuella – att avsluta?\n\n"
    "Gör det först när dokumentationen är klar och journaler och andra dokument är utskrivna "
    "enligt verksamhetens rutin. Inget raderas: du kan visa personen i mappen igen med "
    "Visa › Visa borttagna i Ej aktuella."
)


def is_not_current_person(node: Node) -> bool:
    """A person row directly under Mitt skrivbord › Ej aktuella – att avsluta."""
    parent = node.parent
    return (
        node.kind is NodeKind.PERSON
        and parent is not None
        and parent.kind is NodeKind.FOLDER_NOT_CURRENT
    )


def _removed(actx: ActionContext) -> bool | None:
    node = actx.node
    if node is None or not isinstance(node.payload, NotCurrentPerson):
        return None
    return node.payload.removed


def remove_from_folder(actx: ActionContext) -> None:
    """Ta bort ur mapp: after a confirmation that documents are printed."""
    node = actx.node
    if node is None or node.person_id is None:
        return
    question = REMOVE_QUESTION.format(name=node.title or node.label)
    if not messages.confirm(actx.parent, question, title="Ta bort ur mapp", default_yes=False):
        return
    run(
        actx.ctx,
        actx.parent,
        remove_from_not_current,
        RemoveFromNotCurrent(person_id=node.person_id),
    )


def show_again(actx: ActionContext) -> None:
    """Visa i mapp igen: a removed person shows in the folder as before."""
    node = actx.node
    if node is None or node.person_id is None:
        return
    run(
        actx.ctx,
        actx.parent,
        show_again_in_not_current,
        ShowAgainInNotCurrent(person_id=node.person_id),
    )


def toggle_show_removed(actx: ActionContext) -> None:
    """Visa › Visa borttagna i Ej aktuella: this user's choice, kept for the next login."""
    preferences = actx.ctx.preferences
    preferences.not_current_show_removed = not preferences.not_current_show_removed
    actx.ctx.events.changed(ChangeKind.VIEW_SETTINGS)


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        ActionId.NOT_CURRENT_REMOVE,
        "Ta bort ur mapp",
        remove_from_folder,
        applies_to=frozenset({NodeKind.PERSON}),
        applies_when=is_not_current_person,
        when_unreadable=True,
        enabled=lambda actx: _removed(actx) is False,
        section=Section.FOLDER,
        permission=Permission.END_EXECUTION,
        icon="remove",
        status_tip="Ta bort personen ur din mapp Ej aktuella – att avsluta (inget raderas)",
    ),
    ActionSpec(
        ActionId.NOT_CURRENT_SHOW_AGAIN,
        "Visa i mapp igen",
        show_again,
        applies_to=frozenset({NodeKind.PERSON}),
        applies_when=is_not_current_person,
        when_unreadable=True,
        enabled=lambda actx: _removed(actx) is True,
        section=Section.FOLDER,
        permission=Permission.END_EXECUTION,
        status_tip="Visa personen i Ej aktuella – att avsluta igen",
    ),
    ActionSpec(
        ActionId.NOT_CURRENT_SHOW_REMOVED,
        "Visa borttagna i Ej aktuella",
        toggle_show_removed,
        applies_to=frozenset({NodeKind.FOLDER_NOT_CURRENT}),
        section=Section.SETTINGS,
        menu=MenuId.VIEW,
        permission=Permission.END_EXECUTION,
        checked=lambda actx: actx.ctx.preferences.not_current_show_removed,
        status_tip="Visa även personer du har tagit bort ur Ej aktuella – att avsluta",
    ),
)
