"""The Sammanställning – Genomförandeplan and Ej verkställda beslut dialogs on their own:
labelled fields with Alt shortcuts, the command they build, a refusal shown at the dialog,
a preset compiled at once, and the quarters offered."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from treserva_desktop.domain.commands.plan_compilation import CompilePlans
from treserva_desktop.domain.enums import BusinessArea
from treserva_desktop.domain.plan_compilation_rules import CompiledStatus
from treserva_desktop.domain.unexecuted_rules import Quarter
from treserva_desktop.domain.views.plan_compilation import (
    PlanCompilation,
    PlanCompilationRow,
    PlanUnitChoice,
)
from treserva_desktop.ui.dialogs.plan_compilation_dialog import PlanCompilationDialog, summary_text
from treserva_desktop.ui.dialogs.unexecuted_decisions_dialog import UnexecutedDecisionsDialog

TODAY = date(2026, 6, 15)
UNITS = [
    PlanUnitChoice(3, "Lindgården", BusinessArea.NURSING_HOME.value),
    PlanUnitChoice(2, "Norr grupp 1", BusinessArea.HOME_CARE.value),
]


def test_fields_command_and_refusal(qtbot) -> None:
    asked: list[CompilePlans] = []

    def refuse(_dialog, command, done) -> None:  # type: ignore[no-untyped-def]
        asked.append(command)
        done(None, "Periodens slutdatum är före startdatumet.")

    dialog = PlanCompilationDialog(TODAY, UNITS, compile_plans=refuse, export=lambda *_a: None)
    qtbot.addWidget(dialog)
    buddies = {
        label.text(): label.buddy() for label in dialog.findChildren(QLabel) if label.buddy()
    }
    assert buddies["&Verksamhet:"] is dialog.area
    assert buddies["E&nhet:"] is dialog.unit
    assert buddies["&Period från:"] is dialog.period_start
    assert buddies["&till"] is dialog.period_end
    assert [dialog.area.itemText(i) for i in range(dialog.area.count())] == [
        "Alla verksamheter",
        "Hemtjänst",
        "Vårdboende/säbo",
    ]
    dialog.area.setCurrentIndex(1)
    assert [dialog.unit.itemText(i) for i in range(dialog.unit.count())] == [
        "Alla mina enheter",
        "Norr grupp 1",
    ]
    dialog.unit.setCurrentIndex(1)
    dialog.only_attention.setChecked(True)
    qtbot.mouseClick(dialog.compile_button, Qt.MouseButton.LeftButton)
    assert asked == [
        CompilePlans(
            business_area=BusinessArea.HOME_CARE,
            unit_id=2,
            period_start=date(2026, 6, 1),
            period_end=TODAY,
            only_attention=True,
        )
    ]
    assert not dialog.error.isHidden()
    assert dialog.error.text() == "Periodens slutdatum är före startdatumet."
    assert not dialog.export_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_preset_is_compiled_at_once(qtbot) -> None:
    preset = CompilePlans(
        unit_id=3, period_start=TODAY, period_end=TODAY, only_attention=True, show_ended=True
    )
    asked: list[CompilePlans] = []

    def deliver(_dialog, command, done) -> None:  # type: ignore[no-untyped-def]
        asked.append(command)
        done(PlanCompilation(TODAY, TODAY, TODAY, "Lindgården", ()), "")

    dialog = PlanCompilationDialog(
        TODAY, UNITS, compile_plans=deliver, export=lambda *_a: None, preset=preset
    )
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.compilation is not None)
    assert asked == [preset]
    assert dialog.summary.text() == "Lindgården: ingen person att visa för perioden."


def test_the_quarters_offered(qtbot) -> None:
    loads: list[Quarter] = []

    def load(_dialog, quarter, done) -> None:  # type: ignore[no-untyped-def]
        loads.append(quarter)
        done(None, "")

    dialog = UnexecutedDecisionsDialog(TODAY, load=load, export=lambda *_a: None)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: bool(loads))
    assert loads == [Quarter(date(2026, 4, 1))]
    assert dialog.quarter.itemText(0) == "2026 kvartal 2 (hittills)"
    assert dialog.quarter.itemText(1) == "2026 kvartal 1"
    assert dialog.quarter.count() == 9


def test_the_summary_counts_in_swedish_singular_and_plural() -> None:
    def row(person_id: int, status: CompiledStatus) -> PlanCompilationRow:
        return PlanCompilationRow(
            person_id=person_id,
            person_name="Öberg, Märta",
            identity_display="19380412-1014",
            identity_number="193804121014",
            unit_id=2,
            unit_name="Lindgården",
            first_start=TODAY,
            short_term=False,
            plan_id=None,
            established_on=None,
            last_follow_up_on=None,
            next_follow_up_on=None,
            ended_on=None,
            due_on=TODAY,
            in_time=None,
            status=status,
            responsible="",
        )

    statuses = [CompiledStatus.OVERDUE] * 3 + [CompiledStatus.ESTABLISHED, CompiledStatus.MISSING]
    rows = tuple(row(i, status) for i, status in enumerate(statuses))
    text = summary_text(PlanCompilation(TODAY, TODAY, TODAY, "Lindgården", rows))
    assert text == "Lindgården: 5 personer – 1 saknas, 1 upprättad, 3 försenade"
