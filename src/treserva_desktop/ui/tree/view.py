"""The tree view: context menu from the action registry, Enter/double-click opens."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTreeView, QWidget

from treserva_desktop.ui.tree.model import TreeModel
from treserva_desktop.ui.tree.nodes import Node, NodeKind, NodeRef
from treserva_desktop.ui.widgets.common import FIT_ROWS

NodeKey = tuple[NodeKind, NodeRef]

KeyPath = tuple[NodeKey, ...]
# The children of each node visited while restoring, by key: one pass per parent, not per path.
ChildrenByKey = dict[Node, dict[NodeKey, Node]]


# A node's next page is fetched when its last loaded row is in view or at most this many
# viewport heights below it: scrolling on meets rows already there.
PREFETCH_SCREENS = 1


class TreeView(QTreeView):
    """Shows the TreeModel; keeps expansion, selection and scroll position across branch
    reloads; fetches the next page of a paged node when its last loaded row comes into view."""

    current_node_changed = Signal(object)  # Node | None
    open_requested = Signal(object)  # Node

    def __init__(self, model: TreeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree_model = model
        self.setModel(model)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setAnimated(False)
        self.setExpandsOnDoubleClick(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setAccessibleName("Mitt skrivbord")
        # Long labels (assignment titles) scroll sideways instead of being cut off, while the
        # selection still spans the whole width: see _fit_column.
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.header().setStretchLastSection(False)
        # Fitting the column measures the visible rows and FIT_ROWS around them, not every row
        # of an expanded unit; scrolling fits it again for the rows that come into view.
        self.header().setResizeContentsPrecision(FIT_ROWS)
        self.verticalScrollBar().valueChanged.connect(self._fit_column_later)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.expanded.connect(self._fit_column_later)
        self.collapsed.connect(self._fit_column_later)
        model.rowsInserted.connect(self._fit_column_later)
        model.rowsRemoved.connect(self._fit_column_later)
        model.dataChanged.connect(self._fit_column_later)
        self._fit_pending = False
        # The rows' width as last measured (sizeHintForColumn asks the model for every role of
        # the rows in view and FIT_ROWS around them); None once rows, expansion or scrolling
        # may have changed it. A resize that only changes the viewport's width needs no new
        # measurement: expanding a big unit resized the view twice (its scroll bars appear)
        # and measured the same rows four times, a third of the time to expand it.
        self._rows_width: int | None = None
        # Scrolling, PageDown/End, expanding, new rows, a taller window: a paged node's last
        # loaded row may have come into view.
        self._more_pending = False
        self.prefetch_screens = PREFETCH_SCREENS
        self.verticalScrollBar().valueChanged.connect(self._fetch_more_later)
        self.expanded.connect(self._fetch_more_later)
        model.rowsInserted.connect(self._fetch_more_later)
        self.menu_builder: Callable[[Node, QWidget], QMenu | None] | None = None
        self._saved: dict[int, tuple[list[KeyPath], KeyPath | None, int]] = {}
        self.customContextMenuRequested.connect(self._show_context_menu)
        self.activated.connect(self._on_activated)
        self.selectionModel().currentChanged.connect(self._on_current_changed)
        model.branch_reloading.connect(self._save_branch_state)
        model.branch_reloaded.connect(self._restore_branch_state)

    # -- column width ---------------------------------------------------------------------------

    def _fit_column_later(self, *_args: object) -> None:
        self._rows_width = None
        if not self._fit_pending:
            self._fit_pending = True
            QTimer.singleShot(0, self, self._fit_column)

    def _fit_column(self) -> None:
        self._fit_pending = False
        if self._rows_width is None:
            self._rows_width = self.sizeHintForColumn(0)
        width = max(self._rows_width, self.viewport().width())
        if self.header().sectionSize(0) != width:
            self.header().resizeSection(0, width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().height() > event.oldSize().height():
            # More rows come into view (when it shrinks, as a horizontal scroll bar appears,
            # the rows left in view were among those measured).
            self._rows_width = None
        self._fit_column()
        self._fetch_more_later()

    # -- paged children -------------------------------------------------------------------------

    def _fetch_more_later(self, *_args: object) -> None:
        if not self._more_pending:
            self._more_pending = True
            QTimer.singleShot(0, self, self.fetch_visible_more)

    def fetch_visible_more(self) -> bool:
        """Fetch the next page of one expanded paged node whose last loaded row is in view or
        just below it; the rows it inserts check again. Whether a page was fetched."""
        self._more_pending = False
        reach = (1 + self.prefetch_screens) * self.viewport().height()
        for node in self.tree_model.partial_nodes():
            if not node.children or not self._shown(node):
                continue
            rect = self.visualRect(self.tree_model.index_for(node.children[-1]))
            if rect.isValid() and rect.bottom() >= 0 and rect.top() < reach:
                return self.tree_model.fetch_more(node) > 0
        return False

    def _shown(self, node: Node) -> bool:
        """Whether the node's children are rows of the view (it and its ancestors expanded)."""
        return all(self.isExpanded(self.tree_model.index_for(n)) for n in [node, *node.ancestors()])

    # -- selection ----------------------------------------------------------------------------

    def current_node(self) -> Node | None:
        index = self.currentIndex()
        return self.tree_model.node(index) if index.isValid() else None

    def select_node(self, node: Node, *, expand: bool = False) -> None:
        for ancestor in reversed(node.ancestors()):
            self.setExpanded(self.tree_model.index_for(ancestor), True)
        index = self.tree_model.index_for(node)
        if expand:
            self.expand_node(node)
        self.setCurrentIndex(index)
        self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def expand_node(self, node: Node) -> None:
        self.tree_model.ensure_loaded(node)
        if node.children:
            self.setExpanded(self.tree_model.index_for(node), True)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_node_changed.emit(self.tree_model.node(current) if current.isValid() else None)

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.tree_model.node(index))

    # -- context menu -------------------------------------------------------------------------

    def _show_context_menu(self, position: QPoint) -> None:
        index = self.indexAt(position)
        if not index.isValid() or self.menu_builder is None:
            return
        self.setCurrentIndex(index)
        menu = self.menu_builder(self.tree_model.node(index), self)
        if menu is not None and not menu.isEmpty():
            menu.exec(self.viewport().mapToGlobal(position))
            menu.deleteLater()

    # -- keep state across reloads ------------------------------------------------------------

    def _key_path(self, node: Node, top: Node) -> KeyPath:
        path: list[NodeKey] = []
        current: Node | None = node
        while current is not None and current is not top:
            path.append(current.key)
            current = current.parent
        return tuple(reversed(path))

    def _save_branch_state(self, top: Node) -> None:
        expanded: list[KeyPath] = []
        stack = list(top.children)
        while stack:
            node = stack.pop()
            if node.children and self.isExpanded(self.tree_model.index_for(node)):
                expanded.append(self._key_path(node, top))
                stack.extend(node.children)
        current = self.current_node()
        selected = None
        if current is not None and current.is_below(top):
            selected = self._key_path(current, top)
        top_expanded = self.isExpanded(self.tree_model.index_for(top))
        scroll = self.verticalScrollBar().value()
        self._saved[id(top)] = (expanded if top_expanded else [], selected, scroll)

    def _walk(self, top: Node, path: KeyPath, by_key: ChildrenByKey) -> Node | None:
        node = top
        for key in path:
            self.tree_model.ensure_loaded(node)
            children = by_key.get(node)
            if children is None:
                children = by_key[node] = {child.key: child for child in node.children}
            found = children.get(key)
            if found is None and self.tree_model.has_more(node):
                # Moved beyond the rows reloaded (a new name): fetch pages until it is there.
                found = self.tree_model.load_until(node, _keyed(key))
                by_key.pop(node, None)
            if found is None:
                return None
            node = found
        return node

    def _restore_branch_state(self, top: Node) -> None:
        expanded, selected, scroll = self._saved.pop(id(top), ([], None, None))
        by_key: ChildrenByKey = {}
        for path in sorted(expanded, key=len):
            node = self._walk(top, path, by_key)
            if node is not None:
                self.expand_node(node)
        if scroll is not None:
            # The rows are back: lay them out, then show the part of the tree shown before.
            self.executeDelayedItemsLayout()
            self.verticalScrollBar().setValue(scroll)
        if selected is not None:
            node = self._walk(top, selected, by_key)
            self.select_node(node if node is not None else top)


def _keyed(key: NodeKey) -> Callable[[Node], bool]:
    return lambda node: node.key == key
