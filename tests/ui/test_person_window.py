"""The person window: tabs filled from the record, one save per tab, inline field errors,
read-only roles, protected identity, conflicts and unsaved changes on close."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget
from sqlalchemy import select
from tests.helpers import FakeHost
from tests.helpers.persons import (
    change_phone_elsewhere,
    changes_of,
    load_person,
    person_at,
    update_person,
)

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, BillingArea
from treserva_desktop.domain.changes import ChangeKind, ChangeSet
from treserva_desktop.domain.commands.persons import RevealReasonChoice, UpdateContact
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.services import persons as person_services
from treserva_desktop.services.persons import CHANGED_BY_SOMEONE_ELSE
from treserva_desktop.ui import messages
from treserva_desktop.ui.actions import ActionId, MenuId, context_specs, spec
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.handlers import persons as person_handlers
from treserva_desktop.ui.person_window.person_window import PersonWindow
from treserva_desktop.ui.person_window.reveal_reason_dialog import RevealReasonDialog
from treserva_desktop.ui.tree.kinds import kind_spec
from treserva_desktop.ui.tree.nodes import Node, NodeKind, PersonRef


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Texts of messages.error; closing with unsaved changes discards them unless a test
    says otherwise."""
    texts: list[str] = []
    monkeypatch.setattr(messages, "error", lambda _parent, text, **_kw: texts.append(text))
    monkeypatch.setattr(messages, "ask_save_changes", lambda *_a, **_kw: False)
    return texts


@pytest.fixture
def host(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def person_id(demo_db: Database) -> int:
    return person_at(demo_db)


@pytest.fixture
def ctx(make_ctx: Callable[[str], AppContext]) -> AppContext:
    return make_ctx("samordnare")


def open_window(ctx: AppContext, host: QWidget, person_id: int) -> PersonWindow:
    window = person_handlers.open_person_window(ctx, host, person_id)
    assert window is not None
    return window


def collect_changes(ctx: AppContext) -> list[ChangeSet]:
    seen: list[ChangeSet] = []
    ctx.events.data_changed.connect(seen.append)
    return seen


def test_tabs_show_the_record(
    ctx: AppContext, host: QWidget, person_id: int, demo_db: Database, shown: list[str]
) -> None:
    update_person(demo_db, person_id, door_code="4711", language="finska")
    window = open_window(ctx, host, person_id)
    person = load_person(demo_db, person_id)
    assert window.windowTitle() == f"Personuppgifter – {person.first_name} {person.last_name}"
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Person",
        "Kontakt",
        "Adresser",
        "Relationer",
        "Inställningar",
        "Historik",
    ]
    tab = window.person_tab
    assert tab.identity.isReadOnly()
    assert tab.identity.text() == window.record.identity_display
    assert tab.first_name.text() == person.first_name
    assert tab.language.text() == "finska"
    # Gender follows from a personnummer: shown, not editable.
    assert not tab.gender_text.isHidden()
    assert tab.gender.isHidden()
    assert window.contact_tab.phone.text() == person.phone
    assert window.contact_tab.door_code.text() == "4711"
    assert window.address_tab.street.text() == person.street
    assert not window.address_tab.temporary.isChecked()
    assert window.settings_tab.billing_area.currentData() == person.billing_area_code
    assert window.relations_tab.model.rowCount() == len(window.record.active_relations)
    assert window.read_only_note.isHidden()
    assert window.protected_bar.isHidden()
    for edit_tab in window.edit_tabs:
        assert not edit_tab.save_button.isEnabled()
    assert shown == []


def test_saving_a_tab_sends_one_command_and_keeps_other_edits(
    ctx: AppContext, host: QWidget, person_id: int, demo_db: Database, shown: list[str], qtbot
) -> None:
    window = open_window(ctx, host, person_id)
    seen = collect_changes(ctx)
    version = window.record.version
    window.address_tab.city.setText("Norrtälje")
    contact = window.contact_tab
    contact.phone.clear()
    qtbot.keyClicks(contact.phone, "070 123 45 67")
    qtbot.keyClicks(contact.email, "anna@exempel.se")
    assert window.tabs.tabText(1) == "Kontakt *"
    assert contact.save_button.isEnabled()
    qtbot.mouseClick(contact.save_button, Qt.MouseButton.LeftButton)

    person = load_person(demo_db, person_id)
    assert person.phone == "070-123 45 67"  # stored in the one written form
    assert person.email == "anna@exempel.se"
    assert person.city != "Norrtälje"  # the Adresser tab was not saved
    assert window.record.version == version + 1
    # The one person's data: units reload only if they list this person.
    assert seen == [
        ChangeSet(
            frozenset({ChangeKind.PERSONS}),
            units=frozenset(),
            persons=frozenset({person_id}),
            assignments=frozenset(),
            messages=frozenset(),
        )
    ]
    assert not contact.is_dirty()
    assert window.tabs.tabText(1) == "Kontakt"
    assert window.status.text() == "Ändringarna är sparade."
    # The other tab keeps what the user typed, and saves it with the new version.
    assert window.address_tab.city.text() == "Norrtälje"
    assert window.address_tab.is_dirty()
    assert window.address_tab.save()
    assert load_person(demo_db, person_id).city == "Norrtälje"
    fields = [change.field for change in changes_of(demo_db, person_id)]
    assert fields == ["phone", "email", "city"]
    assert shown == []


def test_a_field_error_is_shown_at_the_field_and_nothing_is_saved(
    ctx: AppContext, host: QWidget, person_id: int, demo_db: Database, shown: list[str]
) -> None:
    window = open_window(ctx, host, person_id)
    before = load_person(demo_db, person_id)
    contact = window.contact_tab
    contact.email.setText("anna@")
    assert not contact.save()
    assert list(contact.errors.shown()) == ["email"]
    assert "E-post är inte en giltig e-postadress" in contact.errors.message("email")
    label = contact.findChild(QWidget, "error_email")
    assert label.isVisibleTo(contact)
    assert label.text() == contact.errors.message("email")
    assert contact.email.property("invalid") is True
    assert shown == []  # inline, not a message box
    assert load_person(demo_db, person_id).version == before.version
    assert not window.isHidden()
    # Typing in the field clears the mark; a valid value saves.
    contact.email.setText("anna@exempel.se")
    contact.email.textEdited.emit("anna@exempel.se")
    assert contact.errors.shown() == {}
    assert contact.email.property("invalid") is False
    assert contact.save()


def test_name_required_and_person_tab_saves_protected_flag(
    ctx: AppContext, host: QWidget, person_id: int, demo_db: Database, shown: list[str]
) -> None:
    window = open_window(ctx, host, person_id)
    tab = window.person_tab
    tab.first_name.setText("  ")
    assert not tab.save()
    assert tab.errors.shown() == {"first_name": "Förnamn måste anges."}
    tab.first_name.setText("Karin")
    tab.needs_interpreter.setChecked(True)
    tab.language.setText("finska")
    assert tab.save()
    person = load_person(demo_db, person_id)
    assert (person.first_name, person.needs_interpreter, person.language) == (
        "Karin",
        True,
        "finska",
    )
    assert person.protected_identity is False
    assert window.windowTitle() == f"Personuppgifter – Karin {person.last_name}"


def test_lifting_protected_identity_asks_first(
    ctx: AppContext,
    host: QWidget,
    person_id: int,
    demo_db: Database,
    shown: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    update_person(demo_db, person_id, protected_identity=True)
    window = open_window(ctx, host, person_id)
    questions: list[str] = []
    answer = [False]

    def confirm(_parent: object, text: str, **_kw: object) -> bool:
        questions.append(text)
        return answer[0]

    monkeypatch.setattr(messages, "confirm", confirm)
    window.person_tab.protected_identity.setChecked(False)
    assert not window.person_tab.save()
    assert load_person(demo_db, person_id).protected_identity is True
    assert "Skyddad identitet" in questions[0]
    answer[0] = True
    assert window.person_tab.save()
    assert load_person(demo_db, person_id).protected_identity is False
    assert window.protected_bar.isHidden()


def test_temporary_address_with_dates(
    ctx: AppContext, host: QWidget, person_id: int, demo_db: Database, shown: list[str]
) -> None:
    window = open_window(ctx, host, person_id)
    tab = window.address_tab
    tab.temporary.setChecked(True)
    tab.temp_street.setText("Sommarvägen 3")
    tab.temp_postal_code.setText("76194")
    tab.temp_city.setText("Norrtälje")
    tab.temp_valid_from.setDate(QDate(2025, 6, 1))
    assert tab.temp_open_ended.isChecked()
    assert not tab.temp_valid_to.isEnabled()
    assert tab.save()
    person = load_person(demo_db, person_id)
    assert (person.temp_postal_code, person.temp_valid_from, person.temp_valid_to) == (
        "761 94",
        date(2025, 6, 1),
        None,
    )
    # An end before the start is refused at the t.o.m. field.
    tab.temp_open_ended.setChecked(False)
    assert tab.temp_valid_to.isEnabled()
    tab.temp_valid_to.setDate(QDate(2025, 5, 1))
    assert not tab.save()
    assert list(tab.errors.shown()) == ["temp_valid_to"]
    tab.temp_valid_to.setDate(QDate(2025, 8, 31))
    assert tab.save()
    assert load_person(demo_db, person_id).temp_valid_to == date(2025, 8, 31)
    # Unticking the group removes the temporary address.
    tab.temporary.setChecked(False)
    assert tab.save()
    assert load_person(demo_db, person_id).temp_street == ""
    assert shown == []


def test_settings_tab_sets_billing_area_and_contact_person(
    ctx: AppContext, host: QWidget, person_id: int, demo_db: Database, shown: list[str]
) -> None:
    window = open_window(ctx, host, person_id)
    tab = window.settings_tab
    codes = [tab.billing_area.itemData(i) for i in range(tab.billing_area.count())]
    with demo_db.read() as session:
        all_codes = session.scalars(select(BillingArea.code).order_by(BillingArea.code)).all()
    assert codes == [None, *all_codes]
    candidates = [tab.contact_person.itemData(i) for i in range(1, tab.contact_person.count())]
    assert candidates
    tab.billing_area.setCurrentIndex(tab.billing_area.findData("HT-S"))
    tab.contact_person.setCurrentIndex(1)
    assert tab.save()
    person = load_person(demo_db, person_id)
    assert person.billing_area_code == "HT-S"
    assert person.contact_user_id == candidates[0]
    assert [c.field for c in changes_of(demo_db, person_id)] == [
        "billing_area",
        "contact_person",
    ]
    assert not tab.is_dirty()
    # Clearing the billing area is allowed too.
    tab.billing_area.setCurrentIndex(0)
    assert tab.save()
    assert load_person(demo_db, person_id).billing_area_code is None


def test_conflict_shows_the_message_and_the_new_values(
    ctx: AppContext,
    host: QWidget,
    person_id: int,
    demo_db: Database,
    shown: list[str],
    make_ctx: Callable[[str], AppContext],
) -> None:
    window = open_window(ctx, host, person_id)
    other = make_ctx("gruppchef").actor
    change_phone_elsewhere(demo_db, other, person_id, "08-123 456 78")
    window.contact_tab.email.setText("ny@exempel.se")
    assert not window.contact_tab.save()
    assert shown == [CHANGED_BY_SOMEONE_ELSE]
    assert window.contact_tab.phone.text() == "08-123 456 78"
    assert window.contact_tab.email.text() == load_person(demo_db, person_id).email
    assert window.record.version == load_person(demo_db, person_id).version
    assert not window.contact_tab.is_dirty()
    # Saving again now goes with the new version.
    window.contact_tab.email.setText("ny@exempel.se")
    assert window.contact_tab.save()
    assert load_person(demo_db, person_id).email == "ny@exempel.se"


def test_read_only_for_care_staff_and_the_service_refuses_a_save(
    host: QWidget,
    person_id: int,
    demo_db: Database,
    shown: list[str],
    make_ctx: Callable[[str], AppContext],
) -> None:
    ctx = make_ctx("personal")
    window = open_window(ctx, host, person_id)
    record = window.record
    assert not record.editable
    assert not window.read_only_note.isHidden()
    assert record.read_only_reason in window.read_only_note.text()
    for edit_tab in window.edit_tabs:
        assert not edit_tab.save_button.isEnabled()
        for field in edit_tab.findChildren(QLineEdit):
            assert field.isReadOnly() or not field.isEnabled(), field.objectName()
            # Example placeholders would look like data in a read-only field.
            assert field.placeholderText() == "", field.objectName()
    contact = window.contact_tab
    for field in (contact.phone, contact.mobile_phone, contact.email):
        # Read-only, not disabled: the values keep their normal (readable) colour.
        assert field.isReadOnly(), field.objectName()
        assert field.isEnabled(), field.objectName()
    assert not window.relations_tab.add_button.isEnabled()
    command = UpdateContact(
        person_id=record.id, expected_version=record.version, phone="070-123 45 67"
    )
    assert window.submit(person_services.update_contact, command) is None
    assert shown == [record.read_only_reason]
    assert load_person(demo_db, person_id).phone != "070-123 45 67"


def test_relation_headers_are_fully_visible(
    ctx: AppContext, host: QWidget, person_id: int, shown: list[str]
) -> None:
    window = open_window(ctx, host, person_id)
    window.tabs.setCurrentWidget(window.relations_tab)
    window.show()
    table = window.relations_tab.table
    header = table.horizontalHeader()
    model = table.model()
    assert model.headerData(6, Qt.Orientation.Horizontal) == "Aviseras"
    for column in range(model.columnCount()):
        text = str(model.headerData(column, Qt.Orientation.Horizontal))
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(text), text
    visible = sum(header.sectionSize(c) for c in range(model.columnCount()))
    assert visible <= table.viewport().width()
    window.close()


def test_protected_identity_is_masked_until_a_reason_is_given(
    ctx: AppContext,
    host: QWidget,
    person_id: int,
    demo_db: Database,
    shown: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    update_person(demo_db, person_id, protected_identity=True)
    person = load_person(demo_db, person_id)
    window = open_window(ctx, host, person_id)
    assert window.record.masked
    assert not window.protected_bar.isHidden()
    assert window.contact_tab.phone.text() == "Skyddad"
    assert not window.contact_tab.phone.isEnabled()
    assert window.address_tab.street.text() == "Skyddad"
    assert not window.address_tab.street.isEnabled()
    assert window.person_tab.first_name.isEnabled()

    monkeypatch.setattr(RevealReasonDialog, "ask", classmethod(lambda *_a: None))
    assert not window.reveal()
    assert window.record.masked

    monkeypatch.setattr(
        RevealReasonDialog,
        "ask",
        classmethod(lambda *_a: RevealReasonChoice(code="care_planning", comment="Kallelse")),
    )
    assert window.reveal()
    assert window.contact_tab.phone.text() == person.phone
    assert window.address_tab.street.isEnabled()
    assert window.reveal_button.isHidden()
    assert "Kallelse till vårdplanering" in window.protected_note.text()
    with demo_db.read() as session:
        details = session.scalars(
            select(AuditEvent.details).where(
                AuditEvent.person_id == person_id, AuditEvent.action == AuditAction.READ_PERSON
            )
        ).all()
    revealed = [d for d in details if d.get("reveal_protected")]
    assert [(d["view"], d["reason_code"]) for d in revealed] == [("record", "care_planning")]
    assert "Kallelse" not in str(revealed)
    # Saving while revealed keeps the values shown.
    window.address_tab.city.setText("Hallstavik")
    assert window.address_tab.save()
    assert window.address_tab.city.text() == "Hallstavik"
    assert not window.record.masked
    assert shown == []


def test_history_tab_lists_changes(
    ctx: AppContext, host: QWidget, person_id: int, shown: list[str]
) -> None:
    window = open_window(ctx, host, person_id)
    window.contact_tab.mobile_phone.setText("070-765 43 21")
    assert window.contact_tab.save()
    window.tabs.setCurrentWidget(window.history_tab)
    rows = window.history_tab.model.rows
    assert [(r.field_label, r.new) for r in rows] == [("Mobiltelefon", "070-765 43 21")]
    assert rows[0].who == ctx.actor.display_name
    headers = [
        window.history_tab.model.headerData(i, Qt.Orientation.Horizontal)
        for i in range(window.history_tab.model.columnCount())
    ]
    assert headers == ["Tid", "Vem", "Avser", "Fält", "Tidigare", "Nytt"]
    # A later save shows up without reopening the window.
    window.contact_tab.mobile_phone.setText("")
    assert window.contact_tab.save()
    assert len(window.history_tab.model.rows) == 2


@pytest.mark.parametrize(
    ("answer", "closed", "saved"), [(None, False, False), (False, True, False), (True, True, True)]
)
def test_closing_with_unsaved_changes_asks(
    ctx: AppContext,
    host: QWidget,
    person_id: int,
    demo_db: Database,
    shown: list[str],
    monkeypatch: pytest.MonkeyPatch,
    answer: bool | None,
    closed: bool,
    saved: bool,
) -> None:
    window = open_window(ctx, host, person_id)
    questions: list[str] = []

    def ask(_parent: object, text: str, **_kw: object) -> bool | None:
        questions.append(text)
        return answer

    monkeypatch.setattr(messages, "ask_save_changes", ask)
    window.contact_tab.email.setText("stang@exempel.se")
    window.close_button.click()
    assert questions
    assert questions[0].startswith("Vill du spara ändringarna?")
    assert "Kontakt" in questions[0]
    assert window.isHidden() is closed
    assert (load_person(demo_db, person_id).email == "stang@exempel.se") is saved


def test_closing_without_changes_does_not_ask(
    ctx: AppContext,
    host: QWidget,
    person_id: int,
    shown: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window(ctx, host, person_id)

    def refuse(*_args: object, **_kwargs: object) -> bool | None:
        raise AssertionError("asked although nothing changed")

    monkeypatch.setattr(messages, "ask_save_changes", refuse)
    window.reject()
    assert window.isHidden()


def test_enter_in_a_field_saves_the_current_tab(
    ctx: AppContext, host: QWidget, person_id: int, demo_db: Database, shown: list[str], qtbot
) -> None:
    window = open_window(ctx, host, person_id)
    window.tabs.setCurrentWidget(window.contact_tab)
    assert window.contact_tab.save_button.isDefault()
    assert not window.person_tab.save_button.isDefault()
    assert all(not button.autoDefault() for button in window.findChildren(QPushButton))
    window.contact_tab.email.setText("enter@exempel.se")
    window.contact_tab.email.setFocus()
    qtbot.keyClick(window.contact_tab.email, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: load_person(demo_db, person_id).email == "enter@exempel.se")


def test_open_person_window_reuses_an_open_window(
    ctx: AppContext, host: QWidget, person_id: int, shown: list[str]
) -> None:
    first = open_window(ctx, host, person_id)
    assert open_window(ctx, host, person_id) is first
    other = open_window(ctx, host, person_at(ctx.database, skip=1))
    assert other is not first


def test_opening_a_person_outside_ones_units_is_refused(
    host: QWidget, demo_db: Database, shown: list[str], make_ctx: Callable[[str], AppContext]
) -> None:
    ctx = make_ctx("personal")
    outsider = person_at(demo_db, "Söder grupp A")
    assert person_handlers.open_person_window(ctx, host, outsider) is None
    assert len(shown) == 1
    assert host.findChildren(PersonWindow) == []


def test_person_actions_in_the_registry(ctx: AppContext, host: QWidget) -> None:
    record = spec(ActionId.PERSON_RECORD)
    assert record.text == "Öppna personuppgifter…"
    assert record.applies_to == frozenset({NodeKind.PERSON})
    # Enter and double-click on a person open the person window (the arrow expands it).
    person = Node(kind=NodeKind.PERSON, label="x", ref=PersonRef(1))
    assert kind_spec(NodeKind.PERSON).default_for(person) is ActionId.PERSON_RECORD
    assert NodeKind.PERSON not in spec(ActionId.OPEN).applies_to
    search = spec(ActionId.SEARCH_PERSON)
    assert search.menu is MenuId.SHORTCUTS
    assert search.shortcut == "Ctrl+F"
    # First in a person's context menu.
    assert context_specs(person, ctx.actor)[0].id is ActionId.PERSON_RECORD


def test_person_record_handler_opens_the_window_for_the_node(
    ctx: AppContext, host: QWidget, person_id: int, shown: list[str]
) -> None:
    from treserva_desktop.ui.actions import ActionContext, trigger

    fake = FakeHost(ctx, parent=host)
    node = Node(kind=NodeKind.PERSON, label="x", ref=PersonRef(person_id))
    trigger(spec(ActionId.PERSON_RECORD), ActionContext(fake, node))
    windows = host.findChildren(PersonWindow)
    assert [w.person_id for w in windows] == [person_id]
    folder = Node(kind=NodeKind.FOLDER_INBOX, label="Inkorg")
    assert not spec(ActionId.PERSON_RECORD).is_enabled(ActionContext(fake, folder))
    assert shown == []
