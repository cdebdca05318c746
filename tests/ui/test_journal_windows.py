"""The note window, its drafts and the journal window's paged model, without a database: a
JournalView made here and a save that records what it is given."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QAbstractItemModelTester
from tests.helpers.distribution import Answers

from treserva_desktop.domain.commands.journals import SaveNote, SignNote
from treserva_desktop.domain.enums import JournalKind, Role
from treserva_desktop.domain.errors import DomainError, ValidationError
from treserva_desktop.domain.views.journals import (
    Choice,
    JournalView,
    NoteCursor,
    NotePage,
    NoteResult,
    NoteRow,
    NoteView,
)
from treserva_desktop.ui import messages
from treserva_desktop.ui.journal.drafts import Draft, DraftStore
from treserva_desktop.ui.journal.note_model import NoteTableModel
from treserva_desktop.ui.journal.note_window import NoteWindow
from treserva_desktop.ui.runner import Attempt

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
VIEW = JournalView(
    id=7,
    person_id=3,
    unit_id=5,
    kind=JournalKind.SOCIAL,
    title="Genomförandejournal hemtjänst",
    template_code="home_care",
    person_name="Ingrid Berg",
    organisation="ÄO Hemtjänst › Hemtjänst Norr › Norr grupp 1",
    closed=False,
    headings=("Dagsanteckning", "Besök"),
    keywords=("Måltider", "Hygien", "Sömn"),
    phrases=(("Måltid", "Åt med god aptit."),),
    performing_unit_id=5,
    units=(Choice(5, "Norr grupp 1"), Choice(6, "Norr grupp 2")),
    authors=(),
    version=1,
)


@pytest.fixture(autouse=True)
def _discard_on_close(monkeypatch: pytest.MonkeyPatch) -> None:
    """A window left with unsaved text when the test ends is closed without saving."""
    monkeypatch.setattr(messages, "ask_save_changes", lambda *_a, **_k: False)


class Saver:
    def __init__(self, refuse: DomainError | None = None) -> None:
        self.commands: list[SaveNote] = []
        self.refuse = refuse

    def __call__(self, _parent: object, command: SaveNote) -> Attempt[NoteResult]:
        self.commands.append(command)
        if self.refuse is not None:
            return Attempt(None, refused=self.refuse)
        return Attempt(NoteResult(11, command.journal_id, 3, len(self.commands), locked=False))


def window(qtbot, tmp_path: Path, saver: Saver, **kwargs: object) -> NoteWindow:
    note = NoteWindow(
        VIEW,
        save=saver,
        drafts=DraftStore(tmp_path, 1),
        now=lambda: NOW,
        **kwargs,  # type: ignore[arg-type]
    )
    qtbot.addWidget(note)
    note.show()
    return note


def test_spara_sends_what_the_window_holds_and_removes_the_draft(qtbot, tmp_path: Path) -> None:
    saver = Saver()
    note = window(qtbot, tmp_path, saver)
    assert note.unit.currentData() == 5
    assert not note.unit_warning.isVisibleTo(note)
    note.unit.setCurrentIndex(1)
    assert note.unit_warning.isVisibleTo(note)
    note.unit.setCurrentIndex(0)
    note.keywords.available.item(1).setSelected(True)
    note.keywords.link_button.click()
    note.keywords.available.itemDoubleClicked.emit(note.keywords.available.item(0))
    assert note.keywords.linked() == ("Hygien", "Måltider")
    note.keywords.linked_list.itemDoubleClicked.emit(note.keywords.linked_list.item(0))
    assert note.keywords.linked() == ("Måltider",)
    note.text.setPlainText("Kom hem från dagverksamheten. ")
    cursor = note.text.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    note.text.setTextCursor(cursor)
    note.phrase_menu.actions()[0].trigger()
    note.write_draft()
    assert len(DraftStore(tmp_path, 1).load_all()) == 1
    assert note.save()
    command = saver.commands[0]
    assert command.body == "Kom hem från dagverksamheten. Åt med god aptit."
    assert command.keywords == ("Måltider",)
    assert command.unit_id == 5
    assert command.heading == "Dagsanteckning"
    assert command.event_at == NOW
    assert DraftStore(tmp_path, 1).load_all() == []
    # The next Spara is the next version of the same note.
    note.text.setPlainText("Ändrad text")
    assert note.save()
    assert saver.commands[1].entry_id == 11
    assert saver.commands[1].expected_version == 1


def test_a_pasted_200000_character_text_is_kept_and_refused_clearly(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch)
    saver = Saver()
    note = window(qtbot, tmp_path, saver)
    pasted = "Lång text från ett annat system. " * 6061  # just over 200 000 characters
    assert len(pasted) >= 200_000
    QGuiApplication.clipboard().setText(pasted)
    note.text.setFocus()
    note.text.paste()
    assert note.text.toPlainText() == pasted
    assert "200" in note.counter.text()
    assert not note.save()
    assert saver.commands == []
    assert "högst 20" in answers.errors[0]
    assert "Korta texten" in answers.errors[0]
    # The text stays, and so does its draft.
    note.write_draft()
    assert DraftStore(tmp_path, 1).load_all()[0].body == pasted
    assert note.text.toPlainText() == pasted


def test_signera_saves_what_is_typed_then_locks_the_window(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch, False, True)
    saver = Saver()
    signed: list[SignNote] = []

    def sign(_parent: object, command: SignNote) -> Attempt[NoteResult]:
        signed.append(command)
        return Attempt(NoteResult(command.entry_id, 7, 3, command.expected_version + 1, True))

    note = window(qtbot, tmp_path, saver, sign=sign)
    assert note.sign_button.isVisible()
    note.text.setPlainText("Klart för dagen.")
    note.write_draft()
    assert not note.sign()  # Nej to the question: nothing happens
    assert saver.commands == []
    assert note.sign()
    assert len(answers.questions) == 2
    assert [c.body for c in saver.commands] == ["Klart för dagen."]
    assert signed == [SignNote(entry_id=11, expected_version=1)]
    assert note.read_only
    assert note.text.isReadOnly()
    assert not note.save_button.isVisible()
    assert not note.sign_button.isVisible()
    assert DraftStore(tmp_path, 1).load_all() == []
    note.close()
    assert not note.isVisible()


def test_empty_text_is_refused_before_anything_is_sent(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch)
    saver = Saver()
    note = window(qtbot, tmp_path, saver)
    assert not note.save()
    assert saver.commands == []
    assert answers.errors == ["Skriv en anteckning innan du sparar."]


def test_a_refusal_is_shown_and_the_draft_kept(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch)
    note = window(qtbot, tmp_path, Saver(ValidationError("Journalen är avslutad.")))
    note.text.setPlainText("Text")
    note.write_draft()
    assert not note.save()
    assert answers.errors == ["Journalen är avslutad."]
    assert len(DraftStore(tmp_path, 1).load_all()) == 1


def test_stang_asks_about_unsaved_text(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = window(qtbot, tmp_path, Saver())
    note.text.setPlainText("Ej sparat")
    note.write_draft()
    asked: list[str] = []
    replies = iter([None, False])

    def reply(_parent: object, text: str, **_kwargs: object) -> bool | None:
        asked.append(text)
        return next(replies)

    monkeypatch.setattr(messages, "ask_save_changes", reply)
    note.close_button.click()  # Avbryt: stays open
    assert note.isVisible()
    qtbot.keyClick(note, Qt.Key.Key_Escape)  # Nej: closes and drops the draft
    assert not note.isVisible()
    assert len(asked) == 2
    assert DraftStore(tmp_path, 1).load_all() == []


def test_the_draft_timer_writes_what_is_typed(qtbot, tmp_path: Path) -> None:
    note = window(qtbot, tmp_path, Saver())
    note.draft_timer.setInterval(20)
    note.text.setPlainText("Skrivs just nu")
    qtbot.waitUntil(lambda: bool(DraftStore(tmp_path, 1).load_all()))
    draft = DraftStore(tmp_path, 1).load_all()[0]
    assert draft.body == "Skrivs just nu"
    assert draft.journal_id == VIEW.id


def test_a_locked_note_opens_read_only(qtbot, tmp_path: Path) -> None:
    locked = NoteView(
        id=11,
        journal_id=7,
        heading="Besök",
        unit_id=5,
        event_at=NOW,
        body="Signerad text",
        keywords=("Sömn",),
        author_id=2,
        author_name="Amina Hassan",
        author_role=Role.CARE_STAFF,
        created_at=NOW,
        saved_at=NOW,
        lock_due_at=NOW + timedelta(hours=24),
        locked=True,
        signed=True,
        objection_to_entry_id=None,
        version=2,
        editable=False,
    )
    saver = Saver()
    note = window(qtbot, tmp_path, saver, note=locked)
    assert note.text.isReadOnly()
    assert not note.save_button.isVisible()
    assert not note.keywords.link_button.isEnabled()
    note.keywords.linked_list.itemDoubleClicked.emit(note.keywords.linked_list.item(0))
    assert note.keywords.linked() == ("Sömn",)
    assert not note.save()
    assert saver.commands == []
    assert "Skrivskyddad (signerad)" in note.status.text()
    note.close()
    assert not note.isVisible()


def test_a_draft_opens_the_window_as_it_was(qtbot, tmp_path: Path) -> None:
    draft = Draft(
        key="journal-7-new-abc",
        journal_id=7,
        entry_id=None,
        expected_version=None,
        objection_to_entry_id=None,
        heading="Besök",
        unit_id=6,
        event_at=NOW.isoformat(),
        keywords=("Sömn",),
        body="Utkastets text",
        written_at=NOW.astimezone().isoformat(),
    )
    note = window(qtbot, tmp_path, Saver(), draft=draft)
    assert note.text.toPlainText() == "Utkastets text"
    assert note.unit.currentData() == 6
    assert note.unit_warning.isVisibleTo(note)
    assert note.keywords.linked() == ("Sömn",)
    assert note.heading_box.currentText() == "Besök"
    assert note.dirty


def test_drafts_are_written_whole(tmp_path: Path) -> None:
    store = DraftStore(tmp_path, 4)
    draft = Draft("k", 1, None, None, None, "R", 5, NOW.isoformat(), ("A",), "x" * 10, "2026")
    store.save(replace(draft, body="y"))
    store.save(draft)  # replaces the earlier one whole
    # A temporary file left by a crash mid-write is not a draft; a broken file is skipped.
    (store.folder / ".draft-abc.tmp").write_text("{half", encoding="utf-8")
    (store.folder / "broken.json").write_text("{half", encoding="utf-8")
    loaded = store.load_all()
    assert [d.body for d in loaded] == ["x" * 10]
    assert json.loads((store.folder / "k.json").read_text(encoding="utf-8"))["heading"] == "R"
    store.remove("k")
    assert [d.key for d in store.load_all()] == []


def _row(number: int) -> NoteRow:
    return NoteRow(
        id=number,
        event_at=NOW - timedelta(hours=number),
        heading=f"Anteckning {number}",
        author_id=1,
        author_name="Amina Hassan",
        author_role=Role.CARE_STAFF,
        unit_name="Norr grupp 1",
        keywords=("Sömn",),
        locked=number > 5,
        signed=False,
        is_objection=False,
        version=1,
    )


def test_the_note_model_loads_page_by_page(qtbot) -> None:
    rows = [_row(n) for n in range(1, 251)]
    asked: list[NoteCursor | None] = []

    def fetch(cursor: NoteCursor | None) -> NotePage:
        asked.append(cursor)
        start = (
            0
            if cursor is None
            else next(i for i, r in enumerate(rows) if r.id == cursor.entry_id) + 1
        )
        page = rows[start : start + 100]
        more = start + 100 < len(rows)
        return NotePage(tuple(page), NoteCursor(page[-1].event_at, page[-1].id) if more else None)

    model = NoteTableModel(fetch)
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.reload()
    assert model.rowCount() == 100
    assert model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 250
    assert not model.canFetchMore()
    assert len(asked) == 3
    assert model.index(0, 5).data() == "Kan ändras"
    assert model.index(249, 5).data() == "Skrivskyddad"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Händelsetid"
    model.reload()
    assert model.rowCount() == 100
    del tester
