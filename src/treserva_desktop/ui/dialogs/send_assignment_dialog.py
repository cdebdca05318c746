"""Myndighet › Nytt uppdrag…: person, decision, interventions, goals and the receiving unit.

The dialog checks what it can with the domain's own rules (same messages as the service),
then hands the command to `submit`, which runs the service; a refusal is shown at the field it
names and the dialog stays open.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain import assignment_rules, person_rules
from treserva_desktop.domain.assignment_rules import DEFAULT_LEGAL_BASIS
from treserva_desktop.domain.commands.assignments import (
    DecisionInput,
    PersonInput,
    SendNewAssignment,
)
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.field_lengths import (
    IDENTITY_INPUT_LENGTH,
    POSTAL_CODE_INPUT_LENGTH,
    max_length,
)
from treserva_desktop.domain.identity import parse_identity_number
from treserva_desktop.domain.views.assignments import (
    InterventionTypeView,
    PersonMatch,
    ReceiverUnit,
    SentAssignment,
)
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.dialogs.intervention_table import InterventionTable
from treserva_desktop.ui.dialogs.org_unit_picker import OrgUnitPicker
from treserva_desktop.ui.dialogs.person_confirm_dialog import PersonConfirmDialog
from treserva_desktop.ui.field_errors import FieldErrors
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.panes.widgets import protected_badge
from treserva_desktop.ui.runner import Fetched, Submit, Submitted

PersonLookup = Callable[[str], Fetched[PersonMatch | None]]
SendSubmit = Submit[SendNewAssignment, SentAssignment]
# The generic error is shown already; the dialog stays open with a pointer to it.
NOT_SENT = "Uppdraget kunde inte skickas. Försök igen."

LEGAL_BASES = (DEFAULT_LEGAL_BASIS, "4 kap. 2 a § SoL")
NOT_FOUND = "Ingen person med numret är registrerad. Fyll i uppgifterna för en ny person."
SEARCH_HINT = "Sök på personnumret (Enter) för att se om personen redan finns."

_ROW_FIELD = re.compile(r"^interventions\[(\d+)\]\.(\w+)$")


def _date_edit(name: str, value: date) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(QDate(value.year, value.month, value.day))
    edit.setMinimumWidth(130)
    return edit


def _buddy(text: str, widget: QWidget) -> QLabel:
    """A form label whose mnemonic moves focus to the field itself (not its container)."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _to_date(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


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
        self.existing: PersonMatch | None = None
        # The number (normalised) last looked up and found free, so OK need not ask again.
        self._searched_free: str | None = None
        self.errors = FieldErrors(resolve=self._target)
        self.setObjectName("send_assignment_dialog")
        self.setWindowTitle("Nytt uppdrag – Myndighet")
        self.setWindowIcon(icon("assignment"))

        left = QVBoxLayout()
        left.addWidget(self._person_group())
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
        """An error goes away as soon as the user changes the field it is about."""
        for key, edit in (
            ("first_name", self.first_name),
            ("last_name", self.last_name),
            ("street", self.street),
            ("postal_code", self.postal_code),
            ("city", self.city),
            ("phone", self.phone),
        ):
            edit.textEdited.connect(lambda _t, k=key: self._clear_field(k))
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

    def _person_group(self) -> QGroupBox:
        group = QGroupBox("Person")
        self.identity = QLineEdit()
        self.identity.setObjectName("identity_number")
        self.identity.setPlaceholderText("ÅÅÅÅMMDD-NNNN")
        self.identity.setAccessibleName("Personnummer")
        self.identity.setMaxLength(IDENTITY_INPUT_LENGTH)
        self.identity.installEventFilter(self)
        self.identity.textEdited.connect(self._identity_edited)
        self.search_button = QPushButton("&Sök")
        self.search_button.setObjectName("search_button")
        self.search_button.setAutoDefault(False)
        self.search_button.setToolTip("Sök personen på numret (Enter)")
        self.search_button.clicked.connect(self.search)
        number_row = QHBoxLayout()
        number_row.addWidget(self.identity, 1)
        number_row.addWidget(self.search_button)
        self.person_status = QLabel(SEARCH_HINT)
        self.person_status.setObjectName("person_status")
        self.person_status.setWordWrap(True)
        self.person_status.setStyleSheet("color:#555555;")

        number_form = QFormLayout()
        number_form.addRow(
            _buddy("Person&nummer:", self.identity),
            self.errors.wrap(number_row, "identity_number"),
        )
        number_form.addRow("", self.person_status)

        self.person_stack = QStackedWidget()
        self.person_stack.addWidget(self._new_person_page())
        self.person_stack.addWidget(self._existing_person_page())

        layout = QVBoxLayout(group)
        layout.addLayout(number_form)
        layout.addWidget(self.person_stack)
        return group

    def _line(self, name: str, accessible: str, limit: int) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setMaxLength(limit)
        return edit

    def _new_person_page(self) -> QWidget:
        page = QWidget()
        self.first_name = self._line("first_name", "Förnamn", max_length("first_name"))
        self.last_name = self._line("last_name", "Efternamn", max_length("last_name"))
        self.street = self._line("street", "Gatuadress", max_length("street"))
        self.postal_code = self._line("postal_code", "Postnummer", POSTAL_CODE_INPUT_LENGTH)
        self.postal_code.setPlaceholderText("123 45")
        self.postal_code.setMaximumWidth(80)
        self.city = self._line("city", "Ort", max_length("city"))
        self.phone = self._line("phone", "Telefon", max_length("phone"))
        self.protected_identity = QCheckBox("Skyddad identitet")
        self.protected_identity.setObjectName("protected_identity")
        place = QHBoxLayout()
        place.addWidget(self.postal_code)
        place.addWidget(self.city, 1)
        place_error = QVBoxLayout()
        place_error.addWidget(self.errors.label("postal_code"))
        place_error.addWidget(self.errors.label("city"))
        place_box = QWidget()
        place_layout = QVBoxLayout(place_box)
        place_layout.setContentsMargins(0, 0, 0, 0)
        place_layout.setSpacing(2)
        place_layout.addLayout(place)
        place_layout.addLayout(place_error)

        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        names = QHBoxLayout()
        names.addWidget(self.errors.wrap(self.first_name, "first_name"))
        names.addWidget(self.errors.wrap(self.last_name, "last_name"))
        self.first_name.setPlaceholderText("Förnamn")
        self.last_name.setPlaceholderText("Efternamn")
        form.addRow(_buddy("&Namn:", self.first_name), names)
        form.addRow(
            _buddy("&Adress:", self.street),
            self.errors.wrap(self.street, "street"),
        )
        form.addRow(_buddy("Postnr/&ort:", self.postal_code), place_box)
        phone_row = QHBoxLayout()
        phone_row.addWidget(self.errors.wrap(self.phone, "phone"), 1)
        phone_row.addWidget(self.protected_identity)
        form.addRow(_buddy("&Telefon:", self.phone), phone_row)
        return page

    def _existing_person_page(self) -> QWidget:
        page = QFrame()
        page.setObjectName("existing_person")
        page.setFrameShape(QFrame.Shape.StyledPanel)
        page.setStyleSheet(
            "#existing_person { background:#f6f8fb; border:1px solid #b7c4d1; border-radius:4px; }"
        )
        self.existing_name = QLabel()
        self.existing_name.setObjectName("existing_name")
        font = self.existing_name.font()
        font.setBold(True)
        self.existing_name.setFont(font)
        self.existing_address = QLabel()
        self.existing_address.setObjectName("existing_address")
        self.existing_address.setWordWrap(True)
        self.existing_protected = protected_badge()
        self.change_person_button = QPushButton("Välj en annan person")
        self.change_person_button.setObjectName("change_person_button")
        self.change_person_button.setAutoDefault(False)
        self.change_person_button.clicked.connect(self._clear_existing)
        form = QFormLayout()
        form.addRow("Namn:", self.existing_name)
        form.addRow("Adress:", self.existing_address)
        bottom = QHBoxLayout()
        bottom.addWidget(self.existing_protected)
        bottom.addStretch(1)
        bottom.addWidget(self.change_person_button)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addLayout(bottom)
        return page

    def _decision_group(self) -> QGroupBox:
        group = QGroupBox("Beslut")
        self.decided_on = _date_edit("decided_on", self.today)
        self.decided_on.setMaximumDate(QDate(self.today.year, self.today.month, self.today.day))
        self.period_start = _date_edit("period_start", self.today)
        self.period_end = _date_edit("period_end", self.today)
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
            _buddy("&Beslutsdatum:", self.decided_on),
            self.errors.wrap(decided, "decided_on"),
        )
        form.addRow(_buddy("&Period fr.o.m.:", self.period_start), period_box)
        form.addRow(
            _buddy("La&grum:", self.legal_basis),
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

    # -- person -----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter in the number field searches instead of sending the whole dialog.
        if (
            watched is self.identity
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.search()
            return True
        return super().eventFilter(watched, event)

    def _identity_edited(self, _text: str) -> None:
        self._searched_free = None
        self._clear_field("identity_number")
        if self.existing is not None:
            self._clear_existing()
        self.person_status.setText(SEARCH_HINT)

    def search(self) -> bool:
        """Look the number up. True when the person is settled: confirmed, or known to be new."""
        self._clear_field("identity_number")
        text = self.identity.text().strip()
        try:
            number = parse_identity_number(text, today=self.today)
        except ValidationError as error:
            self._show_errors([("identity_number", error.message)])
            return False
        self.identity.setText(number.display(self.today))
        fetched = self.lookup(text)
        if fetched.error is not None:
            self._show_errors([("identity_number", fetched.error)])
            return False
        match = fetched.value
        if match is None:
            self._searched_free = number.value
            self.person_status.setText(NOT_FOUND)
            self.first_name.setFocus()
            return True
        confirmed = PersonConfirmDialog.ask(self, match, number_label=number.kind.label)
        if confirmed is None:
            self.person_status.setText("Personen valdes inte. Kontrollera numret och sök igen.")
            self.identity.setFocus()
            self.identity.selectAll()
            return False
        self._use_existing(confirmed)
        return True

    def _use_existing(self, match: PersonMatch) -> None:
        self.existing = match
        self.existing_name.setText(f"{match.name}, {match.identity_display}")
        self.existing_address.setText(match.address or "Ingen adress registrerad")
        self.existing_protected.setVisible(match.protected_identity)
        self.person_stack.setCurrentIndex(1)
        self.person_status.setText("Befintlig person vald. Uppdraget registreras på personen.")
        for key in ("first_name", "last_name", "street", "postal_code", "city", "phone"):
            self._clear_field(key)

    def _clear_existing(self) -> None:
        self.existing = None
        self._searched_free = None
        self.person_stack.setCurrentIndex(0)
        self.person_status.setText(SEARCH_HINT)
        self.identity.setFocus()
        self.identity.selectAll()

    def _until_further_toggled(self, checked: bool) -> None:
        self.period_end.setEnabled(not checked)
        if not checked:
            start = _to_date(self.period_start)
            if _to_date(self.period_end) < start:
                self.period_end.setDate(self.period_start.date().addYears(1).addDays(-1))
            self.period_end.setFocus()
        self._clear_field("period_end")

    # -- building the command -----------------------------------------------------------------

    def _person_input(self) -> PersonInput:
        if self.existing is not None:
            return PersonInput(identity_number=self.identity.text(), first_name="", last_name="")
        return PersonInput(
            identity_number=self.identity.text(),
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            street=self.street.text(),
            postal_code=self.postal_code.text(),
            city=self.city.text(),
            phone=self.phone.text(),
            protected_identity=self.protected_identity.isChecked(),
        )

    def check(self) -> list[tuple[str, str]]:
        """Every problem the dialog can see itself, as (field, Swedish message)."""
        problems: list[tuple[str, str]] = []
        try:
            parse_identity_number(self.identity.text(), today=self.today)
        except ValidationError as error:
            problems.append(("identity_number", error.message))
        if self.existing is None:
            _fields, person_problems = person_rules.check_new_person(self._person_input())
            problems += [(problem.field or "", problem.message) for problem in person_problems]
        start = _to_date(self.period_start)
        end = None if self.until_further.isChecked() else _to_date(self.period_end)
        try:
            assignment_rules.check_decision(_to_date(self.decided_on), start, end, self.today)
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
            person=self._person_input(),
            existing_person_id=self.existing.id if self.existing else None,
            decision=DecisionInput(
                decided_on=_to_date(self.decided_on),
                period_start=_to_date(self.period_start),
                period_end=None if self.until_further.isChecked() else _to_date(self.period_end),
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
        if self.existing is None and self._searched_free != self._normalised_number():
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

    def _normalised_number(self) -> str | None:
        try:
            return parse_identity_number(self.identity.text(), today=self.today).value
        except ValidationError:
            return None

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
            "identity_number": self.identity,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "street": self.street,
            "postal_code": self.postal_code,
            "city": self.city,
            "phone": self.phone,
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
