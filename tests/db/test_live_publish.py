"""Publishing a committed action's change set for the other workstations (issue 16): in the
action's own transaction (NOTIFY on PostgreSQL, a change_log row on SQLite), kinds and ids
only, bounded in size and in rows; and the SQLite feed that reads it back."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select
from tests.helpers import actor_for
from tests.helpers.live import publish_burst, wait_outside_qt

from treserva_desktop.db import live, pauses
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import ChangeLogEntry
from treserva_desktop.domain.changes import (
    ChangeKind,
    ChangeSet,
    Touched,
    change_set_of,
    merged,
)
from treserva_desktop.domain.commands.inbox import SendMessage
from treserva_desktop.domain.errors import DomainError
from treserva_desktop.services import inbox
from treserva_desktop.ui import runner

A_CHANGE = ChangeSet.of(
    {ChangeKind.ASSIGNMENTS, ChangeKind.EXECUTIONS},
    Touched(units={3, 4}, persons={7}, assignments={11}),
)


def log_rows(database: Database) -> list[ChangeLogEntry]:
    with database.read() as session:
        return list(session.scalars(select(ChangeLogEntry).order_by(ChangeLogEntry.id)))


def test_a_payload_holds_kinds_and_ids_and_reads_back() -> None:
    payload = live.encode(A_CHANGE, "client-a")
    assert json.loads(payload) == {
        "c": "client-a",
        "k": ["assignments", "executions"],
        "u": [3, 4],
        "p": [7],
        "a": [11],
    }
    assert live.decode(payload) == ("client-a", A_CHANGE)


def test_a_payload_too_big_for_notify_sends_the_largest_scope_as_unknown() -> None:
    change = ChangeSet.of({ChangeKind.MESSAGES}, Touched(units={1}, messages=range(5000)))
    payload = live.encode(change, "c")
    assert len(payload) <= live.PAYLOAD_LIMIT
    decoded = live.decode(payload)
    assert decoded is not None
    assert decoded[1] == ChangeSet(frozenset({ChangeKind.MESSAGES}), units=frozenset({1}))


def test_unknown_kinds_are_left_out_and_garbage_is_ignored() -> None:
    decoded = live.decode('{"c":"x","k":["assignments","teleportation"],"u":[1]}')
    assert decoded == ("x", ChangeSet(frozenset({ChangeKind.ASSIGNMENTS}), units=frozenset({1})))
    assert live.decode("not json") is None
    assert live.decode('{"k":[]}') is None


def test_a_burst_merges_into_one_change_set() -> None:
    one = ChangeSet.of({ChangeKind.MESSAGES}, Touched(messages={1}))
    other = ChangeSet.of({ChangeKind.PERSONS}, Touched(persons={2}, messages={3}))
    whole = merged([one, other])
    assert whole.kinds == {ChangeKind.MESSAGES, ChangeKind.PERSONS}
    assert whole.messages == {1, 3}
    assert whole.persons is None  # the first did not know which persons: all of them
    assert merged([A_CHANGE]) == A_CHANGE


def test_the_runner_publishes_a_write_with_its_transaction(demo_db: Database) -> None:
    actor = actor_for(demo_db, "samordnare")
    before = len(log_rows(demo_db))
    command = SendMessage(recipient_ids=(actor.user_id,), subject="Hej", body="Text")

    done = runner.call(demo_db, actor, inbox.send_message, command)

    assert done.ok
    rows = log_rows(demo_db)
    assert len(rows) == before + 1
    client, change = live.decode(rows[-1].payload) or ("", None)
    assert client == demo_db.client_id
    # Exactly what the runner emits locally after commit.
    assert change == change_set_of(inbox.send_message, command, done.value)
    assert change is not None
    assert change.messages == {done.value}
    # Ids only: nothing of the subject or the text.
    assert "Hej" not in rows[-1].payload
    assert "Text" not in rows[-1].payload


def test_a_refused_or_read_only_call_publishes_nothing(demo_db: Database) -> None:
    actor = actor_for(demo_db, "samordnare")
    before = len(log_rows(demo_db))
    refused = SendMessage(recipient_ids=(999_999,), subject="Hej", body="Text")
    done = runner.call(demo_db, actor, inbox.send_message, refused)
    assert isinstance(done.refused, DomainError)
    runner.call(demo_db, actor, lambda _s, _a, _c: None, None, write=False)
    assert len(log_rows(demo_db)) == before


def test_the_change_log_keeps_a_bounded_window(
    sqlite_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(live, "KEEP_ROWS", 5)
    monkeypatch.setattr(live, "PRUNE_EVERY", 4)
    publish_burst(sqlite_db, 11)
    # Row 8 pruned up to 3; rows 9-11 added since.
    assert [row.id for row in log_rows(sqlite_db)] == list(range(4, 12))
    publish_burst(sqlite_db, 1)
    assert [row.id for row in log_rows(sqlite_db)] == list(range(8, 13))


class Recorder:
    """A FeedSink for a feed run in a thread, without Qt."""

    def __init__(self) -> None:
        self.received: list[ChangeSet] = []
        self.states: list[str] = []

    def changes(self, changes: list[ChangeSet]) -> None:
        self.received.extend(changes)

    def connected(self, *, again: bool) -> None:
        self.states.append("again" if again else "connected")

    def disconnected(self) -> None:
        self.states.append("disconnected")


def run_feed(feed: live.Feed, sink: Recorder) -> tuple[threading.Event, threading.Thread]:
    stop = threading.Event()
    thread = threading.Thread(target=feed.run, args=(stop, sink), daemon=True)
    thread.start()
    return stop, thread


def test_the_sqlite_feed_reads_others_changes_and_skips_its_own(sqlite_db: Database) -> None:
    other = Database(str(sqlite_db.url))
    feed = live.SqliteFeed(Path(str(sqlite_db.url.database)), sqlite_db.client_id, 0.02)
    sink = Recorder()
    stop, thread = run_feed(feed, sink)
    try:
        wait_outside_qt(lambda: sink.states == ["connected"])
        publish_burst(sqlite_db, 3)  # its own
        publish_burst(other, 2)
        wait_outside_qt(lambda: len(sink.received) == 2)
        assert {change.messages for change in sink.received} == {
            frozenset({10_000_000}),
            frozenset({10_000_001}),
        }
    finally:
        stop.set()
        pauses.join(thread, 5)
        other.dispose()


def test_a_sqlite_feed_too_far_behind_refreshes_everything(
    sqlite_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an interruption the rows it missed were pruned: it cannot catch up row by row."""
    monkeypatch.setattr(live, "KEEP_ROWS", 3)
    monkeypatch.setattr(live, "PRUNE_EVERY", 1)
    other = Database(str(sqlite_db.url))
    publish_burst(other, 2)
    feed = live.SqliteFeed(Path(str(sqlite_db.url.database)), sqlite_db.client_id, 0.02)
    feed.last_id = 1
    publish_burst(other, 5)
    sink = Recorder()
    stop, thread = run_feed(feed, sink)
    try:
        wait_outside_qt(lambda: bool(sink.received))
        assert sink.received == [ChangeSet.everything()]
    finally:
        stop.set()
        pauses.join(thread, 5)
        other.dispose()


@pytest.mark.postgres
def test_postgres_notifies_at_commit_only(postgres_db: Database) -> None:
    conninfo = live.postgres_conninfo(postgres_db.url)
    with psycopg.connect(conninfo, autocommit=True) as listener:
        listener.execute(f"LISTEN {live.CHANNEL}")
        with postgres_db.transaction() as session:
            live.publish(session, A_CHANGE, "rolled-back")
            session.rollback()
        with postgres_db.transaction() as session:
            live.publish(session, A_CHANGE, "committed")
        got = [n.payload for n in listener.notifies(timeout=5, stop_after=1)]
    assert [live.decode(p) for p in got] == [("committed", A_CHANGE)]
    with postgres_db.read() as session:
        assert session.scalar(select(func.count()).select_from(ChangeLogEntry)) == 0


@pytest.mark.postgres
def test_the_postgres_feed_hands_a_change_on_without_waiting_out_its_wait(
    postgres_db: Database,
) -> None:
    """The listener returns with the first notification, not at the end of its wait: with
    a wait of a minute, another workstation's change still arrives within seconds."""
    other = Database(str(postgres_db.url.render_as_string(hide_password=False)))
    feed = live.PostgresFeed(
        live.postgres_conninfo(postgres_db.url), postgres_db.client_id, wait_seconds=60.0
    )
    sink = Recorder()
    stop, thread = run_feed(feed, sink)
    try:
        wait_outside_qt(lambda: sink.states == ["connected"])
        publish_burst(other, 1)
        wait_outside_qt(lambda: bool(sink.received), timeout_s=10.0)
        assert [change.messages for change in sink.received] == [frozenset({10_000_000})]
    finally:
        stop.set()
        publish_burst(other, 1)  # wakes the worker, which then sees the stop
        pauses.join(thread, 10)
        other.dispose()
    assert not thread.is_alive()


def test_the_listener_may_go_past_a_pooler_directly_to_the_server(tmp_path: Path) -> None:
    """Queries through PgBouncer in transaction pooling, LISTEN on a session of its own."""
    from treserva_desktop.settings import Settings

    settings = Settings(
        database_url="postgresql+psycopg://treserva_app@pgbouncer:6432/treserva",
        live_database_url="postgresql+psycopg://treserva_app@dbserver:5432/treserva",
        database_passfile=tmp_path / "pgpass.conf",
    )
    database = Database(settings.resolved_database_url())
    try:
        feed = live.feed_for(database, settings.resolved_live_url())
        assert isinstance(feed, live.PostgresFeed)
        assert feed.conninfo.startswith("postgresql://treserva_app@dbserver:5432/treserva?")
        assert "passfile=" in feed.conninfo
        default = live.feed_for(database)
        assert isinstance(default, live.PostgresFeed)
        assert "@pgbouncer:6432/" in default.conninfo
    finally:
        database.dispose()
    assert Settings().resolved_live_url() is None


def test_the_users_own_lists_are_not_published(sqlite_db: Database) -> None:
    """Mina personer, Ej aktuella and view settings are the acting user's alone."""
    private = ChangeSet.of({ChangeKind.MY_PERSONS, ChangeKind.NOT_CURRENT})
    mixed = ChangeSet.of({ChangeKind.MY_PERSONS, ChangeKind.PERSONS}, Touched(persons={5}))
    with sqlite_db.transaction() as session:
        live.publish(session, private, "c")
        live.publish(session, ChangeSet.of({ChangeKind.VIEW_SETTINGS}), "c")
        live.publish(session, mixed, "c")
    [row] = log_rows(sqlite_db)
    assert live.decode(row.payload) == (
        "c",
        ChangeSet.of({ChangeKind.PERSONS}, Touched(persons={5})),
    )
