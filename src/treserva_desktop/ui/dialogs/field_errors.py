"""Errors shown at the field they are about: a red line under the field and a tinted input.

A dialog registers one label per field key, maps a service's `field` name (e.g.
"interventions[1].hours") to a key, widget and prefix, and lets FieldErrors show, focus and
clear them. Reusable by any dialog that keeps itself open on a refusal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

ERROR_STYLE = "color:#b00020;"
INVALID_BASE = QColor("#fde2e1")

# field name -> (slot key, widget to mark, prefix for the message); ("", None, "") if unknown
Resolver = Callable[[str], tuple[str, QWidget | None, str]]


def error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.setAccessibleName("Felmeddelande")
    label.hide()
    return label


def with_error(widget: QWidget | QHBoxLayout, error: QLabel) -> QWidget:
    """A field with its error label right underneath (the label takes no room when hidden)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    if isinstance(widget, QHBoxLayout):
        layout.addLayout(widget)
    else:
        layout.addWidget(widget)
    layout.addWidget(error)
    return box


def buddy(text: str, widget: QWidget) -> QLabel:
    """A form label whose mnemonic moves focus to the field itself (not its container)."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Tint small input fields; big ones (table, tree, text) only get the text underneath.

    A palette rather than a style sheet, so spin boxes and date fields keep their native look.
    """
    widget.setProperty("invalid", invalid)
    if not isinstance(widget, (QLineEdit, QAbstractSpinBox, QComboBox)):
        return
    if invalid:
        palette = widget.palette()
        palette.setColor(QPalette.ColorRole.Base, INVALID_BASE)
        palette.setColor(QPalette.ColorRole.Button, INVALID_BASE)
        widget.setPalette(palette)
    else:
        widget.setPalette(QPalette())


@dataclass
class _Slot:
    label: QLabel
    lines: list[str] = field(default_factory=list)


class FieldErrors:
    """The error labels of one dialog, by key, and the general line above its buttons."""

    def __init__(self, resolve: Resolver) -> None:
        self.resolve = resolve
        self.general = error_label("general_error")
        self._slots: dict[str, _Slot] = {}
        self._marked: dict[str, list[QWidget]] = {}

    def slot(self, key: str, name: str) -> QLabel:
        """A new (hidden) error label for the fields reported under `key`."""
        label = error_label(name)
        self._slots[key] = _Slot(label)
        return label

    def show(self, problems: Sequence[tuple[str, str]]) -> QWidget | None:
        """Show every (field, message); returns the first widget marked, to take the focus."""
        self.clear()
        first: QWidget | None = None
        general: list[str] = []
        for field_name, message in problems:
            key, widget, prefix = self.resolve(field_name)
            slot = self._slots.get(key)
            if slot is None or widget is None:
                general.append(message)
                continue
            slot.lines.append(prefix + message)
            slot.label.setText("\n".join(slot.lines))
            slot.label.show()
            set_invalid(widget, True)
            self._marked.setdefault(key, []).append(widget)
            first = first or widget
        if general:
            self.general.setText("\n".join(general))
            self.general.show()
        return first

    def clear(self) -> None:
        for key in list(self._slots):
            self.clear_field(key)
        self.general.clear()
        self.general.hide()

    def clear_field(self, key: str) -> None:
        for widget in self._marked.pop(key, []):
            set_invalid(widget, False)
        slot = self._slots.get(key)
        if slot is None or not slot.lines:
            return
        slot.lines.clear()
        slot.label.clear()
        slot.label.hide()

    def text(self, key: str) -> str:
        """The error shown for a key ('' when none); 'general' for the line above the buttons."""
        if key == "general":
            return self.general.text()
        slot = self._slots.get(key)
        return "\n".join(slot.lines) if slot else ""
