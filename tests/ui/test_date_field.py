"""The date field that may be left empty (the journal's period filter): empty, it shows the
format to type, greyed, instead of a blank box."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QPalette

from treserva_desktop.ui.widgets.date_field import DATE_HINT, OptionalDateField


def _text_colour(field: OptionalDateField) -> str:
    return field.lineEdit().palette().color(QPalette.ColorRole.Text).name()


def test_an_empty_field_shows_the_format_greyed_and_has_no_value(qtbot) -> None:
    field = OptionalDateField("from_day", "Period från")
    qtbot.addWidget(field)
    assert field.text() == DATE_HINT == "ÅÅÅÅ-MM-DD"
    assert field.optional_value() is None
    placeholder = field.palette().color(QPalette.ColorRole.PlaceholderText).name()
    assert _text_colour(field) == placeholder
    assert "ÅÅÅÅ-MM-DD" in field.toolTip()

    field.set_value(date(2026, 11, 3))
    assert field.text() == "2026-11-03"
    assert field.optional_value() == date(2026, 11, 3)
    assert _text_colour(field) == field.palette().color(QPalette.ColorRole.Text).name()

    field.clear_value()
    assert field.text() == DATE_HINT
    assert field.optional_value() is None
    assert _text_colour(field) == placeholder
