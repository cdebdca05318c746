"""A lost connection (issue 16): the status bar says "Frånkopplad – försöker igen", the client
reconnects by itself and refreshes what it shows; an action tried meanwhile gets a clear
Swedish message and nothing is lost (the dialog stays open with what was typed)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session
from tests.helpers.live import TIMEOUT_MS, send_assignment
from tests.helpers.windows import open_main_window

from treserva_desktop.db.database import Database
from treserva_desktop.db.live import PostgresFeed, SqliteFeed
from treserva_desktop.domain.commands.inbox import SendMessage
from treserva_desktop.domain.enums import Folder
from treserva_desktop.services import inbox
from treserva_desktop.ui import messages, runner
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.live_updates import LiveUpdates
from treserva_desktop.ui.live_window import DISCONNECTED_TEXT, RECONNECTED_TEXT, LiveWindow


def select_one(session: Session, _actor: object) -> object:
    return session.execute(text("SELECT 1")).scalar()


@pytest.mark.postgres
def test_a_terminated_listener_is_reported_and_recovered(
    qtbot, pg_demo_db: Database, ctx_on: Callable[..., AppContext]
) -> None:
    other = Database(pg_demo_db.url.render_as_string(hide_password=False))
    try:
        window = open_main_window(qtbot, ctx_on(pg_demo_db, "samordnare"))
        window.start_live_updates()
        live = window.live
        assert live is not None
        feed = live.updates.feed
        assert isinstance(feed, PostgresFeed)
        qtbot.waitUntil(lambda: feed.backend_pid is not None, timeout=TIMEOUT_MS)
        pid = feed.backend_pid
        before = live.updates.flushed

        with other.transaction() as session:
            assert session.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

        qtbot.waitUntil(lambda: not live.label.isHidden(), timeout=TIMEOUT_MS)
        assert live.label.text() == DISCONNECTED_TEXT == "Frånkopplad – försöker igen"
        assert live.disconnected
        # Back after the first backoff (1 s), on a new backend, with everything shown
        # refreshed once (notifications sent meanwhile are gone).
        qtbot.waitUntil(lambda: live.label.isHidden(), timeout=TIMEOUT_MS)
        qtbot.waitUntil(lambda: live.updates.flushed == before + 1, timeout=TIMEOUT_MS)
        assert feed.backend_pid not in (None, pid)
        assert window.statusBar().currentMessage() == RECONNECTED_TEXT

        count = window.model.folder_node(Folder.NEW_ASSIGNMENTS).count or 0
        send_assignment(other, "Hemtjänst Norr", 5)
        qtbot.waitUntil(
            lambda: window.model.folder_node(Folder.NEW_ASSIGNMENTS).count == count + 1,
            timeout=TIMEOUT_MS,
        )
    finally:
        other.dispose()


def test_a_database_file_that_is_gone_is_reported_and_recovered(
    qtbot, demo_db: Database, ctx_on: Callable[..., AppContext]
) -> None:
    """SQLite on a file share that goes away: the feed cannot open the file (never makes a
    new one), says so, and connects again once the file is back."""
    path = Path(str(demo_db.url.database))
    window = open_main_window(qtbot, ctx_on(demo_db, "samordnare"))
    share = path.parent / "share"
    share.mkdir()
    away = share / path.name
    live = LiveWindow(window, LiveUpdates(SqliteFeed(away, demo_db.client_id), window))
    window.live = live
    live.updates.start()

    qtbot.waitUntil(lambda: not live.label.isHidden(), timeout=TIMEOUT_MS)
    assert live.label.text() == DISCONNECTED_TEXT
    assert not away.exists()

    with demo_db.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(path, away)

    qtbot.waitUntil(lambda: live.label.isHidden(), timeout=TIMEOUT_MS)
    assert window.statusBar().currentMessage() == RECONNECTED_TEXT


def test_an_action_while_disconnected_says_so_and_keeps_the_input(
    qtbot, ctx_on: Callable[..., AppContext], demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PostgreSQL server cannot be reached: the action is not saved, the user is told in
    Swedish (Försök igen / Avbryt), and a read says the same inline."""
    ctx = ctx_on(demo_db, "samordnare")
    unreachable = Database("postgresql+psycopg://treserva_app@127.0.0.1:1/treserva")
    gone = AppContext.create(unreachable, ctx.settings, ctx.actor, events=ctx.events)
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(
        messages, "ask_retry", lambda _p, text, **kw: asked.append((text, kw["title"])) or False
    )
    monkeypatch.setattr(messages, "error", lambda *_a, **_k: pytest.fail("no generic error"))
    emitted: list[object] = []
    ctx.events.data_changed.connect(emitted.append)
    command = SendMessage(recipient_ids=(ctx.actor.user_id,), subject="Hej", body="Text")

    done = runner.attempt(gone, None, inbox.send_message, command)

    assert done.busy
    assert done.disconnected
    assert not done.ok
    assert asked == [(runner.DISCONNECTED_WRITE, runner.DISCONNECTED_TITLE)]
    assert "Inga ändringar har sparats" in runner.DISCONNECTED_WRITE
    assert "det du har skrivit finns kvar" in runner.DISCONNECTED_WRITE
    assert emitted == []
    fetched = runner.fetch(gone, select_one)
    assert fetched.error == runner.DISCONNECTED_READ
    unreachable.dispose()


def test_a_sqlite_file_that_cannot_be_opened_counts_as_disconnected(
    tmp_path: Path, ctx_on: Callable[..., AppContext], demo_db: Database
) -> None:
    ctx = ctx_on(demo_db, "samordnare")
    missing = Database(f"sqlite:///{tmp_path / 'no-such-share' / 'treserva.sqlite3'}")
    gone = AppContext.create(missing, ctx.settings, ctx.actor, events=ctx.events)
    fetched = runner.fetch(gone, select_one)
    assert fetched.error == runner.DISCONNECTED_READ
    missing.dispose()
