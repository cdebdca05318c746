"""The idle lock's screen: the logged-in user's password unlocks; anyone else logs out."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain.views.accounts import PasswordAnswer
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.icons import app_icon
from treserva_desktop.ui.widgets.account_form import (
    password_field,
)
from treserva_desktop.ui.widgets.field_errors import error_label, fit_to_contents

# The password typed -> how the service took it (None: an unexpected error, already logged).
Unlock = Callable[[str], PasswordAnswer | None]

FILL_PASSWORD = "Skriv ditt lösenord för att låsa upp."
UNEXPECTED = (
    "Det gick inte att låsa upp på grund av ett oväntat fel. Försök igen, eller logga ut "
    "och in igen."
)


class LockChoice(StrEnum):
    UNLOCKED = "unlocked"
    LOG_OUT = "log_out"


class LockDialog(QDialog):
    """Cannot be closed or escaped: only the right password (Lås upp) or Logga ut end it."""

    def __init__(
        self, user_text: str, idle_minutes: float, unlock: Unlock, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lock_dialog")
        self.setWindowTitle("Treserva Desktop är låst")
        self.setWindowIcon(app_icon())
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self._unlock = unlock
        self.choice: LockChoice | None = None

        title = QLabel("Treserva Desktop är låst")
        font = QFont(title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        title.setFont(font)
        minutes = f"{idle_minutes:g}".replace(".", ",")
        info = QLabel(
            f"Programmet låstes efter {minutes} minuter utan aktivitet. Inloggad: {user_text}.\n"
            "Skriv ditt lösenord för att fortsätta. Är du någon annan: logga ut, så kan du "
            "logga in med ditt eget konto."
        )
        info.setObjectName("lock_info")
        info.setWordWrap(True)
        self.password = password_field("password", "Lösenord")
        form = QFormLayout()
        form.addRow("&Lösenord:", self.password)
        self.error = error_label("error")

        buttons = QDialogButtonBox()
        self.unlock_button = buttons.addButton("Lås &upp", QDialogButtonBox.ButtonRole.AcceptRole)
        self.unlock_button.setObjectName("unlock_button")
        self.logout_button = QPushButton("Logga u&t")
        self.logout_button.setObjectName("logout_button")
        self.logout_button.setAutoDefault(False)
        self.logout_button.clicked.connect(self.log_out)
        buttons.accepted.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.logout_button)
        row.addStretch(1)
        row.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(info)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(row)
        self.setMinimumWidth(460)
        self.unlock_button.setDefault(True)
        self.password.setFocus()

    def accept(self) -> None:
        password = self.password.text()
        if not password:
            self._show(FILL_PASSWORD)
            return
        answer = self._unlock(password)
        self.password.clear()
        if answer is None:
            self._show(UNEXPECTED)
            return
        if not answer.ok:
            self._show(answer.message)
            return
        self.choice = LockChoice.UNLOCKED
        super().accept()

    def log_out(self) -> None:
        self.choice = LockChoice.LOG_OUT
        super().accept()

    def reject(self) -> None:
        """Esc does not unlock."""

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.choice is None:
            event.ignore()
            return
        super().closeEvent(event)

    def _show(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        fit_to_contents(self)
        self.password.setFocus()

    @classmethod
    def ask(
        cls, parent: QWidget | None, user_text: str, idle_minutes: float, unlock: Unlock
    ) -> LockChoice:
        dialog = cls(user_text, idle_minutes, unlock, parent)
        return run_modal(dialog, lambda: dialog.choice) or LockChoice.LOG_OUT
