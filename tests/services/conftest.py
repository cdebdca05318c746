"""The assignment world most service tests start from, on SQLite, with or without a sent
assignment; a test that needs PostgreSQL too builds its own with build_world(any_db)."""

from __future__ import annotations

import pytest
from tests.helpers.assignment_world import World, build_world

from treserva_desktop.db.database import Database
from treserva_desktop.domain.views.authority import SentAssignment


@pytest.fixture
def world(sqlite_db: Database) -> World:
    return build_world(sqlite_db)


@pytest.fixture
def sent(world: World) -> SentAssignment:
    """A standard assignment for a new person who already has a billing area."""
    return world.send_billable()
