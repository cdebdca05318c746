"""A busy database (issue 9b, "No lost updates"): when another connection holds a lock past the
busy timeout the action is rolled back whole, the user reads "Databasen är upptagen just nu"
with Försök igen / Avbryt, and Försök igen runs the action again and it goes through."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from tests.helpers import actor_for
from tests.helpers.assignment_world import World, build_world, counts
from tests.helpers.distribution import Answers, home_care_view, intervention
from tests.helpers.postgres import scratch_postgres_url

from treserva_desktop.db.database import Database, is_busy
from treserva_desktop.db.models import AppSetting, Execution
from treserva_desktop.domain.changes import ChangeSet
from treserva_desktop.domain.rules import Actor
from treserva_desktop.services import distribution
from treserva_desktop.settings import Settings
from treserva_desktop.ui import messages, runner
from treserva_desktop.ui.background import run_in_background
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.register_execution_dialog import RegisterExecutionDialog

# Short, so a test waits a fraction of a second for the lock instead of the real 5 s.
TEST_BUSY_MS = 200


class Dialogs:
    """messages.ask_retry and messages.error as the user answers them."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, on_ask: Callable[[], bool]) -> None:
        self.questions: list[str] = []
        self.errors: list[str] = []
        self._on_ask = on_ask

        def ask_retry(_parent: object, text: str, **_kw: object) -> bool:
            self.questions.append(text)
            return self._on_ask()

        monkeypatch.setattr(messages, "ask_retry", ask_retry)
        monkeypatch.setattr(messages, "error", lambda _p, text, **_kw: self.errors.append(text))


@contextmanager
def sqlite_writer_lock(database: Database) -> Iterator[sqlite3.Connection]:
    """Another connection (a second workstation's window) holding SQLite's write lock."""
    path = database.url.database
    assert path
    blocker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        yield blocker
    finally:
        if blocker.in_transaction:
            blocker.execute("ROLLBACK")
        blocker.close()


@pytest.fixture
def world(sqlite_db: Database) -> Iterator[World]:
    """The assignment world in a file of its own, opened with a short busy timeout."""
    built = build_world(sqlite_db)
    built.db = Database(str(sqlite_db.url), busy_timeout_ms=TEST_BUSY_MS)
    yield built
    built.db.dispose()


def context(world: World, settings: Settings, username: str) -> AppContext:
    return AppContext.create(world.db, settings, world.actor(username))


def collect(ctx: AppContext) -> list[ChangeSet]:
    seen: list[ChangeSet] = []
    ctx.events.data_changed.connect(seen.append)
    return seen


def executions(world: World) -> int:
    return counts(world.db)["Execution"]


# --- SQLite -------------------------------------------------------------------------------


def test_sqlite_lock_is_recognised_as_busy(world: World) -> None:
    with (
        sqlite_writer_lock(world.db),
        pytest.raises(OperationalError) as caught,
        world.db.transaction() as session,
    ):
        session.add(AppSetting(key="busy", value="x"))
    assert is_busy(caught.value)
    # Other database errors are not "busy": they are bugs, with an incident id.
    with pytest.raises(OperationalError) as other, world.db.transaction() as session:
        session.execute(text("SELECT * FROM no_such_table"))
    assert not is_busy(other.value)
    assert not is_busy(ValueError("database is locked"))


def test_sqlite_busy_distribution_is_retried_and_goes_through(
    qapp: object, world: World, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = world.send_billable()
    command = world.distribute_command(sent)
    ctx = context(world, settings, "gruppchef")
    seen = collect(ctx)
    before = counts(world.db)
    with sqlite_writer_lock(world.db) as blocker:

        def release_then_retry() -> bool:
            # Nothing of the first try is there, while the other window still holds the lock.
            blocker.execute("ROLLBACK")
            assert counts(world.db) == before
            return True

        dialogs = Dialogs(monkeypatch, release_then_retry)
        done = runner.attempt(ctx, None, distribution.distribute_intervention, command)
    assert dialogs.questions == [runner.BUSY_WRITE]
    assert dialogs.questions[0].startswith("Databasen är upptagen just nu")
    assert dialogs.errors == []
    assert done.ok
    assert done.value is not None
    after = counts(world.db)
    assert after["Execution"] == before["Execution"] + 1
    assert after["AuditEvent"] == before["AuditEvent"] + 2  # the row and the acceptance
    assert len(seen) == 1  # one commit, one change event
    with world.db.read() as session:
        row = session.get(Execution, done.value.execution_id)
        assert row is not None
        assert row.unit_id == world.units["Norr grupp 1"]


def test_sqlite_busy_then_avbryt_saves_nothing_and_says_nothing_more(
    qapp: object, world: World, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = world.send_billable()
    command = world.distribute_command(sent)
    ctx = context(world, settings, "gruppchef")
    seen = collect(ctx)
    before = counts(world.db)
    version = world.version(sent.assignment_id)
    asked: list[int] = []

    def try_twice_then_cancel() -> bool:
        asked.append(1)
        return len(asked) < 2

    dialogs = Dialogs(monkeypatch, try_twice_then_cancel)
    with sqlite_writer_lock(world.db):
        done = runner.attempt(ctx, None, distribution.distribute_intervention, command)
    assert dialogs.questions == [runner.BUSY_WRITE, runner.BUSY_WRITE]
    assert dialogs.errors == []
    assert done.busy
    assert not done.ok
    assert not done.failed
    assert counts(world.db) == before
    assert world.version(sent.assignment_id) == version
    assert seen == []
    # Later, with the lock gone, the same command goes through: the dialog kept its input.
    assert runner.attempt(ctx, None, distribution.distribute_intervention, command).ok
    assert executions(world) == before["Execution"] + 1


def test_a_busy_read_says_so_inline(
    qapp: object, world: World, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read that audits (it writes) while another window holds the lock."""
    ctx = context(world, settings, "gruppchef")

    def audited_read(session: Session, actor: Actor) -> int:
        session.add(AppSetting(key=f"read by {actor.user_id}", value="x"))
        session.flush()
        return 1

    with sqlite_writer_lock(world.db):
        fetched = runner.fetch(ctx, audited_read)
    assert fetched.error == runner.BUSY_READ
    assert runner.fetch(ctx, audited_read).value == 1


def test_a_busy_background_write_reports_busy(
    qtbot, world: World, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = context(world, settings, "gruppchef")
    failures: list[str] = []

    def work(session: Session, _actor: Actor, _progress: object) -> str:
        session.add(AppSetting(key="background", value="x"))
        session.flush()
        return "done"

    with sqlite_writer_lock(world.db):
        run_in_background(
            ctx, None, work, label="Sparar", on_success=failures.append,
            on_failure=failures.append, write=True,
        )  # fmt: skip
        qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert failures == [runner.BUSY_WRITE]


# --- PostgreSQL ---------------------------------------------------------------------------


@pytest.fixture
def pg_world() -> Iterator[World]:
    with scratch_postgres_url(migrated=True) as url:
        owner = Database(url)
        world = build_world(owner)
        owner.dispose()
        world.db = Database(url, busy_timeout_ms=TEST_BUSY_MS)
        try:
            yield world
        finally:
            world.db.dispose()


@pytest.mark.postgres
def test_postgresql_lock_timeout_is_busy_and_retry_works(
    qapp: object, pg_world: World, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another workstation holds the assignment row (FOR UPDATE) past lock_timeout: the
    distribution's UPDATE gives up with lock_not_available after its INSERT may already have
    run; the whole transaction is rolled back, and Försök igen then succeeds."""
    world = pg_world
    sent = world.send_billable()
    command = world.distribute_command(sent)
    ctx = context(world, settings, "gruppchef")
    before = counts(world.db)
    other = create_engine(world.db.url)
    try:
        with other.connect() as blocker:
            transaction = blocker.begin()
            blocker.execute(
                text("SELECT id FROM assignments WHERE id = :id FOR UPDATE"),
                {"id": sent.assignment_id},
            )

            def release_then_retry() -> bool:
                assert counts(world.db) == before
                transaction.rollback()
                return True

            dialogs = Dialogs(monkeypatch, release_then_retry)
            done = runner.attempt(ctx, None, distribution.distribute_intervention, command)
    finally:
        other.dispose()
    assert dialogs.questions == [runner.BUSY_WRITE]
    assert dialogs.errors == []
    assert done.ok
    assert counts(world.db)["Execution"] == before["Execution"] + 1


@pytest.mark.postgres
def test_postgresql_serialization_failure_is_busy(pg_world: World) -> None:
    engine = create_engine(pg_world.db.url, isolation_level="SERIALIZABLE")
    try:
        with engine.connect() as first, engine.connect() as second:
            first.execute(text("SELECT count(*) FROM app_settings"))
            second.execute(text("SELECT count(*) FROM app_settings"))
            first.execute(text("INSERT INTO app_settings (key, value) VALUES ('a', 'x')"))
            second.execute(text("INSERT INTO app_settings (key, value) VALUES ('b', 'x')"))
            first.commit()
            with pytest.raises(OperationalError) as caught:
                second.commit()
    finally:
        engine.dispose()
    assert is_busy(caught.value)


# --- the real Registrera dialog -----------------------------------------------------------


def test_registrera_stays_open_after_avbryt_and_saves_on_ok_later(
    qtbot, demo_db: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The user answers Avbryt to "Databasen är upptagen": the dialog keeps what they chose,
    nothing is saved; with the lock gone, OK again saves the row."""
    database = Database(str(demo_db.url), busy_timeout_ms=TEST_BUSY_MS)
    try:
        ctx = AppContext.create(database, settings, actor_for(database, "verksamhetschef"))
        view = home_care_view(ctx)
        item = intervention(view, timed=True)
        Answers(monkeypatch, *([True] * 4))
        retries: list[str] = []

        def avbryt(_parent: object, text: str, **_kw: object) -> bool:
            retries.append(text)
            return False

        monkeypatch.setattr(messages, "ask_retry", avbryt)
        dialog = RegisterExecutionDialog(
            view,
            item,
            expected_version=view.version,
            submit=runner.submitter(ctx, distribution.distribute_intervention),
        )
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        if dialog.unit.currentIndex() < 0:
            dialog.unit.setCurrentIndex(dialog.unit.findData(dialog.unit_ids()[0]))
        chosen = dialog.unit.currentData()
        rows_before = len(item.rows)
        with sqlite_writer_lock(database):
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert retries == [runner.BUSY_WRITE]
        assert dialog.isVisible()
        assert dialog.command is None
        assert dialog.unit.currentData() == chosen
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()
        assert dialog.submitted is not None
        assert dialog.submitted.outcome.ok
        after = home_care_rows(ctx, view.assignment_id, item.intervention_id)
        assert after == rows_before + 1
    finally:
        database.dispose()


def home_care_rows(ctx: AppContext, assignment_id: int, intervention_id: int) -> int:
    with ctx.database.read() as session:
        return len(
            session.scalars(
                select(Execution).where(
                    Execution.assignment_id == assignment_id,
                    Execution.intervention_id == intervention_id,
                )
            ).all()
        )
