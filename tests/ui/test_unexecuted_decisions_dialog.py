"""Ej verkställda beslut's list fits a 1366×768 screen: the ten columns side by side with
no horizontal scroll bar, the long texts elided (their tool tips hold them), dates and
numbers whole, and every column can still be dragged wider."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHeaderView

from treserva_desktop.domain.unexecuted_rules import Reason
from treserva_desktop.domain.views.unexecuted import UnexecutedDecisions, UnexecutedRow
from treserva_desktop.ui.dialogs.unexecuted_decisions_dialog import (
    COLUMNS,
    LONG_TEXT_COLUMNS,
    SIZE,
    UnexecutedDecisionsDialog,
)
from treserva_desktop.ui.widgets.common import LONG_TEXT_CAP, LONG_TEXT_MIN

TODAY = date(2026, 12, 2)
LONG_NAME = "Abrahamsson-Bergqvist, Ann-Charlotte Margareta"
LONG_TYPE = "Hemtjänst – service och personlig omvårdnad"
LONG_UNIT = "Hemtjänst Söder grupp 2 (kväll och helg)"


def row(number: int) -> UnexecutedRow:
    interrupted = number % 2 == 0
    return UnexecutedRow(
        person_id=number,
        person_name=LONG_NAME if number == 1 else "Öberg, Märta",
        identity_display="19360309-4127",
        intervention_id=number,
        assignment_id=number,
        type_name=LONG_TYPE if number == 1 else "Trygghetslarm",
        unit_id=number,
        unit_name=LONG_UNIT if number == 1 else "Lindgården",
        decided_on=date(2026, 7, 1),
        days_since_decision=154,
        reason=Reason.INTERRUPTED if interrupted else Reason.NOT_EXECUTED,
        overdue_from=date(2026, 10, 2),
        resolved_on=date(2026, 11, 5) if interrupted else None,
        interrupted_from=date(2026, 8, 1) if interrupted else None,
    )


def open_dialog(qtbot, rows: int, size: QSize) -> UnexecutedDecisionsDialog:  # type: ignore[no-untyped-def]
    def load(_parent, quarter, done) -> None:  # type: ignore[no-untyped-def]
        done(UnexecutedDecisions(quarter, TODAY, tuple(row(n) for n in range(rows))), "")

    dialog = UnexecutedDecisionsDialog(TODAY, load=load, export=lambda *_a: None)
    qtbot.addWidget(dialog)
    # The size the dialog takes on a 1366×768 screen (the test screen is smaller).
    dialog.resize(size)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == rows)
    return dialog


def test_the_columns_fit_the_dialog_on_a_small_screen(qtbot) -> None:
    assert SIZE.boundedTo(QSize(1366, 768) * 0.95) == SIZE
    dialog = open_dialog(qtbot, 40, SIZE)
    table, header = dialog.table, dialog.table.horizontalHeader()
    assert table.objectName() == "unexecuted_decisions"
    assert [header.model().headerData(c, Qt.Orientation.Horizontal) for c in range(10)] == [
        column.title for column in COLUMNS
    ]
    assert header.length() <= table.viewport().width()
    assert not table.horizontalScrollBar().isVisible()
    for column in range(header.count()):
        assert header.sectionResizeMode(column) is QHeaderView.ResizeMode.Interactive
        if column in LONG_TEXT_COLUMNS:
            assert header.sectionSize(column) >= LONG_TEXT_MIN
        else:
            # Dates, numbers and their headings are never cut.
            assert header.sectionSize(column) >= table.sizeHintForColumn(column), column
    assert header.stretchLastSection()
    # The long name is elided, the tool tip holds it whole.
    name = dialog.model.index(1, 0)
    assert header.sectionSize(0) < table.fontMetrics().horizontalAdvance(LONG_NAME)
    assert dialog.model.data(name, Qt.ItemDataRole.ToolTipRole) == LONG_NAME


def test_short_texts_keep_their_width(qtbot) -> None:
    """Where there is room (a wider dialog), no long column is cut below its contents and
    the last one takes what is left."""
    dialog = open_dialog(qtbot, 3, QSize(2000, 600))
    table, header = dialog.table, dialog.table.horizontalHeader()
    assert header.length() <= table.viewport().width()
    for column in range(header.count()):
        wanted = table.sizeHintForColumn(column)
        if column in LONG_TEXT_COLUMNS:
            wanted = min(wanted, LONG_TEXT_CAP)  # longer than the cap: elided
        assert header.sectionSize(column) >= wanted, column
    assert header.length() == table.viewport().width()
