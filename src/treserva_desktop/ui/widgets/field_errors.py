"""Errors shown at the field they are about (a service's ValidationError.field), not in a box.

A dialog or tab gives every field key an error label (`label`, `wrap` or `below`); FieldErrors
shows one message or several at their fields, tints and focuses the field, and puts messages
for fields it does not know in its `general` label. An error goes away when the user edits a
line edit it marks, or on `clear` / `clear_field`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.ui.widgets.common import WrappingLabel

ERROR_STYLE = "color:#b00020;"
INVALID_BASE = QColor("#fde2e1")

# A service's field name (e.g. "interventions[1].hours") -> (key of the label, widget to mark,
# prefix for the message); the key "" sends the message to the general label.
Resolver = Callable[[str], tuple[str, QWidget | None, str]]


def error_label(object_name: str) -> QLabel:
    """A hidden, wrapping, red label for error text."""
    label = WrappingLabel()
    label.setObjectName(object_name)
    label.setStyleSheet(ERROR_STYLE)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName("Felmeddelande")
    label.hide()
    return label


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Tint small input fields; big ones (table, list, text, check box) only get the text.

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


def fit_to_contents(widget: QWidget) -> None:
    """Grow a dialog that an error message made too small for its contents."""
    layout = widget.layout()
    if layout is not None:
        layout.activate()
    hint = widget.sizeHint()
    if hint.height() > widget.height() or hint.width() > widget.width():
        widget.resize(max(hint.width(), widget.width()), max(hint.height(), widget.height()))


@dataclass(eq=False)
class _Field:
    label: QLabel
    widget: QWidget | None  # marked and focused; a Resolver may name another
    lines: list[str] = field(default_factory=list)
    marked: list[QWidget] = field(default_factory=list)


class FieldErrors:
    """The error labels of one dialog or tab by field key, and a general label for the rest."""

    def __init__(self, general_name: str = "general_error", resolve: Resolver | None = None):
        self.general = error_label(general_name)
        self._resolve = resolve
        self._fields: dict[str, _Field] = {}

    # -- giving fields a label ------------------------------------------------------------------

    def label(self, *keys: str, widget: QWidget | None = None) -> QLabel:
        """A new hidden label for the errors reported under `keys`, for the caller to place."""
        entry = _Field(error_label(f"error_{keys[0]}"), widget)
        for key in keys:
            self._fields[key] = entry
        # The error goes as soon as the user changes the field: typing, another date, another
        # choice (it stayed until the next OK otherwise, saying what no longer held).
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(lambda _text: self._clear(entry))
        elif isinstance(widget, QDateEdit):
            widget.dateChanged.connect(lambda _date: self._clear(entry))
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(lambda _index: self._clear(entry))
        return entry.label

    def wrap(self, content: QWidget | QLayout, *keys: str, focus: QWidget | None = None) -> QWidget:
        """The field (a widget or a row layout) with its error label right underneath.

        `focus` is the input to mark and focus when `content` is a row; a form label's
        mnemonic reaches it through the container too.
        """
        widget = focus if focus is not None else content if isinstance(content, QWidget) else None
        container = QWidget()
        layout = QVBoxLayout(container)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        if isinstance(content, QLayout):
            layout.addLayout(content)
        else:
            layout.addWidget(content)
        layout.addWidget(self.label(*keys, widget=widget))
        if widget is not None:
            container.setFocusProxy(widget)
        return container

    def below(
        self, key: str, form: QFormLayout, widget: QWidget, *, anchor: QWidget | None = None
    ) -> None:
        """The error label in a row of its own under the field's row of `form` (no room while
        hidden). `anchor` is the row's field when `widget` sits inside a row container."""
        position = form.getWidgetPosition(anchor or widget)
        assert isinstance(position, tuple)
        row = int(position[0])
        if row < 0:
            raise ValueError(f"the field for {key!r} is not in the form")
        form.insertRow(row + 1, "", self.label(key, widget=widget))

    # -- showing --------------------------------------------------------------------------------

    def show(self, field_name: str | None, message: str) -> bool:
        """Show one message at its field (see show_all); True: it is shown."""
        self.show_all([(field_name, message)])
        return True

    def show_all(self, problems: Sequence[tuple[str | None, str]]) -> QWidget | None:
        """Show every (field, message), replacing what was shown; focuses and returns the first
        field marked."""
        self.clear()
        first: QWidget | None = None
        general: list[str] = []
        for field_name, message in problems:
            entry, widget, prefix = self._target(field_name or "")
            if entry is None:
                general.append(message)
                continue
            entry.lines.append(prefix + message)
            entry.label.setText("\n".join(entry.lines))
            entry.label.show()
            if widget is not None:
                set_invalid(widget, True)
                entry.marked.append(widget)
                first = first or widget
        if general:
            self.general.setText("\n".join(general))
            self.general.show()
        if first is not None and first.isEnabled():
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        return first

    def _target(self, field_name: str) -> tuple[_Field | None, QWidget | None, str]:
        if self._resolve is None:
            entry = self._fields.get(field_name)
            return entry, entry.widget if entry else None, ""
        key, widget, prefix = self._resolve(field_name)
        entry = self._fields.get(key)
        return entry, widget or (entry.widget if entry else None), prefix

    # -- clearing -------------------------------------------------------------------------------

    def clear(self) -> None:
        for entry in set(self._fields.values()):
            self._clear(entry)
        self.general.clear()
        self.general.hide()

    def clear_field(self, key: str) -> None:
        entry = self._fields.get(key)
        if entry is not None:
            self._clear(entry)

    @staticmethod
    def _clear(entry: _Field) -> None:
        for widget in entry.marked:
            set_invalid(widget, False)
        entry.marked.clear()
        if entry.lines:
            entry.lines.clear()
            entry.label.clear()
            entry.label.hide()

    # -- reading back (tests) -------------------------------------------------------------------

    def message(self, key: str | None = None) -> str:
        """The error shown at the field ('' when none); None: the general label."""
        if not key:
            label = self.general
        elif key in self._fields:
            label = self._fields[key].label
        else:
            return ""
        return "" if label.isHidden() else label.text()

    def shown(self) -> dict[str, str]:
        """Every error shown, by field key ('' for the general label)."""
        result = {key: entry.label.text() for key, entry in self._fields.items() if entry.lines}
        if not self.general.isHidden() and self.general.text():
            result[""] = self.general.text()
        return result
