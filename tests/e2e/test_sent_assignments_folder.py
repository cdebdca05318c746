"""Mitt skrivbord › Skickade uppdrag (issue 12, the handläggare's side): the folder counts and
lists what the handläggare sent in the last 30 days, a new one appears as soon as it is sent,
Enter on it shows the assignment's PDF, and its context menu opens the filtered list. Roles
that send nothing do not have the folder."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from sqlalchemy import func, select
from tests.e2e.driver import E2EDriver
from tests.e2e.test_w01_receive_assignment import fill_and_send
from tests.helpers import actor_for
from tests.helpers.modal import later

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Assignment, AuditEvent
from treserva_desktop.domain.commands.distribution import StopAssignment
from treserva_desktop.domain.enums import Folder
from treserva_desktop.domain.views.sent_assignments import SentAssignmentRow
from treserva_desktop.services import distribution
from treserva_desktop.ui.dialogs.send_assignment_dialog import SendAssignmentDialog
from treserva_desktop.ui.dialogs.sent_assignments_dialog import SentAssignmentsDialog
from treserva_desktop.ui.main_window import MainWindow
from treserva_desktop.ui.pdf_window import PdfWindow
from treserva_desktop.ui.tree.nodes import Node, NodeKind


def _sent_recently(database: Database, window: MainWindow) -> set[int]:
    since = window.ctx.clock.today() - timedelta(days=30)
    with database.read() as session:
        rows = session.execute(
            select(Assignment.id, Assignment.sent_at).where(
                Assignment.sender_user_id == window.ctx.actor.user_id
            )
        ).all()
    return {row.id for row in rows if row.sent_at.date() >= since}


def _listed(folder: Node) -> dict[int, Node]:
    return {
        child.assignment_id: child
        for child in folder.children
        if child.kind is NodeKind.SENT_ASSIGNMENT and child.assignment_id is not None
    }


def _folder_reads(database: Database) -> int:
    with database.read() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.details["view"].as_string() == "sent_assignments")
            )
            or 0
        )


def test_handlaggare_sees_what_they_sent_under_mitt_skrivbord(
    qtbot, driver: E2EDriver, demo_db: Database
) -> None:
    window = driver.log_in_and_open("handlaggare")
    folder = window.model.folder_node(Folder.SENT_ASSIGNMENTS)
    recent = _sent_recently(demo_db, window)
    assert recent, "the demo handläggare sent something this month"
    assert folder.count == len(recent)
    assert window.model.data(window.model.index_for(folder)) == f"Skickade uppdrag ({len(recent)})"
    assert "väntar på utföraren" in folder.tooltip

    # Opened, it lists them (newest first), each person audited; the pane shows the columns.
    reads_before = _folder_reads(demo_db)
    driver.children(folder)
    assert set(_listed(folder)) == recent
    assert _folder_reads(demo_db) == reads_before + len(recent)
    driver.select(folder)
    pane = window.summary_pane
    assert pane.isVisible()
    headers = [
        pane.model.headerData(c, Qt.Orientation.Horizontal) for c in range(pane.model.columnCount())
    ]
    assert headers == [
        "Skickat",
        "Person",
        "Mottagare",
        "Läst",
        "Accepterat / stoppat",
        "Fördelade rader",
    ]
    assert pane.model.rowCount() == len(recent)

    # A new assignment, sent now: the count goes up and it is in the folder at once.
    script = driver.modals().on(SendAssignmentDialog, lambda d: fill_and_send(qtbot, d)).start()
    answers = driver.answers()
    driver.press_toolbar("Nytt uppdrag…")
    script.check()
    assert answers.errors == []
    qtbot.waitUntil(lambda: folder.count == len(recent) + 1)
    assert window.model.data(window.model.index_for(folder)) == (
        f"Skickade uppdrag ({len(recent) + 1})"
    )
    new_ids = set(_listed(folder)) - recent
    assert len(new_ids) == 1
    new_node = _listed(folder)[new_ids.pop()]
    assert new_node is folder.children[0]  # newest first
    row = new_node.payload
    assert isinstance(row, SentAssignmentRow)
    assert row.person_name == "Lindqvist, Greta"
    assert row.receiver_unit_name == "Hemtjänst Norr"
    assert row.read_at is None
    assert new_node.bold  # not read by the provider yet
    assert "Inte läst av utföraren ännu" in new_node.tooltip

    # Selected, the pane says where it went; Enter shows the assignment as a PDF.
    driver.select(new_node)
    assert "<b>Mottagare:</b> Hemtjänst Norr" in pane.text.text()
    assert "<b>Läst av utföraren:</b> Nej, inte ännu" in pane.text.text()
    assert driver.context_menu(new_node)[0].text == "Läs uppdrag"
    window.tree.setFocus()
    qtbot.keyClick(window.tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(window.findChildren(PdfWindow)))
    pdf = window.findChildren(PdfWindow)[0]
    assert pdf.windowTitle() == "Uppdrag – Greta Lindqvist"
    pdf.close()
    qtbot.waitUntil(lambda: not window.findChildren(PdfWindow))
    # The sender's own reading leaves it unread by the provider.
    with demo_db.read() as session:
        stored = session.get(Assignment, new_node.assignment_id)
        assert stored is not None
        assert stored.first_read_at is None

    # The provider stops it (in their own session); the stop arrives in the Inkorg, and
    # reading it shows the folder as it is now: the row in red, with the reason.
    with demo_db.transaction() as session:
        distribution.stop_assignment(
            session,
            actor_for(demo_db, "verksamhetschef"),
            StopAssignment(
                assignment_id=row.assignment_id, reason="Bor i Söder.", misdirected=True
            ),
        )
    inbox = window.model.folder_node(Folder.INBOX)
    assert not inbox.loaded  # expanded now, it is read as it is
    stop_message = next(
        m for m in driver.children(inbox) if m.kind is NodeKind.MESSAGE and m.unread
    )
    driver.select(stop_message)
    folder = window.model.folder_node(Folder.SENT_ASSIGNMENTS)
    qtbot.waitUntil(lambda: _listed(folder)[row.assignment_id].overdue)
    assert "Stoppat: Bor i Söder." in _listed(folder)[row.assignment_id].tooltip
    assert "1 stoppade" in folder.tooltip

    # The folder's context menu opens the list with a period and a status to choose.
    seen: list[int] = []

    def look(dialog: SentAssignmentsDialog) -> None:
        seen.append(dialog.model.rowCount())
        later(dialog.reject)

    script = driver.modals().on(SentAssignmentsDialog, look).start()
    driver.choose_in_context_menu(
        window.model.folder_node(Folder.SENT_ASSIGNMENTS), "Skickade uppdrag…"
    )
    script.check()
    assert seen == [len(recent) + 1]
    window.close()


def test_a_manager_has_no_skickade_uppdrag(driver: E2EDriver) -> None:
    window = driver.log_in_and_open("verksamhetschef")
    desktop = window.model.desktop
    titles = [child.title for child in desktop.children]
    assert "Nya uppdrag" in titles
    assert "Skickade uppdrag" not in titles
    assert all(child.kind is not NodeKind.FOLDER_SENT_ASSIGNMENTS for child in desktop.children)
    window.close()
