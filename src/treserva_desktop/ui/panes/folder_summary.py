"""When a folder or unit is selected: a short Swedish summary, never an empty pane."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.panes import summaries
from treserva_desktop.ui.tree.kinds import kind_spec, node_icon
from treserva_desktop.ui.tree.nodes import Node, NodeKind
from treserva_desktop.ui.widgets.common import (
    fit_columns,
    fit_height,
    icon_heading,
    muted_label,
    read_only_table,
)
from treserva_desktop.ui.widgets.table_model import Column, RowTableModel

ChildrenOf = Callable[[Node], list[Node]]


class FolderSummaryPane(QWidget):
    """Heading, a few sentences and (where useful) a list of what the node contains. What it
    says about a node is its kind's `summary` (ui/panes/summaries.py)."""

    node_activated = Signal(object)  # Node: a row of the list was double-clicked

    def __init__(
        self, ctx: AppContext, children_of: ChildrenOf, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("folder_summary")
        self.ctx = ctx
        self.children_of = children_of
        header, self.icon_label, self.title = icon_heading(icon("folder"), "")
        self.title.setObjectName("summary_title")
        self.text = QLabel()
        self.text.setObjectName("summary_text")
        self.text.setWordWrap(True)
        self.text.setOpenExternalLinks(False)
        self.hint = muted_label()
        self.hint.setObjectName("summary_hint")
        self.model: RowTableModel[Node] = RowTableModel(
            summaries.PERSON_COLUMNS,
            alert=lambda n: n.overdue,
            bold=lambda n: n.unread,
            muted=lambda n: n.muted,
        )
        self.table = read_only_table("summary_rows")
        self.table.setModel(self.model)
        self.table.doubleClicked.connect(self._row_activated)
        self.table.activated.connect(self._row_activated)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.text)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addStretch(1)
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
        summary = kind_spec(node.kind).summary or summaries.notice
        summary(self, node)

    # -- what the summaries write with --------------------------------------------------------

    def paragraphs(self, *paragraphs: str) -> None:
        self.text.setText("".join(f"<p>{p}</p>" for p in paragraphs if p))

    def show_list(self, columns: list[Column[Node]], rows: list[Node], hint: str = "") -> None:
        self.model.columns = columns
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        if rows:
            fit_columns(self.table)
            fit_height(self.table, len(rows))
            self.hint.setText(hint or "Dubbelklicka på en rad för att gå till den i trädet.")

    def child_rows(self, node: Node) -> list[Node]:
        return [c for c in self.children_of(node) if c.kind is not NodeKind.NOTICE]

    def notices(self, node: Node) -> str:
        return " ".join(
            html.escape(c.label) for c in self.children_of(node) if c.kind is NodeKind.NOTICE
        )
