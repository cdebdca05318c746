"""W4: staff open Genomförande from the toolbar and Kvittera a new assignment, with and without
Flytta till Mina personer; the database and the main tree's Mina personer follow."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QToolButton
from sqlalchemy import select
from tests.conftest import actor_for
from tests.ui._distribution_data import Answers

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Execution, MyPerson
from treserva_desktop.domain.enums import ExecutionStatus, Folder
from treserva_desktop.settings import Settings
from treserva_desktop.ui.actions import ActionId
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.genomforande.genomforande_window import GenomforandeWindow
from treserva_desktop.ui.main_window import MainWindow
from treserva_desktop.ui.tree.nodes import NodeKind


def open_window(qtbot, database: Database, settings: Settings, username: str) -> MainWindow:
    window = MainWindow(
        AppContext.create(database, settings, actor_for(database, username)),
        remember_geometry=False,
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def my_persons_in_tree(window: MainWindow) -> set[int]:
    folder = window.model.folder_node(Folder.MY_PERSONS)
    window.tree.expand_node(folder)
    return {n.person_id for n in folder.children if n.kind is NodeKind.PERSON and n.person_id}


def open_genomforande_from_toolbar(qtbot, window: MainWindow) -> GenomforandeWindow:
    action = window.window_actions.actions[ActionId.GENOMFORANDE]
    assert action.text() == "Genomförande"
    assert action.shortcut() == QKeySequence("Ctrl+G")
    assert action in window.toolbar.actions()
    button = window.toolbar.widgetForAction(action)
    assert isinstance(button, QToolButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    genomforande = window.findChild(GenomforandeWindow)
    assert genomforande is not None
    qtbot.waitExposed(genomforande)
    return genomforande


def test_staff_acknowledge_and_move_the_person_to_mina_personer(
    qtbot, demo_db: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch)
    window = open_window(qtbot, demo_db, settings, "personal")
    mine_before = my_persons_in_tree(window)

    genomforande = open_genomforande_from_toolbar(qtbot, window)
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
    assert target.assignment_id not in genomforande.assignment_ids()
    assert len(genomforande.rows) == len(rows) - 1
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
    assert my_persons_in_tree(window) == mine_before | {target.person.id}

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
    assert my_persons_in_tree(window) == expected


def test_staff_acknowledge_with_enter_and_close_with_esc(
    qtbot, demo_db: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch)
    window = open_window(qtbot, demo_db, settings, "personal")
    genomforande = open_genomforande_from_toolbar(qtbot, window)
    qtbot.waitUntil(genomforande.list.hasFocus)
    rows = list(genomforande.rows)
    first = rows[0]
    assert genomforande.current_row() == first
    qtbot.keyClick(genomforande.list, Qt.Key.Key_Enter)
    assert answers.errors == []
    assert genomforande.assignment_ids() == [r.assignment_id for r in rows[1:]]
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
    qtbot, demo_db: Database, settings: Settings
) -> None:
    window = open_window(qtbot, demo_db, settings, "handlaggare")
    assert ActionId.GENOMFORANDE not in window.window_actions.actions
    assert "Genomförande" not in [a.text() for a in window.toolbar.actions()]
