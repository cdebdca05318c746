"""W13 Läsa HSL-journal as verksamhetschef through the main window: opening the HSL journal
under Dokument GF asks first for the reason and the licensed colleague (both required, Swedish
messages); the opening is recorded and audited and the notes show; printing it for disclosure
asks for consent or menprövning first."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtWidgets import QMenu
from sqlalchemy import select
from tests.e2e.driver import E2EDriver
from tests.e2e.journal_setup import journal_with_notes, open_journal
from tests.helpers.modal import later

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, HslOpening, JournalDisclosure
from treserva_desktop.domain.enums import AuditAction, DisclosureBasis
from treserva_desktop.ui.dialogs.disclosure_dialog import DisclosureDialog
from treserva_desktop.ui.dialogs.hsl_opening_dialog import HslOpeningDialog
from treserva_desktop.ui.handlers.journals import open_journal_window
from treserva_desktop.ui.journal.journal_window import JournalWindow
from treserva_desktop.ui.pdf_window import PdfWindow

NOTE = "Blodtryck 135/85. Sarlaggning hoger hal, omlagd."


def test_reason_and_colleague_first_then_the_notes(
    qtbot, driver: E2EDriver, demo_db: Database
) -> None:
    journal_id, _entries, person = journal_with_notes(
        demo_db, template="hsl", author="sjukskoterska", bodies=(NOTE,)
    )
    window = driver.log_in_and_open("verksamhetschef")
    seen: dict[str, object] = {}

    def state_reason(dialog: HslOpeningDialog) -> None:
        dialog.ok_button.click()
        seen["no_reason"] = dialog.errors.message("reason")
        dialog.reason.setPlainText("Utredning av fall i hemmet")
        dialog.ok_button.click()
        seen["no_colleague"] = dialog.errors.message("licensed_colleague")
        dialog.colleague.setText("Maria Sandberg, sjuksköterska")
        later(dialog.ok_button.click)

    script = driver.modals().on(HslOpeningDialog, state_reason).start()
    journal_window = open_journal(qtbot, driver, window, person.name)
    script.check()
    assert "skälet" in str(seen["no_reason"])
    assert "legitimerade kollega" in str(seen["no_colleague"])
    assert journal_window.model.rowCount() == 1
    # Öppna again while the window is open: the same window to the front, no second reason.
    assert open_journal(qtbot, driver, window, person.name) is journal_window
    assert [w for w in window.findChildren(JournalWindow) if w.isVisible()] == [journal_window]
    with demo_db.read() as session:
        assert len(session.scalars(select(HslOpening)).all()) == 1
    # A reader, not a writer: no new note, no objection, no closing (the nurses keep it).
    assert not journal_window.new_button.isEnabled()
    menu = QMenu(journal_window)
    journal_window.build_note_menu(menu, journal_window.model.rows[0])
    enabled = {a.objectName(): a.isEnabled() for a in menu.actions()}
    assert enabled["objection"] is False
    assert enabled["open_note"] is True
    journal_window.archive_menu.aboutToShow.emit()
    archive = {a.objectName(): a.isEnabled() for a in journal_window.archive_menu.actions()}
    assert archive["end_journal"] is False
    assert archive["print_journal"] is True
    with demo_db.read() as session:
        opening = session.scalars(select(HslOpening)).one()
        assert opening.journal_id == journal_id
        assert opening.reason == "Utredning av fall i hemmet"
        assert opening.licensed_colleague == "Maria Sandberg, sjuksköterska"
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "hsl_opening")
        ).one()
        assert event.action is AuditAction.READ_JOURNAL
        assert event.person_id == person.id
        assert "Utredning" not in str(event.details), "the reason stays out of the audit trail"

    # Skriv ut for disclosure: consent or menprövning recorded first.
    answers = driver.answers()

    def disclose(dialog: DisclosureDialog) -> None:
        dialog.ok_button.click()
        seen["no_note"] = dialog.errors.message("note")
        dialog.basis.setCurrentIndex(dialog.basis.findText("Samtycke"))
        dialog.note.setPlainText("Skriftligt samtycke från personen 2 december.")
        dialog.ok_button.click()
        if dialog.isVisible():  # refused: say why rather than wait
            seen["refused"] = (dialog.errors.shown(), answers.errors)
            dialog.reject()

    script = driver.modals().on(DisclosureDialog, disclose).start()
    next(
        a for a in journal_window.archive_menu.actions() if a.objectName() == "print_journal"
    ).trigger()
    script.check()
    assert "samtycket" in str(seen["no_note"])
    assert "refused" not in seen, seen.get("refused")
    qtbot.waitUntil(lambda: bool(journal_window.findChildren(PdfWindow)), timeout=15000)
    pdf = journal_window.findChildren(PdfWindow)[0].pdf
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Blodtryck 135/85" in text
    assert "Samtycke" in text
    with demo_db.read() as session:
        assert session.scalars(select(JournalDisclosure)).one().basis is DisclosureBasis.CONSENT


def test_cancelling_the_reason_opens_nothing(driver: E2EDriver, demo_db: Database) -> None:
    journal_id, _entries, _person = journal_with_notes(
        demo_db, template="hsl", author="sjukskoterska", bodies=(NOTE,)
    )
    window = driver.log_in_and_open("verksamhetschef")
    script = driver.modals().on(HslOpeningDialog, lambda dialog: later(dialog.reject)).start()
    assert open_journal_window(window.ctx, window, journal_id) is None
    script.check()
    assert not window.findChildren(JournalWindow)
    with demo_db.read() as session:
        assert session.scalars(select(HslOpening)).first() is None
