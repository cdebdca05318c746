"""The idle lock: after the configured time without keyboard or mouse input every window of the
session is covered (titles too) and the lock screen asks for the user's password."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from treserva_desktop.domain.commands.accounts import UnlockSession
from treserva_desktop.domain.views.accounts import PasswordAnswer
from treserva_desktop.services import auth
from treserva_desktop.ui import runner
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.lock_dialog import LockChoice, LockDialog

log = logging.getLogger(__name__)

LOCKED_TITLE = "Treserva Desktop – låst"

# What counts as the user being there: input, not repaints or timers.
_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class Curtain(QWidget):
    """An opaque cover over one window's contents while the session is locked."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lock_curtain")
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Window)
        label = QLabel("Låst")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        self._window = window
        self._title = window.windowTitle()
        window.setWindowTitle(LOCKED_TITLE)
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._window.rect())
            self.raise_()
        return False

    def lift(self) -> None:
        self._window.removeEventFilter(self)
        self._window.setWindowTitle(self._title)
        self.hide()
        self.deleteLater()


class IdleLock(QObject):
    """Watches the application's input; `lock()` covers the session and asks for the password.

    `log_out` is called when the lock screen ends with Logga ut (someone else, or a forgotten
    password): the session ends instead of being handed over."""

    def __init__(
        self, window: QWidget, ctx: AppContext, log_out: Callable[[], None], minutes: float
    ) -> None:
        super().__init__(window)
        self._window = window
        self._ctx = ctx
        self._log_out = log_out
        self.minutes = minutes
        self.idle_ms = max(1, round(minutes * 60_000))
        self.locked = False
        self.curtains: list[Curtain] = []
        self._idle = QElapsedTimer()
        self._idle.start()
        self._check = QTimer(self)
        self._check.setInterval(max(1, min(self.idle_ms // 4, 5_000)))
        self._check.timeout.connect(self._check_idle)
        self.start()

    def start(self) -> None:
        """Watch the input from now on (the idle time counts from here)."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
            app.installEventFilter(self)
        self._idle.restart()
        self._check.start()

    def stop(self) -> None:
        self._check.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self._idle.restart()
        return False

    def _check_idle(self) -> None:
        if not self.locked and self._idle.elapsed() >= self.idle_ms:
            self.lock()

    def lock(self) -> None:
        """Cover every visible window, audit the lock and ask until unlocked or logged out."""
        if self.locked:
            return
        self.locked = True
        runner.call(self._ctx.database, self._ctx.actor, auth.lock_session, None)
        self.curtains = [
            Curtain(widget)
            for widget in QApplication.topLevelWidgets()
            if widget.isVisible() and widget.isWindow() and not isinstance(widget, LockDialog)
        ]
        actor = self._ctx.actor
        choice = LockDialog.ask(
            self._window,
            f"{actor.display_name} ({self._ctx.role_label})",
            self.minutes,
            self._unlock,
        )
        for curtain in self.curtains:
            curtain.lift()
        self.curtains = []
        self.locked = False
        self._idle.restart()
        if choice is LockChoice.LOG_OUT:
            log.info("user id %s logged out from the lock screen", actor.user_id)
            self.stop()
            self._log_out()

    def _unlock(self, password: str) -> PasswordAnswer | None:
        done = runner.call(
            self._ctx.database,
            self._ctx.actor,
            auth.unlock_session,
            UnlockSession(password=password),
        )
        if done.refused is not None:
            return PasswordAnswer(False, done.refused.message, "password")
        return done.value
