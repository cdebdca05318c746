"""Myndighet › Nytt uppdrag…: person, decision, interventions, goals and the receiving unit.

The dialog checks what it can with the domain's own rules (same messages as the service),
then hands the command to `submit`, which runs the service; a refusal is shown at the field it
names and the dialog stays open.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain import assignment_rules
from treserva_desktop.domain.assignment_rules import DEFAULT_LEGAL_BASIS
from treserva_desktop.domain.commands.authority import DecisionInput, SendNewAssignment
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.views.authority import (
    InterventionTypeView,
    PersonMatch,
    ReceiverUnit,
    SentAssignment,
)
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.dialogs.intervention_table import InterventionTable
from treserva_desktop.ui.dialogs.send_assignment_person import (
    NEW_PERSON_FIELDS,
    PersonLookup,
    PersonSection,
)
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import Submit, Submitted
from treserva_desktop.ui.widgets.date_field import DateField
from treserva_desktop.ui.widgets.field_errors import FieldErrors
from treserva_desktop.ui.widgets.forms import buddy
from treserva_desktop.ui.widgets.unit_picker import OrgUnitPicker

SendSubmit = Submit[SendNewAssignment, SentAssignment]
# The generic error is shown already; the dialog stays open with a pointer to it.
NOT_SENT = "Uppdraget kunde inte skickas. Försök igen."

LEGAL_BASES = (DEFAULT_LEGAL_BASIS, "4 kap. 2 a § SoL")

_ROW_FIELD = re.compile(r"^interventions\[(\d+)\]\.(\w+)$")


class SendAssignmentDialog(QDialog):
    """Builds a SendNewAssignment; `command` holds it once the service has accepted it."""

    def __init__(
        self,
        types: Sequence[InterventionTypeView],
        units: Sequence[ReceiverUnit],
        *,
        lookup: PersonLookup,
        submit: SendSubmit,
        parent: QWidget | None = None,
        today: date,
    ) -> None:
        super().__init__(parent)
        self.types = list(types)
        self.lookup = lookup
        self.submit = submit
        self.today = today
        self.command: SendNewAssignment | None = None
        self.submitted: Submitted[SendNewAssignment, SentAssignment] | None = None
        self.errors = FieldErrors(resolve=self._target)
        self.setObjectName("send_assignment_dialog")
        self.setWindowTitle("Nytt uppdrag – Myndighet")
        self.setWindowIcon(icon("assignment"))

        self.person = PersonSection(self.errors, lookup=lookup, today=today)
        # The section's fields, under the names the dialog has always had.
        self.identity = self.person.identity
        self.search_button = self.person.search_button
        self.person_status = self.person.person_status
        self.first_name, self.last_name = self.person.first_name, self.person.last_name
        self.street, self.postal_code = self.person.street, self.person.postal_code
        self.city, self.phone = self.person.city, self.person.phone
        self.protected_identity = self.person.protected_identity
        left = QVBoxLayout()
        left.addWidget(self.person)
        left.addWidget(self._decision_group())
        left.addWidget(self._receiver_group(units), 1)
        right = QVBoxLayout()
        right.addWidget(self._interventions_group(), 3)
        right.addWidget(self._goals_group(), 2)
        columns = QHBoxLayout()
        columns.addLayout(left, 5)
        columns.addSpacing(6)
        columns.addLayout(right, 6)

        buttons = QDialogButtonBox()
        self.send_button = buttons.addButton(
            "Skicka uppdrag", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.send_button.setObjectName("send_button")
        self.send_button.setIcon(icon("assignment"))
        self.cancel_button = buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("cancel_button")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self.resize(1120, 720)
        self.send_button.setDefault(True)
        self.intervention_table.add_row()
        self._clear_on_edit()
        self.identity.setFocus()

    def _clear_on_edit(self) -> None:
        """An error goes away as soon as the user changes the field it is about (the person
        section clears its own)."""
        for key, date_edit in (
            ("decided_on", self.decided_on),
            ("period_start", self.period_start),
            ("period_end", self.period_end),
        ):
            date_edit.dateChanged.connect(lambda _d, k=key: self._clear_field(k))
        self.period_start.dateChanged.connect(lambda _d: self._clear_field("period_end"))
        self.legal_basis.editTextChanged.connect(lambda _t: self._clear_field("legal_basis"))
        self.goals.textChanged.connect(lambda: self._clear_field("goals"))

    # -- building -------------------------------------------------------------------------------

    def _decision_group(self) -> QGroupBox:
        group = QGroupBox("Beslut")
        self.decided_on = _date_field("decided_on", self.today)
        self.decided_on.setMaximumDate(self.decided_on.date())
        self.period_start = _date_field("period_start", self.today)
        self.period_end = _date_field("period_end", self.today)
        self.period_end.setDate(self.period_start.date().addYears(1).addDays(-1))
        self.period_end.setEnabled(False)
        self.until_further = QCheckBox("Tills vidare")
        self.until_further.setObjectName("until_further")
        self.until_further.setChecked(True)
        self.until_further.toggled.connect(self._until_further_toggled)
        self.legal_basis = QComboBox()
        self.legal_basis.setObjectName("legal_basis")
        self.legal_basis.setEditable(True)
        self.legal_basis.addItems(LEGAL_BASES)
        self.legal_basis.setAccessibleName("Lagrum")
        period = QHBoxLayout()
        period.addWidget(self.period_start)
        period.addWidget(QLabel("t.o.m."))
        period.addWidget(self.period_end)
        period.addWidget(self.until_further)
        period.addStretch(1)
        period_errors = QVBoxLayout()
        period_errors.addWidget(self.errors.label("period_start"))
        period_errors.addWidget(self.errors.label("period_end"))
        period_box = QWidget()
        period_layout = QVBoxLayout(period_box)
        period_layout.setContentsMargins(0, 0, 0, 0)
        period_layout.setSpacing(2)
        period_layout.addLayout(period)
        period_layout.addLayout(period_errors)
        decided = QHBoxLayout()
        decided.addWidget(self.decided_on)
        decided.addStretch(1)
        form = QFormLayout(group)
        form.addRow(
            buddy("&Beslutsdatum:", self.decided_on),
            self.errors.wrap(decided, "decided_on"),
        )
        form.addRow(buddy("&Period fr.o.m.:", self.period_start), period_box)
        form.addRow(
            buddy("La&grum:", self.legal_basis),
            self.errors.wrap(self.legal_basis, "legal_basis"),
        )
        return group

    def _interventions_group(self) -> QGroupBox:
        group = QGroupBox("Insatser")
        self.intervention_table = InterventionTable(
            self.types, error_label=self.errors.label("interventions")
        )
        self.intervention_table.edited.connect(lambda: self._clear_field("interventions"))
        layout = QVBoxLayout(group)
        layout.addWidget(self.intervention_table)
        return group

    def _goals_group(self) -> QGroupBox:
        group = QGroupBox("Mål och beskrivning")
        self.goals = QPlainTextEdit()
        self.goals.setObjectName("goals")
        self.goals.setAccessibleName("Mål och beskrivning")
        self.goals.setPlaceholderText(
            "Vad insatserna ska uppnå och vad utföraren behöver veta, t.ex. "
            '"Känna sig trygg i hemmet och klara sin personliga hygien."'
        )
        self.goals.setTabChangesFocus(True)
        layout = QVBoxLayout(group)
        layout.addWidget(self.goals, 1)
        layout.addWidget(self.errors.label("goals"))
        return group

    def _receiver_group(self, units: Sequence[ReceiverUnit]) -> QGroupBox:
        group = QGroupBox("Mottagare")
        self.picker = OrgUnitPicker(units)
        self.picker.setMinimumHeight(200)
        self.picker.unit_changed.connect(lambda _unit: self._clear_field("receiver_unit_id"))
        layout = QVBoxLayout(group)
        layout.addWidget(self.picker, 1)
        layout.addWidget(self.errors.label("receiver_unit_id"))
        return group

    def _until_further_toggled(self, checked: bool) -> None:
        self.period_end.setEnabled(not checked)
        if not checked:
            if self.period_end.value() < self.period_start.value():
                self.period_end.setDate(self.period_start.date().addYears(1).addDays(-1))
            self.period_end.setFocus()
        self._clear_field("period_end")

    # -- building the command -----------------------------------------------------------------

    def check(self) -> list[tuple[str, str]]:
        """Every problem the dialog can see itself, as (field, Swedish message)."""
        problems = self.person.check()
        start = self.period_start.value()
        end = None if self.until_further.isChecked() else self.period_end.value()
        try:
            assignment_rules.check_decision(self.decided_on.value(), start, end, self.today)
        except ValidationError as error:
            problems.append((error.field or "period_end", error.message))
        problems += _refusals(assignment_rules.check_legal_basis, self.legal_basis.currentText())
        _inputs, row_problems = self.intervention_table.inputs()
        problems += row_problems
        problems += _refusals(assignment_rules.check_goals, self.goals.toPlainText())
        if self.picker.selected_unit() is None:
            problems.append(
                (
                    "receiver_unit_id",
                    "Välj den enhet som ska ta emot uppdraget i organisationsträdet.",
                )
            )
        return problems

    def build_command(self) -> SendNewAssignment:
        interventions, _problems = self.intervention_table.inputs()
        unit = self.picker.selected_unit()
        assert unit is not None
        return SendNewAssignment(
            person=self.person.person_input(),
            existing_person_id=self.existing.id if self.existing else None,
            decision=DecisionInput(
                decided_on=self.decided_on.value(),
                period_start=self.period_start.value(),
                period_end=None if self.until_further.isChecked() else self.period_end.value(),
                legal_basis=self.legal_basis.currentText(),
            ),
            interventions=tuple(interventions),
            goals=self.goals.toPlainText(),
            receiver_unit_id=unit.id,
        )

    def accept(self) -> None:
        problems = self.check()
        if problems:
            self._show_errors(problems)
            return
        if not self.person.settled():
            # Never register someone without first showing who already has the number.
            if not self.search():
                return
            if self.existing is not None:
                # Found and confirmed: let the user see the person before sending.
                return
        self.errors.clear()
        command = self.build_command()
        outcome = self.submit(self, command)
        if outcome.refused is not None:
            self._show_errors([(outcome.refused.field or "", outcome.refused.message)])
            return
        if not outcome.ok:
            self._show_errors([("", NOT_SENT)])
            return
        self.command = command
        self.submitted = Submitted(command, outcome)
        super().accept()

    # -- person -------------------------------------------------------------------------------

    @property
    def existing(self) -> PersonMatch | None:
        """The registered person the assignment is for, once found and confirmed."""
        return self.person.existing

    def search(self) -> bool:
        """Look the number up. True when the person is settled: confirmed, or known to be new."""
        return self.person.search()

    # -- errors -------------------------------------------------------------------------------

    def _target(self, field_name: str) -> tuple[str, QWidget | None, str]:
        """The slot key, the widget to mark and a prefix for the message."""
        match = _ROW_FIELD.match(field_name)
        if match:
            position, name = int(match.group(1)), match.group(2)
            rows = self.intervention_table.rows
            if position < len(rows):
                return "interventions", rows[position].widget(name), f"Rad {position + 1}: "
            return "interventions", self.intervention_table.table, ""
        widgets: dict[str, QWidget] = {
            key: self.person.field(key) for key in ("identity_number", *NEW_PERSON_FIELDS)
        }
        widgets |= {
            "decided_on": self.decided_on,
            "period_start": self.period_start,
            "period_end": self.period_end,
            "legal_basis": self.legal_basis,
            "interventions": self.intervention_table.table,
            "goals": self.goals,
            "receiver_unit_id": self.picker.view,
        }
        if field_name in widgets:
            return field_name, widgets[field_name], ""
        return "", None, ""

    def _show_errors(self, problems: Sequence[tuple[str, str]]) -> None:
        first = self.errors.show_all(problems)
        if first is self.period_end and self.until_further.isChecked():
            self.until_further.setChecked(False)
            self.period_end.setFocus()

    def _clear_field(self, key: str) -> None:
        self.errors.clear_field(key)

    def error_text(self, key: str) -> str:
        """The error shown at a field ('' when none); 'general' for the line above the buttons."""
        return self.errors.message(None if key == "general" else key)

    # -- contract -----------------------------------------------------------------------------

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        types: Sequence[InterventionTypeView],
        units: Sequence[ReceiverUnit],
        lookup: PersonLookup,
        submit: SendSubmit,
        today: date,
    ) -> Submitted[SendNewAssignment, SentAssignment] | None:
        """The command the service accepted with what it sent, or None when cancelled."""
        dialog = cls(types, units, lookup=lookup, submit=submit, parent=parent, today=today)
        return run_modal(dialog, lambda: dialog.submitted)


def _refusals(rule: Callable[[str], object], text: str) -> list[tuple[str, str]]:
    """The rule's refusal as (field, message), or nothing when the text passes."""
    try:
        rule(text)
    except ValidationError as error:
        return [(error.field or "", error.message)]
    return []


def _date_field(name: str, value: date) -> DateField:
    field = DateField(name, value=value)
    field.setMinimumWidth(130)
    return field
