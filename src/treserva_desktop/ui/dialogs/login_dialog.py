"""The login dialog: failures are shown inline and counted; success returns the Actor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

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

from treserva_desktop.domain.field_lengths import max_length
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.icons import app_icon

if TYPE_CHECKING:
    # Only a type here: the login window is shown before the domain and database are imported.
    from treserva_desktop.domain.rules import Actor

EMPTY_FIELDS = "Fyll i både användarnamn och lösenord."
UNEXPECTED = (
    "Inloggningen kunde inte genomföras på grund av ett oväntat fel. "
    "Försök igen, och kontakta Användarstöd om felet kvarstår."
)
DEMO_HINT = (
    "Demodatabas med påhittade personer. Logga in som t.ex. verksamhetschef, gruppchef, "
    "samordnare, personal eller handlaggare (biståndshandläggare) med lösenordet demo."
)
OPENING = "Öppnar databasen …"
LOGIN_WAITING = "Öppnar databasen … Du loggas in så snart den är öppen."


@dataclass(frozen=True, slots=True)
class LoginAnswer:
    """How a login attempt went: the actor, or the message to show and whether it counts as a
    failed attempt (wrong credentials do, a locked account or an unexpected error does not)."""

    actor: Actor | None
    message: str = ""
    counted: bool = False


class LoginBackend(Protocol):
    """What the dialog needs from the database side (ui/login.py provides it)."""

    @property
    def location(self) -> str:
        """Where the database is, for the footer."""
        ...

    def is_demo(self) -> bool: ...

    def log_in(self, username: str, password: str) -> LoginAnswer: ...


class LoginDialog(QDialog):
    """Username and password; stays open on failure with the reason and a counter.

    Without a backend the dialog is shown at once while the database is still being opened:
    the user can type, Logga in waits (disabled, "Öppnar databasen …") until set_backend."""

    def __init__(self, backend: LoginBackend | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend: LoginBackend | None = None
        self.actor: Actor | None = None
        self.failed_attempts = 0
        # Enter pressed before the database was open: log in as soon as it is.
        self.login_requested = False
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
        # The logo at the top beside the two lines: a column with room below it. (Not an
        # alignment flag: the first use of PySide6's Qt namespace builds all its enums, 15 ms
        # this window's first paint need not wait for.)
        logo_column = QVBoxLayout()
        logo_column.addWidget(logo)
        logo_column.addStretch(1)
        header = QHBoxLayout()
        header.addLayout(logo_column)
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
        self.footer = QLabel(OPENING)
        self.footer.setObjectName("database_location")
        self.footer.setWordWrap(True)
        small = QFont(self.footer.font())
        small.setPointSizeF(small.pointSizeF() * 0.85)
        self.footer.setFont(small)
        self.footer.setStyleSheet("color: #555555;")

        self._layout = layout = QVBoxLayout(self)
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
        for field in (self.username, self.password):
            field.returnPressed.connect(self._enter_before_ready)
        if backend is None:
            self.login_button.setEnabled(False)
        else:
            self.set_backend(backend)

    @property
    def ready(self) -> bool:
        return self.backend is not None

    def set_backend(self, backend: LoginBackend) -> None:
        """The database is open: show where it is and let Logga in go through."""
        from PySide6.QtCore import Qt

        self.backend = backend
        footer_text = f"Databas: {backend.location}"
        if backend.is_demo():
            footer_text = f"{DEMO_HINT}\n{footer_text}"
        self.footer.setText(footer_text)
        # Where the database is can be copied (a support call); "Öppnar databasen …" not.
        self.footer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.login_button.setEnabled(True)
        # The window was sized for the one-line "Öppnar databasen …".
        self._fit_height()
        if self.login_requested:
            self.login_requested = False
            self.accept()

    def _enter_before_ready(self) -> None:
        """Logga in is disabled until the database is open, so Enter would do nothing: keep
        the request and say it will be carried out (set_backend does)."""
        if self.backend is None:
            self.login_requested = True
            self.footer.setText(LOGIN_WAITING)

    def _fit_height(self) -> None:
        """Grow the window to wrapped text that has come since it was sized (the footer, an
        error), or the last lines (where the database is) are cut off."""
        self._layout.activate()
        needed = self._layout.totalHeightForWidth(self.width())
        if self.height() < needed:
            self.resize(self.width(), needed)

    def show_error(self, text: str, *, count: bool) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        if count:
            self.failed_attempts += 1
            self.counter_label.setText(f"Misslyckade försök: {self.failed_attempts}")
            self.counter_label.show()
        self._fit_height()
        self.password.clear()
        if self.username.text().strip():
            self.password.setFocus()
        else:
            self.username.setFocus()

    def accept(self) -> None:
        if self.backend is None:
            # Before the database is open: the typed text stays, the login waits for it.
            self.login_requested = True
            self.footer.setText(LOGIN_WAITING)
            return
        username = self.username.text().strip()
        password = self.password.text()
        if not username or not password:
            self.show_error(EMPTY_FIELDS, count=False)
            return
        answer = self.backend.log_in(username, password)
        if answer.actor is None:
            self.show_error(answer.message or UNEXPECTED, count=answer.counted)
            return
        self.actor = answer.actor
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, backend: LoginBackend) -> Actor | None:
        dialog = cls(backend, parent)
        return run_modal(dialog, lambda: dialog.actor)
