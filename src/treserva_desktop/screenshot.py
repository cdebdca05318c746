"""`treserva-desktop screenshot`: the main window rendered offscreen to a PNG, logged in as a
demo user without a password (demo databases only), with a tree path opened."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from treserva_desktop.app import close_database, create_application, open_database
from treserva_desktop.domain.errors import DomainError, NotFound

if TYPE_CHECKING:
    from treserva_desktop.settings import Settings
    from treserva_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

# A screenshot waits at most this long for Mitt skrivbord's counts.
DASHBOARD_WAIT_S = 10.0


class ScreenshotRefused(DomainError):
    """A screenshot without a password is only allowed on a demo database."""


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
    from treserva_desktop.db.queries.ui_support import active_usernames, user_id_for_username
    from treserva_desktop.demo.safety import demo_contents
    from treserva_desktop.services import auth
    from treserva_desktop.ui.context import AppContext
    from treserva_desktop.ui.main_window import MainWindow

    database = open_database(settings)
    try:
        with database.transaction() as session:
            # Not the flag alone (one INSERT sets it): only what the demo generator made.
            if not demo_contents(session).only_generated:
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
        ctx = AppContext.create(database, settings, actor, is_demo=True)
        window = MainWindow(ctx, remember_geometry=False, session=False)
        try:
            window.resize(*size)
            window.show()
            app.processEvents()
            show_path(window, select_path)
            _settle(app)
            _wait_for_dashboard(app, window)
            out = Path(out_path)
            out.parent.mkdir(parents=True, exist_ok=True)
            if not window.grab().save(str(out)):
                raise DomainError(f"Skärmbilden kunde inte sparas som {out}.")
            log.info("screenshot rendered for user id %s", actor.user_id)
        finally:
            _dispose_window(app, window)
    finally:
        close_database(database)


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


def _wait_for_dashboard(app: QApplication, window: MainWindow) -> None:
    """Until Mitt skrivbord's tiles show their counts (they arrive after the first paint)."""
    dashboard = window.summary_pane.dashboard
    deadline = time.monotonic() + DASHBOARD_WAIT_S
    while dashboard.isVisible() and dashboard.counting and time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def _settle(app: QApplication) -> None:
    """Let layouts and deferred paints finish before grabbing."""
    for _ in range(3):
        app.processEvents()
    timer_done: list[bool] = []
    QTimer.singleShot(0, lambda: timer_done.append(True))
    while not timer_done:
        app.processEvents()
