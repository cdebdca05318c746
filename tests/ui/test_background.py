"""Background operations: the worker has its own session, the GUI thread keeps processing
events, and the outcome (success, refusal, failure, Avbryt) arrives on the GUI thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from shiboken6 import isValid
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from treserva_desktop.db.models import AppSetting
from treserva_desktop.domain.changes import ChangeKind, ChangeSet, changes
from treserva_desktop.domain.errors import Conflict
from treserva_desktop.domain.rules import Actor
from treserva_desktop.ui import messages, runner
from treserva_desktop.ui.background import Progress, run_in_background
from treserva_desktop.ui.context import AppContext

# A worker blocked on an Event must never hang the suite when an assertion fails first.
RELEASE_TIMEOUT = 20


@pytest.fixture
def ctx(make_ctx: Callable[[str], AppContext]) -> AppContext:
    return make_ctx("verksamhetschef")


@pytest.fixture
def parent(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    texts: list[str] = []
    monkeypatch.setattr(messages, "error", lambda _parent, text, **_kw: texts.append(text))
    return texts


def setting(ctx: AppContext, key: str) -> str | None:
    with ctx.database.read() as session:
        return session.scalar(select(AppSetting.value).where(AppSetting.key == key))


class Outcome:
    """Records which callback ran, with what, and on which thread."""

    def __init__(self) -> None:
        self.values: list[object] = []
        self.failures: list[str] = []
        self.cancelled = 0
        self.threads: list[threading.Thread] = []

    def success(self, value: object) -> None:
        self.threads.append(threading.current_thread())
        self.values.append(value)

    def failure(self, text: str) -> None:
        self.threads.append(threading.current_thread())
        self.failures.append(text)

    def cancel(self) -> None:
        self.threads.append(threading.current_thread())
        self.cancelled += 1

    @property
    def done(self) -> bool:
        return bool(self.values or self.failures or self.cancelled)


def test_the_window_stays_responsive_while_the_worker_runs(
    qtbot, ctx: AppContext, parent: QWidget
) -> None:
    release = threading.Event()
    started = threading.Event()
    worker: list[int] = []

    def work(session: Session, actor: Actor, _progress: Progress) -> int:
        worker.append(threading.get_ident())
        started.set()
        assert release.wait(RELEASE_TIMEOUT)
        # Its own session, usable in the worker thread.
        assert session.scalar(select(func.count()).select_from(AppSetting)) is not None
        return actor.user_id

    outcome = Outcome()
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    try:
        op = run_in_background(
            ctx, parent, work, label="Arbetar med testet…", on_success=outcome.success
        )
        assert started.wait(RELEASE_TIMEOUT)
        # The GUI thread goes on processing events while the worker is blocked.
        qtbot.waitUntil(lambda: len(ticks) >= 5)
        # After a moment the progress dialog appears (no Avbryt: not cancellable).
        qtbot.waitUntil(lambda: op.dialog_shown)
        assert op.dialog.labelText() == "Arbetar med testet…"
        assert not outcome.done
    finally:
        release.set()
        timer.stop()
    qtbot.waitUntil(lambda: outcome.done)
    assert outcome.values == [ctx.actor.user_id]
    assert outcome.threads == [threading.main_thread()]
    assert worker
    assert worker[0] != threading.main_thread().ident
    qtbot.waitUntil(lambda: not op.dialog_shown)


def test_avbryt_rolls_back_and_reports_cancelled(
    qtbot, ctx: AppContext, parent: QWidget, shown: list[str]
) -> None:
    started = threading.Event()

    def work(session: Session, _actor: Actor, progress: Progress) -> str:
        session.add(AppSetting(key="background_test", value="written"))
        session.flush()
        started.set()
        # Long work checks for Avbryt as it goes.
        progress.wait_for_cancel(RELEASE_TIMEOUT)
        progress.check()
        return "not reached"

    outcome = Outcome()
    op = run_in_background(
        ctx,
        parent,
        work,
        label="Exporterar…",
        cancellable=True,
        write=True,
        on_success=outcome.success,
        on_failure=outcome.failure,
        on_cancelled=outcome.cancel,
    )
    assert started.wait(RELEASE_TIMEOUT)
    qtbot.waitUntil(lambda: op.dialog_shown)
    [avbryt] = [b for b in op.dialog.findChildren(QPushButton) if b.text() == "Avbryt"]
    qtbot.mouseClick(avbryt, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: outcome.done)
    assert outcome.cancelled == 1
    assert outcome.values == []
    assert outcome.failures == []
    assert outcome.threads == [threading.main_thread()]
    assert shown == []
    assert setting(ctx, "background_test") is None


def test_a_refusal_is_shown_verbatim_and_rolled_back(
    qtbot, ctx: AppContext, parent: QWidget, shown: list[str]
) -> None:
    done = threading.Event()

    def work(session: Session, _actor: Actor, _progress: Progress) -> None:
        session.add(AppSetting(key="background_test", value="written"))
        session.flush()
        done.set()
        raise Conflict("Uppdraget har ändrats av någon annan.")

    op = run_in_background(
        ctx, parent, work, label="Arbetar…", write=True, on_success=lambda _v: None
    )
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == ["Uppdraget har ändrats av någon annan."]
    assert done.is_set()
    assert setting(ctx, "background_test") is None
    assert op.finished


def test_an_unexpected_error_is_logged_with_ids_only_and_shown_generically(
    qtbot, ctx: AppContext, parent: QWidget, caplog: pytest.LogCaptureFixture
) -> None:
    personal_data = "Andersson, Karin 19380412-1234"

    def work(_session: Session, _actor: Actor, _progress: Progress) -> None:
        raise RuntimeError(personal_data)

    outcome = Outcome()
    with caplog.at_level(logging.INFO):
        run_in_background(
            ctx,
            parent,
            work,
            label="Arbetar…",
            on_success=outcome.success,
            on_failure=outcome.failure,
        )
        qtbot.waitUntil(lambda: outcome.done)
    assert len(outcome.failures) == 1
    assert outcome.failures[0].startswith(runner.GENERIC_READ_ERROR)
    assert outcome.threads == [threading.main_thread()]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    incident = outcome.failures[0].rsplit("Incident-id: ", 1)[1][:9]
    assert f"incident {incident}" in logged
    assert "RuntimeError" in logged
    assert "19380412" not in logged
    assert "Andersson" not in logged


def test_a_declared_background_writer_emits_its_changes_after_commit(
    qtbot, ctx: AppContext, parent: QWidget
) -> None:
    seen: list[ChangeSet] = []
    ctx.events.data_changed.connect(seen.append)

    @changes(ChangeKind.MESSAGES)
    def work(session: Session, _actor: Actor, _progress: Progress) -> int:
        session.add(AppSetting(key="background_test", value="written"))
        return 7

    outcome = Outcome()
    run_in_background(ctx, parent, work, label="Arbetar…", write=True, on_success=outcome.success)
    qtbot.waitUntil(lambda: outcome.done)
    assert outcome.values == [7]
    assert seen == [ChangeSet(frozenset({ChangeKind.MESSAGES}))]
    assert setting(ctx, "background_test") == "written"


def test_nothing_is_delivered_to_a_window_that_has_closed(
    qtbot, ctx: AppContext, shown: list[str]
) -> None:
    release = threading.Event()
    window = QWidget()
    window.show()

    def work(_session: Session, _actor: Actor, _progress: Progress) -> int:
        assert release.wait(RELEASE_TIMEOUT)
        return 1

    outcome = Outcome()
    op = run_in_background(ctx, window, work, label="Arbetar…", on_success=outcome.success)
    window.deleteLater()
    qtbot.waitUntil(lambda: not isValid(window))
    release.set()
    qtbot.waitUntil(lambda: op.finished)
    QApplication.processEvents()
    assert not outcome.done
    assert shown == []
