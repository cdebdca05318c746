"""The main window's side of the live updates: another workstation's change goes through the
same incremental refresh as a local one, a quiet notification says what concerns the user's
own units, and the status bar says when the connection is lost."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QSystemTrayIcon

from treserva_desktop.db.live import feed_for
from treserva_desktop.db.queries.live import new_assignment_units
from treserva_desktop.domain.changes import ChangeKind, ChangeSet
from treserva_desktop.domain.enums import Folder
from treserva_desktop.ui.icons import app_icon
from treserva_desktop.ui.live_updates import LiveUpdates
from treserva_desktop.ui.runner import fetch

if TYPE_CHECKING:
    from treserva_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

DISCONNECTED_TEXT = "Frånkopplad – försöker igen"
DISCONNECTED_TIP = (
    "Anslutningen till databasen är bruten. Programmet ansluter igen av sig självt och "
    "uppdaterar det som visas; det du har skrivit finns kvar."
)
RECONNECTED_TEXT = "Ansluten igen – uppdaterat"
NOTICE_MS = 15000


def assignment_notice(units: list[str], new_count: int) -> str:
    """'Nytt uppdrag till Hemtjänst Norr', '3 nya uppdrag till Hemtjänst Norr', '3 nya
    uppdrag' (several units, or the names not known): unit names only."""
    count = max(len(units), new_count)
    if count <= 0:
        return ""
    names = sorted(set(units))
    to = f" till {names[0]}" if len(names) == 1 else ""
    return f"Nytt uppdrag{to}" if count == 1 else f"{count} nya uppdrag{to}"


def message_notice(new_count: int) -> str:
    if new_count <= 0:
        return ""
    return "Nytt meddelande" if new_count == 1 else f"{new_count} nya meddelanden"


class LiveWindow(QObject):
    """Started by MainWindow.start_live_updates once the window shows; stopped when it closes."""

    def __init__(self, window: MainWindow, updates: LiveUpdates) -> None:
        super().__init__(window)
        self.window = window
        self.updates = updates
        # What was said, newest last (the tests read it; nothing personal is in it).
        self.notices: list[str] = []
        self._tray: QSystemTrayIcon | None = None
        self.label = QLabel(DISCONNECTED_TEXT)
        self.label.setObjectName("status_live")
        self.label.setToolTip(DISCONNECTED_TIP)
        self.label.setAccessibleName(DISCONNECTED_TEXT)
        self.label.setStyleSheet("padding: 0 8px; color: #a31515; font-weight: 600;")
        self.label.hide()
        window.statusBar().insertPermanentWidget(0, self.label)
        updates.arrived.connect(self.apply)
        updates.connection_changed.connect(self._on_connection)

    @classmethod
    def start(cls, window: MainWindow) -> LiveWindow | None:
        ctx = window.ctx
        feed = feed_for(ctx.database, ctx.settings.resolved_live_url())
        if feed is None:
            return None
        live = cls(window, LiveUpdates(feed, window))
        live.updates.start()
        return live

    def stop(self) -> None:
        self.updates.stop()
        if self._tray is not None:
            self._tray.hide()

    @property
    def disconnected(self) -> bool:
        return self.updates.connected is False

    def apply(self, change: ChangeSet) -> None:
        """One merged change from elsewhere: the tree, counts and pane refresh as after a
        local action; then a notification when it brought something to the user's units."""
        before = self._counts()
        events = self.window.ctx.events
        events.data_changed.emit(change)
        events.remote_changed.emit(change)
        after = self._counts()
        self._notify(change, after[0] - before[0], after[1] - before[1])

    def _counts(self) -> tuple[int, int]:
        """Nya uppdrag and olästa meddelanden as the tree's folders count them now."""
        folders = self.window.model.folders
        new = folders.get(Folder.NEW_ASSIGNMENTS)
        inbox = folders.get(Folder.INBOX)
        return (new.count or 0) if new else 0, (inbox.count or 0) if inbox else 0

    def _notify(self, change: ChangeSet, new_assignments: int, new_messages: int) -> None:
        texts = []
        if new_assignments > 0:
            units: list[str] = []
            if change.assignments is not None and change.any_of({ChangeKind.ASSIGNMENTS}):
                units = (
                    fetch(self.window.ctx, new_assignment_units, sorted(change.assignments)).value
                    or []
                )
            texts.append(assignment_notice(units, new_assignments))
        if new_messages > 0:
            texts.append(message_notice(new_messages))
        text = ", ".join(t for t in texts if t)
        if text:
            self.say(text)

    def say(self, text: str) -> None:
        """The status bar, and the notification area when the window is minimised."""
        self.notices.append(text)
        self.window.statusBar().showMessage(text, NOTICE_MS)
        if self.window.isMinimized() and QSystemTrayIcon.isSystemTrayAvailable():
            if self._tray is None:
                self._tray = QSystemTrayIcon(app_icon(), self)
                self._tray.setToolTip("Treserva Desktop")
            self._tray.show()
            self._tray.showMessage(
                "Treserva Desktop", text, QSystemTrayIcon.MessageIcon.Information, NOTICE_MS
            )

    def _on_connection(self, connected: bool) -> None:
        if connected:
            if not self.label.isHidden():
                self.window.statusBar().showMessage(RECONNECTED_TEXT, 5000)
            self.label.hide()
        else:
            self.label.show()
