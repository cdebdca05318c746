"""Öppna on a genomförandeplan: the plan read-only (goals, activities, follow-ups), Stäng."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from treserva_desktop.domain.views.plans import PlanView
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.widgets.plan_text import plan_html


class PlanViewDialog(QDialog):
    def __init__(self, view: PlanView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plan_view_dialog")
        self.setWindowTitle(view.title)
        self.setWindowIcon(icon("plan"))
        self.body = QTextBrowser()
        self.body.setObjectName("plan_body")
        self.body.setAccessibleName("Genomförandeplanen")
        self.body.setHtml(plan_html(view))
        buttons = QDialogButtonBox()
        close = buttons.addButton("&Stäng", QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("close_button")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.body)
        layout.addWidget(buttons)
        self.resize(680, 560)

    @classmethod
    def ask(cls, parent: QWidget | None, view: PlanView) -> None:
        """Show the plan until Stäng."""
        run_modal(cls(view, parent), lambda: None)
