"""The organisation tree as plain rows (db.queries.organisation): every column of a unit, the
walk up the tree and the path shown, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import inspect
from tests.helpers.assignment_world import build_world

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import OrgUnit
from treserva_desktop.db.queries.organisation import (
    Unit,
    all_units,
    unit_and_ancestors,
    unit_path,
)
from treserva_desktop.domain.enums import BusinessArea


def test_a_unit_row_carries_every_column_of_the_unit() -> None:
    # A column added to org_units must reach the rows the read side works from.
    assert set(Unit._fields) == {column.key for column in inspect(OrgUnit).columns}


def test_units_are_read_as_rows_with_their_values(any_db: Database) -> None:
    world = build_world(any_db)
    group = world.units["Norr grupp 1"]
    with any_db.read() as session:
        units = all_units(session)
        stored = session.get(OrgUnit, group)
        assert stored is not None
        expected = Unit(*(getattr(stored, field) for field in Unit._fields))
    assert units[group] == expected
    assert len(units) == len(world.units)
    chain = unit_and_ancestors(units, group)
    assert [unit.name for unit in chain[:3]] == ["Norr grupp 1", "Hemtjänst Norr", "ÄO Hemtjänst"]
    assert next(u.business_area for u in chain if u.business_area) is BusinessArea.HOME_CARE
    assert unit_path(units, group) == "ÄO Hemtjänst › Hemtjänst Norr › Norr grupp 1"
