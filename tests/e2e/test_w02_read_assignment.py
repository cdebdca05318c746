"""W2 Läs uppdrag: the manager right-clicks an assignment under Nya uppdrag › Läs uppdrag; the
document opens in its own PDF window, the read is audited and the tree shows it as read."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication, QMenu
from sqlalchemy import select

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent
from treserva_desktop.domain.enums import AuditAction, Folder
from treserva_desktop.settings import Settings
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.main_window import MainWindow
from treserva_desktop.ui.pdf_window import PdfWindow
from treserva_desktop.ui.tree.nodes import Node, NodeKind

from .test_w00_login_and_tree import log_in


def choose_from_context_menu(qtbot, window: MainWindow, node: Node, text: str) -> list[str]:
    """Right-click the row and pick `text` from the menu built from the registry."""
    tree = window.tree
    index = window.model.index_for(node)
    tree.scrollTo(index)
    offered: list[str] = []

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(10, pick)
            return
        entries = {a.text(): a for a in menu.actions() if not a.isSeparator()}
        offered.extend(entries)
        menu.close()
        if text in entries and entries[text].isEnabled():
            entries[text].trigger()

    QTimer.singleShot(0, pick)
    tree.customContextMenuRequested.emit(tree.visualRect(index).center())
    return offered


def unread_assignment(window: MainWindow) -> Node:
    folder = window.model.folder_node(Folder.NEW_ASSIGNMENTS)
    window.tree.expand_node(folder)
    for person in folder.children:
        window.tree.expand_node(person)
        for child in person.children:
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


def test_manager_reads_an_assignment(qtbot, demo_db: Database, settings: Settings) -> None:
    actor = log_in(qtbot, demo_db, "verksamhetschef")
    window = MainWindow(AppContext.create(demo_db, settings, actor), remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    node = unread_assignment(window)
    assignment_id = node.assignment_id
    assert assignment_id is not None
    person = node.parent
    assert person is not None
    assert person.kind is NodeKind.PERSON
    last, first = person.title.split(", ", 1)
    name = f"{first} {last}"
    assert reads_of(demo_db, assignment_id) == 0
    assert "Inte läst ännu" in node.tooltip

    window.tree.select_node(node)
    offered = choose_from_context_menu(qtbot, window, node, "Läs uppdrag")
    assert offered[0] == "Läs uppdrag"
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
