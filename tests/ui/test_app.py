"""The composition root: first start fills a demo database, screenshots only on demo data."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from treserva_desktop import app
from treserva_desktop.db.database import Database
from treserva_desktop.db.queries.ui_support import user_id_for_username
from treserva_desktop.demo import has_any_data, is_demo_database
from treserva_desktop.domain.errors import DomainError, NotFound
from treserva_desktop.settings import Settings
from treserva_desktop.ui.context import AppContext


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
    app.render_screenshot(
        settings,
        out,
        username="verksamhetschef",
        select_path=["Mitt skrivbord", "Nya uppdrag"],
        size=(1000, 700),
    )
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 700)

    default = tmp_path / "shots" / "person.png"
    app.render_screenshot(settings, default, username="gruppchef", size=(900, 600))
    assert default.stat().st_size > 0

    with pytest.raises(NotFound):
        app.render_screenshot(
            settings, tmp_path / "x.png", username="verksamhetschef", select_path=["Finns inte"]
        )
    with pytest.raises(NotFound):
        app.render_screenshot(settings, tmp_path / "x.png", username="okänd")


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
        app.render_screenshot(settings, settings.data_dir / "x.png", username="anna")


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


def test_run_gui_logs_out_to_the_login_and_quits(
    qapp,
    demo_db: Database,
    make_ctx: Callable[[str], AppContext],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from treserva_desktop.ui.dialogs.login_dialog import LoginDialog
    from treserva_desktop.ui.main_window import MainWindow

    settings = Settings(data_dir=tmp_path / "gui")
    monkeypatch.setattr(app, "configure_logging", lambda _settings: None)
    monkeypatch.setattr(app, "open_database", lambda _settings: demo_db)
    usernames = iter(["verksamhetschef", "personal"])
    titles: list[str] = []

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
        if len(titles) == 1:
            window.request_logout()
        else:
            window.request_quit()

    def ask(_parent: object, _database: Database) -> object:
        QTimer.singleShot(0, close_window)
        return make_ctx(next(usernames)).actor

    monkeypatch.setattr(LoginDialog, "ask", staticmethod(ask))
    safety = QTimer()
    safety.setSingleShot(True)
    safety.timeout.connect(lambda: [w.request_quit() for w in visible_windows()])
    safety.start(3_000)
    assert app.run_gui(settings) == 0
    safety.stop()
    assert len(titles) == 2
    assert "(Verksamhetschef)" in titles[0]
    assert "(Omvårdnadspersonal)" in titles[1]


def test_run_gui_reports_a_database_that_cannot_be_opened(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from treserva_desktop.db.database import DatabaseUnavailable
    from treserva_desktop.ui import messages

    def refuse(_settings: Settings) -> Database:
        raise DatabaseUnavailable("Det gick inte att ansluta till databasen.")

    shown: list[str] = []
    monkeypatch.setattr(app, "configure_logging", lambda _settings: None)
    monkeypatch.setattr(app, "open_database", refuse)
    monkeypatch.setattr(messages, "error", lambda _parent, text, **_kw: shown.append(text))
    assert app.run_gui(Settings(data_dir=tmp_path / "x")) == 1
    assert shown == ["Det gick inte att ansluta till databasen."]


def test_application_speaks_swedish(qapp) -> None:
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QDialogButtonBox

    application = app.create_application([])
    assert application is qapp
    assert QLocale().name() == "sv_SE"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert buttons.buttons()[0].text() == "Avbryt"
    assert not application.windowIcon().isNull()
