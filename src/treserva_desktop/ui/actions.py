"""The one action REGISTRY, collected from the handlers, and the menus built from it."""

# Context menus, menu bar, toolbar and shortcuts are all built from REGISTRY; enabled state is
# computed when a menu opens and again on trigger.
#
# To add an action: add an ActionId (action_ids.py), write `def handler(actx: ActionContext)
# -> None` in ui/handlers/<feature>.py (ask with a dialog -> runner.run(service) -> done) and
# add its ActionSpec to that module's ACTIONS. A new feature module adds one line here: its
# ACTIONS in FEATURES.

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar, QWidget

from treserva_desktop.domain.rules import Actor
from treserva_desktop.ui import messages
from treserva_desktop.ui.action_ids import ActionId as ActionId
from treserva_desktop.ui.action_ids import MenuId as MenuId
from treserva_desktop.ui.action_ids import Section as Section
from treserva_desktop.ui.action_spec import ActionContext as ActionContext
from treserva_desktop.ui.action_spec import ActionHost as ActionHost
from treserva_desktop.ui.action_spec import ActionSpec as ActionSpec
from treserva_desktop.ui.handlers import (
    accounts,
    authority,
    checklists,
    deviations,
    distribution,
    executions,
    follow_up,
    general,
    genomforande,
    housing,
    inbox,
    journals,
    not_current,
    persons,
    plan_compilation,
    plans,
    provider_change,
    reading,
    service_case,
    statistics,
    unexecuted,
    unit_statistics,
)
from treserva_desktop.ui.handlers import log_extract as log_extract_handlers
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.module_sources import forget_module_sources
from treserva_desktop.ui.runner import log_unexpected, unexpected_error
from treserva_desktop.ui.tree.nodes import Node

log = logging.getLogger(__name__)

# Every feature's actions. Menus list actions by Section, and within a section in this order
# (then each module's own order): Öppna personuppgifter… before Visa uppdrag, Läs uppdrag
# before Acceptera och fördela….
FEATURES: tuple[tuple[ActionSpec, ...], ...] = (
    persons.ACTIONS,
    general.ACTIONS,
    authority.ACTIONS,
    reading.ACTIONS,
    inbox.ACTIONS,
    distribution.ACTIONS,
    executions.ACTIONS,
    genomforande.ACTIONS,
    follow_up.ACTIONS,
    accounts.ACTIONS,
    checklists.ACTIONS,
    journals.ACTIONS,
    plans.ACTIONS,
    provider_change.ACTIONS,
    not_current.ACTIONS,
    service_case.ACTIONS,
    log_extract_handlers.ACTIONS,
    housing.ACTIONS,
    statistics.ACTIONS,
    unit_statistics.ACTIONS,
    deviations.ACTIONS,
    unexecuted.ACTIONS,
    plan_compilation.ACTIONS,
)


class RegistryError(ValueError):
    """The declared actions contradict each other (a programming error, found at import)."""


def _shortcut_key(shortcut: str | QKeySequence.StandardKey) -> object:
    # "ctrl+n" and "Ctrl+N" are one shortcut; a standard key is compared as itself because
    # what it maps to depends on the platform.
    if isinstance(shortcut, str):
        return QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.PortableText)
    return shortcut


def validate(specs: Iterable[ActionSpec]) -> None:
    """Unique ids, one spec per ActionId, unique shortcuts, "…" exactly on dialog texts."""
    specs = tuple(specs)
    problems: list[str] = []
    seen: set[ActionId] = set()
    for action_spec in specs:
        if action_spec.id in seen:
            problems.append(f"{action_spec.id} is declared more than once")
        seen.add(action_spec.id)
    problems.extend(f"{missing} has no ActionSpec" for missing in sorted(set(ActionId) - seen))
    shortcuts: dict[object, ActionId] = {}
    for action_spec in specs:
        if action_spec.shortcut is None:
            continue
        key = _shortcut_key(action_spec.shortcut)
        if key in shortcuts:
            problems.append(f"{action_spec.id} and {shortcuts[key]} share a shortcut")
        shortcuts.setdefault(key, action_spec.id)
    for action_spec in specs:
        if action_spec.submenu and action_spec.menu is None:
            problems.append(f"{action_spec.id}: a submenu needs a menu")
        if any(not title.strip() for title in action_spec.submenu):
            problems.append(f"{action_spec.id}: a submenu title is empty")
        if action_spec.text.endswith("…") != action_spec.opens_dialog:
            problems.append(f'{action_spec.id}: "…" ends the text exactly when it opens a dialog')
        if action_spec.text.endswith("..."):
            problems.append(f'{action_spec.id}: write "…", not "..."')
    if problems:
        raise RegistryError("; ".join(problems))


def collect(features: Iterable[tuple[ActionSpec, ...]]) -> tuple[ActionSpec, ...]:
    """The features' actions in menu order (by section, stable), validated once."""
    specs = sorted((s for feature in features for s in feature), key=lambda s: s.section.rank)
    validate(specs)
    return tuple(specs)


REGISTRY: tuple[ActionSpec, ...] = collect(FEATURES)

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
        incident = log_unexpected(f"action {action_spec.id}", actx.actor, exc)
        messages.error(actx.parent, unexpected_error(incident))
    finally:
        # What the action's dialogs and documents imported on first use (module_sources.py).
        forget_module_sources()


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
    if action_spec.checked is not None:
        action.setCheckable(True)
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


def _add_menu_tree(
    menu: QMenu, specs: Iterable[ActionSpec], make: Callable[[ActionSpec], QAction]
) -> None:
    """The menu bar's actions with their submenus: a submenu takes the place (and the
    section) of its first action, and its own actions are separated by section likewise."""
    entries: list[ActionSpec | str] = []
    nested: dict[str, list[ActionSpec]] = {}
    sections: dict[str, str] = {}
    for action_spec in specs:
        if not action_spec.submenu:
            entries.append(action_spec)
            continue
        title = action_spec.submenu[0]
        if title not in nested:
            nested[title] = []
            sections[title] = action_spec.section
            entries.append(title)
        nested[title].append(replace(action_spec, submenu=action_spec.submenu[1:]))
    previous: str | None = None
    for entry in entries:
        section = sections[entry] if isinstance(entry, str) else entry.section
        if previous is not None and section != previous:
            menu.addSeparator()
        if isinstance(entry, str):
            submenu = menu.addMenu(entry)
            submenu.setObjectName(f"submenu_{_object_name(entry)}")
            _add_menu_tree(submenu, nested[entry], make)
        else:
            menu.addAction(make(entry))
        previous = section


def _object_name(title: str) -> str:
    return "_".join(title.replace("&", "").lower().split())


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
        if action_spec.checked is not None:
            action.setChecked(action_spec.checked(actx))
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
            action_spec = SPECS[action_id]
            self.actions[action_id].setEnabled(action_spec.is_enabled(actx))
            if action_spec.checked is not None:
                self.actions[action_id].setChecked(action_spec.checked(actx))


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
        _add_menu_tree(menu, specs, lambda s: actions.actions[s.id])
        ids = [s.id for s in specs]
        menu.aboutToShow.connect(lambda ids=ids: actions.update_enabled(ids))


def build_toolbar(actions: WindowActions, toolbar: QToolBar) -> None:
    for action_spec in REGISTRY:
        if action_spec.toolbar and action_spec.id in actions.actions:
            toolbar.addAction(actions.actions[action_spec.id])
