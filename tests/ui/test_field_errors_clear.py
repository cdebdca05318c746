"""A field's error goes as soon as the user changes the field: typed text, another date,
another choice; the other fields' errors stay until the next OK."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from treserva_desktop.ui.widgets.date_field import DateField
from treserva_desktop.ui.widgets.field_errors import FieldErrors


def test_changing_a_date_or_a_choice_clears_only_that_fields_error(qtbot) -> None:
    form_widget = QWidget()
    form = QFormLayout(form_widget)
    errors = FieldErrors()
    end = DateField("end", "T.o.m.", date(2026, 12, 1))
    reason = QComboBox()
    reason.addItems(["Välj…", "Avliden", "Annat"])
    name = QLineEdit()
    form.addRow("T.o.m.:", errors.wrap(end, "end_date"))
    form.addRow("Avslutsorsak:", errors.wrap(reason, "reason_code"))
    form.addRow("Namn:", errors.wrap(name, "name"))
    qtbot.addWidget(form_widget)

    errors.show_all([(key, f"Fel i {key}.") for key in ("end_date", "reason_code", "name")])
    assert errors.message("end_date") == "Fel i end_date."

    end.set_value(date(2026, 12, 7))
    assert errors.message("end_date") == ""
    assert errors.message("reason_code") == "Fel i reason_code."
    reason.setCurrentIndex(2)
    assert errors.message("reason_code") == ""
    assert errors.message("name") == "Fel i name."
    qtbot.keyClicks(name, "a")
    assert errors.message("name") == ""
