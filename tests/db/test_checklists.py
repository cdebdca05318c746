"""Checklistor's query: the facts from the data, refused outside the actor's reach and unit,
audited as a read of the person, and a fixed number of statements whatever the rows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session
from tests.helpers.person_world import World, actor, add_person, build_world

from treserva_desktop.db.database import Database, clock_of
from treserva_desktop.db.models import (
    Assignment,
    AuditEvent,
    BillingArea,
    Case,
    Execution,
    ImplementationPlan,
    Journal,
    Message,
    MessageRecipient,
    Person,
    Relation,
)
from treserva_desktop.db.queries.checklists import person_checklists
from treserva_desktop.domain.enums import (
    AuditAction,
    CaseKind,
    ExecutionStatus,
    JournalKind,
    RelationKind,
)
from treserva_desktop.domain.errors import PermissionDenied
from treserva_desktop.domain.views.checklists import PersonChecklistsView


@pytest.fixture
def world(any_db: Database) -> World:
    with any_db.transaction() as session:
        return build_world(session)


@pytest.fixture
def person_id(any_db: Database, world: World) -> int:
    with any_db.transaction() as session:
        return add_person(session, world)


def ticks(view: PersonChecklistsView) -> dict[str, bool]:
    return {item.key: item.done for checklist in view.lists for item in checklist.items}


def details(view: PersonChecklistsView) -> dict[str, str]:
    return {item.key: item.detail for checklist in view.lists for item in checklist.items}


def checklists_as(
    db: Database, world: World, username: str, person_id: int, unit: str | None = None
) -> PersonChecklistsView:
    with db.transaction() as session:
        unit_id = world.units[unit] if unit else None
        return person_checklists(session, actor(session, world, username), person_id, unit_id)


def assignment_of(session: Session, person_id: int) -> Assignment:
    return session.scalars(select(Assignment).where(Assignment.person_id == person_id)).one()


def test_a_freshly_distributed_person(any_db: Database, world: World, person_id: int) -> None:
    view = checklists_as(any_db, world, "gruppchef", person_id, "Norr grupp 1")
    assert ticks(view) == {
        "read": False,
        "distributed": True,
        "journal_created": False,
        "acknowledged": False,
        "billing_area": False,
        "invoice_recipient": False,
        "documents_ended": True,
        "rows_ended": False,
        "contracts_ended": True,
        "service_cases_closed": True,
        "handlaggare_told": False,
        "plan_established": False,
        "plan_ended": True,
    }
    assert details(view)["plan_established"] == "Ingen genomförandeplan är upprättad."
    assert details(view)["distributed"] == "Fördelat till Norr grupp 1"
    assert view.assignment_id is not None
    assert view.person_name == "Andersson, Anna"


def test_every_item_ticked_from_the_data(any_db: Database, world: World, person_id: int) -> None:
    with any_db.transaction() as session:
        today = clock_of(session).today()
        assignment = assignment_of(session, person_id)
        assignment.first_read_at = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
        assignment.first_read_by_user_id = world.users["samordnare"]
        case = session.scalars(select(Case).where(Case.person_id == person_id)).one()
        case.responsible_user_id = world.users["handlaggare"]
        execution = session.scalars(select(Execution).where(Execution.person_id == person_id)).one()
        execution.status = ExecutionStatus.ACKNOWLEDGED
        execution.acknowledged_at = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
        execution.acknowledged_by_user_id = world.users["personal"]
        execution.end_date = today - timedelta(days=1)
        # The code list comes with the migrations.
        area = session.scalars(select(BillingArea).order_by(BillingArea.code)).first()
        assert area is not None
        area_text = f"{area.code} {area.name}"
        person = session.get(Person, person_id)
        assert person is not None
        person.billing_area_code = area.code
        session.add(
            Relation(
                person_id=person_id,
                kind=RelationKind.NEXT_OF_KIN,
                name="Karin Ek",
                street="Lillgatan 2",
                postal_code="123 45",
                city="Norrstad",
                is_invoice_recipient=True,
            )
        )
        message = Message(
            sender_user_id=world.users["gruppchef"],
            subject="Avslutade insatser",
            sent_at=clock_of(session).now(),
            person_id=person_id,
        )
        session.add(message)
        session.flush()
        session.add(
            MessageRecipient(
                message_id=message.id, user_id=world.users["handlaggare"], sent_at=message.sent_at
            )
        )
        session.add(
            ImplementationPlan(
                person_id=person_id,
                unit_id=world.units["Norr grupp 1"],
                established_on=today - timedelta(days=20),
                established_by_user_id=world.users["gruppchef"],
                person_took_part=True,
                participants="Anna, kontaktman",
                next_follow_up_on=None,
                ended_on=today - timedelta(days=1),
                ended_by_user_id=world.users["gruppchef"],
                end_reason="Insatserna avslutade",
                created_at=clock_of(session).now(),
            )
        )
        # The genomförandejournal, kept at the unit and closed (Avsluta journal).
        session.add(
            Journal(
                person_id=person_id,
                unit_id=world.units["Norr grupp 1"],
                kind=JournalKind.SOCIAL,
                template_code="home_care",
                title="Genomförandejournal hemtjänst",
                created_at=datetime(2026, 11, 25, 9, 0, tzinfo=UTC),
                created_by=world.users["gruppchef"],
                closed_at=clock_of(session).now(),
                closed_by=world.users["gruppchef"],
            )
        )
    view = checklists_as(any_db, world, "gruppchef", person_id, "Norr grupp 1")
    assert all(ticks(view).values()), details(view)
    assert details(view)["journal_created"] == "Genomförandejournal skapad 2026-11-25"
    established = today - timedelta(days=20)
    assert details(view)["plan_established"] == f"Genomförandeplan upprättad {established:%Y-%m-%d}"
    assert details(view)["plan_ended"] == "Genomförandeplanen är avslutad."
    shown = details(view)
    assert shown["read"] == "Läst 2026-11-30 av Sara Samordnare"
    assert shown["acknowledged"] == "Kvitterat 2026-12-01 av Per Personal"
    assert shown["billing_area"] == f"Debiteringsområde: {area_text}"
    assert shown["invoice_recipient"] == "Fakturamottagare: Karin Ek"
    assert shown["handlaggare_told"].startswith("Meddelande till Hans Handläggare ")
    assert [h.name for h in view.handlaggare] == ["Hans Handläggare"]


def test_an_open_boservice_case_is_not_ticked(
    any_db: Database, world: World, person_id: int
) -> None:
    with any_db.transaction() as session:
        session.add(
            Case(
                person_id=person_id,
                kind=CaseKind.SERVICE,
                opened_on=clock_of(session).today() - timedelta(days=40),
            )
        )
    view = checklists_as(any_db, world, "gruppchef", person_id)
    assert ticks(view)["service_cases_closed"] is False


def test_refused_outside_reach_unit_or_role(any_db: Database, world: World, person_id: int) -> None:
    # A coordinator of another unit does not reach the person.
    with pytest.raises(PermissionDenied):
        checklists_as(any_db, world, "samordnare_soder", person_id)
    # Nor may anyone ask for a unit outside their own.
    with pytest.raises(PermissionDenied):
        checklists_as(any_db, world, "personal", person_id, "Hemtjänst Söder")
    # The checklists are the provider's: a needs assessor reads the person, not these.
    with pytest.raises(PermissionDenied):
        checklists_as(any_db, world, "handlaggare", person_id)


def test_the_read_is_audited_with_the_unit(any_db: Database, world: World, person_id: int) -> None:
    checklists_as(any_db, world, "gruppchef", person_id, "Norr grupp 1")
    checklists_as(any_db, world, "personal", person_id)
    with any_db.read() as session:
        events = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.person_id == person_id, AuditEvent.action == AuditAction.READ_PERSON)
            .order_by(AuditEvent.id)
        ).all()
    assert [(e.user_id, e.unit_id, e.details) for e in events] == [
        (world.users["gruppchef"], world.units["Norr grupp 1"], {"view": "checklists"}),
        (world.users["personal"], world.units["Norr grupp 1"], {"view": "checklists"}),
    ]


@pytest.fixture
def statements(any_db: Database) -> Iterator[list[str]]:
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    event.listen(any_db.engine, "before_cursor_execute", record)
    yield sent
    event.remove(any_db.engine, "before_cursor_execute", record)


def test_a_fixed_number_of_statements_whatever_the_rows(
    any_db: Database, world: World, person_id: int, statements: list[str]
) -> None:
    """No query per row: ten more rows and messages cost no statement more."""
    checklists_as(any_db, world, "gruppchef", person_id, "Norr grupp 1")
    few = len(statements)
    with any_db.transaction() as session:
        first = session.scalars(select(Execution).where(Execution.person_id == person_id)).one()
        case = session.scalars(select(Case).where(Case.person_id == person_id)).one()
        case.responsible_user_id = world.users["handlaggare"]
        for day in range(10):
            session.add(
                Execution(
                    assignment_id=first.assignment_id,
                    intervention_id=first.intervention_id,
                    person_id=person_id,
                    unit_id=first.unit_id,
                    start_date=first.start_date + timedelta(days=day + 1),
                    status=ExecutionStatus.ACKNOWLEDGED,
                    acknowledged_by_user_id=world.users["personal"],
                    created_at=first.created_at,
                )
            )
            message = Message(subject="x", sent_at=first.created_at, person_id=person_id)
            session.add(message)
            session.flush()
            session.add(
                MessageRecipient(
                    message_id=message.id,
                    user_id=world.users["handlaggare"],
                    sent_at=message.sent_at,
                )
            )
    statements.clear()
    checklists_as(any_db, world, "gruppchef", person_id, "Norr grupp 1")
    # Two more than the first read: the handläggare's name and their last message, now that
    # the case names one; nothing grows with the rows.
    assert len(statements) == few + 2, statements
    # The genomförandeplan's status reads its own few statements (and audits its read).
    assert len(statements) <= 24
