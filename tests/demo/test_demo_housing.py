"""Demo housing, small and 1/100 scale: every vårdboende and korttidsboende unit has objects
that are full or nearly so, each contract follows an executed housing row of its person at
that unit, no object or person holds two contracts on one day, and some residents still wait
for a contract or a short-term place (so W14 and W15 have something to do)."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import date

import pytest
from sqlalchemy import select
from tests.demo.conftest import TODAY as SCALE_TODAY
from tests.demo.test_generator import TODAY

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import HousingContract, HousingObject, OrgUnit
from treserva_desktop.db.queries.housing import HOUSING_AREAS
from treserva_desktop.demo import generate_demo
from treserva_desktop.demo.housing import housing_stays
from treserva_desktop.domain.enums import BusinessArea, OrgUnitKind
from treserva_desktop.domain.housing_rules import ContractKind, HousingKind


@pytest.fixture
def demo(sqlite_db: Database) -> Database:
    with sqlite_db.transaction() as session:
        generate_demo(session, persons=60, seed=5, today=TODAY)
    return sqlite_db


def _check_housing(database: Database, today: date) -> dict[str, int]:
    """The invariants on any demo; returns a few counts for the caller's own checks."""
    with database.read() as session:
        units = {
            unit.id: unit
            for unit in session.scalars(
                select(OrgUnit).where(
                    OrgUnit.kind == OrgUnitKind.UNIT, OrgUnit.business_area.in_(HOUSING_AREAS)
                )
            )
        }
        objects = {obj.id: obj for obj in session.scalars(select(HousingObject))}
        contracts = list(session.scalars(select(HousingContract)))
        stays = housing_stays(session, today)

    assert objects
    assert contracts
    by_object: dict[int, list[HousingContract]] = defaultdict(list)
    by_person: dict[int, list[HousingContract]] = defaultdict(list)
    for contract in contracts:
        by_object[contract.object_id].append(contract)
        by_person[contract.person_id].append(contract)
        obj = objects[contract.object_id]
        unit = units[obj.unit_id]
        short = unit.business_area is BusinessArea.SHORT_TERM
        assert obj.kind is (HousingKind.SHORT_TERM_PLACE if short else HousingKind.APARTMENT)
        assert contract.kind is (ContractKind.SHORT_TERM if short else ContractKind.RENTAL)
        # Each contract is one of the person's executed stays at that unit, to the day.
        assert any(
            (stay.person_id, stay.start, stay.end)
            == (contract.person_id, contract.start_date, contract.move_out_on)
            for stay in stays[obj.unit_id]
        )
        if contract.move_out_on is not None:
            assert contract.move_out_on < today
            assert contract.notice_on is not None
            assert contract.start_date <= contract.notice_on <= contract.move_out_on
            assert contract.end_reason_code
    for held in [*by_object.values(), *by_person.values()]:
        held.sort(key=lambda c: c.start_date)
        for before, after in itertools.pairwise(held):
            assert before.move_out_on is not None
            assert before.move_out_on < after.start_date

    vacant = 0
    for unit_id in stays:
        unit_objects = [
            obj for obj in objects.values() if obj.unit_id == unit_id and obj.retired_on is None
        ]
        occupied = [
            obj for obj in unit_objects if any(c.move_out_on is None for c in by_object[obj.id])
        ]
        # Full or nearly so: every object but one is let.
        assert len(unit_objects) - len(occupied) == 1, units[unit_id].name
        vacant += 1
    for obj in objects.values():  # retired when its last resident had moved out
        if obj.retired_on is not None:
            assert all(c.move_out_on and c.move_out_on < obj.retired_on for c in by_object[obj.id])
    current = sum(1 for unit in stays.values() for stay in unit if stay.end is None)
    live = sum(1 for contract in contracts if contract.move_out_on is None)
    return {"vacant": vacant, "waiting": current - live, "ended": len(contracts) - live}


def test_small_demo_housing_is_full_with_history_and_waiting_residents(demo: Database) -> None:
    counts = _check_housing(demo, TODAY)
    assert counts["waiting"] >= 1  # Saknar korttidsplats lists someone


def test_scale_demo_housing(municipal: Database) -> None:
    counts = _check_housing(municipal, SCALE_TODAY)
    assert counts["ended"] > 0  # objects have a history
    assert counts["waiting"] >= counts["vacant"]
