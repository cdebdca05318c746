"""Read side of the authority (Skicka uppdrag): the code list, the receiver picker and the
look-up of a person by identity number."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import InterventionType, OrgUnit, Person
from treserva_desktop.domain.enums import AuditAction, BusinessArea, OrgUnitKind, Permission
from treserva_desktop.domain.identity import parse_identity_number
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views import PROTECTED_TEXT
from treserva_desktop.domain.views.authority import InterventionTypeView, PersonMatch, ReceiverUnit
from treserva_desktop.domain.views.persons import address_text

_RECEIVER_KINDS = frozenset({OrgUnitKind.BRANCH, OrgUnitKind.UNIT, OrgUnitKind.SUBUNIT})


def intervention_types(session: Session) -> list[InterventionTypeView]:
    """The Insats code list, home care first; boservice is left out: the provider grants it
    itself (förenklad handläggning), the authority never decides it."""
    order = {area: index for index, area in enumerate(BusinessArea)}
    types = session.scalars(
        select(InterventionType).where(InterventionType.is_service_case.is_(False))
    ).all()
    views = [InterventionTypeView(t.code, t.name, t.business_area, t.requires_time) for t in types]
    return sorted(views, key=lambda v: (order[v.business_area], v.name.casefold()))


def receiver_units(session: Session) -> list[ReceiverUnit]:
    """The whole organisation tree, parents before children, for the receiver picker."""
    units = sorted(
        session.scalars(select(OrgUnit)).all(), key=lambda u: (u.sort_order, u.name.casefold())
    )
    children: dict[int | None, list[OrgUnit]] = defaultdict(list)
    for unit in units:
        children[unit.parent_id].append(unit)
    ordered: list[ReceiverUnit] = []
    stack = list(reversed(children[None]))
    while stack:
        unit = stack.pop()
        ordered.append(
            ReceiverUnit(
                id=unit.id,
                name=unit.name,
                kind=unit.kind,
                business_area=unit.business_area,
                parent_id=unit.parent_id,
                selectable=unit.is_provider and unit.kind in _RECEIVER_KINDS,
            )
        )
        stack.extend(reversed(children[unit.id]))
    return ordered


def find_person_by_identity(session: Session, actor: Actor, text: str) -> PersonMatch | None:
    """The authority's look-up by number, shown for confirmation. A hit is audited."""
    require(actor, Permission.SEND_ASSIGNMENTS)
    number = parse_identity_number(text, today=clock_of(session).today())
    person = session.scalars(
        select(Person).where(Person.identity_number == number.value)
    ).one_or_none()
    if person is None:
        return None
    # Logged with the authority unit the look-up was made from (the actor's home unit).
    audit.record(
        session,
        actor,
        AuditAction.READ_PERSON,
        "person",
        person.id,
        person_id=person.id,
        unit_id=audit.home_unit(actor),
        details={"view": "identity_lookup"},
    )
    return PersonMatch(
        id=person.id,
        name=person.full_name,
        identity_display=number.display(),
        protected_identity=person.protected_identity,
        address=PROTECTED_TEXT
        if person.protected_identity
        else address_text(person.street, person.postal_code, person.city),
    )
