"""SQLite: the write-ahead log is copied into the database file by a thread of its own.

By default SQLite does that copy (a checkpoint) inside the commit that takes the log past
1,000 pages, so one user action in a few waits for it. On the municipal demo that was every
fifth or sixth search (each audits the persons it shows, which touches a page of the audit
index per person) and the commit took up to half a second, with the window frozen. Here the
application's connections turn that off (`PRAGMA wal_autocheckpoint=0`) and this thread does
a PASSIVE checkpoint shortly after commits instead: it neither waits for nor blocks readers
and writers, and the sqlite3 module lets go of the GIL while it works, so the window goes on.

Durability is unchanged: a commit is in the log either way, and the log is read back after a
crash. The log's file is reused from its start once everything in it has been copied.
"""

from __future__ import annotations

import logging
import sqlite3
import threading

from treserva_desktop.db.pauses import join, pause

log = logging.getLogger(__name__)

# How soon after a commit the log is copied: long enough that an action's own reads and
# the window's repaint are done, short enough that the log stays small (what is written in
# this time, a few MB at most in a bulk import).
CHECKPOINT_DELAY_S = 0.5
# The checkpoint's own connection reads almost nothing through its page cache.
_CACHE_KIB = 512


class WalCheckpointer:
    """Copies the log of one SQLite database file into it, after commits, in a daemon
    thread with its own connection. `nudge()` after each commit; `stop()` when the database
    is closed (a later nudge starts the thread again)."""

    def __init__(self, path: str, *, busy_timeout_ms: int) -> None:
        self._path = path
        self._busy_timeout_ms = busy_timeout_ms
        self._committed = threading.Event()
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        # Completed checkpoints, and the last one's frames in the log and copied.
        self.checkpoints = 0
        self.last: tuple[int, int] | None = None

    def nudge(self) -> None:
        """A commit was made: copy the log soon."""
        self._committed.set()
        if self._thread is None or not self._thread.is_alive():
            with self._lock:
                if self._thread is None or not self._thread.is_alive():
                    # Each thread has its own stop signal: one that is still finishing after
                    # stop() must not be told to go on by the start of the next.
                    self._stopping = threading.Event()
                    self._thread = threading.Thread(
                        target=self._run,
                        args=(self._stopping,),
                        name="treserva-wal-checkpoint",
                        daemon=True,
                    )
                    self._thread.start()

    def stop(self) -> None:
        """Copy what is left and end the thread (the database is being closed)."""
        with self._lock:
            thread, stopping = self._thread, self._stopping
            self._thread = None
        if thread is not None and thread.is_alive():
            stopping.set()
            self._committed.set()
            join(thread, 10)

    def _run(self, stopping: threading.Event) -> None:
        try:
            connection = sqlite3.connect(
                self._path, timeout=self._busy_timeout_ms / 1000, check_same_thread=True
            )
        except sqlite3.Error as error:
            log.warning(
                "the WAL checkpoint thread could not open the database (%s)", type(error).__name__
            )
            return
        try:
            connection.execute(f"PRAGMA cache_size=-{_CACHE_KIB}")
            while True:
                self._committed.wait()
                # Let the action that committed finish its reads and repaint first.
                pause(stopping, CHECKPOINT_DELAY_S)
                self._committed.clear()
                self._checkpoint(connection)
                if stopping.is_set():
                    return
        finally:
            connection.close()

    def _checkpoint(self, connection: sqlite3.Connection) -> None:
        try:
            busy, frames, copied = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.Error as error:
            # Not fatal: the log stays in use and is copied at the next commit's nudge.
            log.warning("WAL checkpoint failed (%s)", type(error).__name__)
            return
        self.checkpoints += 1
        self.last = (frames, copied)
        log.debug("WAL checkpoint: %s of %s frames copied (busy %s)", copied, frames, busy)
