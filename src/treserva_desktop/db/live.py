"""Live updates between workstations: publishing a committed action's change set in its own
transaction, and the feeds that bring other clients' change sets in.

PostgreSQL: `pg_notify` on one channel, delivered at commit; each client listens on one
dedicated connection of its own (LISTEN needs a session). SQLite: a row in change_log
(migration 0021), pruned to a bounded window; each client polls `PRAGMA data_version` (it
changes when another connection commits) and reads the new rows only then.

A payload holds the writing client's id, the change kinds and the ids touched (units,
persons, assignments, messages): never a name or free text. What the other client then shows
it reads itself, with its own permissions. No Qt here: the feeds run in a worker thread and
report to a sink (ui/live_updates.py hands them to the GUI thread).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session

from treserva_desktop.db.database import Database, clock_of
from treserva_desktop.db.models.change_log import ChangeLogEntry
from treserva_desktop.db.pauses import pause
from treserva_desktop.domain.changes import ChangeKind, ChangeSet

log = logging.getLogger(__name__)

CHANNEL = "treserva_changes"
# How the listening connection names itself in pg_stat_activity.
LISTENER_APPLICATION_NAME = "treserva-desktop live"
# PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; beyond this the ids of a scope
# are sent as unknown (the receiver then refreshes that scope by kind).
PAYLOAD_LIMIT = 7900
# The change_log rows each writer keeps: a client further behind (asleep, disconnected)
# refreshes everything instead of catching up row by row.
KEEP_ROWS = 2000
# The writer whose row id is a multiple of this prunes (so the table holds at most
# KEEP_ROWS + PRUNE_EVERY rows, and most actions delete nothing).
PRUNE_EVERY = 50
# A SQLite client's read of the rows after its last (a primary-key range).
READ_SINCE_SQL = "SELECT id, client, payload FROM change_log WHERE id > ? ORDER BY id"
# How often a SQLite client asks whether another connection committed.
SQLITE_POLL_SECONDS = 0.25
# Reconnecting after a lost connection: 1, 2, 4 … seconds, at most this.
MAX_BACKOFF_SECONDS = 30.0

# Kinds that change only what the acting user sees (their own view settings, Mina personer,
# their Ej aktuella folder): nothing another user's window shows, so never published.
PRIVATE_KINDS = frozenset({ChangeKind.VIEW_SETTINGS, ChangeKind.MY_PERSONS, ChangeKind.NOT_CURRENT})

_SCOPES = (("u", "units"), ("p", "persons"), ("a", "assignments"), ("m", "messages"))


def encode(change: ChangeSet, client: str) -> str:
    """The compact JSON of a change set: client, kinds and the known ids per scope. Scopes
    are dropped (made unknown) from the most numerous down until it fits PAYLOAD_LIMIT."""
    data: dict[str, Any] = {"c": client, "k": sorted(change.kinds)}
    for key, name in _SCOPES:
        ids = getattr(change, name)
        if ids is not None:
            data[key] = sorted(ids)
    payload = json.dumps(data, separators=(",", ":"))
    while len(payload) > PAYLOAD_LIMIT:
        largest = max((key for key, _ in _SCOPES if key in data), key=lambda k: len(data[k]))
        del data[largest]
        payload = json.dumps(data, separators=(",", ":"))
    return payload


def decode(payload: str) -> tuple[str, ChangeSet] | None:
    """The writing client and the change set of a payload; None when it cannot be read
    (logged by type only). Kinds this version does not know are left out."""
    try:
        data = json.loads(payload)
        client = str(data["c"])
        known = {kind.value for kind in ChangeKind}
        kinds = frozenset(ChangeKind(k) for k in data["k"] if k in known)
        scopes: dict[str, frozenset[int] | None] = {
            name: frozenset(int(i) for i in data[key]) if key in data else None
            for key, name in _SCOPES
        }
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("unreadable change payload (%s) ignored", type(exc).__name__)
        return None
    return client, ChangeSet(kinds, **scopes)


def publish(session: Session, change: ChangeSet, client: str) -> None:
    """Tell the other workstations, in this transaction (so only if it commits), what it
    changed. Nothing for an empty change set, or one of the user's own lists only."""
    kinds = change.kinds - PRIVATE_KINDS
    if not kinds:
        return
    payload = encode(replace(change, kinds=kinds), client)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": payload}
        )
        return
    # Core statements, not the ORM: this runs in every action on SQLite.
    new_id = session.execute(
        insert(ChangeLogEntry)
        .values(client=client, payload=payload, recorded_at=clock_of(session).now())
        .returning(ChangeLogEntry.id)
    ).scalar_one()
    if new_id % PRUNE_EVERY == 0:
        session.execute(delete(ChangeLogEntry).where(ChangeLogEntry.id <= new_id - KEEP_ROWS))


def last_change_id(session: Session) -> int:
    """The newest change_log id (0 when empty)."""
    return int(session.scalar(select(func.coalesce(func.max(ChangeLogEntry.id), 0))) or 0)


# -- feeds ----------------------------------------------------------------------------------


class FeedSink(Protocol):
    """Where a feed reports, from its worker thread."""

    def changes(self, changes: list[ChangeSet]) -> None: ...

    def connected(self, *, again: bool) -> None: ...

    def disconnected(self) -> None: ...


class Feed(Protocol):
    def run(self, stop: threading.Event, sink: FeedSink) -> None: ...


def _backoff(delay: float) -> float:
    return min(delay * 2, MAX_BACKOFF_SECONDS)


def _others(payloads: list[str], client: str) -> list[ChangeSet]:
    result = []
    for payload in payloads:
        decoded = decode(payload)
        if decoded is not None and decoded[0] != client and decoded[1]:
            result.append(decoded[1])
    return result


@dataclass
class PostgresFeed:
    """LISTEN on one dedicated connection; after a reconnect everything shown is refreshed
    (notifications sent meanwhile are gone)."""

    conninfo: str
    client: str
    wait_seconds: float = 0.5
    backend_pid: int | None = field(default=None, init=False)

    def run(self, stop: threading.Event, sink: FeedSink) -> None:
        import psycopg

        delay = 1.0
        again = False
        while not stop.is_set():
            try:
                with psycopg.connect(
                    self.conninfo,
                    autocommit=True,
                    connect_timeout=5,
                    application_name=LISTENER_APPLICATION_NAME,
                    # A dead network path (no reset from the server) is noticed in ~25 s.
                    keepalives=1,
                    keepalives_idle=10,
                    keepalives_interval=5,
                    keepalives_count=3,
                ) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    self.backend_pid = connection.info.backend_pid
                    sink.connected(again=again)
                    if again:
                        sink.changes([ChangeSet.everything()])
                    again, delay = True, 1.0
                    while not stop.is_set():
                        # Back as soon as a notification came (with any that came with it),
                        # not at the end of the wait: the GUI side merges a burst itself.
                        notified = connection.notifies(timeout=self.wait_seconds, stop_after=1)
                        payloads = [n.payload for n in notified]
                        received = _others(payloads, self.client)
                        if received:
                            sink.changes(received)
            except psycopg.Error as exc:
                self.backend_pid = None
                log.warning("live updates: connection lost (%s)", type(exc).__name__)
                sink.disconnected()
                again = True
                pause(stop, delay)
                delay = _backoff(delay)


@dataclass
class SqliteFeed:
    """Polls PRAGMA data_version on its own connection; reads change_log only when another
    connection has committed. Catches up from its last id after an interruption, or refreshes
    everything when the rows it missed were pruned."""

    path: Path
    client: str
    poll_seconds: float = SQLITE_POLL_SECONDS
    last_id: int | None = field(default=None, init=False)

    def _connect(self) -> sqlite3.Connection:
        # mode=rw: a file that is gone (a lost share) is an error, never a new empty file.
        return sqlite3.connect(
            f"{self.path.resolve().as_uri()}?mode=rw",
            uri=True,
            timeout=5,
            isolation_level=None,
            check_same_thread=False,
        )

    def _read(self, connection: sqlite3.Connection) -> list[ChangeSet]:
        last = self.last_id or 0
        rows = connection.execute(READ_SINCE_SQL, (last,)).fetchall()
        oldest = connection.execute("SELECT min(id) FROM change_log").fetchone()[0]
        if rows:
            self.last_id = int(rows[-1][0])
        if last and oldest is not None and oldest > last + 1:
            return [ChangeSet.everything()]
        return _others([str(payload) for _id, _client, payload in rows], self.client)

    def run(self, stop: threading.Event, sink: FeedSink) -> None:
        delay = 1.0
        again = False
        while not stop.is_set():
            connection: sqlite3.Connection | None = None
            try:
                connection = self._connect()
                version = connection.execute("PRAGMA data_version").fetchone()[0]
                if self.last_id is None:
                    self.last_id = int(
                        connection.execute(
                            "SELECT coalesce(max(id), 0) FROM change_log"
                        ).fetchone()[0]
                    )
                    caught_up: list[ChangeSet] = []
                else:
                    caught_up = self._read(connection)
                sink.connected(again=again)
                if caught_up:
                    sink.changes(caught_up)
                again, delay = True, 1.0
                while not pause(stop, self.poll_seconds):
                    now = connection.execute("PRAGMA data_version").fetchone()[0]
                    if now == version:
                        continue
                    version = now
                    received = self._read(connection)
                    if received:
                        sink.changes(received)
            except sqlite3.Error as exc:
                log.warning("live updates: database file unavailable (%s)", type(exc).__name__)
                sink.disconnected()
                again = True
                pause(stop, delay)
                delay = _backoff(delay)
            finally:
                if connection is not None:
                    connection.close()


def postgres_conninfo(url: URL) -> str:
    """libpq's connection string for the URL (its passfile and options kept)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def feed_for(database: Database, listen_url: str | None = None) -> Feed | None:
    """The feed of other clients' changes for this database; None for an in-memory one.
    `listen_url`: where PostgreSQL is listened to when the queries go through a pooler in
    transaction mode (LISTEN needs a session of its own, directly on the server)."""
    if database.dialect == "postgresql":
        url = make_url(listen_url) if listen_url else database.url
        return PostgresFeed(postgres_conninfo(url), database.client_id)
    if database.is_sqlite and database.url.database not in (None, "", ":memory:"):
        return SqliteFeed(Path(str(database.url.database)), database.client_id)
    return None
