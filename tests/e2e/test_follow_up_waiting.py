"""Uppföljning › Väntande uppdrag…: a group manager opens the list from the menu bar, filters
it, exports it (the database holds the audit), and double-clicks a row: the dialog closes and
the assignment is selected under Nya uppdrag › person in the tree."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select
from tests.e2e.driver import E2EDriver

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent
from treserva_desktop.domain.enums import AuditAction, Folder, Permission
from treserva_desktop.ui import messages
from treserva_desktop.ui.actions import ActionId, MenuId
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.waiting_assignments_dialog import WaitingAssignmentsDialog
from treserva_desktop.ui.tree.nodes import NodeKind


def exports(database: Database) -> list[AuditEvent]:
    with database.read() as session:
        return list(
            session.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT))
        )


def test_group_manager_lists_exports_and_shows_a_waiting_assignment(
    qtbot,
    driver: E2EDriver,
    demo_db: Database,
    make_ctx: Callable[[str], AppContext],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ctx = make_ctx("gruppchef")
    window = driver.open_window(ctx)
    titles = driver.menu_bar_titles()
    assert titles == ["&Arkiv", "&Visa", "&Genväg", "&Uppföljning", "&Hjälp"]
    menu = driver.menu_bar_menu("Uppföljning")
    assert menu is window.window_actions.menus[MenuId.FOLLOW_UP]
    # Saknar korttidsplats… (housing, issue 13) follows it for every manager.
    action, *_rest = [a for a in menu.actions() if not a.isSeparator()]
    assert action.text() == "Väntande uppdrag…"
    assert action is window.window_actions.actions[ActionId.WAITING_ASSIGNMENTS]
    assert action.isEnabled()

    target = tmp_path / "uppfoljning.csv"
    monkeypatch.setattr(messages, "ask_save_path", lambda *_a, **_kw: target)
    seen: dict[str, object] = {}
    scope = ctx.actor.units_with(Permission.VIEW_NEW_ASSIGNMENTS)

    def export_then_show(dialog: WaitingAssignmentsDialog) -> None:
        rows = dialog.visible_rows()
        assert rows
        assert {r.unit_id for r in rows} <= scope
        waits = [r.waited_working_days for r in rows]
        assert waits == sorted(waits, reverse=True)
        assert dialog.summary.text().startswith(f"{len(rows)} uppdrag väntar")
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(dialog.export_status.isVisible)  # written in the background
        seen["exported"] = [r.assignment_id for r in rows]
        chosen = rows[-1]
        seen["chosen"] = chosen
        rect = dialog.table.visualRect(dialog.model.index(len(rows) - 1, 1))
        qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    script = driver.modals().on(WaitingAssignmentsDialog, export_then_show).start()
    assert driver.choose_from_menu_bar("Uppföljning", "Väntande uppdrag…") is action
    script.check()

    # The file and the audit trail.
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 1 + len(seen["exported"])  # type: ignore[arg-type]
    assert [e.entity_id for e in exports(demo_db)] == seen["exported"]

    # The tree: Nya uppdrag › person › the assignment, expanded and selected.
    chosen = seen["chosen"]
    node = window.tree.current_node()
    assert node is not None
    assert node.kind is NodeKind.ASSIGNMENT
    assert node.assignment_id == chosen.assignment_id  # type: ignore[attr-defined]
    person = node.parent
    assert person is not None
    assert person.kind is NodeKind.PERSON
    assert person.person_id == chosen.person_id  # type: ignore[attr-defined]
    assert person.parent is window.model.folder_node(Folder.NEW_ASSIGNMENTS)
    assert window.tree.isExpanded(window.model.index_for(person))
    assert window.tree.isExpanded(window.model.index_for(person.parent))
    qtbot.waitUntil(lambda: window.panes.currentWidget() is window.assignment_pane)


def test_an_assignment_accepted_meanwhile_is_reported_not_selected(
    driver: E2EDriver, make_ctx: Callable[[str], AppContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    window = driver.open_window(make_ctx("gruppchef"))
    before = window.tree.current_node()
    assert window.reveal_assignment(10**9) is False
    assert window.tree.current_node() is before

    shown: list[str] = []
    monkeypatch.setattr(messages, "info", lambda _parent, text, **_kw: shown.append(text))
    monkeypatch.setattr(WaitingAssignmentsDialog, "ask", classmethod(lambda *_a, **_kw: 10**9))
    action = driver.choose_from_menu_bar("Uppföljning", "Väntande uppdrag…")
    assert action is window.window_actions.actions[ActionId.WAITING_ASSIGNMENTS]
    assert len(shown) == 1
    assert "väntar inte längre" in shown[0]


def test_roles_without_nya_uppdrag_have_no_follow_up_menu(
    driver: E2EDriver, make_ctx: Callable[[str], AppContext]
) -> None:
    for username in ("personal", "handlaggare"):
        window = driver.open_window(make_ctx(username))
        assert "&Uppföljning" not in driver.menu_bar_titles()
        assert ActionId.WAITING_ASSIGNMENTS not in window.window_actions.actions
        assert window.reveal_assignment(1) is False
