"""W7 Rätta journalanteckning through the main window: as verksamhetschef, the journal under
Dokument GF › Öppna › right-click a signed note › Rätta anteckning… › mark text in the upper
pane › Välj › edit it in the lower pane › Orsak › Spara: the upper pane shows the original
struck through with the new text and who corrected it; the list shows the red check;
Visa rättning… shows it read-only. Any other role is refused with a clear message."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from sqlalchemy import select
from tests.e2e.driver import E2EDriver
from tests.e2e.journal_setup import BODY, journal_with_notes, open_journal, trigger_note_action
from tests.helpers.modal import later

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, JournalCorrection, JournalEntry
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.ui.dialogs.correct_entry_dialog import CorrectEntryDialog


def select_in_upper_pane(dialog: CorrectEntryDialog, text: str) -> None:
    """What a user does with the mouse: mark `text` in the upper pane."""
    document = dialog.original.document()
    found = document.find(text)
    assert not found.isNull(), text
    cursor = QTextCursor(document)
    cursor.setPosition(found.selectionStart())
    cursor.setPosition(found.selectionEnd(), QTextCursor.MoveMode.KeepAnchor)
    dialog.original.setTextCursor(cursor)


def test_the_operations_manager_corrects_a_signed_note(
    qtbot, driver: E2EDriver, demo_db: Database
) -> None:
    _journal_id, [entry_id], person = journal_with_notes(demo_db)
    window = driver.log_in_and_open("verksamhetschef")
    journal_window = open_journal(qtbot, driver, window, person.name)
    assert not journal_window.model.rows[0].corrected
    answers = driver.answers(True)
    seen: dict[str, object] = {}

    def correct(dialog: CorrectEntryDialog) -> None:
        dialog.choose_button.click()  # nothing marked yet: told so, nothing chosen
        seen["no_selection"] = dialog.errors.message("selection")
        select_in_upper_pane(dialog, "kl 8")
        dialog.choose_button.click()
        seen["chosen"] = dialog.replacement.toPlainText()
        dialog.replacement.setPlainText("kl 9")
        dialog.save_button.click()  # no reason: refused at the field
        seen["no_reason"] = dialog.errors.message("reason")
        dialog.reason.setText("Fel klockslag")
        dialog.save_button.click()
        document = dialog.original.document()
        struck = document.find("kl 8")
        seen["struck"] = struck.charFormat().fontStrikeOut()
        seen["upper"] = dialog.original.toPlainText()
        seen["list"] = dialog.corrections_list.text()
        later(dialog.close_button.click)

    script = driver.modals().on(CorrectEntryDialog, correct).start()
    trigger_note_action(journal_window, "correct_note")
    script.check()
    assert "Markera" in str(seen["no_selection"])
    assert seen["chosen"] == "kl 8"
    assert "orsak" in str(seen["no_reason"]).lower()
    assert seen["struck"] is True
    upper = str(seen["upper"])
    assert upper.index("kl 8") < upper.index("kl 9"), "the struck original, then the new text"
    assert "Karin Lundqvist" in upper
    assert "Fel klockslag" in str(seen["list"])
    assert answers.errors == []
    assert any("rättningen" in question for question in answers.questions)
    with demo_db.read() as session:
        row = session.scalars(select(JournalCorrection)).one()
        assert (row.entry_id, row.original_text, row.replacement_text) == (entry_id, "kl 8", "kl 9")
        entry = session.get(JournalEntry, entry_id)
        assert entry is not None
        assert entry.body == BODY
        assert session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == AuditAction.CREATE,
                AuditEvent.entity_type == "journal_correction",
            )
        ).one()

    # The red check in the list; Visa rättning… shows it read-only.
    qtbot.waitUntil(lambda: journal_window.model.rows[0].corrected)

    def view(dialog: CorrectEntryDialog) -> None:
        seen["read_only"] = dialog.read_only and not dialog.save_button.isVisible()
        seen["shown"] = dialog.original.toPlainText()
        later(dialog.close_button.click)

    script = driver.modals().on(CorrectEntryDialog, view).start()
    trigger_note_action(journal_window, "show_correction")
    script.check()
    assert seen["read_only"] is True
    assert "kl 9" in str(seen["shown"])


def test_other_roles_are_refused_with_a_clear_message(
    qtbot, driver: E2EDriver, demo_db: Database
) -> None:
    _journal_id, _entries, person = journal_with_notes(demo_db)
    window = driver.log_in_and_open("gruppchef")
    journal_window = open_journal(qtbot, driver, window, person.name, top=3)
    answers = driver.answers()
    trigger_note_action(journal_window, "correct_note")
    assert answers.errors == [
        "Din roll ger inte behörighet att rätta skrivskyddade journalanteckningar."
    ]
    assert not journal_window.findChildren(CorrectEntryDialog)
    with demo_db.read() as session:
        assert session.scalars(select(JournalCorrection)).first() is None
