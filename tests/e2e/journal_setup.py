"""Journals with notes for journal2's end-to-end tests, made through the journal services the
way staff make them (W6): a journal from a template, a saved note, signed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from tests.helpers import actor_for

from treserva_desktop.db.database import Database, clock_of
from treserva_desktop.db.models import OrgUnit
from treserva_desktop.db.queries import tree as tree_queries
from treserva_desktop.domain.commands.journals import CreateJournal, SaveNote, SignNote
from treserva_desktop.domain.views import PersonListItem
from treserva_desktop.services import journals

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
