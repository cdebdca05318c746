"""The assignment world with housing: a short-term unit next to Lindgården, objects at both,
and persons whose housing intervention is sent to execution there."""

from __future__ import annotations

from sqlalchemy import select
from tests.helpers.assignment_world import PERIOD_END, PERIOD_START, World, build_world

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import OrgUnit, RoleAssignment, User
from treserva_desktop.domain.commands.authority import InterventionInput
from treserva_desktop.domain.commands.housing import AddHousingObject
from treserva_desktop.domain.enums import BusinessArea, OrgUnitKind, Role
from treserva_desktop.domain.housing_rules import HousingKind
from treserva_desktop.services import housing

NURSING = "Lindgården"
SHORT_TERM = "Korttidsboendet Eken"


def build_housing_world(db: Database) -> World:
    """`build_world` with housing (add_housing)."""
    return add_housing(build_world(db))


def add_housing(world: World) -> World:
    """ÄO Korttidsboende › Korttidsboendet Eken (chef manages it too) and the objects
    Lgh 101, Lgh 102 (Lindgården) and Plats 1, Plats 2 (Eken)."""
    with world.db.transaction() as session:
        branch = OrgUnit(
            name="ÄO Korttidsboende",
            kind=OrgUnitKind.BRANCH,
            parent_id=world.units["ÄO Utförare"],
            business_area=BusinessArea.SHORT_TERM,
            is_provider=True,
            phone="",
        )
        session.add(branch)
        session.flush()
        unit = OrgUnit(
            name=SHORT_TERM,
            kind=OrgUnitKind.UNIT,
            parent_id=branch.id,
            business_area=BusinessArea.SHORT_TERM,
            is_provider=True,
            phone="",
        )
        session.add(unit)
        session.flush()
        world.units[branch.name] = branch.id
        world.units[SHORT_TERM] = unit.id
        chef = session.scalar(select(User.id).where(User.username == "chef"))
        assert chef is not None
        session.add(RoleAssignment(user_id=chef, role=Role.OPERATIONS_MANAGER, unit_id=branch.id))
    for unit_name, label, kind in (
        (NURSING, "Lgh 101", HousingKind.APARTMENT),
        (NURSING, "Lgh 102", HousingKind.APARTMENT),
        (SHORT_TERM, "Plats 1", HousingKind.SHORT_TERM_PLACE),
        (SHORT_TERM, "Plats 2", HousingKind.SHORT_TERM_PLACE),
    ):
        add_object(world, unit_name, label, kind)
    return world


def add_object(world: World, unit_name: str, label: str, kind: HousingKind) -> int:
    command = AddHousingObject(
        unit_id=world.units[unit_name], label=label, address="Lindvägen 3", kind=kind
    )
    with world.db.transaction() as session:
        return housing.add_object(session, world.actor("chef"), command)


def object_id(world: World, label: str) -> int:
    from treserva_desktop.db.models import HousingObject

    with world.db.read() as session:
        found = session.scalar(select(HousingObject.id).where(HousingObject.label == label))
        assert found is not None
        return found


def housed_person(
    world: World, *, short_term: bool = False, to_execution: bool = True, first_name: str = "Greta"
) -> int:
    """A new person with special housing (or a short-term stay) distributed at the unit."""
    code = "short_term_stay" if short_term else "special_housing"
    unit = SHORT_TERM if short_term else NURSING
    sent = world.send_billable(
        interventions=(InterventionInput(type_code=code),),
        receiver_unit_id=world.units[unit],
    )
    world.distribute(
        sent,
        actor="chef",
        type_code=code,
        unit=unit,
        to_execution=to_execution,
        start_date=PERIOD_START,
        end_date=PERIOD_END,
    )
    return sent.person_id
