"""Administration › Användare… › Lösenord…: a new password for a user, typed twice."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QWidget,
)

from treserva_desktop.domain.account_rules import MIN_PASSWORD_LENGTH, check_new_password
from treserva_desktop.domain.commands.accounts import SetPassword
from treserva_desktop.domain.errors import DomainError
from treserva_desktop.domain.views.accounts import UserView
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

SetPasswordSubmit = Submit[SetPassword, None]


class SetPasswordDialog(QDialog):
    """Sets the password through `submit` before it closes; refusals at their field."""

    def __init__(self, user: UserView, parent: QWidget | None, submit: SetPasswordSubmit) -> None:
        super().__init__(parent)
        self.setObjectName("set_password_dialog")
        self.setWindowTitle(f"Nytt lösenord – {user.display_name}")
        self.user = user
        self._submit = submit
        self.submitted: Submitted[SetPassword, None] | None = None

        self.password = password_field("password", "Nytt lösenord")
        self.repeated = password_field("repeated_password", "Upprepa nytt lösenord")
        self.errors = FieldErrors()
        form = account_form()
        form.addRow("&Nytt lösenord:", self.errors.wrap(self.password, "password"))
        form.addRow("&Upprepa nytt lösenord:", self.errors.wrap(self.repeated, "repeated_password"))
        self.ok_button = lay_out_account_dialog(
            self,
            f"Nytt lösenord för {user.display_name} ({user.username}), minst "
            f"{MIN_PASSWORD_LENGTH} tecken. En låsning av kontot hävs. Be användaren byta "
            "lösenordet under Arkiv › Byt lösenord… efter inloggningen.",
            form,
            self.errors,
            action="&Spara",
            action_name="save_button",
            width=460,
        )
        self.password.setFocus()

    def accept(self) -> None:
        self.errors.clear()
        try:
            # The rule the service applies, checked here to answer at once.
            check_new_password(self.password.text(), self.repeated.text(), field="password")
            command = SetPassword(
                user_id=self.user.id,
                password=self.password.text(),
                repeated_password=self.repeated.text(),
            )
        except DomainError as exc:
            show_refusal(self, self.errors, exc.field, exc.message)
            return
        outcome = submit_shown(self, self.errors, self._submit, command)
        if outcome is None:
            return
        self.submitted = Submitted(command, outcome)
        super().accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, user: UserView, submit: SetPasswordSubmit
    ) -> Submitted[SetPassword, None] | None:
        dialog = cls(user, parent, submit)
        return run_modal(dialog, lambda: dialog.submitted)
