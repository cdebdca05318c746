"""Background operations: slow work in a worker thread with its own session, a delayed
progress dialog with Avbryt, and the outcome delivered on the GUI thread (Anki's QueryOp)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Generic, TypeVar, cast

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import isValid
from sqlalchemy.orm import Session

from treserva_desktop.domain.errors import DomainError
from treserva_desktop.domain.rules import Actor
from treserva_desktop.ui import messages, runner
from treserva_desktop.ui.context import AppContext

log = logging.getLogger(__name__)

T = TypeVar("T")

# Work that ends this quickly never flashes a dialog.
SHOW_AFTER_MS = 300
CANCEL_TEXT = "Avbryt"
CANCELLING_TEXT = "Avbryter…"


class Cancelled(DomainError):
    """Raised by work that noticed Avbryt; its transaction is rolled back, nothing is shown."""

    def __init__(self) -> None:
        super().__init__("Åtgärden avbröts.")


@dataclass(slots=True)
class Progress:
    """Handed to the work in the worker thread: it asks whether the user pressed Avbryt."""

    _cancel: threading.Event = field(default_factory=threading.Event)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Stop here (raise Cancelled) if the user pressed Avbryt."""
        if self._cancel.is_set():
            raise Cancelled

    def cancel(self) -> None:
        self._cancel.set()

    def wait_for_cancel(self, timeout: float) -> bool:
        """Block up to `timeout` seconds, waking at once on Avbryt; True if it was pressed.
        For work that waits between steps (a remote service, a retry)."""
        return self._cancel.wait(timeout)


_RUNNING: set[QObject] = set()

# Runs in the worker thread: (its own session, the actor, the progress token) -> the result.
Work = Callable[[Session, Actor, Progress], T]


class _Signals(QObject):
    """Lives in the GUI thread; emitting from the worker queues the call to it."""

    finished = Signal(object)


class _Job(QRunnable):
    def __init__(
        self, ctx: AppContext, work: Work[T], progress: Progress, write: bool, name: str
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.ctx = ctx
        self.work = work
        self.progress = progress
        self.write = write
        self.name = name
        self.signals = _Signals()

    def run(self) -> None:
        def service(session: Session, actor: Actor, progress: Progress) -> object:
            return self.work(session, actor, progress)

        done = runner.call(
            self.ctx.database,
            self.ctx.actor,
            service,
            self.progress,
            write=self.write,
            name=self.name,
            # Background work may stream its rows (a server-side cursor needs a transaction),
            # and a few round trips more do not count there.
            read_in_transaction=True,
        )
        self.signals.finished.emit(done)


class BackgroundOperation(QObject, Generic[T]):
    """One operation in flight; it keeps itself alive until its callbacks have run."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        work: Work[T],
        *,
        label: str,
        on_success: Callable[[T], None],
        on_failure: Callable[[str], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        cancellable: bool = False,
        write: bool = False,
        title: str = "Arbetar…",
    ) -> None:
        # Not a child of `parent`: a dialog closed meanwhile must not take the operation (and
        # the worker's signal target) with it. _RUNNING holds it instead.
        super().__init__(None)
        self.ctx = ctx
        self.work = work
        self.parent_widget = parent
        self.on_success = on_success
        self.on_failure = on_failure
        self.on_cancelled = on_cancelled
        self.write = write
        self.progress = Progress()
        self.finished = False
        self.dialog = QProgressDialog(label, CANCEL_TEXT if cancellable else "", 0, 0, parent)
        self.dialog.setObjectName("background_progress")
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        # Only our timer shows it, after SHOW_AFTER_MS; QProgressDialog would otherwise show
        # itself on its own schedule.
        self.dialog.setMinimumDuration(2**30)
        if cancellable:
            self.dialog.canceled.connect(self.cancel)
        else:
            self.dialog.setCancelButton(None)
        self.dialog.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_dialog)
        self._job = _Job(ctx, work, self.progress, write, runner.action_name(work))
        self._job.signals.finished.connect(self._finish)
        # The signals object must outlive the runnable until the queued call is delivered.
        self._job.signals.setParent(self)

    def start(self) -> BackgroundOperation[T]:
        # Held until the outcome is delivered, also when nobody else keeps a reference.
        _RUNNING.add(self)
        self._timer.start(SHOW_AFTER_MS)
        QThreadPool.globalInstance().start(self._job)
        return self

    @property
    def dialog_shown(self) -> bool:
        return isValid(self.dialog) and self.dialog.isVisible()

    @Slot()
    def _show_dialog(self) -> None:
        if not self.finished and isValid(self.dialog):
            self.dialog.show()

    @Slot()
    def cancel(self) -> None:
        """Avbryt: the work stops (rolled back) at its next Progress.check()."""
        if self.finished or not isValid(self.dialog):
            return
        self.progress.cancel()
        self.dialog.setLabelText(CANCELLING_TEXT)

    @Slot(object)
    def _finish(self, done: runner.Attempt[T]) -> None:
        self.finished = True
        self._timer.stop()
        if isValid(self.dialog):
            self.dialog.hide()
            self.dialog.deleteLater()
        try:
            self._deliver(done)
        finally:
            # Let go once this event is handled, not inside it (Qt must not delete a receiver
            # while it handles an event).
            QTimer.singleShot(0, partial(_RUNNING.discard, self))

    def _deliver(self, done: runner.Attempt[T]) -> None:
        if done.ok:
            runner.emit_changes(self.ctx, self.work, None, done.value)
        if self.parent_widget is not None and not isValid(self.parent_widget):
            # The window it was for has gone: the outcome has nowhere to be shown.
            log.info("background operation finished after its window closed")
            return
        if isinstance(done.refused, Cancelled):
            # Rolled back. Work that finished before it noticed Avbryt is reported as done,
            # because it was.
            if self.on_cancelled is not None:
                self.on_cancelled()
            return
        if done.refused is not None:
            self._fail(done.refused.message)
            return
        if done.busy:
            self._fail(runner.busy_message(done, write=self.write)[0])
            return
        if done.failed:
            incident = done.incident
            write = self.write
            self._fail(
                runner.unexpected_error(incident)
                if write
                else runner.unexpected_read_error(incident)
            )
            return
        self.on_success(cast(T, done.value))

    def _fail(self, text: str) -> None:
        if self.on_failure is not None:
            self.on_failure(text)
        else:
            messages.error(self.parent_widget, text)


def run_in_background(
    ctx: AppContext,
    parent: QWidget | None,
    work: Work[T],
    *,
    label: str,
    on_success: Callable[[T], None],
    on_failure: Callable[[str], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    cancellable: bool = False,
    write: bool = False,
    title: str = "Arbetar…",
) -> BackgroundOperation[T]:
    """Start `work(session, actor, progress)` in a worker thread with its own session (a
    transaction when `write`, else a read session). `on_success(result)` or `on_failure(text)`
    then runs on the GUI thread; the text is the DomainError's verbatim or the generic Swedish
    one (unexpected errors are logged with ids only). Without `on_failure` the text is shown
    with messages.error. With `cancellable` the progress dialog has Avbryt."""
    return BackgroundOperation(
        ctx,
        parent,
        work,
        label=label,
        on_success=on_success,
        on_failure=on_failure,
        on_cancelled=on_cancelled,
        cancellable=cancellable,
        write=write,
        title=title,
    ).start()


def load_for(
    ctx: AppContext,
    parent: QWidget,
    work: Work[T],
    *,
    label: str,
    title: str,
    done: Callable[[T | None, str], None],
    cancellable: bool = False,
) -> BackgroundOperation[T]:
    """A read for the window `parent` in the background: `done(result, "")`, or
    `done(None, text)` with the refusal's or failure's Swedish text ("" after Avbryt);
    nothing once `parent` has been closed."""

    def deliver(result: T | None, text: str) -> None:
        if isValid(parent):  # the window may have been closed meanwhile
            done(result, text)

    return run_in_background(
        ctx,
        parent,
        work,
        label=label,
        title=title,
        cancellable=cancellable,
        on_success=lambda result: deliver(result, ""),
        on_failure=lambda text: deliver(None, text),
        on_cancelled=lambda: deliver(None, ""),
    )


def save_export(target: Path, write: Callable[[Path], None], what: str) -> Path:
    """Write an export file in a background work function: a file that cannot be written
    (a full disk, a folder without rights) becomes a Swedish refusal, so the user chooses
    another place and nothing else is lost. `what` names the export in the log (no data)."""
    try:
        write(target)
    except OSError as exc:
        log.warning("export of %s failed: %s", what, type(exc).__name__)
        raise DomainError(
            f"Filen kunde inte sparas: {exc.strerror or 'okänt fel'}. Välj en annan plats "
            "och försök igen."
        ) from exc
    return target


def showing_refusal(
    parent: QWidget, title: str, done: Callable[[T | None], None]
) -> Callable[[T | None, str], None]:
    """load_for's `done` for a window that shows a refusal or failure in a message box and
    then gets None (Avbryt: None, no message)."""

    def deliver(result: T | None, text: str) -> None:
        if text:
            messages.error(parent, text, title=title)
        done(result)

    return deliver
