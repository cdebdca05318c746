"""Byt utförare för flera personer: every person of a unit moves on one date, all or none."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import func, select
from tests.helpers.assignment_world import World, counts
from tests.helpers.provider_change import CHANGE_DATE, change, placed, world_on

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Assignment
from treserva_desktop.db.queries.provider_change import unit_change_choices, unit_change_count
from treserva_desktop.domain.commands.provider_change import ChangeProviderForUnit
from treserva_desktop.domain.enums import AssignmentKind, BusinessArea
from treserva_desktop.domain.errors import Conflict, DomainError, PermissionDenied, ValidationError
from treserva_desktop.services.provider_change_unit import change_provider_for_unit


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(
    request: pytest.FixtureRequest, new_sqlite_db: Callable[..., Database]
) -> Iterator[World]:
    yield from world_on(request.param, new_sqlite_db)


def _command(world: World, expected: int, **overrides: object) -> ChangeProviderForUnit:
    values: dict[str, object] = {
        "from_unit_id": world.units["Norr grupp 1"],
        "to_unit_id": world.units["Hemtjänst Söder"],
        "business_area": BusinessArea.HOME_CARE,
        "change_date": CHANGE_DATE,
        "expected_persons": expected,
    }
    values.update(overrides)
    return ChangeProviderForUnit(**values)  # type: ignore[arg-type]


def _run(world: World, command: ChangeProviderForUnit, actor: str = "chef") -> object:
    with world.db.transaction() as session:
        return change_provider_for_unit(session, world.actor(actor), command)


def _refused(
    world: World, error: type[DomainError], command: ChangeProviderForUnit, actor: str = "chef"
) -> DomainError:
    before = counts(world.db)
    with pytest.raises(error) as caught:
        _run(world, command, actor)
    assert counts(world.db) == before
    return caught.value


def _changes(world: World) -> int:
    with world.db.read() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(Assignment)
                .where(Assignment.kind == AssignmentKind.PROVIDER_CHANGE)
            )
            or 0
        )


def test_every_person_moves_as_a_provider_change(world: World) -> None:
    first, second = placed(world), placed(world)
    with world.db.transaction() as session:
        choices = unit_change_choices(session, world.actor("chef"), world.units["Norr grupp 1"])
        assert choices.persons_by_area == ((BusinessArea.HOME_CARE, 2),)
        assert (
            unit_change_count(
                session, world.actor("chef"), choices.unit_id, BusinessArea.HOME_CARE, CHANGE_DATE
            )
            == 2
        )
    result = _run(world, _command(world, 2))
    assert set(result.person_ids) == {first.person_id, second.person_id}  # type: ignore[attr-defined]
    assert _changes(world) == 2
    with world.db.read() as session:
        receivers = set(
            session.scalars(
                select(Assignment.receiver_unit_id).where(
                    Assignment.kind == AssignmentKind.PROVIDER_CHANGE
                )
            ).all()
        )
    assert receivers == {world.units["Hemtjänst Söder"]}


def test_one_failing_person_leaves_nothing_changed(world: World) -> None:
    placed(world)
    blocked = placed(world)
    change(world, blocked, "personal_care")  # already waiting at Söder
    before = _changes(world)
    error = _refused(world, ValidationError, _command(world, 2))
    assert "Ingrid Testsson:" in error.message
    assert "Ingen person har flyttats." in error.message
    assert _changes(world) == before


def test_a_changed_number_of_persons_is_refused(world: World) -> None:
    placed(world)
    error = _refused(world, Conflict, _command(world, 3))
    assert "(var 3, nu 1)" in error.message


def test_the_manager_must_reach_both_units(world: World) -> None:
    placed(world)
    # The group manager of Hemtjänst Norr does not reach Hemtjänst Söder.
    _refused(world, PermissionDenied, _command(world, 1), actor="gruppchef")
    _refused(world, PermissionDenied, _command(world, 1), actor="soder")


def test_no_persons_is_refused(world: World) -> None:
    error = _refused(world, ValidationError, _command(world, 1))
    assert error.field == "business_area"
