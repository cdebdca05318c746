"""W1 Ta emot nytt uppdrag: a handläggare sends an assignment through Myndighet › Nytt uppdrag…;
the manager then finds the person under Nya uppdrag (count up) and a new message in Inkorg."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from tests.e2e.driver import E2EDriver

from treserva_desktop.db.database import Database
from treserva_desktop.db.queries import authority as authority_queries
from treserva_desktop.domain.enums import Folder, TimePer
from treserva_desktop.domain.identity import luhn_check_digit
from treserva_desktop.ui.actions import ActionId
from treserva_desktop.ui.dialogs.send_assignment_dialog import SendAssignmentDialog
from treserva_desktop.ui.tree.nodes import Node, NodeKind

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


def find_person(driver: E2EDriver, name_title: str) -> Node | None:
    folder = driver.window.model.folder_node(Folder.NEW_ASSIGNMENTS)
    return next((c for c in driver.children(folder) if c.title == name_title), None)


def test_handlaggare_sends_and_manager_receives(driver: E2EDriver, demo_db: Database) -> None:
    qtbot = driver.qtbot
    manager_actor = driver.log_in("verksamhetschef")
    before_window = driver.open_window(manager_actor)
    new_before = before_window.model.folder_node(Folder.NEW_ASSIGNMENTS).count or 0
    inbox_before = before_window.model.folder_node(Folder.INBOX).count or 0
    assert find_person(driver, "Lindqvist, Greta") is None
    before_window.close()

    # --- the handläggare -----------------------------------------------------------------
    authority_actor = driver.log_in("handlaggare")
    with demo_db.read() as session:
        assert authority_queries.find_person_by_identity(session, authority_actor, NUMBER) is None
    window = driver.open_window(authority_actor)
    assert "&Myndighet" in driver.menu_bar_titles()
    new_action = window.window_actions.actions[ActionId.NEW_ASSIGNMENT]
    assert driver.toolbar_action("Nytt uppdrag…") is new_action
    answers = driver.answers()
    dialogs: list[SendAssignmentDialog] = []

    def send(dialog: SendAssignmentDialog) -> None:
        dialogs.append(dialog)
        fill_and_send(qtbot, dialog)

    script = driver.modals().on(SendAssignmentDialog, send).start()
    driver.press_toolbar("Nytt uppdrag…")  # returns when the dialog has closed
    script.check()

    assert len(dialogs) == 1
    assert answers.errors == []
    shown = answers.infos
    assert shown
    assert shown[0].startswith("Uppdraget har skickats till Hemtjänst Norr.")
    with demo_db.read() as session:
        created = authority_queries.find_person_by_identity(session, authority_actor, NUMBER)
    assert created is not None
    assert created.name == "Greta Lindqvist"
    window.close()

    # --- the manager, in a new window ------------------------------------------------------
    manager = driver.open_window(manager_actor)
    new_folder = manager.model.folder_node(Folder.NEW_ASSIGNMENTS)
    assert new_folder.count == new_before + 1
    assert manager.model.data(manager.model.index_for(new_folder)) == (
        f"Nya uppdrag ({new_before + 1})"
    )
    person = find_person(driver, "Lindqvist, Greta")
    assert person is not None
    assert NUMBER in person.label
    assert driver.node(["Mitt skrivbord", "Nya uppdrag", "Lindqvist, Greta"]) is person
    children = driver.children(person)
    assert len(children) == 1
    assignment = children[0]
    assert assignment.kind is NodeKind.ASSIGNMENT
    assert assignment.unread
    assert "Personlig omvårdnad" in assignment.label

    inbox = manager.model.folder_node(Folder.INBOX)
    assert inbox.count == inbox_before + 1
    newest = driver.children(inbox)[0]
    assert newest.kind is NodeKind.MESSAGE
    assert newest.unread
    assert newest.title == "Nytt uppdrag: Personlig omvårdnad"
    # Inkorg's Person column (issue 12): name and number beside the subject.
    assert newest.label == f"Nytt uppdrag: Personlig omvårdnad – Lindqvist, Greta, {NUMBER}"
    # Clicking the message shows it and marks it read.
    driver.select(newest)
    qtbot.waitUntil(lambda: manager.panes.currentWidget() is manager.message_pane)
    assert "Greta Lindqvist" in manager.message_pane.body.toPlainText()
    assert manager.message_pane.assignment_button.isVisibleTo(manager.message_pane)
    qtbot.waitUntil(lambda: inbox.count == inbox_before)
