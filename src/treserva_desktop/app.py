"""Composition root: logging, the Qt application, the database, login and the main window."""

from __future__ import annotations

import logging
import logging.handlers
import os
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QLibraryInfo,
    QLocale,
    QObject,
    QTimer,
    QTranslator,
)
from PySide6.QtWidgets import QApplication, QWidget

import treserva_desktop
from treserva_desktop.db import migrate
from treserva_desktop.db.database import Database, DatabaseUnavailable
from treserva_desktop.db.queries.ui_support import active_usernames, user_id_for_username
from treserva_desktop.domain.errors import DomainError, NotFound
from treserva_desktop.services import auth
from treserva_desktop.settings import Settings

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


class ScreenshotRefused(DomainError):
    """A screenshot without a password is only allowed on a demo database."""


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

    Raises DomainError subclasses with Swedish messages.
    """
    url = settings.resolved_database_url()
    try:
        database = Database(url)
    except Exception as exc:
        log.error("invalid database url (%s)", type(exc).__name__)
        raise DatabaseUnavailable(
            "Databasadressen är ogiltig. Kontrollera inställningen TRESERVA_DATABASE_URL."
        ) from exc
    if not database.is_sqlite:
        database.check_connection()
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
    _fill_empty_with_demo(database)
    return database


def _fill_empty_with_demo(database: Database) -> None:
    from treserva_desktop.demo import generate_demo, has_any_data

    with database.transaction() as session:
        if has_any_data(session):
            return
        summary = generate_demo(session, persons=DEMO_PERSONS, seed=DEMO_SEED)
    log.info("empty local database filled with demo data (%d persons)", summary.persons)


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


def run_gui(settings: Settings) -> int:
    """Login, then the main window; Arkiv › Logga ut returns to the login."""
    configure_logging(settings)
    app = create_application([])
    _exit_after_first_paint(app)
    from treserva_desktop.ui import messages
    from treserva_desktop.ui.context import AppContext
    from treserva_desktop.ui.dialogs.login_dialog import LoginDialog
    from treserva_desktop.ui.login import DatabaseLogin
    from treserva_desktop.ui.main_window import MainWindow

    try:
        database = open_database(settings)
    except DomainError as exc:
        messages.error(None, exc.message, title="Databasen kunde inte öppnas")
        return 1
    # Each window runs in its own loop that ends when it closes; Qt's "quit when the last
    # window closes" would post a Quit event that could end the next window's loop early.
    app.setQuitOnLastWindowClosed(False)
    try:
        while True:
            actor = LoginDialog.ask(None, DatabaseLogin(database))
            if actor is None:
                return 0
            ctx = AppContext.create(database, settings, actor)
            window = MainWindow(ctx)
            loop = QEventLoop()
            window.closed.connect(loop.quit)
            window.show()
            loop.exec()
            logged_out = window.logout_requested
            window.deleteLater()
            log.info("user id %s %s", actor.user_id, "logged out" if logged_out else "quit")
            if not logged_out:
                return 0
    finally:
        database.dispose()


def render_screenshot(
    settings: Settings,
    out_path: Path | str,
    *,
    username: str,
    select_path: list[str] | None = None,
    size: tuple[int, int] = (1400, 900),
) -> None:
    """Render the main window as `username` to a PNG, offscreen, on a demo database only."""
    if QApplication.instance() is None and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = create_application([])
    from treserva_desktop.demo import is_demo_database
    from treserva_desktop.ui.context import AppContext
    from treserva_desktop.ui.main_window import MainWindow

    database = open_database(settings)
    try:
        with database.transaction() as session:
            if not is_demo_database(session):
                raise ScreenshotRefused(
                    "Skärmbilder utan lösenord får bara tas i en demodatabas. "
                    "Den här databasen innehåller riktiga uppgifter."
                )
            user_id = user_id_for_username(session, username)
            if user_id is None:
                known = ", ".join(active_usernames(session))
                raise NotFound(
                    f"Det finns ingen aktiv användare med användarnamnet {username}. "
                    f"Välj bland: {known}."
                )
            actor = auth.load_actor(session, user_id)
        ctx = AppContext.create(database, settings, actor)
        window = MainWindow(ctx, remember_geometry=False)
        try:
            window.resize(*size)
            window.show()
            app.processEvents()
            show_path(window, select_path)
            _settle(app)
            out = Path(out_path)
            out.parent.mkdir(parents=True, exist_ok=True)
            if not window.grab().save(str(out)):
                raise DomainError(f"Skärmbilden kunde inte sparas som {out}.")
            log.info("screenshot rendered for user id %s", actor.user_id)
        finally:
            _dispose_window(app, window)
    finally:
        database.dispose()


def _dispose_window(app: QApplication, window: QWidget) -> None:
    """Close and delete now, without Qt's quit-on-last-window (no stray Quit event)."""
    quit_on_close = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)
    try:
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    finally:
        app.setQuitOnLastWindowClosed(quit_on_close)


def show_path(window: object, select_path: list[str] | None) -> None:
    """Expand and select a labelled path; a folder also shows its first child opened.

    Without a path: the first person under Mina enheter, so the person overview shows.
    """
    from treserva_desktop.domain.enums import Folder
    from treserva_desktop.ui.main_window import MainWindow
    from treserva_desktop.ui.tree.kinds import kind_spec
    from treserva_desktop.ui.tree.nodes import NodeKind

    assert isinstance(window, MainWindow)
    model, tree = window.model, window.tree
    if select_path is None:
        # A role without Mina enheter (handläggare) starts on Mitt skrivbord.
        start = model.folders.get(Folder.MY_UNITS, model.desktop)
        person = model.find(lambda n: n.kind is NodeKind.PERSON, start)
        tree.select_node(person or start, expand=person is None)
        return
    node = model.find_by_path(select_path)
    if node is None:
        raise NotFound("Sökvägen i trädet finns inte: " + " › ".join(select_path))
    tree.select_node(node, expand=not kind_spec(node.kind).leaf)
    if node.kind.is_folder or node.kind is NodeKind.UNIT:
        model.ensure_loaded(node)
        first = next((c for c in node.children if not kind_spec(c.kind).leaf), None)
        if first is not None:
            tree.expand_node(first)


def _settle(app: QApplication) -> None:
    """Let layouts and deferred paints finish before grabbing."""
    for _ in range(3):
        app.processEvents()
    timer_done: list[bool] = []
    QTimer.singleShot(0, lambda: timer_done.append(True))
    while not timer_done:
        app.processEvents()
