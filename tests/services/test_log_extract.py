"""Logguttag: who may produce it, what it holds, the period, and that it is audited."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from tests.helpers.assignment_world import TODAY, World, build_world

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, Person, RoleAssignment, User
from treserva_desktop.documents.log_extract import render_log_extract
from treserva_desktop.domain.commands.log_extract import LogExtractOutput, ProduceLogExtract
from treserva_desktop.domain.enums import AuditAction, Role
from treserva_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from treserva_desktop.domain.identity import from_stored
from treserva_desktop.domain.views.log_extract import LogExtractView
from treserva_desktop.services import log_extract

PERIOD = {"period_start": TODAY - timedelta(days=30), "period_end": TODAY}


def _admin(world: World) -> str:
    with world.db.transaction() as session:
        user = User(username="admin", display_name="Ada Admin", password_hash="x")
        session.add(user)
        session.flush()
        session.add(
            RoleAssignment(
                user_id=user.id, role=Role.ADMINISTRATOR, unit_id=world.units["Kommunen"]
            )
        )
        world.users["admin"] = user.id
    return "admin"


def _person(world: World) -> tuple[int, str]:
    sent = world.send_billable()
    world.distribute(sent)
    with world.db.read() as session:
        person = session.get(Person, sent.person_id)
        assert person is not None
        return person.id, from_stored(person.identity_number, person.identity_kind).display()


def _produce(world: World, username: str, **values: object) -> LogExtractView:
    with world.db.transaction() as session:
        command = ProduceLogExtract(**{**PERIOD, **values})  # type: ignore[arg-type]
        return log_extract.produce_log_extract(session, world.actor(username), command)


def test_operations_manager_gets_the_persons_accesses_and_is_audited(any_db: Database) -> None:
    world = build_world(any_db)
    person_id, _number = _person(world)
    view = _produce(world, "chef", person_id=person_id)
    assert view.rows, "sending and distributing the assignment were audited"
    users = {row.user_name for row in view.rows}
    assert "Johan Ekström" in users
    assert any(row.role_label == "Handläggare" for row in view.rows)
    assert all(row.unit_name for row in view.rows if row.user_name != "Systemet")
    with any_db.read() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "log_extract")
        ).one()
    assert event.action is AuditAction.EXPORT
    assert event.person_id == person_id
    assert event.user_id == world.users["chef"]
    assert event.details["rows"] == len(view.rows)
    # The next extract shows the first one.
    again = _produce(world, "chef", person_id=person_id)
    assert any(row.entity_label == "logguttag" for row in again.rows)


def test_administrator_finds_the_person_by_number_and_sees_only_the_log(
    any_db: Database,
) -> None:
    world = build_world(any_db)
    admin = _admin(world)
    person_id, number = _person(world)
    view = _produce(world, admin, identity_number=number)
    assert view.person_id == person_id
    assert view.identity_display == number
    with pytest.raises(NotFound):
        _produce(world, admin, identity_number="19121212-1212")
    with pytest.raises(ValidationError) as caught:
        _produce(world, admin)
    assert caught.value.field == "identity_number"


@pytest.mark.parametrize("username", ["gruppchef", "personal", "handlaggare", "soder"])
def test_other_roles_are_refused(sqlite_db: Database, username: str) -> None:
    world = build_world(sqlite_db)
    person_id, _ = _person(world)
    with pytest.raises(PermissionDenied, match="logguttag"):
        _produce(world, username, person_id=person_id)


def test_operations_manager_of_other_units_is_refused(sqlite_db: Database) -> None:
    world = build_world(sqlite_db)
    with sqlite_db.transaction() as session:
        user = User(username="chef_soder", display_name="Sixten", password_hash="x")
        session.add(user)
        session.flush()
        session.add(
            RoleAssignment(
                user_id=user.id,
                role=Role.OPERATIONS_MANAGER,
                unit_id=world.units["Lindgården"],
            )
        )
        world.users["chef_soder"] = user.id
    person_id, _ = _person(world)
    with pytest.raises(PermissionDenied, match="egna enheter"):
        _produce(world, "chef_soder", person_id=person_id)
    with sqlite_db.read() as session:
        assert not session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "log_extract")
        ).all()


def test_the_period_filters_and_is_checked(sqlite_db: Database) -> None:
    world = build_world(sqlite_db)
    person_id, _ = _person(world)
    before = _produce(
        world,
        "chef",
        person_id=person_id,
        period_start=TODAY - timedelta(days=60),
        period_end=TODAY - timedelta(days=1),
    )
    assert before.rows == ()
    with pytest.raises(ValidationError, match="före"):
        _produce(
            world,
            "chef",
            person_id=person_id,
            period_start=TODAY,
            period_end=TODAY - timedelta(days=1),
        )
    with pytest.raises(ValidationError, match="framtiden"):
        _produce(
            world,
            "chef",
            person_id=person_id,
            period_start=TODAY + timedelta(days=1),
            period_end=TODAY + timedelta(days=2),
        )


def test_printing_is_audited(sqlite_db: Database) -> None:
    world = build_world(sqlite_db)
    person_id, _ = _person(world)
    with sqlite_db.transaction() as session:
        log_extract.record_log_extract_output(
            session, world.actor("chef"), LogExtractOutput(person_id=person_id, saved_to_file=True)
        )
    with sqlite_db.read() as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.entity_type == "log_extract")
        ).all()
    assert actions == [AuditAction.EXPORT]


def test_the_document_names_the_person_on_every_page(sqlite_db: Database) -> None:
    world = build_world(sqlite_db)
    person_id, number = _person(world)
    view = _produce(world, "chef", person_id=person_id)
    many = view.rows * 40
    reader = PdfReader(io.BytesIO(render_log_extract(replace(view, rows=many))))
    assert len(reader.pages) > 1
    for number_of, page in enumerate(reader.pages, start=1):
        page_text = page.extract_text()
        assert view.person_name in page_text
        assert number in page_text
        assert f"Sida {number_of} av {len(reader.pages)}" in page_text
    first = reader.pages[0].extract_text()
    assert "Johan Ekström" in first
    assert "Handläggare" in first


def test_a_reveal_reason_and_its_comment_show_as_the_why(any_db: Database) -> None:
    from tests.helpers import person_world

    from treserva_desktop.domain.commands.persons import RevealProtected, RevealReasonChoice
    from treserva_desktop.services.persons import reveal_protected

    with any_db.transaction() as session:
        world = person_world.build_world(session)
        person_id = person_world.add_person(session, world, protected_identity=True)
    with any_db.transaction() as session:
        reveal_protected(
            session,
            person_world.actor(session, world, "samordnare"),
            RevealProtected(
                person_id=person_id,
                reason=RevealReasonChoice(code="care_visit", comment="Planera hembesök"),
            ),
        )
    with any_db.transaction() as session:
        view = log_extract.produce_log_extract(
            session,
            person_world.actor(session, world, "admin"),
            ProduceLogExtract(person_id=person_id, **PERIOD),
        )
    revealed = [row for row in view.rows if row.reason]
    assert len(revealed) == 1
    assert revealed[0].user_name == "Sara Samordnare"
    assert revealed[0].role_label == "Samordnare"
    assert revealed[0].reason.endswith(": Planera hembesök")
