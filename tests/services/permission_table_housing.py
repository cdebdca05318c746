"""The permission table's entries for housing (services.housing, db.queries.housing), merged
into TABLE by permission_table.py. DOMAIN.md: "Housing contracts, short-term places": the
managers (samordnare, gruppchef, verksamhetschef) at their own units."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session
from tests.helpers.role_world import TODAY, RoleWorld
from tests.services.permission_table import (
    _HELPER,
    MANAGERS,
    Checked,
    Exempt,
    _target,
    anywhere_for,
    in_scope_for,
)

from treserva_desktop.db.models import HousingContract, HousingObject
from treserva_desktop.db.queries import housing as housing_queries
from treserva_desktop.db.queries import short_term_places
from treserva_desktop.domain.commands.housing import (
    AddHousingObject,
    ChangeObject,
    ContractSearch,
    CreateContract,
    EndContract,
    RetireHousingObject,
)
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.housing_rules import ContractKind, HousingKind
from treserva_desktop.domain.rules import Actor
from treserva_desktop.services import housing

MANAGE_HOUSING = in_scope_for(MANAGERS)
# The target unit of the role world may be a home-care unit: a manager gets past every
# permission check and is then told the unit has no housing or no executed intervention.
_DATA_RULES = (ValidationError,)


def _object(session: Session, world: RoleWorld, in_scope: bool, label: str = "Lgh 1") -> int:
    housing_object = HousingObject(
        unit_id=world.unit_pair().of(in_scope),
        label=label,
        address="",
        kind=HousingKind.APARTMENT,
        created_at=datetime.now(UTC),
    )
    session.add(housing_object)
    session.flush()
    return housing_object.id


def _contract(session: Session, world: RoleWorld, in_scope: bool) -> HousingContract:
    contract = HousingContract(
        person_id=_target(world, "person", in_scope),
        object_id=_object(session, world, in_scope),
        kind=ContractKind.RENTAL,
        start_date=TODAY - timedelta(days=20),
        end_reason_code="",
        created_by_user_id=world.users["admin"],
        created_at=datetime.now(UTC),
    )
    session.add(contract)
    session.flush()
    return contract


def _call(make: Any, fn: Any) -> Any:
    def prepare(session: Session, world: RoleWorld, actor: Actor, in_scope: bool) -> Any:
        command = make(session, world, in_scope)
        return lambda: fn(session, actor, command)

    return prepare


def _change(session: Session, world: RoleWorld, in_scope: bool) -> ChangeObject:
    contract = _contract(session, world, in_scope)
    return ChangeObject(
        contract_id=contract.id,
        object_id=_object(session, world, in_scope, "Lgh 2"),
        start_date=TODAY,
        expected_version=contract.version,
    )


def _end(session: Session, world: RoleWorld, in_scope: bool) -> EndContract:
    contract = _contract(session, world, in_scope)
    return EndContract(
        contract_id=contract.id,
        notice_on=TODAY,
        move_out_on=TODAY + timedelta(days=30),
        reason_code="other",
        expected_version=contract.version,
    )


def _unit_call(fn: Any, *extra: Any) -> Any:
    def prepare(session: Session, world: RoleWorld, actor: Actor, in_scope: bool) -> Any:
        unit_id = world.unit_pair().of(in_scope)
        return lambda: fn(session, actor, unit_id, *extra)

    return prepare


HOUSING_TABLE: dict[str, Checked | Exempt] = {
    # services.housing
    "services.housing.add_object": Checked(
        MANAGE_HOUSING,
        _call(
            lambda _s, world, in_scope: AddHousingObject(
                unit_id=world.unit_pair().of(in_scope), label="Lgh 9", kind=HousingKind.APARTMENT
            ),
            housing.add_object,
        ),
        allowed_errors=_DATA_RULES,
    ),
    "services.housing.retire_object": Checked(
        MANAGE_HOUSING,
        _call(
            lambda session, world, in_scope: RetireHousingObject(
                object_id=_object(session, world, in_scope),
                retired_on=TODAY,
                expected_version=1,
            ),
            housing.retire_object,
        ),
    ),
    "services.housing.check_retire_object": Checked(
        MANAGE_HOUSING,
        _call(
            lambda session, world, in_scope: RetireHousingObject(
                object_id=_object(session, world, in_scope),
                retired_on=TODAY,
                expected_version=1,
            ),
            housing.check_retire_object,
        ),
    ),
    "services.housing.create_contract": Checked(
        MANAGE_HOUSING,
        _call(
            lambda session, world, in_scope: CreateContract(
                person_id=_target(world, "person", in_scope),
                object_id=_object(session, world, in_scope),
                start_date=TODAY,
            ),
            housing.create_contract,
        ),
        allowed_errors=_DATA_RULES,
    ),
    "services.housing.change_object": Checked(
        MANAGE_HOUSING, _call(_change, housing.change_object), allowed_errors=_DATA_RULES
    ),
    "services.housing.end_contract": Checked(MANAGE_HOUSING, _call(_end, housing.end_contract)),
    # db.queries.housing
    "db.queries.housing.housing_unit_tree": Exempt(
        "the organisation tree, marking the actor's own housing units: no person data"
    ),
    "db.queries.housing.area_for": Exempt("a pure mapping of an object kind to a business area"),
    "db.queries.housing.executed_housing": Exempt(
        _HELPER + "data: a yes/no for the caller's own check"
    ),
    "db.queries.housing.contract_end_reasons": Exempt(
        "the code list of reasons a contract ends: no personal data"
    ),
    "db.queries.housing.unit_objects": Checked(
        MANAGE_HOUSING, _unit_call(housing_queries.unit_objects)
    ),
    "db.queries.housing.vacant_objects": Checked(
        MANAGE_HOUSING, _unit_call(housing_queries.vacant_objects, TODAY)
    ),
    "db.queries.housing.person_housing": Checked(
        MANAGE_HOUSING,
        lambda session, world, actor, in_scope: (
            lambda: housing_queries.person_housing(
                session,
                actor,
                _target(world, "person", in_scope),
                world.unit_pair().of(in_scope),
            )
        ),
    ),
    "db.queries.housing.open_contracts": Checked(
        MANAGE_HOUSING,
        lambda session, world, actor, in_scope: (
            lambda: housing_queries.open_contracts(
                session,
                actor,
                _target(world, "person", in_scope),
                world.unit_pair().of(in_scope),
            )
        ),
    ),
    "db.queries.housing.contract_list": Checked(
        MANAGE_HOUSING,
        lambda session, world, actor, in_scope: (
            lambda: housing_queries.contract_list(
                session, actor, ContractSearch(unit_id=world.unit_pair().of(in_scope))
            )
        ),
    ),
    # Lists only the actor's own housing units, whatever the target.
    "db.queries.short_term_places.missing_short_term_places": Checked(
        anywhere_for(MANAGERS),
        lambda session, _world, actor, _in_scope: (
            lambda: short_term_places.missing_short_term_places(session, actor)
        ),
    ),
}
