"""Hjälp › Om Treserva Desktop…: name, version and what the program is."""

from __future__ import annotations

import html
import platform

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

import treserva_desktop
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.icons import app_icon


class AboutDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle("Om Treserva Desktop")

        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(64, 64))
        logo.setAlignment(Qt.AlignmentFlag.AlignTop)
        text = QLabel(
            f"<h3>Treserva Desktop {treserva_desktop.__version__}</h3>"
            "<p>Skrivbordsklient för utförare inom äldreomsorgen: nya uppdrag, verkställighet, "
            "genomförandejournaler och uppföljning för hemtjänst, vårdboende och "
            "korttidsboende.</p>"
            f"<p>Databas: {html.escape(ctx.database_label)}</p>"
            f"<p style='color:#555'>Python {platform.python_version()} · "
            f"Qt {qVersion()} · PySide6 {PySide6.__version__}</p>"
        )
        text.setObjectName("about_text")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        row = QHBoxLayout()
        row.addWidget(logo)
        row.addWidget(text, 1)
        buttons = QDialogButtonBox()
        close = buttons.addButton("Stäng", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        close.setDefault(True)

    @classmethod
    def show_for(cls, parent: QWidget | None, ctx: AppContext) -> AboutDialog:
        dialog = cls(ctx, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
