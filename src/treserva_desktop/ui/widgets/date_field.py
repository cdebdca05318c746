"""The one date input: Swedish yyyy-MM-dd, a calendar popup, values as datetime.date."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget

DATE_FORMAT = "yyyy-MM-dd"


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
