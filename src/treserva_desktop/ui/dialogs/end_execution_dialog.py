"""Rätta/Avsluta: T.o.m. (and a correction of Fr.o.m.) with an avslutsorsak for one row."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date

from pydantic import ValidationError as PydanticValidationError
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain import execution_rules
from treserva_desktop.domain.commands.executions import EndExecution
from treserva_desktop.domain.errors import DomainError
from treserva_desktop.domain.views.executions import EndResult, ExecutionWindowView, WindowRow
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
WARNING_HEADING = "Observera innan insatsen avslutas:"
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
EndSubmit = Submit[EndExecution, EndResult]


def default_end(row: WindowRow, today: date) -> date:
    """The row's own T.o.m. when someone ended it (Rätta), otherwise today, never before
    Fr.o.m. A T.o.m. that is only the decision's end was never chosen by anyone: proposing it
    would end the row then without the manager noticing."""
    ended = row.end_date is not None and (bool(row.end_reason) or row.end_date != row.decision_end)
    if row.end_date is not None and ended:
        return row.end_date
    proposed = max(today, row.start_date)
    return min(proposed, row.end_date) if row.end_date is not None else proposed


class EndExecutionDialog(QDialog):
    """`submitted` holds the command and its outcome after OK; a refusal naming a field is
    shown under it and the dialog stays open."""

    def __init__(
        self,
        view: ExecutionWindowView,
        row: WindowRow,
        *,
        today: date,
        warnings: Sequence[str] = (),
        submit: EndSubmit | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.row = row
        self._submit = submit
        self.command: EndExecution | None = None
        self.submitted: Submitted[EndExecution, EndResult] | None = None
        self.setObjectName("end_execution_dialog")
        self.setWindowTitle(f"Rätta/Avsluta – {row.intervention_name}")
        self.setWindowIcon(icon("intervention"))

        title = heading(row.intervention_name, scale=1.2)
        who = muted_label(f"{view.person_text} · {row.unit_name}")
        who.setObjectName("end_person")
        facts = QFormLayout()
        facts.addRow("Nuvarande period:", value_label(row.period))
        if row.time_text:
            facts.addRow("Tidsåtgång:", value_label(row.time_text))
        facts.addRow("Status:", value_label(row.status.label))
        decision = value_label(
            f"{row.decision_start:%Y-%m-%d} – "
            + (f"{row.decision_end:%Y-%m-%d}" if row.decision_end else "tills vidare")
        )
        facts.addRow("Beslutsperiod:", decision)

        self.errors = FieldErrors("error_general")
        self.start = DateField(
            "start_date", "Fr.o.m.", row.start_date, minimum=EARLIEST, maximum=LATEST
        )
        self.end = DateField(
            "end_date", "T.o.m.", default_end(row, today), minimum=EARLIEST, maximum=LATEST
        )
        self.reason = QComboBox()
        self.reason.setObjectName("reason_code")
        self.reason.setAccessibleName("Avslutsorsak")
        self.reason.setPlaceholderText("Välj avslutsorsak")
        for option in view.reasons:
            self.reason.addItem(option.name, option.code)
        self.reason.setCurrentIndex(
            next((i for i, o in enumerate(view.reasons) if o.name == row.end_reason), -1)
        )
        self.reason.setMinimumWidth(280)
        form = QFormLayout()
        form.setVerticalSpacing(8)
        form.addRow(
            "&Fr.o.m.:", self.errors.wrap(form_row(self.start), "start_date", focus=self.start)
        )
        form.addRow("&T.o.m.:", self.errors.wrap(form_row(self.end), "end_date", focus=self.end))
        form.addRow("&Avslutsorsak:", self.errors.wrap(self.reason, "reason_code"))
        align_labels(facts, form)

        self.warning = QLabel()
        self.warning.setObjectName("live_commitments")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(
            "background:#fff4ce; border:1px solid #e0c060; border-radius:4px; padding:8px;"
        )
        self.warnings = list(warnings)
        if self.warnings:
            items = "".join(f"<li>{html.escape(text)}</li>" for text in self.warnings)
            self.warning.setText(f"<b>{WARNING_HEADING}</b><ul style='margin:0'>{items}</ul>")
        else:
            self.warning.hide()

        buttons, self.ok_button, self.cancel_button = ok_cancel_buttons(self)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(who)
        layout.addLayout(facts)
        layout.addWidget(self.warning)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.ok_button.setDefault(True)
        self.end.setFocus()

    def _check(self) -> EndExecution:
        """The command, after the same rules the service applies (raises DomainError)."""
        row = self.row
        start = self.start.value()
        end = self.end.value()
        execution_rules.check_end(
            start, end, row.decision_start, row.decision_end, self.view.others(row)
        )
        if row.replaces_execution_id is not None:
            execution_rules.check_replaced_start(start, self.view.replaced_end(row.id))
        code = self.reason.currentData()
        reason = execution_rules.check_reason(
            code if isinstance(code, str) else "", (o.code for o in self.view.reasons)
        )
        return EndExecution(
            execution_id=row.id,
            end_date=end,
            start_date=start if start != row.start_date else None,
            reason_code=reason,
            expected_version=row.version,
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
        view: ExecutionWindowView,
        row: WindowRow,
        *,
        today: date,
        warnings: Sequence[str],
        submit: EndSubmit,
    ) -> Submitted[EndExecution, EndResult] | None:
        dialog = cls(view, row, today=today, warnings=warnings, submit=submit, parent=parent)
        return run_modal(dialog, lambda: dialog.submitted)
