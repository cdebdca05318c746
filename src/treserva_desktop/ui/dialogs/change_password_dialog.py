"""Arkiv › Byt lösenord…: the current password, the new one twice; refusals at their field."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QWidget,
)

from treserva_desktop.domain.account_rules import MIN_PASSWORD_LENGTH, check_new_password
from treserva_desktop.domain.commands.accounts import ChangePassword
from treserva_desktop.domain.errors import DomainError
from treserva_desktop.domain.views.accounts import PasswordAnswer
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.runner import Submit, Submitted
from treserva_desktop.ui.widgets.account_form import (
    account_form,
    lay_out_account_dialog,
    password_field,
    show_refusal,
    submit_shown,
)
from treserva_desktop.ui.widgets.field_errors import FieldErrors

ChangePasswordSubmit = Submit[ChangePassword, PasswordAnswer]

FILL_CURRENT = "Skriv ditt nuvarande lösenord."


class ChangePasswordDialog(QDialog):
    """Stays open with the reason at the field until the password is changed or Avbryt."""

    def __init__(self, parent: QWidget | None, submit: ChangePasswordSubmit) -> None:
        super().__init__(parent)
        self.setObjectName("change_password_dialog")
        self.setWindowTitle("Byt lösenord")
        self._submit = submit
        self.submitted: Submitted[ChangePassword, PasswordAnswer] | None = None

        self.current = password_field("current_password", "Nuvarande lösenord")
        self.new = password_field("new_password", "Nytt lösenord")
        self.repeated = password_field("repeated_password", "Upprepa nytt lösenord")

        self.errors = FieldErrors()
        form = account_form()
        form.addRow("&Nuvarande lösenord:", self.errors.wrap(self.current, "current_password"))
        form.addRow("N&ytt lösenord:", self.errors.wrap(self.new, "new_password"))
        form.addRow("&Upprepa nytt lösenord:", self.errors.wrap(self.repeated, "repeated_password"))
        self.ok_button = lay_out_account_dialog(
            self,
            f"Det nya lösenordet ska vara minst {MIN_PASSWORD_LENGTH} tecken. En mening "
            "med flera ord är lätt att minnas och svår att gissa.",
            form,
            self.errors,
            action="Byt lösenord",
            action_name="change_button",
            width=460,
        )
        self.current.setFocus()

    def accept(self) -> None:
        self.errors.clear()
        current = self.current.text()
        try:
            if not current:
                raise DomainError(FILL_CURRENT, field="current_password")
            # The same rule the service applies, checked here to answer at once.
            check_new_password(self.new.text(), self.repeated.text(), current=current)
            command = ChangePassword(
                current_password=current,
                new_password=self.new.text(),
                repeated_password=self.repeated.text(),
            )
        except DomainError as exc:
            show_refusal(self, self.errors, exc.field, exc.message)
            return
        outcome = submit_shown(self, self.errors, self._submit, command)
        answer = outcome.value if outcome is not None else None
        if outcome is None or answer is None:
            return
        if not answer.ok:
            self.current.clear()
            show_refusal(self, self.errors, answer.field, answer.message)
            return
        self.submitted = Submitted(command, outcome)
        super().accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, submit: ChangePasswordSubmit
    ) -> Submitted[ChangePassword, PasswordAnswer] | None:
        """The change as run by `submit`, or None when cancelled."""
        dialog = cls(parent, submit)
        return run_modal(dialog, lambda: dialog.submitted)
