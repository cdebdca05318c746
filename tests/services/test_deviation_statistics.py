"""Deviation statistics (db/queries/deviation_statistics.py): counts per unit, month,
category, type and state, and Avvikelsestatistik's units × months with sub-units rolled up,
on SQLite and PostgreSQL. The counts are worked out by hand from the deviations made here."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from tests.helpers.assignment_world import TODAY, World
from tests.helpers.deviation_world import CLOCK, deviation_world, pinned, register

from treserva_desktop.db.database import Database
from treserva_desktop.db.queries.deviation_statistics import (
    deviation_counts,
    deviation_table,
    statistics_units,
)
from treserva_desktop.domain.deviation_rules import DeviationCategory, DeviationState
from treserva_desktop.domain.errors import PermissionDenied, ValidationError
from treserva_desktop.domain.views.deviations import DeviationCount

THIS_MONTH = TODAY.replace(day=1)
LAST_MONTH = (THIS_MONTH - timedelta(days=1)).replace(day=1)


def _in_last_month() -> datetime:
    """Noon on the 10th of last month, in the workstation's zone."""
    return datetime.combine(LAST_MONTH.replace(day=10), CLOCK.at).astimezone()


@pytest.fixture
def setup(any_db: Database) -> Iterator[tuple[World, int]]:
    with pinned(any_db) as db:
        world, person_id = deviation_world(db)
        # Norr grupp 1: two falls this month and one last month, one medication (HSL) this
        # month; Hemtjänst Söder: one unit deviation this month.
        register(world, person_id)
        register(world, person_id)
        register(world, person_id, occurred_at=_in_last_month())
        register(world, person_id, type_code="medication", category=DeviationCategory.HSL)
        register(
            world,
            None,
            user="personal_soder",
            unit_id=world.units["Hemtjänst Söder"],
            type_code="fall",
        )
        yield world, person_id


def test_counts_per_unit_month_category_type_and_state(setup: tuple[World, int]) -> None:
    world, _person_id = setup
    norr, soder = world.units["Norr grupp 1"], world.units["Hemtjänst Söder"]
    registered = DeviationState.REGISTERED
    sol, hsl = DeviationCategory.SOL, DeviationCategory.HSL
    with world.db.read() as session:
        counts = deviation_counts(session, [norr, soder], LAST_MONTH, THIS_MONTH)
        only_this = deviation_counts(session, [norr], THIS_MONTH, THIS_MONTH)
        none = deviation_counts(session, [], LAST_MONTH, THIS_MONTH)
    expected = [
        DeviationCount(norr, LAST_MONTH, sol, "fall", registered, 1),
        DeviationCount(norr, THIS_MONTH, hsl, "medication", registered, 1),
        DeviationCount(norr, THIS_MONTH, sol, "fall", registered, 2),
        DeviationCount(soder, THIS_MONTH, sol, "fall", registered, 1),
    ]
    assert sorted(counts, key=_key) == sorted(expected, key=_key)
    assert sorted(only_this, key=_key) == sorted(expected[1:3], key=_key)
    assert none == []


def _key(count: DeviationCount) -> tuple[object, ...]:
    return (count.unit_id, count.month, count.category.value, count.type_code)


def test_the_table_rolls_sub_units_up(setup: tuple[World, int]) -> None:
    world, _person_id = setup
    with world.db.read() as session:
        table = deviation_table(
            session, world.actor("chef"), world.units["ÄO Hemtjänst"], "fall", LAST_MONTH, TODAY
        )
        everything = deviation_table(
            session, world.actor("chef"), world.units["Hemtjänst Norr"], None, LAST_MONTH, TODAY
        )
        units = [unit.name for unit in statistics_units(session, world.actor("gruppchef"))]
        chef = world.actor("chef")
        chef_units = statistics_units(session, chef)
    assert table.months == (LAST_MONTH, THIS_MONTH)
    assert table.type_name == "Fall"
    rows = {row.unit_name: (row.depth, row.counts) for row in table.rows}
    # Falls: Norr grupp 1 one last month and two this; Söder one this month.
    assert rows["ÄO Hemtjänst"] == (0, (1, 3))
    assert rows["Hemtjänst Norr"] == (1, (1, 2))
    assert rows["Norr grupp 1"] == (2, (1, 2))
    assert rows["Norr grupp 2"] == (2, (0, 0))
    assert rows["Hemtjänst Söder"] == (1, (0, 1))
    assert [row.unit_name for row in table.rows][:3] == [
        "ÄO Hemtjänst",
        "Hemtjänst Norr",
        "Norr grupp 1",
    ]
    # Every type: the medication too.
    assert everything.rows[0].counts == (1, 3)
    assert everything.rows[0].total == 4
    assert units == ["Hemtjänst Norr", "Norr grupp 1", "Norr grupp 2"]
    # The manager's own unit first (the dialog opens on it), then the ones below by name.
    granted = {grant.unit_id for grant in chef.grants}
    assert chef_units[0].id in granted
    below = [unit.name for unit in chef_units if unit.id not in granted]
    assert below == sorted(below)


def test_the_table_is_refused_outside_scope_and_for_bad_months(setup: tuple[World, int]) -> None:
    world, _person_id = setup
    with world.db.read() as session:
        with pytest.raises(PermissionDenied):
            deviation_table(
                session,
                world.actor("gruppchef"),
                world.units["Hemtjänst Söder"],
                None,
                THIS_MONTH,
                THIS_MONTH,
            )
        with pytest.raises(PermissionDenied):
            deviation_table(
                session,
                world.actor("personal"),
                world.units["Norr grupp 1"],
                None,
                THIS_MONTH,
                THIS_MONTH,
            )
        with pytest.raises(ValidationError, match="Sista månaden kan inte vara före"):
            deviation_table(
                session,
                world.actor("chef"),
                world.units["Norr grupp 1"],
                None,
                THIS_MONTH,
                LAST_MONTH,
            )
        with pytest.raises(ValidationError, match="högst 36 månader"):
            deviation_table(
                session,
                world.actor("chef"),
                world.units["Norr grupp 1"],
                None,
                date(THIS_MONTH.year - 4, 1, 1),
                THIS_MONTH,
            )
