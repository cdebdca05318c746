"""Other workstations' changes, handed from the feed's worker thread to the GUI thread and
merged: a burst of changes arrives as one ChangeSet, so it costs one refresh."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from treserva_desktop.db.live import Feed
from treserva_desktop.db.pauses import join
from treserva_desktop.domain.changes import ChangeSet, merged

log = logging.getLogger(__name__)

# A change waits this long for the next before the views refresh (restarted by each one) …
QUIET_MS = 200
# … but never longer than this after the first of a burst: visible within about a second.
MAX_WAIT_MS = 1000
# How long stop() waits for the worker (it notices the stop within its poll interval).
STOP_WAIT_SECONDS = 3.0


class LiveUpdates(QObject):
    """Runs one feed (db/live.py) in a worker thread. `arrived` carries the merged change
    sets of other clients; `connection_changed` says when the feed lost (False) or regained
    (True) its connection. The feed's own connection is its only one: nothing here touches
    the application's sessions."""

    arrived = Signal(object)
    connection_changed = Signal(bool)
    # From the worker thread, queued to this object's (the GUI) thread.
    _received = Signal(object)
    _state = Signal(bool)

    def __init__(
        self,
        feed: Feed,
        parent: QObject | None = None,
        *,
        quiet_ms: int = QUIET_MS,
        max_wait_ms: int = MAX_WAIT_MS,
    ) -> None:
        super().__init__(parent)
        self.feed = feed
        self.connected: bool | None = None
        # Change sets received by the worker and not yet merged (tests wait on the count).
        self.received = 0
        self.flushed = 0
        self._pending: list[ChangeSet] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(quiet_ms)
        self._quiet.timeout.connect(self.flush)
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(max_wait_ms)
        self._deadline.timeout.connect(self.flush)
        self._received.connect(self._on_received, Qt.ConnectionType.QueuedConnection)
        self._state.connect(self._on_state, Qt.ConnectionType.QueuedConnection)

    # -- the worker side (FeedSink) ---------------------------------------------------------

    def changes(self, changes: list[ChangeSet]) -> None:
        self.received += len(changes)
        self._received.emit(changes)

    def connected_to_database(self, *, again: bool) -> None:
        self._state.emit(True)

    def disconnected(self) -> None:
        self._state.emit(False)

    # -- lifetime -----------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="treserva-live", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            join(thread, STOP_WAIT_SECONDS)
        self._quiet.stop()
        self._deadline.stop()
        self._pending.clear()

    def _run(self) -> None:
        try:
            self.feed.run(self._stop, _Sink(self))
        except Exception as exc:  # the worker must not die silently
            log.error("live updates stopped (%s)", type(exc).__name__)
            self._state.emit(False)

    # -- the GUI side ---------------------------------------------------------------------------

    def _on_received(self, changes: list[ChangeSet]) -> None:
        if self._stop.is_set():
            return
        self._pending.extend(changes)
        self._quiet.start()
        if not self._deadline.isActive():
            self._deadline.start()

    def flush(self) -> None:
        """The pending change sets as one, now."""
        self._quiet.stop()
        self._deadline.stop()
        if not self._pending:
            return
        change = merged(self._pending)
        self._pending.clear()
        self.flushed += 1
        log.debug("live updates: %d kinds changed elsewhere", len(change.kinds))
        self.arrived.emit(change)

    def _on_state(self, connected: bool) -> None:
        if self._stop.is_set() or connected == self.connected:
            return
        self.connected = connected
        log.info("live updates %s", "connected" if connected else "disconnected")
        self.connection_changed.emit(connected)


class _Sink:
    """The FeedSink the worker reports to: each call emits a queued signal."""

    def __init__(self, owner: LiveUpdates) -> None:
        self._owner = owner

    def changes(self, changes: list[ChangeSet]) -> None:
        self._owner.changes(changes)

    def connected(self, *, again: bool) -> None:
        self._owner.connected_to_database(again=again)

    def disconnected(self) -> None:
        self._owner.disconnected()
