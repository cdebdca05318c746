"""Fliken Person: identity number (read-only), names, gender, language, protected identity."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QLabel

from treserva_desktop.domain.commands.persons import UpdatePersonDetails
from treserva_desktop.domain.person_rules import Gender
from treserva_desktop.domain.views.persons import PersonRecordView
from treserva_desktop.services import persons as person_services
from treserva_desktop.ui import messages
from treserva_desktop.ui.person_window.tab import EditTab, RecordHost
from treserva_desktop.ui.widgets.forms import align_labels, form, line_edit, read_only_edit

LIFT_PROTECTION = (
    "Vill du ta bort markeringen Skyddad identitet för {name}?\n\n"
    "Adress och kontaktuppgifter visas då för alla som har behörighet till personen."
)


class PersonTab(EditTab):
    title = "Person"
    name = "person"

    def __init__(self, host: RecordHost) -> None:
        super().__init__(host)
        self.identity = read_only_edit("identity_number", "Personnummer")
        self.identity.setToolTip("Personnumret kan inte ändras efter att personen lagts upp.")
        self.birth_date = read_only_edit("birth_date", "Födelsedatum")
        self.first_name = line_edit("first_name", "Förnamn")
        self.last_name = line_edit("last_name", "Efternamn")
        self.gender_text = read_only_edit("gender_text", "Kön")
        self.gender = QComboBox()
        self.gender.setObjectName("gender")
        self.gender.setAccessibleName("Kön")
        self.gender.addItem("Ej angivet", None)
        for gender in Gender:
            self.gender.addItem(gender.label, gender)
        self.language = line_edit("language", "Språk", "t.ex. svenska, finska, arabiska")
        self.needs_interpreter = QCheckBox("Behöver tolk")
        self.needs_interpreter.setObjectName("needs_interpreter")
        self.protected_identity = QCheckBox(
            "Skyddad identitet – adress och kontaktuppgifter döljs och all åtkomst loggas"
        )
        self.protected_identity.setObjectName("protected_identity")

        identity_box = QGroupBox("Identitet")
        identity_form = form(identity_box)
        self.identity_caption = QLabel("Personnummer:")
        identity_form.addRow(self.identity_caption, self.identity)
        identity_form.addRow("Födelsedatum:", self.birth_date)
        identity_form.addRow("&Förnamn:", self.first_name)
        identity_form.addRow("&Efternamn:", self.last_name)
        identity_form.addRow("Kön:", self.gender_text)
        identity_form.addRow("&Kön:", self.gender)
        self.identity_form = identity_form

        other_box = QGroupBox("Språk och skydd")
        other_form = form(other_box)
        other_form.addRow("&Språk:", self.language)
        other_form.addRow("Tolk:", self.needs_interpreter)
        other_form.addRow("Skydd:", self.protected_identity)

        align_labels(identity_form, other_form)
        for field, layout, widget in (
            ("first_name", identity_form, self.first_name),
            ("last_name", identity_form, self.last_name),
            ("gender", identity_form, self.gender),
            ("language", other_form, self.language),
            ("needs_interpreter", other_form, self.needs_interpreter),
            ("protected_identity", other_form, self.protected_identity),
        ):
            self.errors.below(field, layout, widget)
        self.watch(
            self.first_name,
            self.last_name,
            self.gender,
            self.language,
            self.needs_interpreter,
            self.protected_identity,
        )
        self.build(identity_box, other_box)

    def _fill(self, record: PersonRecordView) -> None:
        self.identity_caption.setText(f"{record.identity_kind.label}:")
        self.identity.setAccessibleName(record.identity_kind.label)
        self.identity.setText(record.identity_display)
        self.birth_date.setText(f"{record.birth_date:%Y-%m-%d}" if record.birth_date else "")
        self.identity_form.setRowVisible(self.birth_date, record.birth_date is not None)
        self.first_name.setText(record.first_name)
        self.last_name.setText(record.last_name)
        derived = record.gender_from_identity
        self.gender_text.setText(
            f"{record.gender_label} (följer av {record.identity_kind.label.lower()})"
            if derived
            else ""
        )
        self.identity_form.setRowVisible(self.gender_text, derived)
        self.identity_form.setRowVisible(self.gender, not derived)
        self.gender.setCurrentIndex(max(self.gender.findData(record.gender), 0))
        self.language.setText(record.language)
        self.needs_interpreter.setChecked(record.needs_interpreter)
        self.protected_identity.setChecked(record.protected_identity)

    def values(self) -> tuple[Any, ...]:
        return (
            self.first_name.text(),
            self.last_name.text(),
            self.gender.currentData(),
            self.language.text(),
            self.needs_interpreter.isChecked(),
            self.protected_identity.isChecked(),
        )

    def _save(self) -> bool:
        record = self.host.record
        protect = self.protected_identity.isChecked()
        if (
            record.protected_identity
            and not protect
            and not messages.confirm(
                self,
                LIFT_PROTECTION.format(name=record.name),
                title="Skyddad identitet",
                default_yes=False,
            )
        ):
            return False
        command = UpdatePersonDetails(
            person_id=record.id,
            expected_version=record.version,
            first_name=self.first_name.text().strip(),
            last_name=self.last_name.text().strip(),
            # Always the value shown: leaving it out must never lift the protection.
            protected_identity=protect,
            gender=None if record.gender_from_identity else self.gender.currentData(),
            language=self.language.text().strip(),
            needs_interpreter=self.needs_interpreter.isChecked(),
        )
        saved = self.host.submit(
            person_services.update_person_details, command, source=self, errors=self.errors
        )
        return saved is not None
