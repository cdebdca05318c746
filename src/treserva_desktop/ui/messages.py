"""The ONLY module that shows message boxes and file dialogs; tests patch these functions."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

APP_TITLE = "Treserva Desktop"
# Every question box answers by keyboard too: Alt+J / Alt+N (Enter takes the default,
# Escape Nej).
YES_TEXT = "&Ja"
NO_TEXT = "&Nej"
EDIT_MESSAGE_TEXT = "&Redigera meddelande…"


class MessageChoice(StrEnum):
    """The answer to "Skicka meddelande till berörda?"."""

    SEND = "send"  # Ja: the prefilled message goes at once
    EDIT = "edit"  # Redigera meddelande…: open the composer first
    SKIP = "skip"  # Nej (or Escape)


def _box(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, details: str = ""
) -> QMessageBox:
    box = QMessageBox(icon, f"{title} – {APP_TITLE}", text, QMessageBox.StandardButton.NoButton)
    box.setParent(parent, box.windowFlags())
    if details:
        box.setInformativeText(details)
    return box


def error(parent: QWidget | None, text: str, *, title: str = "Fel", details: str = "") -> None:
    box = _box(parent, QMessageBox.Icon.Critical, title, text, details)
    box.addButton("OK", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def warning(parent: QWidget | None, text: str, *, title: str = "Varning") -> None:
    box = _box(parent, QMessageBox.Icon.Warning, title, text)
    box.addButton("OK", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def info(parent: QWidget | None, text: str, *, title: str = "Information") -> None:
    box = _box(parent, QMessageBox.Icon.Information, title, text)
    box.addButton("OK", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def confirm(
    parent: QWidget | None, text: str, *, title: str = "Bekräfta", default_yes: bool = True
) -> bool:
    """A Ja/Nej question; True only when the user answers Ja."""
    box = _box(parent, QMessageBox.Icon.Question, title, text)
    yes = box.addButton(YES_TEXT, QMessageBox.ButtonRole.YesRole)
    no = box.addButton(NO_TEXT, QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(yes if default_yes else no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def ask_message(parent: QWidget | None, text: str, *, title: str = "Meddelande") -> MessageChoice:
    """Ja (send the prefilled message now), Redigera meddelande… (compose first) or Nej."""
    box = _box(parent, QMessageBox.Icon.Question, title, text)
    yes = box.addButton(YES_TEXT, QMessageBox.ButtonRole.YesRole)
    edit = box.addButton(EDIT_MESSAGE_TEXT, QMessageBox.ButtonRole.ActionRole)
    no = box.addButton(NO_TEXT, QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(yes)
    box.setEscapeButton(no)
    box.exec()
    clicked = box.clickedButton()
    if clicked is yes:
        return MessageChoice.SEND
    return MessageChoice.EDIT if clicked is edit else MessageChoice.SKIP


def status(parent: QWidget | None, text: str, timeout_ms: int = 10000) -> None:
    """A short confirmation in the window's status bar, without a box to click away."""
    window = parent.window() if parent is not None else None
    while window is not None and not isinstance(window, QMainWindow):
        owner = window.parentWidget()
        window = owner.window() if owner is not None else None
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, timeout_ms)


def ask_retry(parent: QWidget | None, text: str, *, title: str = "Försök igen") -> bool:
    """Försök igen (True) or Avbryt (False; also Escape)."""
    box = _box(parent, QMessageBox.Icon.Warning, title, text)
    again = box.addButton("&Försök igen", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton("&Avbryt", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(again)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is again


def ask_save_changes(
    parent: QWidget | None, text: str = "Vill du spara ändringarna?", *, title: str = "Spara"
) -> bool | None:
    """Ja (True: save), Nej (False: discard) or Avbryt (None: keep editing; also Escape)."""
    box = _box(parent, QMessageBox.Icon.Question, title, text)
    yes = box.addButton(YES_TEXT, QMessageBox.ButtonRole.YesRole)
    no = box.addButton(NO_TEXT, QMessageBox.ButtonRole.NoRole)
    cancel = box.addButton("&Avbryt", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is yes:
        return True
    return False if clicked is no else None


def ask_save_path(
    parent: QWidget | None,
    suggested_name: str,
    *,
    title: str = "Spara som",
    file_filter: str = "PDF-dokument (*.pdf)",
    directory: Path | None = None,
) -> Path | None:
    """Where to save a file, or None when the user cancels."""
    start = str((directory or Path.home()) / suggested_name)
    path, _ = QFileDialog.getSaveFileName(parent, title, start, file_filter)
    return Path(path) if path else None


def ask_open_path(
    parent: QWidget | None,
    *,
    title: str = "Öppna fil",
    file_filter: str = "Alla filer (*)",
    directory: Path | None = None,
) -> Path | None:
    """Which file to open, or None when the user cancels."""
    path, _ = QFileDialog.getOpenFileName(parent, title, str(directory or Path.home()), file_filter)
    return Path(path) if path else None
