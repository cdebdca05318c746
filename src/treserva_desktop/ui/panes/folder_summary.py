"""When a folder or unit is selected: a short Swedish summary, never an empty pane."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from treserva_desktop.db.queries.counts import NewAssignmentCounts
from treserva_desktop.domain.numbers import grouped
from treserva_desktop.domain.views.not_current import NotCurrentPerson, NotCurrentTally
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.panes import summaries
from treserva_desktop.ui.panes.dashboard import Dashboard
from treserva_desktop.ui.tree.kinds import kind_spec, node_icon
from treserva_desktop.ui.tree.nodes import Node, NodeKind
from treserva_desktop.ui.tree.paged_folders import new_assignment_tally_of
from treserva_desktop.ui.widgets.common import (
    fit_columns,
    fit_columns_in,
    fit_height,
    icon_heading,
    muted_label,
    read_only_table,
)
from treserva_desktop.ui.widgets.table_model import Column, RowTableModel

ChildrenOf = Callable[[Node], list[Node]]


class RowPager(Protocol):
    """Where a node's children come in pages (the tree model): the list fetches through it,
    so the tree and the list share the pages."""

    def has_more(self, node: Node) -> bool: ...

    def fetch_more(self, node: Node) -> int: ...

    def person_count(self, node: Node) -> int: ...

    def not_current_tally(self, node: Node) -> NotCurrentTally: ...

    def new_assignment_tally(self, node: Node) -> NewAssignmentCounts: ...


class ChildRows(RowTableModel[Node]):
    """A node's children as rows (notices left out). When the node's children come in pages,
    scrolling the list to its end shows the next page: the rows the tree has loaded past the
    listed ones, else one more page fetched through the pager."""

    def __init__(self, pager: RowPager | None) -> None:
        super().__init__(
            summaries.PERSON_COLUMNS,
            alert=lambda n: n.overdue,
            bold=lambda n: n.unread,
            muted=lambda n: n.muted,
        )
        self.pager = pager
        self.source: Node | None = None
        # The last child of source the rows have taken, and how many children that was.
        self._last: Node | None = None
        self._taken = 0

    def show_rows(self, rows: list[Node], source: Node | None = None) -> None:
        self.source = source
        self._take_all()
        self.set_rows(rows)

    def _take_all(self) -> None:
        children = self.source.children if self.source is not None else []
        self._last = children[-1] if children else None
        self._taken = len(children)

    def _current(self) -> bool:
        """Whether the rows are still a prefix of source's children (not reloaded since)."""
        source = self.source
        return source is not None and (self._last is None or self._last.parent is source)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        source = self.source
        if parent.isValid() or source is None or self.pager is None or not self._current():
            return False
        return len(source.children) > self._taken or self.pager.has_more(source)

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        if not self.canFetchMore(parent):
            return
        source, pager = self.source, self.pager
        assert source is not None
        assert pager is not None
        if len(source.children) == self._taken:
            pager.fetch_more(source)
        new = [c for c in source.children[self._taken :] if c.kind is not NodeKind.NOTICE]
        self._take_all()
        if new:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self.rows.extend(new)
            self.endInsertRows()


class FolderSummaryPane(QWidget):
    """Heading, a few sentences and (where useful) a list of what the node contains. What it
    says about a node is its kind's `summary` (ui/panes/summaries.py)."""

    node_activated = Signal(object)  # Node: a row of the list was double-clicked

    def __init__(
        self,
        ctx: AppContext,
        children_of: ChildrenOf,
        parent: QWidget | None = None,
        *,
        pager: RowPager | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("folder_summary")
        self.ctx = ctx
        self.children_of = children_of
        self.pager = pager
        header, self.icon_label, self.title = icon_heading(icon("folder"), "")
        self.title.setObjectName("summary_title")
        self.text = QLabel()
        self.text.setObjectName("summary_text")
        self.text.setWordWrap(True)
        self.text.setOpenExternalLinks(False)
        self.hint = muted_label()
        self.hint.setObjectName("summary_hint")
        # Mitt skrivbord's counts (ui/panes/dashboard.py), shown by the desktop's summary only.
        self.dashboard = Dashboard(ctx, parent=self)
        self.dashboard.hide()
        self.model = ChildRows(pager)
        self.model.rowsInserted.connect(self._show_hint)
        self._hint = ""
        self.table = read_only_table("summary_rows")
        self.table.setModel(self.model)
        self.table.doubleClicked.connect(self._row_activated)
        self.table.activated.connect(self._row_activated)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.text)
        layout.addWidget(self.dashboard)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addStretch(0)
        self.node: Node | None = None

    def _row_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.node_activated.emit(self.model.row(index))

    def show_node(self, node: Node) -> None:
        self.node = node
        node_icon_ = node_icon(node)
        if node_icon_ is not None:
            self.icon_label.setPixmap(node_icon_.pixmap(32, 32))
        self.title.setText(node.title)
        self.hint.setText("")
        self.dashboard.hide()
        # No list until the node's summary gives one: never the previous node's rows.
        self.show_list(summaries.PERSON_COLUMNS, [])
        summary = kind_spec(node.kind).summary or summaries.notice
        summary(self, node)

    # -- what the summaries write with --------------------------------------------------------

    def show_dashboard(self) -> None:
        """The count tiles the user may see (none for a role without any), counted anew
        where stale once the pane is painted."""
        if not self.dashboard.tiles:
            return
        self.dashboard.show()
        self.dashboard.schedule()

    def paragraphs(self, *paragraphs: str) -> None:
        self.text.setText("".join(f"<p>{p}</p>" for p in paragraphs if p))

    def show_list(
        self,
        columns: list[Column[Node]],
        rows: list[Node],
        hint: str = "",
        *,
        source: Node | None = None,
        long_texts: tuple[int, ...] = (),
        stretch: int | None = None,
    ) -> None:
        """The rows in a list; with `source`, the rows are its children and the list shows
        more of them, page by page, when scrolled to the end. With `long_texts` or `stretch`
        the columns share the pane's width (fit_columns_within): the long ones elide, the
        `stretch` one takes what is left, short ones (dates, Ja/Nej) keep their contents'
        width; without, each column takes its contents and the last one stretches."""
        self._hint = (
            (hint or "Dubbelklicka på en rad för att gå till den i trädet.") if rows else ""
        )
        self.model.columns = columns
        self.model.show_rows(rows, source)
        # Another node's list starts at its top: the previous list's scroll position would
        # open this one at its end (and fetch its next page unasked).
        self.table.scrollToTop()
        self.table.setVisible(bool(rows))
        if rows:
            if long_texts or stretch is not None:
                fit_columns_in(self.table, long_texts, self, stretch=stretch)
            else:
                fit_columns(self.table)
            fit_height(self.table, len(rows))
        self._show_hint()

    def _show_hint(self, *_args: object) -> None:
        """The hint under the list; while a paged list has more rows to show, first how many
        of how many it shows, so a list of 250 rows is not taken for the whole unit."""
        model, source = self.model, self.model.source
        text = self._hint
        if source is not None and model.canFetchMore(QModelIndex()):
            shown = sum(1 for row in model.rows if row.kind is NodeKind.PERSON)
            total = self.person_count(source)
            text = (
                f"Listan visar {grouped(shown)} av {grouped(total)} "
                f"personer – fler visas när du rullar nedåt. {text}"
            )
        self.hint.setText(text)

    def child_rows(self, node: Node) -> list[Node]:
        return [c for c in self.children_of(node) if c.kind is not NodeKind.NOTICE]

    def person_count(self, node: Node) -> int:
        """How many persons the node lists, also those on pages not loaded yet."""
        if self.pager is not None:
            return self.pager.person_count(node)
        return sum(1 for c in self.children_of(node) if c.kind is NodeKind.PERSON)

    def not_current_tally(self, node: Node) -> NotCurrentTally:
        """Ej aktuella's numbers over every person it lists, also on pages not loaded yet."""
        if self.pager is not None:
            return self.pager.not_current_tally(node)
        return NotCurrentTally.of(
            row.payload
            for row in self.child_rows(node)
            if isinstance(row.payload, NotCurrentPerson)
        )

    def new_assignment_tally(self, node: Node) -> NewAssignmentCounts:
        """Nya uppdrag's numbers over every person it lists, also on pages not loaded yet."""
        if self.pager is not None:
            return self.pager.new_assignment_tally(node)
        return new_assignment_tally_of(self.child_rows(node))

    def notices(self, node: Node) -> str:
        return " ".join(
            html.escape(c.label) for c in self.children_of(node) if c.kind is NodeKind.NOTICE
        )
