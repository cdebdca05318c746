"""W19: a freshly distributed person's Checklistor in the tree, live: Läs uppdrag ticks once
the assignment is read from the checklist's button; Kvittera uppdraget stays open until the
rows are kvitterade in Genomförande (opened from the item's button), then ticks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from sqlalchemy import select, update
from tests.e2e.driver import E2EDriver
from tests.helpers import actor_for

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Assignment, Execution
from treserva_desktop.domain.enums import ExecutionStatus, Folder
from treserva_desktop.ui.genomforande.genomforande_window import GenomforandeWindow
from treserva_desktop.ui.panes.checklist_pane import DONE_TEXT, OPEN_TEXT, ChecklistPane
from treserva_desktop.ui.pdf_window import PdfWindow
from treserva_desktop.ui.tree.nodes import Node, NodeKind

_LEFT = Qt.MouseButton.LeftButton


def tick(pane: ChecklistPane, key: str) -> str:
    """What a screen reader says of the item's tick: 'Läs uppdrag: Klar'."""
    return pane.tick_labels[key].accessibleName()


def is_done(pane: ChecklistPane, key: str) -> bool:
    return key in pane.tick_labels and tick(pane, key).endswith(f": {DONE_TEXT}")


def test_receiving_checklist_follows_reading_and_kvittering(
    qtbot, driver: E2EDriver, demo_db: Database
) -> None:
    answers = driver.answers()
    window = driver.open_window(actor_for(demo_db, "verksamhetschef"))

    # A person whose rows were just sent to execution (they wait in Genomförande); the
    # assignment made unread, so the read is this test's.
    with demo_db.transaction() as session:
        sent = session.execute(
            select(Execution.assignment_id, Execution.person_id, Execution.unit_id)
            .where(Execution.status == ExecutionStatus.SENT_TO_EXECUTION)
            .order_by(Execution.id)
        ).first()
        assert sent is not None
        assignment_id, person_id, unit_id = sent
        session.execute(
            update(Assignment)
            .where(Assignment.id == assignment_id)
            .values(first_read_at=None, first_read_by_user_id=None)
        )

    person = window.model.find(
        lambda n: n.kind is NodeKind.PERSON and n.person_id == person_id and n.unit_id == unit_id,
        window.model.folder_node(Folder.MY_UNITS),
    )
    assert person is not None
    driver.select(person)
    offered = driver.choose_in_context_menu(person, "Checklistor")
    assert "Checklistor" in [entry.text for entry in offered]
    current = window.tree.current_node()
    assert current is not None
    assert current.kind is NodeKind.CHECKLISTS
    assert current.parent is person
    pane = window.checklist_pane
    assert window.panes.currentWidget() is pane
    assert pane.isVisible()
    assert tick(pane, "read") == f"Läs uppdrag: {OPEN_TEXT}"
    assert is_done(pane, "distributed")
    # Nothing left to distribute: its button says so instead of leading nowhere.
    assert not pane.buttons["distributed"].isEnabled()
    assert pane.buttons["distributed"].toolTip().endswith("Redan gjort.")
    assert tick(pane, "acknowledged") == f"Kvittera uppdraget: {OPEN_TEXT}"

    # Läs uppdrag from the checklist: the document opens and the item is ticked.
    driver.qtbot.mouseClick(pane.buttons["read"], _LEFT)
    qtbot.waitUntil(lambda: bool(window.findChildren(PdfWindow)))
    qtbot.waitUntil(lambda: is_done(pane, "read"))
    name = window.ctx.actor.display_name
    assert pane.findChild(QLabel, "detail_read").text().endswith(f" av {name}")
    assert not is_done(pane, "acknowledged")
    for pdf in window.findChildren(PdfWindow):
        pdf.close()

    # Kvittera uppdraget's button opens Genomförande (the toolbar's action) ...
    driver.qtbot.mouseClick(pane.buttons["acknowledged"], _LEFT)
    genomforande = window.findChild(GenomforandeWindow)
    assert genomforande is not None
    qtbot.waitExposed(genomforande)
    assert assignment_id in genomforande.assignment_ids()
    # ... where Kvittera is done; the checklist behind it ticks the item.
    genomforande.select_assignment(assignment_id)
    driver.qtbot.mouseClick(genomforande.details.acknowledge_button, _LEFT)
    assert assignment_id not in genomforande.assignment_ids()
    genomforande.close()

    qtbot.waitUntil(lambda: is_done(pane, "acknowledged"))
    assert not pane.buttons["acknowledged"].isEnabled()
    current = window.tree.current_node()
    assert current is not None
    assert current.kind is NodeKind.CHECKLISTS
    assert current.person_id == person_id
    with demo_db.read() as session:
        statuses = set(
            session.scalars(
                select(Execution.status).where(Execution.assignment_id == assignment_id)
            ).all()
        )
        read_at = session.scalar(
            select(Assignment.first_read_at).where(Assignment.id == assignment_id)
        )
    assert ExecutionStatus.SENT_TO_EXECUTION not in statuses
    assert read_at is not None
    assert answers.errors == []


def test_a_button_takes_the_user_to_the_interventions_in_the_tree(
    driver: E2EDriver, demo_db: Database
) -> None:
    window = driver.open_window(actor_for(demo_db, "samordnare"))
    person: Node | None = window.model.find(
        lambda n: n.kind is NodeKind.PERSON and n.unit_id is not None,
        window.model.folder_node(Folder.MY_UNITS),
    )
    assert person is not None
    checklists = next(c for c in driver.children(person) if c.kind is NodeKind.CHECKLISTS)
    driver.select(checklists)
    pane = window.checklist_pane
    assert pane.buttons["rows_ended"].text().replace("&", "") == "Gå till Insats GF"
    driver.qtbot.mouseClick(pane.buttons["rows_ended"], _LEFT)
    current = window.tree.current_node()
    assert current is not None
    assert current.kind is NodeKind.INSATS_GF
    assert current.parent is person
    assert window.panes.currentWidget() is window.execution_pane
