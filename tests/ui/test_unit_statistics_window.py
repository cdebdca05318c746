"""The Statistik window on its own: labels and shortcuts, the organisation tree per
Verksamhet, the period checked by the service's own rule before anything runs, the sections as
tabs with chart and table (Totalt in bold), the exports, a failed load, and the chart widget's
scale and hover texts."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, QPointF, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel

from treserva_desktop.domain.chart_axis import nice_step
from treserva_desktop.domain.commands.unit_statistics import ShowUnitStatistics
from treserva_desktop.domain.enums import BusinessArea, OrgUnitKind
from treserva_desktop.domain.statistics_rules import Month
from treserva_desktop.domain.unit_statistics_rules import (
    intervention_section,
    months_of,
    short_term_section,
)
from treserva_desktop.domain.views.authority import ReceiverUnit
from treserva_desktop.domain.views.unit_statistics import (
    Chart,
    InterventionFigures,
    InterventionMonth,
    Series,
    ShortTermFigures,
    UnitStatistics,
)
from treserva_desktop.ui.dialogs.unit_statistics_window import UnitStatisticsWindow
from treserva_desktop.ui.widgets.statistics_chart import EMPTY_TEXT, StatisticsChart
from treserva_desktop.ui.widgets.unit_picker import NBSP, chosen_text

TODAY = date(2027, 1, 12)
TYPES = (("personal_care", "Personlig omvårdnad"), ("safety_alarm", "Trygghetslarm"))


def tree(area: BusinessArea | None) -> list[ReceiverUnit]:
    home = area in (None, BusinessArea.HOME_CARE)
    return [
        ReceiverUnit(1, "Kommunen", OrgUnitKind.MUNICIPALITY, None, None, False),
        ReceiverUnit(2, "ÄO Hemtjänst", OrgUnitKind.BRANCH, BusinessArea.HOME_CARE, 1, home),
        ReceiverUnit(3, "Hemtjänst Norr", OrgUnitKind.UNIT, BusinessArea.HOME_CARE, 2, home),
        ReceiverUnit(
            4, "Korttidsboendet Eken", OrgUnitKind.UNIT, BusinessArea.SHORT_TERM, 1, False
        ),
    ]


def result_for(command: ShowUnitStatistics) -> UnitStatistics:
    assert command.first_month is not None
    assert command.last_month is not None
    months = months_of(command.first_month, command.last_month, TODAY)
    figures = [
        InterventionMonth(
            m.first,
            tuple(
                InterventionFigures(
                    3, "Hemtjänst Norr", m.first, code, name, 10 + i + n, 2, 1, Decimal("41.5")
                )
                for n, (code, name) in enumerate(TYPES)
            ),
            10 + i,
        )
        for i, m in enumerate(months)
    ]
    places = [ShortTermFigures(4, "Korttidsboendet Eken", m.first, 4, 90, 120) for m in months]
    return UnitStatistics(
        business_area=command.business_area,
        unit_id=command.unit_id,
        unit_name="Hemtjänst Norr",
        include_sub_units=command.include_sub_units,
        first_month=months[0].first,
        last_month=months[-1].first,
        unit_count=1,
        sections=(intervention_section(figures, months), short_term_section(places, months)),
    )


def window_with(qtbot, load: Callable[..., None], exports: list[str]) -> UnitStatisticsWindow:
    asked_areas: list[BusinessArea | None] = []

    def units(area: BusinessArea | None) -> Sequence[ReceiverUnit]:
        asked_areas.append(area)
        return tree(area)

    window = UnitStatisticsWindow(
        TODAY,
        units=units,
        load=load,
        export_csv=lambda _p, s, done: (exports.append("csv"), done("CSV klar")),
        export_pdf=lambda _p, s, done: (exports.append("pdf"), done("PDF klar")),
        home_unit=3,
    )
    window.asked_areas = asked_areas  # type: ignore[attr-defined]
    qtbot.addWidget(window)
    window.show()
    return window


def test_choices_result_and_exports(qtbot, tmp_path) -> None:
    commands: list[ShowUnitStatistics] = []
    exports: list[str] = []

    def load(_parent: object, command: ShowUnitStatistics, done: Callable[..., None]) -> None:
        commands.append(command)
        done(result_for(command))

    window = window_with(qtbot, load, exports)
    labels = {label.text(): label.buddy() for label in window.findChildren(QLabel)}
    assert labels["V&erksamhet:"] is window.area
    assert labels["E&nhet:"] is window.picker.view
    assert labels["&Från månad:"] is window.first_month
    assert labels["&Till månad:"] is window.last_month
    assert window.sub_units.text() == "Inklusive &underenheter"
    assert window.sub_units.isChecked()
    assert (window.csv_button.text(), window.pdf_button.text()) == (
        "Exportera &CSV…",
        "Exportera &PDF…",
    )
    assert not window.csv_button.isEnabled()
    # The six months up to the previous one; no month after the current one can be chosen.
    assert window.first_month.date().toPython() == date(2026, 7, 1)
    assert window.last_month.date().toPython() == date(2026, 12, 1)
    assert window.last_month.maximumDate().toPython() == date(2027, 1, 1)
    assert window.picker.selected_unit() is not None
    assert window.picker.chosen.text() == chosen_text(
        "Vald enhet", "Kommunen › ÄO Hemtjänst › Hemtjänst Norr"
    )

    window.area.setCurrentIndex(window.area.findText("Hemtjänst"))
    assert window.asked_areas[-1] is BusinessArea.HOME_CARE  # type: ignore[attr-defined]
    qtbot.mouseClick(window.show_button, Qt.MouseButton.LeftButton)
    assert commands == [
        ShowUnitStatistics(
            business_area=BusinessArea.HOME_CARE,
            unit_id=3,
            include_sub_units=True,
            first_month=date(2026, 7, 1),
            last_month=date(2026, 12, 1),
        )
    ]
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Insatser",
        "Korttidsplatser",
    ]
    assert window.summary.text() == (
        "Hemtjänst · Hemtjänst Norr med underenheter (1 enhet) · juli 2026 – december 2026"
    )
    section = window.section_view("interventions")
    model = section.model
    assert model.rowCount() == 6 * 3  # two types and Totalt per month
    assert model.data(model.index(0, 3)) == "10"
    assert model.data(model.index(0, 6)) == "41,5"
    total = model.index(2, 1)
    assert model.data(total) == "Totalt"
    font = model.data(total, Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont)
    assert font.bold()
    assert section.chart.chart is not None
    assert section.chart.chart.categories[0] == "jul 2026"
    window.resize(1024, 700)  # a small laptop screen
    qtbot.wait(10)
    picture = os.environ.get("STATISTICS_SCREENSHOT")
    if picture:  # to look at the window: STATISTICS_SCREENSHOT=/tmp/w.png pytest this test
        window.grab().save(picture)

    qtbot.mouseClick(window.csv_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.pdf_button, Qt.MouseButton.LeftButton)
    assert exports == ["csv", "pdf"]
    assert window.export_status.text() == "PDF klar"
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_bad_periods_and_no_unit_are_refused_before_anything_runs(qtbot) -> None:
    commands: list[ShowUnitStatistics] = []
    window = window_with(qtbot, lambda _p, command, done: commands.append(command), [])
    window.first_month.setDate(QDate(2026, 12, 1))
    window.last_month.setDate(QDate(2026, 10, 1))
    qtbot.mouseClick(window.show_button, Qt.MouseButton.LeftButton)
    assert window.error.text() == "Till månad kan inte vara före Från månad. Välj om perioden."
    window.first_month.setDate(QDate(2024, 1, 1))
    window.last_month.setDate(QDate(2026, 12, 1))
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert "högst 24 månader" in window.error.text()
    window.first_month.setDate(QDate(2026, 12, 1))
    window.picker.view.clearSelection()
    qtbot.mouseClick(window.show_button, Qt.MouseButton.LeftButton)
    assert window.error.text() == "Välj en enhet i organisationsträdet."
    assert commands == []
    window.picker.select_unit(3)
    qtbot.mouseClick(window.show_button, Qt.MouseButton.LeftButton)
    assert len(commands) == 1
    assert window.error.isHidden()
    assert window.loading  # until the load answers
    assert not window.show_button.isEnabled()


def test_a_failed_load_leaves_nothing_to_export(qtbot) -> None:
    window = window_with(qtbot, lambda _p, _c, done: done(None), [])
    qtbot.mouseClick(window.show_button, Qt.MouseButton.LeftButton)
    assert window.statistics is None
    assert window.tabs.count() == 0
    assert not window.csv_button.isEnabled()
    assert not window.pdf_button.isEnabled()
    assert window.show_button.isEnabled()


def test_the_chart_scale_words_and_hover(qtbot) -> None:
    # Round whole steps, 1, 2 or 5 × 10^n: counts never read 0,5 or 2,5 on the axis.
    assert [nice_step(value) for value in (0, 2, 4, 9, 12, 37, 100, 480, 12_000)] == [
        1,
        1,
        1,
        2,
        5,
        10,
        20,
        100,
        5000,
    ]
    chart = StatisticsChart()
    qtbot.addWidget(chart)
    chart.resize(600, 320)
    chart.show()
    assert chart.accessibleDescription() == EMPTY_TEXT
    chart.set_chart(
        Chart(
            title="Personer",
            value_label="Personer",
            categories=("nov 2026", "dec 2026"),
            series=(Series("Personlig omvårdnad", (3.0, 4.0)), Series("Trygghetslarm", (1.0, 0.0))),
        )
    )
    assert chart.top_value() == 4.0
    assert chart.axis_values() == [0, 1, 2, 3, 4]
    assert chart.accessibleDescription() == (
        "Personer. nov 2026: Personlig omvårdnad 3, Trygghetslarm 1. "
        "dec 2026: Personlig omvårdnad 4, Trygghetslarm 0."
    )
    chart.grab()  # paints and records where the bars are
    texts = {bar.text for bar in chart._bars}
    assert "nov 2026 · Trygghetslarm: 1" in texts
    assert "nov 2026: totalt 4" in texts
    bar = next(b for b in chart._bars if b.text == "dec 2026 · Personlig omvårdnad: 4")
    assert chart.bar_text_at(bar.rect.center()) == bar.text
    assert chart.bar_text_at(QPointF(1, 1)) is None
    assert Month(date(2026, 11, 1)).label == "2026-11"


@pytest.mark.parametrize(
    ("values", "axis"),
    [
        ((2.0, 1.0), [0, 1, 2]),  # was 0; 0,5; 1; 1,5; 2
        ((12.0, 7.0), [0, 5, 10, 15]),  # was 0; 2,5; 5; 7,5 …
        ((37.0, 0.0), [0, 10, 20, 30, 40]),
    ],
)
def test_the_value_axis_counts_in_whole_round_steps(
    qtbot, values: tuple[float, ...], axis: list[int]
) -> None:
    chart = StatisticsChart()
    qtbot.addWidget(chart)
    chart.set_chart(
        Chart(
            title="Avvikelser",
            value_label="Antal",
            categories=("nov 2026", "dec 2026"),
            series=(Series("Antal", values),),
            stacked=False,
        )
    )
    assert chart.axis_values() == axis
    chart.grab()  # paints with these lines


def test_vald_enhet_wraps_between_units_never_inside_a_name(qtbot) -> None:
    """ "Vald enhet: Kommunen › ÄO Hemtjänst ›" / "Hemtjänst Norr" wrapped mid-line in the
    narrow left column: the caption now has a line of its own and the path wraps only
    between units, so no unit's name is split."""
    window = window_with(qtbot, lambda *_a: None, [])
    qtbot.waitExposed(window)
    label = window.picker.chosen
    caption, path = label.text().split("\n")
    assert caption == "Vald enhet:"
    assert path.replace(NBSP, " ") == "Kommunen › ÄO Hemtjänst › Hemtjänst Norr"
    assert all(" " not in name for name in path.split(" › "))
    # Two lines at the dialog's size: the caption, and the whole path.
    lines = round(label.heightForWidth(label.width()) / label.fontMetrics().lineSpacing())
    assert lines == 2
    assert chosen_text("Vald enhet", "Kommunen") == "Vald enhet:\nKommunen"
