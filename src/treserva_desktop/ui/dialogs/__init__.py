"""Dialogs, one per module, each built in code with an ask() classmethod."""

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QDialog

T = TypeVar("T")


def run_modal(dialog: QDialog, result: Callable[[], T]) -> T | None:
    """Show the dialog modally: on OK what `result` returns, on cancel None. The dialog is
    freed either way, so an ask() never leaks a window."""
    try:
        return result() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
