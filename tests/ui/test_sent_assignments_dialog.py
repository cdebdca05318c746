"""Skickade uppdrag… fits a 1366×768 screen: no column beyond the right edge, Skickat and
Fördelade rader whole, Uppdrag taking the room left and the long texts elided (their tool
tips hold them)."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHeaderView
from tests.helpers.columns import assert_fits

from treserva_desktop.domain.enums import AssignmentStatus, ExecutionStatus
from treserva_desktop.domain.views.sent_assignments import SentAssignmentRow
from treserva_desktop.ui.dialogs.sent_assignments_dialog import (
    STRETCH_COLUMN,
    SentAssignmentsDialog,
)

TODAY = date(2026, 12, 3)
ON_A_SMALL_SCREEN = QSize(1366, 768) * 0.95


def row(number: int) -> SentAssignmentRow:
    return SentAssignmentRow(
        assignment_id=number,
        person_id=number,
        person_name="Abrahamsson-Bergqvist, Ann-Charlotte",
        identity_display="19451009-0790",
        protected_identity=False,
        title="Uppdrag 2026-12-01: Personlig omvårdnad, Service, Trygghetslarm, Matdistribution",
        receiver_unit_name="Hemtjänst Söder grupp 2 (kväll och helg)",
        sent_at=datetime(2026, 12, 1, 9, 10),
        status=AssignmentStatus.ACCEPTED,
        read_at=datetime(2026, 12, 1, 10, 0),
        read_by="Anders Holmgren",
        accepted_at=datetime(2026, 12, 2, 8, 0),
        accepted_by="Anders Holmgren",
        stopped_reason="",
        rows_by_status=((ExecutionStatus.SENT_TO_EXECUTION, 2), (ExecutionStatus.ACKNOWLEDGED, 1)),
    )


def test_the_columns_fit_the_dialog_on_a_small_screen(qtbot) -> None:
    rows = [row(n) for n in range(3)]
    dialog = SentAssignmentsDialog(TODAY, lambda *_a: rows, lambda *_a: None)
    qtbot.addWidget(dialog)
    # The size the dialog takes on a 1366×768 screen (the test screen is smaller).
    dialog.resize(QSize(1400, 560).boundedTo(ON_A_SMALL_SCREEN))
    dialog.reload()
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    assert table.horizontalHeader().sectionResizeMode(STRETCH_COLUMN) is (
        QHeaderView.ResizeMode.Stretch
    )
    assert_fits(table, whole=(0, 6))
    title = dialog.model.index(0, STRETCH_COLUMN)
    assert dialog.model.data(title, Qt.ItemDataRole.ToolTipRole) == rows[0].title
