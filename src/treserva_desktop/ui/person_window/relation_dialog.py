"""Lägg till / Ändra relation: närstående, god man, förvaltare, kontakt- och referensperson."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain import person_rules
from treserva_desktop.domain.commands.persons import AddRelation, UpdateRelation
from treserva_desktop.domain.enums import RelationKind
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.views.persons import PersonRecordView, RelationRecordView
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.widgets.field_errors import FieldErrors
from treserva_desktop.ui.widgets.forms import (
    align_labels,
    form,
    hint,
    line_edit,
    postal_code_edit,
)

INVOICE_HINT = "En fakturamottagare måste ha fullständig postadress (gatuadress, postnummer, ort)."


class RelationDialog(QDialog):
    """Builds AddRelation (new) or UpdateRelation (existing) in accept(); stays open with the
    offending field marked when a rule refuses the input."""

    FIELDS = (
        "kind",
        "name",
        "relation_type",
        "phone",
        "email",
        "street",
        "postal_code",
        "city",
        "is_invoice_recipient",
        "notify_on_events",
    )

    def __init__(
        self,
        record: PersonRecordView,
        relation: RelationRecordView | None = None,
        parent: QWidget | None = None,
        *,
        draft: AddRelation | None = None,
        error: ValidationError | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("relation_dialog")
        self.record = record
        self.relation = relation
        self.command: AddRelation | UpdateRelation | None = None
        verb = "Ändra relation" if relation is not None else "Lägg till relation"
        self.setWindowTitle(f"{verb} – {record.name}")

        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        self.kind.setAccessibleName("Relationstyp")
        for kind in RelationKind:
            self.kind.addItem(kind.label, kind)
        self.name = line_edit("name", "Namn", "För- och efternamn")
        self.relation_type = line_edit(
            "relation_type", "Släktskap eller roll", "t.ex. dotter, make, granne"
        )
        self.phone = line_edit("phone", "Telefon", "t.ex. 070-123 45 67")
        self.email = line_edit("email", "E-post", "namn@exempel.se")
        self.street = line_edit("street", "Gatuadress")
        self.postal_code = postal_code_edit("postal_code", "Postnummer")
        self.city = line_edit("city", "Ort")
        self.is_invoice_recipient = QCheckBox("Fakturamottagare")
        self.is_invoice_recipient.setObjectName("is_invoice_recipient")
        self.is_invoice_recipient.setToolTip(INVOICE_HINT)
        self.notify_on_events = QCheckBox("Aviseras vid händelser (t.ex. inläggning, avvikelse)")
        self.notify_on_events.setObjectName("notify_on_events")
        invoice_hint = hint(INVOICE_HINT)

        who = QGroupBox("Relation")
        who_form = form(who)
        who_form.addRow("&Relationstyp:", self.kind)
        who_form.addRow("&Namn: *", self.name)
        who_form.addRow("&Släktskap/roll:", self.relation_type)

        contact = QGroupBox("Kontaktuppgifter")
        contact_form = form(contact)
        contact_form.addRow("&Telefon:", self.phone)
        contact_form.addRow("&E-post:", self.email)
        contact_form.addRow("&Gatuadress:", self.street)
        contact_form.addRow("&Postnummer:", self.postal_code)
        contact_form.addRow("&Ort:", self.city)

        roles = QGroupBox("Fakturering och avisering")
        roles_form = QFormLayout(roles)
        roles_form.addRow(self.is_invoice_recipient)
        roles_form.addRow(invoice_hint)
        roles_form.addRow(self.notify_on_events)

        align_labels(who_form, contact_form)
        self.errors = FieldErrors("relation_error")
        for field, field_form, widget in (
            ("kind", who_form, self.kind),
            ("name", who_form, self.name),
            ("relation_type", who_form, self.relation_type),
            ("phone", contact_form, self.phone),
            ("email", contact_form, self.email),
            ("street", contact_form, self.street),
            ("postal_code", contact_form, self.postal_code),
            ("city", contact_form, self.city),
            ("is_invoice_recipient", roles_form, self.is_invoice_recipient),
            ("notify_on_events", roles_form, self.notify_on_events),
        ):
            self.errors.below(field, field_form, widget)

        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("OK", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("ok_button")
        cancel = buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancel_button")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        required = QLabel("* måste anges")
        required.setStyleSheet("color:#555555;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.errors.general)
        layout.addWidget(who)
        layout.addWidget(contact)
        layout.addWidget(roles)
        layout.addWidget(required)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self.ok_button.setDefault(True)

        source = draft if draft is not None else relation
        if source is not None:
            self._fill(source)
        if error is not None:
            self.errors.show(error.field, error.message)
        else:
            self.name.setFocus()

    def _fill(self, source: AddRelation | RelationRecordView) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(source.kind), 0))
        self.name.setText(source.name)
        self.relation_type.setText(source.relation_type)
        self.phone.setText(source.phone)
        self.email.setText(source.email)
        self.street.setText(source.street)
        self.postal_code.setText(source.postal_code)
        self.city.setText(source.city)
        self.is_invoice_recipient.setChecked(source.is_invoice_recipient)
        self.notify_on_events.setChecked(source.notify_on_events)

    def _text(self, edit: QLineEdit) -> str:
        return edit.text().strip()

    def _check(self) -> None:
        """The service's rules, checked here so the dialog can stay open at the field."""
        own_id = self.relation.id if self.relation is not None else None
        kind = RelationKind(self.kind.currentData())
        others = [r for r in self.record.active_relations if r.id != own_id]
        person_rules.check_relation(
            person_rules.RelationFields(
                name=self._text(self.name),
                relation_type=self._text(self.relation_type),
                phone=self._text(self.phone),
                email=self._text(self.email),
                street=self._text(self.street),
                postal_code=self._text(self.postal_code),
                city=self._text(self.city),
                is_invoice_recipient=self.is_invoice_recipient.isChecked(),
            ),
            kind_label=kind.label,
            same_kind_names=(r.name for r in others if r.kind is kind),
            other_invoice_recipients=(r.name for r in others if r.is_invoice_recipient),
        )

    def accept(self) -> None:
        self.errors.clear()
        try:
            self._check()
        except ValidationError as refusal:
            self.errors.show(refusal.field, refusal.message)
            return
        values = {
            "person_id": self.record.id,
            "expected_version": self.record.version,
            "kind": self.kind.currentData(),
            "name": self._text(self.name),
            "relation_type": self._text(self.relation_type),
            "phone": self._text(self.phone),
            "email": self._text(self.email),
            "street": self._text(self.street),
            "postal_code": self._text(self.postal_code),
            "city": self._text(self.city),
            "is_invoice_recipient": self.is_invoice_recipient.isChecked(),
            "notify_on_events": self.notify_on_events.isChecked(),
        }
        if self.relation is not None:
            self.command = UpdateRelation(relation_id=self.relation.id, **values)
        else:
            self.command = AddRelation(**values)
        super().accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        record: PersonRecordView,
        relation: RelationRecordView | None = None,
        *,
        draft: AddRelation | None = None,
        error: ValidationError | None = None,
    ) -> AddRelation | UpdateRelation | None:
        """The command to run, or None when the user cancels. `draft` and `error` reopen the
        dialog with what the user typed when the service refused it."""
        dialog = cls(record, relation, parent, draft=draft, error=error)
        return run_modal(dialog, lambda: dialog.command)
