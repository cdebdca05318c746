"""The assignment world on a pinned clock (today 10:00), with a person whose rows run at Norr
grupp 1, and shortcuts to register and handle deviations there."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from tests.helpers.assignment_world import TODAY, World, build_world

from treserva_desktop.clock import FixedClock
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Deviation, DeviationEvent
from treserva_desktop.domain.commands.deviations import RegisterDeviation
from treserva_desktop.domain.deviation_rules import DeviationCategory
from treserva_desktop.domain.views.deviations import DeviationResult
from treserva_desktop.services import deviations

CLOCK = FixedClock(TODAY, time(10, 0))
# Two hours before the pinned now, in the workstation's zone.
EARLIER = CLOCK.local_now() - timedelta(hours=2)


@contextmanager
def pinned(db: Database) -> Iterator[Database]:
    """The same database opened on the pinned clock."""
    database = Database(db.url.render_as_string(hide_password=False), clock=CLOCK)
    try:
        yield database
    finally:
        database.dispose()


def deviation_world(db: Database) -> tuple[World, int]:
    """The world and a person with rows sent to execution at Norr grupp 1."""
    world = build_world(db)
    sent = world.send_billable()
    world.distribute(sent)
    return world, sent.person_id


def register_command(world: World, person_id: int | None, **overrides: Any) -> RegisterDeviation:
    values: dict[str, Any] = {
        "unit_id": world.units["Norr grupp 1"],
        "person_id": person_id,
        "category": DeviationCategory.SOL,
        "type_code": "fall",
        "occurred_at": EARLIER,
        "place": "Badrummet",
        "description": "Ingrid föll i badrummet vid morgonbesöket.",
        "immediate_action": "Hjälpte henne upp, kontaktade sjuksköterskan.",
    }
    values.update(overrides)
    return RegisterDeviation(**values)


def register(
    world: World, person_id: int | None, user: str = "personal", **kw: Any
) -> DeviationResult:
    with world.db.transaction() as session:
        return deviations.register_deviation(
            session, world.actor(user), register_command(world, person_id, **kw)
        )


def version(world: World, deviation_id: int) -> int:
    with world.db.read() as session:
        found = session.get(Deviation, deviation_id)
        assert found is not None
        return found.version


def events(world: World, deviation_id: int) -> list[DeviationEvent]:
    with world.db.read() as session:
        rows = session.scalars(
            select(DeviationEvent)
            .where(DeviationEvent.deviation_id == deviation_id)
            .order_by(DeviationEvent.id)
        ).all()
        session.expunge_all()
        return list(rows)


def deviation_count(world: World) -> int:
    with world.db.read() as session:
        return session.scalar(select(func.count()).select_from(Deviation)) or 0


def at(hours_before: int) -> datetime:
    return CLOCK.local_now() - timedelta(hours=hours_before)
