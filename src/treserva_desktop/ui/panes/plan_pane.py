"""A genomförandeplan selected under Dokument GF, read-only: goals, activities, follow-ups."""

from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from treserva_desktop.db.queries.plans import plan_view
from treserva_desktop.domain.views.plans import PlanView
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import fetch
from treserva_desktop.ui.tree.nodes import Node
from treserva_desktop.ui.widgets.common import icon_heading, muted_label
from treserva_desktop.ui.widgets.plan_text import plan_html


class PlanPane(QWidget):
    """Shows the selected plan (the read is audited by the query)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plan_pane")
        self.ctx = ctx
        self.view: PlanView | None = None
        header, _icon, self.title = icon_heading(icon("plan"), "")
        self.title.setObjectName("plan_title")
        self.error = muted_label()
        self.error.hide()
        self.body = QTextBrowser()
        self.body.setObjectName("plan_body")
        self.body.setAccessibleName("Genomförandeplanen")
        self.body.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.error)
        layout.addWidget(self.body, 1)

    def show_node(self, node: Node) -> None:
        if node.plan_id is None:
            return
        fetched = fetch(self.ctx, plan_view, node.plan_id)
        self.view = fetched.value
        if self.view is None:
            self.title.setText(node.title)
            self.error.setText(fetched.error or "")
            self.error.show()
            self.body.clear()
            return
        self.error.hide()
        self.title.setText(self.view.title)
        self.body.setHtml(plan_html(self.view))
