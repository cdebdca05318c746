"""Registrera (Acceptera och fördela): one intervention to a performing unit for a period,
with the time it takes, optionally sent on to Genomförande at once."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from pydantic import ValidationError as PydanticValidationError
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain import assignment_rules
from treserva_desktop.domain.assignment_rules import ExistingRow
from treserva_desktop.domain.commands.assignments import DistributeIntervention, RegisterExecution
from treserva_desktop.domain.enums import ExecutionStatus, TimePer
from treserva_desktop.domain.errors import DomainError, ValidationError
from treserva_desktop.domain.views import ExecutionRowView, period_text
from treserva_desktop.domain.views.assignments import (
    AssignmentDistributionView,
    DistributionIntervention,
    DistributionResult,
)
from treserva_desktop.ui import messages
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.field_errors import FieldErrors, fit_to_contents
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.panes.widgets import heading, muted_label, protected_badge
from treserva_desktop.ui.runner import Submit, Submitted

SEND_QUESTION = "Vill du skicka insatsen till genomförande?"
OTHER_AREAS = "Andra verksamheter"
OTHER_UNITS = "Andra enheter"
TO_EXECUTION_TIP = (
    "Skicka insatsen till Genomförande direkt. Utan bock sparas raden med status Under fördelning."
)
TO_EXECUTION_BLOCKED = (
    "Personen saknar debiteringsområde. Insatsen kan inte skickas till genomförande förrän "
    "debiteringsområde är angivet."
)
SET_BILLING_AREA = "Ange &debiteringsområde…"
BILLING_MISSING = (
    "Personen saknar debiteringsområde. Insatsen kan inte skickas till genomförande förrän "
    "debiteringsområde är angivet."
)
BILLING_MISSING_CAN_SET = BILLING_MISSING + " Ange det här, så kan du skicka den direkt."
BILLING_MISSING_NO_RIGHT = (
    BILLING_MISSING + " Du har inte behörighet att ange det, så raden sparas som Under "
    "fördelning tills någon har angett debiteringsområde."
)
WARNING_STYLE = (
    "#billing_box { background:#fff3c4; border:1px solid #d9b84a; border-radius:3px; }"
    "#billing_warning { color:#6b5200; }"
)
INVALID_INPUT = "Uppgifterna kunde inte tolkas. Kontrollera fälten och försök igen."
DATE_FORMAT = "yyyy-MM-dd"
EARLIEST = QDate(2000, 1, 1)
LATEST = QDate(2100, 12, 31)
# The spin box allows every hour of a month; the rules refuse more than a week holds per week.
MAX_HOURS = float(max(assignment_rules.MAX_HOURS.values()))

Command = DistributeIntervention | RegisterExecution
# Runs the command while the dialog is still open; a refusal naming a field is shown under
# that field and the dialog stays, any other refusal is shown in a box and the dialog closes.
RegisterSubmit = Submit[Command, DistributionResult]
# Ange debiteringsområde from within the dialog: asks, saves it on the person and returns the
# assignment as it is afterwards (None when cancelled or refused).
SetBillingAreaFn = Callable[[QWidget], AssignmentDistributionView | None]


PATH_SEPARATOR = " › "


def _last(path: str) -> str:
    return path.rsplit(PATH_SEPARATOR, 1)[-1]


def outside_question(unit_path: str, receiver_path: str) -> str:
    return (
        f"{_last(unit_path)} hör inte till {_last(receiver_path)}. Vill du ändå fördela "
        "insatsen dit?"
    )


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _date_edit(object_name: str, accessible: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(object_name)
    edit.setAccessibleName(accessible)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setDateRange(EARLIEST, LATEST)
    return edit


class RegisterExecutionDialog(QDialog):
    """A new row (DistributeIntervention) or, given a row Under fördelning, that row's time and
    Till genomförande (RegisterExecution). `command` holds the result after OK.

    Everything the rules can tell from what the dialog knows is checked on OK and shown under
    the offending field; the dialog stays open until the input is acceptable."""

    def __init__(
        self,
        view: AssignmentDistributionView,
        intervention: DistributionIntervention,
        *,
        expected_version: int,
        row: ExecutionRowView | None = None,
        submit: RegisterSubmit | None = None,
        set_billing_area: SetBillingAreaFn | None = None,
        remembered_unit_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._submit = submit
        self.submitted: Submitted[Command, DistributionResult] | None = None
        self._set_billing_area = set_billing_area
        self.remembered_unit_id = remembered_unit_id
        self.billing_box: QFrame | None = None
        self.billing_button: QPushButton | None = None
        self.view = view
        self.intervention = intervention
        self.row = row
        self.expected_version = expected_version
        self.command: Command | None = None
        self.setObjectName("register_execution_dialog")
        self.setWindowTitle(f"Registrera – {intervention.name}")
        self.setWindowIcon(icon("intervention"))

        self.errors = FieldErrors("error_general")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.setVerticalSpacing(8)
        form.setHorizontalSpacing(14)

        self.unit = QComboBox()
        self.unit.setObjectName("unit")
        self.unit.setAccessibleName("Utförarenhet")
        self.start = _date_edit("start_date", "Period från och med")
        self.end = _date_edit("end_date", "Period till och med")
        self.until_further = QCheckBox("Tills vidare")
        self.until_further.setObjectName("until_further")
        self.hours = QDoubleSpinBox()
        self.hours.setObjectName("hours")
        self.hours.setAccessibleName("Tidsåtgång i timmar")
        self.hours.setDecimals(2)
        self.hours.setRange(0.0, MAX_HOURS)
        self.hours.setSingleStep(0.5)
        self.hours.setMinimumWidth(90)
        self.hours.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.per = QComboBox()
        self.per.setObjectName("per")
        self.per.setAccessibleName("Tidsåtgång per")
        for per in TimePer:
            self.per.addItem(per.label, per.value)
        self.to_execution = QCheckBox("Till &genomförande")
        self.to_execution.setObjectName("to_execution")
        # Without a billing area the row can only be saved Under fördelning: no tick that OK
        # would refuse until Ange debiteringsområde… has set it.
        blocked = intervention.needs_billing_area
        self.to_execution.setChecked(not blocked)
        self.to_execution.setEnabled(not blocked)
        self.to_execution.setToolTip(TO_EXECUTION_BLOCKED if blocked else TO_EXECUTION_TIP)
        self.unit_text = QLabel()
        self.unit_text.setObjectName("unit_text")
        self.period_text = QLabel()
        self.period_text.setObjectName("period_text")

        if row is None:
            self._fill_units()
            form.addRow("&Utförarenhet:", self.errors.wrap(self.unit, "unit_id"))
            start_row = QHBoxLayout()
            start_row.addWidget(self.start)
            start_row.addStretch(1)
            form.addRow(
                "Period &fr.o.m.:", self.errors.wrap(start_row, "start_date", focus=self.start)
            )
            end_row = QHBoxLayout()
            end_row.setSpacing(12)
            end_row.addWidget(self.end)
            end_row.addWidget(self.until_further)
            end_row.addStretch(1)
            form.addRow("Period &t.o.m.:", self.errors.wrap(end_row, "end_date", focus=self.end))
        else:
            self.unit_text.setText(row.unit_name)
            self.period_text.setText(period_text(row.start_date, row.end_date))
            form.addRow("Utförarenhet:", self.unit_text)
            form.addRow("Period:", self.period_text)

        self.granted = muted_label()
        self.granted.setObjectName("granted")
        time_row = QHBoxLayout()
        time_row.setSpacing(8)
        time_row.addWidget(self.hours)
        time_row.addWidget(self.per)
        time_row.addSpacing(8)
        time_row.addWidget(self.granted, 1)
        self.time_field = self.errors.wrap(time_row, "hours", "per", focus=self.hours)
        if intervention.requires_time:
            form.addRow("Tids&åtgång:", self.time_field)
        else:
            self.time_field.hide()
        form.addRow("", self.errors.wrap(self.to_execution, "billing_area"))

        buttons = QDialogButtonBox()
        self.ok_button: QPushButton = buttons.addButton(
            "OK", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setObjectName("ok_button")
        self.cancel_button: QPushButton = buttons.addButton(
            "Avbryt", QDialogButtonBox.ButtonRole.RejectRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addLayout(self._header())
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

        self._fill_defaults()
        self.until_further.toggled.connect(self._until_further_toggled)
        self._until_further_toggled(self.until_further.isChecked())
        self.ok_button.setDefault(True)
        first = self.unit if row is None else self.hours if intervention.requires_time else None
        if first is not None:
            first.setFocus()

    # -- building ---------------------------------------------------------------------------

    def _header(self) -> QVBoxLayout:
        view, intervention = self.view, self.intervention
        title = heading(intervention.name, scale=1.25)
        title.setObjectName("intervention_name")
        person = view.person
        who = QHBoxLayout()
        who.setSpacing(8)
        who_label = muted_label(f"{person.name}, {person.identity_display}")
        who_label.setWordWrap(False)
        who_label.setObjectName("person")
        who.addWidget(who_label)
        if person.protected_identity:
            who.addWidget(protected_badge())
        who.addStretch(1)
        decision = muted_label(
            f"Beslut {view.decided_on:%Y-%m-%d}, period "
            f"{period_text(view.decision_start, view.decision_end)}"
        )
        decision.setObjectName("decision")
        layout = QVBoxLayout()
        layout.setSpacing(2)
        layout.addWidget(title)
        layout.addLayout(who)
        layout.addWidget(decision)
        if self.row is not None:
            note = muted_label(
                f"Raden har status {ExecutionStatus.UNDER_DISTRIBUTION.label}. Ange tidsåtgång "
                "och skicka den till genomförande."
            )
            layout.addWidget(note)
        if intervention.needs_billing_area:
            layout.addSpacing(4)
            layout.addWidget(self._billing_box())
        return layout

    def _billing_box(self) -> QFrame:
        """The yellow note that the person lacks a billing area, with Ange debiteringsområde…
        when the user may set it."""
        box = QFrame()
        box.setObjectName("billing_box")
        box.setStyleSheet(WARNING_STYLE)
        can_set = self._set_billing_area is not None
        warning = QLabel(BILLING_MISSING_CAN_SET if can_set else BILLING_MISSING_NO_RIGHT)
        warning.setObjectName("billing_warning")
        warning.setWordWrap(True)
        row = QHBoxLayout(box)
        row.setContentsMargins(8, 6, 8, 6)
        row.setSpacing(10)
        row.addWidget(warning, 1)
        button = QPushButton(SET_BILLING_AREA)
        button.setObjectName("set_billing_area_button")
        button.setAutoDefault(False)
        button.clicked.connect(self.set_billing_area)
        button.setVisible(can_set)
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.billing_box, self.billing_button = box, button
        return box

    def _fill_units(self) -> None:
        """The units to choose from (db.queries.assignments.unit_choices decides which and in
        what order: a unit with sub-units is never among them). Of the intervention's
        business area the receiving unit's own first, under its name, then the rest; then
        other areas. Each group under a heading that cannot be chosen."""
        choices = self.intervention.unit_choices
        own = [c for c in choices if c.preferred and self.is_own_unit(c.path)]
        preferred = [c for c in choices if c.preferred and not self.is_own_unit(c.path)]
        others = [c for c in choices if not c.preferred]
        if own:
            self._add_heading(_last(self.view.receiver_unit_name))
        for choice in own:
            self._add_unit(choice.path, choice.id)
        if own and preferred:
            self._add_heading(OTHER_UNITS)
        for choice in preferred:
            self._add_unit(choice.path, choice.id)
        if (own or preferred) and others:
            self._add_heading(OTHER_AREAS)
        for choice in others:
            self._add_unit(choice.path, choice.id)
        self.unit.setPlaceholderText("Välj utförarenhet")
        self.unit.setMaxVisibleItems(15)

    def is_own_unit(self, path: str) -> bool:
        """The receiving unit itself or one of its sub-units (paths share their prefix)."""
        receiver = self.view.receiver_unit_name
        return path == receiver or path.startswith(receiver + PATH_SEPARATOR)

    def _add_unit(self, path: str, unit_id: int) -> None:
        self.unit.addItem(path, unit_id)
        self.unit.setItemData(self.unit.count() - 1, path, Qt.ItemDataRole.ToolTipRole)

    def _add_heading(self, text: str) -> None:
        """A line in the list that is not a unit: shown, never chosen (no data)."""
        self.unit.addItem(f"— {text} —")
        model = self.unit.model()
        item = model.item(self.unit.count() - 1)  # type: ignore[attr-defined]
        item.setFlags(Qt.ItemFlag.NoItemFlags)

    def unit_ids(self) -> list[int]:
        """The units offered, in order (headings left out)."""
        ids = (self.unit.itemData(i) for i in range(self.unit.count()))
        return [unit_id for unit_id in ids if isinstance(unit_id, int)]

    def unit_texts(self) -> list[str]:
        return [self.unit.itemText(i) for i in range(self.unit.count())]

    def _fill_defaults(self) -> None:
        intervention = self.intervention
        if self.row is None:
            # The unit used last in this Acceptera och fördela, else the query's default (the
            # only sub-unit that fits), else nothing: the user chooses.
            position = -1
            for unit_id in (self.remembered_unit_id, intervention.default_unit_id):
                if unit_id is not None and self.unit.findData(unit_id) >= 0:
                    position = self.unit.findData(unit_id)
                    break
            self.unit.setCurrentIndex(position)
            self.start.setDate(_qdate(intervention.default_start))
            if intervention.default_end is None:
                self.end.setDate(_qdate(intervention.default_start))
                self.until_further.setChecked(True)
            else:
                self.end.setDate(_qdate(intervention.default_end))
                self.until_further.setChecked(False)
        hours = intervention.default_hours
        per = intervention.default_per
        if self.row is not None and self.row.minutes is not None:
            hours = assignment_rules.minutes_to_hours(self.row.minutes)
            per = self.row.per or per
        self.hours.setValue(float(hours) if hours is not None else 0.0)
        self.per.setCurrentIndex(max(self.per.findData((per or TimePer.WEEK).value), 0))
        granted = intervention.granted_text
        self.granted.setText(f"Beviljat: {granted}" if granted else "")

    def _until_further_toggled(self, checked: bool) -> None:
        self.end.setEnabled(not checked)

    # -- Ange debiteringsområde -------------------------------------------------------------

    def set_billing_area(self) -> None:
        """Set the person's billing area without leaving the dialog; then Till genomförande
        can be ticked (and is)."""
        if self._set_billing_area is None:
            return
        updated = self._set_billing_area(self)
        if updated is None:
            return
        item = next(
            (
                i
                for i in updated.interventions
                if i.intervention_id == self.intervention.intervention_id
            ),
            None,
        )
        self.view = dataclasses.replace(self.view, person=updated.person)
        self.intervention = dataclasses.replace(
            self.intervention,
            needs_billing_area=item.needs_billing_area if item is not None else False,
        )
        if self.intervention.needs_billing_area:
            return
        if self.billing_box is not None:
            self.billing_box.hide()
        self.errors.clear()
        self.to_execution.setEnabled(True)
        self.to_execution.setChecked(True)
        self.to_execution.setToolTip(
            f"Debiteringsområde: {updated.person.billing_area}. Skicka insatsen till "
            "Genomförande direkt."
        )
        # The note is gone: shrink so that no empty gap is left where it was.
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.adjustSize()
        self.ok_button.setFocus()

    # -- reading the input ------------------------------------------------------------------

    @property
    def start_date(self) -> date:
        value: date = self.start.date().toPython()  # type: ignore[assignment]
        return value

    @property
    def end_date(self) -> date | None:
        if self.until_further.isChecked():
            return None
        value: date = self.end.date().toPython()  # type: ignore[assignment]
        return value

    def _time(self) -> tuple[Decimal | None, TimePer | None]:
        if not self.intervention.requires_time:
            return None, None
        # Through str: the float's binary expansion must not leak into the stored minutes.
        hours = Decimal(str(round(self.hours.value(), 2)))
        value = self.per.currentData()
        return hours, TimePer(value) if isinstance(value, str) else None

    def _check(self) -> Command:
        """The command, after the same rules the service applies (raises DomainError)."""
        intervention = self.intervention
        hours, per = self._time()
        to_execution = self.to_execution.isChecked()
        if self.row is not None:
            self._check_time(hours, per)
            assignment_rules.check_billing_area(
                not intervention.needs_billing_area, intervention.business_area, to_execution
            )
            return RegisterExecution(
                execution_id=self.row.id,
                hours=hours,
                per=per,
                to_execution=to_execution,
                expected_version=self.expected_version,
            )
        unit_id = self.unit.currentData()
        if not isinstance(unit_id, int):
            raise ValidationError(assignment_rules.CHOOSE_PERFORMING_UNIT, field="unit_id")
        start, end = self.start_date, self.end_date
        assignment_rules.check_period(start, end)
        assignment_rules.check_inside_decision(
            start, end, self.view.decision_start, self.view.decision_end
        )
        self._check_time(hours, per)
        assignment_rules.check_billing_area(
            not intervention.needs_billing_area, intervention.business_area, to_execution
        )
        assignment_rules.check_no_overlap(
            start,
            end,
            (
                ExistingRow(row.start_date, row.end_date, row.status, row.unit_name)
                for row in intervention.rows
            ),
        )
        return DistributeIntervention(
            assignment_id=self.view.assignment_id,
            intervention_id=intervention.intervention_id,
            unit_id=unit_id,
            start_date=start,
            end_date=end,
            hours=hours,
            per=per,
            to_execution=to_execution,
            expected_version=self.expected_version,
        )

    def _check_time(self, hours: Decimal | None, per: TimePer | None) -> None:
        intervention = self.intervention
        assignment_rules.hours_to_minutes(
            hours, per, requires_time=intervention.requires_time, type_name=intervention.name
        )

    def accept(self) -> None:
        self.errors.clear()
        try:
            command = self._check()
        except DomainError as exc:
            self.errors.show(exc.field, exc.message)
            fit_to_contents(self)
            return
        except PydanticValidationError:
            self.errors.show(None, INVALID_INPUT)
            fit_to_contents(self)
            return
        if (
            isinstance(command, DistributeIntervention)
            and not self.is_own_unit(self.unit.currentText())
            and not messages.confirm(
                self,
                outside_question(self.unit.currentText(), self.view.receiver_unit_name),
                title="Utförarenhet",
                default_yes=False,
            )
        ):
            return
        if command.to_execution and not messages.confirm(
            self, SEND_QUESTION, title="Till genomförande"
        ):
            return
        if self._submit is not None:
            outcome = self._submit(self, command)
            refused = outcome.refused
            if refused is not None and refused.field:
                self.errors.show(refused.field, refused.message)
                fit_to_contents(self)
                return
            if refused is not None:
                messages.error(self, refused.message)
            self.submitted = Submitted(command, outcome)
        self.command = command
        super().accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        view: AssignmentDistributionView,
        intervention: DistributionIntervention,
        *,
        expected_version: int,
        row: ExecutionRowView | None = None,
        submit: RegisterSubmit,
        set_billing_area: SetBillingAreaFn | None = None,
        remembered_unit_id: int | None = None,
    ) -> Submitted[Command, DistributionResult] | None:
        """The command as run by `submit` and its outcome, or None when the user cancels.
        `expected_version` is the assignment's version for a new row, or the row's own
        version for a row Under fördelning."""
        dialog = cls(
            view,
            intervention,
            expected_version=expected_version,
            row=row,
            submit=submit,
            set_billing_area=set_billing_area,
            remembered_unit_id=remembered_unit_id,
            parent=parent,
        )
        return run_modal(dialog, lambda: dialog.submitted)
