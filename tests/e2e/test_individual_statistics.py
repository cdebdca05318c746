"""Uppföljning › Individstatistik…: a group manager opens the dialog from the menu bar (the
previous month is chosen), looks at another month and back, exports the month: the CSV holds
one line per person and intervention (more for several short-term stays) and the audit trail
one EXPORT per person, with ids only."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from sqlalchemy import select
from tests.e2e.driver import E2EDriver

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent
from treserva_desktop.db.queries.statistics import monthly_statistics
from treserva_desktop.documents.statistics_csv import CSV_HEADER
from treserva_desktop.domain.enums import AuditAction, Permission
from treserva_desktop.domain.statistics_rules import Month
from treserva_desktop.domain.views.statistics import MonthlyStatistics
from treserva_desktop.ui import messages
from treserva_desktop.ui.actions import ActionId
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.individual_statistics_dialog import IndividualStatisticsDialog


def test_group_manager_sees_the_summary_and_exports_the_month(
    qtbot,
    driver: E2EDriver,
    demo_db: Database,
    make_ctx: Callable[[str], AppContext],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ctx = make_ctx("gruppchef")
    window = driver.open_window(ctx)
    month = Month.of(ctx.clock.today()).previous
    target = tmp_path / "individstatistik"
    monkeypatch.setattr(messages, "ask_save_path", lambda *_a, **_kw: target)
    seen: dict[str, MonthlyStatistics] = {}

    def look_and_export(dialog: IndividualStatisticsDialog) -> None:
        assert dialog.chosen_month() == month
        qtbot.waitUntil(lambda: dialog.statistics is not None)  # read in the background
        shown = dialog.statistics
        assert shown is not None
        assert shown.rows, "the demo has executed rows in the previous month"
        assert dialog.model.rowCount() == len(shown.summary)
        assert dialog.summary.text().startswith(f"{month.label}: {len(shown.rows)} insats")
        # The current month, then back (Visa and Enter both show the chosen month).
        today = ctx.clock.today()
        dialog.month.setDate(QDate(today.year, today.month, 1))
        qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.statistics is not None)
        assert dialog.statistics is not None
        assert dialog.statistics.month == Month.of(today)
        dialog.month.setDate(QDate(month.first.year, month.first.month, 1))
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.statistics is not None)
        assert dialog.statistics is not None
        assert dialog.statistics.month == month
        seen["shown"] = dialog.statistics
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(dialog.export_status.isVisible)  # written in the background
        dialog.reject()

    script = driver.modals().on(IndividualStatisticsDialog, look_and_export).start()
    action = driver.choose_from_menu_bar("Uppföljning", "Individstatistik…")
    assert action is window.window_actions.actions[ActionId.INDIVIDUAL_STATISTICS]
    script.check()

    shown = seen["shown"]
    scope = ctx.actor.units_with(Permission.VIEW_STATISTICS)
    assert {row.unit_id for row in shown.rows} <= scope
    written = target.with_suffix(".csv")
    assert written.read_bytes().startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(written.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert tuple(lines[0]) == CSV_HEADER
    body = lines[1:]
    expected_lines = sum(max(1, len(row.stays)) for row in shown.rows)
    assert len(body) == expected_lines
    assert {line[0] for line in body} == {month.label}
    assert {line[1] for line in body} == {row.identity_number for row in shown.rows}
    assert {line[6] for line in body} == {"Egen regi"}
    with demo_db.read() as session:
        again = monthly_statistics(session, ctx.actor, month)
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT)
        ).all()
    assert again.rows == shown.rows
    assert sorted(e.person_id or 0 for e in events) == sorted({r.person_id for r in shown.rows})
    assert all(e.details == {"view": "individual_statistics"} for e in events)


def test_care_staff_have_no_individual_statistics(
    driver: E2EDriver, make_ctx: Callable[[str], AppContext]
) -> None:
    window = driver.open_window(make_ctx("personal"))
    assert ActionId.INDIVIDUAL_STATISTICS not in window.window_actions.actions
