"""RelationDialog and the Relationer tab: commands built from the input, the service's rules
checked inline, a refusal from the service reopening the dialog, ending a relation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from tests.helpers.persons import changes_of, person_at, relations_of

from treserva_desktop.db.database import Database
from treserva_desktop.db.queries.person_record import get_person_record
from treserva_desktop.domain.commands.persons import AddRelation, UpdateRelation
from treserva_desktop.domain.enums import RelationKind
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.views.persons import PersonRecordView, RelationRecordView
from treserva_desktop.ui import messages
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.handlers.persons import open_person_window
from treserva_desktop.ui.person_window.person_window import PersonWindow
from treserva_desktop.ui.person_window.relation_dialog import RelationDialog
from treserva_desktop.ui.runner import fetch


@pytest.fixture
def ctx(make_ctx: Callable[[str], AppContext]) -> AppContext:
    return make_ctx("samordnare")


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    texts: list[str] = []
    monkeypatch.setattr(messages, "error", lambda _parent, text, **_kw: texts.append(text))
    monkeypatch.setattr(messages, "ask_save_changes", lambda *_a, **_kw: False)
    return texts


def record_of(ctx: AppContext, person_id: int) -> PersonRecordView:
    record = fetch(ctx, get_person_record, person_id).value
    assert record is not None
    return record


@pytest.fixture
def record(ctx: AppContext, demo_db: Database) -> PersonRecordView:
    """A person at Norr grupp 1 without an invoice recipient."""
    for skip in range(5):
        candidate = record_of(ctx, person_at(demo_db, skip=skip))
        if candidate.invoice_recipient is None:
            return candidate
    raise AssertionError("no demo person without an invoice recipient")


def make_dialog(qtbot, record: PersonRecordView, relation=None, **kwargs) -> RelationDialog:
    dialog = RelationDialog(record, relation, **kwargs)
    qtbot.addWidget(dialog)
    return dialog


def test_a_new_relation_becomes_add_relation(qtbot, record: PersonRecordView) -> None:
    dialog = make_dialog(qtbot, record)
    assert dialog.windowTitle() == f"Lägg till relation – {record.name}"
    dialog.kind.setCurrentIndex(dialog.kind.findData(RelationKind.GUARDIAN))
    qtbot.keyClicks(dialog.name, "  Stina Ek ")
    qtbot.keyClicks(dialog.relation_type, "God man")
    qtbot.keyClicks(dialog.phone, "070-111 22 33")
    dialog.notify_on_events.setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == RelationDialog.DialogCode.Accepted
    assert dialog.command == AddRelation(
        person_id=record.id,
        expected_version=record.version,
        kind=RelationKind.GUARDIAN,
        name="Stina Ek",
        relation_type="God man",
        phone="070-111 22 33",
        notify_on_events=True,
    )


@pytest.mark.parametrize(
    ("fill", "field", "text"),
    [
        ({}, "name", "Namn måste anges."),
        ({"name": "Stina Ek", "email": "stina@"}, "email", "E-post är inte en giltig"),
        ({"name": "Stina Ek", "phone": "12"}, "phone", "Telefon är inte ett giltigt"),
        ({"name": "Stina Ek", "postal_code": "1234"}, "postal_code", "Postnummer ska skrivas"),
        (
            {"name": "Stina Ek", "street": "Storgatan 1", "invoice": True},
            "postal_code",
            "En fakturamottagare måste ha fullständig postadress – ange postnummer.",
        ),
        ({"name": "x" * 121}, "name", "Namn får vara högst 120 tecken"),
    ],
)
def test_bad_input_is_marked_at_the_field_and_the_dialog_stays_open(
    qtbot, record: PersonRecordView, fill: dict[str, object], field: str, text: str
) -> None:
    dialog = make_dialog(qtbot, record)
    dialog.show()
    for name, value in fill.items():
        if name == "invoice":
            dialog.is_invoice_recipient.setChecked(True)
        else:
            getattr(dialog, name).setText(value)
    dialog.accept()
    assert dialog.command is None
    assert dialog.isVisible()
    assert list(dialog.errors.shown()) == [field]
    assert dialog.errors.message(field).startswith(text)
    assert dialog.findChild(QWidget, f"error_{field}").isVisible()
    assert dialog.focusWidget() is getattr(dialog, field)


def test_a_second_invoice_recipient_is_refused_inline(qtbot, record: PersonRecordView) -> None:
    assert record.invoice_recipient is None
    recipient = RelationRecordView(
        id=999,
        kind=RelationKind.NEXT_OF_KIN,
        name="Petra Ek",
        relation_type="",
        phone="",
        email="",
        street="Storgatan 1",
        postal_code="123 45",
        city="Stad",
        is_invoice_recipient=True,
        notify_on_events=False,
        active=True,
        ended_on=None,
    )
    with_recipient = replace(record, relations=(recipient, *record.relations))
    dialog = make_dialog(qtbot, with_recipient)
    dialog.name.setText("Olle Ek")
    dialog.street.setText("Lillgatan 2")
    dialog.postal_code.setText("12345")
    dialog.city.setText("Stad")
    dialog.is_invoice_recipient.setChecked(True)
    dialog.accept()
    assert dialog.command is None
    assert list(dialog.errors.shown()) == ["is_invoice_recipient"]
    assert "redan en fakturamottagare (Petra Ek)" in dialog.errors.message("is_invoice_recipient")
    # Editing the recipient itself keeps its own mark.
    edit = make_dialog(qtbot, with_recipient, recipient)
    assert edit.windowTitle() == f"Ändra relation – {record.name}"
    assert edit.is_invoice_recipient.isChecked()
    edit.phone.setText("070-999 88 77")
    edit.accept()
    assert isinstance(edit.command, UpdateRelation)
    assert edit.command.relation_id == 999
    assert edit.command.is_invoice_recipient
    assert edit.command.phone == "070-999 88 77"


def test_the_same_relation_twice_is_refused_inline(qtbot, record: PersonRecordView) -> None:
    existing = RelationRecordView(
        id=998,
        kind=RelationKind.NEXT_OF_KIN,
        name="Petra Ek",
        relation_type="",
        phone="",
        email="",
        street="",
        postal_code="",
        city="",
        is_invoice_recipient=False,
        notify_on_events=False,
        active=True,
        ended_on=None,
    )
    with_petra = replace(record, relations=(existing, *record.relations))
    dialog = make_dialog(qtbot, with_petra)
    dialog.show()
    dialog.kind.setCurrentIndex(dialog.kind.findData(RelationKind.NEXT_OF_KIN))
    dialog.name.setText(" petra ek ")
    dialog.accept()
    assert dialog.command is None
    assert dialog.errors.shown() == {
        "name": "petra ek finns redan som närstående för personen. "
        "Ändra den befintliga relationen i stället."
    }
    assert dialog.findChild(QWidget, "error_name").isVisible()
    # As God man she is a new relation; editing her own row is no duplicate.
    dialog.kind.setCurrentIndex(dialog.kind.findData(RelationKind.GUARDIAN))
    dialog.accept()
    assert isinstance(dialog.command, AddRelation)
    edit = make_dialog(qtbot, with_petra, existing)
    edit.accept()
    assert isinstance(edit.command, UpdateRelation)


def test_a_draft_and_an_error_reopen_the_dialog_as_the_user_left_it(
    qtbot, record: PersonRecordView
) -> None:
    draft = AddRelation(
        person_id=record.id,
        expected_version=record.version,
        kind=RelationKind.REFERENCE_PERSON,
        name="Olle Ek",
        city="Stad",
    )
    error = ValidationError("Ort är fel.", field="city")
    dialog = make_dialog(qtbot, record, draft=draft, error=error)
    assert dialog.kind.currentData() == RelationKind.REFERENCE_PERSON
    assert dialog.name.text() == "Olle Ek"
    assert dialog.errors.shown() == {"city": "Ort är fel."}


# -- the Relationer tab ------------------------------------------------------------------------


@pytest.fixture
def host(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def window(
    host: QWidget, ctx: AppContext, record: PersonRecordView, shown: list[str]
) -> PersonWindow:
    opened = open_person_window(ctx, host, record.id)
    assert opened is not None
    opened.tabs.setCurrentWidget(opened.relations_tab)
    return opened


def test_add_edit_and_end_a_relation_from_the_tab(
    window: PersonWindow,
    demo_db: Database,
    shown: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    person_id = window.person_id
    before = len(relations_of(demo_db, person_id))
    asked: list[tuple[object, object]] = []

    def ask_add(_parent, record, relation=None, **_kw):
        asked.append((record.version, relation))
        return AddRelation(
            person_id=record.id,
            expected_version=record.version,
            kind=RelationKind.NEXT_OF_KIN,
            name="Lena Ek",
            phone="070-222 33 44",
            notify_on_events=True,
        )

    monkeypatch.setattr(RelationDialog, "ask", classmethod(lambda cls, *a, **kw: ask_add(*a, **kw)))
    assert window.relations_tab.add_relation()
    rows = relations_of(demo_db, person_id)
    assert len(rows) == before + 1
    added = rows[-1]
    assert (added.name, added.phone, added.notify_on_events) == ("Lena Ek", "070-222 33 44", True)
    tab = window.relations_tab
    assert tab.selected() is not None
    assert tab.selected().id == added.id
    shown_row = tab.model.rows.index(tab.selected())
    assert tab.model.data(tab.model.index(shown_row, 6)) == "✓"
    assert tab.edit_button.isEnabled()
    assert tab.end_button.isEnabled()

    def ask_edit(_parent, record, relation=None, **_kw):
        assert relation is not None
        assert relation.id == added.id
        return UpdateRelation(
            person_id=record.id,
            expected_version=record.version,
            relation_id=relation.id,
            kind=relation.kind,
            name=relation.name,
            relation_type="Dotter",
            phone=relation.phone,
        )

    monkeypatch.setattr(
        RelationDialog, "ask", classmethod(lambda cls, *a, **kw: ask_edit(*a, **kw))
    )
    assert tab.edit_relation()
    assert relations_of(demo_db, person_id)[-1].relation_type == "Dotter"

    questions: list[str] = []
    answers = [False, True]

    def confirm(_parent, text, **_kw):
        questions.append(text)
        return answers[len(questions) - 1]

    monkeypatch.setattr(messages, "confirm", confirm)
    assert not tab.end_relation()
    assert relations_of(demo_db, person_id)[-1].active
    assert tab.end_relation()
    ended = relations_of(demo_db, person_id)[-1]
    assert not ended.active
    assert ended.ended_on is not None
    assert "Lena Ek" in questions[0]
    assert all(r.id != ended.id for r in tab.model.rows)
    tab.show_ended.setChecked(True)
    assert any(r.id == ended.id for r in tab.model.rows)
    assert [c.field for c in changes_of(demo_db, person_id)][-1] == "ended_on"
    assert shown == []


def test_a_refusal_from_the_service_reopens_the_dialog_at_the_field(
    window: PersonWindow, demo_db: Database, shown: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, object]] = []

    def ask(_parent, record, relation=None, **kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            # What the dialog would never let through, so the service is the one to refuse.
            return AddRelation(
                person_id=record.id,
                expected_version=record.version,
                kind=RelationKind.NEXT_OF_KIN,
                name="Lena Ek",
                email="lena@",
            )
        return None

    monkeypatch.setattr(RelationDialog, "ask", classmethod(lambda cls, *a, **kw: ask(*a, **kw)))
    before = len(relations_of(demo_db, window.person_id))
    assert not window.relations_tab.add_relation()
    assert len(calls) == 2
    error = calls[1]["error"]
    assert isinstance(error, ValidationError)
    assert error.field == "email"
    draft = calls[1]["draft"]
    assert isinstance(draft, AddRelation)
    assert draft.name == "Lena Ek"
    assert shown == []
    assert len(relations_of(demo_db, window.person_id)) == before


def test_relation_buttons_follow_the_selection(window: PersonWindow) -> None:
    tab = window.relations_tab
    tab.table.clearSelection()
    tab.table.setCurrentIndex(tab.model.index(-1, -1))
    assert tab.add_button.isEnabled()
    assert not tab.edit_button.isEnabled()
    assert not tab.end_button.isEnabled()
    if tab.model.rows:
        tab.table.selectRow(0)
        assert tab.edit_button.isEnabled()
