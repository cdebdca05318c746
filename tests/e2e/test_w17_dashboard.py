"""The manager dashboard on Mitt skrivbord through the main window: the verksamhetschef sees
the count tiles when Mitt skrivbord is selected; Nya uppdrag's tile goes to the folder, the
plans tile opens the compilation of today's persons with the overdue ones it counted, the
Saknar korttidsplats tile opens that list."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from tests.e2e.driver import E2EDriver

from treserva_desktop.domain.enums import Folder
from treserva_desktop.domain.plan_compilation_rules import CompiledStatus
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.missing_places_dialog import MissingPlacesDialog
from treserva_desktop.ui.dialogs.plan_compilation_dialog import PlanCompilationDialog
from treserva_desktop.ui.tree.nodes import NodeKind


def test_tiles_count_and_lead_where_they_say(
    qtbot, driver: E2EDriver, make_ctx: Callable[[str], AppContext]
) -> None:
    window = driver.open_window(make_ctx("verksamhetschef"))
    driver.select(["Mitt skrivbord"])
    dashboard = window.summary_pane.dashboard
    qtbot.waitUntil(lambda: dashboard.isVisible() and not dashboard.stale)
    tiles = dashboard.tiles
    assert set(tiles) == {
        "new_assignments",
        "unread_messages",
        "open_deviations",
        "plans_overdue",
        "unexecuted_decisions",
        "missing_short_term_places",
    }
    overdue_plans = tiles["plans_overdue"].tally
    assert overdue_plans is not None
    assert overdue_plans.total > 0  # the demo has overdue plans

    qtbot.mouseClick(tiles["new_assignments"], Qt.MouseButton.LeftButton)
    node = window.current_node()
    assert node is not None
    assert node.kind is NodeKind.FOLDER_NEW_ASSIGNMENTS
    assert node.folder is Folder.NEW_ASSIGNMENTS
    assert not dashboard.isVisible()

    driver.select(["Mitt skrivbord"])
    qtbot.waitUntil(lambda: dashboard.isVisible() and not dashboard.stale)
    deviations = tiles["open_deviations"].tally
    assert deviations is not None
    assert deviations.total > 0  # the demo has open deviations at the chef's units
    qtbot.mouseClick(tiles["open_deviations"], Qt.MouseButton.LeftButton)
    node = window.current_node()
    assert node is not None
    assert node.folder is Folder.DEVIATIONS

    driver.select(["Mitt skrivbord"])
    seen: dict[str, int] = {}

    def look(dialog: PlanCompilationDialog) -> None:
        qtbot.waitUntil(lambda: dialog.compilation is not None)
        assert dialog.compilation is not None
        assert dialog.only_attention.isChecked()
        assert dialog.unit.currentText() == "Alla mina enheter"
        seen["overdue"] = dialog.compilation.count(CompiledStatus.OVERDUE)
        dialog.reject()

    script = driver.modals().on(PlanCompilationDialog, look).start()
    qtbot.mouseClick(tiles["plans_overdue"], Qt.MouseButton.LeftButton)
    script.check()
    assert seen["overdue"] == overdue_plans.total

    places = tiles["missing_short_term_places"].tally
    assert places is not None

    def places_list(dialog: MissingPlacesDialog) -> None:
        seen["places"] = dialog.model.rowCount()
        dialog.reject()

    script = driver.modals().on(MissingPlacesDialog, places_list).start()
    qtbot.mouseClick(tiles["missing_short_term_places"], Qt.MouseButton.LeftButton)
    script.check()
    assert seen["places"] == places.total
