"""The one fake ActionHost for handler tests: a main window without tree or panes."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QWidget

from treserva_desktop.domain.enums import Folder
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.tree.nodes import Node


class FakeHost(QMainWindow):
    """Everything ActionHost offers; what handlers ask of the window is recorded in `calls`.

    A QMainWindow so handlers that report in the status bar can. `parent` is the widget the
    handlers open their dialogs and windows on (the host itself unless given).
    """

    def __init__(
        self, ctx: AppContext, node: Node | None = None, *, parent: QWidget | None = None
    ) -> None:
        super().__init__()
        self._ctx = ctx
        self.node = node
        self._parent = parent
        self.calls: list[tuple[str, object]] = []

    @property
    def ctx(self) -> AppContext:
        return self._ctx

    def widget(self) -> QWidget:
        return self if self._parent is None else self._parent

    def current_node(self) -> Node | None:
        return self.node

    def reload_branch(self, node: Node | None) -> None:
        self.calls.append(("reload", node))

    def open_node(self, node: Node) -> None:
        self.calls.append(("open", node))

    def go_to_folder(self, folder: Folder) -> None:
        self.calls.append(("go", folder))

    def reveal_assignment(self, assignment_id: int) -> bool:
        self.calls.append(("reveal", assignment_id))
        return True

    def reveal_person(self, person_id: int) -> bool:
        self.calls.append(("reveal_person", person_id))
        return True

    def request_logout(self) -> None:
        self.calls.append(("logout", None))

    def request_quit(self) -> None:
        self.calls.append(("quit", None))
