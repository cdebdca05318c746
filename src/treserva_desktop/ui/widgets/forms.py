"""Form building blocks: labelled rows, inputs, hints and notes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from treserva_desktop.ui.widgets.common import WrappingLabel

HINT_COLOR = "#555555"
# Inputs stop growing here: a 700 px wide field for a postal town reads badly.
FIELD_WIDTH = 440
POSTAL_CODE_WIDTH = 90
NOTE_STYLE = (
    "background:#fff3c4; color:#4d3b00; border:1px solid #d9b84a; border-radius:3px;"
    " padding:6px 8px;"
)
PROTECTED_NOTE_STYLE = (
    "background:#fde2e1; color:#6e1610; border:1px solid #d9736b; border-radius:3px;"
    " padding:6px 8px;"
)


def hint(text: str) -> QLabel:
    """Grey help text under a field."""
    label = WrappingLabel(text)
    label.setStyleSheet(f"color:{HINT_COLOR};")
    return label


def note(text: str = "", *, protected: bool = False) -> QLabel:
    """A yellow (or, for protected identity, pink) note that wraps."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(PROTECTED_NOTE_STYLE if protected else NOTE_STYLE)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def line_edit(object_name: str, accessible_name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(object_name)
    edit.setAccessibleName(accessible_name)
    edit.setMaximumWidth(FIELD_WIDTH)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def postal_code_edit(object_name: str, accessible_name: str) -> QLineEdit:
    """Narrow; no placeholder, which would look like a real postal code in a disabled field."""
    edit = line_edit(object_name, accessible_name)
    edit.setMaximumWidth(POSTAL_CODE_WIDTH)
    edit.setToolTip("Postnummer skrivs NNN NN, t.ex. 123 45")
    return edit


def read_only_edit(object_name: str, accessible_name: str) -> QLineEdit:
    """A value the user may select and copy but not change (grey, like a disabled field)."""
    edit = line_edit(object_name, accessible_name)
    edit.setReadOnly(True)
    edit.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    edit.setStyleSheet("QLineEdit { background:#eeeeee; color:#333333; }")
    return edit


def form(parent: QWidget) -> QFormLayout:
    layout = QFormLayout(parent)
    layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return layout


def align_labels(*forms: QFormLayout) -> None:
    """Give the label columns of forms in separate group boxes one width, so fields line up."""
    labels: list[QWidget] = []
    for layout in forms:
        for position in range(layout.rowCount()):
            item = layout.itemAt(position, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if label is not None:
                labels.append(label)
    width = max((label.sizeHint().width() for label in labels), default=0)
    for label in labels:
        label.setMinimumWidth(width)


def buddy(text: str, widget: QWidget) -> QLabel:
    """A form label whose mnemonic moves focus to the field itself (not its container)."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def row(*widgets: QWidget, stretch: bool = True) -> QWidget:
    """Widgets side by side as one form field."""
    container = QWidget()
    layout = QHBoxLayout(container)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    if stretch:
        layout.addStretch(1)
    return container


def ok_cancel_buttons(dialog: QDialog) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    """OK (object name ok_button) and Avbryt wired to the dialog's accept and reject."""
    # Made inside the dialog, so OK.setDefault(True) makes OK the dialog's default even
    # before the box is laid out.
    buttons = QDialogButtonBox(dialog)
    ok_button = buttons.addButton("OK", QDialogButtonBox.ButtonRole.AcceptRole)
    ok_button.setObjectName("ok_button")
    cancel_button = buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok_button, cancel_button


class _EnterPresses(QObject):
    """Event filter: Enter (or the keypad's Enter) in a watched field clicks the button."""

    def __init__(self, button: QPushButton) -> None:
        super().__init__(button)
        self._button = button

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() != QEvent.Type.KeyPress
            or not isinstance(event, QKeyEvent)
            or event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            return False
        if isinstance(watched, QAbstractSpinBox):
            watched.interpretText()  # a date typed but not yet taken counts
        if self._button.isEnabled() and self._button.isVisible():
            self._button.click()
        return True  # never on to the dialog's default button


def press_on_enter(button: QPushButton, *fields: QWidget) -> None:
    """Enter in any of `fields` clicks `button`: the action the fields are filled in for
    (Lägg till beside a new object's fields), where the dialog's own default button would be
    the wrong one. The button itself stops auto-defaulting, so Enter elsewhere never
    presses it."""
    button.setAutoDefault(False)
    presses = _EnterPresses(button)
    for field in fields:
        field.installEventFilter(presses)
