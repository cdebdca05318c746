"""A quiet bar above a dialog's or pane's content: what changed under it on another
workstation ("Uppdraget har fördelats av Anna Svensson kl. 10:42")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

BANNER_STYLE = (
    "background:#fff4ce; color:#3b2e00; border:1px solid #e0c45c; border-radius:3px;"
    "padding:6px 8px;"
)


class ChangeBanner(QLabel):
    """Hidden until `say`; read by screen readers as 'Ändrat på en annan arbetsstation'."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("change_banner")
        self.setWordWrap(True)
        self.setStyleSheet(BANNER_STYLE)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName("Ändrat på en annan arbetsstation")
        self.hide()

    def say(self, text: str) -> None:
        self.setText(text)
        self.setAccessibleDescription(text)
        self.show()

    def clear_notice(self) -> None:
        self.clear()
        self.hide()
