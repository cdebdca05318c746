"""The structural part of a one-column QAbstractItemModel over linked tree nodes.

A node knows its `parent`, its `children` and its `row()` among its siblings; the model keeps an
invisible root node and maps indexes to nodes. Subclasses add data(), flags() and any loading.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, Protocol, Self, TypeVar

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex

AnyIndex = QModelIndex | QPersistentModelIndex
# An invalid index (the invisible root); Qt treats it as a value, so one instance is safe.
NO_INDEX = QModelIndex()


class TreeNode(Protocol):
    @property
    def parent(self) -> Self | None: ...

    @property
    def children(self) -> Sequence[Self]: ...

    def row(self) -> int: ...


N = TypeVar("N", bound=TreeNode)


class NodeTreeModel(QAbstractItemModel, Generic[N]):
    """index/parent/rowCount/columnCount over the nodes below `_root` (one column)."""

    def __init__(self, root: N, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = root

    def node(self, index: AnyIndex) -> N:
        """The node of an index; the invisible root for an invalid index."""
        if not index.isValid():
            return self._root
        node = index.internalPointer()
        assert isinstance(node, type(self._root))
        return node

    def index(self, row: int, column: int, parent: AnyIndex = NO_INDEX) -> QModelIndex:
        # The bounds checked here, not with hasIndex(): that calls back into rowCount() and
        # columnCount(), three Python calls per row where a view lays out thousands of rows.
        if column != 0 or row < 0:
            return QModelIndex()
        if parent.isValid():
            if parent.column() > 0:
                return QModelIndex()
            # Qt asks for every row it lays out: the parent node straight from the index.
            children = parent.internalPointer().children
        else:
            children = self._root.children
        if row >= len(children):
            return QModelIndex()
        return self.createIndex(row, 0, children[row])

    def parent(self, index: AnyIndex | None = None) -> Any:
        # Without an index this is QObject.parent().
        if index is None:
            return super().parent()
        if not index.isValid():
            return QModelIndex()
        parent = self.node(index).parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row(), 0, parent)

    def rowCount(self, parent: AnyIndex = NO_INDEX) -> int:
        if parent.isValid() and parent.column() > 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: AnyIndex = NO_INDEX) -> int:
        return 1
