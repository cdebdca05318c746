"""W12 (journal part) through the main window: the journal window › Arkiv › Avsluta journal…
offers printing first (Ja): the whole journal as a PDF — every note, the correction with the
original struck through, who and when, the person on every page — in the PDF window; then,
confirmed, the journal is closed: it shows as closed and takes no new notes."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from tests.e2e.driver import E2EDriver
from tests.e2e.journal_setup import journal_with_notes, open_journal
from tests.helpers import actor_for

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, Journal, JournalEntry
from treserva_desktop.domain.commands.journal_corrections import CorrectEntry
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.services.journal_corrections import correct_entry
from treserva_desktop.ui import messages
from treserva_desktop.ui.pdf_window import PdfWindow

FIRST = "Besok kl 8. Hon ville inte ata frukost och var ledsen."
SECOND = "Kvallsbesok. Medicin given enligt lista.\n\nSov gott hela natten."


def test_print_first_then_close_the_journal(
    qtbot, driver: E2EDriver, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal_id, [first, _second], person = journal_with_notes(demo_db, bodies=(FIRST, SECOND))
    with demo_db.transaction() as session:
        correct_entry(
            session,
            actor_for(demo_db, "verksamhetschef"),
            CorrectEntry.of_range(first, 6, 10, "kl 9", "Fel klockslag"),
        )
    window = driver.log_in_and_open("gruppchef")
    journal_window = open_journal(qtbot, driver, window, person.name, top=3)
    assert journal_window.new_button.isEnabled()
    asked: list[str] = []
    monkeypatch.setattr(
        messages, "ask_save_changes", lambda _p, text, **_k: asked.append(text) or True
    )
    answers = driver.answers(True)

    journal_window.archive_menu.aboutToShow.emit()
    end = next(a for a in journal_window.archive_menu.actions() if a.objectName() == "end_journal")
    assert end.isEnabled()
    end.trigger()
    assert "skriva ut journalen" in asked[0]
    qtbot.waitUntil(lambda: bool(journal_window.findChildren(PdfWindow)), timeout=15000)
    pdf_window = journal_window.findChildren(PdfWindow)[0]
    reader = PdfReader(io.BytesIO(pdf_window.pdf))
    pages = [page.extract_text() for page in reader.pages]
    text = "\n".join(pages)
    first_name = person.name.split(", ")[1]
    for page_text in pages:
        assert first_name in page_text
    for expected in ("kl 8", "kl 9", "Fel klockslag", "Sov gott hela natten", "Amina Hassan"):
        assert expected in text
    assert "Rättad" in text
    assert f"Sida 1 av {len(pages)}" in text
    # Nothing is asked about closing while the PDF window is open (print and archive first).
    assert answers.questions == []
    # Printing from the PDF window is audited.
    assert pdf_window.on_output is not None
    assert pdf_window.on_output(False)
    with demo_db.read() as session:
        assert session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == AuditAction.PRINT, AuditEvent.entity_id == journal_id
            )
        ).one()

    # The PDF window closed: then, confirmed, the journal is closed.
    pdf_window.close()
    qtbot.waitUntil(lambda: journal_window.view.closed)
    assert any("avsluta journalen" in question for question in answers.questions)
    assert answers.errors == []
    with demo_db.read() as session:
        journal = session.get(Journal, journal_id)
        assert journal is not None
        assert journal.closed_at is not None
        actions = set(
            session.scalars(
                select(AuditEvent.action).where(
                    AuditEvent.entity_type == "journal", AuditEvent.entity_id == journal_id
                )
            )
        )
    assert {AuditAction.READ_JOURNAL, AuditAction.UPDATE} <= actions
    assert not journal_window.closed_badge.isHidden()
    assert not journal_window.new_button.isEnabled()
    journal_window.archive_menu.aboutToShow.emit()
    assert not end.isEnabled()


def test_unsigned_notes_are_named_before_closing_and_locked_with_it(
    qtbot, driver: E2EDriver, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _journal_id, [entry_id], person = journal_with_notes(demo_db, sign=False)
    window = driver.log_in_and_open("gruppchef")
    journal_window = open_journal(qtbot, driver, window, person.name, top=3)
    monkeypatch.setattr(messages, "ask_save_changes", lambda *_a, **_k: False)  # Nej: no print
    answers = driver.answers(True)
    end = next(a for a in journal_window.archive_menu.actions() if a.objectName() == "end_journal")
    end.trigger()
    assert "1 anteckningar som inte är signerade" in answers.questions[0]
    qtbot.waitUntil(lambda: journal_window.view.closed)
    with demo_db.read() as session:
        entry = session.get(JournalEntry, entry_id)
        assert entry is not None
        assert entry.locked_at is not None
    qtbot.waitUntil(lambda: journal_window.model.rowCount() == 1)
    assert journal_window.model.rows[0].locked


def test_avbryt_leaves_the_journal_open(
    qtbot, driver: E2EDriver, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal_id, _entries, person = journal_with_notes(demo_db)
    window = driver.log_in_and_open("gruppchef")
    journal_window = open_journal(qtbot, driver, window, person.name, top=3)
    monkeypatch.setattr(messages, "ask_save_changes", lambda *_a, **_k: None)
    end = next(a for a in journal_window.archive_menu.actions() if a.objectName() == "end_journal")
    end.trigger()
    with demo_db.read() as session:
        journal = session.get(Journal, journal_id)
        assert journal is not None
        assert journal.closed_at is None
    assert not journal_window.findChildren(PdfWindow)
