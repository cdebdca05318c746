"""The main tree as a hand-written QAbstractItemModel over plain Node objects, loaded lazily."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont

from treserva_desktop.db.queries.counts import NewAssignmentCounts
from treserva_desktop.domain.changes import ChangeSet
from treserva_desktop.domain.enums import Folder
from treserva_desktop.domain.views.not_current import NotCurrentPerson, NotCurrentTally
from treserva_desktop.ui.events import AppEvents
from treserva_desktop.ui.tree.kinds import (
    KINDS,
    counted_after,
    is_touched,
    kind_spec,
    kinds_refreshed_by,
    node_icon,
)
from treserva_desktop.ui.tree.loader import TreeLoader
from treserva_desktop.ui.tree.node_model import NO_INDEX, AnyIndex, NodeTreeModel
from treserva_desktop.ui.tree.nodes import Node, NodeKind
from treserva_desktop.ui.tree.paged_folders import new_assignment_tally_of

log = logging.getLogger(__name__)

# One value for every row: Qt asks for the flags of each row it lays out.
ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
# The kinds whose children come in pages (a loader for the next page).
_PAGED_KINDS = tuple(kind for kind, spec in KINDS.items() if spec.more is not None)
OVERDUE_COLOR = QColor("#a31515")
MUTED_COLOR = QColor("#6b6b6b")


class TreeModel(NodeTreeModel[Node]):
    """Fixed folders from the Folder enum; everything below them is fetched on demand."""

    # Emitted around reload(node) so the view can keep expansion and selection.
    branch_reloading = Signal(object)
    branch_reloaded = Signal(object)

    def __init__(
        self, loader: TreeLoader, events: AppEvents | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(Node(kind=NodeKind.NOTICE, label="", loaded=True), parent)
        self.loader = loader
        # The loaded nodes by kind, so a change reloads the nodes it concerns without a walk
        # over the tree; kept as branches are fetched and dropped.
        self._loaded: dict[NodeKind, set[Node]] = {}
        self._root.set_children([loader.desktop()])
        self._remember(self._root.children)
        self._fetching = False
        # The nodes the last change reloaded or counted again (unchanged_by_last_change).
        self._changed: set[Node] = set()
        # Which committed change the tree last applied (counted from 1), and how many branch
        # reloads are under way: a pane drawn during a change but outside any reload (the view
        # selecting a node again once its branch is back) already shows the change.
        self.change_serial = 0
        self.reloads_under_way = 0
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

    @staticmethod
    def has_children(node: Node) -> bool:
        """Loaded: whether it has any; else whether its kind has children to query."""
        return bool(node.children) if node.loaded else KINDS[node.kind].children is not None

    def hasChildren(self, parent: AnyIndex = NO_INDEX) -> bool:
        # Qt asks twice for every row it lays out: the node straight from the index.
        if not parent.isValid():
            return bool(self._root.children)
        if parent.column() > 0:
            return False
        node: Node = parent.internalPointer()
        return bool(node.children) if node.loaded else KINDS[node.kind].children is not None

    def canFetchMore(self, parent: AnyIndex) -> bool:
        """Whether the node's children are still to be queried (its first page). Later pages
        are not offered here: QTreeView fetches more of every expanded node that can fetch more
        each time it lays out its rows, which would load a page per relayout; the view asks
        for them with fetch_more when a node's last loaded row scrolls into view."""
        if parent.isValid() and parent.column() > 0:
            return False
        node = self.node(parent)
        return not node.loaded and not kind_spec(node.kind).leaf

    def load_children(self, node: Node) -> list[Node]:
        """Query the children of one node with its kind's loader (one read session)."""
        load = kind_spec(node.kind).children
        return load(self.loader, node) if load is not None else []

    def fetchMore(self, parent: AnyIndex) -> None:
        if self._fetching or not self.canFetchMore(parent):
            return
        node = self.node(parent)
        # Guarded until the rows are announced: a listener (the model tester, a view) may ask
        # to fetch again while they are being inserted.
        self._fetching = True
        try:
            children = self.load_children(node)
            if not children:
                node.set_children([])
                # The expand arrow goes away: hasChildren is now False.
                self.dataChanged.emit(parent, parent)
            else:
                self.beginInsertRows(parent, 0, len(children) - 1)
                node.set_children(children)
                self.endInsertRows()
        finally:
            self._fetching = False
        self._remember([node])

    # -- paged children -------------------------------------------------------------------------

    def has_more(self, node: Node) -> bool:
        """Whether the node's children come in pages and some are not loaded yet."""
        return node.loaded and node.more is not None

    def partial_nodes(self) -> frozenset[Node]:
        """The loaded nodes with more children to fetch (few: the big units opened), among
        the loaded nodes of the kinds whose children come in pages."""
        return frozenset(
            node
            for kind in _PAGED_KINDS
            for node in self._loaded.get(kind, ())
            if node.more is not None
        )

    def fetch_more(self, node: Node) -> int:
        """Append the next page of a partly loaded node's children; how many rows came."""
        load = kind_spec(node.kind).more
        if self._fetching or load is None or not self.has_more(node):
            return 0
        self._fetching = True
        try:
            rows = load(self.loader, node)
            if rows:
                first = len(node.children)
                self.beginInsertRows(self.index_for(node), first, first + len(rows) - 1)
                node.insert_children(first, rows)
                self.endInsertRows()
        finally:
            self._fetching = False
        log.debug("fetched %d more rows of a %s node", len(rows), node.kind)
        return len(rows)

    def load_until(self, node: Node, predicate: Callable[[Node], bool]) -> Node | None:
        """The first child for which predicate holds, fetching the node's children and then
        page after page of them until it is there (or there are no more)."""
        self.ensure_loaded(node)
        checked = 0
        while True:
            for child in node.children[checked:]:
                if predicate(child):
                    return child
            checked = len(node.children)
            if not self.fetch_more(node):
                return None

    def person_count(self, node: Node) -> int:
        """How many persons a node lists in all, loaded or not (a unit, Ej aktuella or Nya
        uppdrag: one count query)."""
        if self.has_more(node) and node.kind is NodeKind.UNIT:
            total = self.loader.unit_person_count(node)
            if total is not None:
                return total
        if node.kind is NodeKind.FOLDER_NOT_CURRENT:
            return self.not_current_tally(node).listed
        if node.kind is NodeKind.FOLDER_NEW_ASSIGNMENTS:
            return self.new_assignment_tally(node).persons
        return sum(1 for child in node.children if child.kind is NodeKind.PERSON)

    def new_assignment_tally(self, node: Node) -> NewAssignmentCounts:
        """Nya uppdrag's numbers over every person it lists: counted in SQL while pages are
        still to come, else from the loaded rows."""
        if self.has_more(node):
            counts = self.loader.new_assignment_counts(node)
            if counts is not None:
                return counts
        return new_assignment_tally_of(node.children)

    def not_current_tally(self, node: Node) -> NotCurrentTally:
        """Ej aktuella's numbers over every person it lists: counted in SQL while pages are
        still to come, else from the loaded rows."""
        if self.has_more(node):
            tally = self.loader.not_current_tally(node)
            if tally is not None:
                return tally
        return NotCurrentTally.of(
            child.payload for child in node.children if isinstance(child.payload, NotCurrentPerson)
        )

    def _remember(self, nodes: list[Node]) -> None:
        """Index the loaded nodes among these and below them (they came with their children)."""
        stack = list(nodes)
        while stack:
            node = stack.pop()
            if node.loaded and not kind_spec(node.kind).leaf:
                self._loaded.setdefault(node.kind, set()).add(node)
                stack.extend(node.children)

    def _forget(self, nodes: list[Node]) -> None:
        stack = list(nodes)
        while stack:
            node = stack.pop()
            if node.loaded:
                self._loaded.get(node.kind, set()).discard(node)
                stack.extend(node.children)

    def loaded_nodes(self, kind: NodeKind) -> frozenset[Node]:
        return frozenset(self._loaded.get(kind, ()))

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return ROW_FLAGS

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
            if node.muted or kind_spec(node.kind).notice:
                return MUTED_COLOR
            return None
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return node.tooltip or None
        return None

    @staticmethod
    def _font(node: Node) -> QFont | None:
        if kind_spec(node.kind).notice:
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
        if not node.loaded and not kind_spec(node.kind).leaf:
            self.fetchMore(self.index_for(node))

    def refresh_counts(self, change: ChangeSet | None = None) -> None:
        """Re-query the folder counts (after a change: only those it may have changed) and
        repaint those rows."""
        counted = None if change is None else counted_after(change)
        if counted is not None and not counted:
            return
        self.loader.update_counts(self.folders, counted)
        for node in self.desktop.children:
            index = self.index_for(node)
            self.dataChanged.emit(index, index)

    def reload(self, node: Node | None = None) -> None:
        """Drop and refetch one branch (the whole desktop when node is None or the root)."""
        if node is None or node is self._root or node.kind is NodeKind.FOLDER_DESKTOP:
            self.refresh_counts()
            for folder in list(self.desktop.children):
                self._reload_branch(folder)
            return
        if node.folder is not None:
            self.refresh_counts()
        self._reload_branch(node)

    def _reload_branch(self, node: Node) -> None:
        self.reloads_under_way += 1
        try:
            self._reload_rows(node)
        finally:
            self.reloads_under_way -= 1
        self.branch_reloaded.emit(node)

    def _reload_rows(self, node: Node) -> None:
        self.branch_reloading.emit(node)
        was_loaded = node.loaded
        index = self.index_for(node)
        # The pages loaded so far come back in one query: the rows the user may be looking at.
        node.min_rows = len(node.children)
        if node.children:
            self.beginRemoveRows(index, 0, len(node.children) - 1)
            # Still "loaded" until the removal is announced: a listener must not fetch here.
            removed = node.remove_children(0, len(node.children))
            self.endRemoveRows()
            self._forget(removed)
        self._forget([node])
        node.loaded = False
        node.more = None
        if was_loaded:
            self.fetchMore(index)
        self.dataChanged.emit(index, index)

    def on_data_changed(self, change: ChangeSet) -> None:
        """After a committed action: refresh the counts once, then reload each loaded node
        the change touched, once: of a kind refreshed by one of its kinds, and (for kinds that
        know their ids) showing a unit or person it touched. A node inside a branch that is
        reloaded anyway is rebuilt with it."""
        self.change_serial += 1
        refreshed = kinds_refreshed_by(change.kinds)
        candidates = [node for kind in refreshed for node in self._loaded.get(kind, ())]
        targets = {node for node in candidates if is_touched(node, change)}
        log.debug(
            "reloading %d of %d loaded nodes of kinds %s",
            len(targets),
            len(candidates),
            sorted(refreshed),
        )
        self.refresh_counts(change)
        outermost = [node for node in targets if not _inside_any(node, targets)]
        counted = counted_after(change)
        self._changed = set(outermost) | {
            node for node in self.desktop.children if node.folder in counted
        }
        for node in sorted(outermost, key=_position):
            self._reload_branch(node)

    def unchanged_by_last_change(self, node: Node) -> bool:
        """Whether the last change left `node`'s line of the tree as it was: neither the node,
        a node above it nor one below it was reloaded or counted again. A summary built from
        the node and its children then needs no redrawing."""
        if node in self._changed or _inside_any(node, self._changed):
            return False
        return not any(_inside_any(changed, {node}) for changed in self._changed)

    # -- lookup ---------------------------------------------------------------------------------

    def find_by_path(self, labels: Sequence[str]) -> Node | None:
        """Walk labels from the top ('Mitt skrivbord', 'Nya uppdrag', ...), fetching as needed.

        A label matches with or without its ' (N)' count, and a person also by name alone.
        """
        node = self._root
        for label in labels:
            match = self.load_until(node, _labelled(label))
            if match is None:
                return None
            node = match
        return node

    def find(self, predicate: Callable[[Node], bool], start: Node | None = None) -> Node | None:
        """The first node (depth first, loading children and their pages as needed) for which
        predicate(node) holds."""
        top = start or self._root
        if top is not self._root and predicate(top):
            return top
        # Each entry: a node and the position of its next child to visit.
        stack = [(top, 0)]
        while stack:
            node, position = stack.pop()
            if position == 0:
                self.ensure_loaded(node)
            if position >= len(node.children) and not self.fetch_more(node):
                continue
            child = node.children[position]
            stack.append((node, position + 1))
            if predicate(child):
                return child
            stack.append((child, 0))
        return None


def _labelled(label: str) -> Callable[[Node], bool]:
    return lambda node: node.matches(label)


def _inside_any(node: Node, nodes: set[Node]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent in nodes:
            return True
        parent = parent.parent
    return False


def _position(node: Node) -> tuple[int, ...]:
    """Rows from the top: sorts nodes in tree order, O(depth) each."""
    rows: list[int] = []
    current: Node | None = node
    while current is not None and current.parent is not None:
        rows.append(current.row())
        current = current.parent
    return tuple(reversed(rows))
