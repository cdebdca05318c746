"""Fliken Adresser: folkbokföringsadress and an optional temporary address with dates."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QCheckBox, QGroupBox, QWidget

from treserva_desktop.domain.commands.persons import UpdateAddresses
from treserva_desktop.domain.views.persons import PersonRecordView
from treserva_desktop.services import persons as person_services
from treserva_desktop.ui.person_window.tab import EditTab, RecordHost
from treserva_desktop.ui.widgets.date_field import DateField
from treserva_desktop.ui.widgets.forms import (
    align_labels,
    form,
    line_edit,
    postal_code_edit,
    row,
)


class AddressTab(EditTab):
    title = "Adresser"
    name = "address"

    def __init__(self, host: RecordHost) -> None:
        super().__init__(host)
        self.street = line_edit("street", "Gatuadress")
        self.postal_code = postal_code_edit("postal_code", "Postnummer")
        self.city = line_edit("city", "Ort")
        registered = QGroupBox("Folkbokföringsadress")
        registered_form = form(registered)
        registered_form.addRow("&Gatuadress:", self.street)
        registered_form.addRow("&Postnummer:", self.postal_code)
        registered_form.addRow("&Ort:", self.city)

        self.temporary = QGroupBox("Tillfällig adress")
        self.temporary.setObjectName("temporary_address")
        self.temporary.setCheckable(True)
        self.temporary.setToolTip(
            "Markera för att ange en tillfällig adress, t.ex. vid vistelse hos anhörig."
        )
        self.temp_street = line_edit("temp_street", "Tillfällig gatuadress")
        self.temp_postal_code = postal_code_edit("temp_postal_code", "Tillfälligt postnummer")
        self.temp_city = line_edit("temp_city", "Tillfällig ort")
        self.temp_valid_from = DateField("temp_valid_from", "Tillfällig adress gäller fr.o.m.")
        self.temp_valid_to = DateField("temp_valid_to", "Tillfällig adress gäller t.o.m.")
        self.temp_open_ended = QCheckBox("Tills vidare")
        self.temp_open_ended.setObjectName("temp_open_ended")
        self.temp_open_ended.toggled.connect(self._update_end_date)
        self.temporary.toggled.connect(self._update_end_date)
        self.temporary.toggled.connect(self._keep_read_only)
        self.temp_to_row = row(self.temp_valid_to, self.temp_open_ended)
        temporary_form = form(self.temporary)
        temporary_form.addRow("G&atuadress:", self.temp_street)
        temporary_form.addRow("Post&nummer:", self.temp_postal_code)
        temporary_form.addRow("O&rt:", self.temp_city)
        self._from_row = row(self.temp_valid_from)
        temporary_form.addRow("Gäller &fr.o.m.:", self._from_row)
        temporary_form.addRow("Gäller &t.o.m.:", self.temp_to_row)
        align_labels(registered_form, temporary_form)

        for field, layout, widget, anchor in (
            ("street", registered_form, self.street, None),
            ("postal_code", registered_form, self.postal_code, None),
            ("city", registered_form, self.city, None),
            ("temp_street", temporary_form, self.temp_street, None),
            ("temp_postal_code", temporary_form, self.temp_postal_code, None),
            ("temp_city", temporary_form, self.temp_city, None),
            ("temp_valid_from", temporary_form, self.temp_valid_from, self._from_row),
            ("temp_valid_to", temporary_form, self.temp_valid_to, self.temp_to_row),
        ):
            self.errors.below(field, layout, widget, anchor=anchor)
        self.watch(
            self.street,
            self.postal_code,
            self.city,
            self.temporary,
            self.temp_street,
            self.temp_postal_code,
            self.temp_city,
            self.temp_valid_from,
            self.temp_valid_to,
            self.temp_open_ended,
        )
        self.build(registered, self.temporary)

    def _keep_read_only(self, checked: bool) -> None:
        """A read-only record shows its temporary address in an enabled (readable) group;
        its check box must not change it."""
        if not self._loading and not self.host.record.editable:
            blocked = self.temporary.blockSignals(True)
            self.temporary.setChecked(not checked)
            self.temporary.blockSignals(blocked)

    def _update_end_date(self, *_args: object) -> None:
        self.temp_valid_to.setEnabled(
            self.host.record.editable
            and self.temporary.isEnabled()
            and self.temporary.isChecked()
            and not self.temp_open_ended.isChecked()
        )

    def _fill(self, record: PersonRecordView) -> None:
        self.street.setText(record.address.street)
        self.postal_code.setText(record.address.postal_code)
        self.city.setText(record.address.city)
        temporary = record.temporary_address
        self.temporary.setChecked(temporary is not None)
        self.temp_street.setText(temporary.street if temporary else "")
        self.temp_postal_code.setText(temporary.postal_code if temporary else "")
        self.temp_city.setText(temporary.city if temporary else "")
        start = temporary.valid_from if temporary else self.host.ctx.clock.today()
        end = temporary.valid_to if temporary else None
        self.temp_valid_from.set_value(start or self.host.ctx.clock.today())
        self.temp_valid_to.set_value(end or self.temp_valid_from.value())
        self.temp_open_ended.setChecked(end is None)

    def state_widgets(self) -> list[QWidget]:
        # The temporary fields follow their checkable group (enabling one by hand would
        # enable it inside an unchecked group).
        return [self.street, self.postal_code, self.city, self.temporary]

    def apply_state(self, record: PersonRecordView) -> None:
        super().apply_state(record)
        if not record.editable:
            # Readable rather than pale: the group stays enabled, its fields read-only.
            self.temporary.setEnabled(self.temporary.isChecked() and not record.masked)
        for widget in (self.temp_valid_from, self.temp_open_ended):
            widget.setEnabled(record.editable)
        self._update_end_date()

    def input_enabled(self, _widget: QWidget, record: PersonRecordView) -> bool:
        return not record.masked

    def _temporary_values(self) -> tuple[str, str, str, date | None, date | None]:
        if not self.temporary.isChecked():
            return ("", "", "", None, None)
        end = None if self.temp_open_ended.isChecked() else self.temp_valid_to.value()
        return (
            self.temp_street.text().strip(),
            self.temp_postal_code.text().strip(),
            self.temp_city.text().strip(),
            self.temp_valid_from.value(),
            end,
        )

    def values(self) -> tuple[Any, ...]:
        return (
            self.street.text().strip(),
            self.postal_code.text().strip(),
            self.city.text().strip(),
            *self._temporary_values(),
        )

    def _save(self) -> bool:
        record = self.host.record
        street, postal_code, city, start, end = self._temporary_values()
        command = UpdateAddresses(
            person_id=record.id,
            expected_version=record.version,
            street=self.street.text().strip(),
            postal_code=self.postal_code.text().strip(),
            city=self.city.text().strip(),
            temp_street=street,
            temp_postal_code=postal_code,
            temp_city=city,
            temp_valid_from=start,
            temp_valid_to=end,
        )
        saved = self.host.submit(
            person_services.update_addresses, command, source=self, errors=self.errors
        )
        return saved is not None
