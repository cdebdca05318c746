"""Inline field errors for the distribution dialogs: the message shows right under the field
it concerns, and the dialog grows to make room for it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLayout, QVBoxLayout, QWidget

ERROR_COLOR = "#b00020"


def error_label(object_name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_COLOR};")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName("Felmeddelande")
    label.hide()
    return label


def fit_to_contents(widget: QWidget) -> None:
    """Grow a dialog that an error message made too small for its contents."""
    layout = widget.layout()
    if layout is not None:
        layout.activate()
    hint = widget.sizeHint()
    if hint.height() > widget.height() or hint.width() > widget.width():
        widget.resize(max(hint.width(), widget.width()), max(hint.height(), widget.height()))


class InlineErrors:
    """Maps the `field` of a DomainError to the label under that field and the widget to
    focus. An error for an unknown field goes to the general label."""

    def __init__(self, general: QLabel) -> None:
        self.general = general
        self._labels: dict[str, QLabel] = {}
        self._focus: dict[str, QWidget] = {}

    def wrap(
        self, content: QWidget | QLayout, *fields: str, focus: QWidget | None = None
    ) -> QWidget:
        """A container holding the field (a widget or a row layout) and its error label."""
        container = QWidget()
        layout = QVBoxLayout(container)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        if isinstance(content, QLayout):
            layout.addLayout(content)
        else:
            layout.addWidget(content)
        label = error_label(f"error_{fields[0]}")
        layout.addWidget(label)
        target = focus if focus is not None else content if isinstance(content, QWidget) else None
        for field in fields:
            self._labels[field] = label
            if target is not None:
                self._focus[field] = target
        return container

    def show(self, field: str | None, message: str) -> None:
        label = self._labels.get(field or "", self.general)
        label.setText(message)
        label.show()
        widget = self._focus.get(field or "")
        if widget is not None and widget.isEnabled():
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        for label in {*self._labels.values(), self.general}:
            label.clear()
            label.hide()

    def message(self, field: str | None = None) -> str:
        """The error shown for the field ('' when none); None: the general error."""
        label = self._labels.get(field, self.general) if field else self.general
        return "" if label.isHidden() else label.text()

    def shown(self) -> dict[str, str]:
        """Every visible error by field ('' for the general one)."""
        result = {
            field: label.text()
            for field, label in self._labels.items()
            if not label.isHidden() and label.text()
        }
        if not self.general.isHidden() and self.general.text():
            result[""] = self.general.text()
        return result
