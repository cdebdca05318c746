"""The journal handlers on the demo database: which templates Ny journal offers whom, an HSL
journal for the nurse, and Den enskildes synpunkt from a locked note's menu."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QWidget
from sqlalchemy import exists, select
from tests.helpers.distribution import Answers

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Execution, Journal, JournalEntry, OrgUnit
from treserva_desktop.domain.enums import JournalKind
from treserva_desktop.ui import messages
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.journal_template_dialog import JournalTemplateDialog
from treserva_desktop.ui.handlers import journals as handlers
from treserva_desktop.ui.journal.note_window import OBJECTION_HEADING, NoteWindow

MakeCtx = Callable[[str], AppContext]


@pytest.fixture(autouse=True)
def _discard_on_close(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(messages, "ask_save_changes", lambda *_a, **_k: False)


def person_at(db: Database, ctx: AppContext) -> tuple[int, int]:
    """A person with a current row at a unit where the user works, and no journal there yet
    (the demo writes journals for most persons whose rows are acknowledged)."""
    units = ctx.actor.units_with(handlers.Permission.VIEW_PERSONS)
    with db.read() as session:
        row = session.execute(
            select(Execution.person_id, Execution.unit_id)
            .join(OrgUnit, OrgUnit.id == Execution.unit_id)
            .where(Execution.unit_id.in_(units), Execution.end_date.is_(None))
            .where(
                ~exists().where(
                    Journal.person_id == Execution.person_id, Journal.unit_id == Execution.unit_id
                )
            )
            .order_by(Execution.id)
            .limit(1)
        ).one()
    return row.person_id, row.unit_id


def test_staff_are_offered_their_verksamhets_social_template_the_nurse_hsl(
    qtbot, make_ctx: MakeCtx, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    staff = make_ctx("verksamhetschef")
    person_id, unit_id = person_at(demo_db, staff)
    host = QWidget()
    qtbot.addWidget(host)
    documenta = handlers.open_documenta(staff, host, person_id, unit_id)
    assert documenta is not None
    kinds = {t.kind for t in handlers.creatable_templates(staff, documenta.documents)}
    assert kinds == {JournalKind.SOCIAL}

    nurse = make_ctx("sjukskoterska")
    nurse_person, nurse_unit = person_at(demo_db, nurse)
    nurse_documents = handlers.open_documenta(nurse, host, nurse_person, nurse_unit)
    assert nurse_documents is not None
    templates = handlers.creatable_templates(nurse, nurse_documents.documents)
    assert [t.code for t in templates] == ["hsl"]
    monkeypatch.setattr(JournalTemplateDialog, "ask", lambda *_a, **_k: "hsl")
    window = handlers.new_journal(nurse, host, nurse_documents.documents)
    assert window is not None
    assert window.view.kind is JournalKind.HSL
    assert "Omvårdnadsanteckning" in window.view.headings
    nurse_documents.reload()
    assert [r.kind_text for r in nurse_documents.model.rows][:1] == ["HSL-journal"]
    # One open journal of a kind per person and unit: Ny journal is greyed out now, and if
    # it is reached anyway it says why before any template is offered.
    assert not nurse_documents.new_journal_action.isEnabled()
    assert handlers.creatable_templates(nurse, nurse_documents.documents) == []
    errors: list[str] = []
    monkeypatch.setattr(handlers.messages, "error", lambda _p, text, **_k: errors.append(text))
    assert handlers.new_journal(nurse, host, nurse_documents.documents) is None
    assert errors == [handlers.ALREADY_OPEN_TEXT]
    # Escape closes the journal window and Documenta as Stäng does.
    for shown, table in ((window, window.table), (nurse_documents, nurse_documents.table)):
        qtbot.keyClick(table, Qt.Key.Key_Escape)
        assert not shown.isVisible()


def test_the_persons_objection_is_written_from_a_locked_notes_menu(
    qtbot, make_ctx: MakeCtx, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = make_ctx("verksamhetschef")
    person_id, unit_id = person_at(demo_db, ctx)
    host = QWidget()
    qtbot.addWidget(host)
    documenta = handlers.open_documenta(ctx, host, person_id, unit_id)
    assert documenta is not None
    monkeypatch.setattr(
        JournalTemplateDialog, "ask", lambda *_a, **_k: documenta_code(ctx, documenta)
    )
    window = handlers.new_journal(ctx, host, documenta.documents)
    assert window is not None
    note = window.new_note()
    assert note is not None
    note.text.setPlainText("Frukost serverad kl 9.")
    assert note.save()
    note.close()
    window.reload_notes()
    row = window.model.rows[0]
    menu = QMenu()
    window.build_note_menu(menu, row)
    objection = next(a for a in menu.actions() if a.objectName() == "objection")
    assert not objection.isEnabled()  # not locked yet
    Answers(monkeypatch, True)
    assert window.sign(row)  # Signera, confirmed: now locked
    window.reload_notes()
    menu = QMenu()
    window.build_note_menu(menu, window.model.rows[0])
    next(a for a in menu.actions() if a.objectName() == "objection").trigger()
    written = [w for w in window.findChildren(NoteWindow) if w.isVisible()][-1]
    assert written.heading_box.currentText() == OBJECTION_HEADING
    written.text.setPlainText("Personen menar att frukosten kom för sent.")
    assert written.save()
    with demo_db.read() as session:
        linked = session.scalars(
            select(JournalEntry.objection_to_entry_id).where(JournalEntry.id == written.entry_id)
        ).one()
    assert linked == row.id
    written.close()
    window.close()


def documenta_code(ctx: AppContext, documenta: handlers.DocumentaWindow) -> str:
    return handlers.creatable_templates(ctx, documenta.documents)[0].code
