"""Handlers of the foundation actions: open, refresh, folders, look-back, session, help."""

from __future__ import annotations

from typing import TYPE_CHECKING

from treserva_desktop.domain.changes import ChangeKind
from treserva_desktop.domain.enums import Folder
from treserva_desktop.ui.dialogs.about_dialog import AboutDialog
from treserva_desktop.ui.dialogs.not_current_lookback_dialog import NotCurrentLookbackDialog
from treserva_desktop.ui.dialogs.support_dialog import SupportDialog
from treserva_desktop.ui.tree.kinds import kind_spec
from treserva_desktop.ui.tree.nodes import NodeKind

if TYPE_CHECKING:
    from treserva_desktop.ui.actions import ActionContext


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
