"""W4: staff open Genomförande from the toolbar and Kvittera a new assignment, with and without
Flytta till Mina personer; the database and the main tree's Mina personer follow."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QToolBar
from sqlalchemy import select
from tests.e2e.driver import E2EDriver
from tests.helpers import actor_for

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Execution, MyPerson
from treserva_desktop.domain.enums import ExecutionStatus, Folder
from treserva_desktop.domain.genomforande_rules import UNREAD_QUESTION
from treserva_desktop.ui.actions import ActionId
from treserva_desktop.ui.genomforande.genomforande_window import GenomforandeWindow
from treserva_desktop.ui.tree.nodes import NodeKind


def my_persons_in_tree(driver: E2EDriver) -> set[int]:
    folder = driver.window.model.folder_node(Folder.MY_PERSONS)
    children = driver.children(folder)
    return {n.person_id for n in children if n.kind is NodeKind.PERSON and n.person_id}


def open_genomforande_from_toolbar(driver: E2EDriver) -> GenomforandeWindow:
    window = driver.window
    action = driver.press_toolbar("Genomförande")
    assert action is window.window_actions.actions[ActionId.GENOMFORANDE]
    assert action.shortcut() == QKeySequence("Ctrl+G")
    genomforande = window.findChild(GenomforandeWindow)
    assert genomforande is not None
    driver.qtbot.waitExposed(genomforande)
    return genomforande


def test_staff_acknowledge_and_move_the_person_to_mina_personer(
    qtbot, driver: E2EDriver, demo_db: Database
) -> None:
    answers = driver.answers(True, True)  # Ja to "Kvittera ändå?" twice (both unread)
    window = driver.open_window(actor_for(demo_db, "personal"))
    mine_before = my_persons_in_tree(driver)

    genomforande = open_genomforande_from_toolbar(driver)
    assert genomforande.isVisible()
    assert genomforande.windowTitle().startswith("Genomförande")
    rows = list(genomforande.rows)
    assert len(rows) >= 2
    target = next(row for row in rows if row.person.id not in mine_before)
    other = next(row for row in rows if row.assignment_id != target.assignment_id)

    # Click the document row: its details show on the right with the two ways to acknowledge.
    position = genomforande.assignment_ids().index(target.assignment_id)
    item = genomforande.list.item(position)
    qtbot.mouseClick(
        genomforande.list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=genomforande.list.visualItemRect(item).center(),
    )
    assert genomforande.current_row() == target
    assert genomforande.details.title.text() == target.title
    qtbot.mouseClick(genomforande.details.move_to_my_persons, Qt.MouseButton.LeftButton)
    assert genomforande.details.move_to_my_persons.isChecked()
    qtbot.mouseClick(genomforande.details.acknowledge_button, Qt.MouseButton.LeftButton)

    assert answers.errors == []
    assert answers.questions == [UNREAD_QUESTION]
    assert target.assignment_id not in genomforande.assignment_ids()
    assert len(genomforande.rows) == len(rows) - 1
    # Nothing else is chosen for the user afterwards.
    assert genomforande.current_row() is None
    with demo_db.read() as session:
        acknowledged = session.scalars(
            select(Execution).where(Execution.id.in_(target.execution_ids))
        ).all()
        assert {row.status for row in acknowledged} == {ExecutionStatus.ACKNOWLEDGED}
        assert session.scalars(
            select(MyPerson).where(
                MyPerson.user_id == window.ctx.actor.user_id,
                MyPerson.person_id == target.person.id,
            )
        ).one()
    # The main tree's Mina personer was reloaded by the change event.
    assert my_persons_in_tree(driver) == mine_before | {target.person.id}

    # Kvittera alone: gone from the list, Mina personer unchanged.
    genomforande.details.move_to_my_persons.setChecked(False)
    genomforande.select_assignment(other.assignment_id)
    qtbot.mouseClick(genomforande.details.acknowledge_button, Qt.MouseButton.LeftButton)
    assert other.assignment_id not in genomforande.assignment_ids()
    with demo_db.read() as session:
        statuses = set(
            session.scalars(
                select(Execution.status).where(Execution.id.in_(other.execution_ids))
            ).all()
        )
    assert statuses == {ExecutionStatus.ACKNOWLEDGED}
    expected = mine_before | {target.person.id}
    assert my_persons_in_tree(driver) == expected

    # Ångra kvittering (toolbar, Ctrl+Z) takes back that last Kvittera: it waits again.
    undo = genomforande.undo_action
    assert undo.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    button = genomforande.findChild(QToolBar).widgetForAction(undo)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert other.assignment_id in genomforande.assignment_ids()
    with demo_db.read() as session:
        statuses = set(
            session.scalars(
                select(Execution.status).where(Execution.id.in_(other.execution_ids))
            ).all()
        )
    assert statuses == {ExecutionStatus.SENT_TO_EXECUTION}
    assert my_persons_in_tree(driver) == expected


def test_staff_acknowledge_with_enter_and_close_with_esc(
    qtbot, driver: E2EDriver, demo_db: Database
) -> None:
    answers = driver.answers(True)  # Ja to "Kvittera ändå?"
    window = driver.open_window(actor_for(demo_db, "personal"))
    genomforande = open_genomforande_from_toolbar(driver)
    qtbot.waitUntil(genomforande.list.hasFocus)
    rows = list(genomforande.rows)
    # No row is chosen for the user: Enter acts only after they pick one (Space on the
    # row with the keyboard focus).
    assert genomforande.current_row() is None
    qtbot.keyClick(genomforande.list, Qt.Key.Key_Enter)
    assert genomforande.assignment_ids() == [r.assignment_id for r in rows]
    qtbot.keyClick(genomforande.list, Qt.Key.Key_Space)
    first = genomforande.current_row()
    assert first is not None
    qtbot.keyClick(genomforande.list, Qt.Key.Key_Enter)
    assert answers.errors == []
    assert answers.questions == [UNREAD_QUESTION]
    assert genomforande.assignment_ids() == [r.assignment_id for r in rows if r != first]
    # Enter again, or a double-click on the row now under the pointer, acknowledges nothing.
    qtbot.keyClick(genomforande.list, Qt.Key.Key_Enter)
    item = genomforande.list.item(0)
    qtbot.mouseDClick(
        genomforande.list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=genomforande.list.visualItemRect(item).center(),
    )
    assert genomforande.assignment_ids() == [r.assignment_id for r in rows if r != first]
    assert answers.questions == [UNREAD_QUESTION]
    with demo_db.read() as session:
        statuses = set(
            session.scalars(
                select(Execution.status).where(Execution.id.in_(first.execution_ids))
            ).all()
        )
    assert statuses == {ExecutionStatus.ACKNOWLEDGED}
    qtbot.keyClick(genomforande.list, Qt.Key.Key_Escape)
    assert not genomforande.isVisible()
    assert window.isVisible()


def test_managers_without_units_to_acknowledge_for_never_see_genomforande(
    driver: E2EDriver, demo_db: Database
) -> None:
    window = driver.open_window(actor_for(demo_db, "handlaggare"))
    assert ActionId.GENOMFORANDE not in window.window_actions.actions
    assert "Genomförande" not in [a.text() for a in window.toolbar.actions()]


def test_right_click_in_mina_personer_takes_the_person_off_the_list(
    driver: E2EDriver, demo_db: Database
) -> None:
    answers = driver.answers()
    window = driver.open_window(actor_for(demo_db, "personal"))
    folder = window.model.folder_node(Folder.MY_PERSONS)
    persons = [n for n in driver.children(folder) if n.kind is NodeKind.PERSON]
    assert persons, "the demo gives staff someone in Mina personer"
    target = persons[0]
    offered = driver.choose_in_context_menu(target, "Ta bort ur Mina personer")
    assert any(entry.text == "Ta bort ur Mina personer" for entry in offered)
    assert answers.errors == []
    assert target.person_id not in my_persons_in_tree(driver)
    assert answers.statuses == [f"{target.title} är borttagen ur Mina personer."]
    with demo_db.read() as session:
        assert (
            session.scalars(
                select(MyPerson).where(
                    MyPerson.user_id == window.ctx.actor.user_id,
                    MyPerson.person_id == target.person_id,
                )
            ).one_or_none()
            is None
        )
    # Elsewhere in the tree the same person offers no such entry.
    unit = driver.node(["Mitt skrivbord", "Mina enheter"])
    assert all(entry.text != "Ta bort ur Mina personer" for entry in driver.context_menu(unit))
