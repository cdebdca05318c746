"""Fliken Kontakt: phones, e-mail, and door code and key information for roles that see them."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QGroupBox, QWidget

from treserva_desktop.domain.commands.persons import UpdateContact
from treserva_desktop.domain.views.persons import PersonRecordView
from treserva_desktop.services import persons as person_services
from treserva_desktop.ui.person_window.tab import EditTab, RecordHost
from treserva_desktop.ui.widgets.forms import align_labels, form, hint, line_edit

KEYS_HINT = "Visas bara för roller som besöker eller ansvarar för personen."


class ContactTab(EditTab):
    title = "Kontakt"
    name = "contact"

    def __init__(self, host: RecordHost) -> None:
        super().__init__(host)
        self.phone = line_edit("phone", "Telefon", "t.ex. 08-123 456 78")
        self.mobile_phone = line_edit("mobile_phone", "Mobiltelefon", "t.ex. 070-123 45 67")
        self.email = line_edit("email", "E-post", "namn@exempel.se")
        self.door_code = line_edit("door_code", "Portkod")
        self.key_info = line_edit("key_info", "Nyckelinformation", "t.ex. nyckelgömma, nyckel nr")

        contact_box = QGroupBox("Telefon och e-post")
        contact_form = form(contact_box)
        contact_form.addRow("&Telefon:", self.phone)
        contact_form.addRow("&Mobiltelefon:", self.mobile_phone)
        contact_form.addRow("&E-post:", self.email)

        self.access_box = QGroupBox("Portkod och nycklar")
        self.access_box.setObjectName("access_box")
        access_form = form(self.access_box)
        access_form.addRow("&Portkod:", self.door_code)
        access_form.addRow("&Nyckelinformation:", self.key_info)
        access_form.addRow("", hint(KEYS_HINT))
        align_labels(contact_form, access_form)

        for field, layout, widget in (
            ("phone", contact_form, self.phone),
            ("mobile_phone", contact_form, self.mobile_phone),
            ("email", contact_form, self.email),
            ("door_code", access_form, self.door_code),
            ("key_info", access_form, self.key_info),
        ):
            self.errors.below(field, layout, widget)
        self.watch(self.phone, self.mobile_phone, self.email, self.door_code, self.key_info)
        self.build(contact_box, self.access_box)

    def _fill(self, record: PersonRecordView) -> None:
        self.phone.setText(record.phone)
        self.mobile_phone.setText(record.mobile_phone)
        self.email.setText(record.email)
        keys_visible = record.door_code is not None or record.key_info is not None
        self.access_box.setVisible(keys_visible)
        self.door_code.setText(record.door_code or "")
        self.key_info.setText(record.key_info or "")

    def input_enabled(self, _widget: QWidget, record: PersonRecordView) -> bool:
        return not record.masked

    def values(self) -> tuple[Any, ...]:
        return (
            self.phone.text(),
            self.mobile_phone.text(),
            self.email.text(),
            self.door_code.text(),
            self.key_info.text(),
        )

    def _save(self) -> bool:
        record = self.host.record
        command = UpdateContact(
            person_id=record.id,
            expected_version=record.version,
            phone=self.phone.text().strip(),
            mobile_phone=self.mobile_phone.text().strip(),
            email=self.email.text().strip(),
            # None leaves them as they are: this role was not shown them.
            door_code=self.door_code.text().strip() if record.door_code is not None else None,
            key_info=self.key_info.text().strip() if record.key_info is not None else None,
        )
        saved = self.host.submit(
            person_services.update_contact, command, source=self, errors=self.errors
        )
        return saved is not None
