"""W6 Skapa genomförandejournal och skriv anteckning, through the main window: Mina enheter ›
unit › person › Dokument GF › Documenta › Ny journal (template) › Ny anteckning › keywords
moved with the arrow buttons › a phrase inserted › Spara › the note is listed; Signera; it
opens read-only. What the database holds and what the tree shows at each step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select
from tests.e2e.driver import E2EDriver
from tests.helpers import actor_for
from tests.helpers.modal import later

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import (
    AuditEvent,
    Journal,
    JournalEntry,
    JournalEntryKeyword,
    JournalEntryVersion,
    OrgUnit,
)
from treserva_desktop.db.queries import tree as tree_queries
from treserva_desktop.domain.enums import AuditAction, JournalKind
from treserva_desktop.ui.dialogs.journal_template_dialog import JournalTemplateDialog
from treserva_desktop.ui.journal.documenta_window import DocumentaWindow
from treserva_desktop.ui.journal.journal_window import JournalWindow
from treserva_desktop.ui.journal.note_window import NoteWindow
from treserva_desktop.ui.tree.nodes import NodeKind

UNIT = "Norr grupp 1"
# Typed key by key (QTest types ASCII only).
TYPED = "Besok kl 8, frukost serverad. "


def notes_open(journal_window: JournalWindow) -> list[NoteWindow]:
    """The note windows shown (a closed one waits for deletion a while)."""
    return [w for w in journal_window.findChildren(NoteWindow) if w.isVisible()]


def test_staff_create_a_journal_write_sign_and_reopen_a_note(
    qtbot, driver: E2EDriver, demo_db: Database
) -> None:
    actor = actor_for(demo_db, "personal")
    window = driver.open_window(actor)
    with demo_db.read() as session:
        unit_id = session.scalars(select(OrgUnit.id).where(OrgUnit.name == UNIT)).one()
        person = tree_queries.unit_persons_page(session, actor, unit_id).items[0]
    documents = ["Mitt skrivbord", "Mina enheter", UNIT, person.name, "Dokument GF"]

    # Dokument GF › Documenta: the overview with the journal button's drop-down.
    driver.choose_in_context_menu(driver.node(documents), "Documenta")
    qtbot.waitUntil(lambda: bool(window.findChildren(DocumentaWindow)))
    documenta = window.findChildren(DocumentaWindow)[0]
    assert documenta.journal_button.menu() is documenta.journal_menu
    assert [a.text() for a in documenta.journal_menu.actions()] == ["&Ny journal…"]

    # Ny journal › the home-care template.
    chosen: dict[str, object] = {}

    def choose(dialog: JournalTemplateDialog) -> None:
        names = [dialog.templates.item(i).text() for i in range(dialog.templates.count())]
        chosen["names"] = names
        dialog.templates.setCurrentRow(names.index("Genomförandejournal hemtjänst"))
        later(dialog.ok_button.click)

    script = driver.modals().on(JournalTemplateDialog, choose).start()
    documenta.new_journal_action.trigger()
    script.check()
    assert "HSL-journal (hälso- och sjukvård)" not in chosen["names"]  # staff write no HSL
    qtbot.waitUntil(lambda: bool(window.findChildren(JournalWindow)))
    journal_window = window.findChildren(JournalWindow)[0]
    with demo_db.read() as session:
        journal = session.scalars(select(Journal).where(Journal.person_id == person.id)).one()
        assert journal.kind is JournalKind.SOCIAL
        assert journal.unit_id == unit_id
    texts = [a.text() for a in journal_window.archive_menu.actions() if not a.isSeparator()]
    assert texts == ["Skriv &ut", "&Avsluta journal…", "S&täng"]
    qtbot.waitUntil(lambda: documenta.model.rowCount() >= 1)
    assert documenta.model.rows[0].journal_id == journal.id

    # Ny anteckning: keywords moved with the arrow buttons, a phrase inserted at the cursor.
    journal_window.new_button.click()
    qtbot.waitUntil(lambda: bool(notes_open(journal_window)))
    note = notes_open(journal_window)[0]
    assert note.organisation.isReadOnly()
    assert note.unit.currentData() == unit_id
    assert not note.unit_warning.isVisibleTo(note)
    note.unit.setCurrentIndex(note.unit.count() - 1 if note.unit.count() > 1 else 0)
    if note.unit.count() > 1:
        assert note.unit_warning.isVisibleTo(note)
    note.unit.setCurrentIndex(0)
    note.heading_box.setCurrentText("Besök")
    picker = note.keywords
    for keyword in ("Måltider", "Personlig vård", "Hemliv"):
        picker.available.findItems(keyword, Qt.MatchFlag.MatchExactly)[0].setSelected(True)
    picker.link_button.click()
    assert picker.linked() == ("Måltider", "Personlig vård", "Hemliv")
    picker.linked_list.clearSelection()
    picker.linked_list.findItems("Hemliv", Qt.MatchFlag.MatchExactly)[0].setSelected(True)
    picker.unlink_button.click()
    assert picker.linked() == ("Måltider", "Personlig vård")
    assert picker.available.findItems("Hemliv", Qt.MatchFlag.MatchExactly)
    note.text.setFocus()
    qtbot.keyClicks(note.text, TYPED)
    assert note.phrase_button.accessibleName() == "Frastexter"
    phrase = next(a for a in note.phrase_menu.actions() if a.text() == "Måltid")
    phrase.trigger()
    body = note.text.toPlainText()
    assert body.startswith(TYPED)
    assert body.endswith("drack ett glas vatten.")
    note.save_button.click()
    with demo_db.read() as session:
        entry = session.scalars(
            select(JournalEntry).where(JournalEntry.journal_id == journal.id)
        ).one()
        assert entry.heading == "Besök"
        assert entry.body == body.strip()
        assert entry.author_id == actor.user_id
        keywords = session.scalars(
            select(JournalEntryKeyword.keyword).where(JournalEntryKeyword.entry_id == entry.id)
        ).all()
        assert sorted(keywords) == ["Måltider", "Personlig vård"]
        versions = session.scalars(
            select(JournalEntryVersion.version_no).where(JournalEntryVersion.entry_id == entry.id)
        ).all()
        assert versions == [1]
    assert not note.dirty, note.status.text()
    note.close()
    qtbot.waitUntil(lambda: not notes_open(journal_window))

    # The note is listed newest first with its author, keywords and status.
    qtbot.waitUntil(lambda: journal_window.model.rowCount() == 1)
    row = journal_window.model.rows[0]
    assert row.id == entry.id
    assert row.keywords == ("Måltider", "Personlig vård")
    assert not row.locked
    shown = [
        journal_window.model.index(0, c).data() for c in range(journal_window.model.columnCount())
    ]
    assert "Besök" in shown
    assert "Kan ändras" in shown

    # Right-click › Signera (confirmed): the note is locked.
    answers = driver.answers(True)
    menu_texts: list[str] = []

    def sign_from_menu() -> None:
        from PySide6.QtWidgets import QMenu

        menu = QMenu()
        journal_window.build_note_menu(menu, journal_window.model.rows[0])
        menu_texts.extend(a.text() for a in menu.actions())
        next(a for a in menu.actions() if a.objectName() == "sign_note").trigger()

    sign_from_menu()
    assert menu_texts == [
        "&Öppna",
        "&Signera",
        "&Den enskildes synpunkt…",
        "&Rätta anteckning…",
        "&Visa rättning…",
    ]
    assert answers.questions
    assert "signera" in answers.questions[0]
    with demo_db.read() as session:
        signed = session.get(JournalEntry, entry.id)
        assert signed is not None
        assert signed.signed
        assert signed.locked_at is not None
    qtbot.waitUntil(lambda: journal_window.model.rows[0].locked)

    # Enter on the note: it opens read-only.
    journal_window.table.setFocus()
    journal_window.table.selectRow(0)
    qtbot.keyClick(journal_window.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(notes_open(journal_window)))
    opened = notes_open(journal_window)[0]
    assert opened.read_only
    assert opened.text.isReadOnly()
    assert not opened.save_button.isVisible()
    assert "Skrivskyddad (signerad)" in opened.status.text()
    opened.close()

    # The journal is a node under Dokument GF: Öppna (its default) opens the journal window.
    journal_window.close()
    qtbot.waitUntil(
        lambda: any(n.kind is NodeKind.JOURNAL for n in driver.children(driver.node(documents)))
    )
    node = next(n for n in driver.children(driver.node(documents)) if n.kind is NodeKind.JOURNAL)
    assert node.label == "Genomförandejournal hemtjänst"
    assert "1 anteckning" in node.tooltip
    driver.select(node)
    offered = driver.choose_in_context_menu(node, "Öppna")
    assert offered[0].default
    qtbot.waitUntil(
        lambda: any(
            w.isVisible() and w is not journal_window for w in window.findChildren(JournalWindow)
        )
    )
    journal_window = next(
        w for w in window.findChildren(JournalWindow) if w.isVisible() and w is not journal_window
    )
    assert journal_window.model.rowCount() == 1

    # Every read is audited with ids only.
    with demo_db.read() as session:
        reads = session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == AuditAction.READ_JOURNAL,
                AuditEvent.person_id == person.id,
            )
        ).all()
    assert any(e.entity_type == "journal_entry" and e.entity_id == entry.id for e in reads)
    assert all(TYPED.strip() not in str(e.details) for e in reads)
    journal_window.close()
    documenta.close()
    QApplication.processEvents()
