"""Fliken Inställningar: debiteringsområde and the contact person at the unit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QGroupBox

from treserva_desktop.domain.commands.persons import SetBillingArea, SetContactPerson
from treserva_desktop.domain.views.persons import BillingAreaOption, PersonRecordView, UserOption
from treserva_desktop.services import persons as person_services
from treserva_desktop.ui.person_window.tab import EditTab, RecordHost
from treserva_desktop.ui.widgets.forms import FIELD_WIDTH, align_labels, form, hint

BILLING_HINT = (
    "Debiteringsområdet styr faktureringen och måste vara satt innan en hemtjänstinsats kan "
    "skickas till genomförande."
)
CONTACT_HINT = "Medarbetare på någon av personens enheter."


def _user_text(user: UserOption) -> str:
    return f"{user.name} ({user.title})" if user.title else user.name


class SettingsTab(EditTab):
    title = "Inställningar"
    name = "settings"

    def __init__(self, host: RecordHost) -> None:
        super().__init__(host)
        self.billing_area = QComboBox()
        self.billing_area.setObjectName("billing_area")
        self.billing_area.setAccessibleName("Debiteringsområde")
        self.billing_area.setMaximumWidth(FIELD_WIDTH)
        self.contact_person = QComboBox()
        self.contact_person.setObjectName("contact_person")
        self.contact_person.setAccessibleName("Kontaktperson på enheten")
        self.contact_person.setMaximumWidth(FIELD_WIDTH)
        self._areas: list[BillingAreaOption] = []
        self._candidates: list[UserOption] = []

        billing_box = QGroupBox("Debitering")
        billing_form = form(billing_box)
        billing_form.addRow("&Debiteringsområde:", self.billing_area)
        billing_form.addRow("", hint(BILLING_HINT))
        contact_box = QGroupBox("Kontaktperson")
        contact_form = form(contact_box)
        contact_form.addRow("&Kontaktperson på enheten:", self.contact_person)
        contact_form.addRow("", hint(CONTACT_HINT))
        align_labels(billing_form, contact_form)

        self.errors.below("billing_area", billing_form, self.billing_area)
        self.errors.below("contact_person", contact_form, self.contact_person)
        self.watch(self.billing_area, self.contact_person)
        self.build(billing_box, contact_box)

    def set_options(
        self, areas: Sequence[BillingAreaOption], candidates: Sequence[UserOption]
    ) -> None:
        """The code list and who may be contact person; call before load()."""
        self._areas = list(areas)
        self._candidates = list(candidates)

    def _fill(self, record: PersonRecordView) -> None:
        self.billing_area.clear()
        self.billing_area.addItem("Inte angivet", None)
        areas = list(self._areas)
        if record.billing_area is not None and record.billing_area not in areas:
            areas.append(record.billing_area)
        for area in areas:
            self.billing_area.addItem(area.label, area.code)
        code = record.billing_area.code if record.billing_area else None
        self.billing_area.setCurrentIndex(max(self.billing_area.findData(code), 0))

        self.contact_person.clear()
        self.contact_person.addItem("Ingen vald", None)
        candidates = list(self._candidates)
        current = record.contact_person
        if current is not None and all(c.id != current.id for c in candidates):
            # No longer at the person's units, but it is what is saved: show it.
            candidates.append(current)
        for user in candidates:
            self.contact_person.addItem(_user_text(user), user.id)
        user_id = current.id if current else None
        self.contact_person.setCurrentIndex(max(self.contact_person.findData(user_id), 0))

    def values(self) -> tuple[Any, ...]:
        return (self.billing_area.currentData(), self.contact_person.currentData())

    def _save(self) -> bool:
        billing, contact = self.values()
        saved_billing, saved_contact = self._baseline
        # One command per setting; the second goes with the version the first left behind.
        if billing != saved_billing:
            record = self.host.record
            command = SetBillingArea(
                person_id=record.id, expected_version=record.version, billing_area_code=billing
            )
            if (
                self.host.submit(
                    person_services.set_billing_area,
                    command,
                    source=self if contact == saved_contact else None,
                    errors=self.errors,
                )
                is None
            ):
                return False
            self._baseline = (billing, saved_contact)
        if contact != saved_contact:
            record = self.host.record
            contact_command = SetContactPerson(
                person_id=record.id, expected_version=record.version, user_id=contact
            )
            if (
                self.host.submit(
                    person_services.set_contact_person,
                    contact_command,
                    source=self,
                    errors=self.errors,
                )
                is None
            ):
                return False
        return True
