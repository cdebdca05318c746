"""The Checklistor pane: both lists from the query with tick icons, details and buttons that
lead to where each item is done; it reads again after an action changes the data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QPushButton
from sqlalchemy import select
from tests.helpers.windows import open_main_window

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Message, MessageRecipient, Person
from treserva_desktop.db.queries.checklists import person_checklists
from treserva_desktop.domain.checklist_rules import NOTHING_SENT
from treserva_desktop.domain.commands.inbox import SendMessage
from treserva_desktop.domain.commands.persons import SetBillingArea
from treserva_desktop.domain.enums import Folder
from treserva_desktop.domain.views.checklists import (
    ChecklistAction,
    ChecklistItemView,
    ChecklistKind,
    ChecklistView,
    PersonChecklistsView,
)
from treserva_desktop.ui import actions
from treserva_desktop.ui.actions import ActionContext, ActionId
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.billing_area_dialog import BillingAreaDialog
from treserva_desktop.ui.dialogs.compose_message_dialog import ComposeMessageDialog
from treserva_desktop.ui.handlers.checklists import ENDED_SUBJECT, unavailable_reason
from treserva_desktop.ui.main_window import MainWindow
from treserva_desktop.ui.panes.checklist_pane import DONE_TEXT, OPEN_TEXT, not_shown_text
from treserva_desktop.ui.person_window.person_window import PersonWindow
from treserva_desktop.ui.runner import fetch
from treserva_desktop.ui.tree.nodes import CHECKLISTS_LABEL, Node, NodeKind


def first_person_under_units(window: MainWindow) -> Node:
    node = window.model.folder_node(Folder.MY_UNITS)
    while True:
        window.model.ensure_loaded(node)
        persons = [c for c in node.children if c.kind is NodeKind.PERSON]
        if persons:
            return persons[0]
        node = next(c for c in node.children if c.kind is NodeKind.UNIT)


def select_checklists(window: MainWindow, person: Node) -> Node:
    window.model.ensure_loaded(person)
    node = next(c for c in person.children if c.kind is NodeKind.CHECKLISTS)
    assert node.label == CHECKLISTS_LABEL
    window.tree.select_node(node)
    assert window.panes.currentWidget() is window.checklist_pane
    return node


def click(button: QPushButton) -> None:
    assert button.isEnabled()
    button.click()


def test_the_pane_shows_both_lists_with_ticks_details_and_buttons(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    window = open_main_window(qtbot, make_ctx("verksamhetschef"))
    person = first_person_under_units(window)
    node = select_checklists(window, person)
    pane = window.checklist_pane
    view = fetch(window.ctx, person_checklists, node.person_id, node.unit_id).value
    assert view is not None
    assert view.person_name in pane.person.text()
    assert not pane.error.isVisible()
    items = [item for checklist in view.lists for item in checklist.items]
    assert set(pane.tick_labels) == {item.key for item in items}
    for item in items:
        state = DONE_TEXT if item.done else OPEN_TEXT
        assert pane.tick_labels[item.key].accessibleName() == f"{item.text}: {state}"
        button = pane.buttons[item.key]
        assert button.text().replace("&", "")
        assert "&" in button.text(), "every button has an Alt mnemonic"
        assert button.isVisible()
    texts = {label.objectName(): label.text() for label in pane.findChildren(type(pane.person))}
    for item in items:
        assert texts[f"item_{item.key}"] == item.text
        assert texts[f"detail_{item.key}"] == item.detail
    for checklist in view.lists:
        if checklist.not_shown:
            assert texts[f"not_shown_{checklist.kind}"] == not_shown_text(checklist)
    # Keyboard: the buttons are reached with Tab.
    assert all(b.focusPolicy() & Qt.FocusPolicy.TabFocus for b in pane.buttons.values())


def test_buttons_lead_to_the_tree_node_or_window_where_the_item_is_done(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    window = open_main_window(qtbot, make_ctx("verksamhetschef"))
    person = first_person_under_units(window)
    select_checklists(window, person)
    pane = window.checklist_pane

    click(pane.buttons["rows_ended"])
    current = window.tree.current_node()
    assert current is not None
    assert current.kind is NodeKind.INSATS_GF
    assert current.person_id == person.person_id

    select_checklists(window, person)
    click(pane.buttons["invoice_recipient"])
    person_window = window.findChild(PersonWindow)
    assert person_window is not None
    assert person_window.isVisible()
    assert person_window.tabs.currentWidget() is person_window.relations_tab
    person_window.reject()


def test_the_context_menu_entry_selects_the_persons_checklists(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    window = open_main_window(qtbot, make_ctx("samordnare"))
    person = first_person_under_units(window)
    window.tree.select_node(person)
    actions.trigger(actions.spec(ActionId.CHECKLISTS), ActionContext(window, person))
    current = window.tree.current_node()
    assert current is not None
    assert current.kind is NodeKind.CHECKLISTS
    assert current.parent is person
    assert window.panes.currentWidget() is window.checklist_pane


def test_setting_the_billing_area_ticks_the_item_at_once(
    qtbot,
    make_ctx: Callable[[str], AppContext],
    demo_db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_main_window(qtbot, make_ctx("verksamhetschef"))
    person = first_person_under_units(window)
    with demo_db.transaction() as session:
        row = session.get(Person, person.person_id)
        assert row is not None
        code = row.billing_area_code
        row.billing_area_code = None
    assert code is not None
    select_checklists(window, person)
    pane = window.checklist_pane
    assert pane.tick_labels["billing_area"].accessibleName().endswith(OPEN_TEXT)

    def choose(_parent, person_id, version, _text, areas):  # type: ignore[no-untyped-def]
        assert code in {area.code for area in areas}
        return SetBillingArea(person_id=person_id, expected_version=version, billing_area_code=code)

    monkeypatch.setattr(BillingAreaDialog, "ask", choose)
    click(pane.buttons["billing_area"])
    assert pane.tick_labels["billing_area"].accessibleName().endswith(DONE_TEXT)


def test_staff_may_not_set_the_billing_area_and_assessors_see_no_checklists(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    window = open_main_window(qtbot, make_ctx("personal"))
    person = first_person_under_units(window)
    select_checklists(window, person)
    button = window.checklist_pane.buttons["billing_area"]
    assert button.isVisible()
    assert not button.isEnabled()
    assert "behörighet" in button.toolTip()
    assessor = make_ctx("handlaggare").actor
    assert not actions.spec(ActionId.CHECKLISTS).visible_for(assessor)


def test_the_message_button_writes_to_the_handlaggare_about_the_person(
    qtbot,
    make_ctx: Callable[[str], AppContext],
    demo_db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_main_window(qtbot, make_ctx("verksamhetschef"))
    person = first_person_under_units(window)
    node = select_checklists(window, person)
    pane = window.checklist_pane
    view = pane.view
    assert view is not None
    assert view.handlaggare
    asked: dict[str, object] = {}

    def compose(_parent, recipients, **fields):  # type: ignore[no-untyped-def]
        asked.update(fields)
        assert {h.user_id for h in view.handlaggare} <= {r.user_id for r in recipients}
        return SendMessage(
            recipient_ids=tuple(fields["preselected"]),
            subject=fields["subject"],
            body=fields["body"],
            person_id=fields["person_id"],
        )

    monkeypatch.setattr(ComposeMessageDialog, "ask", compose)
    click(pane.buttons["handlaggare_told"])
    assert asked["preselected"] == [h.user_id for h in view.handlaggare]
    assert asked["subject"] == ENDED_SUBJECT
    assert asked["person_id"] == node.person_id
    with demo_db.read() as session:
        message = session.scalars(select(Message).order_by(Message.id.desc())).first()
        assert message is not None
        assert message.person_id == node.person_id
        recipients = set(
            session.scalars(
                select(MessageRecipient.user_id).where(MessageRecipient.message_id == message.id)
            ).all()
        )
    assert recipients == {h.user_id for h in view.handlaggare}


def test_kvittera_is_disabled_with_the_reason_when_nothing_was_sent() -> None:
    item = ChecklistItemView(
        "acknowledged", "Kvittera uppdraget", False, NOTHING_SENT, ChecklistAction.ACKNOWLEDGE
    )
    empty = ChecklistView(ChecklistKind.ENDING, ())
    view = PersonChecklistsView(
        1,
        None,
        "Bergman, Bertil",
        "19381003-0878",
        7,
        (),
        ChecklistView(ChecklistKind.RECEIVING, (item,)),
        empty,
    )
    assert unavailable_reason(item, view) == NOTHING_SENT
    waiting = replace(item, detail="1 av 2 insatser väntar på kvittering.")
    assert unavailable_reason(waiting, view) == ""


def test_showing_again_hides_the_old_lists_at_once(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    window = open_main_window(qtbot, make_ctx("verksamhetschef"))
    person = first_person_under_units(window)
    node = select_checklists(window, person)
    pane = window.checklist_pane
    old = [box for box in pane.lists.findChildren(QGroupBox) if box.isVisible()]
    assert len(old) == 2
    pane.show_node(node)
    # Before the event loop deletes them, the old boxes are already out of sight.
    assert all(box.isHidden() for box in old)
    qtbot.waitUntil(
        lambda: len([b for b in pane.lists.findChildren(QGroupBox) if b.isVisible()]) == 2
    )
