"""Sök person: identity number in any common form or a name prefix, errors inline, and a
confirmation of name and number before the person is opened."""

from __future__ import annotations

import functools
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget
from tests.helpers import FakeHost
from tests.helpers.persons import load_person, person_at, update_person

from treserva_desktop.db.database import Database
from treserva_desktop.db.queries import person_search as person_search_queries
from treserva_desktop.domain.identity import from_stored
from treserva_desktop.ui import messages
from treserva_desktop.ui.actions import ActionContext, ActionId, spec, trigger
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.person_search_dialog import PersonSearchDialog
from treserva_desktop.ui.handlers import persons as persons_handlers
from treserva_desktop.ui.handlers.persons import person_search
from treserva_desktop.ui.person_window.person_window import PersonWindow


@pytest.fixture
def ctx(make_ctx: Callable[[str], AppContext]) -> AppContext:
    return make_ctx("samordnare")


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Confirmation texts; the answer is always Ja."""
    asked: list[str] = []

    def confirm(_parent: object, text: str, **_kw: object) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(messages, "confirm", confirm)
    return asked


@pytest.fixture
def dialog(qtbot, ctx: AppContext) -> PersonSearchDialog:
    widget = PersonSearchDialog(person_search(ctx))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def number_forms(demo_db: Database, person_id: int) -> list[str]:
    person = load_person(demo_db, person_id)
    number = from_stored(person.identity_number, person.identity_kind)
    twelve = number.value
    short = number.short(demo_db.clock.today())
    return [number.display(), twelve, short, twelve[2:], f" {short} "]


def test_every_common_number_form_finds_the_person(
    dialog: PersonSearchDialog, demo_db: Database
) -> None:
    person_id = person_at(demo_db)
    for text in number_forms(demo_db, person_id):
        dialog.text.setText(text)
        results = dialog.search()
        assert [r.id for r in results] == [person_id], text
    assert "1 person hittades" in dialog.status.text()


def test_name_prefix_lists_matches_with_number_and_address(
    dialog: PersonSearchDialog, demo_db: Database
) -> None:
    person = load_person(demo_db, person_at(demo_db))
    dialog.text.setText(person.last_name[:3].lower())
    results = dialog.search()
    assert person.id in [r.id for r in results]
    prefix = person.last_name[:3].casefold()
    for result in results:
        last, first = result.name.split(", ")
        assert last.casefold().startswith(prefix) or first.casefold().startswith(prefix)
    model = dialog.model
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert headers == ["Namn", "Personnummer", "Adress", "Anmärkning"]
    row = [r.id for r in model.rows].index(person.id)
    assert model.data(model.index(row, 0)) == f"{person.last_name}, {person.first_name}"
    assert model.data(model.index(row, 3)) == "Testperson"
    assert dialog.selected() is not None


def test_columns_fit_every_listed_text_and_the_status_colour_follows_errors(
    dialog: PersonSearchDialog, demo_db: Database
) -> None:
    """The columns are fitted once per search from the longest texts (not by Qt at every
    layout): every listed name, number and remark still fits its column."""
    dialog.text.setText(load_person(demo_db, person_at(demo_db)).last_name[:1])
    results = dialog.search()
    assert len(results) >= 2
    metrics = dialog.table.fontMetrics()
    for column in (0, 1, 3):
        widest = max(
            metrics.horizontalAdvance(dialog.model.data(dialog.model.index(row, column)))
            for row in range(len(results))
        )
        assert dialog.table.columnWidth(column) > widest, column
    assert "555555" in dialog.status.styleSheet()
    dialog.text.setText("1234")
    dialog.search()
    assert "b00020" in dialog.status.styleSheet()
    dialog.text.setText("Zzyxkvist")
    dialog.search()
    assert "555555" in dialog.status.styleSheet()


def test_protected_person_shows_no_address(dialog: PersonSearchDialog, demo_db: Database) -> None:
    person_id = person_at(demo_db)
    update_person(demo_db, person_id, protected_identity=True)
    dialog.text.setText(number_forms(demo_db, person_id)[0])
    [result] = dialog.search()
    assert result.address == "Skyddad"
    assert dialog.model.data(dialog.model.index(0, 3)) == "Skyddad identitet, Testperson"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Skriv ett personnummer eller början av ett namn."),
        ("1234", "Skriv personnumret med 10 eller 12 siffror"),
        ("19400101-1235", "Kontrollsiffran stämmer inte"),
    ],
)
def test_bad_input_is_explained_in_the_dialog(
    dialog: PersonSearchDialog, text: str, message: str
) -> None:
    dialog.text.setText(text)
    assert dialog.search() == []
    assert dialog.status.text().startswith(message)
    assert "b00020" in dialog.status.styleSheet()
    assert dialog.isVisible()


def test_more_matches_than_listed_are_not_called_all_found(
    qtbot, ctx: AppContext, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    prefix = load_person(demo_db, person_at(demo_db)).last_name[:1]
    all_found = PersonSearchDialog(person_search(ctx))
    qtbot.addWidget(all_found)
    all_found.text.setText(prefix)
    matches = len(all_found.search())
    assert 2 <= matches < person_search_queries.SEARCH_LIMIT, "the demo needs a few matches"
    assert all_found.status.text().startswith(f"{matches} personer hittades. Markera")

    limit = matches - 1
    monkeypatch.setattr(
        persons_handlers,
        "search_persons_page",
        functools.partial(person_search_queries.search_persons_page, limit=limit),
    )
    dialog = PersonSearchDialog(person_search(ctx))
    qtbot.addWidget(dialog)
    dialog.text.setText(prefix)
    assert len(dialog.search()) == limit
    assert dialog.status.text().startswith(
        f"Fler än {limit} personer hittades; de {limit} första i namnordning visas."
    )
    assert dialog.selected() is not None


def test_nobody_found(dialog: PersonSearchDialog) -> None:
    dialog.text.setText("Zzyxkvist")
    assert dialog.search() == []
    assert dialog.status.text() == "Ingen person hittades bland dem du har behörighet till."


def test_enter_searches_then_opens_after_confirmation(
    qtbot, dialog: PersonSearchDialog, demo_db: Database, questions: list[str]
) -> None:
    person_id = person_at(demo_db)
    person = load_person(demo_db, person_id)
    qtbot.keyClicks(dialog.text, number_forms(demo_db, person_id)[2])
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    assert [r.id for r in dialog.model.rows] == [person_id]
    assert questions == []  # the first Enter only searched
    assert dialog.isVisible()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen is not None
    assert dialog.chosen.id == person_id
    [question] = questions
    assert question.startswith("Är det rätt person?")
    assert f"{person.last_name}, {person.first_name}" in question
    assert (
        f"Personnummer: {from_stored(person.identity_number, person.identity_kind).display()}"
        in question
    )
    assert "Testperson" in question


def test_answering_nej_keeps_the_dialog_open(
    dialog: PersonSearchDialog, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_kw: False)
    dialog.text.setText(number_forms(demo_db, person_at(demo_db))[0])
    dialog.search()
    dialog.accept()
    assert dialog.chosen is None
    assert dialog.isVisible()
    # New text: Öppna searches again rather than opening the old hit.
    dialog.text.setText("Zzyxkvist")
    dialog.accept()
    assert dialog.model.rows == []


def test_double_click_opens(
    qtbot, dialog: PersonSearchDialog, demo_db: Database, questions: list[str]
) -> None:
    dialog.text.setText(number_forms(demo_db, person_at(demo_db))[1])
    dialog.search()
    index = dialog.model.index(0, 0)
    dialog.table.doubleClicked.emit(index)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert len(questions) == 1


def test_care_staff_finds_only_persons_at_their_unit(
    qtbot, make_ctx: Callable[[str], AppContext], demo_db: Database
) -> None:
    dialog = PersonSearchDialog(person_search(make_ctx("personal")))
    qtbot.addWidget(dialog)
    outsider = person_at(demo_db, "Söder grupp A")
    dialog.text.setText(number_forms(demo_db, outsider)[0])
    assert dialog.search() == []
    dialog.text.setText(number_forms(demo_db, person_at(demo_db))[0])
    assert len(dialog.search()) == 1


def test_search_action_opens_the_person_window(
    qtbot,
    ctx: AppContext,
    demo_db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    monkeypatch.setattr(messages, "ask_save_changes", lambda *_a, **_kw: False)
    person_id = person_at(demo_db)

    fake = FakeHost(ctx, parent=host)

    def ask(_parent: object, _ctx: AppContext, text: str = ""):
        dialog = PersonSearchDialog(person_search(ctx))
        dialog.text.setText(number_forms(demo_db, person_id)[0])
        [result] = dialog.search()
        dialog.deleteLater()
        return result

    monkeypatch.setattr(PersonSearchDialog, "ask", classmethod(lambda cls, *a, **kw: ask(*a, **kw)))
    trigger(spec(ActionId.SEARCH_PERSON), ActionContext(fake, None))
    assert [w.person_id for w in host.findChildren(PersonWindow)] == [person_id]
    monkeypatch.setattr(PersonSearchDialog, "ask", classmethod(lambda cls, *a, **kw: None))
    trigger(spec(ActionId.SEARCH_PERSON), ActionContext(fake, None))
    assert len(host.findChildren(PersonWindow)) == 1
