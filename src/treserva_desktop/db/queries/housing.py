"""Read side of housing: a unit's objects, vacant objects, a person's Boende, the contract
list and the persons with a short-term decision but no place. Reads naming persons are
audited; managers of the unit (Permission.MANAGE_HOUSING) read them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.id_lists import in_ids
from treserva_desktop.db.models import (
    ContractEndReason,
    Execution,
    HousingContract,
    HousingObject,
    Intervention,
    InterventionType,
    OrgUnit,
    Person,
)
from treserva_desktop.db.queries.ending import provider_units
from treserva_desktop.db.queries.organisation import all_units
from treserva_desktop.db.queries.plans import require_plan_access
from treserva_desktop.domain.commands.housing import ContractSearch
from treserva_desktop.domain.enums import (
    AuditAction,
    BusinessArea,
    ExecutionStatus,
    OrgUnitKind,
    Permission,
)
from treserva_desktop.domain.errors import NotFound, ValidationError
from treserva_desktop.domain.housing_rules import (
    OBJECT_CHANGE,
    HousingKind,
    Period,
    is_live,
    occupied_days,
)
from treserva_desktop.domain.identity import from_stored, parse_identity_number
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views.authority import ReceiverUnit
from treserva_desktop.domain.views.housing import (
    ContractPage,
    ContractView,
    HousingObjectView,
    PersonHousing,
)

ENTITY_CONTRACT = "housing_contract"
HOUSING_AREAS = (BusinessArea.NURSING_HOME, BusinessArea.SHORT_TERM)
EXECUTED = (ExecutionStatus.SENT_TO_EXECUTION, ExecutionStatus.ACKNOWLEDGED)
# Kontraktslista shows this many contracts, then the next ones as the list is scrolled.
CONTRACT_PAGE = 200


def housing_unit_tree(session: Session, actor: Actor) -> list[ReceiverUnit]:
    """The organisation tree for the object search's picker: every unit shown, the
    vårdboende and korttidsboende units where the actor manages housing selectable."""
    allowed = actor.units_with(Permission.MANAGE_HOUSING)
    return [
        ReceiverUnit(
            id=unit.id,
            name=unit.name,
            kind=unit.kind,
            business_area=unit.business_area,
            parent_id=unit.parent_id,
            selectable=(
                unit.id in allowed
                and unit.business_area in HOUSING_AREAS
                and unit.kind is OrgUnitKind.UNIT
            ),
        )
        for unit in sorted(all_units(session).values(), key=lambda unit: unit.name)
    ]


def area_for(kind: HousingKind) -> BusinessArea:
    """The intervention area a contract on an object of this kind needs."""
    return BusinessArea.SHORT_TERM if kind.short_term else BusinessArea.NURSING_HOME


def executed_housing(
    session: Session, person_id: int, unit_ids: Iterable[int], area: BusinessArea, on: date
) -> bool:
    """Whether the person has a housing row of the area at the units, sent to execution
    (or acknowledged) and running on `on`: the condition for a contract from that day."""
    query = (
        select(Execution.id)
        .join(Intervention, Intervention.id == Execution.intervention_id)
        .join(InterventionType, InterventionType.code == Intervention.type_code)
        .where(
            Execution.person_id == person_id,
            in_ids(Execution.unit_id, list(unit_ids)),
            Execution.status.in_(EXECUTED),
            InterventionType.business_area == area,
            Execution.start_date <= on,
            or_(Execution.end_date.is_(None), Execution.end_date >= on),
        )
        .limit(1)
    )
    return session.scalar(query) is not None


def unit_objects(session: Session, actor: Actor, unit_id: int) -> list[HousingObjectView]:
    """Boendeobjekt of a unit (and its sub-units), with today's occupant: the administration
    view. Naming the occupants is a read of their data, audited per person."""
    require(actor, Permission.MANAGE_HOUSING, unit_id)
    today = clock_of(session).today()
    _provider, unit_ids = provider_units(session, unit_id)
    live = and_(
        HousingContract.object_id == HousingObject.id,
        HousingContract.start_date <= today,
        or_(HousingContract.move_out_on.is_(None), HousingContract.move_out_on >= today),
    )
    rows = session.execute(
        select(
            HousingObject,
            OrgUnit.name.label("unit_name"),
            Person.id.label("person_id"),
            Person.first_name,
            Person.last_name,
        )
        .join(OrgUnit, OrgUnit.id == HousingObject.unit_id)
        .outerjoin(HousingContract, live)
        .outerjoin(Person, Person.id == HousingContract.person_id)
        .where(in_ids(HousingObject.unit_id, unit_ids))
        .order_by(OrgUnit.name, HousingObject.label)
    ).all()
    occupancy = _occupancy(session, [row.HousingObject.id for row in rows], today)
    views = [
        HousingObjectView(
            id=row.HousingObject.id,
            unit_id=row.HousingObject.unit_id,
            unit_name=row.unit_name,
            label=row.HousingObject.label,
            address=row.HousingObject.address,
            kind=row.HousingObject.kind,
            retired_on=row.HousingObject.retired_on,
            occupant=f"{row.last_name}, {row.first_name}" if row.person_id else "",
            version=row.HousingObject.version,
            occupied_days=occupancy.get(row.HousingObject.id, 0),
        )
        for row in rows
    ]
    audit.record_reads(
        session,
        actor,
        (audit.PersonRead(row.person_id, unit_id=unit_id) for row in rows if row.person_id),
        view="housing_objects",
    )
    return views


def _occupancy(session: Session, object_ids: list[int], today: date) -> dict[int, int]:
    """Days of today's month each object was let (whole month, planned days included)."""
    first = today.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    periods: dict[int, list[Period]] = defaultdict(list)
    for object_id, start, end in session.execute(
        select(
            HousingContract.object_id, HousingContract.start_date, HousingContract.move_out_on
        ).where(
            HousingContract.object_id.in_(object_ids),
            HousingContract.start_date <= last,
            or_(HousingContract.move_out_on.is_(None), HousingContract.move_out_on >= first),
        )
    ).all():
        periods[object_id].append(Period(start, end))
    return {object_id: occupied_days(spans, first, last) for object_id, spans in periods.items()}


def vacant_objects(
    session: Session, actor: Actor, unit_id: int, from_date: date
) -> list[HousingObjectView]:
    """Lediga objekt at the unit (and its sub-units) from `from_date` on: not retired and with
    no contract on that day or later. Shows no person."""
    require(actor, Permission.MANAGE_HOUSING, unit_id)
    _provider, unit_ids = provider_units(session, unit_id)
    taken = exists().where(
        HousingContract.object_id == HousingObject.id,
        or_(HousingContract.move_out_on.is_(None), HousingContract.move_out_on >= from_date),
    )
    rows = session.execute(
        select(HousingObject, OrgUnit.name.label("unit_name"))
        .join(OrgUnit, OrgUnit.id == HousingObject.unit_id)
        .where(
            in_ids(HousingObject.unit_id, unit_ids),
            HousingObject.retired_on.is_(None),
            ~taken,
        )
        .order_by(OrgUnit.name, HousingObject.label)
    ).all()
    return [
        HousingObjectView(
            id=row.HousingObject.id,
            unit_id=row.HousingObject.unit_id,
            unit_name=row.unit_name,
            label=row.HousingObject.label,
            address=row.HousingObject.address,
            kind=row.HousingObject.kind,
            retired_on=None,
            occupant="",
            version=row.HousingObject.version,
        )
        for row in rows
    ]


def contract_end_reasons(session: Session) -> list[tuple[str, str]]:
    """The active reasons Avsluta kontrakt offers (code, text), in the list's order; Byte av
    objekt is Byt objekt's own."""
    rows = session.execute(
        select(ContractEndReason.code, ContractEndReason.name)
        .where(ContractEndReason.active.is_(True), ContractEndReason.code != OBJECT_CHANGE)
        .order_by(ContractEndReason.sort_order, ContractEndReason.code)
    ).all()
    return [(code, name) for code, name in rows]


def _contract_query() -> Any:
    return (
        # Columns, not the ORM entity: a page of Kontraktslista is 200 contracts, and
        # building an instance of each cost more than the page's query.
        select(
            HousingContract.id,
            HousingContract.person_id,
            HousingContract.object_id,
            HousingContract.kind,
            HousingContract.start_date,
            HousingContract.notice_on,
            HousingContract.move_out_on,
            HousingContract.end_reason_code,
            HousingContract.version,
            HousingObject.label,
            HousingObject.kind.label("object_kind"),
            HousingObject.unit_id,
            OrgUnit.name.label("unit_name"),
            Person.first_name,
            Person.last_name,
            Person.identity_number,
            Person.identity_kind,
            ContractEndReason.name.label("reason_name"),
        )
        .join(HousingObject, HousingObject.id == HousingContract.object_id)
        .join(OrgUnit, OrgUnit.id == HousingObject.unit_id)
        .join(Person, Person.id == HousingContract.person_id)
        .outerjoin(ContractEndReason, ContractEndReason.code == HousingContract.end_reason_code)
    )


def _contract_view(row: Any, today: date) -> ContractView:
    return ContractView(
        id=row.id,
        person_id=row.person_id,
        person_name=f"{row.last_name}, {row.first_name}",
        identity_display=from_stored(row.identity_number, row.identity_kind).display(),
        object_id=row.object_id,
        object_label=row.label,
        object_kind=row.object_kind,
        unit_id=row.unit_id,
        unit_name=row.unit_name,
        kind=row.kind,
        start_date=row.start_date,
        notice_on=row.notice_on,
        move_out_on=row.move_out_on,
        end_reason=row.reason_name or row.end_reason_code,
        live=is_live(row.move_out_on, today),
        version=row.version,
        upcoming=row.start_date > today,
    )


def person_housing(session: Session, actor: Actor, person_id: int, unit_id: int) -> PersonHousing:
    """Boende: the person's contracts at the unit's provider (newest first), audited."""
    require_plan_access(session, actor, person_id, unit_id, Permission.MANAGE_HOUSING)
    today = clock_of(session).today()
    units = all_units(session)
    provider_id, unit_ids = provider_units(session, unit_id)
    rows = session.execute(
        _contract_query()
        .where(HousingContract.person_id == person_id, in_ids(HousingObject.unit_id, unit_ids))
        .order_by(HousingContract.start_date.desc(), HousingContract.id.desc())
    ).all()
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound("Personen finns inte.")
    area = units[provider_id].business_area
    executed = area in HOUSING_AREAS and executed_housing(
        session, person_id, unit_ids, area or BusinessArea.NURSING_HOME, today
    )
    audit.record(
        session,
        actor,
        AuditAction.READ_PERSON,
        "person",
        person_id,
        person_id=person_id,
        unit_id=unit_id,
        details={"view": "housing"},
    )
    return PersonHousing(
        person_id=person_id,
        person_name=f"{person.last_name}, {person.first_name}",
        unit_id=provider_id,
        unit_name=units[provider_id].name,
        contracts=tuple(_contract_view(row, today) for row in rows),
        executed=executed,
    )


def open_contracts(
    session: Session, actor: Actor, person_id: int, unit_id: int
) -> list[ContractView]:
    """The person's contracts at the unit's provider with no utflyttningsdatum yet: after
    Rätta/Avsluta of the housing intervention the manager is offered to end them too."""
    require(actor, Permission.MANAGE_HOUSING, unit_id)
    today = clock_of(session).today()
    _provider, unit_ids = provider_units(session, unit_id)
    rows = session.execute(
        _contract_query()
        .where(
            HousingContract.person_id == person_id,
            in_ids(HousingObject.unit_id, unit_ids),
            HousingContract.move_out_on.is_(None),
        )
        .order_by(HousingContract.start_date)
    ).all()
    views = [_contract_view(row, today) for row in rows]
    audit.record_reads(
        session,
        actor,
        (
            audit.PersonRead(view.person_id, ENTITY_CONTRACT, view.id, unit_id=unit_id)
            for view in views
        ),
        view="open_contracts",
    )
    return views


def contract_list(
    session: Session, actor: Actor, search: ContractSearch, *, offset: int = 0
) -> ContractPage:
    """Kontraktslista: contracts, current and past, at the units where the actor manages
    housing, of one person (by identity number), of one unit, or (neither given) of all those
    units, CONTRACT_PAGE at a time after
    the first `offset` (the largest vårdboende has hundreds, with history). Each person shown is
    an audited read."""
    allowed = actor.units_with(Permission.MANAGE_HOUSING)
    unit_id = search.unit_id
    identity_number: str | None = None
    if search.identity_number:
        today = clock_of(session).today()
        try:
            identity_number = parse_identity_number(search.identity_number, today=today).value
        except ValidationError as error:
            raise ValidationError(error.message, field="identity_number") from None
    if unit_id is not None:
        require(actor, Permission.MANAGE_HOUSING, unit_id)
    else:
        require(actor, Permission.MANAGE_HOUSING)
    today = clock_of(session).today()
    query = _contract_query().where(in_ids(HousingObject.unit_id, sorted(allowed)))
    if unit_id is not None:
        query = query.where(in_ids(HousingObject.unit_id, provider_units(session, unit_id)[1]))
    if identity_number is not None:
        query = query.where(Person.identity_number == identity_number)
    rows = session.execute(
        query.order_by(
            OrgUnit.name,
            Person.last_name_key,
            HousingContract.start_date.desc(),
            HousingContract.id.desc(),
        )
        .offset(max(0, offset))
        .limit(CONTRACT_PAGE + 1)
    ).all()
    views = [_contract_view(row, today) for row in rows[:CONTRACT_PAGE]]
    audit.record_entity_reads(
        session,
        actor,
        _SHOWN_CONTRACTS,
        ENTITY_CONTRACT,
        (view.id for view in views),
        view="contract_list",
    )
    return ContractPage(tuple(views), more=len(rows) > CONTRACT_PAGE)


# A contract as audit.record_entity_reads reads it: its id, its person and the unit of its
# object. The events of a page of Kontraktslista are then one INSERT … SELECT: on PostgreSQL
# an executemany of 200 events took longer than the page's own read.
_SHOWN_CONTRACTS = (
    select(HousingContract.id, HousingContract.person_id, HousingObject.unit_id)
    .join(HousingObject, HousingObject.id == HousingContract.object_id)
    .subquery("shown_contracts")
)
