"""Sammanställ and Avsluta ärendet of a boservice case: what ends, the date and avslutsorsak."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain import service_case_rules
from treserva_desktop.domain.commands.service_case import CloseServiceCase
from treserva_desktop.domain.errors import DomainError
from treserva_desktop.domain.views import end_text
from treserva_desktop.domain.views.service_case import (
    ClosedServiceCase,
    CloseReason,
    ServiceCaseSummary,
    ServiceCaseView,
)
from treserva_desktop.ui import messages
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import Fetched, Rehearse, Submit, Submitted
from treserva_desktop.ui.widgets.common import heading, muted_label, section_title, value_label
from treserva_desktop.ui.widgets.date_field import DateField
from treserva_desktop.ui.widgets.field_errors import FieldErrors, fit_to_contents

CONFIRM = (
    "Vill du avsluta ärendet? Insatserna avslutas och ärendet kan inte öppnas igen. "
    "Har journalen avslutats och dokumenten skrivits ut?"
)
CloseSubmit = Submit[CloseServiceCase, ClosedServiceCase]
Summarise = Callable[[date], Fetched[ServiceCaseSummary]]


def summary_lines(summary: ServiceCaseSummary) -> list[str]:
    """Sammanställning as lines: the decision period and each row with its new end."""
    lines = [
        f"Beslutsperiod: {summary.period_start:%Y-%m-%d} – {end_text(summary.period_end)}"
        f" → slutar {summary.closed_on:%Y-%m-%d}"
        if summary.period_end is None or summary.period_end > summary.closed_on
        else f"Beslutsperiod: {summary.period_start:%Y-%m-%d} – {summary.period_end:%Y-%m-%d}"
    ]
    for row in summary.rows:
        period = f"{row.start_date:%Y-%m-%d} – {end_text(row.end_date)}"
        change = (
            f" → avslutas {row.new_end:%Y-%m-%d}" if row.new_end is not None else " (redan slut)"
        )
        lines.append(f"{row.type_name}, {row.unit_name}: {period}{change}")
    if not summary.rows:
        lines.append("Ärendet har inga insatser.")
    return lines


class CloseServiceCaseDialog(QDialog):
    """`submitted` holds the command and its outcome after Avsluta ärendet (and a Ja)."""

    def __init__(
        self,
        case: ServiceCaseView,
        reasons: list[CloseReason],
        closing_on: date,
        parent: QWidget | None = None,
        *,
        summarise: Summarise,
        submit: CloseSubmit | None = None,
        rehearse: Rehearse[CloseServiceCase] | None = None,
    ) -> None:
        super().__init__(parent)
        self.case = case
        self._summarise = summarise
        self._submit = submit
        # A closing the service would refuse is shown before the irreversible Ja/Nej.
        self._rehearse = rehearse
        self.submitted: Submitted[CloseServiceCase, ClosedServiceCase] | None = None
        self.command: CloseServiceCase | None = None
        self.summary: ServiceCaseSummary | None = None
        self.setObjectName("close_service_case_dialog")
        self.setWindowTitle("Avsluta ärende")
        self.setWindowIcon(icon("intervention"))
        self.errors = FieldErrors("error_general")

        self.summary_text = value_label()
        self.summary_text.setObjectName("summary")
        self.closed_on = DateField("closed_on", "Datum för avslut", closing_on)
        self.reason = QComboBox()
        self.reason.setObjectName("reason")
        self.reason.setAccessibleName("Avslutsorsak")
        self.reason.addItem("Välj avslutsorsak", None)
        for reason in reasons:
            self.reason.addItem(reason.name, reason.code)

        form = QFormLayout()
        form.addRow("&Datum för avslut:", self.errors.wrap(self.closed_on, "closed_on"))
        form.addRow("Avslut&sorsak:", self.errors.wrap(self.reason, "reason_code"))

        buttons = QDialogButtonBox()
        self.close_button = buttons.addButton(
            "&Avsluta ärendet", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button.setObjectName("close_case_button")
        buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading("Avsluta ärende", scale=1.2))
        layout.addWidget(muted_label(case.title))
        layout.addWidget(section_title("Sammanställning"))
        layout.addWidget(self.summary_text)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.closed_on.dateChanged.connect(self._refresh)
        self._refresh()

    def _refresh(self, *_args: object) -> None:
        """Sammanställ for the date now in the field."""
        self.errors.clear_field("closed_on")
        fetched = self._summarise(self.closed_on.value())
        self.summary = fetched.value
        if fetched.value is None:
            self.summary_text.setText(fetched.error or "")
            return
        self.summary_text.setText("\n".join(summary_lines(fetched.value)))
        if fetched.value.personal_care_ongoing:
            self.errors.show("closed_on", service_case_rules.PERSONAL_CARE_ONGOING)
        fit_to_contents(self)

    def show_refusal(self, error: DomainError) -> None:
        self.errors.show(error.field, error.message)
        fit_to_contents(self)

    def accept(self) -> None:
        self.errors.clear()
        code = self.reason.currentData()
        if not code:
            self.show_refusal(DomainError(service_case_rules.CHOOSE_REASON, field="reason_code"))
            return
        command = CloseServiceCase(
            case_id=self.case.id,
            closed_on=self.closed_on.value(),
            reason_code=code,
            expected_version=self.summary.version if self.summary else self.case.version,
        )
        if self._rehearse is not None and (refused := self._rehearse(command)) is not None:
            self.show_refusal(refused)
            return
        if not messages.confirm(self, CONFIRM, title="Avsluta ärendet", default_yes=False):
            return
        if self._submit is not None:
            outcome = self._submit(self, command)
            if outcome.refused is not None:
                self.show_refusal(outcome.refused)
                return
            if not outcome.ok:
                return
            self.submitted = Submitted(command, outcome)
        self.command = command
        super().accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        case: ServiceCaseView,
        reasons: list[CloseReason],
        closing_on: date,
        *,
        summarise: Summarise,
        submit: CloseSubmit,
        rehearse: Rehearse[CloseServiceCase] | None = None,
    ) -> Submitted[CloseServiceCase, ClosedServiceCase] | None:
        dialog = cls(
            case, reasons, closing_on, parent, summarise=summarise, submit=submit, rehearse=rehearse
        )
        return run_modal(dialog, lambda: dialog.submitted)
