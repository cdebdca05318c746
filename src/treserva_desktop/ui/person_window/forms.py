"""Building blocks of the person window and its dialogs: inline field errors, notes, inputs."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

ERROR_COLOR = "#b00020"
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
_INVALID_STYLES: dict[type[QWidget], str] = {
    QLineEdit: f"QLineEdit {{ border:1px solid {ERROR_COLOR}; background:#fff5f5; }}",
    QComboBox: f"QComboBox {{ border:1px solid {ERROR_COLOR}; }}",
    QDateEdit: f"QDateEdit {{ border:1px solid {ERROR_COLOR}; }}",
    QCheckBox: f"QCheckBox {{ color:{ERROR_COLOR}; font-weight:bold; }}",
    QGroupBox: f"QGroupBox {{ color:{ERROR_COLOR}; }}",
}


class WrappingLabel(QLabel):
    """A word-wrapping label that takes only the height its text needs at its width.

    QFormLayout sizes a wrapping label by its size hint, which assumes a narrow label and so
    leaves a tall gap around a one-line message.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        # Qt's height for a width can be a line too generous: keep any slack below the text.
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        height = self.heightForWidth(self.width())
        if height > 0 and (self.minimumHeight(), self.maximumHeight()) != (height, height):
            self.setFixedHeight(height)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), min(hint.height(), self.maximumHeight()))


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


def error_label(object_name: str) -> QLabel:
    label = WrappingLabel()
    label.setObjectName(object_name)
    label.setStyleSheet(f"color:{ERROR_COLOR};")
    label.setAccessibleName("Felmeddelande")
    label.hide()
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


def date_edit(object_name: str, accessible_name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(object_name)
    edit.setAccessibleName(accessible_name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(QDate.currentDate())
    return edit


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


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


def _row_of(form: QFormLayout, widget: QWidget) -> int:
    """The form row holding the widget, or -1."""
    position = form.getWidgetPosition(widget)
    assert isinstance(position, tuple)
    return int(position[0])


class FieldErrors:
    """One Swedish error at a time, right below the field it names (ValidationError.field).

    A field that is not registered falls back to a label at the top, so the message is still
    shown where the user is working instead of in a message box.
    """

    def __init__(self, fallback: QLabel | None = None) -> None:
        self._fields: dict[str, tuple[QFormLayout, QWidget, QWidget]] = {}
        self._fallback = fallback
        self._shown: tuple[QFormLayout, QLabel, QWidget, str] | None = None
        self.field: str | None = None
        self.message: str | None = None

    def register(
        self, field: str, form: QFormLayout, widget: QWidget, *, anchor: QWidget | None = None
    ) -> None:
        """`anchor` is the form row's field widget when `widget` sits inside a row container."""
        self._fields[field] = (form, anchor or widget, widget)

    def knows(self, field: str) -> bool:
        return field in self._fields

    def show(self, field: str | None, message: str) -> bool:
        """Show the message at the field; False when there is nowhere to show it."""
        self.clear()
        entry = self._fields.get(field) if field else None
        if entry is None:
            if self._fallback is None:
                return False
            self._fallback.setText(message)
            self._fallback.show()
            self.field, self.message = field, message
            return True
        form, anchor, widget = entry
        position = _row_of(form, anchor)
        if position < 0:
            return False
        label = error_label("field_error")
        label.setText(message)
        form.insertRow(position + 1, "", label)
        label.show()
        previous_style = widget.styleSheet()
        widget.setStyleSheet(self._invalid_style(widget))
        self._shown = (form, label, widget, previous_style)
        self.field, self.message = field, message
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(self._clear_once)
        widget.setFocus()
        return True

    def clear(self) -> None:
        self.field = self.message = None
        if self._fallback is not None:
            self._fallback.hide()
            self._fallback.clear()
        if self._shown is None:
            return
        form, label, widget, previous_style = self._shown
        self._shown = None
        if isinstance(widget, QLineEdit):
            widget.textEdited.disconnect(self._clear_once)
        widget.setStyleSheet(previous_style)
        position = _row_of(form, label)
        if position >= 0:
            form.removeRow(position)

    def _clear_once(self, _text: str) -> None:
        self.clear()

    @staticmethod
    def _invalid_style(widget: QWidget) -> str:
        for kind, style in _INVALID_STYLES.items():
            if isinstance(widget, kind):
                return style
        return ""
