"""The one date input: Swedish yyyy-MM-dd, a calendar popup, values as datetime.date; and
its variant that may be left empty."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDateEdit, QWidget

DATE_FORMAT = "yyyy-MM-dd"
DATE_HINT = "ÅÅÅÅ-MM-DD"  # the format, as Swedish forms write it
EMPTY_DATE = QDate(2000, 1, 1)
EMPTY_TIP = "Tomt: ingen gräns. Skriv datumet som ÅÅÅÅ-MM-DD eller välj det i kalendern."


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class DateField(QDateEdit):
    """A QDateEdit (so Qt and the tests treat it as one) that speaks datetime.date.

    It never looks at the system clock: a caller that wants today passes it (ctx.clock)."""

    def __init__(
        self,
        object_name: str,
        accessible_name: str = "",
        value: date | None = None,
        *,
        minimum: date | None = None,
        maximum: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        if accessible_name:
            self.setAccessibleName(accessible_name)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DATE_FORMAT)
        if minimum is not None:
            self.setMinimumDate(to_qdate(minimum))
        if maximum is not None:
            self.setMaximumDate(to_qdate(maximum))
        if value is not None:
            self.set_value(value)

    def value(self) -> date:
        return from_qdate(self.date())

    def set_value(self, value: date) -> None:
        self.setDate(to_qdate(value))


class OptionalDateField(DateField):
    """A DateField that may be left empty, as a filter's "no limit": empty, it shows the
    format to type, ÅÅÅÅ-MM-DD, greyed like a placeholder (a blank field gave no hint of
    the format). Its lowest date stands for empty."""

    def __init__(self, object_name: str, accessible_name: str = "") -> None:
        super().__init__(object_name, accessible_name)
        self.setMinimumDate(EMPTY_DATE)
        self.setSpecialValueText(DATE_HINT)
        self.setToolTip(EMPTY_TIP)
        self.dateChanged.connect(self._grey_when_empty)
        self.clear_value()

    def optional_value(self) -> date | None:
        return None if self.date() == EMPTY_DATE else self.value()

    def clear_value(self) -> None:
        self.setDate(EMPTY_DATE)
        self._grey_when_empty()

    def _grey_when_empty(self, *_args: object) -> None:
        edit = self.lineEdit()
        palette = edit.palette()
        role = QPalette.ColorRole.PlaceholderText if self.date() == EMPTY_DATE else None
        colour = self.palette().color(role or QPalette.ColorRole.Text)
        palette.setColor(QPalette.ColorRole.Text, colour)
        edit.setPalette(palette)
