"""The idle lock: after the configured time without input every window is covered and the lock
screen asks for the logged-in user's password (same lockout rules); Logga ut ends the session
instead of handing it over. Locking, unlocking and the logout are audited."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel
from sqlalchemy import select
from tests.helpers import actor_for
from tests.helpers.modal import ModalScript, later

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent
from treserva_desktop.domain.account_rules import MAX_FAILED_LOGINS
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.settings import Settings
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.lock_dialog import LockChoice, LockDialog
from treserva_desktop.ui.idle_lock import LOCKED_TITLE, Curtain
from treserva_desktop.ui.main_window import MainWindow

# 0.6 s: long enough for the window to come up, short enough for a test.
IDLE_MINUTES = 0.01


@pytest.fixture
def short_settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", idle_lock_minutes=IDLE_MINUTES)


@pytest.fixture
def window(qtbot, qapp, demo_db: Database, short_settings: Settings) -> Iterator[MainWindow]:
    ctx = AppContext.create(demo_db, short_settings, actor_for(demo_db, "samordnare"))
    main = MainWindow(ctx, remember_geometry=False)
    assert main.idle_lock is not None
    main.idle_lock.stop()  # each test starts the idle time when it is ready for the lock
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.idle_lock.stop()


def account_events(database: Database, user_id: int) -> list[tuple[AuditAction, dict]]:
    with database.read() as session:
        rows = session.execute(
            select(AuditEvent.action, AuditEvent.details)
            .where(AuditEvent.entity_type == "user", AuditEvent.entity_id == user_id)
            .order_by(AuditEvent.id)
        ).all()
    return [(action, dict(details)) for action, details in rows]


def type_password(qtbot, dialog: LockDialog, password: str) -> None:
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, password)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)


def test_idle_time_locks_covers_every_window_and_only_the_right_password_unlocks(
    qtbot, window: MainWindow, demo_db: Database
) -> None:
    title = window.windowTitle()
    seen: dict[str, object] = {}

    def wrong_then_right(dialog: LockDialog) -> None:
        seen["covered"] = [c.isVisible() for c in window.findChildren(Curtain)]
        seen["title"] = window.windowTitle()
        seen["info"] = dialog.findChild(QLabel, "lock_info").text()
        type_password(qtbot, dialog, "fel")
        seen["wrong"] = dialog.error.text()
        # Esc and closing the window do not unlock.
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        dialog.close()
        seen["still"] = dialog.isVisible()
        dialog.password.clear()
        qtbot.keyClicks(dialog.password, "demo")
        later(lambda: qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton))

    lock = window.idle_lock
    assert lock is not None
    script = ModalScript(timeout_s=20).on(LockDialog, wrong_then_right).start()
    lock.start()
    # Nobody touches anything: the lock comes by itself.
    qtbot.waitUntil(lambda: not script.steps and not lock.locked, timeout=20_000)
    lock.stop()  # or it locks again 0.6 s later
    script.check()
    assert seen["covered"] == [True]
    assert seen["title"] == LOCKED_TITLE
    assert "Sara Nyberg (Samordnare)" in str(seen["info"])
    assert seen["wrong"] == "Fel lösenord."
    assert seen["still"] is True
    assert window.windowTitle() == title
    qtbot.waitUntil(lambda: not window.findChildren(Curtain))
    assert window.isVisible()
    actions = [a for a, _ in account_events(demo_db, window.ctx.actor.user_id)]
    assert actions == [
        AuditAction.SESSION_LOCKED,
        AuditAction.LOGIN_FAILED,
        AuditAction.SESSION_UNLOCKED,
    ]


class SteppedIdleTime:
    """The idle lock's elapsed-time clock, advanced by the test: a busy or paused machine
    cannot then make the lock fire between two key presses (it opened the modal lock screen
    and hung the run)."""

    def __init__(self) -> None:
        self.ms = 0

    def restart(self) -> None:
        self.ms = 0

    def elapsed(self) -> int:
        return self.ms


def test_input_keeps_the_session_unlocked(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock = window.idle_lock
    assert lock is not None
    idle = SteppedIdleTime()
    monkeypatch.setattr(lock, "_idle", idle)
    asked: list[str] = []
    monkeypatch.setattr(
        LockDialog,
        "ask",
        classmethod(
            lambda _cls, _parent, user_text, *_args: asked.append(user_text) or LockChoice.UNLOCKED
        ),
    )
    lock.start()
    # Twice the idle time passes in all, but never half of it without a key press.
    for _ in range(4):
        idle.ms += lock.idle_ms // 2
        qtbot.keyClick(window.tree, Qt.Key.Key_Down)
        lock._check_idle()
        assert not lock.locked
    assert QApplication.activeModalWidget() is None
    assert asked == []
    # The same wait without a key press locks.
    idle.ms += lock.idle_ms
    lock._check_idle()
    assert asked == ["Sara Nyberg (Samordnare)"]


def test_the_lock_screen_locks_the_account_after_five_wrong_passwords(
    qtbot, window: MainWindow, demo_db: Database
) -> None:
    seen: list[str] = []

    def guess(dialog: LockDialog) -> None:
        for n in range(MAX_FAILED_LOGINS + 1):
            type_password(qtbot, dialog, f"fel{n}")
            seen.append(dialog.error.text())
        type_password(qtbot, dialog, "demo")
        seen.append(dialog.error.text())
        later(lambda: qtbot.mouseClick(dialog.logout_button, Qt.MouseButton.LeftButton))

    script = ModalScript(timeout_s=20).on(LockDialog, guess).start()
    with qtbot.waitSignal(window.closed, timeout=20_000):
        window.idle_lock.start()  # type: ignore[union-attr]
    script.check()
    assert seen[:4] == ["Fel lösenord."] * 4
    assert all(text.startswith("Kontot är låst till kl.") for text in seen[4:])


def test_logga_ut_on_the_lock_screen_ends_the_session_and_closes_open_dialogs(
    qtbot, window: MainWindow, demo_db: Database
) -> None:
    """Someone else at the workstation: they log out, the session is not handed over, and a
    dialog the user left open is closed without its question."""
    other = QDialog(window)
    other.setWindowTitle("Personuppgifter – Namn Namnsson")
    other.show()
    seen: dict[str, object] = {}

    def log_out(dialog: LockDialog) -> None:
        seen["other title"] = other.windowTitle()
        direct = Qt.FindChildOption.FindDirectChildrenOnly
        seen["curtains"] = [
            len(window.findChildren(Curtain, options=direct)),
            len(other.findChildren(Curtain, options=direct)),
        ]
        later(lambda: qtbot.mouseClick(dialog.logout_button, Qt.MouseButton.LeftButton))

    script = ModalScript(timeout_s=20).on(LockDialog, log_out).start()
    with qtbot.waitSignal(window.closed, timeout=20_000):
        window.idle_lock.start()  # type: ignore[union-attr]
    script.check()
    assert seen == {"other title": LOCKED_TITLE, "curtains": [1, 1]}
    assert window.logout_requested
    assert not other.isVisible()
    events = account_events(demo_db, window.ctx.actor.user_id)
    assert events[-2:] == [
        (AuditAction.SESSION_LOCKED, {}),
        (AuditAction.LOGOUT, {"ending": "from_lock"}),
    ]
