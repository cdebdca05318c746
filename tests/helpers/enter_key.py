"""Pressing Enter in a dialog's field as a user does, after the focus has been elsewhere."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot


def show_active(qtbot: QtBot, dialog: QDialog) -> QDialog:
    """Shown and active, so focus moves between its widgets as on a desktop."""
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    return dialog


def enter_in(qtbot: QtBot, field: QWidget, *, visited: QWidget | None = None) -> None:
    """Enter in `field`, after the focus was on `visited` (a button the user clicked, say)."""
    if visited is not None:
        visited.setFocus(Qt.FocusReason.MouseFocusReason)
        qtbot.waitUntil(visited.hasFocus)
    field.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def default_buttons(dialog: QDialog) -> list[str]:
    """The texts of the buttons Enter would press (Qt presses the first)."""
    return [
        button.text()
        for button in dialog.findChildren(QPushButton)
        if button.isDefault() and button.isVisible()
    ]
