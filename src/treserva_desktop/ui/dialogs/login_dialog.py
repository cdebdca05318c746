"""The login dialog: failures are shown inline and counted; success returns the Actor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import ValidationError as PydanticValidationError
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.db.database import Database
from treserva_desktop.domain.commands import Login
from treserva_desktop.domain.field_lengths import max_length
from treserva_desktop.domain.rules import Actor
from treserva_desktop.services import auth
from treserva_desktop.ui import runner
from treserva_desktop.ui.context import database_label
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.icons import app_icon

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

EMPTY_FIELDS = "Fyll i både användarnamn och lösenord."
UNEXPECTED = (
    "Inloggningen kunde inte genomföras på grund av ett oväntat fel. "
    "Försök igen, och kontakta Användarstöd om felet kvarstår."
)
DEMO_HINT = (
    "Demodatabas med påhittade personer. Logga in som t.ex. verksamhetschef, gruppchef, "
    "samordnare, personal eller handlaggare (biståndshandläggare) med lösenordet demo."
)


def _demo_check(session: Session, _actor: None, _command: None) -> bool:
    from treserva_desktop.demo import is_demo_database

    return is_demo_database(session)


def _is_demo(database: Database) -> bool:
    """The hint is a convenience: any failure (logged by the core) just leaves it out."""
    return runner.call(database, None, _demo_check, None, write=False).value is True


class LoginDialog(QDialog):
    """Username and password; stays open on failure with the reason and a counter."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.actor: Actor | None = None
        self.failed_attempts = 0
        self.setObjectName("login_dialog")
        self.setWindowTitle("Logga in – Treserva Desktop")
        self.setWindowIcon(app_icon())

        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(48, 48))
        title = QLabel("Treserva Desktop")
        title_font = QFont(title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.5)
        title_font.setBold(True)
        title.setFont(title_font)
        subtitle = QLabel("Logga in med ditt personliga konto.")
        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(title)
        heading.addWidget(subtitle)
        header = QHBoxLayout()
        header.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        header.addSpacing(8)
        header.addLayout(heading, 1)

        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setAccessibleName("Användarnamn")
        self.username.setMaxLength(max_length("username"))
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setAccessibleName("Lösenord")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(max_length("password"))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Användarnamn:", self.username)
        form.addRow("&Lösenord:", self.password)

        self.error_label = QLabel()
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error_label.setAccessibleName("Felmeddelande")
        self.error_label.hide()
        self.counter_label = QLabel()
        self.counter_label.setObjectName("counter")
        self.counter_label.setStyleSheet("color: #b00020;")
        self.counter_label.hide()

        buttons = QDialogButtonBox()
        self.login_button: QPushButton = buttons.addButton(
            "Logga in", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.login_button.setObjectName("login_button")
        self.cancel_button: QPushButton = buttons.addButton(
            "Avbryt", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.cancel_button.setObjectName("cancel_button")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        footer_text = f"Databas: {database_label(database)}"
        if _is_demo(database):
            footer_text = f"{DEMO_HINT}\n{footer_text}"
        self.footer = QLabel(footer_text)
        self.footer.setObjectName("database_location")
        self.footer.setWordWrap(True)
        self.footer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        small = QFont(self.footer.font())
        small.setPointSizeF(small.pointSizeF() * 0.85)
        self.footer.setFont(small)
        self.footer.setStyleSheet("color: #555555;")

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.counter_label)
        layout.addWidget(buttons)
        layout.addWidget(line)
        layout.addWidget(self.footer)
        self.setMinimumWidth(440)
        # Only once the button is inside the dialog does it become the dialog's main default
        # (Enter logs in, also after focus has been on another button).
        self.login_button.setDefault(True)
        self.username.setFocus()

    def show_error(self, text: str, *, count: bool) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        if count:
            self.failed_attempts += 1
            self.counter_label.setText(f"Misslyckade försök: {self.failed_attempts}")
            self.counter_label.show()
        self.password.clear()
        if self.username.text().strip():
            self.password.setFocus()
        else:
            self.username.setFocus()

    def accept(self) -> None:
        username = self.username.text().strip()
        password = self.password.text()
        if not username or not password:
            self.show_error(EMPTY_FIELDS, count=False)
            return
        try:
            command = Login(username=username, password=password)
        except PydanticValidationError:
            self.show_error(auth.WRONG_CREDENTIALS, count=True)
            return
        done = runner.log_in(self.database, command)
        if done.refused is not None:
            self.show_error(done.refused.message, count=False)
            return
        outcome = done.value
        if outcome is None:
            self.show_error(UNEXPECTED, count=False)
            return
        if outcome.actor is None:
            self.show_error(outcome.message or auth.WRONG_CREDENTIALS, count=True)
            return
        self.actor = outcome.actor
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, database: Database) -> Actor | None:
        dialog = cls(database, parent)
        return run_modal(dialog, lambda: dialog.actor)
