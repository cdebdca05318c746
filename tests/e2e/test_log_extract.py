"""Logguttag through the main window: the verksamhetschef on a person (Mina enheter › unit ›
person › Logguttag…), the systemadministratör from Administration › Logguttag… by identity
number; the PDF names who accessed the person, in which role, from which unit; the extract
itself is audited."""

from __future__ import annotations

import io

from pypdf import PdfReader
from sqlalchemy import select
from tests.e2e.driver import E2EDriver
from tests.helpers import actor_for
from tests.helpers.modal import later

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, OrgUnit, Person
from treserva_desktop.db.queries import tree as tree_queries
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.domain.identity import from_stored
from treserva_desktop.ui.dialogs.log_extract_dialog import LogExtractDialog
from treserva_desktop.ui.main_window import MainWindow
from treserva_desktop.ui.pdf_window import PdfWindow

UNIT = "Norr grupp 1"


def _pdf_text(qtbot, window: MainWindow) -> tuple[PdfWindow, str]:
    qtbot.waitUntil(lambda: bool(window.findChildren(PdfWindow)), timeout=15000)
    pdf_window = window.findChildren(PdfWindow)[0]
    reader = PdfReader(io.BytesIO(pdf_window.pdf))
    return pdf_window, "\n".join(page.extract_text() for page in reader.pages)


def _extracts(db: Database, person_id: int) -> list[AuditEvent]:
    with db.read() as session:
        return list(
            session.scalars(
                select(AuditEvent).where(
                    AuditEvent.entity_type == "log_extract", AuditEvent.person_id == person_id
                )
            )
        )


def test_the_operations_manager_takes_a_log_extract_for_a_person(
    qtbot, driver: E2EDriver, demo_db: Database
) -> None:
    actor = actor_for(demo_db, "verksamhetschef")
    window = driver.open_window(actor)
    with demo_db.read() as session:
        unit_id = session.scalars(select(OrgUnit.id).where(OrgUnit.name == UNIT)).one()
        person = tree_queries.unit_persons_page(session, actor, unit_id).items[0]
    path = ["Mitt skrivbord", "Mina enheter", "ÄO Hemtjänst", "Hemtjänst Norr", UNIT, person.name]
    seen: dict[str, object] = {}

    def fill(dialog: LogExtractDialog) -> None:
        seen["fields"] = dialog.identity_number.isVisible()
        seen["person"] = dialog.person_label.text()
        later(dialog.ok_button.click)

    script = driver.modals().on(LogExtractDialog, fill).start()
    driver.choose_in_context_menu(driver.node(path), "Logguttag…")
    script.check()
    assert seen["fields"] is False, "the person comes from the tree: no number asked"
    assert person.name in str(seen["person"])
    assert person.identity_display in str(seen["person"])
    pdf_window, text = _pdf_text(qtbot, window)
    assert "Logguttag" in text
    assert person.name.split(", ")[1] in text
    assert "Karin Lundqvist" in text
    assert "Verksamhetschef" in text
    assert "Sida 1 av" in text
    assert len(_extracts(demo_db, person.id)) == 1
    assert pdf_window.on_output is not None
    assert pdf_window.on_output(True)
    actions = [event.action for event in _extracts(demo_db, person.id)]
    assert actions == [AuditAction.EXPORT, AuditAction.EXPORT]
    pdf_window.close()


def test_the_administrator_finds_the_person_by_number(
    qtbot, driver: E2EDriver, demo_db: Database
) -> None:
    with demo_db.read() as session:
        person = session.scalars(select(Person).order_by(Person.id)).first()
        assert person is not None
        number = from_stored(person.identity_number, person.identity_kind).display()
        person_id, first_name = person.id, person.first_name
    window = driver.log_in_and_open("admin")
    seen: dict[str, object] = {}

    def fill(dialog: LogExtractDialog) -> None:
        dialog.ok_button.click()  # no number: refused at the field, the dialog stays
        seen["error"] = dialog.errors.message("identity_number")
        dialog.identity_number.setText(number)
        later(dialog.ok_button.click)

    script = driver.modals().on(LogExtractDialog, fill).start()
    driver.choose_from_menu_bar("A&dministration", "Logguttag…")
    script.check()
    assert "personnummer" in str(seen["error"])
    pdf_window, text = _pdf_text(qtbot, window)
    assert first_name in text
    assert number in text
    [event] = _extracts(demo_db, person_id)
    assert event.user_id == window.ctx.actor.user_id
    assert event.details["found_by"] == "identity_number"
    pdf_window.close()
