"""W5: select a person in the tree, open Personuppgifter, add a närstående and a
fakturamottagare through the real relation dialog, set the debiteringsområde; the database,
the audit trail and the overview in the main window follow. Care staff see it read-only and
the service refuses their save; a second invoice recipient and a conflicting save are handled
in the window."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy import select
from tests.e2e.driver import E2EDriver
from tests.helpers.persons import (
    change_phone_elsewhere,
    changes_of,
    load_person,
    person_at,
    relations_of,
    update_person,
)

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent
from treserva_desktop.domain.commands.persons import UpdateContact
from treserva_desktop.domain.enums import AuditAction, Folder, RelationKind
from treserva_desktop.services import persons as person_services
from treserva_desktop.services.persons import CHANGED_BY_SOMEONE_ELSE
from treserva_desktop.ui import messages
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.person_window.person_window import PersonWindow
from treserva_desktop.ui.person_window.relation_dialog import RelationDialog
from treserva_desktop.ui.tree.nodes import Node, NodeKind

READ_ONLY_REASON = "Din roll ger inte behörighet att ändra personuppgifter."


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    texts: list[str] = []
    monkeypatch.setattr(messages, "error", lambda _parent, text, **_kw: texts.append(text))
    return texts


def person_without_invoice_recipient(database: Database) -> int:
    """A person at Norr grupp 1 (where both users work) with no invoice recipient yet."""
    for skip in range(5):
        person_id = person_at(database, skip=skip)
        if not any(r.active and r.is_invoice_recipient for r in relations_of(database, person_id)):
            return person_id
    raise AssertionError("every demo person at Norr grupp 1 has an invoice recipient")


def select_person(driver: E2EDriver, unit_path: list[str], person_id: int) -> Node:
    """Mina enheter › units › the person, clicked in the tree."""
    unit = driver.node(["Mitt skrivbord", Folder.MY_UNITS.label, *unit_path])
    person = next(
        child
        for child in driver.children(unit)
        if child.kind is NodeKind.PERSON and child.person_id == person_id
    )
    window = driver.window
    driver.select(person)
    driver.qtbot.waitUntil(lambda: window.panes.currentWidget() is window.person_pane)
    driver.qtbot.waitUntil(
        lambda: (
            window.person_pane.overview is not None and window.person_pane.overview.id == person_id
        )
    )
    return person


def open_person_window_from_context_menu(driver: E2EDriver, node: Node) -> PersonWindow:
    window = driver.window
    offered = driver.choose_in_context_menu(node, "Öppna personuppgifter…")
    assert offered[0].text == "Öppna personuppgifter…"
    assert [e.text for e in offered if e.default] == ["Öppna personuppgifter…"]
    driver.qtbot.waitUntil(lambda: bool(window.findChildren(PersonWindow)))
    [person_window] = window.findChildren(PersonWindow)
    driver.qtbot.waitExposed(person_window)
    return person_window


def add_relation(
    driver: E2EDriver, person_window: PersonWindow, fill: Callable[[RelationDialog], None]
) -> None:
    qtbot = driver.qtbot
    script = driver.modals().on(RelationDialog, fill, name=fill.__name__).start()
    qtbot.mouseClick(person_window.relations_tab.add_button, Qt.MouseButton.LeftButton)
    script.check()


def test_coordinator_adds_relations_and_sets_the_billing_area(
    qtbot,
    driver: E2EDriver,
    demo_db: Database,
    make_ctx: Callable[[str], AppContext],
    shown: list[str],
) -> None:
    person_id = person_without_invoice_recipient(demo_db)
    update_person(demo_db, person_id, billing_area_code=None)
    ctx = make_ctx("samordnare")
    window = driver.open_window(ctx)
    node = select_person(driver, ["Hemtjänst Norr", "Norr grupp 1"], person_id)
    assert window.person_pane.billing_area.text() == "Inte angivet"

    person_window = open_person_window_from_context_menu(driver, node)
    person = load_person(demo_db, person_id)
    assert person_window.windowTitle() == (
        f"Personuppgifter – {person.first_name} {person.last_name}"
    )
    assert person_window.read_only_note.isHidden()
    # Välj in the overview brings the same window forward instead of opening a second one.
    qtbot.mouseClick(window.person_pane.choose_button, Qt.MouseButton.LeftButton)
    assert window.findChildren(PersonWindow) == [person_window]

    # Relationer › Lägg till…: a närstående with name and phone.
    person_window.tabs.setCurrentWidget(person_window.relations_tab)
    assert person_window.record.invoice_recipient is None

    def next_of_kin(dialog: RelationDialog) -> None:
        assert dialog.kind.currentData() == RelationKind.NEXT_OF_KIN
        qtbot.keyClicks(dialog.name, "Lena Ek")
        qtbot.keyClicks(dialog.relation_type, "Dotter")
        # Typed any way, stored (and shown) as 070-222 33 44 (issue 12).
        qtbot.keyClicks(dialog.phone, "0702223344")
        dialog.notify_on_events.setChecked(True)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    add_relation(driver, person_window, next_of_kin)

    # A god man who receives the invoices: the address is required, so the first OK is
    # refused at Gatuadress and the dialog stays open.
    refusals: list[dict[str, str]] = []

    def invoice_recipient(dialog: RelationDialog) -> None:
        dialog.kind.setCurrentIndex(dialog.kind.findData(RelationKind.GUARDIAN))
        qtbot.keyClicks(dialog.name, "Stina Berg")
        dialog.is_invoice_recipient.setChecked(True)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible()
        refusals.append(dialog.errors.shown())
        qtbot.keyClicks(dialog.street, "Storgatan 12")
        qtbot.keyClicks(dialog.postal_code, "12345")
        dialog.city.setText("Norrtälje")  # QTest types ASCII only
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    add_relation(driver, person_window, invoice_recipient)
    assert refusals == [
        {"street": "En fakturamottagare måste ha fullständig postadress – ange gatuadress."}
    ]

    # A second invoice recipient is refused inline; Avbryt leaves everything as it was.
    def second_invoice_recipient(dialog: RelationDialog) -> None:
        qtbot.keyClicks(dialog.name, "Olle Berg")
        qtbot.keyClicks(dialog.street, "Lillgatan 2")
        qtbot.keyClicks(dialog.postal_code, "123 45")
        dialog.city.setText("Norrtälje")  # QTest types ASCII only
        dialog.is_invoice_recipient.setChecked(True)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible()
        refusals.append(dialog.errors.shown())
        assert dialog.findChild(QWidget, "error_is_invoice_recipient").isVisible()
        dialog.reject()

    add_relation(driver, person_window, second_invoice_recipient)
    assert refusals[1] == {
        "is_invoice_recipient": "Personen har redan en fakturamottagare (Stina Berg). Ta bort "
        "markeringen där först – en person kan bara ha en aktiv fakturamottagare."
    }

    active = [r for r in relations_of(demo_db, person_id) if r.active]
    by_name = {r.name: r for r in active}
    assert "Olle Berg" not in by_name
    lena = by_name["Lena Ek"]
    assert (lena.kind, lena.relation_type, lena.phone, lena.notify_on_events) == (
        RelationKind.NEXT_OF_KIN,
        "Dotter",
        "070-222 33 44",
        True,
    )
    assert not lena.is_invoice_recipient
    stina = by_name["Stina Berg"]
    assert (stina.kind, stina.street, stina.postal_code, stina.city) == (
        RelationKind.GUARDIAN,
        "Storgatan 12",
        "123 45",
        "Norrtälje",
    )
    assert stina.is_invoice_recipient
    assert [r.name for r in active if r.is_invoice_recipient] == ["Stina Berg"]
    names_in_tab = [r.name for r in person_window.relations_tab.model.rows]
    assert {"Lena Ek", "Stina Berg"} <= set(names_in_tab)

    # Inställningar: debiteringsområde from the code list, saved with Spara.
    settings_tab = person_window.settings_tab
    person_window.tabs.setCurrentWidget(settings_tab)
    settings_tab.billing_area.setCurrentIndex(settings_tab.billing_area.findData("HT-N"))
    assert person_window.tabs.tabText(person_window.tabs.indexOf(settings_tab)).endswith("*")
    qtbot.mouseClick(settings_tab.save_button, Qt.MouseButton.LeftButton)
    assert load_person(demo_db, person_id).billing_area_code == "HT-N"
    assert shown == []

    # Audit: old and new values in person_changes, the audit events refer to them.
    changes = changes_of(demo_db, person_id)
    assert ("billing_area", "", "HT-N – Hemtjänst Norr") in [
        (c.field, c.old_value, c.new_value) for c in changes
    ]
    assert {c.new_value for c in changes if c.relation_id == stina.id} >= {
        "Stina Berg",
        "Storgatan 12",
        "Ja",
    }
    with demo_db.read() as session:
        events = session.scalars(
            select(AuditEvent).where(
                AuditEvent.person_id == person_id,
                AuditEvent.user_id == ctx.actor.user_id,
                AuditEvent.action.in_([AuditAction.CREATE, AuditAction.UPDATE]),
            )
        ).all()
    created = {e.entity_id for e in events if e.action is AuditAction.CREATE}
    assert {lena.id, stina.id} <= created
    billing = [e for e in events if e.details.get("fields") == ["billing_area"]]
    assert len(billing) == 1
    assert billing[0].entity_type == "person"
    assert set(billing[0].details["person_changes"]) <= {c.id for c in changes}

    # The overview in the main window shows the relations and the billing area.
    pane = window.person_pane
    qtbot.waitUntil(lambda: pane.billing_area.text() == "HT-N – Hemtjänst Norr")
    overview = pane.overview
    assert overview is not None
    assert {"Lena Ek", "Stina Berg"} <= {r.name for r in overview.relations}
    table = pane.relations.model
    rows = {table.data(table.index(i, 1)): i for i in range(table.rowCount())}
    assert table.data(table.index(rows["Stina Berg"], 4)) == "Ja"
    assert table.data(table.index(rows["Lena Ek"], 2)) == "070-222 33 44"

    # Someone else saves the same person meanwhile: this save is told so and shows their data.
    change_phone_elsewhere(demo_db, make_ctx("gruppchef").actor, person_id, "08-123 456 78")
    contact = person_window.contact_tab
    person_window.tabs.setCurrentWidget(contact)
    contact.email.setText("lena.ek@exempel.se")
    qtbot.mouseClick(contact.save_button, Qt.MouseButton.LeftButton)
    assert shown == [CHANGED_BY_SOMEONE_ELSE]
    assert contact.phone.text() == "08-123 456 78"
    assert contact.email.text() == load_person(demo_db, person_id).email
    assert person_window.record.version == load_person(demo_db, person_id).version

    person_window.close_button.click()
    assert person_window.isHidden()


def test_care_staff_see_the_record_read_only_and_cannot_save(
    qtbot,
    driver: E2EDriver,
    demo_db: Database,
    make_ctx: Callable[[str], AppContext],
    shown: list[str],
) -> None:
    person_id = person_at(demo_db)
    ctx = make_ctx("personal")
    driver.open_window(ctx)
    node = select_person(driver, ["Norr grupp 1"], person_id)
    person_window = open_person_window_from_context_menu(driver, node)

    assert not person_window.record.editable
    assert not person_window.read_only_note.isHidden()
    assert READ_ONLY_REASON in person_window.read_only_note.text()
    for tab in person_window.edit_tabs:
        assert not tab.save_button.isEnabled()
    # Text fields are read-only (readable), without example placeholders.
    assert person_window.person_tab.first_name.isReadOnly()
    assert person_window.contact_tab.phone.isReadOnly()
    assert person_window.contact_tab.email.placeholderText() == ""
    assert not person_window.settings_tab.billing_area.isEnabled()
    relations = person_window.relations_tab
    assert not relations.add_button.isEnabled()
    assert not relations.edit_button.isEnabled()
    assert not relations.end_button.isEnabled()

    before = load_person(demo_db, person_id)
    record = person_window.record
    command = UpdateContact(
        person_id=record.id, expected_version=record.version, phone="070-123 45 67"
    )
    assert person_window.submit(person_services.update_contact, command) is None
    assert shown == [READ_ONLY_REASON]
    after = load_person(demo_db, person_id)
    assert (after.phone, after.version) == (before.phone, before.version)
    assert changes_of(demo_db, person_id) == []
