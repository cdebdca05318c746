"""Composition root: logging, the Qt application, the database, login and the main window."""

from __future__ import annotations

import importlib
import logging
import logging.handlers
import os
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QLibraryInfo,
    QLocale,
    QObject,
    QTimer,
    QTranslator,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QApplication, QWidget

import treserva_desktop
from treserva_desktop.domain.errors import DomainError

# Start-up imports only what the login window needs (Qt). The database layer, settings
# (pydantic), alembic and the main window's modules are imported after the login window is
# painted, while the user types: see _Startup.
if TYPE_CHECKING:
    from treserva_desktop.db.database import Database
    from treserva_desktop.domain.rules import Actor
    from treserva_desktop.settings import Settings
    from treserva_desktop.ui.dialogs.login_dialog import LoginDialog

log = logging.getLogger(__name__)

APP_NAME = "Treserva Desktop"
ORGANIZATION = "treserva-desktop"
LOG_FILE = "treserva-desktop.log"
DEMO_PERSONS = 60
DEMO_SEED = 1
# benchmarks/run.py times a cold start with this set to "login": the process prints
# "first-paint login <epoch seconds>" once the login window has painted, and closes it.
EXIT_AFTER_FIRST_PAINT = "TRESERVA_EXIT_AFTER_FIRST_PAINT"
FIRST_PAINT_WINDOWS = {"login": "login_dialog"}


def configure_logging(settings: Settings, *, level: int = logging.INFO) -> Path:
    """A rotating log file in the data dir. Messages carry ids, never names or numbers."""
    settings.log_dir.mkdir(parents=True, exist_ok=True)
    path = settings.log_dir / LOG_FILE
    root = logging.getLogger()
    for handler in root.handlers:
        if getattr(handler, "baseFilename", None) == str(path):
            return path
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s")
    )
    root.addHandler(handler)
    root.setLevel(level)
    log.info("Treserva Desktop %s starting", treserva_desktop.__version__)
    return path


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication with Swedish locale, Qt's Swedish translation, style and icon."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        app = QApplication(list(argv) if argv is not None else [])
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationVersion(treserva_desktop.__version__)
    QLocale.setDefault(QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden))
    if not getattr(app, "_treserva_translator", None):
        translator = QTranslator(app)
        directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load("qtbase_sv", directory):
            app.installTranslator(translator)
            app._treserva_translator = translator  # type: ignore[attr-defined]
        else:
            log.warning("Qt's Swedish translation (qtbase_sv.qm) was not found")
    app.setStyle("Fusion")
    from treserva_desktop.ui.icons import app_icon

    app.setWindowIcon(app_icon())
    return app


def open_database(settings: Settings) -> Database:
    """Open and check the database; a new local SQLite database gets the demo municipality.

    A configured shared database that cannot be reached is an error that says where the
    setting came from: the program never opens a local demo database instead.
    Raises DomainError subclasses with Swedish messages.
    """
    from treserva_desktop.db import migrate
    from treserva_desktop.db.database import Database, DatabaseUnavailable

    url = settings.resolved_database_url()
    try:
        database = Database(url)
    except Exception as exc:
        log.error("invalid database url (%s)", type(exc).__name__)
        raise DatabaseUnavailable(
            f"Databasadressen är ogiltig. Kontrollera inställningen i {settings.database_origin}."
        ) from exc
    if not database.is_sqlite:
        try:
            database.check_connection()
        except DatabaseUnavailable as exc:
            database.dispose()
            raise DatabaseUnavailable(
                f"{exc.message} Databasen är vald i {settings.database_origin}. Programmet "
                "öppnar ingen lokal demodatabas i stället; kontakta IT om felet kvarstår."
            ) from exc
        migrate.check_schema(database)
        return database
    location = database.url.database
    try:
        if location and location != ":memory:":
            Path(location).parent.mkdir(parents=True, exist_ok=True)
        migrate.ensure_local_schema(database)
    except DomainError:
        raise
    except Exception as exc:
        log.error("could not open the local database (%s)", type(exc).__name__)
        raise DatabaseUnavailable(
            f"Den lokala databasen kunde inte öppnas ({database.display_location}). "
            "Kontrollera att mappen finns och att du har behörighet att skriva i den."
        ) from exc
    if settings.may_fill_demo:
        _fill_empty_with_demo(database)
    return database


def _fill_empty_with_demo(database: Database) -> None:
    from treserva_desktop.demo import generate_demo, has_any_data

    with database.transaction() as session:
        if has_any_data(session):
            return
        summary = generate_demo(session, persons=DEMO_PERSONS, seed=DEMO_SEED)
    log.info("empty local database filled with demo data (%d persons)", summary.persons)


def is_demo_database_at(database: Database) -> bool:
    """Whether the demo generator filled the database (for the window title)."""
    from treserva_desktop.demo import is_demo_database

    with database.read() as session:
        return is_demo_database(session)


class _ExitAfterFirstPaint(QObject):
    """Prints the time once the named window has painted, then closes that window."""

    def __init__(self, name: str, window_name: str, parent: QObject) -> None:
        super().__init__(parent)
        self._name = name
        self._window_name = window_name
        self._seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self._seen
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window().objectName() == self._window_name
        ):
            self._seen = True
            window = watched.window()
            # After this paint event (and the rest of the window's paint) is processed.
            QTimer.singleShot(0, lambda: self._report(window))
        return False

    def _report(self, window: QWidget) -> None:
        print(f"first-paint {self._name} {time.time():.6f}", flush=True)
        window.close()


def _exit_after_first_paint(app: QApplication) -> None:
    name = os.environ.get(EXIT_AFTER_FIRST_PAINT, "")
    if name in FIRST_PAINT_WINDOWS:
        app.installEventFilter(_ExitAfterFirstPaint(name, FIRST_PAINT_WINDOWS[name], app))


# Imported in the start-up thread while the login window is shown: the non-Qt modules the main
# window and its first tree fill use (the Qt ones are imported on the GUI thread).
PRELOAD_MODULES: tuple[str, ...] = (
    "treserva_desktop.db.models",
    "treserva_desktop.db.queries.tree",
    "treserva_desktop.db.queries.counts",
    "treserva_desktop.db.queries.ui_support",
    "treserva_desktop.services.auth",
    "treserva_desktop.domain.views",
    "treserva_desktop.domain.changes",
)
# Qt-side modules imported on the GUI thread once the database is open (before Logga in).
MAIN_WINDOW_MODULES: tuple[str, ...] = (
    "treserva_desktop.ui.login",
    "treserva_desktop.ui.context",
    "treserva_desktop.ui.main_window",
)


def _preload(database: Database) -> None:
    for name in PRELOAD_MODULES:
        importlib.import_module(name)
    # The working-day calendar loads the holiday tables on first use (~0.1 s): do it now,
    # not when the main window counts overdue assignments.
    from treserva_desktop.domain.calendar import is_working_day

    is_working_day(database.clock.today())


class _Startup(QObject):
    """Reads the settings, configures logging and opens the database in a worker thread,
    started once the first login window has been painted; `finished` arrives on the GUI
    thread. A DomainError is kept for its Swedish message; anything else is re-raised by
    run_gui (the command line reports it)."""

    finished = Signal()

    def __init__(self, settings: Settings | Callable[[], Settings]) -> None:
        super().__init__()
        self._settings_source = settings
        self.settings: Settings | None = None
        self.database: Database | None = None
        self.error: DomainError | None = None
        self.unexpected: BaseException | None = None
        self.done = False
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="treserva-startup", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            source = self._settings_source
            settings = source() if callable(source) else source
            configure_logging(settings)
            self.settings = settings
            self.database = open_database(settings)
            _preload(self.database)
        except DomainError as exc:
            self.error = exc
        except BaseException as exc:  # handed to the GUI thread and re-raised there
            self.unexpected = exc
        # `done` before the signal: a waiter that connects late sees it (see wait()).
        self.done = True
        self.finished.emit()

    def wait(self) -> None:
        """Run the event loop until the worker is done (Avbryt before the database opened)."""
        self.start()
        if self.done:
            return
        loop = QEventLoop()
        self.finished.connect(loop.quit)
        if not self.done:
            loop.exec()


class _LoginStarter(QObject):
    """Child of the first login window: starts the database opening after the window's first
    paint, and when it is open imports the main window's Qt modules and enables Logga in (or
    closes the window so run_gui can report the error)."""

    def __init__(self, dialog: LoginDialog, startup: _Startup) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        self._startup = startup
        startup.finished.connect(self._opened)
        dialog.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # After this paint has finished, not inside it.
            QTimer.singleShot(0, self._startup.start)
        return False

    @Slot()
    def _opened(self) -> None:
        database = self._startup.database
        if database is None:
            self._dialog.reject()  # run_gui shows the error once the window is gone
            return
        for name in MAIN_WINDOW_MODULES:
            importlib.import_module(name)
        from treserva_desktop.ui.login import DatabaseLogin
        from treserva_desktop.ui.module_sources import forget_module_sources

        # The start-up thread's imports and these are done: their sources need not stay.
        forget_module_sources()

        self._dialog.set_backend(DatabaseLogin(database))


def _ask_login(startup: _Startup) -> Actor | None:
    """The login window; the first is shown before the database is open, Logga in waiting."""
    from treserva_desktop.ui.dialogs import run_modal
    from treserva_desktop.ui.dialogs.login_dialog import LoginDialog

    if startup.done:
        # Again after Logga ut: the database is open already.
        from treserva_desktop.ui.login import DatabaseLogin

        assert startup.database is not None
        dialog = LoginDialog(DatabaseLogin(startup.database))
    else:
        dialog = LoginDialog(None)
        _LoginStarter(dialog, startup)
    return run_modal(dialog, lambda: dialog.actor)


def run_gui(settings: Settings | Callable[[], Settings]) -> int:
    """Login, then the main window; Arkiv › Logga ut returns to the login.

    `settings` may be a function: it is then called in the start-up thread, so reading them
    (pydantic) does not delay the first paint of the login window."""
    app = create_application([])
    _exit_after_first_paint(app)
    # Each window runs in its own loop that ends when it closes; Qt's "quit when the last
    # window closes" would post a Quit event that could end the next window's loop early.
    app.setQuitOnLastWindowClosed(False)
    from treserva_desktop.ui import incidents

    # Signed in as: the user id every incident is logged with (none at the login window).
    signed_in: list[Actor] = []
    hooks = incidents.install(lambda: signed_in[0].user_id if signed_in else None)
    startup = _Startup(settings)
    database: Database | None = None
    try:
        while True:
            signed_in.clear()
            actor = _ask_login(startup)
            if not startup.done:
                # Avbryt before the database was open: let the worker finish, then quit.
                startup.wait()
            database = startup.database
            if startup.unexpected is not None:
                raise startup.unexpected
            if startup.error is not None:
                from treserva_desktop.ui import messages

                messages.error(None, startup.error.message, title="Databasen kunde inte öppnas")
                return 1
            if actor is None:
                return 0
            assert database is not None
            assert startup.settings is not None
            from treserva_desktop.ui.context import AppContext
            from treserva_desktop.ui.main_window import MainWindow
            from treserva_desktop.ui.module_sources import forget_module_sources

            signed_in.append(actor)
            ctx = AppContext.create(
                database, startup.settings, actor, is_demo=is_demo_database_at(database)
            )
            window = MainWindow(ctx)
            loop = QEventLoop()
            window.closed.connect(loop.quit)
            window.show()
            QTimer.singleShot(0, window.start_live_updates)
            # What the first tree fill and panes imported (ui/module_sources.py).
            QTimer.singleShot(0, forget_module_sources)
            loop.exec()
            logged_out = window.logout_requested
            window.deleteLater()
            log.info("user id %s %s", actor.user_id, "logged out" if logged_out else "quit")
            if not logged_out:
                return 0
    finally:
        hooks.uninstall()
        if database is not None:
            close_database(database)


def close_database(database: Database) -> None:
    """Close the database once the dashboard's counts in flight (workers) have finished."""
    from treserva_desktop.ui.panes.dashboard import wait_for_counts

    wait_for_counts()
    database.dispose()
