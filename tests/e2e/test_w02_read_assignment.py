"""W2 Läs uppdrag: the manager right-clicks an assignment under Nya uppdrag › Läs uppdrag; the
document opens in its own PDF window, the read is audited and the tree shows it as read."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from sqlalchemy import select
from tests.e2e.driver import E2EDriver

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent
from treserva_desktop.domain.enums import AuditAction, Folder
from treserva_desktop.ui.pdf_window import PdfWindow
from treserva_desktop.ui.tree.nodes import Node, NodeKind


def unread_assignment(driver: E2EDriver) -> Node:
    for person in driver.children(["Mitt skrivbord", "Nya uppdrag"]):
        for child in driver.children(person):
            if child.kind is NodeKind.ASSIGNMENT and child.unread:
                return child
    raise AssertionError("no unread assignment under Nya uppdrag")


def reads_of(database: Database, assignment_id: int) -> int:
    with database.read() as session:
        return len(
            session.scalars(
                select(AuditEvent.id).where(
                    AuditEvent.action == AuditAction.READ_ASSIGNMENT,
                    AuditEvent.entity_type == "assignment",
                    AuditEvent.entity_id == assignment_id,
                )
            ).all()
        )


def test_manager_reads_an_assignment(qtbot, driver: E2EDriver, demo_db: Database) -> None:
    window = driver.log_in_and_open("verksamhetschef")

    node = unread_assignment(driver)
    assignment_id = node.assignment_id
    assert assignment_id is not None
    person = node.parent
    assert person is not None
    assert person.kind is NodeKind.PERSON
    last, first = person.title.split(", ", 1)
    name = f"{first} {last}"
    assert reads_of(demo_db, assignment_id) == 0
    assert "Inte läst ännu" in node.tooltip

    offered = driver.choose_in_context_menu(node, "Läs uppdrag")
    assert offered[0].text == "Läs uppdrag"
    assert offered[0].default
    qtbot.waitUntil(lambda: bool(window.findChildren(PdfWindow)))

    pdf_window = window.findChildren(PdfWindow)[0]
    qtbot.waitExposed(pdf_window)
    assert pdf_window.windowTitle() == f"Uppdrag – {name}"
    assert pdf_window.document.status() is QPdfDocument.Status.Ready
    assert pdf_window.document.pageCount() >= 1
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_window.pdf)).pages)
    assert name in text
    assert "Insatser" in text
    assert "Mål och beskrivning" in text
    assert reads_of(demo_db, assignment_id) == 1

    # The tree reloaded Nya uppdrag: the same assignment, now read.
    def reloaded() -> Node | None:
        return window.model.find(
            lambda n: n.kind is NodeKind.ASSIGNMENT and n.assignment_id == assignment_id,
            window.model.folder_node(Folder.NEW_ASSIGNMENTS),
        )

    qtbot.waitUntil(lambda: (found := reloaded()) is not None and not found.unread)
    read_node = reloaded()
    assert read_node is not None
    assert "Inte läst ännu" not in read_node.tooltip
    current = window.tree.current_node()
    assert current is not None
    assert current.assignment_id == assignment_id

    # Enter on the assignment opens it too (Läs uppdrag is its default action).
    pdf_window.close()
    qtbot.waitUntil(lambda: not window.findChildren(PdfWindow))
    window.tree.setFocus()
    qtbot.keyClick(window.tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(window.findChildren(PdfWindow)))
    assert reads_of(demo_db, assignment_id) == 2
