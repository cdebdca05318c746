"""Test data for the person record: a small organisation, one user per role and persons who
belong to a unit through an execution row or a received assignment."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from treserva_desktop.db.models import (
    Assignment,
    AssignmentItem,
    Case,
    Decision,
    Execution,
    Intervention,
    OrgUnit,
    Person,
    RoleAssignment,
    User,
)
from treserva_desktop.domain.enums import (
    AssignmentKind,
    AssignmentStatus,
    BusinessArea,
    CaseKind,
    ExecutionStatus,
    IdentityKind,
    OrgUnitKind,
    Role,
    TimePer,
)
from treserva_desktop.domain.identity import make_personal_number
from treserva_desktop.domain.rules import Actor
from treserva_desktop.services.auth import load_actor

# username -> (role, unit name, display name, title)
USERS: dict[str, tuple[Role, str, str, str]] = {
    "verksamhetschef": (Role.OPERATIONS_MANAGER, "ÄO Hemtjänst", "Vera Verksam", "Verksamhetschef"),
    "gruppchef": (Role.GROUP_MANAGER, "Hemtjänst Norr", "Gustav Grupp", "Gruppchef"),
    "samordnare": (Role.COORDINATOR, "Hemtjänst Norr", "Sara Samordnare", "Samordnare"),
    "samordnare_soder": (Role.COORDINATOR, "Hemtjänst Söder", "Sune Söder", "Samordnare"),
    "personal": (Role.CARE_STAFF, "Norr grupp 1", "Per Personal", "Undersköterska"),
    "personal_soder": (Role.CARE_STAFF, "Hemtjänst Söder", "Pia Söder", "Undersköterska"),
    "sjukskoterska": (Role.NURSE, "Hemtjänst Norr", "Siv Syster", "Sjuksköterska"),
    "handlaggare": (Role.NEEDS_ASSESSOR, "Myndighet", "Hans Handläggare", "Handläggare"),
    "admin": (Role.ADMINISTRATOR, "Kommunen", "Ada Admin", "Systemadministratör"),
}

_serials = itertools.count(100)


@dataclass
class World:
    units: dict[str, int] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)


def build_world(session: Session) -> World:
    world = World()

    def unit(name: str, kind: OrgUnitKind, parent: str | None, **extra: Any) -> None:
        row = OrgUnit(
            name=name,
            kind=kind,
            parent_id=world.units[parent] if parent else None,
            **extra,
        )
        session.add(row)
        session.flush()
        world.units[name] = row.id

    unit("Kommunen", OrgUnitKind.MUNICIPALITY, None)
    unit("ÄO Utförare", OrgUnitKind.DEPARTMENT, "Kommunen")
    unit("ÄO Hemtjänst", OrgUnitKind.BRANCH, "ÄO Utförare", business_area=BusinessArea.HOME_CARE)
    unit("Hemtjänst Norr", OrgUnitKind.UNIT, "ÄO Hemtjänst", business_area=BusinessArea.HOME_CARE)
    unit(
        "Norr grupp 1", OrgUnitKind.SUBUNIT, "Hemtjänst Norr", business_area=BusinessArea.HOME_CARE
    )
    unit("Hemtjänst Söder", OrgUnitKind.UNIT, "ÄO Hemtjänst", business_area=BusinessArea.HOME_CARE)
    unit(
        "Myndighet",
        OrgUnitKind.DEPARTMENT,
        "Kommunen",
        business_area=BusinessArea.AUTHORITY,
        is_provider=False,
    )
    for username, (role, unit_name, display_name, title) in USERS.items():
        user = User(username=username, display_name=display_name, title=title, password_hash="x")
        session.add(user)
        session.flush()
        session.add(RoleAssignment(user_id=user.id, role=role, unit_id=world.units[unit_name]))
        world.users[username] = user.id
    session.flush()
    return world


def actor(session: Session, world: World, username: str) -> Actor:
    return load_actor(session, world.users[username])


def add_person(
    session: Session,
    world: World,
    *,
    first_name: str = "Anna",
    last_name: str = "Andersson",
    born: date = date(1940, 5, 17),
    unit: str = "Norr grupp 1",
    via: str = "execution",
    identity_number: str | None = None,
    identity_kind: IdentityKind = IdentityKind.PERSONAL,
    **fields: Any,
) -> int:
    """A person who belongs to `unit`: through an execution row there (the assignment was
    received by its parent unit), or only through an assignment received by `unit`."""
    number = identity_number or make_personal_number(born, next(_serials))
    person = Person(
        identity_number=number,
        identity_kind=identity_kind,
        first_name=first_name,
        last_name=last_name,
        street=fields.pop("street", "Storgatan 1"),
        postal_code=fields.pop("postal_code", "123 45"),
        city=fields.pop("city", "Norrstad"),
        phone=fields.pop("phone", "070-123 45 67"),
        **fields,
    )
    session.add(person)
    session.flush()
    unit_row = session.get(OrgUnit, world.units[unit])
    assert unit_row is not None
    receiver = unit_row.id
    if via == "execution" and unit_row.kind is OrgUnitKind.SUBUNIT and unit_row.parent_id:
        receiver = unit_row.parent_id
    case = Case(
        person_id=person.id,
        kind=CaseKind.SOL_DECISION,
        opened_on=date(2025, 1, 1),
        authority_unit_id=world.units["Myndighet"],
    )
    session.add(case)
    session.flush()
    decision = Decision(
        case_id=case.id, decided_on=date(2025, 1, 2), period_start=date(2025, 1, 10)
    )
    session.add(decision)
    session.flush()
    intervention = Intervention(
        decision_id=decision.id,
        type_code="personal_care",
        granted_minutes=300,
        granted_per=TimePer.WEEK,
    )
    session.add(intervention)
    session.flush()
    assignment = Assignment(
        person_id=person.id,
        decision_id=decision.id,
        receiver_unit_id=receiver,
        kind=AssignmentKind.NEW,
        status=AssignmentStatus.ACCEPTED if via == "execution" else AssignmentStatus.RECEIVED,
        sent_at=datetime(2025, 1, 3, 9, 0, tzinfo=UTC),
    )
    session.add(assignment)
    session.flush()
    session.add(AssignmentItem(assignment_id=assignment.id, intervention_id=intervention.id))
    if via == "execution":
        session.add(
            Execution(
                assignment_id=assignment.id,
                intervention_id=intervention.id,
                person_id=person.id,
                unit_id=unit_row.id,
                start_date=date(2025, 1, 10),
                minutes=300,
                per=TimePer.WEEK,
                status=ExecutionStatus.SENT_TO_EXECUTION,
                created_at=datetime(2025, 1, 4, 9, 0, tzinfo=UTC),
            )
        )
    session.flush()
    return person.id
