"""Stoppa uppdrag: a provider change the unit declines, or an assignment sent to the wrong
unit. The reason goes back to the handläggare as a message."""

from __future__ import annotations

from pydantic import ValidationError as PydanticValidationError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain import assignment_rules
from treserva_desktop.domain.commands.distribution import StopAssignment
from treserva_desktop.domain.enums import AssignmentKind
from treserva_desktop.domain.errors import DomainError
from treserva_desktop.domain.views.distribution import AssignmentDistributionView
from treserva_desktop.ui import messages
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import Submit, Submitted
from treserva_desktop.ui.widgets.common import heading, muted_label, value_label
from treserva_desktop.ui.widgets.field_errors import FieldErrors, fit_to_contents

CONFIRM = (
    "Vill du stoppa uppdraget? Handläggaren får ett meddelande med orsaken. "
    "Ett stoppat uppdrag kan inte fördelas."
)
CONFIRM_CHANGE = (
    "Vill du stoppa bytet av utförare? Avsändaren får ett meddelande med orsaken och "
    "insatserna ligger kvar hos den nuvarande utföraren."
)
INVALID_INPUT = "Uppgifterna kunde inte tolkas. Kontrollera fälten och försök igen."
# Runs Stoppa uppdrag while the dialog is still open; a refusal is shown inline and it stays.
StopSubmit = Submit[StopAssignment, int]


def _explanation(kind: AssignmentKind) -> str:
    if kind is AssignmentKind.PROVIDER_CHANGE:
        return (
            "Uppdraget gäller byte av utförare. Om ni inte tar emot det stoppas det här och "
            "ingenting ändras hos den nuvarande utföraren."
        )
    return (
        "Ett nytt uppdrag kan bara stoppas om det har skickats till fel enhet. Markera "
        "Felskickat uppdrag och ange orsak."
    )


class StopAssignmentDialog(QDialog):
    """`command` holds a StopAssignment after Stoppa uppdrag (and a Ja to the question)."""

    def __init__(
        self,
        view: AssignmentDistributionView,
        parent: QWidget | None = None,
        *,
        submit: StopSubmit | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self._submit = submit
        self.submitted: Submitted[StopAssignment, int] | None = None
        self.command: StopAssignment | None = None
        self.setObjectName("stop_assignment_dialog")
        self.setWindowTitle("Stoppa uppdrag")
        self.setWindowIcon(icon("assignment"))

        title = heading(view.title, scale=1.2)
        person = muted_label(
            f"{view.person.name}, {view.person.identity_display} · {view.receiver_unit_name}"
        )
        explanation = value_label(_explanation(view.kind))
        explanation.setObjectName("explanation")

        self.errors = FieldErrors("error_general")
        self.misdirected = QCheckBox("Felskickat uppdrag (skickat till fel enhet)")
        self.misdirected.setObjectName("misdirected")
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setAccessibleName("Orsak")
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText("T.ex. Personen bor i Hemtjänst Söders område.")
        self.reason.setMinimumHeight(110)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.addRow("", self.errors.wrap(self.misdirected, "misdirected"))
        form.addRow("&Orsak:", self.errors.wrap(self.reason, "reason"))

        buttons = QDialogButtonBox()
        self.stop_button: QPushButton = buttons.addButton(
            "Stoppa uppdrag", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.stop_button.setObjectName("stop_button")
        buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addWidget(person)
        layout.addSpacing(4)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        # Stoppa uppdrag only once there is a reason (and, for a new assignment, the tick).
        self.reason.textChanged.connect(self._update_button)
        self.misdirected.toggled.connect(self._update_button)
        self._update_button()
        self.reason.setFocus()

    def _update_button(self, *_args: object) -> None:
        has_reason = bool(self.reason.toPlainText().strip())
        ticked = self.view.kind is not AssignmentKind.NEW or self.misdirected.isChecked()
        self.stop_button.setEnabled(has_reason and ticked)

    def show_refusal(self, error: DomainError) -> None:
        """The service said no: show why under the field (or at the bottom) and stay open."""
        self.errors.show(error.field, error.message)
        fit_to_contents(self)

    def accept(self) -> None:
        self.errors.clear()
        reason = self.reason.toPlainText().strip()
        misdirected = self.misdirected.isChecked()
        try:
            assignment_rules.check_can_stop(self.view.status, self.view.kind, misdirected, reason)
            command = StopAssignment(
                assignment_id=self.view.assignment_id,
                reason=reason,
                misdirected=misdirected,
                expected_version=self.view.version,
            )
        except DomainError as exc:
            self.errors.show(exc.field, exc.message)
            fit_to_contents(self)
            return
        except PydanticValidationError:
            self.errors.show(None, INVALID_INPUT)
            fit_to_contents(self)
            return
        question = CONFIRM_CHANGE if self.view.kind is AssignmentKind.PROVIDER_CHANGE else CONFIRM
        if not messages.confirm(self, question, title="Stoppa uppdrag", default_yes=False):
            return
        if self._submit is not None:
            outcome = self._submit(self, command)
            if outcome.refused is not None:
                self.show_refusal(outcome.refused)
                return
            if outcome.busy:
                return  # Avbryt on "Databasen är upptagen": nothing saved, the input kept
            self.submitted = Submitted(command, outcome)
        self.command = command
        super().accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        view: AssignmentDistributionView,
        *,
        submit: StopSubmit,
    ) -> Submitted[StopAssignment, int] | None:
        """The command as run by `submit` and its outcome, or None when cancelled; a refusal
        keeps the dialog open with the reason shown in it."""
        dialog = cls(view, parent, submit=submit)
        return run_modal(dialog, lambda: dialog.submitted)
