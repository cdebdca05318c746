"""W17 Sammanställning – Genomförandeplan through the main window: the gruppchef opens
Uppföljning › Uppföljning och administration › Sammanställningar › Genomförandeplan… by its
visible texts, is refused a reversed period in Swedish (nothing written), compiles one unit,
sorts by Status, exports the CSV (UTF-8 with BOM, one EXPORT per person) and opens a person
in the tree with Enter."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select
from tests.e2e.driver import E2EDriver

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, OrgUnit
from treserva_desktop.db.queries.plan_compilation import plan_compilation
from treserva_desktop.documents.plan_compilation_csv import CSV_HEADER
from treserva_desktop.domain.commands.plan_compilation import CompilePlans
from treserva_desktop.domain.enums import AuditAction, BusinessArea
from treserva_desktop.domain.plan_compilation_rules import REVERSED_PERIOD
from treserva_desktop.ui import messages
from treserva_desktop.ui.actions import ActionId
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.plan_compilation_dialog import PlanCompilationDialog

PATH = ("Uppföljning och administration", "Sammanställningar", "Genomförandeplan…")
UNIT = "Norr grupp 1"


def audit_count(database: Database) -> int:
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def test_group_manager_compiles_sorts_exports_and_opens_a_person(
    qtbot,
    driver: E2EDriver,
    demo_db: Database,
    make_ctx: Callable[[str], AppContext],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ctx = make_ctx("gruppchef")
    window = driver.open_window(ctx)
    today = ctx.clock.today()
    target = tmp_path / "genomforandeplaner"
    monkeypatch.setattr(messages, "ask_save_path", lambda *_a, **_kw: target)
    with demo_db.read() as session:
        unit_id = session.scalars(select(OrgUnit.id).where(OrgUnit.name == UNIT)).one()
    seen: dict[str, object] = {}

    def compile_and_export(dialog: PlanCompilationDialog) -> None:
        assert dialog.windowTitle() == "Sammanställning – Genomförandeplan"
        assert dialog.unit.currentText() == "Alla mina enheter"
        dialog.area.setCurrentIndex(dialog.area.findText(BusinessArea.HOME_CARE.label))
        dialog.unit.setCurrentIndex(dialog.unit.findText(UNIT))
        # A reversed period: the Swedish message at the dialog, nothing read or written.
        before = audit_count(demo_db)
        dialog.period_start.set_value(today)
        dialog.period_end.set_value(today - timedelta(days=1))
        qtbot.mouseClick(dialog.compile_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.loading)
        seen["error"] = dialog.error.text()
        seen["error_shown"] = not dialog.error.isHidden()
        seen["audit_unchanged"] = audit_count(demo_db) == before
        assert dialog.compilation is None
        # The month so far (Enter sammanställer too).
        dialog.period_start.set_value(today.replace(day=1))
        dialog.period_end.set_value(today)
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.compilation is not None)
        shown = dialog.compilation
        assert shown is not None
        assert dialog.error.isHidden()
        seen["shown"] = shown
        assert dialog.model.rowCount() == len(shown.rows) > 0
        assert dialog.summary.text().startswith(f"{UNIT}: {len(shown.rows)} person")
        # Sorted by Status with a header click.
        status_column = [c.title for c in dialog.model.columns].index("Status")
        dialog.table.horizontalHeader().sectionClicked.emit(status_column)
        dialog.table.sortByColumn(status_column, Qt.SortOrder.AscendingOrder)
        statuses = [dialog.model.rows[i].status.label for i in range(dialog.model.rowCount())]
        assert statuses == sorted(statuses)
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(dialog.export_status.isVisible)
        # Enter on the first row: the dialog closes and the person is shown in the tree.
        dialog.table.setFocus()
        dialog.table.setCurrentIndex(dialog.model.index(0, 0))
        seen["opened"] = dialog.model.rows[0].person_id
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)

    script = driver.modals().on(PlanCompilationDialog, compile_and_export).start()
    action = driver.choose_from_menu_path("Uppföljning", *PATH)
    assert action is window.window_actions.actions[ActionId.PLAN_COMPILATION]
    script.check()

    assert seen["error"] == REVERSED_PERIOD
    assert seen["error_shown"]
    assert seen["audit_unchanged"]
    node = window.current_node()
    assert node is not None
    assert node.person_id == seen["opened"]

    shown = seen["shown"]
    command = CompilePlans(
        business_area=BusinessArea.HOME_CARE,
        unit_id=unit_id,
        period_start=today.replace(day=1),
        period_end=today,
    )
    with demo_db.transaction() as session:
        again = plan_compilation(session, ctx.actor, command)
        exports = session.scalars(
            select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT)
        ).all()
    assert sorted(again.rows, key=lambda r: r.person_id) == sorted(
        shown.rows,  # type: ignore[attr-defined]
        key=lambda r: r.person_id,
    )
    assert {row.unit_id for row in again.rows} == {unit_id}
    written = target.with_suffix(".csv")
    assert written.read_bytes().startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(written.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert tuple(lines[0]) == CSV_HEADER
    assert len(lines) - 1 == len(again.rows)
    assert {line[1] for line in lines[1:]} == {row.identity_display for row in again.rows}
    assert sorted(e.person_id or 0 for e in exports) == sorted(r.person_id for r in again.rows)
    assert all(e.details == {"view": "plan_compilation"} for e in exports)


def test_care_staff_have_no_compilation(
    driver: E2EDriver, make_ctx: Callable[[str], AppContext]
) -> None:
    window = driver.open_window(make_ctx("personal"))
    assert ActionId.PLAN_COMPILATION not in window.window_actions.actions
