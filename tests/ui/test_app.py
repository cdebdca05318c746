"""The composition root: first start fills a demo database, screenshots only on demo data."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialog

from treserva_desktop import app, screenshot
from treserva_desktop.db.database import Database
from treserva_desktop.db.queries.ui_support import user_id_for_username
from treserva_desktop.demo import has_any_data, is_demo_database
from treserva_desktop.domain.errors import DomainError, NotFound
from treserva_desktop.settings import Settings
from treserva_desktop.ui import incidents
from treserva_desktop.ui.dialogs.login_dialog import (
    DEMO_HINT,
    LOGIN_WAITING,
    OPENING,
    LoginDialog,
)


def test_first_start_creates_a_demo_database(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "new")
    database = app.open_database(settings)
    try:
        assert settings.sqlite_path.exists()
        with database.read() as session:
            assert is_demo_database(session)
            assert user_id_for_username(session, "verksamhetschef") is not None
        # A second start leaves the data alone.
        app.open_database(settings).dispose()
    finally:
        database.dispose()


def test_screenshot_of_the_main_window(qapp, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    out = tmp_path / "shots" / "new.png"
    screenshot.render_screenshot(
        settings,
        out,
        username="verksamhetschef",
        select_path=["Mitt skrivbord", "Nya uppdrag"],
        size=(1000, 700),
    )
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 700)

    default = tmp_path / "shots" / "person.png"
    screenshot.render_screenshot(settings, default, username="gruppchef", size=(900, 600))
    assert default.stat().st_size > 0

    with pytest.raises(NotFound):
        screenshot.render_screenshot(
            settings, tmp_path / "x.png", username="verksamhetschef", select_path=["Finns inte"]
        )
    with pytest.raises(NotFound):
        screenshot.render_screenshot(settings, tmp_path / "x.png", username="okänd")


def test_screenshot_is_refused_on_a_real_database(qapp, sqlite_db: Database) -> None:
    settings = Settings(data_dir=Path(sqlite_db.display_location).parent / "real")
    settings = settings.model_copy(update={"database_url": str(sqlite_db.url)})
    from treserva_desktop.db.models import AppSetting, User

    with sqlite_db.transaction() as session:
        session.add(User(username="anna", display_name="Anna", password_hash="x"))
        session.add(AppSetting(key="not_demo", value="1"))
    with sqlite_db.read() as session:
        assert has_any_data(session)
    with pytest.raises(DomainError, match="demodatabas"):
        screenshot.render_screenshot(settings, settings.data_dir / "x.png", username="anna")


def test_logging_goes_to_a_rotating_file_once(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "logs-test")
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        path = app.configure_logging(settings)
        again = app.configure_logging(settings)
        assert path == again == settings.log_dir / app.LOG_FILE
        added = [h for h in root.handlers if h not in before]
        assert len(added) == 1
        logging.getLogger("treserva_desktop.test").info("user id %s did something", 7)
        added[0].flush()
        assert "user id 7 did something" in path.read_text(encoding="utf-8")
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(logging.WARNING)


def _patch_login_exec(
    monkeypatch: pytest.MonkeyPatch, answer: Callable[[LoginDialog], int]
) -> list[LoginDialog]:
    """LoginDialog.exec shows the window and lets `answer` drive it (the event loop runs in
    qtbot.waitUntil); returns the dialogs shown, in order."""
    shown: list[LoginDialog] = []

    def exec_(self: LoginDialog) -> int:
        shown.append(self)
        self.show()
        return answer(self)

    monkeypatch.setattr(LoginDialog, "exec", exec_)
    return shown


def _log_in(qtbot, dialog: LoginDialog, username: str) -> int:
    qtbot.waitUntil(lambda: dialog.ready, timeout=10_000)
    dialog.username.setText(username)
    dialog.password.setText("demo")
    dialog.accept()
    return dialog.result()


def test_run_gui_logs_out_to_the_login_and_quits(
    qtbot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from treserva_desktop.ui.main_window import MainWindow

    settings = Settings(data_dir=tmp_path / "gui")
    monkeypatch.setattr(app, "configure_logging", lambda _settings: None)
    monkeypatch.setattr(app, "open_database", lambda _settings: demo_db)
    usernames = iter(["verksamhetschef", "personal"])
    titles: list[str] = []
    hooks: list[object] = []
    excepthook_before = sys.excepthook

    def visible_windows() -> list[MainWindow]:
        return [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]

    def close_window() -> None:
        windows = visible_windows()
        if not windows:  # not shown yet: look again shortly
            QTimer.singleShot(10, close_window)
            return
        window = windows[0]
        titles.append(window.windowTitle())
        hooks.append(getattr(sys.excepthook, "__self__", None))
        if len(titles) == 1:
            window.request_logout()
        else:
            window.request_quit()

    def answer(dialog: LoginDialog) -> int:
        QTimer.singleShot(0, close_window)
        return _log_in(qtbot, dialog, next(usernames))

    dialogs = _patch_login_exec(monkeypatch, answer)
    safety = QTimer()
    safety.setSingleShot(True)
    safety.timeout.connect(lambda: [w.request_quit() for w in visible_windows()])
    safety.start(10_000)
    # Settings given as a function are read in the start-up thread.
    assert app.run_gui(lambda: settings) == 0
    safety.stop()
    assert len(dialogs) == 2
    assert len(titles) == 2
    assert "(Verksamhetschef)" in titles[0]
    assert "(Omvårdnadspersonal)" in titles[1]
    # While the app runs an unexpected exception becomes an incident (ui.incidents); after
    # it the previous hook is back.
    assert all(isinstance(hook, incidents.ExceptionHooks) for hook in hooks)
    assert sys.excepthook is excepthook_before
    assert all(title.startswith("Treserva Desktop – demodatabas – ") for title in titles)


def test_login_window_is_shown_before_the_database_is_open(
    qtbot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window paints and takes typing at once; Logga in waits until the database is
    open (and its modules imported), then goes through."""
    opening = threading.Event()
    may_open = threading.Event()

    def slow_open(_settings: Settings) -> Database:
        opening.set()
        assert may_open.wait(10)
        return demo_db

    monkeypatch.setattr(app, "configure_logging", lambda _settings: None)
    monkeypatch.setattr(app, "open_database", slow_open)
    seen: dict[str, object] = {}

    def answer(dialog: LoginDialog) -> int:
        qtbot.waitExposed(dialog)
        # The database is opened only after the window has been painted.
        qtbot.waitUntil(opening.is_set)
        seen["ready"] = dialog.ready
        seen["button"] = dialog.login_button.isEnabled()
        seen["footer"] = dialog.footer.text()
        qtbot.keyClicks(dialog.username, "gruppchef")
        qtbot.keyClicks(dialog.password, "demo")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        seen["visible after enter"] = dialog.isVisible()
        seen["footer after enter"] = dialog.footer.text()
        may_open.set()
        # The Enter is remembered: the login goes through once the database is open.
        qtbot.waitUntil(lambda: dialog.actor is not None, timeout=10_000)
        seen["footer after"] = dialog.footer.text()
        return dialog.result()

    _patch_login_exec(monkeypatch, answer)
    quit_main_window_when_shown(qtbot)
    assert app.run_gui(Settings(data_dir=tmp_path / "gui")) == 0
    assert seen["ready"] is False
    assert seen["button"] is False
    assert seen["footer"] == OPENING
    assert seen["visible after enter"] is True
    assert seen["footer after enter"] == LOGIN_WAITING
    assert demo_db.display_location in str(seen["footer after"])
    assert DEMO_HINT in str(seen["footer after"])


def quit_main_window_when_shown(qtbot) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from treserva_desktop.ui.main_window import MainWindow

    def close_window() -> None:
        windows = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        if not windows:
            QTimer.singleShot(10, close_window)
            return
        windows[0].request_quit()

    QTimer.singleShot(0, close_window)


def test_run_gui_reports_a_database_that_cannot_be_opened(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from treserva_desktop.db.database import DatabaseUnavailable
    from treserva_desktop.ui import messages

    def refuse(_settings: Settings) -> Database:
        raise DatabaseUnavailable("Det gick inte att ansluta till databasen.")

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(app, "configure_logging", lambda _settings: None)
    monkeypatch.setattr(app, "open_database", refuse)
    monkeypatch.setattr(
        messages, "error", lambda _parent, text, **kw: shown.append((text, kw.get("title", "")))
    )

    def answer(dialog: LoginDialog) -> int:
        # The window is shown, then closed by the failure (no login is possible).
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
        assert not dialog.ready
        return dialog.result()

    dialogs = _patch_login_exec(monkeypatch, answer)
    assert app.run_gui(Settings(data_dir=tmp_path / "x")) == 1
    assert len(dialogs) == 1
    assert shown == [("Det gick inte att ansluta till databasen.", "Databasen kunde inte öppnas")]


def test_an_unexpected_start_up_error_reaches_the_command_line(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_settings: Settings) -> Database:
        raise RuntimeError("boom")

    monkeypatch.setattr(app, "configure_logging", lambda _settings: None)
    monkeypatch.setattr(app, "open_database", broken)
    _patch_login_exec(
        monkeypatch,
        lambda dialog: (
            qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000),
            dialog.result(),
        )[1],
    )
    with pytest.raises(RuntimeError, match="boom"):
        app.run_gui(Settings(data_dir=tmp_path / "x"))


def test_avbryt_before_the_database_is_open_waits_for_it_and_quits(
    qtbot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[bool] = []

    def open_(_settings: Settings) -> Database:
        opened.append(True)
        return demo_db

    monkeypatch.setattr(app, "configure_logging", lambda _settings: None)
    monkeypatch.setattr(app, "open_database", open_)
    # Avbryt at once, before the window was even painted.
    _patch_login_exec(monkeypatch, lambda dialog: QDialog.DialogCode.Rejected)
    assert app.run_gui(Settings(data_dir=tmp_path / "x")) == 0
    assert opened == [True]


def test_start_up_imports_only_what_the_login_window_needs() -> None:
    """A fresh interpreter: importing the command line and the app, and building the login
    window, loads neither the database layer, alembic, pydantic nor the main window."""
    code = (
        "import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "import treserva_desktop.cli, treserva_desktop.app\n"
        "app = treserva_desktop.app.create_application([])\n"
        "from treserva_desktop.ui.dialogs.login_dialog import LoginDialog\n"
        "LoginDialog(None)\n"
        "heavy = ('sqlalchemy', 'alembic', 'pydantic', 'pydantic_settings', 'holidays',\n"
        "         'reportlab', 'treserva_desktop.ui.main_window', 'treserva_desktop.db.database')\n"
        "print(sorted(name for name in heavy if name in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_application_speaks_swedish(qapp) -> None:
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QDialogButtonBox

    application = app.create_application([])
    assert application is qapp
    assert QLocale().name() == "sv_SE"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert buttons.buttons()[0].text() == "Avbryt"
    assert not application.windowIcon().isNull()


def test_the_main_window_does_not_import_pdf_rendering_or_viewing() -> None:
    """reportlab and QtPdf load on the first Läs uppdrag, not with the main window."""
    code = (
        "import sys\n"
        "import treserva_desktop.ui.main_window\n"
        "heavy = ('reportlab', 'PySide6.QtPdf', 'PySide6.QtPdfWidgets',\n"
        "         'treserva_desktop.ui.pdf_window', 'treserva_desktop.documents._pdf')\n"
        "print(sorted(name for name in heavy if name in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"
