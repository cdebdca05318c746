"""What one user action is (ActionSpec) and what its handler gets (ActionContext)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass
from typing import Protocol

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget

from treserva_desktop.domain.enums import Folder, Permission
from treserva_desktop.domain.rules import Actor
from treserva_desktop.ui.action_ids import ActionId, MenuId, Section
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.tree.kinds import kind_spec
from treserva_desktop.ui.tree.nodes import Node, NodeKind


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

    def reveal_person(self, person_id: int) -> bool:
        """Select the person under Mina enheter, expanded; False when not there."""
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
Shortcut = str | QKeySequence.StandardKey

# Every node kind that has a context menu (a notice is a message in the tree, not a thing).
ALL_NODE_KINDS = frozenset(NodeKind) - {NodeKind.NOTICE}


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """One user action, declared next to its handler in ui/handlers/<feature>.py.

    `applies_to` puts it in the context menu of those node kinds, and `applies_when` (if set)
    narrows that to the nodes where it can ever apply (by where the node sits, never by data
    that changes): an action that cannot apply is not shown at all, while `enabled` greys out
    one that applies but not now. `section` is its group and place in every menu (action_ids
    Section). `menu`/`toolbar` put it in the menu bar / toolbar. `permission` hides it from
    roles that never hold it (services enforce it regardless). `submenu` nests it in the menu
    bar under those submenu titles, outermost first (the manual's menu paths, e.g.
    Uppföljning › Uppföljning och administration › Sammanställningar); a submenu sits where
    its first action would, and keeps the section separators inside it. What Enter or a double-click
    does on a node is its kind's default action (tree/kinds.py), so each node has at most one
    default. Texts of actions that open a dialog end with "…" (opens_dialog=True)."""

    id: ActionId
    text: str
    handler: Handler
    _: KW_ONLY
    section: Section
    applies_to: frozenset[NodeKind] = frozenset()
    applies_when: NodePredicate | None = None
    enabled: EnabledFn | None = None
    shortcut: Shortcut | None = None
    menu: MenuId | None = None
    submenu: tuple[str, ...] = ()
    toolbar: bool = False
    permission: Permission | None = None
    icon: str | None = None
    opens_dialog: bool = False
    status_tip: str = ""
    toolbar_text: str = ""
    # A toggle (Visa borttagna i Ej aktuella): whether it is on, read as its menu opens.
    checked: EnabledFn | None = None
    # Enabled also on a person the user can no longer read (Node.readable False): Ta bort ur
    # mapp and the like, which touch the user's own folder, not the person's data. Every other
    # action on such a node is greyed out, as its service would refuse it.
    when_unreadable: bool = False

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
        node = actx.node
        if (
            node is not None
            and not node.readable
            and not self.when_unreadable
            and self.applies(node)
        ):
            return False
        return self.enabled(actx) if self.enabled is not None else True
