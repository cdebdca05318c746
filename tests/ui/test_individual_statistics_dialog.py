"""The Individstatistik dialog on its own: the previous month chosen, no future month to pick,
the summary, labels and shortcuts, a failed load, and Escape closes it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from treserva_desktop.domain.statistics_rules import Month
from treserva_desktop.domain.views.statistics import MonthlyStatistics, SummaryLine
from treserva_desktop.ui.dialogs.individual_statistics_dialog import (
    IndividualStatisticsDialog,
    summary_text,
)

TODAY = date(2027, 1, 12)
LINE = SummaryLine("personal_care", "Personlig omvårdnad", running=3, started=1, ended=2, persons=4)


def statistics_of(month: Month, lines: tuple[SummaryLine, ...] = (LINE,)) -> MonthlyStatistics:
    return MonthlyStatistics(month=month, rows=(), summary=lines)


def test_previous_month_summary_labels_and_escape(qtbot) -> None:
    asked: list[Month] = []
    exported: list[Month] = []

    def load(
        _parent: object, month: Month, done: Callable[[MonthlyStatistics | None], None]
    ) -> None:
        asked.append(month)
        done(statistics_of(month))

    def export(_parent: object, month: Month, _done: Callable[[Path], None]) -> None:
        exported.append(month)

    dialog = IndividualStatisticsDialog(TODAY, load=load, export=export)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.statistics is not None)
    assert asked == [Month(date(2026, 12, 1))]
    assert dialog.month.maximumDate().toPython() == date(2027, 1, 1)
    assert dialog.model.rowCount() == 1
    assert dialog.model.data(dialog.model.index(0, 1)) == "3"
    labels = {label.text(): label.buddy() for label in dialog.findChildren(QLabel)}
    assert labels["&Månad:"] is dialog.month
    assert dialog.show_button.text() == "&Visa"
    assert dialog.export_button.text() == "&Exportera…"
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert exported == [Month(date(2026, 12, 1))]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_failed_load_leaves_nothing_to_export(qtbot) -> None:
    calls: list[Month] = []

    def load(
        _parent: object, _month: Month, done: Callable[[MonthlyStatistics | None], None]
    ) -> None:
        calls.append(_month)
        done(None)

    dialog = IndividualStatisticsDialog(TODAY, load=load, export=lambda *_a: None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: bool(calls))
    assert not dialog.loading
    assert dialog.statistics is None
    assert not dialog.export_button.isEnabled()
    assert dialog.show_button.isEnabled()


def test_summary_text() -> None:
    month = Month(date(2026, 11, 1))
    assert summary_text(statistics_of(month, ())) == (
        "Inga verkställda insatser under 2026-11 vid dina enheter."
    )
