"""Väntande uppdrag…: the list, the unit filter, Enter/double-click, and the audited CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from treserva_desktop.db.models import AuditEvent
from treserva_desktop.db.queries.follow_up import waiting_assignments
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.domain.views.follow_up import WaitingAssignment
from treserva_desktop.ui import messages
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.waiting_assignments_dialog import (
    ALL_UNITS,
    COLUMNS,
    CSV_HEADER,
    WaitingAssignmentsDialog,
    summary_text,
)
from treserva_desktop.ui.handlers.follow_up import export_waiting_assignments
from treserva_desktop.ui.runner import fetch
from treserva_desktop.ui.widgets.table_model import ALERT

STATUS = len(COLUMNS) - 1


@pytest.fixture
def ctx(make_ctx: Callable[[str], AppContext]) -> AppContext:
    return make_ctx("verksamhetschef")


@pytest.fixture
def rows(ctx: AppContext) -> list[WaitingAssignment]:
    found = fetch(ctx, waiting_assignments).value
    assert found
    return found


def make_dialog(qtbot, ctx: AppContext, rows: list[WaitingAssignment]) -> WaitingAssignmentsDialog:
    def export(parent, shown, unit_id, exported):  # type: ignore[no-untyped-def]
        export_waiting_assignments(ctx, parent, shown, unit_id, exported)

    dialog = WaitingAssignmentsDialog(
        rows, overdue_working_days=ctx.settings.overdue_working_days, export=export
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def cell(
    dialog: WaitingAssignmentsDialog,
    row: int,
    column: int,
    role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole,
) -> object:
    return dialog.model.data(dialog.model.index(row, column), role)


def test_summary_text() -> None:
    assert summary_text([]) == "Inga uppdrag väntar på att accepteras och fördelas."


def test_list_shows_every_row_longest_wait_first_with_overdue_in_red(
    qtbot, ctx: AppContext, rows: list[WaitingAssignment]
) -> None:
    dialog = make_dialog(qtbot, ctx, rows)
    overdue = sum(1 for r in rows if r.overdue)
    assert overdue
    assert dialog.summary.text() == f"{len(rows)} uppdrag väntar, varav {overdue} försenade"
    headers = [dialog.model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))]
    assert headers == [
        "Enhet",
        "Person",
        "Personnummer",
        "Uppdrag",
        "Mottaget",
        "Väntat",
        "Läst",
        "Status",
    ]
    assert dialog.model.rowCount() == len(rows)
    for index, row in enumerate(rows):
        status = cell(dialog, index, STATUS)
        assert status == ("Försenat" if row.overdue else "Väntar")
        color = cell(dialog, index, STATUS, Qt.ItemDataRole.ForegroundRole)
        assert (color == ALERT) is row.overdue
        assert cell(dialog, index, 6) == ("Ja" if row.read else "Nej")
        assert cell(dialog, index, 4) == f"{row.received_on:%Y-%m-%d}"
    # The first row is marked, so Enter shows it at once.
    assert dialog.selected() == rows[0]
    assert dialog.show_button.isEnabled()
    assert dialog.show_button.isDefault()


def test_unit_filter_narrows_the_list_and_the_summary(
    qtbot, ctx: AppContext, rows: list[WaitingAssignment]
) -> None:
    dialog = make_dialog(qtbot, ctx, rows)
    units = sorted({r.unit_name for r in rows}, key=str.casefold)
    assert [dialog.unit.itemText(i) for i in range(dialog.unit.count())] == [ALL_UNITS, *units]
    dialog.unit.setCurrentIndex(1)
    unit_id = dialog.unit.currentData()
    expected = [r for r in rows if r.unit_id == unit_id]
    assert dialog.visible_rows() == expected
    assert dialog.summary.text().startswith(f"{len(expected)} uppdrag väntar")
    dialog.unit.setCurrentIndex(0)
    assert dialog.visible_rows() == rows


def test_enter_on_a_row_closes_the_list_naming_the_assignment(
    qtbot, ctx: AppContext, rows: list[WaitingAssignment]
) -> None:
    dialog = make_dialog(qtbot, ctx, rows)
    dialog.table.setFocus()
    dialog.table.selectRow(1)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen == rows[1].assignment_id


def test_double_click_on_a_row_closes_the_list_naming_the_assignment(
    qtbot, ctx: AppContext, rows: list[WaitingAssignment]
) -> None:
    dialog = make_dialog(qtbot, ctx, rows)
    rect = dialog.table.visualRect(dialog.model.index(2, 1))
    # A real double-click starts with a press; the view only reports it for a pressed row.
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen == rows[2].assignment_id


def test_export_writes_the_shown_rows_as_excel_csv_and_audits_it(
    qtbot,
    ctx: AppContext,
    rows: list[WaitingAssignment],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []

    def save_path(_parent, suggested: str, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(suggested)
        assert kwargs["file_filter"].endswith("(*.csv)")
        return tmp_path / "väntande"  # no suffix: .csv is added

    monkeypatch.setattr(messages, "ask_save_path", save_path)
    dialog = make_dialog(qtbot, ctx, rows)
    dialog.unit.setCurrentIndex(1)
    shown = dialog.visible_rows()
    assert shown
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    # Written in the background; the status line says so when it is done.
    qtbot.waitUntil(lambda: dialog.export_status.isVisibleTo(dialog))

    path = tmp_path / "väntande.csv"
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == list(CSV_HEADER)
    assert [line[2] for line in lines[1:]] == [r.identity_display for r in shown]
    assert [line[3] for line in lines[1:]] == [r.title for r in shown]
    assert [line[5] for line in lines[1:]] == [str(r.waited_working_days) for r in shown]
    assert [line[7] for line in lines[1:]] == ["Försenat" if r.overdue else "Väntar" for r in shown]
    assert len(asked) == 1
    assert asked[0].startswith("Väntande uppdrag ")
    assert dialog.export_status.isVisibleTo(dialog)
    assert dialog.isVisible()

    with ctx.database.read() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT)
        ).all()
    assert [e.entity_id for e in events] == [r.assignment_id for r in shown]
    assert {e.details["filter_unit_id"] for e in events} == {dialog.unit.currentData()}
    assert all(e.user_id == ctx.actor.user_id for e in events)


def test_cancelled_export_writes_and_audits_nothing(
    qtbot,
    ctx: AppContext,
    rows: list[WaitingAssignment],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(messages, "ask_save_path", lambda *_a, **_kw: None)
    dialog = make_dialog(qtbot, ctx, rows)
    dialog.export()
    assert list(tmp_path.iterdir()) == []
    assert not dialog.export_status.isVisibleTo(dialog)
    with ctx.database.read() as session:
        assert not session.scalars(
            select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT)
        ).all()


def test_a_file_that_cannot_be_written_is_reported_and_leaves_no_audit(
    qtbot,
    ctx: AppContext,
    rows: list[WaitingAssignment],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    missing = tmp_path / "finns-inte" / "väntande.csv"
    monkeypatch.setattr(messages, "ask_save_path", lambda *_a, **_kw: missing)
    shown: list[str] = []
    monkeypatch.setattr(messages, "error", lambda _p, text, **_kw: shown.append(text))
    dialog = make_dialog(qtbot, ctx, rows)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown))
    assert shown[0].startswith("Filen kunde inte sparas: ")
    assert not dialog.export_status.isVisibleTo(dialog)
    assert dialog.isVisible()
    with ctx.database.read() as session:
        assert not session.scalars(
            select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT)
        ).all()
