"""Journals with notes for journal2's end-to-end tests, made through the journal services the
way staff make them (W6): a journal from a template, a saved note, signed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import QMenu
from sqlalchemy import select
from tests.e2e.driver import E2EDriver
from tests.helpers import actor_for

from treserva_desktop.db.database import Database, clock_of
from treserva_desktop.db.models import OrgUnit
from treserva_desktop.db.queries import tree as tree_queries
from treserva_desktop.domain.commands.journals import CreateJournal, SaveNote, SignNote
from treserva_desktop.domain.views import PersonListItem
from treserva_desktop.services import journals
from treserva_desktop.ui.journal.journal_window import JournalWindow
from treserva_desktop.ui.main_window import MainWindow
from treserva_desktop.ui.tree.nodes import NodeKind

UNIT = "Norr grupp 1"
UNIT_PATH = ["Mitt skrivbord", "Mina enheter", "ÄO Hemtjänst", "Hemtjänst Norr", UNIT]
BODY = "Besok kl 8. Hon ville inte ata frukost och var ledsen."


def person_at_unit(db: Database, username: str = "personal") -> tuple[int, PersonListItem]:
    actor = actor_for(db, username)
    with db.read() as session:
        unit_id = session.scalars(select(OrgUnit.id).where(OrgUnit.name == UNIT)).one()
        person = tree_queries.unit_persons_page(session, actor, unit_id).items[0]
    return unit_id, person


def journal_with_notes(
    db: Database,
    *,
    template: str = "home_care",
    author: str = "personal",
    bodies: tuple[str, ...] = (BODY,),
    sign: bool = True,
) -> tuple[int, list[int], PersonListItem]:
    """A journal for the unit's first person with one note per body, each signed."""
    unit_id, person = person_at_unit(db, author)
    actor = actor_for(db, author)
    with db.transaction() as session:
        journal = journals.create_journal(
            session,
            actor,
            CreateJournal(person_id=person.id, unit_id=unit_id, template_code=template),
        )
    entry_ids: list[int] = []
    for number, body in enumerate(bodies):
        with db.transaction() as session:
            moment = clock_of(session).now() - timedelta(hours=number + 1)
            saved = journals.save_note(
                session,
                actor,
                SaveNote(
                    journal_id=journal.journal_id,
                    heading="Dagsanteckning",
                    unit_id=unit_id,
                    event_at=moment,
                    body=body,
                    keywords=("Måltider",),
                ),
            )
        entry_ids.append(saved.entry_id)
        if sign:
            with db.transaction() as session:
                journals.sign_note(
                    session,
                    actor,
                    SignNote(entry_id=saved.entry_id, expected_version=saved.version),
                )
    return journal.journal_id, entry_ids, person


def open_journal(
    qtbot: Any, driver: E2EDriver, window: MainWindow, person_name: str, top: int = 2
) -> JournalWindow:
    """Opened from the tree; `top` drops the units above the user's own from the path."""
    documents = [*UNIT_PATH[:2], *UNIT_PATH[top:], person_name, "Dokument GF"]
    qtbot.waitUntil(
        lambda: any(n.kind is NodeKind.JOURNAL for n in driver.children(driver.node(documents)))
    )
    node = next(n for n in driver.children(driver.node(documents)) if n.kind is NodeKind.JOURNAL)
    driver.choose_in_context_menu(node, "Öppna")
    qtbot.waitUntil(lambda: bool(window.findChildren(JournalWindow)))
    journal_window = window.findChildren(JournalWindow)[0]
    qtbot.waitUntil(lambda: journal_window.model.rowCount() >= 1)
    return journal_window


def trigger_note_action(journal_window: JournalWindow, name: str, row: int = 0) -> None:
    menu = QMenu(journal_window)
    journal_window.build_note_menu(menu, journal_window.model.rows[row])
    action = next(a for a in menu.actions() if a.objectName() == name)
    assert action.isEnabled(), name
    action.trigger()
