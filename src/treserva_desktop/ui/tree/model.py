"""The main tree as a hand-written QAbstractItemModel over plain Node objects, loaded lazily."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon

from treserva_desktop.domain.changes import ChangeKind
from treserva_desktop.domain.enums import Folder
from treserva_desktop.ui.events import AppEvents
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.qt_compat import emit
from treserva_desktop.ui.tree.loader import TreeLoader
from treserva_desktop.ui.tree.node_model import NO_INDEX, AnyIndex, NodeTreeModel
from treserva_desktop.ui.tree.nodes import FOLDER_OF_KIND, Node, NodeKind

log = logging.getLogger(__name__)

# Which folders a change can affect; the tree reloads only these (if they were loaded).
AFFECTED_FOLDERS: dict[ChangeKind, frozenset[Folder]] = {
    ChangeKind.ASSIGNMENTS: frozenset({Folder.NEW_ASSIGNMENTS, Folder.MY_UNITS}),
    ChangeKind.EXECUTIONS: frozenset(
        {Folder.NEW_ASSIGNMENTS, Folder.MY_UNITS, Folder.NOT_CURRENT, Folder.MY_PERSONS}
    ),
    ChangeKind.PERSONS: frozenset(
        {Folder.NEW_ASSIGNMENTS, Folder.MY_PERSONS, Folder.NOT_CURRENT, Folder.MY_UNITS}
    ),
    ChangeKind.MESSAGES: frozenset({Folder.INBOX}),
    ChangeKind.MY_PERSONS: frozenset({Folder.MY_PERSONS}),
    ChangeKind.JOURNALS: frozenset({Folder.MY_UNITS, Folder.MY_PERSONS}),
    ChangeKind.PLANS: frozenset({Folder.MY_UNITS, Folder.MY_PERSONS}),
    ChangeKind.CONTRACTS: frozenset({Folder.MY_UNITS}),
    ChangeKind.DEVIATIONS: frozenset(),
    ChangeKind.UNITS: frozenset({Folder.MY_UNITS}),
    ChangeKind.VIEW_SETTINGS: frozenset({Folder.NOT_CURRENT}),
}

OVERDUE_COLOR = QColor("#a31515")
MUTED_COLOR = QColor("#6b6b6b")

_FOLDER_ICONS: dict[NodeKind, str] = {
    NodeKind.FOLDER_DESKTOP: "desktop",
    NodeKind.FOLDER_NEW_ASSIGNMENTS: "folder_new",
    NodeKind.FOLDER_INBOX: "inbox",
    NodeKind.FOLDER_MY_PERSONS: "folder_persons",
    NodeKind.FOLDER_NOT_CURRENT: "folder_not_current",
    NodeKind.FOLDER_MY_UNITS: "folder",
    NodeKind.UNIT: "unit",
    NodeKind.INSATS_GF: "interventions",
    NodeKind.INTERVENTION: "intervention",
    NodeKind.DOKUMENT_GF: "documents",
}


def node_icon(node: Node) -> QIcon | None:
    if node.kind is NodeKind.PERSON:
        return icon("person_protected" if node.protected else "person")
    if node.kind is NodeKind.ASSIGNMENT:
        return icon("assignment_overdue" if node.overdue else "assignment")
    if node.kind is NodeKind.MESSAGE:
        return icon("message" if node.unread else "message_read")
    name = _FOLDER_ICONS.get(node.kind)
    return icon(name) if name else None


def affected_folders(kinds: Iterable[ChangeKind]) -> frozenset[Folder]:
    result: set[Folder] = set()
    for kind in kinds:
        result |= AFFECTED_FOLDERS.get(kind, frozenset())
    return frozenset(result)


class TreeModel(NodeTreeModel[Node]):
    """Fixed folders from the Folder enum; everything below them is fetched on demand."""

    # Emitted around reload(node) so the view can keep expansion and selection.
    branch_reloading = Signal(object)
    branch_reloaded = Signal(object)

    def __init__(
        self, loader: TreeLoader, events: AppEvents | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(Node(kind=NodeKind.NOTICE, label="", loaded=True, expandable=True), parent)
        self.loader = loader
        self._root.set_children([loader.desktop()])
        self._fetching = False
        loader.update_counts(self.folders)
        if events is not None:
            events.data_changed.connect(self.on_data_changed)

    # -- structure ----------------------------------------------------------------------------

    @property
    def root(self) -> Node:
        return self._root

    @property
    def desktop(self) -> Node:
        return self._root.children[0]

    @property
    def folders(self) -> dict[Folder, Node]:
        result = {Folder.DESKTOP: self.desktop}
        for child in self.desktop.children:
            if child.folder is not None:
                result[child.folder] = child
        return result

    def folder_node(self, folder: Folder) -> Node:
        return self.folders[folder]

    def index_for(self, node: Node) -> QModelIndex:
        if node is self._root or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.row(), 0, node)

    # -- QAbstractItemModel -------------------------------------------------------------------

    def hasChildren(self, parent: AnyIndex = NO_INDEX) -> bool:
        if parent.isValid() and parent.column() > 0:
            return False
        return self.node(parent).has_children

    def canFetchMore(self, parent: AnyIndex) -> bool:
        if parent.isValid() and parent.column() > 0:
            return False
        node = self.node(parent)
        return not node.loaded and node.expandable

    def fetchMore(self, parent: AnyIndex) -> None:
        if self._fetching or not self.canFetchMore(parent):
            return
        node = self.node(parent)
        self._fetching = True
        try:
            children = self.loader.children(node)
        finally:
            self._fetching = False
        if not children:
            node.set_children([])
            # The expand arrow goes away: hasChildren is now False.
            emit(self.dataChanged, parent, parent)
            return
        self.beginInsertRows(parent, 0, len(children) - 1)
        node.set_children(children)
        self.endInsertRows()

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self.node(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return node.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return node.tooltip or node.label
        if role == Qt.ItemDataRole.DecorationRole:
            return node_icon(node)
        if role == Qt.ItemDataRole.FontRole:
            return self._font(node)
        if role == Qt.ItemDataRole.ForegroundRole:
            if node.overdue:
                return OVERDUE_COLOR
            if node.muted or node.kind is NodeKind.NOTICE:
                return MUTED_COLOR
            return None
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return node.tooltip or None
        return None

    @staticmethod
    def _font(node: Node) -> QFont | None:
        if node.kind is NodeKind.NOTICE:
            font = QFont()
            font.setItalic(True)
            return font
        if node.bold or node.unread or node.overdue:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return "Mitt skrivbord"
        return None

    # -- loading and reloading ----------------------------------------------------------------

    def ensure_loaded(self, node: Node) -> None:
        if not node.loaded and node.expandable:
            self.fetchMore(self.index_for(node))

    def refresh_counts(self) -> None:
        """Re-query the folder counts and repaint those rows."""
        self.loader.update_counts(self.folders)
        for node in self.desktop.children:
            index = self.index_for(node)
            emit(self.dataChanged, index, index)

    def reload(self, node: Node | None = None) -> None:
        """Drop and refetch one branch (the whole desktop when node is None or the root)."""
        if node is None or node is self._root or node.kind is NodeKind.FOLDER_DESKTOP:
            self.refresh_counts()
            for folder in self.desktop.children:
                self.reload(folder)
            return
        emit(self.branch_reloading, node)
        was_loaded = node.loaded
        index = self.index_for(node)
        if node.children:
            self.beginRemoveRows(index, 0, len(node.children) - 1)
            for child in node.children:
                child.parent = None
            node.children = []
            # Still "loaded" until the removal is announced: a listener must not fetch here.
            self.endRemoveRows()
        node.loaded = False
        if FOLDER_OF_KIND.get(node.kind) is not None:
            self.refresh_counts()
        if was_loaded:
            self.fetchMore(index)
        emit(self.dataChanged, index, index)
        emit(self.branch_reloaded, node)

    def on_data_changed(self, kinds: Iterable[ChangeKind]) -> None:
        """After a committed action: refresh counts, reload only the affected folders."""
        folders = affected_folders(kinds)
        log.debug("reloading folders %s", sorted(folders))
        self.refresh_counts()
        for folder in folders:
            node = self.folders.get(folder)
            if node is not None and node.loaded:
                self.reload(node)

    # -- lookup ---------------------------------------------------------------------------------

    def find_by_path(self, labels: Sequence[str]) -> Node | None:
        """Walk labels from the top ('Mitt skrivbord', 'Nya uppdrag', ...), fetching as needed.

        A label matches with or without its ' (N)' count, and a person also by name alone.
        """
        node = self._root
        for label in labels:
            self.ensure_loaded(node)
            match = next((child for child in node.children if child.matches(label)), None)
            if match is None:
                return None
            node = match
        return node

    def find(self, predicate: Any, start: Node | None = None) -> Node | None:
        """The first node (depth first, loading as needed) for which predicate(node) holds."""
        stack = [start or self._root]
        while stack:
            node = stack.pop(0)
            if node is not self._root and predicate(node):
                return node
            self.ensure_loaded(node)
            stack[0:0] = node.children
        return None
