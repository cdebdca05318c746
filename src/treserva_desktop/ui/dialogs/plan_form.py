"""What the genomförandeplan dialogs share: the header, the field errors and the step that
checks, runs the command while the dialog is open and shows a refusal at its field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QWidget

from treserva_desktop.domain.errors import DomainError
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import Rehearse, Submit, Submitted
from treserva_desktop.ui.widgets.field_errors import FieldErrors, fit_to_contents

C = TypeVar("C", bound=BaseModel)
R = TypeVar("R")

INVALID_INPUT = "Uppgifterna kunde inte tolkas. Kontrollera fälten och försök igen."


def ok_cancel(dialog: QDialog, ok_text: str = "OK") -> tuple[QDialogButtonBox, QPushButton]:
    """OK (with its Alt mnemonic) and Avbryt, wired to accept and reject. OK is the dialog's
    default button, so Enter in a field means OK."""
    # Made inside the dialog: a button made default before it is in a dialog does not
    # become that dialog's default, and Enter then presses whichever button Qt picks.
    buttons = QDialogButtonBox(dialog)
    ok: QPushButton = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setObjectName("ok_button")
    ok.setDefault(True)
    cancel = buttons.addButton("&Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
    cancel.setObjectName("cancel_button")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok


class PlanDialog(QDialog, Generic[C, R]):
    """`build()` makes the command (raising DomainError at a field); OK submits it."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str,
        submit: Submit[C, R] | None,
        rehearse: Rehearse[C] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowIcon(icon("plan"))
        self.errors = FieldErrors("error_general")
        self._submit = submit
        # Asked before confirmed(): a command the service would refuse is shown as refused
        # before any Ja/Nej (runner.rehearse).
        self._rehearse = rehearse
        self.command: C | None = None
        self.submitted: Submitted[C, R] | None = None

    def build(self) -> C:
        raise NotImplementedError

    def confirmed(self, _command: C) -> bool:
        """Whether to go on (an irreversible step asks first)."""
        return True

    def show_refusal(self, error: DomainError) -> None:
        self.errors.show(error.field, error.message)
        fit_to_contents(self)

    def accept(self) -> None:
        self.errors.clear()
        try:
            command = self.build()
        except DomainError as error:
            self.show_refusal(error)
            return
        except PydanticValidationError:
            self.errors.show(None, INVALID_INPUT)
            fit_to_contents(self)
            return
        if self._rehearse is not None and (refused := self._rehearse(command)) is not None:
            self.show_refusal(refused)
            return
        if not self.confirmed(command):
            return
        if self._submit is not None:
            outcome = self._submit(self, command)
            if outcome.refused is not None:
                self.show_refusal(outcome.refused)
                return
            if outcome.busy:
                return  # nothing saved, the input kept for another try
            self.submitted = Submitted(command, outcome)
        self.command = command
        super().accept()


def ask_modal(dialog: PlanDialog[C, R]) -> Submitted[C, R] | None:
    result: Callable[[], Submitted[C, R] | None] = lambda: dialog.submitted  # noqa: E731
    return run_modal(dialog, result)
