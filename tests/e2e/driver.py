"""The one way e2e tests use the application, as a user does: log in through the dialog, click
tree rows found by their visible path, right-click them and pick the context menu entry by its
Swedish text, press toolbar buttons and menu-bar entries, and answer the modal dialogs (through
ModalScript) and message boxes (through Answers) that follow."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QContextMenuEvent
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QToolButton
from tests.helpers.distribution import Answers
from tests.helpers.modal import ModalScript

from treserva_desktop.db.database import Database
from treserva_desktop.domain.rules import Actor
from treserva_desktop.settings import Settings
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.login_dialog import LoginDialog
from treserva_desktop.ui.login import DatabaseLogin
from treserva_desktop.ui.main_window import MainWindow
from treserva_desktop.ui.tree.nodes import Node

MENU_TIMEOUT_S = 10.0
POLL_MS = 10

Target = Node | Sequence[str]
"""A tree row: the node itself, or its visible path from 'Mitt skrivbord' down."""


@dataclass(frozen=True)
class MenuEntry:
    """One context menu entry as the user sees it."""

    text: str
    enabled: bool
    default: bool


def visible(text: str) -> str:
    """A menu title without its mnemonic marker ('&Hjälp' reads 'Hjälp')."""
    return text.replace("&", "")


class E2EDriver:
    """Drives one main window at a time (`window`: the one opened last) on one database."""

    def __init__(
        self, qtbot, database: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        self.qtbot = qtbot
        self.database = database
        self.settings = settings
        self.monkeypatch = monkeypatch
        self._window: MainWindow | None = None

    # -- logging in and windows ---------------------------------------------------------------

    def log_in(self, username: str, password: str = "demo") -> Actor:
        """Type the user name and password into the real login dialog and press Logga in."""
        dialog = LoginDialog(DatabaseLogin(self.database))
        self.qtbot.addWidget(dialog)
        dialog.show()
        self.qtbot.waitExposed(dialog)
        self.qtbot.keyClicks(dialog.username, username)
        self.qtbot.keyClicks(dialog.password, password)
        self.qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
        self.qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
        assert dialog.actor is not None
        return dialog.actor

    def open_window(
        self, who: Actor | AppContext, *, remember_geometry: bool = False
    ) -> MainWindow:
        """The main window for a logged-in actor (or a ready context), shown and exposed."""
        ctx = who if isinstance(who, AppContext) else self.context(who)
        window = MainWindow(ctx, remember_geometry=remember_geometry)
        self.qtbot.addWidget(window)
        window.show()
        self.qtbot.waitExposed(window)
        self._window = window
        return window

    def log_in_and_open(self, username: str, *, remember_geometry: bool = False) -> MainWindow:
        return self.open_window(self.log_in(username), remember_geometry=remember_geometry)

    def context(self, actor: Actor) -> AppContext:
        return AppContext.create(self.database, self.settings, actor)

    @property
    def window(self) -> MainWindow:
        assert self._window is not None, "no main window is open"
        return self._window

    # -- the tree -------------------------------------------------------------------------------

    def node(self, target: Target) -> Node:
        """The row at a visible path ('Mitt skrivbord', 'Mina enheter', ...), loading as needed."""
        if isinstance(target, Node):
            return target
        found = self.window.model.find_by_path(list(target))
        assert found is not None, f"no row at {list(target)}"
        return found

    def children(self, target: Target) -> list[Node]:
        """Expand the row (as its arrow does) and return the rows shown under it."""
        node = self.node(target)
        self.window.tree.expand_node(node)
        return list(node.children)

    def _row_point(self, node: Node) -> tuple[QModelIndex, QPoint]:
        """Where a user clicks the row: on its label near the start (rows can be wider than
        the viewport), after the ancestors were expanded and the row scrolled into view."""
        tree = self.window.tree
        for ancestor in reversed(node.ancestors()):
            tree.setExpanded(self.window.model.index_for(ancestor), True)
        index = self.window.model.index_for(node)
        assert index.isValid(), node
        tree.scrollTo(index)
        rect = tree.visualRect(index)
        assert not rect.isEmpty(), f"row {node.label!r} is not shown"
        return index, QPoint(rect.left() + min(40, rect.width() // 2), rect.center().y())

    def select(self, target: Target) -> Node:
        """Left-click the row; the right-hand pane follows the selection."""
        node = self.node(target)
        _index, point = self._row_point(node)
        tree = self.window.tree
        was_current = tree.current_node() is node
        # Every row the click made current: the window may reload the branch while handling
        # the selection (reading a message marks it read), so the clicked row is among them.
        selected: list[Node | None] = []
        tree.current_node_changed.connect(selected.append)
        try:
            self.qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=point)
        finally:
            tree.current_node_changed.disconnect(selected.append)
        if not was_current:
            assert selected, f"clicking {node.label!r} selected nothing"
            assert any(n is node for n in selected), f"clicking {node.label!r} missed the row"
        return node

    def right_click(self, target: Target, handle: Callable[[QMenu], None]) -> None:
        """Right-click the row; `handle` gets the context menu while it is open (it must close
        it, by picking an entry or pressing Esc). Returns when the menu and whatever its entry
        opened (modal dialogs included) are done."""
        node = self.node(target)
        index, point = self._row_point(node)
        tree = self.window.tree
        deadline = time.monotonic() + MENU_TIMEOUT_S
        outcome: dict[str, object] = {}

        def on_menu() -> None:
            menu = QApplication.activePopupWidget()
            if not isinstance(menu, QMenu) or not menu.isVisible():
                if time.monotonic() > deadline:
                    outcome["error"] = TimeoutError("no context menu opened")
                    return
                QTimer.singleShot(POLL_MS, on_menu)
                return
            # The row under the pointer is selected while its menu is open.
            outcome["shown"] = tree.currentIndex() == index
            try:
                handle(menu)
            except BaseException as exc:
                outcome["error"] = exc
            if menu.isVisible():
                menu.close()

        QTimer.singleShot(0, on_menu)
        viewport = tree.viewport()
        # The press selects the row; the context menu event is what the window system sends
        # for a right-click (QTest's synthetic press does not produce it).
        self.qtbot.mousePress(viewport, Qt.MouseButton.RightButton, pos=point)
        event = QContextMenuEvent(
            QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point)
        )
        QApplication.sendEvent(viewport, event)
        self.qtbot.mouseRelease(viewport, Qt.MouseButton.RightButton, pos=point)
        error = outcome.get("error")
        if isinstance(error, BaseException):
            raise AssertionError(f"context menu of {node.label!r}") from error
        assert "shown" in outcome, f"no context menu for {node.label!r}"
        assert outcome["shown"], f"{node.label!r} was not selected while its menu was open"

    def context_menu(self, target: Target) -> list[MenuEntry]:
        """Right-click the row, read the entries, close the menu with Esc."""
        entries: list[MenuEntry] = []

        def read(menu: QMenu) -> None:
            default = menu.defaultAction()
            entries.extend(
                MenuEntry(a.text(), a.isEnabled(), a is default)
                for a in menu.actions()
                if not a.isSeparator()
            )
            self.qtbot.keyClick(menu, Qt.Key.Key_Escape)

        self.right_click(target, read)
        return entries

    def choose_in_context_menu(self, target: Target, text: str) -> list[MenuEntry]:
        """Right-click the row and click the entry with this text (it must be there once and
        enabled); returns every entry offered. Returns when the entry's handler is done."""
        offered: list[MenuEntry] = []

        def choose(menu: QMenu) -> None:
            default = menu.defaultAction()
            actions = [a for a in menu.actions() if not a.isSeparator()]
            offered.extend(MenuEntry(a.text(), a.isEnabled(), a is default) for a in actions)
            found = [a for a in actions if a.text() == text]
            assert len(found) == 1, (text, [a.text() for a in actions])
            assert found[0].isEnabled(), f"{text!r} is disabled"
            self._click_menu_entry(menu, found[0])

        self.right_click(target, choose)
        return offered

    def _click_menu_entry(self, menu: QMenu, action: QAction) -> None:
        """Point at the entry and click it; the entry's handler runs inside the click."""
        triggered: list[bool] = []
        action.triggered.connect(lambda *_args: triggered.append(True))
        point = menu.actionGeometry(action).center()
        self.qtbot.mouseMove(menu, point)
        self.qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=point)
        assert triggered, f"clicking {action.text()!r} did not trigger it"

    # -- toolbar and menu bar -----------------------------------------------------------------

    def toolbar_action(self, text: str) -> QAction:
        found = [a for a in self.window.toolbar.actions() if a.text() == text]
        assert len(found) == 1, (text, [a.text() for a in self.window.toolbar.actions()])
        return found[0]

    def press_toolbar(self, text: str) -> QAction:
        """Click the toolbar button with this text; returns when its handler is done."""
        action = self.toolbar_action(text)
        button = self.window.toolbar.widgetForAction(action)
        assert isinstance(button, QToolButton)
        assert button.isEnabled(), f"{text!r} is disabled"
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        return action

    def menu_bar_titles(self) -> list[str]:
        return [a.text() for a in self.window.menuBar().actions()]

    def menu_bar_menu(self, title: str) -> QMenu:
        """The menu under a menu-bar title ('Hjälp' or '&Hjälp'), prepared as when it opens."""
        found = [
            a.menu() for a in self.window.menuBar().actions() if visible(a.text()) == visible(title)
        ]
        assert len(found) == 1, (title, self.menu_bar_titles())
        menu = found[0]
        assert isinstance(menu, QMenu)
        menu.aboutToShow.emit()
        return menu

    def menu_bar_action(self, title: str, text: str) -> QAction:
        menu = self.menu_bar_menu(title)
        found = [a for a in menu.actions() if a.text() == text]
        assert len(found) == 1, (text, [a.text() for a in menu.actions()])
        return found[0]

    def choose_from_menu_bar(self, title: str, text: str) -> QAction:
        """Menu bar › title › text; returns when the entry's handler is done."""
        action = self.menu_bar_action(title, text)
        assert action.isEnabled(), f"{title} › {text} is disabled"
        action.trigger()
        return action

    def menu_path_action(self, title: str, *path: str) -> QAction:
        """Menu bar › title › submenu › … › entry, each found by its visible text (mnemonic
        markers ignored), each submenu prepared as when it opens."""
        menu = self.menu_bar_menu(title)
        *submenus, text = path
        for name in submenus:
            found = [
                a.menu()
                for a in menu.actions()
                if isinstance(a.menu(), QMenu) and visible(a.text()) == visible(name)
            ]
            assert len(found) == 1, (name, [visible(a.text()) for a in menu.actions()])
            submenu = found[0]
            assert isinstance(submenu, QMenu)
            submenu.aboutToShow.emit()
            menu = submenu
        entries = [a for a in menu.actions() if visible(a.text()) == visible(text)]
        assert len(entries) == 1, (text, [visible(a.text()) for a in menu.actions()])
        return entries[0]

    def choose_from_menu_path(self, title: str, *path: str) -> QAction:
        """Menu bar › title › … › entry through its submenus; returns when the handler is
        done."""
        action = self.menu_path_action(title, *path)
        assert action.isEnabled(), f"{title} › {' › '.join(path)} is disabled"
        action.trigger()
        return action

    # -- what follows: modal dialogs and message boxes ------------------------------------------

    def modals(self, timeout_s: float = 15.0) -> ModalScript:
        """A script of steps for the modal dialogs the next click opens (call start())."""
        return ModalScript(timeout_s)

    def answers(self, *confirm: bool) -> Answers:
        """Message boxes: questions answered in this order, infos and errors recorded."""
        return Answers(self.monkeypatch, *confirm)
