"""The ONLY place actions are declared. Context menus, menu bar, toolbar and shortcuts are
built from REGISTRY; enabled state is computed when a menu opens and again on trigger.

To add an action: add an ActionId, write `def handler(actx: ActionContext) -> None` in
ui/handlers/<area>.py (ask with a dialog -> runner.run(service) -> done), and add one
ActionSpec to REGISTRY. Texts of actions that open a dialog end with "…" (opens_dialog=True).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from typing import Protocol

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar, QWidget

from treserva_desktop.domain.enums import Folder, Permission
from treserva_desktop.domain.rules import Actor
from treserva_desktop.ui import messages
from treserva_desktop.ui.action_ids import ActionId as ActionId
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.handlers import (
    authority,
    distribution,
    follow_up,
    general,
    genomforande,
    reading,
)
from treserva_desktop.ui.handlers import inbox as inbox_handlers
from treserva_desktop.ui.handlers import persons as person_handlers
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import GENERIC_ERROR, log_unexpected
from treserva_desktop.ui.tree.kinds import kind_spec, kinds_with_default
from treserva_desktop.ui.tree.nodes import Node, NodeKind, is_new_assignment_person

log = logging.getLogger(__name__)


class MenuId(StrEnum):
    """Menu-bar menus in their order; the value is the Swedish title with its mnemonic."""

    FILE = "&Arkiv"
    VIEW = "&Visa"
    SHORTCUTS = "&Genväg"
    AUTHORITY = "&Myndighet"
    FOLLOW_UP = "&Uppföljning"
    HELP = "&Hjälp"


class ActionHost(Protocol):
    """What handlers may ask of the main window (a fake one in handler tests)."""

    @property
    def ctx(self) -> AppContext: ...

    def widget(self) -> QWidget: ...

    def current_node(self) -> Node | None: ...

    def reload_branch(self, node: Node | None) -> None: ...

    def open_node(self, node: Node) -> None: ...

    def go_to_folder(self, folder: Folder) -> None: ...

    def reveal_assignment(self, assignment_id: int) -> bool:
        """Select the assignment under Nya uppdrag; False when it no longer waits there."""
        ...

    def request_logout(self) -> None: ...

    def request_quit(self) -> None: ...


@dataclass(frozen=True, slots=True)
class ActionContext:
    """Where an action was triggered: the window and the node it concerns (if any)."""

    host: ActionHost
    node: Node | None

    @property
    def ctx(self) -> AppContext:
        return self.host.ctx

    @property
    def actor(self) -> Actor:
        return self.host.ctx.actor

    @property
    def parent(self) -> QWidget:
        return self.host.widget()


Handler = Callable[[ActionContext], None]
EnabledFn = Callable[[ActionContext], bool]
NodePredicate = Callable[[Node], bool]


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """One user action. `applies_to` puts it in the context menu of those node kinds, and
    `applies_when` (if set) narrows that to the nodes where it can ever apply (by where the node
    sits, never by data that changes): an action that cannot apply is not shown at all, while
    `enabled` greys out one that applies but not now. `menu`/`toolbar` put it in the menu bar /
    toolbar. `permission` hides it from roles that never hold it (services enforce it
    regardless). What Enter or a double-click does on a node is its kind's default action
    (tree/kinds.py), so each node has at most one default."""

    id: ActionId
    text: str
    handler: Handler
    applies_to: frozenset[NodeKind] = frozenset()
    applies_when: NodePredicate | None = None
    section: str = "general"
    enabled: EnabledFn | None = None
    shortcut: str | QKeySequence.StandardKey | None = None
    menu: MenuId | None = None
    toolbar: bool = False
    permission: Permission | None = None
    icon: str | None = None
    opens_dialog: bool = False
    status_tip: str = ""
    toolbar_text: str = ""

    def applies(self, node: Node | None) -> bool:
        if node is None or node.kind not in self.applies_to:
            return False
        return self.applies_when is None or self.applies_when(node)

    def is_default_for(self, node: Node) -> bool:
        return self.applies(node) and kind_spec(node.kind).default_for(node) is self.id

    def visible_for(self, actor: Actor) -> bool:
        return self.permission is None or actor.can(self.permission)

    def is_enabled(self, actx: ActionContext) -> bool:
        if not self.visible_for(actx.actor):
            return False
        return self.enabled(actx) if self.enabled is not None else True


def _has_node(actx: ActionContext) -> bool:
    return actx.node is not None


def _assignment_or_new_assignment_person(node: Node) -> bool:
    """A person row stands for their assignments only under Nya uppdrag."""
    return node.kind is not NodeKind.PERSON or is_new_assignment_person(node)


ALL_NODE_KINDS = frozenset(NodeKind) - {NodeKind.NOTICE}
# Öppna (select and expand) is offered on the kinds it is the default of (tree/kinds.py). A
# person is opened in the person window instead (Öppna personuppgifter…); it still expands with
# its arrow or the Right key. A person under Nya uppdrag is there for their assignments: Visa
# uppdrag (expand, select the first).
EXPANDABLE_KINDS = kinds_with_default(ActionId.OPEN)

REGISTRY: tuple[ActionSpec, ...] = (
    ActionSpec(
        ActionId.OPEN,
        "Öppna",
        general.open_node,
        applies_to=EXPANDABLE_KINDS,
        section="open",
        status_tip="Markera och fäll ut den valda raden",
    ),
    ActionSpec(
        ActionId.PERSON_RECORD,
        "Öppna personuppgifter…",
        person_handlers.open_person_record,
        applies_to=frozenset({NodeKind.PERSON}),
        section="open",
        enabled=person_handlers.is_person,
        shortcut="Alt+Return",
        icon="person",
        opens_dialog=True,
        status_tip="Personuppgifter, kontakt, adresser, relationer och debitering (Enter)",
    ),
    ActionSpec(
        ActionId.OPEN_FIRST_ASSIGNMENT,
        "Visa uppdrag",
        general.open_first_child,
        applies_to=frozenset({NodeKind.PERSON}),
        applies_when=is_new_assignment_person,
        section="open",
        icon="assignment",
        status_tip="Fäll ut personen och markera uppdraget som väntar på att fördelas (Enter)",
    ),
    ActionSpec(
        ActionId.NEW_ASSIGNMENT,
        "Nytt uppdrag…",
        authority.new_assignment,
        section="authority",
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
        ActionId.READ_ASSIGNMENT,
        "Läs uppdrag",
        reading.read_assignment,
        applies_to=frozenset({NodeKind.ASSIGNMENT}),
        section="assignment",
        enabled=reading.has_assignment,
        icon="assignment",
        status_tip="Visa uppdraget som dokument, med Skriv ut och Spara som (Enter)",
    ),
    ActionSpec(
        ActionId.REPLY_MESSAGE,
        "Svara…",
        inbox_handlers.reply,
        applies_to=frozenset({NodeKind.MESSAGE}),
        section="message",
        enabled=inbox_handlers.is_message,
        icon="reply",
        opens_dialog=True,
        status_tip="Svara avsändaren på meddelandet",
    ),
    ActionSpec(
        ActionId.NEW_MESSAGE,
        "Nytt meddelande…",
        inbox_handlers.new_message,
        applies_to=frozenset({NodeKind.FOLDER_INBOX, NodeKind.MESSAGE}),
        section="message",
        icon="message",
        opens_dialog=True,
        status_tip="Skriv ett meddelande till en eller flera användare",
    ),
    ActionSpec(
        ActionId.ACCEPT_AND_DISTRIBUTE,
        "Acceptera och fördela…",
        distribution.accept_and_distribute,
        applies_to=frozenset({NodeKind.ASSIGNMENT, NodeKind.PERSON}),
        applies_when=_assignment_or_new_assignment_person,
        section="assignment",
        enabled=distribution.can_accept_and_distribute,
        permission=Permission.DISTRIBUTE_ASSIGNMENT,
        icon="assignment",
        opens_dialog=True,
        status_tip="Fördela uppdragets insatser på utförarenhet och skicka dem till genomförande",
    ),
    ActionSpec(
        ActionId.STOP_ASSIGNMENT,
        "Stoppa uppdrag…",
        distribution.stop,
        applies_to=frozenset({NodeKind.ASSIGNMENT}),
        section="assignment",
        enabled=distribution.can_stop,
        permission=Permission.DISTRIBUTE_ASSIGNMENT,
        opens_dialog=True,
        status_tip="Stoppa ett felskickat uppdrag eller ett byte av utförare som inte tas emot",
    ),
    ActionSpec(
        ActionId.REFRESH,
        "Uppdatera",
        general.refresh,
        applies_to=ALL_NODE_KINDS,
        section="view",
        shortcut="F5",
        menu=MenuId.VIEW,
        toolbar=True,
        icon="refresh",
        status_tip="Läs in den valda grenen av trädet på nytt (F5)",
    ),
    ActionSpec(
        ActionId.NOT_CURRENT_LOOKBACK,
        "Ej aktuella – att avsluta…",
        general.choose_not_current_lookback,
        applies_to=frozenset({NodeKind.FOLDER_NOT_CURRENT}),
        section="settings",
        menu=MenuId.VIEW,
        permission=Permission.END_EXECUTION,
        opens_dialog=True,
        status_tip="Hur långt tillbaka avslutade insatser visas i Ej aktuella – att avsluta",
    ),
    ActionSpec(
        ActionId.GO_NEW_ASSIGNMENTS,
        "Nya uppdrag",
        partial(general.go_to_folder, folder=Folder.NEW_ASSIGNMENTS),
        section="go",
        shortcut="Ctrl+1",
        menu=MenuId.SHORTCUTS,
        permission=Permission.VIEW_NEW_ASSIGNMENTS,
        icon="folder_new",
        status_tip="Gå till Mitt skrivbord › Nya uppdrag",
    ),
    ActionSpec(
        ActionId.GO_INBOX,
        "Inkorg",
        partial(general.go_to_folder, folder=Folder.INBOX),
        section="go",
        shortcut="Ctrl+2",
        menu=MenuId.SHORTCUTS,
        icon="inbox",
        status_tip="Gå till Mitt skrivbord › Inkorg",
    ),
    ActionSpec(
        ActionId.GO_MY_PERSONS,
        "Mina personer",
        partial(general.go_to_folder, folder=Folder.MY_PERSONS),
        section="go",
        shortcut="Ctrl+3",
        menu=MenuId.SHORTCUTS,
        icon="folder_persons",
        status_tip="Gå till Mitt skrivbord › Mina personer",
    ),
    ActionSpec(
        ActionId.GO_NOT_CURRENT,
        "Ej aktuella – att avsluta",
        partial(general.go_to_folder, folder=Folder.NOT_CURRENT),
        section="go",
        shortcut="Ctrl+4",
        menu=MenuId.SHORTCUTS,
        permission=Permission.END_EXECUTION,
        icon="folder_not_current",
        status_tip="Gå till Mitt skrivbord › Ej aktuella – att avsluta",
    ),
    ActionSpec(
        ActionId.GO_MY_UNITS,
        "Mina enheter",
        partial(general.go_to_folder, folder=Folder.MY_UNITS),
        section="go",
        shortcut="Ctrl+5",
        menu=MenuId.SHORTCUTS,
        permission=Permission.VIEW_PERSONS,
        icon="folder",
        status_tip="Gå till Mitt skrivbord › Mina enheter",
    ),
    ActionSpec(
        ActionId.SEARCH_PERSON,
        "Sök person…",
        person_handlers.search_person,
        section="search",
        shortcut="Ctrl+F",
        menu=MenuId.SHORTCUTS,
        opens_dialog=True,
        status_tip="Sök på personnummer eller namn och öppna personuppgifterna (Ctrl+F)",
    ),
    ActionSpec(
        ActionId.GENOMFORANDE,
        "Genomförande",
        genomforande.open_genomforande,
        section="genomforande",
        shortcut="Ctrl+G",
        menu=MenuId.SHORTCUTS,
        toolbar=True,
        permission=Permission.ACKNOWLEDGE_ASSIGNMENT,
        icon="genomforande",
        status_tip="Öppna Genomförande och kvittera nya uppdrag för dina enheter (Ctrl+G)",
    ),
    ActionSpec(
        ActionId.WAITING_ASSIGNMENTS,
        "Väntande uppdrag…",
        follow_up.waiting_assignments,
        section="follow_up",
        menu=MenuId.FOLLOW_UP,
        permission=Permission.VIEW_NEW_ASSIGNMENTS,
        icon="folder_new",
        opens_dialog=True,
        status_tip="Uppdrag som väntar på att accepteras och fördelas, längst väntan först",
    ),
    ActionSpec(
        ActionId.LOGOUT,
        "Logga ut",
        general.logout,
        section="session",
        menu=MenuId.FILE,
        icon="logout",
        status_tip="Logga ut och visa inloggningen igen",
    ),
    ActionSpec(
        ActionId.QUIT,
        "Avsluta",
        general.quit_application,
        section="app",
        shortcut=QKeySequence.StandardKey.Quit,
        menu=MenuId.FILE,
        status_tip="Avsluta Treserva Desktop (Ctrl+Q)",
    ),
    ActionSpec(
        ActionId.SUPPORT,
        "Användarstöd…",
        general.show_support,
        section="help",
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
        general.show_about,
        section="about",
        menu=MenuId.HELP,
        icon="about",
        opens_dialog=True,
    ),
)

SPECS: dict[ActionId, ActionSpec] = {spec.id: spec for spec in REGISTRY}


def spec(action_id: ActionId) -> ActionSpec:
    return SPECS[action_id]


def context_specs(node: Node, actor: Actor) -> list[ActionSpec]:
    """The actions of a node's context menu, in registry order."""
    return [s for s in REGISTRY if s.applies(node) and s.visible_for(actor)]


def menu_specs(menu: MenuId, actor: Actor) -> list[ActionSpec]:
    return [s for s in REGISTRY if s.menu is menu and s.visible_for(actor)]


def default_spec(node: Node, actor: Actor) -> ActionSpec | None:
    """What Enter or a double-click on the node does."""
    return next((s for s in context_specs(node, actor) if s.is_default_for(node)), None)


def trigger(action_spec: ActionSpec, actx: ActionContext) -> None:
    """Run a handler if the action is allowed now; a handler bug becomes a Swedish message."""
    if not action_spec.is_enabled(actx):
        log.info("action %s ignored: not enabled", action_spec.id)
        return
    log.info("action %s by user id %s", action_spec.id, actx.actor.user_id)
    try:
        action_spec.handler(actx)
    except Exception as exc:
        log_unexpected(f"action {action_spec.id}", actx.actor, exc)
        messages.error(actx.parent, GENERIC_ERROR)


def _qaction(action_spec: ActionSpec, parent: QWidget) -> QAction:
    action = QAction(action_spec.text, parent)
    action.setObjectName(f"action_{action_spec.id}")
    if action_spec.icon:
        action.setIcon(icon(action_spec.icon))
    if action_spec.status_tip:
        action.setStatusTip(action_spec.status_tip)
        action.setToolTip(action_spec.status_tip)
    if action_spec.toolbar_text:
        action.setIconText(action_spec.toolbar_text)
    return action


def _add_sections(
    menu: QMenu, specs: Iterable[ActionSpec], make: Callable[[ActionSpec], QAction]
) -> None:
    previous: str | None = None
    for action_spec in specs:
        if previous is not None and action_spec.section != previous:
            menu.addSeparator()
        menu.addAction(make(action_spec))
        previous = action_spec.section


def build_context_menu(host: ActionHost, node: Node, parent: QWidget) -> QMenu | None:
    """A fresh menu for the node; enabled state computed now, as it opens."""
    specs = context_specs(node, host.ctx.actor)
    if not specs:
        return None
    menu = QMenu(parent)
    menu.setObjectName("tree_context_menu")
    actx = ActionContext(host, node)

    def make(action_spec: ActionSpec) -> QAction:
        action = _qaction(action_spec, menu)
        action.setEnabled(action_spec.is_enabled(actx))
        action.triggered.connect(lambda _checked=False, s=action_spec: trigger(s, actx))
        if action_spec.is_default_for(node):
            menu.setDefaultAction(action)
        return action

    _add_sections(menu, specs, make)
    return menu


@dataclass
class WindowActions:
    """The window's QActions (shared by menu bar, toolbar and shortcuts), by id."""

    host: ActionHost
    actions: dict[ActionId, QAction] = field(default_factory=dict)
    menus: dict[MenuId, QMenu] = field(default_factory=dict)

    def update_enabled(self, ids: Iterable[ActionId] | None = None) -> None:
        actx = ActionContext(self.host, self.host.current_node())
        for action_id in ids if ids is not None else self.actions:
            self.actions[action_id].setEnabled(SPECS[action_id].is_enabled(actx))


def build_window_actions(host: ActionHost, window: QWidget) -> WindowActions:
    """One QAction per registry entry shown in the menu bar or toolbar, or with a shortcut."""
    result = WindowActions(host)
    for action_spec in REGISTRY:
        if not action_spec.visible_for(host.ctx.actor):
            continue
        if action_spec.menu is None and not action_spec.toolbar and not action_spec.shortcut:
            continue
        action = _qaction(action_spec, window)
        if action_spec.shortcut is not None:
            action.setShortcut(QKeySequence(action_spec.shortcut))
        action.triggered.connect(
            lambda _checked=False, s=action_spec: trigger(
                s, ActionContext(host, host.current_node())
            )
        )
        # Shortcuts work even for actions that sit in no visible menu.
        window.addAction(action)
        result.actions[action_spec.id] = action
    return result


def build_menu_bar(actions: WindowActions, menu_bar: QMenuBar) -> None:
    """The MenuId menus from the registry, in that order; a menu with no action the role may
    use is left out rather than shown empty."""
    actor = actions.host.ctx.actor
    for menu_id in MenuId:
        specs = menu_specs(menu_id, actor)
        if not specs:
            continue
        menu = menu_bar.addMenu(menu_id.value)
        menu.setObjectName(f"menu_{menu_id.name.lower()}")
        actions.menus[menu_id] = menu
        _add_sections(menu, specs, lambda s: actions.actions[s.id])
        ids = [s.id for s in specs]
        menu.aboutToShow.connect(lambda ids=ids: actions.update_enabled(ids))


def build_toolbar(actions: WindowActions, toolbar: QToolBar) -> None:
    for action_spec in REGISTRY:
        if action_spec.toolbar and action_spec.id in actions.actions:
            toolbar.addAction(actions.actions[action_spec.id])
