"""The overview top right: ongoing rows in scope, relations, masking of protected identity."""

from __future__ import annotations

from sqlalchemy import select

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, Person, Relation, User
from treserva_desktop.db.queries import interventions, tree
from treserva_desktop.db.queries.persons import person_overview
from treserva_desktop.domain.enums import AuditAction, ExecutionPhase, Permission, RelationKind
from treserva_desktop.domain.views import PROTECTED_TEXT
from treserva_desktop.services.auth import load_actor


def _actor(database: Database, username: str):  # type: ignore[no-untyped-def]
    with database.read() as session:
        user_id = session.scalars(select(User.id).where(User.username == username)).one()
        return load_actor(session, user_id)


def _first_person_in_scope(database: Database, username: str) -> int:
    actor = _actor(database, username)
    with database.read() as session:
        for root in tree.root_units(session, actor):
            for unit in [root, *tree.child_units(session, actor, root.id)]:
                for person in tree.unit_persons(session, actor, unit.id):
                    groups = interventions.person_interventions(session, actor, person.id)
                    if any(r.phase is ExecutionPhase.ONGOING for g in groups for r in g.rows):
                        return person.id
    raise AssertionError("no person with an ongoing row in scope")


def test_overview_shows_details_and_audits_the_read(demo_db: Database) -> None:
    actor = _actor(demo_db, "samordnare")
    person_id = _first_person_in_scope(demo_db, "samordnare")
    with demo_db.read() as session:
        overview = person_overview(session, actor, person_id)
    assert overview.name
    assert overview.address
    assert overview.address != PROTECTED_TEXT
    assert overview.ongoing, "a person under a unit has an ongoing row"
    with demo_db.read() as session:
        reads = session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == AuditAction.READ_PERSON, AuditEvent.person_id == person_id
            )
        ).all()
    # Finding the person read their interventions (audited too); the overview is one read.
    overview_reads = [read for read in reads if read.details == {"view": "overview"}]
    assert len(overview_reads) == 1
    assert overview_reads[0].user_id == actor.user_id
    assert overview_reads[0].unit_id in actor.units_with(Permission.VIEW_PERSONS)


def test_protected_identity_masks_address_phone_and_relations(demo_db: Database) -> None:
    actor = _actor(demo_db, "samordnare")
    person_id = _first_person_in_scope(demo_db, "samordnare")
    with demo_db.transaction() as session:
        person = session.get(Person, person_id)
        assert person is not None
        person.protected_identity = True
        session.add(
            Relation(
                person_id=person_id,
                kind=RelationKind.NEXT_OF_KIN,
                name="Anna Exempel",
                phone="070-000 00 00",
                street="Hemliga vägen 1",
                postal_code="123 45",
                city="Storköping",
            )
        )
    with demo_db.read() as session:
        overview = person_overview(session, actor, person_id)
    assert overview.address == PROTECTED_TEXT
    assert overview.phone == PROTECTED_TEXT
    assert overview.relations
    assert all(
        r.address == PROTECTED_TEXT and r.phone == PROTECTED_TEXT for r in overview.relations
    )
