"""W1 Ta emot nytt uppdrag: a handläggare sends an assignment through Myndighet › Nytt uppdrag…;
the manager then finds the person under Nya uppdrag (count up) and a new message in Inkorg."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from treserva_desktop.db.database import Database
from treserva_desktop.db.queries import authority as authority_queries
from treserva_desktop.domain.enums import Folder, TimePer
from treserva_desktop.domain.identity import luhn_check_digit
from treserva_desktop.settings import Settings
from treserva_desktop.ui import messages
from treserva_desktop.ui.actions import ActionId
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.send_assignment_dialog import SendAssignmentDialog
from treserva_desktop.ui.main_window import MainWindow
from treserva_desktop.ui.tree.nodes import Node, NodeKind

from .test_w00_login_and_tree import log_in

BORN = date(1938, 7, 15)
SERIAL = "452"
NUMBER = f"{BORN:%Y%m%d}-{SERIAL}{luhn_check_digit(f'{BORN:%y%m%d}{SERIAL}')}"


def type_text(widget: QWidget, text: str) -> None:
    """Key presses carrying text, as typing does (QTest.keyClicks knows only ASCII)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def when_modal(qtbot, kind: type[QDialog], act: Callable[[QDialog], None]) -> list[QDialog]:
    """Run `act` on the modal dialog of `kind` as soon as it is open (its exec() blocks).

    A dialog still open afterwards is rejected, so a failing step fails instead of hanging.
    """
    seen: list[QDialog] = []

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind):
            seen.append(widget)
            try:
                act(widget)
            finally:
                if widget.isVisible():
                    widget.reject()
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    return seen


def open_window(qtbot, ctx: AppContext) -> MainWindow:
    window = MainWindow(ctx, remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def fill_and_send(qtbot, dialog: SendAssignmentDialog) -> None:
    """What the handläggare does in the dialog, field by field."""
    qtbot.keyClicks(dialog.identity, NUMBER)
    qtbot.keyClick(dialog.identity, Qt.Key.Key_Return)  # Sök: nobody has the number yet
    assert "Fyll i uppgifterna för en ny person" in dialog.person_status.text()
    assert dialog.focusWidget() is dialog.first_name
    qtbot.keyClicks(dialog.first_name, "Greta")
    qtbot.keyClicks(dialog.last_name, "Lindqvist")
    qtbot.keyClicks(dialog.street, "Kyrkogatan 7")
    qtbot.keyClicks(dialog.postal_code, "58223")
    type_text(dialog.city, "Storköping")

    row = dialog.intervention_table.rows[0]
    row.type.setCurrentIndex(row.type.findData("personal_care"))
    assert row.hours.isEnabled()
    row.hours.selectAll()
    qtbot.keyClicks(row.hours, "32")
    row.per.setCurrentIndex(row.per.findData(TimePer.MONTH))
    type_text(row.description, "Hjälp med dusch och påklädning")
    type_text(dialog.goals, "Greta ska kunna bo kvar hemma och känna sig trygg.")

    qtbot.keyClicks(dialog.picker.filter, "Norr")
    norr = dialog.picker.unit_named("Hemtjänst Norr")
    assert norr is not None
    index = dialog.picker.proxy_index_of(norr.id)
    dialog.picker.view.scrollTo(index)
    qtbot.mouseClick(
        dialog.picker.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=dialog.picker.view.visualRect(index).center(),
    )
    assert dialog.picker.selected_unit() == norr
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)


def find_person(window: MainWindow, name_title: str) -> Node | None:
    folder = window.model.folder_node(Folder.NEW_ASSIGNMENTS)
    window.tree.expand_node(folder)
    return next((c for c in folder.children if c.title == name_title), None)


def test_handlaggare_sends_and_manager_receives(
    qtbot, demo_db: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager_actor = log_in(qtbot, demo_db, "verksamhetschef")
    before_window = open_window(qtbot, AppContext.create(demo_db, settings, manager_actor))
    new_before = before_window.model.folder_node(Folder.NEW_ASSIGNMENTS).count or 0
    inbox_before = before_window.model.folder_node(Folder.INBOX).count or 0
    assert find_person(before_window, "Lindqvist, Greta") is None
    before_window.close()

    # --- the handläggare -----------------------------------------------------------------
    authority_actor = log_in(qtbot, demo_db, "handlaggare")
    authority_ctx = AppContext.create(demo_db, settings, authority_actor)
    with demo_db.read() as session:
        assert authority_queries.find_person_by_identity(session, authority_actor, NUMBER) is None
    window = open_window(qtbot, authority_ctx)
    menu_titles = [a.text() for a in window.menuBar().actions()]
    assert "&Myndighet" in menu_titles
    new_action = window.window_actions.actions[ActionId.NEW_ASSIGNMENT]
    assert new_action in window.toolbar.actions()
    shown: list[str] = []
    monkeypatch.setattr(messages, "info", lambda _p, text, **_kw: shown.append(text))

    dialogs = when_modal(qtbot, SendAssignmentDialog, lambda d: fill_and_send(qtbot, d))  # type: ignore[arg-type]
    new_action.trigger()  # returns when the dialog has closed

    assert len(dialogs) == 1
    assert shown
    assert shown[0].startswith("Uppdraget har skickats till Hemtjänst Norr.")
    with demo_db.read() as session:
        created = authority_queries.find_person_by_identity(session, authority_actor, NUMBER)
    assert created is not None
    assert created.name == "Greta Lindqvist"
    window.close()

    # --- the manager, in a new window ------------------------------------------------------
    manager = open_window(qtbot, AppContext.create(demo_db, settings, manager_actor))
    new_folder = manager.model.folder_node(Folder.NEW_ASSIGNMENTS)
    assert new_folder.count == new_before + 1
    assert manager.model.data(manager.model.index_for(new_folder)) == (
        f"Nya uppdrag ({new_before + 1})"
    )
    person = find_person(manager, "Lindqvist, Greta")
    assert person is not None
    assert NUMBER in person.label
    manager.tree.expand_node(person)
    assert len(person.children) == 1
    assignment = person.children[0]
    assert assignment.kind is NodeKind.ASSIGNMENT
    assert assignment.unread
    assert "Personlig omvårdnad" in assignment.label

    inbox = manager.model.folder_node(Folder.INBOX)
    assert inbox.count == inbox_before + 1
    manager.tree.expand_node(inbox)
    newest = inbox.children[0]
    assert newest.kind is NodeKind.MESSAGE
    assert newest.unread
    assert newest.title == "Nytt uppdrag: Personlig omvårdnad"
    # Opening the message shows it and marks it read.
    manager.tree.select_node(newest)
    qtbot.waitUntil(lambda: manager.panes.currentWidget() is manager.message_pane)
    assert "Greta Lindqvist" in manager.message_pane.body.toPlainText()
    assert manager.message_pane.assignment_button.isVisibleTo(manager.message_pane)
    qtbot.waitUntil(lambda: inbox.count == inbox_before)
