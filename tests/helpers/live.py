"""Two workstations on one database for the live-update tests: a second Database (its own
engine and client id) that writes through the runner, as another client's actions do."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from tests.helpers import actor_for

from treserva_desktop.db import live
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import OrgUnit
from treserva_desktop.domain.changes import ChangeKind, ChangeSet, Touched
from treserva_desktop.domain.commands.authority import (
    DecisionInput,
    InterventionInput,
    PersonInput,
    SendNewAssignment,
)
from treserva_desktop.domain.enums import TimePer
from treserva_desktop.domain.identity import make_personal_number
from treserva_desktop.domain.views.authority import SentAssignment
from treserva_desktop.services import authority
from treserva_desktop.ui import runner

# Generous: the machine is shared and the tests must hold under load.
TIMEOUT_MS = 10_000


def other_workstation(database: Database) -> Database:
    """Another client on the same data: its own engine, connections and client id."""
    return Database(database.url.render_as_string(hide_password=False), clock=database.clock)


def unit_id(database: Database, name: str) -> int:
    with database.read() as session:
        found = session.scalar(select(OrgUnit.id).where(OrgUnit.name == name))
    assert found is not None, name
    return found


def send_assignment(database: Database, unit_name: str, serial: int) -> SentAssignment:
    """Handläggaren sends a new person's assignment to `unit_name`, through the runner (one
    transaction, its change set published with it)."""
    today = database.clock.today()
    born = date(1930, 1, 1) + timedelta(days=37 * serial)
    command = SendNewAssignment(
        person=PersonInput(
            identity_number=make_personal_number(born, 100 + serial),
            first_name="Levande",
            last_name=f"Testperson{serial}",
            street="Provgatan 1",
            postal_code="12345",
            city="Åby",
        ),
        decision=DecisionInput(
            decided_on=today - timedelta(days=3),
            period_start=today,
            period_end=today + timedelta(days=200),
        ),
        interventions=(
            InterventionInput(type_code="personal_care", hours=Decimal(10), per=TimePer.WEEK),
        ),
        goals="Kunna bo kvar hemma.",
        receiver_unit_id=unit_id(database, unit_name),
    )
    done = runner.call(
        database, actor_for(database, "handlaggare"), authority.send_new_assignment, command
    )
    assert done.ok, done
    assert done.value is not None
    return done.value


def publish_burst(database: Database, count: int) -> None:
    """`count` committed change sets in as many transactions, as fast as they go (a message
    each: ids only, no rows behind them, so only the pipeline is measured)."""
    for number in range(count):
        with database.transaction() as session:
            change = ChangeSet.of({ChangeKind.MESSAGES}, Touched(messages={10_000_000 + number}))
            live.publish(session, change, database.client_id)


def wait_outside_qt(predicate: Callable[[], bool], timeout_s: float = TIMEOUT_MS / 1000) -> None:
    """Wait for the worker thread without running Qt's event loop (its signals stay queued,
    so they are handed over together): fails when it does not hold in time."""
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)
