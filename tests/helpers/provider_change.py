"""Shortcuts for the Byt utförare tests: a person with rows at Norr grupp 1, and the change
and its distribution at Hemtjänst Söder, on a clock pinned to the world's today."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from tests.helpers.assignment_world import PERIOD_END, TODAY, World, build_world
from tests.helpers.postgres import scratch_postgres_url

from treserva_desktop.clock import FixedClock
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AssignmentItem, Execution, Intervention
from treserva_desktop.domain.commands.distribution import DistributeIntervention
from treserva_desktop.domain.commands.provider_change import ChangeProvider
from treserva_desktop.domain.enums import TimePer
from treserva_desktop.domain.views.authority import SentAssignment
from treserva_desktop.domain.views.distribution import DistributionResult
from treserva_desktop.domain.views.provider_change import ProviderChangeResult
from treserva_desktop.services.provider_change import change_provider

PINNED = FixedClock(TODAY, time(9, 0))
CHANGE_DATE = TODAY + timedelta(days=7)


def pinned_world(factory: Callable[..., Database]) -> World:
    """The assignment world on a database whose clock says the world's today, 09:00."""
    return build_world(factory(PINNED))


@contextmanager
def pinned_postgres_world() -> Iterator[World]:
    """The same world on a scratch PostgreSQL database (created and dropped here)."""
    with scratch_postgres_url(migrated=True) as url:
        database = Database(url, clock=PINNED)
        try:
            yield build_world(database)
        finally:
            database.dispose()


def world_on(backend: str, factory: Callable[..., Database]) -> Iterator[World]:
    """A pinned world on "sqlite" or "postgres", for a parametrised fixture to yield from."""
    if backend == "sqlite":
        yield pinned_world(factory)
        return
    with pinned_postgres_world() as world:
        yield world


def placed(world: World, *, unit: str = "Norr grupp 1", **overrides: Any) -> SentAssignment:
    """A person whose personal care and safety alarm run at `unit` (sent to Hemtjänst Norr)."""
    sent = world.send_billable()
    world.distribute(sent, type_code="personal_care", unit=unit, **overrides)
    world.distribute(sent, type_code="safety_alarm", unit=unit, **overrides)
    return sent


def change_command(
    world: World, sent: SentAssignment, *types: str, **overrides: Any
) -> ChangeProvider:
    values: dict[str, Any] = {
        "person_id": sent.person_id,
        "from_unit_id": world.units["Norr grupp 1"],
        "intervention_ids": tuple(
            world.intervention_id(sent, t) for t in (types or ("personal_care",))
        ),
        "to_unit_id": world.units["Hemtjänst Söder"],
        "change_date": CHANGE_DATE,
    }
    values.update(overrides)
    return ChangeProvider(**values)


def change(
    world: World, sent: SentAssignment, *types: str, actor: str = "gruppchef", **overrides: Any
) -> ProviderChangeResult:
    command = change_command(world, sent, *types, **overrides)
    with world.db.transaction() as session:
        return change_provider(session, world.actor(actor), command)


def accept_at_soder(
    world: World, result: ProviderChangeResult, type_code: str = "personal_care", **extra: Any
) -> DistributionResult:
    """Söder's coordinator distributes the change's intervention from the takeover date."""
    from treserva_desktop.services.distribution import distribute_intervention

    with world.db.read() as session:
        intervention_id = session.scalars(
            select(Intervention.id)
            .join(AssignmentItem, AssignmentItem.intervention_id == Intervention.id)
            .where(
                AssignmentItem.assignment_id == result.assignment_id,
                Intervention.type_code == type_code,
            )
        ).one()
    values: dict[str, Any] = {
        "assignment_id": result.assignment_id,
        "intervention_id": intervention_id,
        "unit_id": world.units["Hemtjänst Söder"],
        "start_date": CHANGE_DATE,
        "end_date": PERIOD_END,
        "hours": Decimal(20) if type_code == "personal_care" else None,
        "per": TimePer.MONTH if type_code == "personal_care" else None,
        "to_execution": True,
        "expected_version": world.version(result.assignment_id),
    }
    values.update(extra)
    with world.db.transaction() as session:
        return distribute_intervention(
            session, world.actor("soder"), DistributeIntervention(**values)
        )


def rows_of(world: World, person_id: int) -> list[tuple[str, date, date | None, str, str]]:
    """(unit name, start, end, status, end reason) of the person's rows, oldest first."""
    names = {unit_id: name for name, unit_id in world.units.items()}
    with world.db.read() as session:
        rows = session.scalars(
            select(Execution).where(Execution.person_id == person_id).order_by(Execution.id)
        ).all()
        return [
            (names[r.unit_id], r.start_date, r.end_date, r.status.value, r.end_reason) for r in rows
        ]


def at(day: date) -> datetime:
    return datetime.combine(day, time(9, 0))
