"""Registrera (Acceptera och fördela): one intervention to a performing unit for a period,
with the time it takes, optionally sent on to Genomförande at once."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from pydantic import ValidationError as PydanticValidationError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain import assignment_rules
from treserva_desktop.domain.commands.distribution import DistributeIntervention
from treserva_desktop.domain.distribution_defaults import (
    BILLING_FROM_UNIT,
    preselect_billing_area,
)
from treserva_desktop.domain.enums import TimePer
from treserva_desktop.domain.errors import DomainError
from treserva_desktop.domain.views import ExecutionRowView, period_text
from treserva_desktop.domain.views.distribution import (
    AssignmentDistributionView,
    DistributionIntervention,
    DistributionResult,
)
from treserva_desktop.ui import messages
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.dialogs.performing_unit_box import PerformingUnitBox, last_part
from treserva_desktop.ui.dialogs.register_execution_form import (
    Command,
    RegisterInput,
    build_command,
)
from treserva_desktop.ui.dialogs.register_execution_header import BillingBox, header
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import Submit, Submitted
from treserva_desktop.ui.widgets.common import muted_label
from treserva_desktop.ui.widgets.date_field import DateField
from treserva_desktop.ui.widgets.field_errors import FieldErrors, fit_to_contents
from treserva_desktop.ui.widgets.forms import ok_cancel_buttons
from treserva_desktop.ui.widgets.submission import submit_or_stay

SEND_QUESTION = "Vill du skicka insatsen till genomförande?"
TO_EXECUTION_TIP = (
    "Skicka insatsen till Genomförande direkt. Utan bock sparas raden med status Under fördelning."
)
TO_EXECUTION_BLOCKED = (
    "Personen saknar debiteringsområde. Insatsen kan inte skickas till genomförande förrän "
    "debiteringsområde är angivet."
)
REMEMBERED_UNIT = "Förvald: samma enhet som din förra registrering i uppdraget."
INVALID_INPUT = "Uppgifterna kunde inte tolkas. Kontrollera fälten och försök igen."
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
# The spin box allows every hour of a month; the rules refuse more than a week holds per week.
MAX_HOURS = float(max(assignment_rules.MAX_HOURS.values()))

# Runs the command while the dialog is still open; a refusal naming a field is shown under
# that field and the dialog stays, any other refusal is shown in a box and the dialog closes.
RegisterSubmit = Submit[Command, DistributionResult]
# Ange debiteringsområde from within the dialog: asks, saves it on the person and returns the
# assignment as it is afterwards (None when cancelled or refused).
SetBillingAreaFn = Callable[[QWidget], AssignmentDistributionView | None]


def outside_question(unit_path: str, receiver_path: str) -> str:
    return (
        f"{last_part(unit_path)} hör inte till {last_part(receiver_path)}. Vill du ändå fördela "
        "insatsen dit?"
    )


def _date_field(object_name: str, accessible: str) -> DateField:
    return DateField(object_name, accessible, minimum=EARLIEST, maximum=LATEST)


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
        self.billing_box: BillingBox | None = None
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

        self.unit = PerformingUnitBox(view.receiver_unit_name)
        self.start = _date_field("start_date", "Period från och med")
        self.end = _date_field("end_date", "Period till och med")
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
        # Why the unit was preselected (domain.distribution_defaults), shown, never hidden.
        self.unit_reason = muted_label()
        self.unit_reason.setObjectName("unit_reason")
        # Debiteringsområde for a person who has none, proposed from the performing unit;
        # only for a new row and a user who may set it (else Ange debiteringsområde…).
        self.billing_area: QComboBox | None = None
        self.billing_reason = muted_label()
        self.billing_reason.setObjectName("billing_reason")
        self._billing_touched = False
        self.unit_text = QLabel()
        self.unit_text.setObjectName("unit_text")
        self.period_text = QLabel()
        self.period_text.setObjectName("period_text")

        if row is None:
            self.unit.fill(intervention.unit_choices)
            unit_row = QVBoxLayout()
            unit_row.setSpacing(2)
            unit_row.addWidget(self.unit)
            unit_row.addWidget(self.unit_reason)
            form.addRow("&Utförarenhet:", self.errors.wrap(unit_row, "unit_id", focus=self.unit))
            if intervention.needs_billing_area and set_billing_area and view.billing_areas:
                self.billing_area = self._billing_combo(view)
                billing_row = QHBoxLayout()
                billing_row.setSpacing(8)
                billing_row.addWidget(self.billing_area)
                billing_row.addWidget(self.billing_reason, 1)
                form.addRow(
                    "&Debiteringsområde:",
                    self.errors.wrap(billing_row, "billing_area", focus=self.billing_area),
                )
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
        if self.billing_area is None:
            form.addRow("", self.errors.wrap(self.to_execution, "billing_area"))
        else:
            form.addRow("", self.to_execution)

        buttons, self.ok_button, self.cancel_button = ok_cancel_buttons(self)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        if intervention.needs_billing_area and self.billing_area is None:
            self.billing_box = BillingBox(can_set=set_billing_area is not None)
            self.billing_button = self.billing_box.button
            self.billing_button.clicked.connect(self.set_billing_area)
        layout.addLayout(header(view, intervention, row, self.billing_box))
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

        self._fill_defaults()
        if self.billing_area is not None:
            self.unit.currentIndexChanged.connect(self._propose_billing_area)
            self.billing_area.activated.connect(self._billing_chosen)
            self._propose_billing_area()
        self.until_further.toggled.connect(self._until_further_toggled)
        self._until_further_toggled(self.until_further.isChecked())
        self.ok_button.setDefault(True)
        first = self.unit if row is None else self.hours if intervention.requires_time else None
        if first is not None:
            first.setFocus()

    # -- building ---------------------------------------------------------------------------

    def is_own_unit(self, path: str) -> bool:
        """The receiving unit itself or one of its sub-units."""
        return self.unit.is_own_unit(path)

    def unit_ids(self) -> list[int]:
        """The units offered, in order (headings left out)."""
        return self.unit.unit_ids()

    def unit_texts(self) -> list[str]:
        return self.unit.unit_texts()

    def _fill_defaults(self) -> None:
        intervention = self.intervention
        if self.row is None:
            # The unit used last in this Acceptera och fördela, else the query's default (the
            # only sub-unit that fits), else nothing: the user chooses.
            position = -1
            reasons = (REMEMBERED_UNIT, intervention.default_unit_reason)
            for unit_id, reason in zip(
                (self.remembered_unit_id, intervention.default_unit_id), reasons, strict=True
            ):
                if unit_id is not None and self.unit.findData(unit_id) >= 0:
                    position = self.unit.findData(unit_id)
                    self.unit_reason.setText(reason)
                    break
            self.unit.setCurrentIndex(position)
            self.unit_reason.setVisible(bool(self.unit_reason.text()))
            self.start.set_value(intervention.default_start)
            if intervention.default_end is None:
                self.end.set_value(intervention.default_start)
                self.until_further.setChecked(True)
            else:
                self.end.set_value(intervention.default_end)
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

    # -- Debiteringsområde proposed from the performing unit ------------------------------

    def _billing_combo(self, view: AssignmentDistributionView) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName("billing_area")
        combo.setAccessibleName("Debiteringsområde")
        combo.addItem("", None)
        for code, text in view.billing_areas:
            combo.addItem(text, code)
        combo.setMinimumWidth(220)
        return combo

    def _unit_default_billing(self) -> str | None:
        unit_id = self.unit.currentData()
        choice = next((c for c in self.intervention.unit_choices if c.id == unit_id), None)
        known = [code for code, _text in self.view.billing_areas]
        return preselect_billing_area(None, choice.default_billing_area if choice else None, known)

    def _propose_billing_area(self, *_args: object) -> None:
        """The performing unit's default area, until the user chooses one themselves."""
        combo = self.billing_area
        if combo is None or self._billing_touched:
            return
        proposed = self._unit_default_billing()
        combo.setCurrentIndex(max(combo.findData(proposed), 0) if proposed else 0)
        self.billing_reason.setText(BILLING_FROM_UNIT if proposed else "")
        self._billing_changed()

    def _billing_chosen(self, *_args: object) -> None:
        self._billing_touched = True
        self.billing_reason.setText("")
        self._billing_changed()

    def _billing_changed(self) -> None:
        """With an area chosen Till genomförande can be ticked (and is); without, not."""
        chosen = self.billing_code() is not None
        if self.billing_box is not None:
            self.billing_box.setVisible(not chosen)
        self.to_execution.setEnabled(chosen)
        self.to_execution.setChecked(chosen)
        self.to_execution.setToolTip(TO_EXECUTION_TIP if chosen else TO_EXECUTION_BLOCKED)

    def billing_code(self) -> str | None:
        combo = self.billing_area
        value = combo.currentData() if combo is not None else None
        return value if isinstance(value, str) and value else None

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
        return self.start.value()

    @property
    def end_date(self) -> date | None:
        if self.until_further.isChecked():
            return None
        return self.end.value()

    def _time(self) -> tuple[Decimal | None, TimePer | None]:
        if not self.intervention.requires_time:
            return None, None
        # Through str: the float's binary expansion must not leak into the stored minutes.
        hours = Decimal(str(round(self.hours.value(), 2)))
        value = self.per.currentData()
        return hours, TimePer(value) if isinstance(value, str) else None

    def _check(self) -> Command:
        """The command, after the same rules the service applies (raises DomainError)."""
        hours, per = self._time()
        unit_id = self.unit.currentData()
        given = RegisterInput(
            unit_id=unit_id if isinstance(unit_id, int) else None,
            start=self.start_date,
            end=self.end_date,
            hours=hours,
            per=per,
            to_execution=self.to_execution.isChecked(),
            billing_area_code=self.billing_code(),
        )
        return build_command(self.view, self.intervention, self.row, self.expected_version, given)

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
            submitted = submit_or_stay(self, self.errors, self._submit, command)
            if submitted is None:
                return  # busy (the input kept for another try) or refused at a field
            self.submitted = submitted
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
