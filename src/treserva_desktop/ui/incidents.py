"""Unexpected errors: an incident id the user can quote, the traceback in the log (never the
exception's text, which may hold personal data), and the hooks that turn an exception anywhere
in the GUI (an action, a slot, a worker thread) into a Swedish message while the app runs on."""

from __future__ import annotations

import logging
import re
import sys
import threading
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import (
    QMessageLogContext,
    QObject,
    QThread,
    QtMsgType,
    Signal,
    Slot,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication

from treserva_desktop.incidents import new_incident_id, safe_traceback
from treserva_desktop.ui import messages

log = logging.getLogger(__name__)
qt_log = logging.getLogger("qt")

UNEXPECTED = (
    "Ett oväntat fel inträffade. Programmet fortsätter, men det du just gjorde kan ha avbrutits."
)
UNEXPECTED_TITLE = "Oväntat fel"


def with_incident(text: str, incident_id: str) -> str:
    """A Swedish error text followed by the incident id for Användarstöd."""
    return f"{text}\n\nIncident-id: {incident_id} (uppge det om du kontaktar Användarstöd)."


def log_incident(what: str, user_id: int | None, exc: BaseException, **ids: object) -> str:
    """Log the exception's type and traceback frames (code, not data) under a new incident id
    and return the id. Chained exceptions are named by type only; no exception text is
    logged anywhere, since it may quote a person's name or number."""
    incident_id = new_incident_id()
    log.error(
        "incident %s: unexpected %s in %s (user id %s, %s)\n%s",
        incident_id,
        type(exc).__name__,
        what,
        user_id,
        ids,
        safe_traceback(exc),
    )
    return incident_id


# Quoted text and long digit runs in Qt's own messages (a file name, a number) are masked.
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
_DIGITS = re.compile(r"\d{6,}")


def _masked(text: str) -> str:
    return _DIGITS.sub("…", _QUOTED.sub('"…"', text))


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, context: QMessageLogContext, text: str) -> None:
    qt_log.log(
        _QT_LEVELS.get(kind, logging.WARNING),
        "qt %s: %s",
        context.category or "default",
        _masked(text),
    )


class _Reporter(QObject):
    """Lives on the GUI thread; a worker thread's incident reaches the user through it."""

    report = Signal(str)

    def __init__(self, user_id: Callable[[], int | None]) -> None:
        super().__init__()
        self.user_id = user_id
        self.showing = False
        self.report.connect(self.show)

    @Slot(str)
    def show(self, incident_id: str) -> None:
        if self.showing:
            return  # one message at a time; the next incident is in the log
        self.showing = True
        try:
            messages.error(
                QApplication.activeWindow(),
                with_incident(UNEXPECTED, incident_id),
                title=UNEXPECTED_TITLE,
            )
        except Exception as exc:
            log_incident("showing an incident", self.user_id(), exc)
        finally:
            self.showing = False

    def on_gui_thread(self) -> bool:
        return QThread.currentThread() is self.thread()


class ExceptionHooks:
    """sys.excepthook (slots and virtual methods called by Qt end there), threading.excepthook
    and Qt's message handler, installed together; `uninstall` puts the previous ones back."""

    def __init__(self, user_id: Callable[[], int | None] = lambda: None) -> None:
        self._reporter = _Reporter(user_id)
        self._user_id = user_id
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self.incidents: list[str] = []
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_excepthook
        self._previous_handler = qInstallMessageHandler(_qt_message)

    def _excepthook(
        self,
        kind: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt | SystemExit):
            self._previous_hook(kind, exc, tb)
            return
        if exc.__traceback__ is None and tb is not None:
            exc = exc.with_traceback(tb)
        self._report(log_incident("the user interface", self._user_id(), exc))

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or isinstance(args.exc_value, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "?"
        self._report(log_incident(f"thread {name}", self._user_id(), args.exc_value))

    def _report(self, incident_id: str) -> None:
        self.incidents.append(incident_id)
        if self._reporter.on_gui_thread():
            self._reporter.show(incident_id)
        else:
            self._reporter.report.emit(incident_id)  # queued to the GUI thread

    def uninstall(self) -> None:
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook
        qInstallMessageHandler(self._previous_handler)
        self._reporter.deleteLater()


def install(user_id: Callable[[], int | None] = lambda: None) -> ExceptionHooks:
    """From now on an unexpected exception shows a Swedish message with an incident id."""
    return ExceptionHooks(user_id)
