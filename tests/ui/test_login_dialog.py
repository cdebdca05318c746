"""The login dialog: failures inline with a counter, counted in the database; success."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import User
from treserva_desktop.domain.commands import Login
from treserva_desktop.domain.errors import AuthenticationFailed
from treserva_desktop.services import auth
from treserva_desktop.ui import runner
from treserva_desktop.ui.dialogs.login_dialog import (
    EMPTY_FIELDS,
    OPENING,
    UNEXPECTED,
    LoginAnswer,
    LoginDialog,
)
from treserva_desktop.ui.login import DatabaseLogin


def failed_logins(database: Database, username: str) -> int:
    with database.read() as session:
        return session.scalars(select(User.failed_logins).where(User.username == username)).one()


@pytest.fixture
def dialog(qtbot, demo_db: Database) -> LoginDialog:
    login = LoginDialog(DatabaseLogin(demo_db))
    qtbot.addWidget(login)
    login.show()
    qtbot.waitExposed(login)
    return login


def type_and_login(qtbot, dialog: LoginDialog, username: str, password: str) -> None:
    dialog.username.clear()
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.password, password)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)


def test_wrong_password_is_shown_inline_counted_and_keeps_the_dialog_open(
    qtbot, dialog: LoginDialog, demo_db: Database
) -> None:
    type_and_login(qtbot, dialog, "verksamhetschef", "fel")
    assert dialog.isVisible()
    assert dialog.actor is None
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == "Fel användarnamn eller lösenord."
    assert dialog.counter_label.text() == "Misslyckade försök: 1"
    assert dialog.password.text() == ""
    assert failed_logins(demo_db, "verksamhetschef") == 1

    qtbot.keyClicks(dialog.password, "fel-igen")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.counter_label.text() == "Misslyckade försök: 2"
    assert failed_logins(demo_db, "verksamhetschef") == 2


def test_empty_fields_are_refused_without_counting(
    qtbot, dialog: LoginDialog, demo_db: Database
) -> None:
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_label.text() == EMPTY_FIELDS
    assert not dialog.counter_label.isVisible()


def test_correct_password_returns_the_actor_and_resets_the_counter(
    qtbot, dialog: LoginDialog, demo_db: Database
) -> None:
    type_and_login(qtbot, dialog, "gruppchef", "fel")
    assert failed_logins(demo_db, "gruppchef") == 1
    type_and_login(qtbot, dialog, "gruppchef", "demo")
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()
    assert dialog.actor is not None
    assert dialog.actor.username == "gruppchef"
    assert failed_logins(demo_db, "gruppchef") == 0


def test_dialog_shows_the_database_location(dialog: LoginDialog, demo_db: Database) -> None:
    assert demo_db.display_location in dialog.footer.text()
    assert "SQLite" in dialog.footer.text()


def test_ask_returns_an_actor_or_none(
    qtbot, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill_and_accept(self: LoginDialog) -> int:
        self.username.setText("samordnare")
        self.password.setText("demo")
        self.accept()
        return self.result()

    monkeypatch.setattr(LoginDialog, "exec", fill_and_accept)
    actor = LoginDialog.ask(None, DatabaseLogin(demo_db))
    assert actor is not None
    assert actor.username == "samordnare"

    monkeypatch.setattr(LoginDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert LoginDialog.ask(None, DatabaseLogin(demo_db)) is None


def test_an_unexpected_error_goes_through_the_runner_core_and_is_shown_inline(
    qtbot,
    dialog: LoginDialog,
    demo_db: Database,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    secret = "Karin Andersson 19380412-1234"

    def broken(_session: object, _actor: None, _command: object) -> None:
        raise RuntimeError(secret)

    monkeypatch.setattr(auth, "login", broken)
    with caplog.at_level(logging.INFO):
        type_and_login(qtbot, dialog, "verksamhetschef", "demo")
    assert dialog.isVisible()
    assert dialog.actor is None
    assert dialog.error_label.text() == UNEXPECTED
    assert not dialog.counter_label.isVisible()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "RuntimeError" in logged
    assert "19380412" not in logged


def test_a_refusal_from_the_login_service_is_shown_inline(
    qtbot, dialog: LoginDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(_session: object, _actor: None, _command: object) -> None:
        raise AuthenticationFailed("Kontot är låst.")

    monkeypatch.setattr(auth, "login", refuse)
    type_and_login(qtbot, dialog, "verksamhetschef", "demo")
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Kontot är låst."


def test_log_in_counts_a_failure_in_its_own_committed_transaction(demo_db: Database) -> None:
    done = runner.log_in(demo_db, Login(username="samordnare", password="fel"))
    assert done.ok
    assert done.value is not None
    assert done.value.actor is None
    assert failed_logins(demo_db, "samordnare") == 1
    done = runner.log_in(demo_db, Login(username="samordnare", password="demo"))
    assert done.value is not None
    assert done.value.actor is not None
    assert failed_logins(demo_db, "samordnare") == 0


class _LongFooterBackend:
    location = "/home/anvandare/.local/share/treserva-desktop/databaser/hemtjanst-norr.sqlite"

    def is_demo(self) -> bool:
        return True

    def log_in(self, username: str, password: str) -> LoginAnswer:
        return LoginAnswer(
            None,
            "Kontot är låst efter för många misslyckade försök. Kontakta din "
            "systemförvaltare för att låsa upp det igen.",
            counted=True,
        )


def footer_fully_shown(dialog: LoginDialog) -> bool:
    footer = dialog.footer
    return (
        footer.height() >= footer.heightForWidth(footer.width())
        and footer.geometry().bottom() <= dialog.rect().bottom()
    )


def test_the_footer_is_not_cut_off_when_the_database_opens_or_an_error_shows(qtbot) -> None:
    """Shown while the database opens, the window is sized for one footer line; the demo hint
    and the database's place that come later, and a wrapped error, must still fit."""
    dialog = LoginDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.footer.text() == OPENING

    dialog.set_backend(_LongFooterBackend())
    qtbot.wait(0)
    assert dialog.footer.text().endswith(_LongFooterBackend.location)
    assert footer_fully_shown(dialog)
    # Where the database is can be selected and copied (for a support call).
    assert dialog.footer.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse

    type_and_login(qtbot, dialog, "gruppchef", "demo")
    qtbot.wait(0)
    assert dialog.error_label.isVisible()
    assert footer_fully_shown(dialog)
