"""Housing (W14, W15): boendeobjekt (add, retire), boendekontrakt and korttidsplatser
(create, Byt objekt, end). Only the unit's managers (Permission.MANAGE_HOUSING) act here, and
a contract needs the person's housing intervention sent to execution at the unit."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from treserva_desktop.db import audit
from treserva_desktop.db.models import (
    ContractEndReason,
    HousingContract,
    HousingObject,
    OrgUnit,
    Person,
)
from treserva_desktop.db.queries.ending import provider_units
from treserva_desktop.db.queries.housing import HOUSING_AREAS, area_for, executed_housing
from treserva_desktop.domain import housing_rules
from treserva_desktop.domain.changes import ChangeKind, Touched, changes
from treserva_desktop.domain.commands.housing import (
    AddHousingObject,
    ChangeObject,
    CreateContract,
    EndContract,
    RetireHousingObject,
)
from treserva_desktop.domain.enums import AuditAction, Permission
from treserva_desktop.domain.errors import Conflict, NotFound, ValidationError
from treserva_desktop.domain.housing_rules import Period, contract_kind_for
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views.housing import ContractResult
from treserva_desktop.services._common import now

ENTITY_OBJECT = "housing_object"
ENTITY_CONTRACT = "housing_contract"
STALE = "Kontraktet har ändrats av någon annan. Stäng och öppna Boende igen."
NOT_EXECUTED = (
    "Personen har ingen boendeinsats med status Skickad till genomförande hos {unit} den "
    "{day:%Y-%m-%d}. Acceptera och fördela insatsen till genomförande först."
)
WRONG_AREA = "{unit} är inte ett vårdboende eller korttidsboende och har inga boendeobjekt."


def _contract_touched(_command: object, result: ContractResult) -> Touched:
    """The person's Boende; no unit lists contracts, so no unit's list changes."""
    return Touched(units=(), persons={result.person_id})


def _locked_object(session: Session, object_id: int) -> HousingObject:
    found = session.scalars(
        select(HousingObject).where(HousingObject.id == object_id).with_for_update()
    ).one_or_none()
    if found is None:
        raise NotFound("Objektet finns inte.")
    return found


def _locked_contract(session: Session, contract_id: int, version: int) -> HousingContract:
    found = session.scalars(
        select(HousingContract).where(HousingContract.id == contract_id).with_for_update()
    ).one_or_none()
    if found is None:
        raise NotFound("Kontraktet finns inte.")
    if found.version != version:
        raise Conflict(STALE)
    return found


def _flush(session: Session) -> None:
    try:
        session.flush()
    except StaleDataError:
        raise Conflict(STALE) from None
    except IntegrityError:
        # The open-ended contract index: someone let the object at the same moment.
        raise Conflict("Objektet blev upptaget av någon annan. Sök lediga objekt igen.") from None


def _periods(session: Session, *conditions: object) -> list[Period]:
    rows = session.execute(
        select(HousingContract.start_date, HousingContract.move_out_on).where(*conditions)  # type: ignore[arg-type]
    ).all()
    return [Period(start, end) for start, end in rows]


def _check_retire(session: Session, housing_object: HousingObject, day: date) -> None:
    if housing_object.retired_on is not None:
        raise ValidationError(
            f"Objektet är redan avvecklat ({housing_object.retired_on:%Y-%m-%d}).",
            field="retired_on",
        )
    running = _periods(
        session,
        HousingContract.object_id == housing_object.id,
    )
    wanted = Period(day, None)
    if any(period.overlaps(wanted) for period in running):
        raise ValidationError(
            f"Objektet {housing_object.label} har ett kontrakt som gäller "
            f"{day:%Y-%m-%d} eller senare. Avsluta kontraktet först.",
            field="retired_on",
        )


@changes()
def check_retire_object(session: Session, actor: Actor, command: RetireHousingObject) -> None:
    """Avveckla's checks without the change, so the dialog asks "Vill du avveckla…?" only
    when it will go through (retire_object checks again)."""
    housing_object = session.get(HousingObject, command.object_id)
    if housing_object is None:
        raise NotFound("Objektet finns inte.")
    require(actor, Permission.MANAGE_HOUSING, housing_object.unit_id)
    _check_retire(session, housing_object, command.retired_on)


# Objects show in no tree node: the administration view and the object search read them
# when they open, so a change of objects changes nothing the views keep.
@changes()
def add_object(session: Session, actor: Actor, command: AddHousingObject) -> int:
    """Nytt objekt: a label unique at the unit, of a kind the unit's area has."""
    require(actor, Permission.MANAGE_HOUSING, command.unit_id)
    unit = session.get(OrgUnit, command.unit_id)
    if unit is None:
        raise NotFound("Enheten finns inte.")
    if unit.business_area not in HOUSING_AREAS:
        raise ValidationError(WRONG_AREA.format(unit=unit.name), field="unit_id")
    housing_rules.check_object_kind(command.kind, unit.business_area)
    housing_rules.check_object(command.label, command.address)
    clash = session.scalar(
        select(HousingObject.id).where(
            HousingObject.unit_id == unit.id, HousingObject.label == command.label
        )
    )
    if clash is not None:
        raise ValidationError(
            f"Det finns redan ett objekt {command.label} vid {unit.name}.", field="label"
        )
    housing_object = HousingObject(
        unit_id=unit.id,
        label=command.label,
        address=command.address,
        kind=command.kind,
        created_at=now(session),
    )
    session.add(housing_object)
    session.flush()
    audit.record(
        session, actor, AuditAction.CREATE, ENTITY_OBJECT, housing_object.id, unit_id=unit.id
    )
    return housing_object.id


# Objects show in no tree node: the administration view and the object search read them
# when they open, so a change of objects changes nothing the views keep.
@changes()
def retire_object(session: Session, actor: Actor, command: RetireHousingObject) -> int:
    """Avveckla: from the day on the object is let no more; a contract running then or later
    is ended (or moved) first."""
    housing_object = _locked_object(session, command.object_id)
    require(actor, Permission.MANAGE_HOUSING, housing_object.unit_id)
    if housing_object.version != command.expected_version:
        raise Conflict("Objektet har ändrats av någon annan. Stäng och öppna listan igen.")
    _check_retire(session, housing_object, command.retired_on)
    housing_object.retired_on = command.retired_on
    _flush(session)
    audit.record(
        session,
        actor,
        AuditAction.UPDATE,
        ENTITY_OBJECT,
        housing_object.id,
        unit_id=housing_object.unit_id,
        details={"change": "retire"},
    )
    return housing_object.id


def _require_executed(
    session: Session, person_id: int, housing_object: HousingObject, on: date
) -> None:
    _provider, unit_ids = provider_units(session, housing_object.unit_id)
    if executed_housing(session, person_id, unit_ids, area_for(housing_object.kind), on):
        return
    unit = session.get(OrgUnit, housing_object.unit_id)
    name = unit.name if unit is not None else ""
    raise ValidationError(NOT_EXECUTED.format(unit=name, day=on), field="start_date")


def _new_contract(
    session: Session,
    actor: Actor,
    person_id: int,
    housing_object: HousingObject,
    start: date,
    replaces: int | None,
) -> HousingContract:
    """Checks the object is free from `start` on and inserts the contract (open-ended)."""
    wanted = Period(start, None)
    housing_rules.check_vacant(
        housing_object.label,
        wanted,
        _periods(session, HousingContract.object_id == housing_object.id),
        housing_object.retired_on,
    )
    housing_rules.check_person_free(
        wanted, _periods(session, HousingContract.person_id == person_id)
    )
    contract = HousingContract(
        person_id=person_id,
        object_id=housing_object.id,
        kind=contract_kind_for(housing_object.kind),
        start_date=start,
        end_reason_code="",
        replaces_contract_id=replaces,
        created_by_user_id=actor.user_id,
        created_at=now(session),
    )
    session.add(contract)
    _flush(session)
    audit.record(
        session,
        actor,
        AuditAction.CREATE,
        ENTITY_CONTRACT,
        contract.id,
        person_id=person_id,
        unit_id=housing_object.unit_id,
    )
    return contract


def _result(contract: HousingContract, unit_id: int) -> ContractResult:
    return ContractResult(contract_id=contract.id, person_id=contract.person_id, unit_id=unit_id)


@changes(ChangeKind.CONTRACTS, touches=_contract_touched)
def create_contract(session: Session, actor: Actor, command: CreateContract) -> ContractResult:
    """Skapa kontrakt on a vacant object, once the housing intervention is executed."""
    housing_object = _locked_object(session, command.object_id)
    require(actor, Permission.MANAGE_HOUSING, housing_object.unit_id)
    if session.get(Person, command.person_id) is None:
        raise NotFound("Personen finns inte.")
    _require_executed(session, command.person_id, housing_object, command.start_date)
    contract = _new_contract(
        session, actor, command.person_id, housing_object, command.start_date, None
    )
    return _result(contract, housing_object.unit_id)


@changes(ChangeKind.CONTRACTS, touches=_contract_touched)
def change_object(session: Session, actor: Actor, command: ChangeObject) -> ContractResult:
    """Byt objekt: the current contract ends the day before the change, and a new one starts
    on the chosen vacant object (at this or another unit the actor manages)."""
    current = _locked_contract(session, command.contract_id, command.expected_version)
    old_object = session.get(HousingObject, current.object_id)
    assert old_object is not None
    require(actor, Permission.MANAGE_HOUSING, old_object.unit_id)
    new_object = _locked_object(session, command.object_id)
    require(actor, Permission.MANAGE_HOUSING, new_object.unit_id)
    ends_on = housing_rules.check_change(
        current=Period(current.start_date, current.move_out_on),
        current_object_id=current.object_id,
        new_object_id=new_object.id,
        change_on=command.start_date,
    )
    _require_executed(session, current.person_id, new_object, command.start_date)
    before = current.move_out_on
    current.move_out_on = ends_on
    current.notice_on = current.notice_on or ends_on
    current.end_reason_code = housing_rules.OBJECT_CHANGE
    current.ended_by_user_id = actor.user_id
    _flush(session)
    audit.record(
        session,
        actor,
        AuditAction.UPDATE,
        ENTITY_CONTRACT,
        current.id,
        person_id=current.person_id,
        unit_id=old_object.unit_id,
        details={
            "change": "object_change",
            "move_out_on": ends_on.isoformat(),
            "before": before.isoformat() if before else None,
        },
    )
    contract = _new_contract(
        session, actor, current.person_id, new_object, command.start_date, current.id
    )
    return _result(contract, new_object.unit_id)


@changes(ChangeKind.CONTRACTS, touches=_contract_touched)
def end_contract(session: Session, actor: Actor, command: EndContract) -> ContractResult:
    """Avsluta kontrakt: uppsägningsdatum, utflyttningsdatum (not before it) and orsak."""
    contract = _locked_contract(session, command.contract_id, command.expected_version)
    housing_object = session.get(HousingObject, contract.object_id)
    assert housing_object is not None
    require(actor, Permission.MANAGE_HOUSING, housing_object.unit_id)
    housing_rules.check_end(
        start=contract.start_date,
        current_end=contract.move_out_on,
        notice_on=command.notice_on,
        move_out_on=command.move_out_on,
    )
    if command.reason_code == housing_rules.OBJECT_CHANGE:
        raise ValidationError(
            "Byte av objekt görs med Byt objekt, som avslutar kontraktet dagen före det nya.",
            field="reason_code",
        )
    known = session.scalar(
        select(ContractEndReason.code).where(
            ContractEndReason.code == command.reason_code, ContractEndReason.active.is_(True)
        )
    )
    if known is None:
        raise ValidationError("Välj en orsak i listan.", field="reason_code")
    contract.notice_on = command.notice_on
    contract.move_out_on = command.move_out_on
    contract.end_reason_code = known
    contract.ended_by_user_id = actor.user_id
    _flush(session)
    audit.record(
        session,
        actor,
        AuditAction.UPDATE,
        ENTITY_CONTRACT,
        contract.id,
        person_id=contract.person_id,
        unit_id=housing_object.unit_id,
        details={"change": "end", "reason": known},
    )
    return _result(contract, housing_object.unit_id)
