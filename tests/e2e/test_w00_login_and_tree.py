"""W0: log in through the real dialog, open Mitt skrivbord, expand folders, select a person,
open it with a double-click."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog
from tests.e2e.driver import E2EDriver

from treserva_desktop.db.queries.genomforande import genomforande_new_assignments
from treserva_desktop.domain.enums import Folder
from treserva_desktop.ui.actions import ActionId, MenuId
from treserva_desktop.ui.runner import fetch
from treserva_desktop.ui.tree.nodes import Node, NodeKind


def expand_with_keyboard(driver: E2EDriver, node: Node) -> list[Node]:
    """Click the row and press Right, as a user would; returns the children shown."""
    qtbot = driver.qtbot
    driver.select(node)
    qtbot.keyClick(driver.window.tree, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: node.loaded)
    return list(node.children)


def test_manager_logs_in_and_browses_the_tree(qtbot, driver: E2EDriver) -> None:
    actor = driver.log_in("verksamhetschef")
    window = driver.open_window(actor, remember_geometry=True)
    assert window.windowTitle() == f"Treserva Desktop – {actor.display_name} (Verksamhetschef)"
    # The tree is where keyboard focus starts (independent of which top-level is active).
    assert window.focusWidget() is window.tree
    assert "SQLite:" in window.database_label.text()
    assert "Nya uppdrag att fördela:" in window.counts_label.text()

    new_folder = window.model.folder_node(Folder.NEW_ASSIGNMENTS)
    assert window.model.data(window.model.index_for(new_folder)).startswith("Nya uppdrag (")
    persons = expand_with_keyboard(driver, new_folder)
    assert len(persons) >= 1
    assert all(p.kind is NodeKind.PERSON for p in persons)
    assert window.tree.isExpanded(window.model.index_for(new_folder))

    units_folder = window.model.folder_node(Folder.MY_UNITS)
    units = expand_with_keyboard(driver, units_folder)
    assert [u.title for u in units] == ["ÄO Hemtjänst", "ÄO Vårdboende", "ÄO Korttidsboende"]
    # Down through the organisation until a unit shows its persons.
    unit = units[0]
    children = expand_with_keyboard(driver, unit)
    while not any(c.kind is NodeKind.PERSON for c in children):
        unit = next(c for c in children if c.kind is NodeKind.UNIT)
        children = expand_with_keyboard(driver, unit)
    person = next(c for c in children if c.kind is NodeKind.PERSON)

    driver.select(person)
    qtbot.waitUntil(lambda: window.panes.currentWidget() is window.person_pane)
    overview = window.person_pane.overview
    assert overview is not None
    assert overview.id == person.person_id
    assert window.person_pane.name.text() == overview.name
    last, first = person.title.split(", ", 1)
    assert overview.name == f"{first} {last}"
    assert window.person_pane.identity.text() in person.label
    assert window.person_pane.test_badge.isVisibleTo(window.person_pane)

    # A double-click on the person opens the person window; the tree stays as it was.
    rect = window.tree.visualRect(window.model.index_for(person))
    # On the label, near its start: the row can be wider than the viewport.
    on_label = QPoint(rect.left() + 40, rect.center().y())
    # A real double-click starts with a press; the view only reports it for a pressed row.
    qtbot.mouseClick(window.tree.viewport(), Qt.MouseButton.LeftButton, pos=on_label)
    qtbot.mouseDClick(window.tree.viewport(), Qt.MouseButton.LeftButton, pos=on_label)
    qtbot.waitUntil(lambda: bool(window.person_windows()))
    [person_window] = window.person_windows()
    assert person_window.person_id == person.person_id
    assert not window.tree.isExpanded(window.model.index_for(person))
    person_window.done(QDialog.DialogCode.Rejected)

    # The arrow (here the Right key) expands it: Insats GF, Dokument GF and Checklistor appear.
    assert [c.title for c in expand_with_keyboard(driver, person)] == [
        "Insats GF",
        "Dokument GF",
        "Checklistor",
    ]
    assert window.tree.isExpanded(window.model.index_for(person))
    driver.select(person.children[0])
    qtbot.waitUntil(lambda: window.panes.currentWidget() is window.execution_pane)
    assert window.execution_pane.rows()


def test_care_staff_has_no_new_assignments(qtbot, driver: E2EDriver) -> None:
    """Personal receive work through Genomförande: no Nya uppdrag folder, menu or shortcut."""
    window = driver.log_in_and_open("personal", remember_geometry=True)
    assert "(Omvårdnadspersonal)" in window.windowTitle()
    model = window.model
    desktop = model.index_for(model.desktop)
    shown = [model.data(model.index(row, 0, desktop)) for row in range(model.rowCount(desktop))]
    assert shown
    assert not any(str(label).startswith("Nya uppdrag") for label in shown)
    assert Folder.NEW_ASSIGNMENTS not in model.folders
    assert Folder.MY_UNITS in model.folders

    # The desktop summary lists the same folders and says nothing about Nya uppdrag.
    assert window.panes.currentWidget() is window.summary_pane
    listed = [node.title for node in window.summary_pane.model.rows]
    assert listed == [node.title for node in model.desktop.children]
    assert "Nya uppdrag" not in window.summary_pane.text.text()

    # Neither the menu nor Ctrl+1 leads there; Genomförande shows what waits to be kvitterat.
    shortcuts = [a.text() for a in driver.menu_bar_menu("Genväg").actions()]
    assert driver.menu_bar_menu("Genväg") is window.window_actions.menus[MenuId.SHORTCUTS]
    assert "Nya uppdrag" not in shortcuts
    assert "Genomförande" in shortcuts
    before = window.tree.current_node()
    qtbot.keyClick(window.tree, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.tree.current_node() is before
    waiting = len(fetch(window.ctx, genomforande_new_assignments).value or [])
    genomforande = window.window_actions.actions[ActionId.GENOMFORANDE]
    assert genomforande.iconText() == (f"Genomförande ({waiting})" if waiting else "Genomförande")
    assert "Nya uppdrag att fördela:" not in window.counts_label.text()
