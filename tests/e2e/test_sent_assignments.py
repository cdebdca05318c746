"""The handläggare's side (issue 12): Myndighet › Skickade uppdrag… lists what they sent, with
the receiving unit, read, accepted or stopped and the rows' states; filters by period and
status; Enter opens the assignment's PDF."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select
from tests.e2e.driver import E2EDriver
from tests.helpers import actor_for
from tests.helpers.modal import later

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Assignment
from treserva_desktop.domain.enums import AssignmentStatus
from treserva_desktop.ui.dialogs.sent_assignments_dialog import SentAssignmentsDialog
from treserva_desktop.ui.pdf_window import PdfWindow


def test_handlaggare_follows_what_they_sent(qtbot, driver: E2EDriver, demo_db: Database) -> None:
    window = driver.open_window(actor_for(demo_db, "handlaggare"))
    user_id = window.ctx.actor.user_id
    today = window.ctx.clock.today()
    with demo_db.read() as session:
        mine = session.execute(
            select(Assignment.id, Assignment.status, Assignment.sent_at).where(
                Assignment.sender_user_id == user_id
            )
        ).all()
    recent = {a.id for a in mine if a.sent_at.date() >= today - timedelta(days=30)}
    assert recent, "the demo handläggare sent something this month"
    answers = driver.answers()
    seen: dict[str, object] = {}

    def look(dialog: SentAssignmentsDialog) -> None:
        seen["ids"] = {row.assignment_id for row in dialog.model.rows}
        seen["columns"] = [
            dialog.model.headerData(c, Qt.Orientation.Horizontal)
            for c in range(dialog.model.columnCount())
        ]
        dialog.status.setCurrentIndex(dialog.status.findData(AssignmentStatus.RECEIVED.value))
        seen["received"] = {row.status for row in dialog.model.rows}
        dialog.status.setCurrentIndex(0)
        dialog.since.set_value(today - timedelta(days=365))
        seen["year"] = len(dialog.model.rows)
        dialog.table.setFocus()
        dialog.table.selectRow(0)
        seen["opened"] = dialog.selected().assignment_id  # type: ignore[union-attr]
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)  # Visa uppdrag (PDF)
        qtbot.waitUntil(lambda: bool(QApplication.topLevelWidgets()) and _pdf_open(window))
        later(dialog.reject)

    script = driver.modals().on(SentAssignmentsDialog, look).start()
    driver.choose_from_menu_bar("Myndighet", "Skickade uppdrag…")
    script.check()

    assert answers.errors == []
    assert seen["ids"] == recent
    assert seen["columns"] == [
        "Skickat",
        "Person",
        "Uppdrag",
        "Mottagare",
        "Läst",
        "Accepterat / stoppat",
        "Fördelade rader",
    ]
    assert seen["received"] <= {AssignmentStatus.RECEIVED}  # type: ignore[operator]
    assert seen["year"] == len({a.id for a in mine if a.sent_at.date() >= today - timedelta(365)})
    pdfs = window.findChildren(PdfWindow)
    assert len(pdfs) == 1
    pdfs[0].close()


def _pdf_open(window: object) -> bool:
    return bool(window.findChildren(PdfWindow))  # type: ignore[attr-defined]
