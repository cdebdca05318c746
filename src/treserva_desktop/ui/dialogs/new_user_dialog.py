"""Administration › Användare… › Ny användare…: user name, name, title and a first password."""

from __future__ import annotations

from pydantic import ValidationError as PydanticValidationError
from PySide6.QtWidgets import (
    QDialog,
    QWidget,
)

from treserva_desktop.domain.account_rules import (
    MIN_PASSWORD_LENGTH,
    check_new_password,
    check_username,
)
from treserva_desktop.domain.commands.accounts import CreateUser
from treserva_desktop.domain.errors import DomainError
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.runner import Submit, Submitted
from treserva_desktop.ui.widgets.account_form import (
    account_form,
    lay_out_account_dialog,
    password_field,
    show_refusal,
    submit_shown,
    text_field,
)
from treserva_desktop.ui.widgets.field_errors import FieldErrors

CreateUserSubmit = Submit[CreateUser, int]

NAME_MISSING = "Ange användarens namn."
INVALID_INPUT = "Uppgifterna kunde inte läsas. Kontrollera fälten."


class NewUserDialog(QDialog):
    """Creates the account through `submit` before it closes; `submitted.value` is its id."""

    def __init__(self, parent: QWidget | None, submit: CreateUserSubmit) -> None:
        super().__init__(parent)
        self.setObjectName("new_user_dialog")
        self.setWindowTitle("Ny användare")
        self._submit = submit
        self.submitted: Submitted[CreateUser, int] | None = None

        self.username = text_field("username", "Användarnamn", "username")
        self.display_name = text_field("display_name", "Namn", "display_name")
        self.title = text_field("title", "Titel", "title")
        self.password = password_field("password", "Lösenord")
        self.repeated = password_field("repeated_password", "Upprepa lösenord")

        self.errors = FieldErrors()
        form = account_form()
        form.addRow("&Användarnamn:", self.errors.wrap(self.username, "username"))
        form.addRow("&Namn:", self.errors.wrap(self.display_name, "display_name"))
        form.addRow("&Titel:", self.errors.wrap(self.title, "title"))
        form.addRow("&Lösenord:", self.errors.wrap(self.password, "password", "new_password"))
        form.addRow("&Upprepa lösenord:", self.errors.wrap(self.repeated, "repeated_password"))
        self.ok_button = lay_out_account_dialog(
            self,
            "Kontot blir aktivt direkt. Ge användaren roller vid enheter med Roller… och be "
            f"användaren byta lösenord (minst {MIN_PASSWORD_LENGTH} tecken) vid första "
            "inloggningen, under Arkiv › Byt lösenord….",
            form,
            self.errors,
            action="Skapa",
            action_name="create_button",
            width=480,
        )
        self.username.setFocus()

    def accept(self) -> None:
        self.errors.clear()
        try:
            # The rules the service applies, checked here to answer at once.
            check_username(self.username.text().strip().lower())
            if not self.display_name.text().strip():
                raise DomainError(NAME_MISSING, field="display_name")
            check_new_password(self.password.text(), self.repeated.text(), field="password")
            command = CreateUser(
                username=self.username.text().strip(),
                display_name=self.display_name.text().strip(),
                title=self.title.text().strip(),
                password=self.password.text(),
                repeated_password=self.repeated.text(),
            )
        except DomainError as exc:
            show_refusal(self, self.errors, exc.field, exc.message)
            return
        except PydanticValidationError:
            show_refusal(self, self.errors, None, INVALID_INPUT)
            return
        outcome = submit_shown(self, self.errors, self._submit, command)
        if outcome is None:
            return
        self.submitted = Submitted(command, outcome)
        super().accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, submit: CreateUserSubmit
    ) -> Submitted[CreateUser, int] | None:
        dialog = cls(parent, submit)
        return run_modal(dialog, lambda: dialog.submitted)
