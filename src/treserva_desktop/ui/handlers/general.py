"""Handlers of the foundation actions: open, refresh, folders, look-back, session, help."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence

from treserva_desktop.domain.changes import ChangeKind
from treserva_desktop.domain.enums import Folder, Permission
from treserva_desktop.domain.folder_rules import MY_PERSONS_PERMISSION
from treserva_desktop.ui.action_ids import ActionId, MenuId, Section
from treserva_desktop.ui.action_spec import ALL_NODE_KINDS, ActionSpec
from treserva_desktop.ui.dialogs.about_dialog import AboutDialog
from treserva_desktop.ui.dialogs.not_current_lookback_dialog import NotCurrentLookbackDialog
from treserva_desktop.ui.dialogs.support_dialog import SupportDialog
from treserva_desktop.ui.tree.kinds import kind_spec, kinds_with_default
from treserva_desktop.ui.tree.nodes import NodeKind, is_new_assignment_person

if TYPE_CHECKING:
    from treserva_desktop.ui.action_spec import ActionContext


def open_node(actx: ActionContext) -> None:
    """Öppna/Välj: select the node and expand it."""
    if actx.node is not None:
        actx.host.open_node(actx.node)


def open_first_child(actx: ActionContext) -> None:
    """Visa uppdrag: expand the node and select its first child (a person under Nya uppdrag:
    the assignment, where the manager's next step is)."""
    node = actx.node
    if node is None:
        return
    actx.host.open_node(node)
    first = next((child for child in node.children if child.kind is not NodeKind.NOTICE), None)
    if first is not None:
        actx.host.open_node(first)


def refresh(actx: ActionContext) -> None:
    """Uppdatera: reload the selected branch (a leaf reloads its parent; nothing: all)."""
    node = actx.node
    if node is not None and kind_spec(node.kind).leaf:
        node = node.parent
    actx.host.reload_branch(node)


def go_to_folder(actx: ActionContext, *, folder: Folder) -> None:
    actx.host.go_to_folder(folder)


def choose_not_current_lookback(actx: ActionContext) -> None:
    """Visa › Ej aktuella – att avsluta…: how many days back ended rows count."""
    preferences = actx.ctx.preferences
    days = NotCurrentLookbackDialog.ask(actx.parent, preferences.not_current_lookback_days)
    if days is None or days == preferences.not_current_lookback_days:
        return
    preferences.not_current_lookback_days = days
    actx.ctx.events.changed(ChangeKind.VIEW_SETTINGS)


def logout(actx: ActionContext) -> None:
    actx.host.request_logout()


def quit_application(actx: ActionContext) -> None:
    actx.host.request_quit()


def show_support(actx: ActionContext) -> None:
    """Hjälp › Användarstöd… (the owl)."""
    SupportDialog.show_for(actx.parent, actx.ctx)


def show_about(actx: ActionContext) -> None:
    AboutDialog.show_for(actx.parent, actx.ctx)


# Öppna (select and expand) is offered on the kinds it is the default of (tree/kinds.py). A
# person is opened in the person window instead (Öppna personuppgifter…); it still expands with
# its arrow or the Right key. A person under Nya uppdrag is there for their assignments: Visa
# uppdrag (expand, select the first).
EXPANDABLE_KINDS = kinds_with_default(ActionId.OPEN)

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        ActionId.OPEN,
        "Öppna",
        open_node,
        applies_to=EXPANDABLE_KINDS,
        section=Section.OPEN,
        status_tip="Markera och fäll ut den valda raden",
    ),
    ActionSpec(
        ActionId.OPEN_FIRST_ASSIGNMENT,
        "Visa uppdrag",
        open_first_child,
        applies_to=frozenset({NodeKind.PERSON}),
        applies_when=is_new_assignment_person,
        section=Section.OPEN,
        icon="assignment",
        status_tip="Fäll ut personen och markera uppdraget som väntar på att fördelas (Enter)",
    ),
    ActionSpec(
        ActionId.REFRESH,
        "Uppdatera",
        refresh,
        applies_to=ALL_NODE_KINDS,
        when_unreadable=True,
        section=Section.VIEW,
        shortcut="F5",
        menu=MenuId.VIEW,
        toolbar=True,
        icon="refresh",
        status_tip="Läs in den valda grenen av trädet på nytt (F5)",
    ),
    ActionSpec(
        ActionId.NOT_CURRENT_LOOKBACK,
        "Ej aktuella – att avsluta…",
        choose_not_current_lookback,
        applies_to=frozenset({NodeKind.FOLDER_NOT_CURRENT}),
        section=Section.SETTINGS,
        menu=MenuId.VIEW,
        permission=Permission.END_EXECUTION,
        opens_dialog=True,
        status_tip="Hur långt tillbaka avslutade insatser visas i Ej aktuella – att avsluta",
    ),
    ActionSpec(
        ActionId.GO_NEW_ASSIGNMENTS,
        "Nya uppdrag",
        partial(go_to_folder, folder=Folder.NEW_ASSIGNMENTS),
        section=Section.GO,
        shortcut="Ctrl+1",
        menu=MenuId.SHORTCUTS,
        permission=Permission.VIEW_NEW_ASSIGNMENTS,
        icon="folder_new",
        status_tip="Gå till Mitt skrivbord › Nya uppdrag",
    ),
    ActionSpec(
        ActionId.GO_INBOX,
        "Inkorg",
        partial(go_to_folder, folder=Folder.INBOX),
        section=Section.GO,
        shortcut="Ctrl+2",
        menu=MenuId.SHORTCUTS,
        icon="inbox",
        status_tip="Gå till Mitt skrivbord › Inkorg",
    ),
    ActionSpec(
        ActionId.GO_MY_PERSONS,
        "Mina personer",
        partial(go_to_folder, folder=Folder.MY_PERSONS),
        section=Section.GO,
        shortcut="Ctrl+3",
        menu=MenuId.SHORTCUTS,
        permission=MY_PERSONS_PERMISSION,
        icon="folder_persons",
        status_tip="Gå till Mitt skrivbord › Mina personer",
    ),
    ActionSpec(
        ActionId.GO_NOT_CURRENT,
        "Ej aktuella – att avsluta",
        partial(go_to_folder, folder=Folder.NOT_CURRENT),
        section=Section.GO,
        shortcut="Ctrl+4",
        menu=MenuId.SHORTCUTS,
        permission=Permission.END_EXECUTION,
        icon="folder_not_current",
        status_tip="Gå till Mitt skrivbord › Ej aktuella – att avsluta",
    ),
    ActionSpec(
        ActionId.GO_MY_UNITS,
        "Mina enheter",
        partial(go_to_folder, folder=Folder.MY_UNITS),
        section=Section.GO,
        shortcut="Ctrl+5",
        menu=MenuId.SHORTCUTS,
        permission=Permission.VIEW_PERSONS,
        icon="folder",
        status_tip="Gå till Mitt skrivbord › Mina enheter",
    ),
    ActionSpec(
        ActionId.LOGOUT,
        "Logga ut",
        logout,
        section=Section.SESSION,
        menu=MenuId.FILE,
        icon="logout",
        status_tip="Logga ut och visa inloggningen igen",
    ),
    ActionSpec(
        ActionId.QUIT,
        "Avsluta",
        quit_application,
        section=Section.APP,
        shortcut=QKeySequence.StandardKey.Quit,
        menu=MenuId.FILE,
        status_tip="Avsluta Treserva Desktop (Ctrl+Q)",
    ),
    ActionSpec(
        ActionId.SUPPORT,
        "Användarstöd…",
        show_support,
        section=Section.HELP,
        shortcut=QKeySequence.StandardKey.HelpContents,
        menu=MenuId.HELP,
        toolbar=True,
        icon="owl",
        opens_dialog=True,
        status_tip="Kontaktuppgifter till Användarstöd, version och databas (F1)",
        toolbar_text="Användarstöd",
    ),
    ActionSpec(
        ActionId.ABOUT,
        "Om Treserva Desktop…",
        show_about,
        section=Section.ABOUT,
        menu=MenuId.HELP,
        icon="about",
        opens_dialog=True,
    ),
)
