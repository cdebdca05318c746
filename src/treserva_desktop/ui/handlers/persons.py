"""Handlers of the person actions (W5): open the person window, Sök person."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from treserva_desktop.db.queries.person_record import get_person_record
from treserva_desktop.db.queries.person_search import search_persons_page
from treserva_desktop.domain.enums import Permission
from treserva_desktop.ui import messages
from treserva_desktop.ui.action_ids import ActionId, MenuId, Section
from treserva_desktop.ui.action_spec import ActionSpec
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.person_search_dialog import PersonSearchDialog, SearchFn
from treserva_desktop.ui.person_window.person_window import PersonWindow
from treserva_desktop.ui.runner import GENERIC_READ_ERROR, fetch
from treserva_desktop.ui.tree.nodes import NodeKind

if TYPE_CHECKING:
    from treserva_desktop.ui.action_spec import ActionContext


def is_person(actx: ActionContext) -> bool:
    node = actx.node
    return node is not None and node.kind is NodeKind.PERSON and node.person_id is not None


def open_person_window(
    ctx: AppContext, parent: QWidget | None, person_id: int
) -> PersonWindow | None:
    """The person window for one person: raised if it is open already, else read and shown."""
    if parent is not None:
        for window in parent.findChildren(PersonWindow):
            if window.person_id == person_id and window.isVisible():
                window.raise_()
                window.activateWindow()
                return window
    fetched = fetch(ctx, get_person_record, person_id)
    if fetched.value is None:
        messages.error(parent, fetched.error or GENERIC_READ_ERROR)
        return None
    window = PersonWindow(ctx, fetched.value, parent)
    window.show()
    return window


def open_person_record(actx: ActionContext) -> None:
    """Öppna personuppgifter… on a person in the tree (also Välj in the overview)."""
    node = actx.node
    if node is None or node.person_id is None:
        return
    open_person_window(actx.ctx, actx.parent, node.person_id)


def person_search(ctx: AppContext) -> SearchFn:
    """Sök person's search: the persons the actor may see, through the runner."""
    return lambda text: fetch(ctx, search_persons_page, text)


NOT_IN_TREE = "Personen finns inte under Mina enheter; personuppgifterna visas i eget fönster."


def search_person(actx: ActionContext) -> None:
    """Genväg › Sök person…: find, confirm name and number, then the person is opened in the
    tree (expanded and selected: rows, documents, checklists) and the person window opens."""
    result = PersonSearchDialog.ask(actx.parent, person_search(actx.ctx))
    if result is None:
        return
    if not actx.host.reveal_person(result.id):
        messages.status(actx.parent, NOT_IN_TREE)
    open_person_window(actx.ctx, actx.parent, result.id)


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        ActionId.PERSON_RECORD,
        "Öppna personuppgifter…",
        open_person_record,
        applies_to=frozenset({NodeKind.PERSON}),
        section=Section.OPEN,
        enabled=is_person,
        shortcut="Alt+Return",
        icon="person",
        opens_dialog=True,
        status_tip="Personuppgifter, kontakt, adresser, relationer och debitering (Enter)",
    ),
    ActionSpec(
        ActionId.SEARCH_PERSON,
        "Sök person…",
        search_person,
        section=Section.SEARCH,
        shortcut="Ctrl+F",
        menu=MenuId.SHORTCUTS,
        # Not offered to a role that reaches no person (the systemadministratör).
        permission=Permission.SEARCH_PERSONS,
        opens_dialog=True,
        status_tip="Sök på personnummer eller namn och öppna personuppgifterna (Ctrl+F)",
    ),
)
