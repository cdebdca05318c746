"""Återkalla (ändring av tid): the day before the change; the row ends that day and a new row
Under fördelning runs from the next day, to be registered with the new Tidsåtgång."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import ValidationError as PydanticValidationError
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain import execution_rules
from treserva_desktop.domain.commands.executions import RevokeExecution
from treserva_desktop.domain.errors import DomainError
from treserva_desktop.domain.views import end_text
from treserva_desktop.domain.views.executions import RevokeResult, WindowRow
from treserva_desktop.ui import messages
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import Submit, Submitted
from treserva_desktop.ui.widgets.common import heading, muted_label, value_label
from treserva_desktop.ui.widgets.date_field import DateField
from treserva_desktop.ui.widgets.field_errors import FieldErrors, fit_to_contents
from treserva_desktop.ui.widgets.forms import align_labels, ok_cancel_buttons
from treserva_desktop.ui.widgets.forms import row as form_row
from treserva_desktop.ui.widgets.submission import submit_or_stay

INVALID_INPUT = "Uppgifterna kunde inte tolkas. Kontrollera fälten och försök igen."
EXPLANATION = (
    "Ange dagen innan den nya tiden ska gälla. Raden avslutas den dagen och en ny rad med "
    "status Under fördelning skapas från dagen efter. Registrera sedan den nya raden med den "
    "nya tidsåtgången."
)
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
RevokeSubmit = Submit[RevokeExecution, RevokeResult]


def default_day(row: WindowRow, today: date) -> date:
    """Today (the new time from tomorrow), kept inside the row."""
    day = max(today, row.start_date)
    if row.end_date is not None and day >= row.end_date:
        day = max(row.start_date, row.end_date - timedelta(days=1))
    return day


def confirm_text(row: WindowRow, day: date) -> str:
    return (
        f"{row.intervention_name} återkallas från och med {day + timedelta(days=1):%Y-%m-%d}. "
        f"Raden avslutas {day:%Y-%m-%d} och en ny rad Under fördelning skapas för "
        f"{day + timedelta(days=1):%Y-%m-%d} – {end_text(row.end_date)}. Vill du fortsätta?"
    )


class RevokeExecutionDialog(QDialog):
    """`submitted` holds the command and its outcome after OK and a Ja to the question."""

    def __init__(
        self,
        row: WindowRow,
        person_text: str,
        *,
        today: date,
        submit: RevokeSubmit | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.row = row
        self.today = today
        self._submit = submit
        self.command: RevokeExecution | None = None
        self.submitted: Submitted[RevokeExecution, RevokeResult] | None = None
        self.setObjectName("revoke_execution_dialog")
        self.setWindowTitle(f"Återkalla – {row.intervention_name}")
        self.setWindowIcon(icon("intervention"))

        title = heading(row.intervention_name, scale=1.2)
        who = muted_label(f"{person_text} · {row.unit_name}")
        facts = QFormLayout()
        facts.addRow("Period:", value_label(row.period))
        if row.time_text:
            facts.addRow("Tidsåtgång:", value_label(row.time_text))
        explanation = value_label(EXPLANATION)
        explanation.setObjectName("explanation")

        self.errors = FieldErrors("error_general")
        self.day = DateField(
            "day_before",
            "Dagen innan ändringen",
            default_day(row, today),
            minimum=EARLIEST,
            maximum=LATEST,
        )
        self.new_row = muted_label()
        self.new_row.setObjectName("new_row")
        form = QFormLayout()
        form.addRow(
            "&Dagen innan ändringen:",
            self.errors.wrap(form_row(self.day), "day_before", focus=self.day),
        )
        form.addRow("Ny rad:", self.new_row)
        self.day.dateChanged.connect(lambda _d: self._show_new_row())
        self._show_new_row()
        align_labels(facts, form)

        buttons, self.ok_button, self.cancel_button = ok_cancel_buttons(self)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(who)
        layout.addLayout(facts)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(500)
        self.ok_button.setDefault(True)
        self.day.setFocus()

    def _show_new_row(self) -> None:
        start = self.day.value() + timedelta(days=1)
        self.new_row.setText(f"Under fördelning {start:%Y-%m-%d} – {end_text(self.row.end_date)}")

    def accept(self) -> None:
        self.errors.clear()
        row = self.row
        day = self.day.value()
        try:
            execution_rules.check_revoke_day(
                row.status, row.start_date, row.end_date, day, self.today
            )
            command = RevokeExecution(
                execution_id=row.id, day_before=day, expected_version=row.version
            )
        except DomainError as exc:
            self.errors.show(exc.field, exc.message)
            fit_to_contents(self)
            return
        except PydanticValidationError:
            self.errors.show(None, INVALID_INPUT)
            fit_to_contents(self)
            return
        if not messages.confirm(self, confirm_text(row, day), title="Återkalla"):
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
        row: WindowRow,
        person_text: str,
        *,
        today: date,
        submit: RevokeSubmit,
    ) -> Submitted[RevokeExecution, RevokeResult] | None:
        dialog = cls(row, person_text, today=today, submit=submit, parent=parent)
        return run_modal(dialog, lambda: dialog.submitted)
