"""The built menus, word for word: menu bar, toolbar, shortcuts and every node's context menu
per role, compared with a snapshot taken before the registry was split over the handlers.

A deliberate menu change updates the snapshot: run this file once with
UPDATE_MENU_SNAPSHOT=1 (each role's entry is rewritten from the built menus), review the diff of
action_menus_snapshot.json, and commit it with the change."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar, QWidget

from treserva_desktop.domain.enums import Folder
from treserva_desktop.ui import actions
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.tree.nodes import (
    AssignmentRef,
    InterventionRef,
    MessageRef,
    Node,
    NodeKind,
    PersonRef,
    UnitRef,
)

# Taken from the registry as it was in ui/actions.py alone; a deliberate menu change updates it.
SNAPSHOT = Path(__file__).with_name("action_menus_snapshot.json")
ROLES = ("handlaggare", "personal", "gruppchef", "samordnare", "verksamhetschef", "admin")
UPDATE = os.environ.get("UPDATE_MENU_SNAPSHOT") == "1"


class Host(QWidget):
    """Just enough of the main window for the builders; handlers are never run here."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx

    @property
    def ctx(self) -> AppContext:
        return self._ctx

    def widget(self) -> QWidget:
        return self

    def current_node(self) -> Node | None:
        return None

    def reload_branch(self, node: Node | None) -> None: ...

    def open_node(self, node: Node) -> None: ...

    def go_to_folder(self, folder: Folder) -> None: ...

    def reveal_assignment(self, assignment_id: int) -> bool:
        return False

    def request_logout(self) -> None: ...

    def request_quit(self) -> None: ...


def under(parent_kind: NodeKind, child: Node) -> Node:
    Node(kind=parent_kind, label=parent_kind.value).set_children([child])
    return child


def nodes() -> dict[str, Node]:
    """Every node kind bare, with its reference, and where its position changes the menu."""
    refs = {
        NodeKind.UNIT: UnitRef(1),
        NodeKind.PERSON: PersonRef(1),
        NodeKind.ASSIGNMENT: AssignmentRef(1, 7),
        NodeKind.MESSAGE: MessageRef(3),
        NodeKind.INTERVENTION: InterventionRef(1, 1, 5),
    }
    result = {kind.value: Node(kind=kind, label=kind.value) for kind in NodeKind}
    for kind, ref in refs.items():
        result[f"{kind.value} with ref"] = Node(kind=kind, label=kind.value, ref=ref)
    new_person = under(
        NodeKind.FOLDER_NEW_ASSIGNMENTS, Node(kind=NodeKind.PERSON, label="p", ref=PersonRef(1))
    )
    new_person.set_children([Node(kind=NodeKind.ASSIGNMENT, label="a", ref=AssignmentRef(1, 7))])
    result["person under new assignments"] = new_person
    result["assignment under new assignments"] = new_person.children[0]
    for parent in (NodeKind.UNIT, NodeKind.FOLDER_MY_PERSONS, NodeKind.FOLDER_NOT_CURRENT):
        result[f"person under {parent.value}"] = under(
            parent, Node(kind=NodeKind.PERSON, label="p", ref=PersonRef(1))
        )
    return result


def entry(action: QAction, default: QAction | None) -> str:
    """One menu line: '---' for a separator, '*' marks the default, '(off)' a disabled one."""
    if action.isSeparator():
        return "---"
    text = action.text()
    if action is default:
        text += " *"
    if not action.isEnabled():
        text += " (off)"
    return text


def menu_entries(menu: QMenu) -> list[str]:
    """A submenu's lines are prefixed with its path: "Sammanställningar › Genomförandeplan…"."""
    lines: list[str] = []
    for action in menu.actions():
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            lines.extend(f"{action.text()} › {line}" for line in menu_entries(submenu))
        else:
            lines.append(entry(action, menu.defaultAction()))
    return lines


def menu_lines(menu: QMenu) -> str:
    return " | ".join(menu_entries(menu))


def observed(host: Host) -> dict[str, object]:
    window_actions = actions.build_window_actions(host, host)
    menu_bar = QMenuBar(host)
    actions.build_menu_bar(window_actions, menu_bar)
    toolbar = QToolBar(host)
    actions.build_toolbar(window_actions, toolbar)
    menus: dict[str, str] = {}
    for title_action in menu_bar.actions():
        menu = title_action.menu()
        assert isinstance(menu, QMenu)
        menus[title_action.text()] = menu_lines(menu)
    context: dict[str, str] = {}
    for name, node in nodes().items():
        menu = actions.build_context_menu(host, node, host)
        context[name] = "" if menu is None else menu_lines(menu)
    return {
        "window actions": [str(action_id) for action_id in window_actions.actions],
        "menu bar": menus,
        "toolbar": [f"{a.text()} / {a.iconText()}" for a in toolbar.actions()],
        "shortcuts": {
            str(action_id): action.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
            for action_id, action in window_actions.actions.items()
            if not action.shortcut().isEmpty()
        },
        "context menus": context,
    }


@pytest.mark.parametrize("username", ROLES)
def test_menus_are_exactly_as_before(
    qtbot, make_ctx: Callable[[str], AppContext], username: str
) -> None:
    host = Host(make_ctx(username))
    qtbot.addWidget(host)
    snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    if UPDATE:
        snapshot[username] = observed(host)
        text = json.dumps(snapshot, ensure_ascii=False, indent=1) + "\n"
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert observed(host) == snapshot[username]
