"""Läs uppdrag on the receiving side: the recorded read, who may read, print and export."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from tests.helpers.assignment_world import (
    PERIOD_START,
    World,
)

from treserva_desktop.db.models import (
    Assignment,
    AuditEvent,
)
from treserva_desktop.db.queries import new_assignments as new_assignment_queries
from treserva_desktop.domain.commands.reading import AssignmentOutput, AssignmentRef
from treserva_desktop.domain.enums import (
    AuditAction,
)
from treserva_desktop.domain.errors import (
    NotFound,
    PermissionDenied,
)
from treserva_desktop.domain.views import PROTECTED_TEXT
from treserva_desktop.domain.views.authority import SentAssignment
from treserva_desktop.services import reading

# --- Läs uppdrag --------------------------------------------------------------------------


def test_reading_records_the_first_read_without_touching_the_version(
    world: World, sent: SentAssignment
) -> None:
    version = world.version(sent.assignment_id)
    ref = AssignmentRef(assignment_id=sent.assignment_id)
    with world.db.transaction() as session:
        view = reading.record_assignment_read(session, world.actor("gruppchef"), ref)
    assert view.person_name == "Ingrid Testsson"
    assert view.address == "Storgatan 1, 123 45 Åby"
    assert view.municipality == "Kommunen"
    assert view.sender_name == "Johan Ekström"
    assert view.sender_unit == "Biståndsenheten"
    assert view.sender_phone == "08-123 45 67"
    assert [(i.name, i.granted_text) for i in view.interventions] == [
        ("Personlig omvårdnad", "20 tim/månad"),
        ("Trygghetslarm", ""),
    ]
    assert view.interventions[0].period_start == PERIOD_START
    assert view.first_read_at is not None
    first = view.first_read_at
    with world.db.transaction() as session:
        again = reading.record_assignment_read(session, world.actor("chef"), ref)
    assert again.first_read_at == first
    assert world.version(sent.assignment_id) == version
    with world.db.read() as session:
        assignment = session.get(Assignment, sent.assignment_id)
        assert assignment is not None
        assert assignment.first_read_by_user_id == world.users["gruppchef"]
        reads = session.scalars(
            select(AuditEvent.user_id).where(AuditEvent.action == AuditAction.READ_ASSIGNMENT)
        ).all()
        assert reads == [world.users["gruppchef"], world.users["chef"]]
        waiting = new_assignment_queries.new_assignments(session, world.actor("gruppchef"))
        assert waiting[0].assignments[0].read


def test_the_senders_read_is_not_the_receivers_first_read(
    world: World, sent: SentAssignment
) -> None:
    with world.db.transaction() as session:
        view = reading.record_assignment_read(
            session, world.actor("handlaggare"), AssignmentRef(assignment_id=sent.assignment_id)
        )
    assert view.first_read_at is None


def test_protected_identity_hides_the_address(world: World) -> None:
    command = world.new_assignment()
    person = command.person.model_copy(update={"protected_identity": True})
    sent = world.send(person=person)
    with world.db.transaction() as session:
        view = reading.record_assignment_read(
            session, world.actor("gruppchef"), AssignmentRef(assignment_id=sent.assignment_id)
        )
    assert view.address == PROTECTED_TEXT
    assert view.protected_identity


@pytest.mark.parametrize("username", ["soder", "personal_soder"])
def test_reading_outside_the_receiving_units_is_refused(
    world: World, sent: SentAssignment, username: str
) -> None:
    with pytest.raises(PermissionDenied), world.db.transaction() as session:
        reading.record_assignment_read(
            session, world.actor(username), AssignmentRef(assignment_id=sent.assignment_id)
        )


def test_reading_a_missing_assignment(world: World) -> None:
    with pytest.raises(NotFound), world.db.transaction() as session:
        reading.record_assignment_read(session, world.actor("chef"), AssignmentRef(assignment_id=9))


# --- staff at the performing unit, print and export ------------------------------------


def test_staff_at_the_performing_unit_may_read_without_marking_it_read(
    world: World, sent: SentAssignment
) -> None:
    ref = AssignmentRef(assignment_id=sent.assignment_id)
    with pytest.raises(PermissionDenied), world.db.transaction() as session:
        reading.record_assignment_read(session, world.actor("personal"), ref)
    world.distribute(sent)
    with world.db.transaction() as session:
        view = reading.record_assignment_read(session, world.actor("personal"), ref)
    assert view.first_read_at is None
    assert view.person_name == "Ingrid Testsson"


@pytest.mark.parametrize(
    ("saved", "action"), [(False, AuditAction.PRINT), (True, AuditAction.EXPORT)]
)
def test_printing_and_saving_the_document_are_audited(
    world: World, sent: SentAssignment, saved: bool, action: AuditAction
) -> None:
    command = AssignmentOutput(assignment_id=sent.assignment_id, saved_to_file=saved)
    with world.db.transaction() as session:
        reading.record_assignment_output(session, world.actor("gruppchef"), command)
    with world.db.read() as session:
        event_row = session.scalars(select(AuditEvent).where(AuditEvent.action == action)).one()
    assert (event_row.entity_id, event_row.person_id) == (sent.assignment_id, sent.person_id)
    with pytest.raises(PermissionDenied), world.db.transaction() as session:
        reading.record_assignment_output(session, world.actor("soder"), command)
